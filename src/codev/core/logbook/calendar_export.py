"""A participant's carnet as a calendar (``codev carnet export --format ics``).

Two kinds of events, each a whole day:

- the **deadline of every open commitment** that has one — an overdue one included, since it
  is still open; a commitment done or dropped is no longer due, and one without a deadline
  has no day;
- the **group's next meeting** (``next_meeting`` in the group file), while it is still to
  come: a date past is no next meeting.

UIDs are stable, so a calendar importing the file again updates its events rather than
adding copies: a commitment is named by its session, its id and its owner (a changed
objective or deadline moves the same event), a meeting by its group and its day (the same
event in every member's calendar). They are made of hashes and ids only: no name of a
person or a group goes into them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence

from codev.core.calendar import CalendarEvent, to_ics
from codev.core.i18n import t
from codev.core.logbook.models import Action, CommitmentStatus, Logbook, SessionEntry
from codev.core.logbook.names import normalize_name
from codev.core.logbook.views import chronological, format_date
from codev.core.next_meeting import planned

UID_DOMAIN = "codev"


def _digest(*parts: str) -> str:
    # NUL between the parts: ("ab", "c") and ("a", "bc") are two different owners.
    return hashlib.sha256("\0".join(normalize_name(part) for part in parts).encode()).hexdigest()[:16]


def _one_line(text: str) -> str:
    """A title on one line: calendars show a summary's line breaks badly, or not at all."""
    return " ".join(text.split())


def _deadline_event(logbook: Logbook, entry: SessionEntry, action: Action) -> CalendarEvent:
    assert action.deadline is not None
    owner = _digest(logbook.participant, logbook.group)
    lines = [t("carnet.ics.commitment_of", date=format_date(entry.date), group=entry.group)]
    for key in ("resources", "indicator"):
        value: str = getattr(action, key)
        if value:
            label = t("carnet.export.label", label=t(f"carnet.field.{key}"))
            lines.append(f"{label} {value}")
    return CalendarEvent(
        uid=f"action-{entry.id}-{action.id}-{owner}@{UID_DOMAIN}",
        title=t("carnet.ics.deadline", objective=_one_line(action.objective)),
        day=action.deadline,
        description="\n".join(lines),
    )


def _meeting_event(group: str, day: dt.date) -> CalendarEvent:
    return CalendarEvent(
        uid=f"meeting-{_digest(group)}-{day:%Y%m%d}@{UID_DOMAIN}",
        title=t("carnet.ics.meeting", group=group),
        day=day,
    )


def carnet_events(
    logbooks: Sequence[Logbook], next_meetings: Mapping[str, dt.date | None], today: dt.date
) -> list[CalendarEvent]:
    """The events of one participant's carnets (one per group), group by group, in date order.

    ``next_meetings`` maps a group's name to its next meeting, as its group file says.
    """
    events: list[CalendarEvent] = []
    for logbook in logbooks:
        for entry in chronological(logbook):
            events += [
                _deadline_event(logbook, entry, action)
                for action in entry.actions
                if action.deadline is not None and action.status is CommitmentStatus.OPEN
            ]
        meeting = planned(next_meetings.get(logbook.group), today)
        if meeting is not None:
            events.append(_meeting_event(logbook.group, meeting))
    return events


def to_calendar(
    logbooks: Sequence[Logbook], next_meetings: Mapping[str, dt.date | None], today: dt.date
) -> bytes:
    """The carnets' events as an iCalendar file, named after the carnet."""
    if not logbooks:
        raise ValueError("no carnet to export")
    name = t("carnet.export.title", participant=logbooks[0].participant)
    return to_ics(carnet_events(logbooks, next_meetings, today), name=name)
