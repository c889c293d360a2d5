"""Which kinds of notes the room may see on its screen (the contract and suggestions, say,
but never the client's own account): the facilitator's choice, journaled for every view."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from codev.core.i18n import t
from codev.core.protocol.model import NoteKind
from codev.core.room import kind_label
from codev.ui.dialogs.base import Dialog
from codev.ui.widgets.choices import ChoiceList


class RoomNotesDialog(Dialog[tuple[NoteKind, ...] | None]):
    """Tick the kinds the room may see; Enter keeps the choice, Escape changes nothing."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        # Enter would tick the highlighted kind in the list: here it keeps the choice.
        Binding("enter", "keep", "key.keep", priority=True, id="keep"),
    ]

    def __init__(self, shown: Sequence[NoteKind]) -> None:
        super().__init__()
        self._shown = set(shown)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("ui.room_notes.title"), id="question")
            yield ChoiceList[NoteKind](
                *(Selection(kind_label(kind), kind, kind in self._shown) for kind in NoteKind),
                id="room-kinds",
            )
            yield Label(t("ui.room_notes.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_keep(self) -> None:
        """Close with the kinds ticked."""
        if self.is_active:  # not once closed: its list may be gone
            chosen = set(self.query_one(SelectionList).selected)
            self.dismiss(tuple(kind for kind in NoteKind if kind in chosen))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
