"""Edit a carnet's TOML text entry by entry, keeping every byte a person wrote.

A carnet of 1,000 sessions is about 700 KiB: tomlkit, which keeps comments, needs more than
a second to parse it whole, while the fast ``tomllib`` forgets comments. So the text is
cut into *segments*, one per ``[[sessions]]`` element (with its sub-tables): a new entry
is appended as text, and an existing one is replaced or merged on its own segment only.
Every byte outside the segment being changed stays as it was.

Cutting TOML into segments needs a scanner that follows strings, multi-line strings,
arrays spread over lines and comments (:mod:`codev.core.toml_scan`). Its result is only
trusted when it agrees with ``tomllib`` on the number of sessions; otherwise — a layout it
cannot follow — :class:`EditableText` falls back to tomlkit on the whole document, slower
but still faithful.

When a segment holds something codev did not write (a comment, an extra key, another
layout), the new entry is *merged* into it with tomlkit: codev's own keys get their new
values, everything else is left untouched.
"""

from __future__ import annotations

import tomllib
import typing
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import tomlkit
from pydantic import BaseModel
from tomlkit.container import Container
from tomlkit.items import AoT, Array, Comment, InlineTable, Item, Null, Trivia, Whitespace
from tomlkit.items import Table as TomlTable

from codev.core.toml_lists import has_comments, rewrite_array
from codev.core.toml_scan import ARRAY, KEY, scan

KeyTree = dict[str, "KeyTree | None"]
"""The keys codev owns in a table: leaves map to None, lists of sub-tables to their keys."""

ENTRIES_KEY = "sessions"


class UnsupportedLayout(Exception):
    """The document keeps its sessions in a form codev cannot edit without losing text."""


def owned_keys(model: type[BaseModel]) -> KeyTree:
    """The keys a model writes, recursively for its lists of sub-records."""
    tree: KeyTree = {}
    for name, field in model.model_fields.items():
        args = typing.get_args(field.annotation) if typing.get_origin(field.annotation) is list else ()
        item_type = args[0] if args else None
        if isinstance(item_type, type) and issubclass(item_type, BaseModel):
            tree[name] = owned_keys(item_type)
        else:
            tree[name] = None
    return tree


# ---------------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class Layout:
    """Where the root keys end and where each ``[[sessions]]`` element lies in a text."""

    preamble_end: int
    segments: list[tuple[int, int]]


def find_layout(text: str) -> Layout | None:
    """Cut ``text`` into segments; None when its layout is not one this scanner follows."""
    segments: list[tuple[int, int]] = []
    current: int | None = None
    preamble_end: int | None = None
    for kind, _number, start, keys in scan(text):
        if kind == KEY:
            # A root key ``sessions`` is a list written inline: not tables to cut.
            if keys is None or (preamble_end is None and keys[0] == ENTRIES_KEY):
                return None
            continue
        if keys is None:  # an unreadable header, or a value still open at the end
            return None
        if preamble_end is None:
            preamble_end = start
        if keys[0] != ENTRIES_KEY:
            if current is not None:
                segments.append((current, start))
            current = None
        elif len(keys) == 1:
            if kind != ARRAY:
                return None
            if current is not None:
                segments.append((current, start))
            current = start
        elif current is None:
            return None
    if current is not None:
        segments.append((current, len(text)))
    return Layout(len(text) if preamble_end is None else preamble_end, segments)


# ---------------------------------------------------------------------------- merging

Table = MutableMapping[str, Any]


def _unwrap(item: object) -> object:
    return item.unwrap() if isinstance(item, Item) else item


def merge_table(old: Table, new: Table, owned: KeyTree) -> None:
    """Give ``old`` the values of ``new`` for the keys codev owns; leave the rest alone.

    A key whose value did not change keeps its exact text (quotes, comments, layout).
    """
    for key in [key for key in old if key in owned and key not in new]:
        _delete_keeping_comments(old, key)
    previous: str | None = None
    for key in new:
        new_item = new[key]
        subtree = owned.get(key)
        if key not in old:
            _insert(old, previous, key, new_item)
        elif subtree is not None and isinstance(old[key], AoT) and isinstance(new_item, AoT):
            _merge_tables(old[key], new_item, subtree, old)
        elif _unwrap(old[key]) != _unwrap(new_item):
            old[key] = _replacement(old[key], new_item)
        if not isinstance(new_item, AoT):
            previous = key


def _replacement(old: object, new: object) -> object:
    """What replaces ``old``: ``new``, or for a list the person commented, ``new``'s items
    with those comments kept (see :mod:`codev.core.toml_lists`) — sub-tables then written
    inline, as the person wrote them."""
    if not isinstance(old, Array) or not has_comments(old):
        return new
    if isinstance(new, Array):
        return rewrite_array(old, [_unwrap(item) for item in new], [item.as_string() for item in new])
    if isinstance(new, AoT):
        tables = list(new)
        return rewrite_array(old, [_unwrap(table) for table in tables], [_inline(table) for table in tables])
    return new


def _inline(table: TomlTable) -> str:
    inline = tomlkit.inline_table()
    for key, value in table.value.body:
        if key is not None:
            inline.append(key, value)
    return inline.as_string()


def _comments_in(item: object) -> list[str]:
    """Every comment written in or after a value or a table: after it on its line, inside a
    list, on a table's own lines and in its sub-tables."""
    found: list[str] = []
    if isinstance(item, Whitespace | Null):
        return found
    if isinstance(item, Item) and not isinstance(item, AoT) and item.trivia.comment:
        found.append(item.trivia.comment)
    if isinstance(item, Array):
        found += [str(group.comment.trivia.comment) for group in item._value if group.comment is not None]
        for element in item:
            found += _comments_in(element) if isinstance(element, Array) else []
    elif isinstance(item, TomlTable):
        for _, child in item.value.body:
            if isinstance(child, Comment):
                found.append(child.trivia.comment)
            else:
                found += _comments_in(child)
    elif isinstance(item, AoT):
        for table in item:
            found += _comments_in(table)
    return found


def _comment_lines(comments: list[str]) -> Comment:
    """One item that renders as these comments, one per line."""
    return Comment(Trivia(comment_ws="", comment="\n".join(comments), trail="\n"))


def _delete_keeping_comments(table: Table, key: str) -> None:
    """Remove a key codev no longer writes; the comments written with it stay, on their own
    lines, where it was."""
    comments = _comments_in(table[key])
    container = table.value if isinstance(table, TomlTable) else table
    index = None
    if comments and isinstance(container, Container):
        index = next(
            (i for i, (name, _) in enumerate(container.body) if name is not None and name.key == key), None
        )
    del table[key]
    if index is not None:
        assert isinstance(container, Container)
        # tomlkit leaves a placeholder where a key was (its indices stay right): the comments take it.
        container.body[index] = (None, _comment_lines(comments))


def _insert(table: Table, previous: str | None, key: str, item: object) -> None:
    """Add a key right after the key that precedes it in codev's order, when there is one.

    Plain assignment would add it at the very end of the table, after any comment that
    introduces what follows; keeping codev's order keeps the file easy to read.
    """
    container = table.value if isinstance(table, TomlTable) else table
    if (
        previous is not None
        and previous in table
        and not isinstance(item, AoT)
        and isinstance(container, Container)
    ):
        # tomlkit has no public "insert after"; this private method is the one its own
        # Container uses for the same purpose.
        container._insert_after(previous, key, item)
    else:
        table[key] = item


def _merge_tables(old: AoT, new: AoT, owned: KeyTree, parent: Table) -> None:
    """Merge a list of sub-tables: by ``id`` when every table has one and no id is written
    twice, else by position. The list ends in ``new``'s order: a kept table moves with its
    text and comments, a new one is written where codev puts it (not after the kept ones).

    A table that goes keeps its comments in the file (among them, often, the comment that
    introduces the table or session after it): they move to the end of the kept table that
    came before it, or above the first one.
    """
    if _unique_ids(old) and _unique_ids(new):
        by_id = {table["id"]: table for table in old}
        for table in new:
            if table["id"] in by_id:
                merge_table(by_id[table["id"]], table, owned)
        final = [by_id.get(table["id"], table) for table in new]
    else:
        for old_table, new_table in zip(old, new, strict=False):
            merge_table(old_table, new_table, owned)
        final = [*old[: len(new)], *list(new)[len(old) :]]
    # Tables are compared by identity: two tables may well hold the same values.
    staying = {id(table) for table in final}
    above_first: list[str] = []
    before: TomlTable | None = None
    for table in list(old):
        if id(table) in staying:
            before = table
            continue
        comments = _comments_in(table)
        if comments and before is not None:
            before.add(_comment_lines(comments))
        else:
            above_first += comments
    _arrange(old, final)
    if above_first and len(old):
        first = old[0]
        first.trivia.indent = "".join(f"{comment}\n" for comment in above_first) + first.trivia.indent
    elif above_first and isinstance(parent, TomlTable | Container):  # pragma: no cover - new tables are left
        parent.add(_comment_lines(above_first))


def _unique_ids(tables: AoT) -> bool:
    """True when every table has an ``id`` and no two share one."""
    ids = [_unwrap(table.get("id")) for table in tables]
    try:
        return None not in ids and len(set(ids)) == len(ids)
    except TypeError:  # an id written as a list or a table: not one to match tables by
        return False


def _arrange(aot: AoT, final: list[TomlTable]) -> None:
    """Make ``aot`` hold the tables of ``final``, in that order.

    An unchanged list is left alone. Otherwise a table followed by another gets a blank line
    at its end when it has none (codev's layout, which keeps tables apart to a reader's eye),
    and the blank lines that ended the list stay at its end instead of moving with their
    table; nothing else of a table's text changes.
    """
    if len(final) == len(aot) and all(a is b for a, b in zip(aot, final, strict=True)):
        return
    if len(aot) and final and aot[-1] is not final[-1]:
        # The blank lines after the last table separate the entry from the next one
        # (merge_entry_text gives them back at the end): they do not go into the middle.
        body = aot[-1].value.body
        while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
            body.pop()
    del aot[:]
    for table in final:
        aot.append(table)
    for table in final[:-1]:
        if not table.as_string().endswith("\n\n"):
            table.add(tomlkit.nl())


def merge_entry_text(old: str, rendered: str, owned: KeyTree) -> str:
    """Merge a rendered ``[[sessions]]`` element into the text of an existing one.

    The line breaks after the entry (which separate it from the next) stay as they were,
    whichever table ends the entry now.
    """
    old_doc = tomlkit.parse(old)
    new_doc = tomlkit.parse(rendered)
    merge_table(old_doc[ENTRIES_KEY][0], new_doc[ENTRIES_KEY][0], owned)
    merged = tomlkit.dumps(old_doc)
    body = old.rstrip("\r\n")
    return merged.rstrip("\r\n") + old[len(body) :] if body else merged


# ---------------------------------------------------------------------------- editing


class EditableText:
    """The text of a file whose ``[[sessions]]`` elements are changed one at a time.

    ``ids`` are the session ids in file order, as read by a full parser; ``layout`` is the
    scanner's cut (None to edit through tomlkit on the whole document).
    """

    def __init__(self, text: str, ids: list[str], layout: Layout | None) -> None:
        if layout is not None and len(layout.segments) != len(ids):
            layout = None
        self.text = text
        self.ids = list(ids)
        self._layout = layout

    def copy(self) -> EditableText:
        """An independent copy, to edit without touching this one."""
        layout = (
            None if self._layout is None else Layout(self._layout.preamble_end, list(self._layout.segments))
        )
        return EditableText(self.text, self.ids, layout)

    @property
    def segmented(self) -> bool:
        """False when edits go through tomlkit on the whole document (unusual layouts)."""
        return self._layout is not None

    def segment(self, entry_id: str) -> str | None:
        """The current text of an entry's segment (None if absent or not segmented)."""
        if self._layout is None or entry_id not in self.ids:
            return None
        start, end = self._layout.segments[self.ids.index(entry_id)]
        return self.text[start:end]

    def upsert(self, entry_id: str, rendered: str, owned: KeyTree, is_pristine: Callable[[str], bool]) -> str:
        """Write ``rendered`` as the entry ``entry_id``; returns the entry's new segment text.

        A new entry is appended; an existing one is replaced when ``is_pristine`` says that
        nobody touched its text, and merged otherwise.
        """
        if self._layout is None:
            return self._upsert_whole(entry_id, rendered, owned)
        if entry_id not in self.ids:
            separator = _separator_before_append(self.text)
            start = len(self.text) + len(separator)
            self.text += separator + rendered
            self._layout.segments.append((start, len(self.text)))
            self.ids.append(entry_id)
            return rendered
        index = self.ids.index(entry_id)
        start, end = self._layout.segments[index]
        old = self.text[start:end]
        body = old.rstrip()
        if body == rendered.rstrip():
            return old
        if not _is_one_entry(old, entry_id):
            # The scanner's cut is not a session on its own (a layout it misread): this
            # file is edited through tomlkit, whole, from now on.
            self._layout = None
            return self._upsert_whole(entry_id, rendered, owned)
        # The blank lines after an entry separate it from the next one: they stay as they are.
        new = (
            rendered.rstrip() + old[len(body) :]
            if is_pristine(body)
            else merge_entry_text(old, rendered, owned)
        )
        self._splice(start, end, new)
        return new

    def replace_preamble(self, rendered: str, owned: KeyTree) -> None:
        """Merge rendered root keys into the text before the first table."""
        if self._layout is not None:
            end = self._layout.preamble_end
            old = self.text[:end]
            if _is_root_keys(old):
                old_doc = tomlkit.parse(old)
                merge_table(old_doc, tomlkit.parse(rendered), owned)
                new = tomlkit.dumps(old_doc)
                if new != old:
                    self._splice(0, end, new)
                    self._layout = Layout(len(new), self._layout.segments)
                return
            self._layout = None  # not the root keys alone: a layout the scanner misread
        doc = tomlkit.parse(self.text)
        merge_table(doc, tomlkit.parse(rendered), owned)
        self.text = tomlkit.dumps(doc)

    def _splice(self, start: int, end: int, new: str) -> None:
        assert self._layout is not None
        shift = len(new) - (end - start)
        self.text = self.text[:start] + new + self.text[end:]
        moved: list[tuple[int, int]] = []
        for seg_start, seg_end in self._layout.segments:
            if seg_start >= end:
                moved.append((seg_start + shift, seg_end + shift))
            elif seg_start == start:
                moved.append((seg_start, seg_end + shift))
            else:
                moved.append((seg_start, seg_end))
        self._layout.segments[:] = moved

    def _upsert_whole(self, entry_id: str, rendered: str, owned: KeyTree) -> str:
        doc = tomlkit.parse(self.text)
        new_table = tomlkit.parse(rendered)[ENTRIES_KEY][0]
        entries = doc.get(ENTRIES_KEY)
        if isinstance(entries, Array):
            # ``sessions = []`` or ``sessions = [{…}, …]``: valid, but nothing can be added
            # to an inline list in codev's layout; its entries become [[sessions]] tables,
            # and its comments stay where it was.
            aot = _as_tables(entries)
            _delete_keeping_comments(doc, ENTRIES_KEY)
            entries = None
        else:
            aot = tomlkit.aot()
        if entries is None:
            doc.append(ENTRIES_KEY, aot)
            entries = doc[ENTRIES_KEY]
        if not isinstance(entries, AoT):
            raise UnsupportedLayout(ENTRIES_KEY)
        index = next((i for i, table in enumerate(entries) if table.get("id") == entry_id), None)
        if index is None:
            entries.append(new_table)
            self.ids.append(entry_id)
            table = new_table
        else:
            table = entries[index]
            merge_table(table, new_table, owned)
        self.text = tomlkit.dumps(doc)
        holder = tomlkit.document()
        holder.append(ENTRIES_KEY, tomlkit.aot())
        holder[ENTRIES_KEY].append(table)
        return tomlkit.dumps(holder)


def _as_tables(array: Array) -> AoT:
    """The inline tables of ``array`` as an array of tables, keys and values as written.

    Raises :class:`UnsupportedLayout` for an item that is not a table. (The list's comments
    are the caller's to keep.)
    """
    aot = tomlkit.aot()
    for item in array:
        if not isinstance(item, InlineTable):
            raise UnsupportedLayout(ENTRIES_KEY)
        table = tomlkit.table()
        for key, value in item.value.body:
            if key is not None:
                table.append(key, value)
        table.add(tomlkit.nl())  # a blank line between entries, as codev writes them
        aot.append(table)
    return aot


def _is_one_entry(segment: str, entry_id: str) -> bool:
    """True when ``segment``, read alone, is exactly the ``[[sessions]]`` element ``entry_id``:
    the proof that the scanner cut the file where a session starts and ends."""
    try:
        data = tomllib.loads(segment)
    except tomllib.TOMLDecodeError:
        return False
    entries = data.get(ENTRIES_KEY)
    return (
        list(data) == [ENTRIES_KEY]
        and isinstance(entries, list)
        and len(entries) == 1
        and isinstance(entries[0], dict)
        and entries[0].get("id") == entry_id
    )


def _is_root_keys(preamble: str) -> bool:
    """True when ``preamble``, read alone, holds root keys and no table: where the scanner
    says the first table starts is where it does."""
    try:
        data = tomllib.loads(preamble)
    except tomllib.TOMLDecodeError:
        return False
    return ENTRIES_KEY not in data


def _separator_before_append(text: str) -> str:
    # Entries are separated by one blank line, whatever the end of the file looks like.
    if not text or text.endswith("\n\n"):
        return ""
    return "\n" if text.endswith("\n") else "\n\n"
