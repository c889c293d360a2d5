"""At start-up: an unfinished session was found; resume it, set it aside, or start a new one?

Setting a session aside moves its journal into ``logbooks/sessions/set-aside/`` (see
:mod:`codev.core.session.archive`): kept whole, no longer offered here, listed by
``codev session list`` and brought back by ``codev session restore``.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from codev.core import formatting
from codev.core.i18n import get_lang, t
from codev.core.session import JournalError, SessionSummary
from codev.core.session.archive import set_aside
from codev.ui.i18n import TranslatedBindingsMixin

NEW_SESSION = "__new__"


UNKNOWN_TIME = "?"
"""Shown for a time no calendar has (the journal refuses them; this is the last guard)."""


def format_time(at: float, *, with_date: bool = True) -> str:
    """A wall time as the language writes a date and time, or ``?`` when it is no date at all.

    Never raises: the resume offer is the first thing on screen, and a date it cannot show
    must not keep every other session from being offered.
    """
    try:
        moment = dt.datetime.fromtimestamp(at)
        return formatting.date_time(moment) if with_date else formatting.time_of_day(moment)
    except (OverflowError, OSError, ValueError):
        return UNKNOWN_TIME


def describe(summary: SessionSummary) -> str:
    """One line a facilitator recognises: group, date, subject, where it stopped."""
    setup = summary.setup
    when = format_time(summary.stopped_at)
    step = summary.view.current
    line = t(
        "ui.resume.item",
        group=setup.group,
        subject=setup.subject or setup.protocol.title.get(get_lang()),
        when=when,
        step=step.step.title.get(get_lang()),
        number=step.index + 1,
        total=len(summary.view.steps),
    )
    if summary.rehearsal:
        line += t("ui.resume.rehearsal", speed=formatting.number(setup.speed))
    return line


class ResumeDialog(ModalScreen[SessionSummary | None], TranslatedBindingsMixin):
    """Choose an unfinished session to resume (or set one aside); None means a new session."""

    BINDINGS = [
        Binding("escape", "new", "key.new_session", id="new_session"),
        Binding("s", "set_aside", "key.set_aside", id="set_aside"),
    ]

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

    def action_set_aside(self) -> None:
        """Set the highlighted session aside: its journal moves, whole, to the set-aside folder.

        Once none is left to offer, a new session is set up.
        """
        options = self.query_one(OptionList)
        index = options.highlighted
        option_id = options.get_option_at_index(index).id if index is not None else None
        summary = self.sessions.get(option_id or "")
        if summary is None:
            return  # "new session" highlighted: nothing to set aside
        try:
            moved = set_aside(summary.path)
        except JournalError as error:
            self.notify(error.message, severity="error", timeout=15)
            return
        self.notify(t("session.set_aside.done", file=str(moved), id=summary.session_id), timeout=10)
        del self.sessions[summary.session_id]
        options.remove_option(summary.session_id)
        if not self.sessions:
            self.dismiss(None)
