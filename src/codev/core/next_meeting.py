"""The date of the group's next meeting, asked at the end of a session and kept in its group file.

Typed as an action's deadline is (``2026-12-01`` or ``01/12/2026``, see
:mod:`codev.core.deadline`); a day already past is refused, today is not (a group may meet
twice in a day). The date is kept as ``next_meeting`` in the group file, and the set-up of
that group's next session shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codev.core import formatting
from codev.core.deadline import DeadlineError, parse_deadline
from codev.core.i18n import t

if TYPE_CHECKING:
    # The carnet models are loaded when a summary is shown, not with this module.
    from codev.core.logbook import LogbookStore


class NextMeetingError(ValueError):
    """What was typed is no date, or a past one; :attr:`message` (translated) says which."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def parse_next_meeting(typed: str, today: dt.date) -> dt.date | None:
    """The day typed (None when nothing was); :class:`NextMeetingError` for no date or a past one."""
    try:
        day = parse_deadline(typed)
    except DeadlineError as error:
        raise NextMeetingError(error.message) from None
    if day is not None and day < today:
        raise NextMeetingError(t("next_meeting.past", date=formatting.date(day, "full")))
    return day


def planned(day: dt.date | None, today: dt.date) -> dt.date | None:
    """``day`` if it is still to come (today included): a past date is no next meeting."""
    return day if day is not None and day >= today else None


@dataclass(frozen=True)
class NextMeetingPlan:
    """Where the end of a session keeps the next meeting: the group's file, through the store.

    Only given for a session whose carnets are written: a rehearsal has none, so its
    summary never asks and no group file is written.
    """

    store: LogbookStore
    group: str
    today: dt.date

    def current(self) -> dt.date | None:
        """The next meeting already planned, if still to come; None too when the file cannot be read."""
        from codev.core.logbook import LogbookError

        try:
            return planned(self.store.load_group(self.group).next_meeting, self.today)
        except LogbookError:
            return None  # a missing or damaged group file only means nothing to propose

    def save(self, day: dt.date) -> str | None:
        """Keep ``day``; None when it is kept, else the message saying why not (file and line)."""
        from codev.core.logbook import LogbookError, WriteStatus

        try:
            outcome = self.store.set_next_meeting(self.group, day)
        except LogbookError as error:
            return str(error)
        if outcome.status is WriteStatus.FAILED:
            return "\n".join(str(problem) for problem in outcome.problems)
        return None
