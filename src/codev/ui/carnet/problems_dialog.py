"""Why the carnet was not changed (or not read): each problem with its file and line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from codev.core.i18n import t
from codev.core.problems import Problem
from codev.ui.i18n import TranslatedBindingsMixin


def problems_text(problems: Sequence[Problem]) -> Text:
    """One problem per line (``file:line: message``), as text: a file name is never markup."""
    return Text("\n".join(f"• {problem}" for problem in problems))


class ProblemsDialog(ModalScreen[None], TranslatedBindingsMixin):
    """Show what went wrong; nothing to decide, Enter or Escape closes it."""

    BINDINGS = [Binding("escape,enter", "close", "key.close", id="carnet.problems.close")]

    def __init__(self, title: str, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="carnet-dialog -problems"):
            yield Label(self.title_text, id="question")
            with VerticalScroll(id="problems-list"):
                yield Static(problems_text(self.problems), id="problems")
            yield Label(t("carnet.review.problems.hint"), id="hint")
            yield Label(t("carnet.review.problems.close"), id="problems-close")

    def action_close(self) -> None:
        """Back to the carnet."""
        self.dismiss(None)
