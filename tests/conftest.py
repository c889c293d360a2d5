"""Fixtures shared by every test folder."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from rich.cells import cell_len
from textual.app import App
from textual.widget import Widget

UPDATE_SNAPSHOTS = os.environ.get("CODEV_UPDATE_SNAPSHOTS") == "1"

# Time is never asserted in unit tests, and Hypothesis's 200 ms deadline and "generation is
# slow" check are timings: on a loaded two-core machine they fail tests that are right.
settings.register_profile("codev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("codev")


@pytest.fixture(autouse=True)
def truecolor_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps see the same terminal in every environment (a truecolor xterm): what they draw
    must not depend on the TERM of whoever runs the tests. 16-colour tests set their own."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def private_runtime_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's running sessions are registered in a folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("runtime")
    monkeypatch.setenv("CODEV_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash reports of a test go to a folder of its own, never the user's ``~/.local/state``."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("CODEV_STATE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the user's real settings: ``$CODEV_CONFIG`` names a file that does not exist.

    A test that wants settings writes this path (or sets ``CODEV_CONFIG`` again).
    """
    path = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("CODEV_CONFIG", str(path))
    return path


SnapshotCheck = Callable[[App[object], Path], None]


def _normalise(svg: str) -> str:
    # Textual names the SVG's CSS classes after a hash of the content; keep them, but drop
    # trailing spaces so an editor's whitespace clean-up never breaks a comparison.
    return re.sub(r"[ \t]+$", "", svg, flags=re.MULTILINE)


@pytest.fixture
def assert_snapshot() -> SnapshotCheck:
    """Compare an app's screen with a stored SVG (``CODEV_UPDATE_SNAPSHOTS=1`` rewrites it).

    The SVGs are committed: a change of look shows in review as a changed picture.
    """

    def check(app: App[object], path: Path) -> None:
        actual = _normalise(app.export_screenshot())
        if UPDATE_SNAPSHOTS or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not UPDATE_SNAPSHOTS:
                pytest.fail(f"no snapshot yet: wrote {path}; check it and commit it")
            return
        expected = _normalise(path.read_text(encoding="utf-8"))
        assert actual == expected, f"screen differs from {path} (CODEV_UPDATE_SNAPSHOTS=1 to accept)"

    return check


ScreenText = Callable[..., str]

_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>([^<]*)</text>'
)
_CELL_WIDTH = 12.2
"""The width of one terminal cell in Rich's SVG export (20 px font, 0.61 aspect)."""


def _cells(line: str, start: int, end: int) -> str:
    """The part of ``line`` between cells ``start`` and ``end``."""
    kept, column = [], 0
    for char in line:
        if start <= column < end:
            kept.append(char)
        column += cell_len(char)
    return "".join(kept)


@pytest.fixture
def screen_text() -> ScreenText:
    """What a person reads on the screen now, one line per terminal row, as plain text.

    Read back from the SVG screenshot, so it is what is really drawn (modal dialogs, toasts
    and all), not what a widget was given: a text eaten as markup is absent from it. Given
    a widget, only its part of the screen (what a dialog shows, not the screen behind it).
    """

    def read(app: App[object], widget: Widget | None = None) -> str:
        rows: dict[int, list[tuple[int, str]]] = {}
        for x, row, text in _SVG_TEXT.findall(app.export_screenshot()):
            rows.setdefault(int(row), []).append((round(float(x) / _CELL_WIDTH), html.unescape(text)))
        lines = []
        for row in range(app.size.height):
            line = ""
            for column, text in sorted(rows.get(row, [])):
                line += " " * max(0, column - cell_len(line)) + text.replace("\xa0", " ")
            lines.append(line)
        if widget is None:
            return "\n".join(lines)
        region = widget.region
        return "\n".join(_cells(line, region.x, region.right) for line in lines[region.y : region.bottom])

    return read
