"""The ``?`` screen: every key of the live screen, and how to drive a session with a clicker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from codev.core.i18n import t
from codev.ui.i18n import TranslatedBindingsMixin


class HelpScreen(ModalScreen[None], TranslatedBindingsMixin):
    """Keys of the screen below, with what they do."""

    BINDINGS = [
        Binding("escape,question_mark,q,enter,pagedown,pageup", "close", "key.close", id="help_close")
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label(t("ui.help.title"), id="help-title")
            table: DataTable[str] = DataTable(show_cursor=False, zebra_stripes=True, id="help-keys")
            table.add_columns(t("ui.help.col.keys"), t("ui.help.col.action"))
            for keys, description in self._keys:
                table.add_row(keys, description)
            yield table
            yield Static(t("ui.help.clicker"), id="help-clicker")
            yield Label(t("ui.help.close"), id="help-close")

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)
