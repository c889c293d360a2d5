"""Follow a TOML text line by line: where its tables and keys are written.

``tomllib`` parses fast and correctly but forgets positions; ``tomlkit`` keeps them but
needs more than a second for a carnet of 1,000 sessions. Two things need positions
cheaply: :class:`~codev.core.toml_positions.TomlPositions` (the line of a key, for
FILE:LINE messages) and the carnet editor's :func:`~codev.core.logbook.toml_edit.find_layout`
(where each ``[[sessions]]`` element starts). This is their one scanner.

It follows what can hide a key or a header — strings, multi-line strings (basic and
literal), arrays spread over lines, comments — and yields one :data:`ScanLine` per line
that starts a table or a key. Lines inside a value spread over several lines, blank lines
and comments yield nothing; a text that ends inside such a value yields a last
:data:`UNCLOSED` line. It never raises and takes time linear in the text: on a line it
cannot read it says so (keys None) and goes on.

It expects text ``tomllib`` accepts; on other text it simply knows less. A byte-order mark
at the start is skipped; CRLF line ends are read like LF ones (only ``\\n`` ends a line:
``str.splitlines`` would also break at U+0085, U+2028… which TOML keeps inside strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

BOM = "\ufeff"

Keys = tuple[str, ...]
"""The parts of a dotted key or header as ``tomllib`` reads them: ``a."b.c"`` is ``("a", "b.c")``."""

LineKind = Literal["table", "array", "key", "unclosed"]
TABLE: LineKind = "table"
"""A ``[table]`` header."""
ARRAY: LineKind = "array"
"""An ``[[array.of.tables]]`` header."""
KEY: LineKind = "key"
"""A ``key = value`` line (the value may go on over the next lines)."""
UNCLOSED: LineKind = "unclosed"
"""The text ends inside a value (its line is where that value began): the last line yielded."""

ScanLine = tuple[LineKind, int, int, Keys | None]
"""``(kind, number, start, keys)``: the line's 1-based number, the offset in the text where
it starts (after the byte-order mark on line 1) and its key path, None when the scanner
cannot read it. A plain tuple: a carnet has tens of thousands of them, and a named tuple
costs several times as much to make."""

# The lines codev writes itself, read by regular expressions (at C speed) rather than
# character by character: a whole key/value on one line, the first line of a list spread
# over lines, one string item of such a list, a header without quotes. No two quantifiers
# next to each other may take the same characters (``[ ]*,?[ ]*``): on a line of many
# spaces that does not match, the engine would try every way of sharing them out.
_BASIC_STRING = r'"(?:[^"\\\n]|\\.)*"'
_SIMPLE_PAIR = re.compile(
    rf"([A-Za-z0-9_-]+|{_BASIC_STRING})[ \t]*=[ \t]*"
    rf"(?:{_BASIC_STRING}|[-+0-9.:TZ_]+(?: [-+0-9.:TZ_]+)*|true|false|\[\])[ \t]*(?:#.*)?\Z"
)
_LIST_START = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*\[[ \t]*(?:#.*)?\Z")
_LIST_ITEM = re.compile(rf"[ \t]*{_BASIC_STRING}[ \t]*(?:,[ \t]*)?(?:#.*)?\r?\Z")
_PLAIN_HEADER = re.compile(r"\[\[?[ \t]*([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)[ \t]*\]\]?[ \t]*(?:#.*)?\Z")

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def scan(text: str) -> Iterator[ScanLine]:
    """The header and key lines of ``text``, in order, then :data:`UNCLOSED` if it ends
    inside a value."""
    offset = 0
    if text.startswith(BOM):
        text, offset = text[1:], 1
    depth = 0  # arrays and inline tables open at the end of the line
    multiline: str | None = None  # the delimiter of the multi-line string open, if any
    opened = (0, 0)  # the number and start of the line where the value still open began
    for number, line in enumerate(text.split("\n"), start=1):
        start = offset
        offset += len(line) + 1
        if depth or multiline:
            # Text inside a multi-line string that does not close it, and one string item
            # of a list spread over lines: nothing to follow.
            if multiline is not None:
                if multiline not in line:
                    continue
            elif _LIST_ITEM.match(line):
                continue
            depth, multiline = _scan_value(line, depth, multiline)
            continue
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        if stripped[0] == "[":
            is_array = stripped.startswith("[[")
            plain = _PLAIN_HEADER.match(stripped)
            if plain is not None:
                keys: Keys | None = tuple(plain.group(1).split("."))
            else:
                parsed = _parse_key(stripped, 2 if is_array else 1, "]")
                keys = None if parsed is None else parsed[0]
            yield (ARRAY if is_array else TABLE), number, start, keys
            continue
        simple = _SIMPLE_PAIR.match(stripped) or _LIST_START.match(stripped)
        if simple is not None:
            key = simple.group(1)
            yield KEY, number, start, ((key,) if key[0] != '"' else _unquote(key))
            if simple.re is _LIST_START:
                depth, opened = 1, (number, start)
            continue
        parsed = _parse_key(stripped, 0, "=")
        if parsed is None:
            yield KEY, number, start, None
            continue
        yield KEY, number, start, parsed[0]
        depth, multiline = _scan_value(stripped[parsed[1] + 1 :], 0, None)
        if depth or multiline:
            opened = (number, start)
    if depth or multiline:
        yield UNCLOSED, opened[0], opened[1], None


def _scan_value(text: str, depth: int, multiline: str | None) -> tuple[int, str | None]:
    """Follow strings, brackets and comments through ``text`` (the rest of a value on one
    line); returns the brackets and the multi-line string still open at its end."""
    index = 0
    while index < len(text):
        if multiline:
            quote = multiline[0]
            while index < len(text):
                if text[index] == "\\" and quote == '"':
                    index += 2
                    continue
                if text.startswith(multiline, index):
                    # A multi-line string may end with up to two extra quotes of its value.
                    index += 3
                    while index < len(text) and text[index] == quote:
                        index += 1
                    multiline = None
                    break
                index += 1
            continue
        char = text[index]
        if text.startswith('"""', index) or text.startswith("'''", index):
            multiline = text[index : index + 3]
            index += 3
        elif char in "\"'":
            index += 1
            while index < len(text) and text[index] != char:
                index += 2 if char == '"' and text[index] == "\\" else 1
            index += 1
        elif char in "[{":
            depth += 1
            index += 1
        elif char in "]}":
            depth = max(0, depth - 1)
            index += 1
        elif char == "#":
            break
        else:
            index += 1
    return depth, multiline


def _parse_key(text: str, index: int, stop: str) -> tuple[Keys, int] | None:
    """Read the dotted key that starts at ``text[index]`` and ends at ``stop``: its parts
    and the index of ``stop``; None without ``stop``, with a quote left open or an empty
    part outside quotes."""
    parts: list[str] = []
    pieces: list[str] = []  # the part being read: unquoted text and quoted strings
    quoted = False  # whether the part holds a quoted string (``""`` is a key)
    bare: list[str] = []
    length = len(text)
    while index < length:
        char = text[index]
        if char == '"' or char == "'":
            end = index + 1
            while end < length and text[end] != char:
                end += 2 if char == '"' and text[end] == "\\" else 1
            if end >= length:
                return None
            if bare:
                pieces.append("".join(bare).strip())
                bare = []
            raw = text[index + 1 : end]
            pieces.append(_unescape(raw) if char == '"' and "\\" in raw else raw)
            quoted = True
            index = end + 1
            continue
        if char == "." or char == stop:
            if bare:
                pieces.append("".join(bare).strip())
                bare = []
            part = "".join(pieces)
            if not part and not quoted:
                return None
            parts.append(part)
            if char == stop:
                return tuple(parts), index
            pieces, quoted = [], False
        else:
            bare.append(char)
        index += 1
    return None


def _unquote(key: str) -> Keys:
    """The one part of a key written as a basic string (``"a.b"`` is the key ``a.b``)."""
    raw = key[1:-1]
    return (_unescape(raw) if "\\" in raw else raw,)


def _unescape(raw: str) -> str:
    """The text of a basic string written ``raw`` (between its quotes); an escape TOML does
    not know is kept as written (``tomllib`` refuses it anyway)."""
    out: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char != "\\" or index + 1 >= len(raw):
            out.append(char)
            index += 1
            continue
        code = raw[index + 1]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            index += 2
            continue
        digits = 4 if code == "u" else 8 if code == "U" else 0
        hexa = raw[index + 2 : index + 2 + digits]
        if digits and len(hexa) == digits and all(c in "0123456789abcdefABCDEF" for c in hexa):
            value = int(hexa, 16)
            if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                out.append(chr(value))
                index += 2 + digits
                continue
        out.append(raw[index : index + 2])
        index += 2
    return "".join(out)
