"""Leaving the editor with unsaved changes: save, discard, or keep editing."""

from __future__ import annotations

from enum import Enum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from codev.core.i18n import t, tn
from codev.ui.i18n import TranslatedBindingsMixin


class UnsavedChoice(Enum):
    """What to do with unsaved changes."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class UnsavedDialog(ModalScreen[UnsavedChoice], TranslatedBindingsMixin):
    """Ask what to do with the changes; an invalid protocol cannot be saved, so Save is off then."""

    BINDINGS = [
        # s/d in English, e(nregistrer)/a(bandonner) in French: both work in either language.
        Binding("s,e", "choose('save')", "key.editor.save_choice", id="unsaved.save"),
        Binding("d,a", "choose('discard')", "key.editor.discard_choice", id="unsaved.discard"),
        Binding("escape,c", "choose('cancel')", "key.cancel", id="unsaved.cancel"),
    ]

    def __init__(self, problem_count: int = 0) -> None:
        super().__init__()
        self._problem_count = problem_count

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="unsaved"):
            yield Label(t("editor.unsaved.question"), id="question")
            if self._problem_count:
                yield Label(tn("editor.unsaved.invalid", self._problem_count), id="unsaved-invalid")
            yield Label(
                t("editor.unsaved.hint_invalid" if self._problem_count else "editor.unsaved.hint"), id="hint"
            )
            with Horizontal(id="buttons"):
                yield Button(
                    t("editor.unsaved.save"), variant="primary", id="save", disabled=bool(self._problem_count)
                )
                yield Button(t("editor.unsaved.discard"), variant="error", id="discard")
                yield Button(t("editor.unsaved.cancel"), id="cancel")

    def on_mount(self) -> None:
        # The safe choice has the focus: Enter never throws work away.
        self.query_one("#cancel" if self._problem_count else "#save", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("save",) and self._problem_count:
            return None
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(UnsavedChoice(event.button.id))

    def action_choose(self, choice: str) -> None:
        """Close with ``choice``."""
        self.dismiss(UnsavedChoice(choice))
