"""Render the logbook models as TOML text laid out for people to read and edit.

One entry is one ``[[sessions]]`` table; its lists of texts are one item per line, long
texts with line breaks become multi-line strings, and nested lists of records become
sub-tables (``[[sessions.actions]]``) after the plain keys. The output depends only on the
model, so rendering an entry that did not change gives the same text — which is how the
store recognises an entry nobody touched by hand, and skips a write that would change
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import Enum

from pydantic import BaseModel

from codev.core.logbook.models import Record

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape_char(char: str, multiline: bool) -> str:
    if multiline and char in "\n\t":
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\u{code:04X}"
    return char


def render_string(text: str) -> str:
    """A TOML basic string; a multi-line one when ``text`` has line breaks."""
    multiline = "\n" in text
    body = "".join(_escape_char(char, multiline) for char in text)
    if multiline:
        # The newline right after the opening quotes is not part of the value.
        return f'"""\n{body}"""'
    return f'"{body}"'


def render_key(key: str) -> str:
    """A key, bare when it can be."""
    return key if _BARE_KEY.match(key) else render_string(key)


def render_value(value: object) -> str:
    """A scalar or a list of scalars as TOML."""
    if isinstance(value, Enum):
        return render_string(str(value.value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return render_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        if not value:
            return "[]"
        items = "".join(f"  {render_value(item)},\n" for item in value)
        return f"[\n{items}]"
    raise TypeError(f"cannot render {type(value).__name__} as TOML")


def _is_empty(value: object) -> bool:
    # {}: a group file's attributes, written by hand only (a fresh file has none).
    return value is None or value == "" or value == [] or value == {}


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], BaseModel)


WRITTEN_LAST = ("updated",)
"""Fields written after the other plain keys of their table: when codev last changed an
entry is for codev more than for the reader, and comes after what the entry says."""


def render_keys(record: Record, skip: Iterable[str] = ()) -> list[str]:
    """The ``key = value`` lines of a record's plain fields, in field order (:data:`WRITTEN_LAST` last)."""
    keep = record.written_when_empty()
    skipped = set(skip)
    lines: list[str] = []
    fields = type(record).model_fields
    order = [name for name in fields if name not in WRITTEN_LAST] + [n for n in WRITTEN_LAST if n in fields]
    for name in order:
        field = fields[name]
        value = getattr(record, name)
        if name in skipped or _is_table_list(value) or isinstance(value, BaseModel):
            continue
        # A required field is written even when empty, or the file would not load back.
        if _is_empty(value) and name not in keep and not field.is_required():
            continue
        lines.append(f"{render_key(name)} = {render_value(value)}")
    return lines


def render_table(record: Record, header: str) -> str:
    """A record as an array-of-tables element ``[[header]]`` followed by its sub-tables.

    Tables are separated by a blank line; the text ends with a single line break.
    """
    blocks = ["".join([f"[[{header}]]\n", *(f"{line}\n" for line in render_keys(record))])]
    for name in type(record).model_fields:
        value = getattr(record, name)
        if _is_table_list(value):
            blocks.extend(render_table(item, f"{header}.{name}") for item in value)
    return "\n".join(blocks)


def render_comment(text: str) -> str:
    """Comment lines (``# …``) for a text that may span several lines."""
    return "".join(f"# {line}".rstrip() + "\n" for line in text.split("\n") if text)
