"""Numbers and durations as people read them, in the current language."""

from __future__ import annotations

from codev.core.i18n import Lang, t


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
