"""A short message for the room ("Pause — retour à 10 h 40"), shown big until cleared."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from codev.core.i18n import t
from codev.core.session.model import MAX_ROOM_MESSAGE_CHARS
from codev.ui.dialogs.base import Dialog


class RoomMessageDialog(Dialog[str | None]):
    """Type the message; Enter shows it (empty clears it), Escape changes nothing."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("ui.message.title"), id="question")
            yield Input(
                self._current,
                placeholder=t("ui.message.placeholder"),
                max_length=MAX_ROOM_MESSAGE_CHARS,
                id="room-message",
            )
            yield Label(t("ui.message.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())  # once: a second Enter finds the dialog gone

    def action_cancel(self) -> None:
        """Close without changing the message."""
        self.dismiss(None)
