"""The date of the group's next meeting, asked from the summary at the end of a session.

One field, typed as an action's deadline is (``2026-12-01`` or ``01/12/2026``). Enter keeps
the date in the group file; a date that is no date, or a past one, is refused here with the
reason, and so is a group file that cannot be written: the dialog stays, the text as typed.
Empty then Enter, or Escape, notes nothing. What was typed and not kept is handed back
(``remember``), so the summary offers it again: a clicker's Escape loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from codev.core.i18n import t
from codev.core.next_meeting import NextMeetingError, parse_next_meeting
from codev.ui.dialogs.base import Dialog

MAX_TYPED_CHARS = 40
"""Longer than any date written either way: a paste of something else is cut, not kept."""


class NextMeetingDialog(Dialog[dt.date | None]):
    """Type the next meeting's day; dismisses with the day kept, or None when nothing was."""

    DEFAULT_CSS = """
    NextMeetingDialog #note-error { width: 1fr; }
    """

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(
        self,
        group: str,
        today: dt.date,
        typed: str,
        save: Callable[[dt.date], str | None],
        remember: Callable[[str], None],
    ) -> None:
        super().__init__()
        self._group = group
        self._today = today
        self._typed = typed
        self._save = save
        self._remember = remember

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # The group's name is people's words: text, never markup.
            yield Label(Text(t("ui.next_meeting.title", group=self._group)), id="question")
            yield Input(
                self._typed,
                placeholder=t("ui.next_meeting.placeholder"),
                max_length=MAX_TYPED_CHARS,
                id="next-meeting",
            )
            yield Label("", id="note-error")
            yield Label(t("ui.next_meeting.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#note-error", Label)
        try:
            day = parse_next_meeting(event.value, self._today)
        except NextMeetingError as problem:
            error.update(Text(problem.message))  # quotes what was typed: text, never markup
            return
        if day is None:
            self._remember("")
            self.dismiss(None)
            return
        refused = self._save(day)
        if refused is not None:
            error.update(Text(refused))  # names the file: text, never markup
            return
        self._remember("")
        self.dismiss(day)

    def action_cancel(self) -> None:
        """Close without noting anything; what was typed is offered again next time."""
        self._remember(self.query_one(Input).value)
        self.dismiss(None)
