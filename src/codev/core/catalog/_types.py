"""The shape of one catalog entry."""

from typing import TypedDict


class Entry(TypedDict):
    """One message in both languages; ``str.format`` placeholders must match."""

    fr: str
    en: str
