"""A yes/no question that a presenter clicker can answer (PageDown = yes, PageUp = no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from codev.core.i18n import t
from codev.ui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask before doing something that cannot be undone; dismisses with True for yes."""

    BINDINGS = [
        Binding("y,o,enter,pagedown", "answer(True)", "key.yes", show=False, id="confirm_yes"),
        Binding("n,escape,pageup", "answer(False)", "key.no", show=False, id="confirm_no"),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        self._question = question
        self._yes = yes or t("ui.dialog.yes")
        self._no = no or t("ui.dialog.no")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # Questions quote what people wrote (a note, a step's title): text, never markup.
            yield Label(self._question, id="question", markup=False)
            yield Label(t("ui.dialog.clicker_hint"), id="hint")
            with Horizontal(id="buttons"):
                yield Button(self._yes, variant="primary", id="yes")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close with ``answer``."""
        self.dismiss(answer)
