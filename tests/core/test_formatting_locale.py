"""Dates, times and durations in each language, as CLDR writes them (fixed dates, no clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from codev.core import formatting

TUESDAY_FIRST = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("lang", "full", "long"),
    [
        ("fr", "mardi 1er décembre 2026", "14 décembre 2026"),
        ("en", "Tuesday, December 1, 2026", "December 14, 2026"),
        ("de", "Dienstag, 1. Dezember 2026", "14. Dezember 2026"),
        ("nl", "dinsdag 1 december 2026", "14 december 2026"),
    ],
)
def test_dates_as_each_language_writes_them(lang: str, full: str, long: str) -> None:
    assert formatting.date(TUESDAY_FIRST, "full", lang) == full
    assert formatting.date(dt.date(2026, 12, 14), "long", lang) == long


def test_french_ordinal_is_only_for_the_first_of_the_month() -> None:
    assert formatting.date(dt.date(2026, 12, 2), "full", "fr") == "mercredi 2 décembre 2026"
    assert formatting.date(dt.date(2026, 12, 1), "medium", "fr") == "1 déc. 2026"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "1 déc. 2026, 14:05"), ("en", "Dec 1, 2026, 2:05 PM"), ("de", "01.12.2026, 14:05")],
)
def test_date_and_time(lang: str, expected: str) -> None:
    # CLDR puts a narrow no-break space before AM/PM; compare what a reader sees.
    shown = formatting.date_time(dt.datetime(2026, 12, 1, 14, 5), lang=lang)
    assert shown.replace("\u202f", " ") == expected


@pytest.mark.parametrize(
    ("lang", "seconds", "expected"),
    [
        ("fr", 3900, "1 h 5 min"),
        ("fr", 750, "12 min 30 s"),
        ("en", 3900, "1 hr 5 min"),
        ("de", 750, "12 Min. 30 Sek."),
        ("nl", 3600, "1 uur"),
        ("fr", 0, "0 min"),
        ("en", -90, "-1 min 30 sec"),
    ],
)
def test_durations_to_the_second(lang: str, seconds: float, expected: str) -> None:
    # CLDR joins a number and its unit with a no-break space (narrow in French).
    assert formatting.duration(seconds, lang).replace("\u00a0", " ").replace("\u202f", " ") == expected


def test_an_unknown_language_formats_in_english() -> None:
    assert formatting.date(TUESDAY_FIRST, "long", "xx") == "December 1, 2026"


@pytest.mark.parametrize(("lang", "expected"), [("fr", "1,5"), ("en", "1.5"), ("fr", "10")])
def test_numbers_use_the_catalogue_decimal_separator(lang: str, expected: str) -> None:
    assert formatting.number(10.0 if expected == "10" else 1.5, lang) == expected
