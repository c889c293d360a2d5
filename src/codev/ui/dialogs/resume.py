"""At start-up: an unfinished session was found; resume it, or start a new one?"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from codev.core.i18n import get_lang, t
from codev.core.session import SessionSummary
from codev.ui.i18n import TranslatedBindingsMixin

NEW_SESSION = "__new__"


def describe(summary: SessionSummary) -> str:
    """One line a facilitator recognises: group, date, subject, where it stopped."""
    setup = summary.setup
    when = dt.datetime.fromtimestamp(summary.last_activity).strftime("%Y-%m-%d %H:%M")
    step = summary.view.current
    return t(
        "ui.resume.item",
        group=setup.group,
        subject=setup.subject or setup.protocol.title.get(get_lang()),
        when=when,
        step=step.step.title.get(get_lang()),
        number=step.index + 1,
        total=len(summary.view.steps),
    )


class ResumeDialog(ModalScreen[SessionSummary | None], TranslatedBindingsMixin):
    """Choose an unfinished session to resume; None means a new session."""

    BINDINGS = [Binding("escape", "new", "key.new_session", id="new_session")]

    def __init__(self, sessions: tuple[SessionSummary, ...]) -> None:
        super().__init__()
        self.sessions = {summary.session_id: summary for summary in sessions}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("ui.resume.title"), id="question")
            yield OptionList(
                *(Option(describe(summary), id=summary.session_id) for summary in self.sessions.values()),
                Option(t("ui.resume.new"), id=NEW_SESSION),
                id="resume-list",
                # Group, subject and step titles are people's and trainers' words: never markup.
                markup=False,
            )
            yield Label(t("ui.resume.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.sessions.get(event.option.id or ""))

    def action_new(self) -> None:
        """Start a new session instead."""
        self.dismiss(None)
