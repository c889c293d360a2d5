"""The report's dates as a calendar: each commitment's deadline the report shows, and the
group's next meeting when its group file has one still to come.

The group's copy shows no action plan (it is never shared), so its calendar holds the next
meeting only; someone's own copy holds their deadlines too. UIDs are the ones the carnet
export gives the same commitment and the same meeting (see
:mod:`codev.core.logbook.calendar_export`): importing both files updates one event.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from codev.core import formatting
from codev.core.calendar import CalendarEvent, to_ics
from codev.core.i18n import t
from codev.core.people import normalize_name
from codev.core.report.model import SessionReport

UID_DOMAIN = "codev"


def _digest(*parts: str) -> str:
    # The carnet export's digest, so that the same commitment or meeting has the same UID.
    return hashlib.sha256("\0".join(normalize_name(part) for part in parts).encode()).hexdigest()[:16]


def report_events(report: SessionReport, next_meeting: dt.date | None = None) -> list[CalendarEvent]:
    """The deadlines of the actions the report shows, in date order, then the next meeting."""
    lang = report.lang
    events: list[CalendarEvent] = []
    for action in sorted(
        (action for action in report.actions if action.deadline is not None),
        key=lambda action: (action.deadline or dt.date.min, action.action_id),
    ):
        assert action.deadline is not None
        lines = [
            t(
                "carnet.ics.commitment_of",
                lang,
                date=formatting.date(report.date, "long", lang),
                group=report.group,
            )
        ]
        for key, value in (("resources", action.resources), ("indicator", action.indicator)):
            if value:
                label = t("carnet.export.label", lang, label=t(f"carnet.field.{key}", lang))
                lines.append(f"{label} {value}")
        owner = _digest(action.owner, report.group)
        events.append(
            CalendarEvent(
                uid=f"action-{report.session_id}-{action.action_id}-{owner}@{UID_DOMAIN}",
                title=t("carnet.ics.deadline", lang, objective=" ".join(action.objective.split())),
                day=action.deadline,
                description="\n".join(lines),
            )
        )
    if next_meeting is not None:
        events.append(
            CalendarEvent(
                uid=f"meeting-{_digest(report.group)}-{next_meeting:%Y%m%d}@{UID_DOMAIN}",
                title=t("carnet.ics.meeting", lang, group=report.group),
                day=next_meeting,
            )
        )
    return events


def to_calendar(report: SessionReport, next_meeting: dt.date | None = None) -> bytes:
    """The report's events as an iCalendar file named after the report."""
    return to_ics(
        report_events(report, next_meeting), name=t("report.title", report.lang, group=report.group)
    )
