"""A note closed with Escape (a clicker sends it) is not lost: the next `a` opens with it,
saying so, on the same step or another one; saving it clears it."""

from __future__ import annotations

from textual.widgets import Input, Label, Select

from codev.core.protocol.model import NoteKind
from codev.core.session import NextStep
from codev.ui.app import CodevApp
from codev.ui.dialogs.note import NoteDialog, TypedNote
from codev.ui.screens.live import LiveScreen


def _line(dialog: NoteDialog) -> str:
    return str(dialog.query_one("#note-error", Label).render())


async def test_escape_sets_the_note_aside_and_a_brings_it_back(app: CodevApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        await pilot.press("space")
        first = app.engine.setup.participants[0] if app.engine else None
        assert first is not None
        await pilot.press("a", "1", "tab", *"texte important", "escape")
        assert app.screen is screen and not screen.controller.view().notes
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one("#note-text", Input).value == "texte important"
        assert dialog.query_one("#note-author", Input).value == first.name
        assert _line(dialog) == "Note reprise — Échap l’a mise de côté"
        # Set aside again, then offered on the next step, saying where it comes from.
        await pilot.press("escape")
        assert screen.send(NextStep())
        await pilot.pause()
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one("#note-text", Input).value == "texte important"
        assert "Note reprise de l’étape" in _line(dialog)
        assert dialog.query_one("#note-kind", Select).value is NoteKind.QUESTION  # offered here too
        await pilot.press("enter")  # saved here: nothing set aside any more
        assert app.screen is screen
        (note,) = screen.controller.view().notes
        assert (note.text, note.author_id) == ("texte important", first.id)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one("#note-text", Input).value == "" and _line(dialog) == ""
        await pilot.press("escape")  # nothing typed: nothing set aside
        assert screen.note_aside is None


def test_a_kind_the_step_does_not_offer_becomes_its_first() -> None:
    typed = TypedNote("synthese", "Synthèse", NoteKind.ACTION, "Ana", "ana", "Écrire", deadline="1/12")
    assert typed.kind_for([NoteKind.ACTION, NoteKind.NOTE]) is NoteKind.ACTION
    assert typed.kind_for([NoteKind.LEARNING, NoteKind.FEELING, NoteKind.NOTE]) is NoteKind.LEARNING
