"""Find the line where a key of a TOML document is written.

``tomllib`` parses fast and correctly but forgets positions; validation errors come back
as key paths such as ``("steps", 2, "minutes")``. This module maps each table header and
key to its line (read by :mod:`codev.core.toml_scan`), so that an error can point a
trainer at the line to fix. It never raises: on text it cannot follow it simply knows
fewer positions.
"""

from __future__ import annotations

from codev.core.toml_scan import ARRAY, KEY, TABLE, scan

KeyPath = tuple[str | int, ...]


class _Node:
    """One key path of the document: where it is first written, and what is under it.

    A tree rather than a dict of whole paths: a key of 10,000 parts then costs 10,000
    nodes, not 10,000 paths of up to 10,000 parts each.
    """

    __slots__ = ("children", "count", "line")

    def __init__(self) -> None:
        self.line: int | None = None
        self.count = -1  # for an array of tables, the index of its latest element
        self.children: dict[str | int, _Node] = {}

    def child(self, part: str | int) -> _Node:
        node = self.children.get(part)
        if node is None:
            node = self.children[part] = _Node()
        return node


class TomlPositions:
    """Line numbers (1-based) of the tables and keys of one TOML text."""

    def __init__(self, text: str) -> None:
        self._root = _Node()
        table = self._root
        for kind, number, _start, keys in scan(text):
            if keys is None:
                continue
            if kind == KEY:
                node = table
                for part in keys:
                    node = node.child(part)
                    if node.line is None:
                        node.line = number
            elif kind in (TABLE, ARRAY):
                table = self._resolve(keys, kind == ARRAY)
                if table.line is None:
                    table.line = number

    def _resolve(self, parts: tuple[str, ...], is_array: bool) -> _Node:
        node = self._root
        last = len(parts) - 1
        for index, part in enumerate(parts):
            node = node.child(part)
            if index == last and is_array:
                node.count += 1
                node = node.child(node.count)
            elif node.count >= 0:
                # A sub-table of an array of tables belongs to its latest element.
                node = node.child(node.count)
        return node

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its closest written ancestor; None if none is known."""
        node = self._root
        found: int | None = None
        for part in path:
            child = node.children.get(part)
            if child is None:
                break
            node = child
            if node.line is not None:
                found = node.line
        return found
