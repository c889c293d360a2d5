"""Dates as an iCalendar file (RFC 5545) that any calendar application imports.

Written with the ``icalendar`` library, which escapes the texts and folds the long lines:
a title holding ``;``, ``,`` or a line break stays one title. Every event is a whole day
(``VALUE=DATE``): a deadline or a meeting day, never an hour, so it shows on that day
wherever the reader lives. The caller gives each event a stable ``uid``: the same thing
exported twice has the same UID, so a calendar that imports the file again updates the
event instead of adding a copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event, vText

PRODID = "-//codev//codev//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: its stable ``uid``, its title, its day and an optional description."""

    uid: str
    title: str
    day: dt.date
    description: str = ""


def to_ics(events: Sequence[CalendarEvent], *, name: str) -> bytes:
    """The events as an iCalendar file named ``name`` (UTF-8 bytes, CRLF lines as the RFC says)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # NAME is the standard (RFC 7986); X-WR-CALNAME is what most applications read. Given
    # as vText: the library would write an unknown property's value unescaped.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("dtstart", item.day)
        # DTEND is exclusive: the next day, so the event is that one day in every application.
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline does not make its owner busy all day
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
