"""The editor screen driven as a trainer drives it: keys in, file and screen checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from codev.core.i18n import set_lang, t
from codev.core.protocol.library import builtin_protocols_dir
from codev.core.protocol.loader import load_protocol
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.editor.fields import EditorField
from codev.ui.editor.rehearsal import RehearsalOptions, rehearsal_command
from codev.ui.editor.screen import EditorScreen
from codev.ui.editor.step_list import StepList
from codev.ui.editor.unsaved import UnsavedDialog

SIZE = (120, 40)
DOCS = Path(__file__).parents[2] / "docs" / "protocols.md"

# A protocol as a trainer writes it by hand: comments everywhere, inline and on their own lines.
HAND_WRITTEN = (
    re.search(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S).group(1)  # type: ignore[union-attr]
    + "\n# Last revised with the team in March. Keep this line.\n"
)


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


def editor_app(path: Path, workspace: Workspace) -> CodevApp:
    return create_app(AppConfig(workspace=workspace, edit_protocol=path))


async def editor(pilot: Pilot[None]) -> EditorScreen:
    """The editor screen, once the application has opened it."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def field(screen: EditorScreen, *relative: str | int) -> EditorField:
    """The field of the form on show for ``relative`` (``"minutes"``, ``"title", "en"``…)."""
    for candidate in screen.form.query(EditorField):
        if candidate.relative == relative:
            return candidate
    raise LookupError(relative)


async def retype(pilot: Pilot[None], screen: EditorScreen, text: str, *relative: str | int) -> None:
    """Focus a one-line field, erase it and type ``text``, as a person would."""
    box = field(screen, *relative).query_one(Input)
    box.focus()
    await pilot.pause()
    await pilot.press("end", *["backspace"] * len(box.value), *text)
    await pilot.pause()


def row_texts(screen: EditorScreen) -> list[str]:
    steps = screen.query_one(StepList)
    return [str(steps.get_option_at_index(index).prompt) for index in range(steps.option_count)]


def error_of(widget: EditorField) -> str:
    message = widget.query_one(".field-error", Static)
    return str(message.render()) if message.display else ""


def notes_of(app: CodevApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notifications the application shows from now on."""
    shown: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        shown.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    return shown


# --- Editing --------------------------------------------------------------------------------


async def test_editing_minutes_updates_the_list_and_the_total(
    hand_written: Path, workspace: Workspace
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        assert "Total 60 min · 6 steps" in str(screen.query_one("#editor-total", Static).render())
        await pilot.press("down", "down")  # step 2, the presentation
        await retype(pilot, screen, "14", "minutes")
        assert screen.draft.value(("steps", 1, "minutes")) == 14
        rows = row_texts(screen)
        assert re.search(r"2 Presentation\s+14\s+19$", rows[2])
        assert re.search(r"6 Learnings\s+7\s+66$", rows[6])
        assert "Total 66 min" in str(screen.query_one("#editor-total", Static).render())
        assert screen.query_one("#editor-modified", Static).display
        assert hand_written.read_text(encoding="utf-8") == HAND_WRITTEN  # nothing written yet


async def test_every_kind_of_field_edits_its_value(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await retype(pilot, screen, "Atelier", "title", "en")
        assert "Atelier" in str(screen.query_one("#editor-title", Static).render())
        await pilot.press("escape", "down", "down", "down")  # step 3
        area = field(screen, "forbidden", "fr").query_one(TextArea)
        area.focus()
        area.cursor_location = area.document.end
        await pilot.press("enter", *"Juger")
        field(screen, "optional").query_one(Checkbox).value = True
        field(screen, "turns", "who").query_one(Select).value = "everyone"
        await pilot.pause()
        await retype(pilot, screen, "45", "turns", "seconds")
        await retype(pilot, screen, "question, note", "notes")
        await retype(pilot, screen, "everyone", "speakers")
        step = screen.draft.value(("steps", 2))
        assert step["forbidden"]["fr"] == [
            "Donner des conseils",
            "Les conseils déguisés en questions",
            "Juger",
        ]
        assert step["speakers"] == "everyone" and step["optional"] is True
        assert step["turns"] == {"who": "everyone", "seconds": 45}
        assert step["notes"] == ["question", "note"]
        assert screen.validation.ok
        field(screen, "turns", "who").query_one(Select).value = "-"
        field(screen, "optional").query_one(Checkbox).value = False
        await pilot.pause()
        assert "turns" not in screen.draft.value(("steps", 2))
        assert "optional" not in screen.draft.value(("steps", 2))


async def test_reordering_steps_with_the_keys(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down", "shift+down", "shift+down")
        ids = [summary.id for summary in screen.draft.step_summaries("en")]
        assert ids == ["suivi", "clarification", "consultation", "expose", "synthese", "feedback"]
        assert screen.selected == 3 and screen.query_one(StepList).highlighted == 4
        assert field(screen, "id").query_one(Input).value == "expose"
        assert "4 Presentation" in row_texts(screen)[4]
        await pilot.press("shift+up", "shift+up")
        assert not screen.draft.dirty  # back where it was: nothing to save


async def test_adding_duplicating_and_removing_steps(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "a")
        assert screen.selected == 1 and screen.draft.step_count == 7
        assert field(screen, "id").query_one(Input).value == "step-7"
        await pilot.press("d")
        assert screen.selected == 2 and field(screen, "id").query_one(Input).value == "step-7-2"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.draft.step_count == 7
        assert "Total 65 min · 7 steps" in str(screen.query_one("#editor-total", Static).render())


async def test_a_validation_message_shows_next_to_its_field(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down")
        await retype(pilot, screen, "0", "minutes")
        assert error_of(field(screen, "minutes")) == "✗ " + t("protocol.error.greater_than", gt="0")
        assert error_of(field(screen, "min_minutes")) == ""
        assert row_texts(screen)[2].startswith("✗ 2 Presentation")
        status = screen.query_one("#editor-status", Static)
        assert str(status.render()) == t("editor.invalid", count=1) and status.has_class("-invalid")
        await retype(pilot, screen, "4", "minutes")  # now below its floor of 5
        assert error_of(field(screen, "min_minutes")) == "✗ min_minutes (5) is more than minutes (4)"
        await retype(pilot, screen, "8", "minutes")
        assert error_of(field(screen, "minutes")) == "" and error_of(field(screen, "min_minutes")) == ""
        assert str(status.render()) == t("editor.valid")


async def test_a_problem_about_a_whole_text_shows_under_both_languages(
    hand_written: Path, workspace: Workspace
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await retype(pilot, screen, "", "title", "fr")
        await retype(pilot, screen, "", "title", "en")
        group = screen.query_one("#protocol-form").query(".group-error").first(Static)
        assert str(group.render()) == "✗ " + t("protocol.error.empty_text") and group.display
        assert row_texts(screen)[0].startswith("✗")


# --- Saving ----------------------------------------------------------------------------------------


async def test_round_trip_keeps_every_comment_and_the_key_order(
    hand_written: Path, workspace: Workspace
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down", "down")  # step 3: clarification, 12 minutes
        await retype(pilot, screen, "15", "minutes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.draft.dirty
    assert hand_written.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        'id = "clarification"\nminutes = 12\n', 'id = "clarification"\nminutes = 15\n'
    )


async def test_an_invalid_protocol_is_not_saved_and_says_why(
    hand_written: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        shown = notes_of(app, monkeypatch)
        await pilot.press("down", "down", "down", "down")
        await retype(pilot, screen, "sixty", "minutes")
        await pilot.press("escape", "up", "up")  # elsewhere in the list
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown == [
            t("editor.not_saved", count=1, problem="steps.4.minutes: " + t("protocol.error.float_type"))
        ]
        assert screen.selected == 3  # taken to the step at fault
        assert hand_written.read_text(encoding="utf-8") == HAND_WRITTEN
        assert screen.draft.dirty


async def test_saving_a_builtin_creates_the_workspace_copy(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    builtin = builtin_protocols_dir() / "troika.toml"
    original = builtin.read_bytes()
    app = editor_app(builtin, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        shown = notes_of(app, monkeypatch)
        target = str(screen.query_one("#editor-target", Static).render())
        assert target == t("editor.target.builtin", path="protocols/troika.toml")
        await retype(pilot, screen, "Équipe A", "author")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown == [t("editor.saved_copy", path="protocols/troika.toml")]
        assert str(screen.query_one("#editor-target", Static).render()) == t(
            "editor.target.file", path="protocols/troika.toml"
        )
    assert builtin.read_bytes() == original
    assert load_protocol(workspace.protocols_dir / "troika.toml").author == "Équipe A"


# --- Leaving -----------------------------------------------------------------------------------------


async def test_leaving_without_changes_just_leaves(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await editor(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


async def test_unsaved_changes_ask_and_cancel_keeps_editing(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await retype(pilot, screen, "Someone", "author")
        await pilot.press("escape")  # from the form back to the list
        assert app.screen is screen
        await pilot.press("escape")  # from the list: leave
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        assert app.screen.query_one("#save", Button).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.is_running and screen.draft.dirty


async def test_unsaved_changes_discarded(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.press("a", "q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running
        assert screen.draft.dirty
    assert hand_written.read_text(encoding="utf-8") == HAND_WRITTEN


async def test_unsaved_changes_saved_on_the_way_out(hand_written: Path, workspace: Workspace) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await editor(pilot)
        await pilot.press("down", "d", "q")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert not app.is_running
    assert [step.id for step in load_protocol(hand_written).steps][:2] == ["suivi", "suivi-2"]


async def test_an_invalid_protocol_cannot_be_saved_on_the_way_out(
    hand_written: Path, workspace: Workspace
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await retype(pilot, screen, "Not An Id", "id")
        await pilot.press("escape", "escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UnsavedDialog)
        assert dialog.query_one("#save", Button).disabled
        assert dialog.query_one("#cancel", Button).has_focus
        await pilot.press("s")  # refused: nothing happens
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("a")  # abandonner works in English too
        await pilot.pause()
        assert not app.is_running
    assert hand_written.read_text(encoding="utf-8") == HAND_WRITTEN


# --- Rehearsal ---------------------------------------------------------------------------------------


async def test_rehearsal_needs_a_valid_protocol_and_a_terminal(
    hand_written: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        shown = notes_of(app, monkeypatch)
        await pilot.press("p")  # a test has no terminal to hand over
        await pilot.pause()
        await pilot.press("down")
        await retype(pilot, screen, "0", "minutes")
        await pilot.press("escape", "p")
        await pilot.pause()
        assert shown == [t("editor.rehearsal_unavailable"), t("editor.cannot_preview")]


def test_the_rehearsal_command_passes_the_screen_options(tmp_path: Path) -> None:
    command = rehearsal_command(tmp_path / "p.toml", RehearsalOptions(speed=2.5, bell=False, dark=True), "fr")
    assert command[1:] == [
        "-m",
        "codev",
        "--lang",
        "fr",
        "protocol",
        "rehearse",
        str(tmp_path / "p.toml"),
        "--speed",
        "2.5",
        "--no-bell",
        "--dark",
    ]


async def test_the_palette_offers_what_applies_to_the_selection(
    hand_written: Path, workspace: Workspace
) -> None:
    app = editor_app(hand_written, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        on_protocol = [command.title for command in screen.palette_commands()]
        assert on_protocol == [t("editor.cmd.save"), t("editor.cmd.add"), t("editor.cmd.preview")]
        await pilot.press("down")  # the first step: it cannot move up
        commands = {command.title: command for command in screen.palette_commands()}
        assert t("editor.cmd.move_up") not in commands
        app.call_next(commands[t("editor.cmd.move_down")].callback)  # as the palette runs it
        await pilot.pause()
        assert [summary.id for summary in screen.draft.step_summaries("en")][:2] == ["expose", "suivi"]


async def test_unknown_keys_can_be_removed_from_the_palette(workspace: Workspace) -> None:
    workspace.protocols_dir.mkdir(parents=True)
    path = workspace.protocols_dir / "typo.toml"
    path.write_text(
        HAND_WRITTEN.replace("minutes = 12\n", "minutes = 12\nduraton = 3\n", 1), encoding="utf-8"
    )
    app = editor_app(path, workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor(pilot)
        await pilot.press("down", "down", "down")
        problems = str(screen.query_one("#form-problems", Static).render())
        assert "steps.3.duraton: " + t("protocol.error.extra_forbidden") in problems
        assert t("editor.unknown_hint") in problems
        commands = {command.title: command for command in screen.palette_commands()}
        app.call_next(commands[t("editor.cmd.remove_unknown")].callback)
        await pilot.pause()
        assert screen.validation.ok and not screen.query_one("#form-problems").display
        assert t("editor.cmd.remove_unknown") not in [command.title for command in screen.palette_commands()]
