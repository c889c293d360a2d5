"""Catalog section: engine."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {}
