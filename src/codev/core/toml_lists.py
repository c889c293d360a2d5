"""Rewrite a TOML list that a person commented, keeping every comment they wrote.

tomlkit keeps a list's comments only as long as the list is not replaced; codev replaces
its own lists (a carnet's learnings, a protocol's allowed behaviours) as wholes. So a
commented list is rewritten here: each comment stays with the item it was written with —
the lines just above an item, the comment after it on its line — matched by value (an item
edited in place keeps its comments too), the comment after ``[`` and those before ``]``
stay where they were, and the comments of an item that is gone are kept on their own lines
where it was. Nothing a person wrote in a comment is ever dropped.

tomlkit has no public view of the comments inside an array: its item groups (``_value``)
are read here, and only read; the new list is produced as text and parsed back by tomlkit,
so it is valid TOML by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.items import Array, Comment, Item, Null

DEFAULT_INDENT = "  "


@dataclass
class _Slot:
    """One item of the old list and the comments that go with it."""

    value: Any
    text: str
    lead: list[str] = field(default_factory=list)
    blank: bool = False
    tail: str | None = None


@dataclass
class _Shape:
    """How a commented list is laid out."""

    opening: str | None = None
    slots: list[_Slot] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)
    indent: str = DEFAULT_INDENT
    closing: str = ""


def _groups(array: Array) -> list[Any]:
    return list(getattr(array, "_value", []))


def has_comments(array: Array) -> bool:
    """True when a comment is written inside ``array`` (after ``]`` does not count)."""
    return any(group.comment is not None for group in _groups(array))


def _comment_text(comment: Comment) -> str:
    return str(comment.trivia.comment).rstrip("\r")


def _shape(array: Array) -> _Shape:
    shape = _Shape()
    lead: list[str] = []
    blank = False
    seen_line = False
    indent_found = False
    groups = _groups(array)
    for position, group in enumerate(groups):
        space = group.indent.s if group.indent is not None else ""
        if "\n" in space:
            seen_line = True
            blank = blank or space.count("\n") > 1
        value = group.value
        comment = group.comment
        if value is None or isinstance(value, Null):
            if comment is not None:
                if not shape.slots and not seen_line and not lead:
                    shape.opening = _comment_text(comment)
                elif shape.slots and "\n" not in space and not lead and shape.slots[-1].tail is None:
                    shape.slots[-1].tail = _comment_text(comment)
                else:
                    lead.append(_comment_text(comment))
            elif position == len(groups) - 1 and "\n" in space:
                shape.closing = space.rsplit("\n", 1)[1].replace(",", "")
            continue
        if not indent_found and "\n" in space:
            shape.indent = space.rsplit("\n", 1)[1].replace(",", "") or DEFAULT_INDENT
            indent_found = True
        item = value if isinstance(value, Item) else tomlkit.item(value)
        shape.slots.append(
            _Slot(
                value=item.unwrap(),
                text=item.as_string(),
                lead=lead,
                blank=blank,
                tail=_comment_text(comment) if comment is not None else None,
            )
        )
        lead, blank = [], False
    shape.trailing = lead
    return shape


def _assign(old: Sequence[_Slot], new: Sequence[Any]) -> list[int | None]:
    """For each new value, the old item whose comments it takes (None: a new item)."""
    assigned: list[int | None] = [None] * len(new)
    used = [False] * len(old)
    for index, value in enumerate(new):  # unchanged in place
        if index < len(old) and old[index].value == value:
            assigned[index], used[index] = index, True
    for index, value in enumerate(new):  # moved
        if assigned[index] is None:
            match = next((i for i, slot in enumerate(old) if not used[i] and slot.value == value), None)
            if match is not None:
                assigned[index], used[match] = match, True
    for index in range(len(new)):  # edited in place: its comments are about it
        if assigned[index] is None and index < len(old) and not used[index]:
            assigned[index], used[index] = index, True
    return assigned


def rewrite_array(old: Array, values: Sequence[Any], texts: Sequence[str]) -> Array:
    """A new list of ``values`` (written as ``texts``) with the comments of ``old``.

    An item whose value did not change keeps its text as the person wrote it (quotes,
    escapes); the others are written as ``texts`` gives them. The list is written one item
    per line, as a commented list must be.
    """
    shape = _shape(old)
    assigned = _assign(shape.slots, values)
    taken = {index for index in assigned if index is not None}
    extra: dict[int, list[str]] = {}
    trailing: list[str] = []
    for index, slot in enumerate(shape.slots):
        if index in taken:
            continue
        orphans = [*slot.lead, *([slot.tail] if slot.tail else [])]
        following = min((i for i in taken if i > index), default=None)
        if following is None:
            trailing.extend(orphans)
        else:
            extra.setdefault(following, []).extend(orphans)
    lines = ["[" + (f" {shape.opening}" if shape.opening else "")]
    for value, text, source in zip(values, texts, assigned, strict=True):
        tail = ""
        if source is not None:
            kept = shape.slots[source]
            if kept.blank:
                lines.append("")
            lines += [f"{shape.indent}{comment}" for comment in [*extra.get(source, []), *kept.lead]]
            if kept.value == value:
                text = kept.text
            tail = f"  {kept.tail}" if kept.tail else ""
        lines.append(f"{shape.indent}{text},{tail}")
    lines += [f"{shape.indent}{comment}" for comment in [*trailing, *shape.trailing]]
    lines.append(f"{shape.closing}]")
    # A list written with CRLF line endings keeps them (tomlkit keeps what it parsed).
    newline = "\r\n" if "\r\n" in old.as_string() else "\n"
    parsed = tomlkit.parse("x = " + newline.join(lines) + newline)["x"]
    assert isinstance(parsed, Array)
    return parsed
