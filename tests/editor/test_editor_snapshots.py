"""What the editor looks like, at a laptop's 80×24 and a large 160×48 terminal.

The SVGs are stored in ``tests/editor/snapshots/`` and compared by the shared
``assert_snapshot`` fixture; ``CODEV_UPDATE_SNAPSHOTS=1`` rewrites them. Textual's SVG
export was checked to be the same from one run to the next (its class names are a hash of
the content, not a run-dependent id), so no normalisation beyond the fixture's is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from codev.core.i18n import set_lang
from codev.core.protocol.library import builtin_protocols_dir
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.editor.fields import EditorField
from codev.ui.editor.screen import EditorScreen

SnapshotCheck = Callable[[CodevApp, Path], None]
"""The ``assert_snapshot`` fixture of ``tests/conftest.py``."""

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZES = [(80, 24), (160, 48)]


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    # The French texts are the longer ones: the layout is checked against them.
    set_lang("fr")
    yield
    set_lang("en")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_protocol_form(
    size: tuple[int, int], tmp_path: Path, assert_snapshot: SnapshotCheck
) -> None:
    app = create_app(
        AppConfig(workspace=Workspace(tmp_path), edit_protocol=builtin_protocols_dir() / "codev.toml")
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert_snapshot(app, SNAPSHOTS / f"protocol_form_{size[0]}x{size[1]}.svg")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_step_with_a_problem(
    size: tuple[int, int], tmp_path: Path, assert_snapshot: SnapshotCheck
) -> None:
    app = create_app(
        AppConfig(workspace=Workspace(tmp_path), edit_protocol=builtin_protocols_dir() / "codev.toml")
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await pilot.press("down", "down")
        minutes = next(field for field in screen.form.query(EditorField) if field.relative == ("minutes",))
        minutes.query_one(Input).focus()
        await pilot.pause()
        await pilot.press("end", "backspace", "backspace", "0")
        # Back to the list: no text cursor, whose blinking would make the picture flicker.
        await pilot.press("escape")
        await pilot.pause()
        assert_snapshot(app, SNAPSHOTS / f"step_with_problem_{size[0]}x{size[1]}.svg")
