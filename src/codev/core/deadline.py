"""An action's deadline as people type it: ``2025-02-10``, or ``10/02/2025`` the French way.

Commands and carnets only ever hold the ISO form (:func:`iso_date`); what a person types in
a dialog is read by :func:`parse_deadline`, which names what was typed when it is no date.
"""

from __future__ import annotations

import datetime as dt
import re

from codev.core.i18n import t

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Day first, as written in France (and most of Europe): 10/02/2025 is the 10th of February.
# German and Dutch write it with dots or dashes: 10.02.2025, 10-02-2025.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class DeadlineError(ValueError):
    """What was typed is no date; :attr:`message` (translated) quotes it and says the forms."""

    def __init__(self, typed: str) -> None:
        self.typed = typed
        self.message = t("engine.deadline.invalid", value=typed)
        super().__init__(self.message)


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 31 February, month 13, year 0
        return None


def iso_date(value: str) -> dt.date | None:
    """The date written ``YYYY-MM-DD`` exactly, or None (another form, or no such day).

    Stricter than :meth:`datetime.date.fromisoformat`, which also takes ``20250210`` and
    week dates: a journal or a carnet holds one form only.
    """
    match = _ISO.fullmatch(value)
    return _date(*match.groups()) if match else None


def parse_deadline(typed: str) -> dt.date | None:
    """The deadline typed (None when nothing was); raises :class:`DeadlineError` when it is no date."""
    text = typed.strip()
    if not text:
        return None
    date = iso_date(text)
    if date is None and (match := _DAY_FIRST.fullmatch(text)):
        day, month, year = match.groups()
        date = _date(year, month, day)
    if date is None:
        raise DeadlineError(text)
    return date
