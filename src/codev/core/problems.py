"""One thing wrong with one file, as every reader of files reports it (``FILE:LINE: field: message``).

Protocols, carnets, group files and the user's configuration all report their problems this
way; the type lives apart from each of them so that none depends on another to say so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
