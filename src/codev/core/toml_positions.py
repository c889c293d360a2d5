"""Find the line where a key of a TOML document is written.

``tomllib`` parses fast and correctly but forgets positions; validation errors come back
as key paths such as ``("steps", 2, "minutes")``. This module scans the text once and maps
each table header and key to its line, so that an error can point a trainer at the line
to fix. It never raises: on text it cannot follow it simply knows fewer positions.
"""

from __future__ import annotations

from collections.abc import Sequence

KeyPath = tuple[str | int, ...]


def _split_dotted(text: str) -> list[str] | None:
    """Split a dotted TOML key (``a."b.c".d``) into its parts; None if it is not one."""
    parts: list[str] = []
    current = ""
    quote: str | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"' and i + 1 < len(text):
                current += text[i + 1]
                i += 2
                continue
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
        i += 1
    if quote:
        return None
    parts.append(current.strip())
    return parts if all(parts) else None


def _key_end(line: str) -> int:
    """Index of the ``=`` that ends the key of a key/value line, or -1."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "=":
            return index
        elif char == "#":
            return -1
    return -1


def _value_state(text: str, depth: int, multiline: str | None) -> tuple[int, str | None]:
    """Follow brackets and multi-line strings through ``text`` (the rest of a value)."""
    i = 0
    quote: str | None = None
    while i < len(text):
        if multiline:
            end = text.find(multiline, i)
            if end < 0:
                return depth, multiline
            i = end + 3
            multiline = None
            continue
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 2
                continue
            if char == quote:
                quote = None
        elif text.startswith('"""', i) or text.startswith("'''", i):
            multiline = text[i : i + 3]
            i += 3
            continue
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "#":
            break
        i += 1
    return depth, multiline


class TomlPositions:
    """Line numbers (1-based) of the tables and keys of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        self._scan(text)

    def _scan(self, text: str) -> None:
        array_counts: dict[KeyPath, int] = {}
        table: KeyPath = ()
        depth = 0
        multiline: str | None = None
        # Only \n ends a TOML line; str.splitlines() would also split on \x85, \u2028…
        for number, raw in enumerate(text.split("\n"), start=1):
            if depth or multiline:
                depth, multiline = _value_state(raw, depth, multiline)
                continue
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                is_array = line.startswith("[[")
                closing = line.find("]]" if is_array else "]")
                parts = _split_dotted(line[2 if is_array else 1 : closing]) if closing > 0 else None
                if parts is None:
                    continue
                table = self._resolve(parts, array_counts, is_array)
                self._lines.setdefault(table, number)
                continue
            end = _key_end(line)
            if end <= 0:
                continue
            parts = _split_dotted(line[:end])
            if parts is None:
                continue
            path = table
            for part in parts:
                path = (*path, part)
                self._lines.setdefault(path, number)
            depth, multiline = _value_state(line[end + 1 :], 0, None)

    def _resolve(self, parts: Sequence[str], counts: dict[KeyPath, int], is_array: bool) -> KeyPath:
        path: KeyPath = ()
        for index, part in enumerate(parts):
            path = (*path, part)
            last = index == len(parts) - 1
            if last and is_array:
                counts[path] = counts.get(path, -1) + 1
                path = (*path, counts[path])
            elif path in counts:
                # A sub-table of an array of tables belongs to its latest element.
                path = (*path, counts[path])
        return path

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its closest written ancestor; None if none is known."""
        for length in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:length]))
            if line is not None:
                return line
        return None
