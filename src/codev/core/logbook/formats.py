"""The document formats of ``codev carnet export``, apart so that the CLI lists them cheaply."""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    """The formats ``codev carnet export`` writes."""

    MARKDOWN = "md"
    HTML = "html"
    ICS = "ics"
    """A calendar: the open commitments' deadlines and the group's next meeting."""
