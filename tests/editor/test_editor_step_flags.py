"""The step form's `protected` and `repeat` boxes and the protocol form's `rounds`, driven with keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_editor_screen import HAND_WRITTEN, editor, error_of, field, retype
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from codev.core.i18n import set_lang, t
from codev.core.protocol.library import builtin_protocols_dir
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.editor.screen import EditorScreen


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


@pytest.fixture
def hand_written(workspace: Workspace) -> Path:
    workspace.protocols_dir.mkdir(parents=True)
    path = workspace.protocols_dir / "codev-atelier.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


async def tick(pilot: Pilot[None], screen: EditorScreen, name: str, value: bool) -> None:
    field(screen, name).query_one(Checkbox).value = value
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_protected_is_a_box_and_the_floor_says_it_makes_no_sense(
    hand_written: Path, workspace: Workspace, size: tuple[int, int]
) -> None:
    app = create_app(AppConfig(workspace=workspace, edit_protocol=hand_written))
    async with app.run_test(size=size) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down")  # step 2, the presentation, with a floor of 5 min
        protected = field(screen, "protected")
        assert protected.display and protected.region.width > 0
        assert protected.region.right <= size[0]  # fits the screen
        floor = field(screen, "min_minutes").query_one(Input)
        assert not floor.disabled
        await tick(pilot, screen, "protected", True)
        assert screen.draft.value(("steps", 1, "protected")) is True
        # Both a floor and protected: the loader's message shows at once, under the floor.
        assert error_of(field(screen, "min_minutes")) == "✗ " + t("protocol.error.protected_with_floor")
        assert not screen.validation.ok
        await retype(pilot, screen, "", "min_minutes")
        assert screen.validation.ok
        assert "min_minutes" not in screen.draft.value(("steps", 1))
        # Emptied, it says why it stays so (still focused: disabling it would throw the focus away).
        assert floor.placeholder == t("editor.placeholder.protected")
        await pilot.press("escape", "down", "up")  # back on the step: now disabled
        await pilot.pause()
        floor = field(screen, "min_minutes").query_one(Input)
        assert floor.disabled and floor.placeholder == t("editor.placeholder.protected")
        await tick(pilot, screen, "protected", False)
        assert "protected" not in screen.draft.value(("steps", 1))
        assert not floor.disabled and floor.placeholder == t("editor.placeholder.optional")
        assert screen.action_save()
        assert "protected" not in hand_written.read_text(encoding="utf-8")


async def test_a_protected_step_opens_with_its_floor_disabled(
    hand_written: Path, workspace: Workspace
) -> None:
    hand_written.write_text(HAND_WRITTEN.replace("min_minutes = 5 ", "protected = true", 1), encoding="utf-8")
    app = create_app(AppConfig(workspace=workspace, edit_protocol=hand_written))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down")
        await pilot.pause()
        assert field(screen, "protected").query_one(Checkbox).value is True
        assert field(screen, "min_minutes").query_one(Input).disabled
        await pilot.press("down")  # a step that is not protected
        await pilot.pause()
        assert field(screen, "protected").query_one(Checkbox).value is False
        assert not field(screen, "min_minutes").query_one(Input).disabled


async def test_repeat_shows_only_in_a_protocol_with_rounds(hand_written: Path, workspace: Workspace) -> None:
    app = create_app(AppConfig(workspace=workspace, edit_protocol=hand_written))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down")
        await pilot.pause()
        assert not field(screen, "repeat").display


async def test_troika_s_rounds_and_repeated_steps_are_edited(workspace: Workspace) -> None:
    app = create_app(AppConfig(workspace=workspace, edit_protocol=builtin_protocols_dir() / "troika.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await editor(pilot)
        await pilot.pause()
        assert field(screen, "rounds").query_one(Input).value == "3"
        await retype(pilot, screen, "4", "rounds")
        assert screen.draft.value(("rounds",)) == 4
        await retype(pilot, screen, "1", "rounds")
        assert error_of(field(screen, "rounds")) != ""  # validated as it is typed
        await retype(pilot, screen, "3", "rounds")
        await pilot.press("escape", "down", "down")  # step 2, the client's question, repeated
        await pilot.pause()
        repeat = field(screen, "repeat")
        assert repeat.display and repeat.query_one(Checkbox).value is True
        await tick(pilot, screen, "repeat", False)
        assert "repeat" not in screen.draft.value(("steps", 1))
        assert screen.validation.ok  # the other three still repeat
        await tick(pilot, screen, "repeat", True)
        assert screen.draft.value(("steps", 1, "repeat")) is True
        await pilot.press("up")  # step 1, preparation, does not repeat
        await pilot.pause()
        assert field(screen, "repeat").display
        assert field(screen, "repeat").query_one(Checkbox).value is False
