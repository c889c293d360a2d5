"""The protocol form's roles, a step's several speakers and the step flags of format 2,
driven with keys as a trainer drives them at 80×24."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_editor_screen import HAND_WRITTEN, editor, error_of, field, retype
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select

from codev.core.i18n import set_lang, t
from codev.core.protocol.library import builtin_protocols_dir
from codev.core.protocol.loader import load_protocol
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.editor.forms import RoleBlock
from codev.ui.editor.screen import EditorScreen
from codev.ui.editor.step_list import StepList

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def copy_of(workspace: Workspace, name: str, text: str | None = None) -> Path:
    workspace.protocols_dir.mkdir(parents=True, exist_ok=True)
    path = workspace.protocols_dir / f"{name}.toml"
    if text is None:
        text = (builtin_protocols_dir() / f"{name}.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    return path


def blocks(screen: EditorScreen) -> list[RoleBlock]:
    return list(screen.query(RoleBlock))


def heading_of(block: RoleBlock) -> str:
    return str(block.query_one(".role-heading").render())


async def add_role(pilot: Pilot[None], screen: EditorScreen) -> None:
    """Tab to the add button and press Enter, as a person would."""
    button = screen.query_one("#add-role", Button)
    button.focus()
    await pilot.pause()
    await pilot.press("enter")
    for _ in range(5):
        await pilot.pause()


async def test_the_roles_show_one_block_each_and_fit_the_screen(workspace: Workspace) -> None:
    path = copy_of(workspace, "troc-de-competences")
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.pause()
        shown = blocks(screen)
        assert [heading_of(block) for block in shown] == [
            "Role 1 · trainer",
            "Role 2 · consultant",
            "Role 3 · facilitator",
            "Role 4 · timekeeper",
        ]
        trainer = shown[0]
        assert trainer.query_one(Input).value == "trainer"
        assert field(screen, "roles", 0, "meaning").query_one(Select).value == "client"
        assert field(screen, "roles", 0, "title", "en").query_one(Input).value == "Trainer"
        # A role written as a name shows what it stands for.
        assert field(screen, "roles", 1, "meaning").query_one(Select).value == "consultant"
        trainer.scroll_visible(animate=False, top=True)
        await pilot.pause()
        for widget in trainer.query("Input, Select, Button"):
            assert widget.region.right <= SIZE[0], widget


async def test_adding_a_role_by_keys_writes_format_2_and_saves_a_valid_protocol(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of(workspace, "codev-atelier", HAND_WRITTEN)
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.pause()
        assert len(blocks(screen)) == 4  # client, consultant, facilitator, timekeeper
        await add_role(pilot, screen)
        assert len(blocks(screen)) == 5
        # The new role's id is focused, ready to be typed over.
        assert screen.focused is field(screen, "roles", 4, "id").query_one(Input)
        assert field(screen, "format").query_one(Input).value == "2"
        await retype(pilot, screen, "host", "roles", 4, "id")
        assert heading_of(blocks(screen)[4]) == "Role 5 · host"
        # The new role means the scribe (the first meaning free); made the facilitator's, refused:
        field(screen, "roles", 4, "meaning").query_one(Select).value = "facilitator"
        await pilot.pause()
        message = t("protocol.error.meaning_twice", meaning="facilitator", other="facilitator")
        assert error_of(field(screen, "roles", 4, "meaning")) == "✗ " + message
        field(screen, "roles", 4, "meaning").query_one(Select).value = "observer"
        await pilot.pause()
        assert screen.validation.ok
        assert screen.action_save()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == 2
    assert data["roles"][:4] == ["client", "consultant", "facilitator", "timekeeper"]
    assert data["roles"][4]["id"] == "host" and data["roles"][4]["meaning"] == "observer"
    assert "# Last revised with the team in March. Keep this line." in path.read_text(encoding="utf-8")
    load_protocol(path)


async def test_removing_a_role_is_confirmed_and_its_speakers_complain(workspace: Workspace) -> None:
    path = copy_of(workspace, "troc-de-competences")
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.pause()
        button = blocks(screen)[0].query_one(".role-remove", Button)
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        app.screen.dismiss(True)
        for _ in range(5):
            await pilot.pause()
        assert [heading_of(block) for block in blocks(screen)] == [
            "Role 1 · consultant",
            "Role 2 · facilitator",
            "Role 3 · timekeeper",
        ]
        assert not screen.validation.ok
        assert any(problem.field == "steps.4.speakers" for problem in screen.validation.problems)


async def test_several_speakers_are_typed_with_commas_and_checked_as_typed(workspace: Workspace) -> None:
    path = copy_of(workspace, "troc-de-competences")
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        screen.query_one("#step-list", StepList).highlighted = 4  # step 4, the training
        await pilot.pause()
        speakers = field(screen, "speakers")
        assert speakers.query_one(Input).value == "trainer"
        assert "trainer" in str(screen.query_one("#speakers-hint").render())
        await retype(pilot, screen, "trainer, learners", "speakers")
        expected = t(
            "protocol.error.unknown_speaker",
            id="learners",
            expected="client, consultants, everyone, facilitator, nobody",
        )
        assert error_of(field(screen, "speakers")) == "✗ " + expected
        await retype(pilot, screen, "trainer, facilitator", "speakers")
        assert screen.draft.value(("steps", 3, "speakers")) == ["trainer", "facilitator"]
        assert error_of(field(screen, "speakers")) == ""
        field(screen, "each_commits").query_one(Checkbox).value = True
        await pilot.pause()
        assert screen.action_save()
    step = tomllib.loads(path.read_text(encoding="utf-8"))["steps"][3]
    assert step["speakers"] == ["trainer", "facilitator"]
    assert step["each_commits"] is True
    load_protocol(path)
