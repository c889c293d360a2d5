"""Showing text that came from a file or a person as text, never as terminal commands.

A protocol shared by e-mail, a hand-edited carnet or a pasted name can hold escape
sequences (``ESC ] 0 ; … BEL`` retitles the terminal, ``ESC [ 2 J`` clears it, some
terminals even answer queries into the input), a carriage return that overwrites the line
it ends, or bidirectional overrides that show a text in another order than it is read
(the "Trojan Source" trick). Neither Textual nor Rich removes escape characters from the
text they draw, and ``print`` certainly does not: every such text goes through
:func:`printable` before it reaches a terminal.
"""

from __future__ import annotations

import re

# C0 controls but newline and tab, DEL, C1 controls (every character of category Cc), and
# the bidirectional embeddings, overrides and isolates that reorder what the reader sees.
# (Plain marks such as U+200E and the zero-width joiner of emoji sequences are harmless.)
# One compiled class: protocols and carnets are scanned at every load, a loop in Python
# would be the slowest part of reading them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def is_unsafe(char: str) -> bool:
    """True for a character a terminal would act on rather than show (newline and tab excepted)."""
    return _UNSAFE.match(char) is not None


def first_unsafe(text: str) -> str | None:
    """The first character of ``text`` a terminal would act on, or None."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def has_unsafe(text: str) -> bool:
    """True when :func:`printable` would change ``text``."""
    return _UNSAFE.search(text) is not None


def escape_char(char: str) -> str:
    """The visible spelling of one unsafe character: ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on spelled out (``\\x1b``).

    Newlines and tabs are kept; the text is otherwise unchanged, so ordinary text (accents,
    emoji, CJK, right-to-left scripts) costs one scan and no copy.
    """
    if not has_unsafe(text):
        return text
    return _UNSAFE.sub(lambda found: escape_char(found.group()), text)
