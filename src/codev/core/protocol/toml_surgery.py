"""Changes to a protocol's tomlkit document that keep what the trainer wrote around them.

A comment about a step is usually written just above its ``[[steps]]`` header, but tomlkit
stores it at the end of the *previous* table. So that such a "lead" travels with its step
when steps are reordered, removed or duplicated, :func:`move_leads_to_headers` moves each
lead into the indentation of its step's header, which renders to exactly the same text.
:func:`set_in` sets or removes one value, creating tables in the file's own style and placing
a new key among the keys present in the usual order.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

import tomlkit
from tomlkit.container import Container, OutOfOrderTableProxy
from tomlkit.items import AoT, Array, Comment, InlineTable, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from codev.core.i18n import LANGUAGES, Lang
from codev.core.toml_lists import has_comments, rewrite_array

FieldPath: TypeAlias = tuple[str | int, ...]
"""Where a value sits in the document: ``("title", "fr")``, ``("steps", 2, "minutes")``…
Steps are counted from 0 here; :func:`codev.core.protocol.loader.field_path` shows them from 1."""

FieldValue: TypeAlias = str | int | float | bool | list[str]
"""What a field can be set to (``None`` removes the key)."""

_TEXT_KEYS: tuple[Lang, ...] = LANGUAGES
"""A new language's text goes after those the catalogue lists before it (fr, en, de, nl…)."""
_TURNS_KEYS = ("who", "seconds")
SUBGROUP_KEYS = ("size", "by", "mix", "title")
PEOPLE_KEYS = ("min", "max")
_NESTED_ORDERS: dict[str, tuple[str, ...]] = {
    "turns": _TURNS_KEYS,
    "subgroups": SUBGROUP_KEYS,
    "people": PEOPLE_KEYS,
}
"""The order of the keys inside a table that is not a text (a text's keys are languages)."""
OPTIONAL_TABLES = frozenset({"purpose", "allowed", "forbidden", "prompts", "subgroups", "people"})
"""Tables that mean nothing once empty: removed with their last value (so is any table
nested in another, such as ``subgroups.title``)."""

TableLike: TypeAlias = Table | InlineTable
Node: TypeAlias = Table | InlineTable | OutOfOrderTableProxy | TOMLDocument
"""Where a key is set. A table written as dotted keys that other keys separate
(``title.fr = …``, ``minutes = 5``, ``title.en = …``) is an ``OutOfOrderTableProxy``."""
Entry: TypeAlias = tuple[Any, Item]
"""One ``(key, item)`` of a tomlkit container body; the key is None for comments and blank lines."""


# --- Comments that belong to the next step ------------------------------------------------


def _trailing_owner(table: TableLike) -> Container:
    """The container whose body ends where the next header starts (the last sub-table's)."""
    container = table.value
    while container.body:
        key, last = container.body[-1]
        if key is None or not isinstance(last, Table):
            break
        container = last.value
    return container


def detach_trailing(table: TableLike) -> list[Entry]:
    """Remove and return the comments and blank lines that end ``table``."""
    if isinstance(table, InlineTable):
        return []
    body = _trailing_owner(table).body
    start = len(body)
    while start > 0 and body[start - 1][0] is None and isinstance(body[start - 1][1], Whitespace | Comment):
        start -= 1
    trailing = body[start:]
    # Only key-less entries at the very end are removed: the indices tomlkit keeps for the
    # keys before them stay right.
    del body[start:]
    return trailing


def attach_trailing(table: TableLike, trailing: list[Entry]) -> None:
    if trailing:
        _trailing_owner(table).body.extend(trailing)


def split_lead(trailing: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Split trailing trivia into (what stays, the lead of the next header).

    The lead starts at the last blank line; with no blank line, comments written right
    above a header are about that header.
    """
    for index in range(len(trailing) - 1, -1, -1):
        item = trailing[index][1]
        if isinstance(item, Whitespace) and "\n" in item.as_string():
            return trailing[:index], trailing[index:]
    return [], trailing


def _text_of(entries: Sequence[Entry]) -> str:
    return "".join(item.as_string() for _, item in entries)


@contextlib.contextmanager
def trailing_kept(table: TableLike | None) -> Iterator[None]:
    """Keep ``table``'s trailing comments at its end across a change that adds or removes sub-tables."""
    if table is None:
        yield
        return
    trailing = detach_trailing(table)
    try:
        yield
    finally:
        attach_trailing(table, trailing)


def move_leads_to_headers(document: TOMLDocument) -> None:
    """Give each step, and each ``[[roles]]`` table, its lead (see the module's docstring);
    the text is unchanged."""
    for name in ("roles", "steps"):
        tables = document.get(name)
        if not isinstance(tables, AoT) or not tables.body:
            continue
        for previous, table in itertools.pairwise(tables.body):
            kept, lead = split_lead(detach_trailing(previous))
            attach_trailing(previous, kept)
            table.trivia.indent = _text_of(lead) + table.trivia.indent
        _move_first_lead(document, tables)


def _move_first_lead(document: TOMLDocument, steps: AoT) -> None:
    body = document.body
    position = next((index for index, (_, item) in enumerate(body) if item is steps), None)
    if position is None or position == 0:
        return  # steps split around other tables: their first lead stays where it is
    start = position
    while start > 0 and body[start - 1][0] is None and isinstance(body[start - 1][1], Whitespace | Comment):
        start -= 1
    first = steps.body[0]
    if start < position:
        kept, lead = split_lead(body[start:position])
        # Blanked in place rather than removed: tomlkit indexes the document's keys by position.
        for index in range(start + len(kept), position):
            body[index] = (None, Whitespace(""))
        first.trivia.indent = _text_of(lead) + first.trivia.indent
        return
    previous = body[position - 1][1]
    if isinstance(previous, Table):
        kept, lead = split_lead(detach_trailing(previous))
        attach_trailing(previous, kept)
        first.trivia.indent = _text_of(lead) + first.trivia.indent


# --- Values and their place ---------------------------------------------------------------


def is_table(item: object) -> bool:
    """True for a ``[header]`` table (which plain keys cannot follow in the same table)."""
    return isinstance(item, Table)


def _headed(item: object) -> bool:
    # A ``[header]`` or an array of ``[[tables]]``: either way the plain keys go above it.
    return isinstance(item, Table | AoT)


def _toml_value(value: FieldValue, previous: object) -> Item:
    if isinstance(value, list):
        if isinstance(previous, Array) and has_comments(previous):
            # The trainer's comments stay with their items (see codev.core.toml_lists).
            return rewrite_array(previous, value, [tomlkit.item(item).as_string() for item in value])
        array = tomlkit.array()
        array.extend(value)
        if isinstance(previous, Array) and "\n" in previous.as_string():
            array.multiline(True)  # keep a list written one item per line that way
        return array
    return tomlkit.item(value)


def insert_key(node: Node, key: str, item: Item, order: Sequence[str]) -> None:
    """Add ``key`` after the closest key that precedes it in ``order`` and is of the same kind.

    Plain values stay above the ``[sub-table]`` headers (below one, they would belong to
    it); a new sub-table goes after the preceding sub-table, else before the first one.
    """
    if isinstance(node, InlineTable):
        _insert_inline(node, key, item, order)
        return
    if isinstance(node, OutOfOrderTableProxy):
        # A proxy places the key with the table's other dotted keys itself.
        node[key] = item
        return
    container = node if isinstance(node, TOMLDocument) else node.value
    preceding = order[: order.index(key)] if key in order else order
    keyed = [(index, entry) for index, (name, entry) in enumerate(container.body) if name is not None]
    if _headed(item):
        first = next((index for index, entry in keyed if _headed(entry)), None)
    else:
        first = keyed[0][0] if keyed else None
    previous = next(
        (
            name
            for name in reversed(preceding)
            if name in container and _headed(container[name]) == _headed(item)
        ),
        None,
    )
    if previous is not None:
        container._insert_after(previous, key, item)
    elif first is not None:
        container._insert_at(first, key, item)
    else:
        container.append(key, item)
    if isinstance(node, Table):
        # A Table is also a dict of its values; tomlkit updates it only through its own methods.
        dict.__setitem__(node, key, container[key])


_insert = insert_key


def _insert_inline(node: InlineTable, key: str, item: Item, order: Sequence[str]) -> None:
    """``key`` placed among an inline table's keys by ``order`` (``count`` after ``meaning``).

    tomlkit keeps an inline table's commas right only when appending: the keys after the new
    one are taken out and appended again behind it (an inline table holds no comments).
    """
    names = [name.key for name, _ in node.value.body if name is not None]
    preceding = order[: order.index(key)] if key in order else order
    after = next((names.index(name) for name in reversed(preceding) if name in names), None)
    movable = key in order and all(name.count(".") == 0 for name in names)
    if not movable or after == len(names) - 1:
        node[key] = item
        return
    start = 0 if after is None else after + 1
    moved = [(name, node.value.item(name)) for name in names[start:]]
    for name, _ in moved:
        del node[name]
    node[key] = item
    for name, value in moved:
        node[name] = value


def _new_table(parent: Node, key: str, order: Sequence[str]) -> TableLike:
    """An empty table for ``key`` in the style of the file: a ``[header]`` sub-table only when
    the texts next to it are written so and it can be placed right after one of them."""
    if isinstance(parent, Table | TOMLDocument):
        container = parent if isinstance(parent, TOMLDocument) else parent.value
        siblings = [container[name] for name in ("title", "description", "instructions") if name in container]
        preceding = order[: order.index(key)] if key in order else order
        placeable = isinstance(parent, Table) or any(
            name in container and is_table(container[name]) for name in preceding
        )
        if siblings and all(is_table(sibling) for sibling in siblings) and placeable:
            table = tomlkit.table()
            table.trivia.indent = siblings[0].trivia.indent  # the blank line before a header, or none
            return table
    return tomlkit.inline_table()


def set_in(
    node: Node,
    path: FieldPath,
    value: FieldValue | None,
    order: Sequence[str],
    optional: frozenset[str] = OPTIONAL_TABLES,
) -> None:
    """Set (None: remove) the value at ``path`` under ``node``, creating the tables on the way
    in the file's style; a new key goes among the others by ``order``; the ``optional``
    tables left empty go (and any table nested in another)."""
    *parents, leaf = path
    chain: list[tuple[Node, str]] = []
    for depth, part in enumerate(parents):
        name = str(part)
        child = node.get(name)
        if not isinstance(child, Table | InlineTable | OutOfOrderTableProxy):
            if value is None:
                return  # nothing to remove
            level_order = order if depth == 0 else ()
            if child is not None:
                del node[name]  # a wrong value where a table belongs: the trainer is fixing it
            child = _new_table(node, name, level_order)
            _insert(node, name, child, level_order)
        chain.append((node, name))
        node = child
    name = str(leaf)
    sub_order = order if not parents else _NESTED_ORDERS.get(str(parents[-1]), _TEXT_KEYS)
    if value is None:
        if name in node:
            del node[name]
    elif name in node:
        node[name] = _toml_value(value, node[name])
    else:
        _insert(node, name, _toml_value(value, None), sub_order)
    for parent, key in reversed(chain):
        # Each inline table on the way, from the innermost: tomlkit spaces what it adds its own way.
        child = parent.get(key)
        if isinstance(child, InlineTable):
            parent[key] = tidied(child)
    _prune(chain, optional)


def tidied(table: InlineTable) -> InlineTable:
    """``table`` written as a person would: tomlkit joins keys it adds as ``{a = 1,b = 2}``."""
    entries = [f"{key.as_string().strip()} = {item.as_string()}" for key, item in table.value.body if key]
    text = "{ " + ", ".join(entries) + " }" if entries else "{}"
    tidy = tomlkit.parse(f"x = {text}\n")["x"]
    assert isinstance(tidy, InlineTable)
    return tidy


def _prune(chain: list[tuple[Node, str]], optional: frozenset[str]) -> None:
    """Remove optional tables left empty (a purpose with no text at all is no purpose)."""
    for depth in range(len(chain) - 1, -1, -1):
        parent, name = chain[depth]
        child = parent.get(name)
        if (
            (name in optional or depth > 0)
            and isinstance(child, Table | InlineTable | OutOfOrderTableProxy)
            and not child.unwrap()
        ):
            del parent[name]
            if depth > 0 and isinstance(parent, InlineTable):
                grand, key = chain[depth - 1]
                grand[key] = tidied(parent)


def get_in(data: object, path: FieldPath) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict) or part not in data:
                return None
            data = data[part]
    return data
