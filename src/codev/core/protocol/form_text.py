"""What the protocol editor's form fields read as: numbers, one item per line, words.

Kept apart from the TOML surgery so that a field's text is turned into a value the same way
whichever file layout receives it.
"""

from __future__ import annotations

import math


def number_from_text(text: str) -> int | float | str | None:
    """The value of a number field: None when blank, a number when the text reads as one.

    A decimal comma is accepted (``1,5``). Anything else is kept as typed, so that the
    loader reports it as it would in a file (``a number is expected``).
    """
    stripped = text.strip()
    if not stripped:
        return None
    candidate = stripped.replace(",", ".") if stripped.count(",") == 1 and "." not in stripped else stripped
    try:
        return int(candidate)
    except ValueError:
        pass
    try:
        value = float(candidate)
    except ValueError:
        return stripped
    return value if math.isfinite(value) else stripped


def lines_from_text(text: str) -> list[str]:
    """The items of a list field written one per line; blank lines are dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def words_from_text(text: str) -> list[str]:
    """The values of a field such as ``notes`` written ``question, note`` (commas or spaces)."""
    return [word for word in text.replace(",", " ").split() if word]


def speakers_from_text(text: str) -> str | list[str] | None:
    """The value of a step's ``speakers`` field: one name as a string, several as a list.

    ``trainer, facilitator`` (commas or spaces) is a list, as format 2 writes several speakers;
    one word stays a string, so that a file's ``speakers = "client"`` is written back as it was.
    """
    words = words_from_text(text)
    if not words:
        return None
    return words[0] if len(words) == 1 else words
