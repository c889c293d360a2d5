"""Numbers and durations as people read them, in the current language."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING, Literal

from codev.core.i18n import DEFAULT_LANG, Lang, get_lang, t

if TYPE_CHECKING:
    import babel


def number(value: float, lang: Lang | None = None) -> str:
    """``10`` for 10.0, ``1,5`` (French, German, Dutch) or ``1.5`` (English) otherwise."""
    text = f"{value:g}" if value != int(value) else str(int(value))
    # The separator comes from the catalogue (one message), not from Babel: numbers are on
    # the live screen's first frame, and loading a locale's data costs tens of milliseconds.
    return text.replace(".", t("format.decimal_separator", lang=lang))


def minutes(value: float, lang: Lang | None = None) -> str:
    """A duration given in minutes, e.g. ``10 min``."""
    return f"{number(value, lang)} min"


def clock(seconds: float) -> str:
    """A timer reading: ``mm:ss`` (``h:mm:ss`` past an hour), negative as ``+mm:ss`` overtime.

    Seconds are rounded up while counting down, so that ``00:00`` shows only at zero.
    """
    overtime = seconds < 0
    whole = int(-seconds) if overtime else -int(-seconds // 1)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    body = f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins:02d}:{secs:02d}"
    return f"+{body}" if overtime else body


# Dates, times and durations as each locale writes them (CLDR data, through Babel). Babel
# is imported on first use, not with this module: loading a locale's data costs tens of
# milliseconds, and the live screen's first frame shows no date.

DateStyle = Literal["full", "long", "medium", "short"]


@cache
def _locale(lang: Lang) -> babel.Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANG)


def _pattern(value: dt.date, style: DateStyle, locale: babel.Locale) -> str:
    pattern = str(locale.date_formats[style].pattern)
    # French writes the first day of a month as an ordinal: « mardi 1er décembre 2026 ».
    # CLDR has no ordinal day, so the pattern gets a literal "er" after the day.
    if locale.language == "fr" and value.day == 1 and style in ("full", "long"):
        pattern = re.sub(r"(?<![d'])d(?!d)", "d'er'", pattern, count=1)
    return pattern


def date(value: dt.date, style: DateStyle = "long", lang: Lang | None = None) -> str:
    """A calendar date: ``mardi 1er décembre 2026`` (full), ``1 December 2026``… (long)."""
    from babel.dates import format_date

    locale = _locale(lang or get_lang())
    return str(format_date(value, _pattern(value, style, locale), locale=locale))


def time_of_day(value: dt.time | dt.datetime, lang: Lang | None = None) -> str:
    """A time of day, short: ``14:05``, ``2:05 PM``."""
    from babel.dates import format_time

    return str(format_time(value, "short", locale=_locale(lang or get_lang())))


def date_time(value: dt.datetime, style: DateStyle = "medium", lang: Lang | None = None) -> str:
    """A date and its time of day (no seconds): ``1 déc. 2026, 14:05``, ``Dec 1, 2026, 2:05 PM``."""
    from babel.dates import get_datetime_format

    # CLDR joins a date and a time with a pattern of its own ("{1}, {0}", "{1} 'um' {0}"),
    # whose quoted parts are literal text.
    joined = str(get_datetime_format(style, locale=_locale(lang or get_lang())))
    joined = re.sub(r"'([^']*)'", r"\1", joined)
    return joined.replace("{1}", date(value.date(), style, lang)).replace("{0}", time_of_day(value, lang))


def duration(seconds: float, lang: Lang | None = None) -> str:
    """A length of time in words, to the second: ``1 h 5 min``, ``12 min 30 s``, ``1 Std. 5 Min.``."""
    from babel.units import format_unit

    locale = _locale(lang or get_lang())
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    parts = [
        str(format_unit(amount, unit, "short", locale=locale))
        for amount, unit in ((hours, "duration-hour"), (mins, "duration-minute"), (secs, "duration-second"))
        if amount
    ] or [str(format_unit(0, "duration-minute", "short", locale=locale))]
    return ("-" if seconds < 0 and whole else "") + " ".join(parts)
