"""What every dialog of the session shares: it closes once, and nothing typed into it is lost.

Textual's ``dismiss`` pops whatever screen is on top: called a second time (a second Escape
or Enter typed before the first one closed the dialog, a result arriving after the dialog
went), it closed the screen *below* — the live screen — or crashed on an empty stack.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input

from codev.ui.i18n import TranslatedBindingsMixin

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType], TranslatedBindingsMixin):
    """A modal dialog that closes once, moves the focus at once and keeps what is typed."""

    BINDINGS = [
        # Priority: the focus moves as the key arrives. Textual's own Tab moves it once the key
        # came back from the field, and what was typed in between landed in the field left.
        Binding("tab", "focus_now(1)", show=False, priority=True),
        Binding("shift+tab", "focus_now(-1)", show=False, priority=True),
    ]

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Close with ``result`` if this dialog is still the one on top; otherwise do nothing."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)

    def action_focus_now(self, direction: int) -> None:
        """The next (or previous) field, now."""
        if int(direction) > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def on_key(self, event: events.Key) -> None:
        # A letter typed while the dialog was still being built reached the dialog itself,
        # not its field (there was no focus yet): it goes into the field now focused.
        # One typed into the field never gets here (the field keeps it).
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable and event.character is not None:
            event.stop()
            event.prevent_default()
            focused.insert_text_at_cursor(event.character)
