"""What the commands print: always as text, whatever the file or the person it came from."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from codev.core.printable import printable


def say(text: object = "", *, file: TextIO | None = None) -> None:
    """Print ``text`` on a line of its own, escape sequences and the like spelled out.

    Protocol titles, file names, people's names and error messages quoting a file's
    content all reach the terminal here: see :mod:`codev.core.printable` for why.
    """
    print(printable(str(text)), file=file if file is not None else sys.stdout)


def say_table(rows: Sequence[Sequence[str]]) -> None:
    """Print rows as columns aligned on their widest cell (the first row is the header)."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
