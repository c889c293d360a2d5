"""Where a commitment stands: open, done or dropped, chosen from a short list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from codev.core.i18n import t
from codev.core.logbook import CommitmentStatus
from codev.ui.carnet.render import STATUS_GLYPHS, status_label
from codev.ui.i18n import TranslatedBindingsMixin


class StatusDialog(ModalScreen[CommitmentStatus | None], TranslatedBindingsMixin):
    """Choose a commitment's status; dismisses with the status, or None to change nothing."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="carnet.status.cancel")]

    def __init__(self, objective: str, current: CommitmentStatus) -> None:
        super().__init__()
        self.objective = objective
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for status in CommitmentStatus:
            label = status_label(status)
            if status is self.current:
                label = t("carnet.review.status.current", status=label)
            options.append(Option(Text(f"{STATUS_GLYPHS[status]}  {label}")))
        with Vertical(id="dialog", classes="carnet-dialog"):
            yield Label(t("carnet.review.status.title"), id="question")
            yield Label(Text(self.objective), id="status-objective")
            yield OptionList(*options, id="status-choices")
            yield Label(t("carnet.review.status.hint"), id="hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = list(CommitmentStatus).index(self.current)
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(list(CommitmentStatus)[event.option_index])

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
