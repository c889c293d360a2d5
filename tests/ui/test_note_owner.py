"""Whose carnet a note goes to, as the facilitator sees and chooses it: the note dialog's
owner field (pre-filled by the rules, changed from the keyboard, at an edit too) and the
notes panel's "Ben → Ana" when the owner is not the author."""

from __future__ import annotations

import dataclasses
import datetime as dt

from test_note_action import engine_of, note_dialog_at_the_synthesis
from textual.widgets import Input, Select

from codev.core.i18n import set_lang
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.session.view import NoteView
from codev.ui.app import CodevApp
from codev.ui.demo import demo_setup
from codev.ui.dialogs.note import NoteDialog
from codev.ui.dialogs.notes import NotesDialog
from codev.ui.screens.live import LiveScreen
from codev.ui.widgets.panels import notes_text


def test_the_notes_panel_names_the_owner_when_it_is_not_the_author(classic: Protocol) -> None:
    set_lang("en")
    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    note = NoteView("n1", "synthese", NoteKind.ACTION, "sofia", "Appeler Paul", 0.0, None, owner_id="karim")
    own = dataclasses.replace(note, id="n2", author_id="mai", owner_id="mai", text="Moi aussi")
    text = notes_text(setup, (note, own), 8).plain
    assert "(Sofía Martínez → Karim Benali) Appeler Paul" in text
    assert "(Mai Nguyen) Moi aussi" in text


async def test_the_owner_is_prefilled_changed_by_keyboard_and_at_an_edit(app: CodevApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await note_dialog_at_the_synthesis(pilot)
        owner = dialog.query_one("#note-owner", Select)
        # An action goes to the client, whoever writes it.
        assert owner.value == "karim"
        # Jean-Luc's own commitment: back up to the owner (beside the kind), the list opened,
        # Jean-Luc picked.
        await pilot.press("4", "enter", *"Je m'y engage aussi", "shift+tab", "shift+tab")
        assert dialog.focused is owner
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert owner.value == "jean-luc"
        assert dialog.focused is dialog.query_one("#note-text", Input)  # Enter saves from there
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        (note,) = engine_of(app).view().notes
        assert (note.author_id, note.owner_id, note.owner_chosen) == ("jean-luc", "jean-luc", True)
        # Edited: the field shows the owner chosen, and changes it.
        await pilot.press("e")
        assert isinstance(app.screen, NotesDialog)
        await pilot.press("enter")
        await pilot.pause()
        edit = app.screen
        assert isinstance(edit, NoteDialog)
        owner = edit.query_one("#note-owner", Select)
        assert owner.value == "jean-luc"
        owner.value = "mai"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        (note,) = engine_of(app).view().notes
        assert (note.text, note.owner_id) == ("Je m'y engage aussi", "mai")
        # A learning goes to its author: nobody yet, then whoever is typed.
        await pilot.press("n", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        owner = dialog.query_one("#note-owner", Select)
        assert dialog.query_one("#note-kind", Select).value is NoteKind.LEARNING
        assert owner.value is Select.NULL
        await pilot.press("5")
        await pilot.pause()
        assert owner.value == "mai"
