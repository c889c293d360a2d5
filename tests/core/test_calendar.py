"""codev.core.calendar: events written as an iCalendar file, read back with icalendar's parser."""

from __future__ import annotations

import datetime as dt
import re

import icalendar

from codev.core.calendar import CalendarEvent, to_ics


def _events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return [component for component in calendar.walk("VEVENT")]


def _text(value: icalendar.prop.vUnknown) -> str:
    """A TEXT value as RFC 5545 §3.3.11 reads it (icalendar's parser leaves NAME escaped)."""
    escapes = {"n": "\n", "N": "\n"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), value.to_ical().decode())


def test_events_read_back_with_their_days_titles_and_uids() -> None:
    events = [
        CalendarEvent("s1-1@codev", "Échéance : écrire à Karim", dt.date(2026, 12, 1), "30 minutes"),
        CalendarEvent("next@codev", "Prochaine séance", dt.date(2027, 1, 12)),
    ]
    read = _events(to_ics(events, name="Carnet de Marie"))
    assert [str(event["UID"]) for event in read] == ["s1-1@codev", "next@codev"]
    assert [str(event["SUMMARY"]) for event in read] == ["Échéance : écrire à Karim", "Prochaine séance"]
    assert [event.decoded("DTSTART") for event in read] == [dt.date(2026, 12, 1), dt.date(2027, 1, 12)]
    assert str(read[0]["DESCRIPTION"]) == "30 minutes"
    assert "DESCRIPTION" not in read[1]


def test_events_are_all_day_and_last_one_day() -> None:
    data = to_ics([CalendarEvent("a@codev", "A", dt.date(2026, 2, 28))], name="N")
    assert b"DTSTART;VALUE=DATE:20260228" in data
    (event,) = _events(data)
    # A date, not a date-time: the event is the whole day, wherever the reader lives.
    assert type(event.decoded("DTSTART")) is dt.date
    assert event.decoded("DTEND") == dt.date(2026, 3, 1)


def test_the_calendar_has_its_name_prodid_version_and_each_event_a_dtstamp() -> None:
    data = to_ics([CalendarEvent("a@codev", "A", dt.date(2026, 2, 28))], name="Carnet ; de, Marie")
    calendar = icalendar.Calendar.from_ical(data)
    assert "codev" in str(calendar["PRODID"])
    assert str(calendar["VERSION"]) == "2.0"
    # The name as a text, escaped (RFC 7986 makes NAME a TEXT): a name cannot end the line.
    assert _text(calendar["NAME"]) == _text(calendar["X-WR-CALNAME"]) == "Carnet ; de, Marie"
    (event,) = calendar.walk("VEVENT")
    stamp = event.decoded("DTSTAMP")
    assert isinstance(stamp, dt.datetime) and stamp.utcoffset() == dt.timedelta(0)


def test_texts_are_escaped_by_the_library() -> None:
    hostile = "Titre; avec, des\nlignes\\ et\r\nBEGIN:VEVENT"
    data = to_ics([CalendarEvent("a@codev", hostile, dt.date(2026, 2, 28), hostile)], name=hostile)
    # The text cannot open an event of its own: one event read back, with the text whole.
    (event,) = _events(data)
    assert str(event["SUMMARY"]) == hostile.replace("\r\n", "\n")
    assert str(event["DESCRIPTION"]) == hostile.replace("\r\n", "\n")
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    assert _text(icalendar.Calendar.from_ical(data)["NAME"]) == hostile.replace("\r\n", "\n")


def test_the_same_events_give_the_same_uids() -> None:
    events = [CalendarEvent("s1-1@codev", "A", dt.date(2026, 2, 28))]
    first = _events(to_ics(events, name="N"))
    second = _events(to_ics(events, name="N"))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]


def test_an_empty_calendar_is_still_a_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(to_ics([], name="N"))
    assert calendar.name == "VCALENDAR"
    assert calendar.walk("VEVENT") == []
