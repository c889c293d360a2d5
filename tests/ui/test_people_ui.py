"""What the set-up form and the note dialog alone show about who is who: a second Zoé pasted
in decomposed form is refused with the reason, and the speaker the note dialog fills in is
that person, never someone whose name folds alike."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.events import Paste
from textual.widgets import Input, Static

from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.session.model import Participant, SessionSetup
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.dialogs.note import NoteDialog, NoteDraft
from codev.ui.screens.setup import SetupScreen

ZOE_NFD = "Zoe\u0301"


async def test_a_second_zoe_pasted_decomposed_is_refused_on_the_form(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.click("#new-member")
        await pilot.press(*"Zoé", "enter", *"Ana", "enter")
        await pilot.pause()
        field = screen.query_one("#new-member", Input)
        field.post_message(Paste(ZOE_NFD))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        error = str(screen.query_one("#setup-error", Static).render())
        assert "« Zoé » est déjà dans la liste" in error
        assert screen.members == ["Zoé", "Ana"]
        assert field.value == ZOE_NFD  # kept, to be told apart (an initial) rather than retyped
        field.value = "\x1b\x07"
        await pilot.press("enter")
        await pilot.pause()
        assert "caractères de contrôle" in str(screen.query_one("#setup-error", Static).render())
        assert screen.members == ["Zoé", "Ana"]
        field.value = "Zoé M."
        await pilot.press("enter")
        await pilot.pause()
        assert screen.members == ["Zoé", "Ana", "Zoé M."]
        assert str(screen.query_one("#setup-error", Static).render()).strip() == ""


async def test_a_name_with_brackets_is_quoted_as_typed_in_the_refusal(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.click("#new-member")
        await pilot.press(*"Ana [/]", "enter", *"Ana [/]", "enter")
        await pilot.pause()
        assert "« Ana [/] » est déjà dans la liste" in str(screen.query_one("#setup-error", Static).render())
        assert screen.members == ["Ana [/]"]


class DialogApp(App[None]):
    """The note dialog alone; keeps what it returned."""

    def __init__(self, dialog: NoteDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[NoteDraft | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def setup_with(protocol: Protocol, *names: str) -> SessionSetup:
    return SessionSetup(
        group="G",
        protocol=protocol,
        date=dt.date(2026, 1, 1),
        participants=tuple(Participant(id=f"p{index}", name=name) for index, name in enumerate(names)),
        client_id="p0",
        facilitator_id="p1",
    )


async def test_the_speaker_filled_in_is_that_person_not_one_whose_name_folds_alike(classic: Protocol) -> None:
    setup = setup_with(classic, "Élise", "Elise", "Ana")
    app = DialogApp(NoteDialog(setup, classic.steps[0], default_author="p1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#note-author", Input).value == "Elise"
        await pilot.press(*"merci", "enter")
        await pilot.pause()
    assert [draft.author_id if draft else None for draft in app.results] == ["p1"]


async def test_an_ambiguous_author_is_refused_listing_who_it_could_be(classic: Protocol) -> None:
    setup = setup_with(classic, "Élise", "Elise", "Ana")
    app = DialogApp(NoteDialog(setup, classic.steps[0]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"elise", "enter", *"merci", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#note-error").render())
        assert "1·Élise" in error and "2·Elise" in error
        assert app.results == []
        author = app.screen.query_one("#note-author", Input)
        author.value = "2"
        await pilot.press("enter")  # back in the text: the note is still there
        await pilot.press("enter")
        await pilot.pause()
    assert [draft.author_id if draft else None for draft in app.results] == ["p1"]


async def test_a_wall_note_names_the_group_not_a_carnet(classic: Protocol) -> None:
    # The wall is the group's: no "Carnet de Ben" to mislead, and no owner recorded.
    from textual.widgets import Label, Select

    from codev.core.i18n import set_lang
    from codev.core.protocol.model import NoteKind

    set_lang("en")
    wall_step = classic.steps[0].model_copy(update={"notes": [NoteKind.WALL, NoteKind.ACTION]})
    setup = setup_with(classic, "Ana", "Ben", "Chloé")
    app = DialogApp(NoteDialog(setup, wall_step, default_author="p1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        owner = app.screen.query_one("#note-owner", Select)
        group = app.screen.query_one("#note-owner-group", Label)
        assert not owner.display and group.display
        assert "the group's wall" in str(group.render())
        app.screen.query_one("#note-kind", Select).value = NoteKind.ACTION
        await pilot.pause()
        assert owner.display and not group.display  # an action goes to someone's carnet
        app.screen.query_one("#note-kind", Select).value = NoteKind.WALL
        await pilot.pause()
        await pilot.press(*"Un annuaire", "enter")
        await pilot.pause()
    (draft,) = app.results
    assert draft is not None and draft.kind is NoteKind.WALL and draft.owner_id is None
