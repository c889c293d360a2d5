"""What the commands print: always as text, whatever the file or the person it came from."""

from __future__ import annotations

import sys
from typing import TextIO

from codev.core.printable import printable


def say(text: object = "", *, file: TextIO | None = None) -> None:
    """Print ``text`` on a line of its own, escape sequences and the like spelled out.

    Protocol titles, file names, people's names and error messages quoting a file's
    content all reach the terminal here: see :mod:`codev.core.printable` for why.
    """
    print(printable(str(text)), file=file if file is not None else sys.stdout)
