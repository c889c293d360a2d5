"""The core (protocols, engine, clock, logbooks, i18n) never imports Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import codev.core

CORE = Path(codev.core.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _python(script: str) -> str:
    """What ``script`` prints, run in a fresh interpreter (nothing imported yet)."""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_no_core_module_imports_textual() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(
            name for name in _imported_modules(path) if name.split(".")[0] == "textual"
        )
        for path in CORE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_core_module_imports_the_ui() -> None:
    offenders = [
        str(path.relative_to(CORE))
        for path in CORE.rglob("*.py")
        if any(
            name.startswith("codev.ui") or name.startswith("codev.cli") for name in _imported_modules(path)
        )
    ]
    assert offenders == []


def test_importing_the_whole_core_loads_no_textual() -> None:
    # Catches indirect imports too (a core module importing a library that imports Textual).
    modules = sorted(
        "codev.core." + ".".join(path.relative_to(CORE).with_suffix("").parts).removesuffix(".__init__")
        for path in CORE.rglob("*.py")
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    assert _python(script) == "[]"


def test_protocol_commands_do_not_load_textual() -> None:
    # `codev protocol check` is used in scripts and editors: it must start fast.
    script = (
        "import sys\nfrom codev.cli import main\n"
        "main(['protocol', 'list'])\n"
        "print('TEXTUAL' if any(m.split('.')[0] == 'textual' for m in sys.modules) else 'NONE')\n"
        "print('ENGINE' if 'codev.core.session.engine' in sys.modules else 'NONE')\n"
    )
    assert _python(script).splitlines()[-2:] == ["NONE", "NONE"]


def test_the_live_screen_starts_without_the_carnet_models() -> None:
    # The logbook models take a fair share of the start-up (pydantic builds them at import):
    # the first frame of a session must not wait for carnets that are written after it.
    script = (
        "import sys\n"
        "import codev.cli, codev.ui.app, codev.ui.screens.live, codev.ui.screens.start\n"
        "print(sorted(m for m in sys.modules if m.startswith('codev.core.logbook.')))\n"
    )
    assert _python(script) == "['codev.core.logbook.formats', 'codev.core.logbook.names']"


def test_the_demo_paints_its_first_screen_without_carnet_models_tomlkit_pygments_or_babel() -> None:
    # Run for real (headless), to the live screen: what the first frame waits for.
    script = (
        "import asyncio, sys, tempfile\n"
        "from pathlib import Path\n"
        "from codev.core.protocol.library import find_protocol\n"
        "from codev.core.workspace import Workspace\n"
        "from codev.ui.app import AppConfig, create_app\n"
        "from codev.ui.demo import demo_setup\n"
        "from codev.ui.screens.live import LiveScreen\n"
        "async def first_frame() -> None:\n"
        "    entry = find_protocol('codev')\n"
        "    with tempfile.TemporaryDirectory() as folder:\n"
        "        config = AppConfig(workspace=Workspace(Path(folder)), setup=demo_setup(entry.protocol),\n"
        "                           write_carnets=False)\n"
        "        app = create_app(config)\n"
        "        async with app.run_test(size=(120, 40)) as pilot:\n"
        "            await pilot.pause()\n"
        "            assert isinstance(app.screen, LiveScreen), app.screen\n"
        "asyncio.run(first_frame())\n"
        # Babel (dates, and reading a .po not compiled yet) loads locale data: tens of ms.
        "late = ('codev.core.logbook.models', 'tomlkit', 'pygments', 'babel', 'codev.core.catalog_build')\n"
        "print(sorted(m for m in sys.modules if m.startswith(late)))\n"
    )
    assert _python(script) == "[]"


def test_every_name_the_logbook_package_exports_resolves() -> None:
    # The package loads its names on first use: each of them must still be there.
    script = (
        "import codev.core.logbook as logbook\n"
        "missing = [name for name in logbook.__all__ if getattr(logbook, name, None) is None]\n"
        "print(missing)\n"
    )
    assert _python(script) == "[]"
