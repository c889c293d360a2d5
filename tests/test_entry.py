"""The program's entry point: the garbage collector off while loading, never left off."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from codev import entry


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    yield
    gc.enable()


def test_a_command_without_interface_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr("codev.cli.main", lambda: seen.append(gc.isenabled()) or 0)
    assert entry.main() == 0
    assert seen == [False]  # off while the command loads and runs
    assert gc.isenabled()


def test_loaded_freezes_and_switches_the_collector_back_on_only_after_main() -> None:
    before = gc.get_freeze_count()
    entry.loaded()  # the collector is on, as in tests: nothing happens
    assert gc.isenabled() and gc.get_freeze_count() == before
    gc.disable()
    try:
        entry.loaded()
        assert gc.isenabled() and gc.get_freeze_count() >= before
    finally:
        gc.unfreeze()


def test_python_dash_m_codev_runs_through_the_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "codev", "protocol", "list", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "codev-express" in result.stdout


def test_building_an_app_switches_the_collector_back_on() -> None:
    # The session, codev view and the carnet review run for hours: each builds a codev app
    # (all share the base that does it), and building one is enough.
    script = (
        "import gc\n"
        "gc.disable()\n"
        "from codev.core.workspace import Workspace\n"
        "from codev.ui.base import AppConfig\n"
        "from codev.ui.app import create_app\n"
        "create_app(AppConfig(workspace=Workspace.resolve(None)))\n"
        "print(gc.isenabled())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
