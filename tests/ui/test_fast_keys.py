"""The live screen and its dialogs under keys typed faster than they open and close.

A clicker sends PageDown/PageUp in bursts, a facilitator types the author's number, Enter
and the note in one go: every key must act on the screen it was typed on, or on none, and
never crash the application.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from typing import Any

import pytest
from fast_keys import queue_keys, type_fast
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, Select

from codev.core.clock import FakeClock
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote, SessionEngine, SessionStatus
from codev.core.session.model import MAX_NOTE_CHARS
from codev.ui.app import CodevApp
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.followup import FollowUpDialog
from codev.ui.dialogs.message import RoomMessageDialog
from codev.ui.dialogs.note import NoteDialog
from codev.ui.dialogs.notes import NotesDialog
from codev.ui.dialogs.room_notes import RoomNotesDialog
from codev.ui.screens.help import HelpScreen
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.summary import SummaryScreen


async def live_screen(pilot: Pilot[None]) -> LiveScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    return screen


async def with_two_notes(pilot: Pilot[None]) -> LiveScreen:
    """The session started, two notes written on the first step."""
    screen = await live_screen(pilot)
    await pilot.press("space")
    for text in ("Première", "Seconde"):
        assert screen.send(AddNote(kind=NoteKind.NOTE, author_id="karim", text=text))
    await pilot.pause()
    return screen


def engine_of(app: CodevApp) -> SessionEngine:
    assert app.engine is not None
    return app.engine


async def test_keys_typed_as_the_note_dialog_opens_do_not_reach_its_kind_list(app: CodevApp) -> None:
    # Space, Tab and PageUp were typed on the live screen: acted on the dialog opening
    # over it, they opened the kind list and paged it before it was laid out (a crash).
    async with app.run_test(size=(120, 40)) as pilot:
        await live_screen(pilot)
        await type_fast(pilot, "a", "space", "tab", "pageup")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert not dialog.query_one(Select).expanded


async def test_a_second_escape_does_not_reach_the_live_screen(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await with_two_notes(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, NotesDialog)
        await type_fast(pilot, "escape", "escape")  # both typed on the notes dialog
        assert isinstance(app.screen, LiveScreen)
        assert engine_of(app).status is SessionStatus.RUNNING  # the second one did not pause


async def test_a_key_typed_before_the_help_closed_stays_with_it(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await live_screen(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await type_fast(pilot, "escape", "space")
        assert isinstance(app.screen, LiveScreen)
        assert engine_of(app).status is SessionStatus.NOT_STARTED


async def test_enter_pressed_three_times_on_a_note_opens_one_editor(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await with_two_notes(pilot)
        await pilot.press("e")
        await type_fast(pilot, "enter", "enter", "enter")
        dialogs = [type(screen) for screen in app.screen_stack[2:]]
        assert dialogs == [NotesDialog, NoteDialog]


async def test_every_dialog_dismissed_twice_closes_once(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await with_two_notes(pilot)
        view = screen.controller.view()
        setup = engine_of(app).setup
        dialogs: list[Screen[Any]] = [
            NotesDialog(setup, view.current.step, view.notes),
            ConfirmDialog("?"),
            FollowUpDialog([]),
            RoomMessageDialog(),
            RoomNotesDialog(()),
            NoteDialog(setup, view.current.step),
        ]
        for dialog in dialogs:
            answers: list[object] = []
            app.push_screen(dialog, answers.append)
            await pilot.pause()
            dialog.dismiss(None)
            dialog.dismiss(None)  # a second Escape, or a callback, on a dialog already gone
            await pilot.pause()
            assert app.screen is screen, type(dialog)  # the live screen was not closed as well
            assert answers == [None], type(dialog)


async def test_text_typed_right_after_enter_in_the_author_field_goes_to_the_text(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await live_screen(pilot)
        await pilot.press("space", "a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.focused is dialog.query_one("#note-author", Input)
        await type_fast(pilot, "2", "enter", *"Je veux", "enter")
        assert [(note.author_id, note.text) for note in engine_of(app).view().notes] == [("karim", "Je veux")]


async def test_keys_typed_while_the_note_dialog_opens_land_in_its_field(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await live_screen(pilot)
        await pilot.press("space")
        queue_keys(app, "a")
        for _ in range(1000):  # the dialog is on the stack, not yet drawn
            if isinstance(app.screen, NoteDialog):
                break
            await asyncio.sleep(0)
        queue_keys(app, "2", "enter", *"Vite")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one("#note-author", Input).value == "2"
        assert dialog.query_one("#note-text", Input).value == "Vite"


async def test_a_note_over_the_limit_is_refused_in_the_dialog_and_kept(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await live_screen(pilot)
        await pilot.press("space", "a", "2", "enter")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        text = dialog.query_one("#note-text", Input)
        long_text = "x" * (MAX_NOTE_CHARS + 1)
        text.value = long_text  # a paste accident
        await pilot.press("enter")
        assert app.screen is dialog  # still open, nothing lost
        assert text.value == long_text
        error = str(dialog.query_one("#note-error", Label).render())
        assert str(MAX_NOTE_CHARS) in error and str(MAX_NOTE_CHARS + 1) in error
        assert engine_of(app).view().notes == ()
        text.value = "x" * MAX_NOTE_CHARS  # at the limit: accepted
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert [len(note.text) for note in engine_of(app).view().notes] == [MAX_NOTE_CHARS]


async def test_a_note_the_session_would_refuse_keeps_the_dialog_open(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await live_screen(pilot)
        await pilot.press("a")  # before the start: the session takes no notes yet
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press("2", "enter", *"Ma note", "enter")
        assert app.screen is dialog
        assert dialog.query_one("#note-text", Input).value == "Ma note"
        assert str(dialog.query_one("#note-error", Label).render()) != ""


# --- Key storms ---------------------------------------------------------------------------


def _keys_of(bindings: Sequence[Binding | tuple[str, ...]]) -> set[str]:
    keys: set[str] = set()
    for binding in bindings:
        if isinstance(binding, Binding):
            keys.update(key.strip() for key in binding.key.split(","))
    return keys


DIALOGS = (
    ConfirmDialog,
    NoteDialog,
    NotesDialog,
    FollowUpDialog,
    RoomMessageDialog,
    RoomNotesDialog,
    HelpScreen,
)
STORM_KEYS = sorted(
    (
        _keys_of(LiveScreen.BINDINGS)
        | {key for dialog in DIALOGS for key in _keys_of(dialog.BINDINGS)}
        | set("abcdefghijklmnoprstuvwxyz0123456789")
        | {"tab", "shift+tab", "enter", "escape", "pageup", "pagedown", "up", "down", "backspace"}
    )
    # Leaving the session ends the application: what the storm checks is that nothing else does.
    - {"q"}
)


@pytest.mark.parametrize("seed", [0, 3, 7])
async def test_a_storm_of_keys_leaves_the_session_consistent(
    app: CodevApp, clock: FakeClock, seed: int
) -> None:
    rng = random.Random(seed)
    async with app.run_test(size=(100, 30)) as pilot:
        await with_two_notes(pilot)  # the notes dialog has notes to list
        sent = 0
        while sent < 400:
            burst = [rng.choice(STORM_KEYS) for _ in range(rng.choice((1, 1, 2, 3, 6, 12)))]
            queue_keys(app, *burst)
            sent += len(burst)
            clock.advance(rng.choice((0, 0, 5, 60)))
            # Let the app run a little, or not at all: keys arrive while screens open and close.
            for _ in range(rng.choice((0, 1, 2, 5, 20))):
                await asyncio.sleep(0)
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_code is None
        stack = app.screen_stack
        assert any(isinstance(screen, LiveScreen | SummaryScreen) for screen in stack)
        above = [type(screen) for screen in stack[2:]]
        assert len(above) == len(set(above)), above  # never the same dialog twice
        # What the screen shows is what the journal says.
        engine = engine_of(app)
        now = clock.now()
        journal = engine.journal_path
        assert journal is not None
        assert SessionEngine.load(journal, clock).view(at=now) == engine.view(at=now)
