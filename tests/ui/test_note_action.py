"""The note dialog at the synthesis step: an action's objective, resources, deadline and
indicator typed in one form, refused dates kept with a message, all of it fitting small terminals."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select

from codev.core.logbook import LogbookStore
from codev.core.protocol.model import NoteKind
from codev.core.session import NextStep, SessionEngine
from codev.core.session.model import ActionDetails
from codev.core.workspace import Workspace
from codev.ui.app import CodevApp
from codev.ui.demo import demo_group
from codev.ui.dialogs.note import NoteDialog
from codev.ui.screens.live import LiveScreen

FIELDS = (
    "#note-kind",
    "#note-author",
    "#note-text",
    "#note-resources",
    "#note-deadline",
    "#note-indicator",
    "#note-owner",
)


def engine_of(app: CodevApp) -> SessionEngine:
    assert app.engine is not None
    return app.engine


async def note_dialog_at_the_synthesis(pilot: Pilot[None]) -> NoteDialog:
    """The session started and taken to its synthesis step (where notes are actions), the
    note dialog open."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    await pilot.press("space")
    while screen.controller.view().current.step.id != "synthese":
        assert screen.send(NextStep())
    await pilot.pause()
    await pilot.press("a")
    dialog = pilot.app.screen
    assert isinstance(dialog, NoteDialog)
    return dialog


def value(dialog: NoteDialog, selector: str) -> str:
    return dialog.query_one(selector, Input).value


@pytest.mark.parametrize("size", [(80, 24), (78, 21)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_an_action_is_typed_with_its_details_and_reaches_the_carnet(
    app: CodevApp, workspace: Workspace, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        dialog = await note_dialog_at_the_synthesis(pilot)
        assert dialog.query_one(Select).value is NoteKind.ACTION
        # Every field is on screen, inside the dialog, none cut off.
        frame = dialog.query_one("#dialog").content_region
        for selector in (*FIELDS, "#note-error"):
            region = dialog.query_one(selector).region
            assert region.height > 0 and frame.contains_region(region), (selector, region, frame)
        await pilot.press("2", "enter", *"Écrire les messages clés", "tab", *"30 min avec Marie", "tab")
        await pilot.press(*"31/02/2026", "tab", *"tient sur une page", "enter")
        # No such day: refused in the dialog, with what was typed, everything kept.
        assert pilot.app.screen is dialog
        error = str(dialog.query_one("#note-error", Label).render())
        assert "31/02/2026" in error
        await pilot.pause()
        frame = dialog.query_one("#dialog").content_region  # grown by the message, as it can
        for selector in (*FIELDS, "#note-error"):
            assert frame.contains_region(dialog.query_one(selector).region), selector  # read whole
        assert dialog.focused is dialog.query_one("#note-deadline", Input)
        assert [
            value(dialog, f"#note-{name}") for name in ("text", "resources", "deadline", "indicator")
        ] == [
            "Écrire les messages clés",
            "30 min avec Marie",
            "31/02/2026",
            "tient sur une page",
        ]
        assert engine_of(app).view().notes == ()
        dialog.query_one("#note-deadline", Input).value = ""
        await pilot.press(*"28/02/2026", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        (note,) = engine_of(app).view().notes
        assert (note.kind, note.author_id, note.text) == (
            NoteKind.ACTION,
            "karim",
            "Écrire les messages clés",
        )
        assert note.action == ActionDetails(
            resources="30 min avec Marie", deadline="2026-02-28", indicator="tient sur une page"
        )
        live = app.screen
        assert isinstance(live, LiveScreen) and live.controller.flush(10)
    carnet = LogbookStore.for_workspace(workspace).load(demo_group(), "Karim Benali")
    (action,) = carnet.sessions[0].actions
    assert (action.objective, action.resources, action.deadline, action.indicator) == (
        "Écrire les messages clés",
        "30 min avec Marie",
        dt.date(2026, 2, 28),
        "tient sur une page",
    )


async def test_another_kind_hides_the_details_and_keeps_them(app: CodevApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await note_dialog_at_the_synthesis(pilot)
        details = dialog.query_one("#note-action")
        assert details.display
        dialog.query_one("#note-resources", Input).value = "un budget"
        dialog.query_one(Select).value = NoteKind.NOTE
        await pilot.pause()
        assert not details.display
        await pilot.press("2", "enter", *"Une simple note", "enter")  # Enter saves from the text
        await pilot.pause()
        (note,) = engine_of(app).view().notes
        assert note.kind is NoteKind.NOTE and note.action is None
        # Rewritten as an action: the details come with it; back to a note, they stay aside.
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        dialog.query_one("#note-resources", Input).value = "un budget"
        dialog.query_one(Select).value = NoteKind.NOTE
        await pilot.pause()
        dialog.query_one(Select).value = NoteKind.ACTION
        await pilot.pause()
        assert dialog.query_one("#note-action").display
        assert value(dialog, "#note-resources") == "un budget"


async def test_editing_an_action_shows_its_details_and_changes_them(app: CodevApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await note_dialog_at_the_synthesis(pilot)
        await pilot.press("2", "enter", *"Appeler Paul", "tab", "tab", *"2026-03-01", "enter")
        await pilot.pause()
        (note,) = engine_of(app).view().notes
        assert note.action == ActionDetails(deadline="2026-03-01")
        await pilot.press("e")
        await pilot.press("enter")  # the only note
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert value(dialog, "#note-deadline") == "2026-03-01"
        dialog.query_one("#note-indicator", Input).value = "un rendez-vous pris"
        dialog.query_one("#note-text", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        (note,) = engine_of(app).view().notes
        assert note.action == ActionDetails(deadline="2026-03-01", indicator="un rendez-vous pris")
