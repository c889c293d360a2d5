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

import unicodedata

# Bidirectional embeddings, overrides and isolates: they reorder what the reader sees.
# (Plain marks such as U+200E and the zero-width joiner of emoji sequences are harmless.)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT = frozenset("\n\t")


def is_unsafe(char: str) -> bool:
    """True for a character a terminal would act on rather than show (newline and tab excepted)."""
    return char not in _KEPT and (unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS)


def has_unsafe(text: str) -> bool:
    """True when :func:`printable` would change ``text``."""
    return any(is_unsafe(char) for char in text)


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
    return "".join(escape_char(char) if is_unsafe(char) else char for char in text)
