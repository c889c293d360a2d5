"""Edit a protocol file the way a trainer wrote it: comments and key order survive.

The editor works on a tomlkit document, not on the validated model, so that what the trainer
wrote by hand — comments, blank lines, key order, sub-tables or inline tables — stays as it
was outside the values actually changed. After every change the document can be validated
by the loader (the very code that reads protocol files, with its located and translated
messages); it is written to disk only when it passes, atomically. A built-in protocol is
never written in place: saving it creates the workspace's copy.

The draft is the editor's model; what a form field's text reads as is
:mod:`codev.core.protocol.form_text`, the tomlkit changes that keep a file's layout are
:mod:`codev.core.protocol.toml_surgery`, and writing the file is :mod:`codev.core.protocol.files`.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, TypeGuard

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array, InlineTable, Item, Table
from tomlkit.toml_document import TOMLDocument

from codev.core.i18n import LANGUAGES, Lang, get_lang, parse_lang, t

# The loader's reading of a file (size, encoding, binary…) and its messages: one place for both.
from codev.core.problems import Problem
from codev.core.protocol.files import workspace_folder, write_atomically
from codev.core.protocol.form_text import (
    lines_from_text,
    number_from_text,
    speakers_from_text,
    words_from_text,
)
from codev.core.protocol.library import Origin, builtin_protocols_dir, load_library
from codev.core.protocol.loader import (
    MAX_PROTOCOL_BYTES,
    ProtocolError,
    decode_protocol_bytes,
    parse_protocol,
)
from codev.core.protocol.model import (
    DEFAULT_LANGUAGES,
    ROLES_FORMAT,
    Protocol,
    Role,
    Step,
    Turns,
    canonical_tag,
    is_language_tag,
    is_valid_id,
    ordered_tags,
    primary_language,
)
from codev.core.protocol.toml_surgery import (
    OPTIONAL_TABLES,
    Entry,
    FieldPath,
    FieldValue,
    TableLike,
    attach_trailing,
    detach_trailing,
    get_in,
    insert_key,
    is_table,
    move_leads_to_headers,
    set_in,
    split_lead,
    tidied,
    trailing_kept,
)
from codev.core.textfile import BOM, TextFileError, TextStyle, read_regular_bytes
from codev.core.toml_lists import has_comments, rewrite_array
from codev.core.workspace import Workspace

__all__ = [
    "FieldPath",
    "FieldValue",
    "lines_from_text",
    "number_from_text",
    "speakers_from_text",
    "words_from_text",
    "write_atomically",
]

PROTOCOL_KEYS = (
    "format",
    "id",
    "version",
    "author",
    "languages",
    "roles",
    "people",
    "time_box_minutes",
    "wrap_up_minutes",
    "joker_minutes",
    "rounds",
    "subgroups",
    "title",
    "description",
    "steps",
)
"""Top-level keys in the order a new key is placed among those present."""

STEP_KEYS = (
    "id",
    "minutes",
    "min_minutes",
    "wrap_up_minutes",
    "optional",
    "protected",
    "repeat",
    "parallel",
    "each_commits",
    "speakers",
    "notes",
    "title",
    "instructions",
    "purpose",
    "allowed",
    "forbidden",
    "prompts",
    "turns",
)
"""Step keys in the order a new key is placed among those present."""

ROLE_KEYS = ("id", "meaning", "count", "title")
"""A role table's keys in the order a new key is placed among those present."""

DEFAULT_ROLES = ("client", "consultant", "facilitator")
"""The roles of a protocol without ``roles``: written out when the first role is added."""
_ROLE_OPTIONAL = OPTIONAL_TABLES | {"title"}
"""A role's title left without any language goes (a built-in role then keeps its own)."""

MAX_ID_LENGTH = 64
NEW_STEP_MINUTES = 5


class EditError(Exception):
    """An edit, a copy or a save that cannot be done; the message is for the user, translated."""


@dataclass(frozen=True)
class StepSummary:
    """What the step list shows of one step, read from the document even when it is invalid."""

    id: str
    title: str
    minutes: float | None
    """None when the document's value is not a number (the form says why)."""
    optional: bool


@dataclass(frozen=True)
class Validation:
    """The loader's verdict on the document: the protocol, or the problems that prevent it."""

    protocol: Protocol | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the document is a valid protocol (and may be saved)."""
        return self.protocol is not None


# --- Reading the document ------------------------------------------------------------------


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


_Known: TypeAlias = frozenset[str] | Callable[[str], bool] | None
_TEXT_TABLES = ("title", "description", "instructions", "purpose", "allowed", "forbidden", "prompts")
_KNOWN_PROTOCOL: dict[str, _Known] = {
    **dict.fromkeys(Protocol.model_fields),
    "title": is_language_tag,
    "description": is_language_tag,
}
"""Each known key, with the keys known inside it when it is a table (any language tag in a text)."""
_KNOWN_STEP: dict[str, _Known] = {
    **dict.fromkeys(Step.model_fields),
    **dict.fromkeys((name for name in _TEXT_TABLES if name != "description"), is_language_tag),
    "turns": frozenset(Turns.model_fields),
}


def _unknown_in(data: dict[str, Any], prefix: FieldPath, known: dict[str, _Known]) -> list[FieldPath]:
    found: list[FieldPath] = []
    for key, value in data.items():
        if key not in known:
            found.append((*prefix, key))
            continue
        inner = known[key]
        if inner is not None and isinstance(value, dict):
            is_known = inner if callable(inner) else inner.__contains__
            found += [(*prefix, key, name) for name in value if not is_known(name)]
    return found


def _text_in(value: object, lang: Lang, declared: Sequence[Lang] = ()) -> str:
    """A text table's text in ``lang``, else in the language the protocol would show."""
    if not isinstance(value, dict):
        return ""
    for key in ordered_tags(lang, [str(key) for key in value], declared):
        text = value.get(key)
        if isinstance(text, str) and text.strip():
            return text
    return ""


def text_languages(data: object) -> list[Lang]:
    """The language tags a protocol's document uses: declared, then found in its texts (as written)."""
    if not isinstance(data, dict):
        return []
    found: list[str] = []
    declared = data.get("languages")
    if isinstance(declared, list):
        found += [tag for tag in declared if isinstance(tag, str) and is_language_tag(tag)]
    tables = [data.get(name) for name in _TEXT_TABLES]
    steps = data.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            tables += [step.get(name) for name in _TEXT_TABLES]
    for table in tables:
        if isinstance(table, dict):
            found += [key for key in table if isinstance(key, str) and is_language_tag(key)]
    # One entry per language, spelled as its first mention (de-AT and de_AT are one key).
    first: dict[str, str] = {}
    for tag in found:
        first.setdefault(canonical_tag(tag), tag)
    return list(first.values())


def form_languages(data: object, interface: Lang) -> list[Lang]:
    """The languages the editor shows for a document: fr and en always, those the file has,
    and the interface's, in the catalogue's order (fr, en, de, nl…), the others after."""
    tags: dict[str, str] = {canonical_tag(tag): tag for tag in DEFAULT_LANGUAGES}
    for tag in text_languages(data):
        tags.setdefault(canonical_tag(tag), tag)
    # The interface language itself, unless the file already has it under a regional tag.
    if not any(primary_language(tag) == primary_language(interface) for tag in tags):
        tags.setdefault(canonical_tag(interface), interface)
    rank = {lang: index for index, lang in enumerate(LANGUAGES)}

    def order(canonical: str) -> tuple[int, int, str]:
        # A regional variant sits after its language (de, then de_AT).
        language = primary_language(canonical)
        return (rank.get(language, len(rank)), canonical != language, canonical)

    return [tags[canonical] for canonical in sorted(tags, key=order)]


def _parse_document(text: str, name: str) -> TOMLDocument:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        parse_protocol(text, name)  # raises the loader's own located message for this mistake
        raise
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        # tomllib accepted it; tomlkit is stricter on a few corner cases.
        problem = Problem(name, t("file.error.toml_syntax", detail=str(error)), error.line)
        raise ProtocolError([problem]) from None


def _is_inside(path: Path, folder: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def _display_name(path: Path, workspace: Workspace) -> str:
    try:
        return str(path.resolve().relative_to(workspace.root.resolve()))
    except ValueError:
        return str(path)


# --- The draft ------------------------------------------------------------------------------


class ProtocolDraft:
    """A protocol open for editing: its document, where it came from and where it will be saved."""

    def __init__(self, text: str, *, source: Path, workspace: Workspace, builtin: bool, name: str) -> None:
        lf_text, self.style = TextStyle.split(text)
        """The file's byte-order mark and line endings, which saving keeps."""
        self.document = _parse_document(lf_text, name)
        move_leads_to_headers(self.document)
        self.source = source
        """The file read (after a built-in's first save: the workspace copy)."""
        self.workspace = workspace
        self.builtin = builtin
        """True while the draft is a built-in protocol not yet saved to the workspace."""
        self.name = name
        """How problems name the file."""
        self._saved_text = self.document.as_string()
        original_id = self.value(("id",))
        self._original_id = original_id if isinstance(original_id, str) and is_valid_id(original_id) else None

    @classmethod
    def from_file(cls, path: Path, workspace: Workspace, *, builtin: bool | None = None) -> ProtocolDraft:
        """Open ``path``; a file of the built-in library is a built-in unless told otherwise.

        Raises :class:`ProtocolError` when the file cannot be read or is not TOML (a valid TOML
        file that is not yet a valid protocol opens, to be fixed).
        """
        name = _display_name(path, workspace)
        if builtin is None:
            builtin = _is_inside(path, builtin_protocols_dir())
        try:
            data = read_regular_bytes(path, MAX_PROTOCOL_BYTES)
        except TextFileError as error:
            raise ProtocolError([Problem(name, error.message, error.line)]) from None
        # The loader's decoding drops the byte-order mark; the draft must know it was there.
        mark = BOM if data.startswith(BOM.encode("utf-8")) else ""
        text = mark + decode_protocol_bytes(data, name)
        return cls(text, source=path, workspace=workspace, builtin=builtin, name=name)

    # --- Reading ------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The document's TOML text (LF line endings, no byte-order mark)."""
        return self.document.as_string()

    @property
    def file_text(self) -> str:
        """The document as it is written to disk, in the file's style (its BOM, its line ends)."""
        return self.style.apply(self.text)

    @property
    def dirty(self) -> bool:
        """True when the document differs from the file (typing a value back undoes it)."""
        return self.text != self._saved_text

    def value(self, path: FieldPath) -> Any:
        """The plain value at ``path`` (dicts, lists, strings, numbers), or None when absent.

        A role written as a built-in name (``"consultant"``) reads, key by key, as the table
        it stands for: its ``id`` and its ``meaning`` are that name.
        """
        data = self.document.unwrap()
        if len(path) >= 3 and path[0] == "roles" and isinstance(path[1], int):
            item = get_in(data, path[:2])
            if isinstance(item, str):
                return get_in({"id": item, "meaning": item}, path[2:])
        return get_in(data, path)

    @property
    def role_count(self) -> int:
        """How many roles ``roles`` lists (0 when it is missing: the default roles apply)."""
        roles = self.document.get("roles")
        return len(roles) if isinstance(roles, AoT | Array) else 0

    def role_ids(self) -> list[str]:
        """The ids of the roles ``roles`` lists, as written (a name, or a table's ``id``)."""
        roles = self.value(("roles",))
        found: list[str] = []
        for item in roles if isinstance(roles, list) else []:
            role_id = item.get("id") if isinstance(item, dict) else item
            if isinstance(role_id, str):
                found.append(role_id)
        return found

    @property
    def step_count(self) -> int:
        """How many steps the document has (0 when ``steps`` is missing or not a list)."""
        steps = self.document.get("steps")
        return len(steps) if isinstance(steps, AoT | Array) else 0

    def step_summaries(self, lang: Lang) -> list[StepSummary]:
        """One line's worth of each step, in order."""
        steps = self.value(("steps",))
        if not isinstance(steps, list):
            return []
        declared = self.declared_languages()
        summaries = []
        for step in steps:
            data = step if isinstance(step, dict) else {}
            minutes = data.get("minutes")
            number = float(minutes) if _is_number(minutes) else None
            step_id = data.get("id")
            summaries.append(
                StepSummary(
                    id=step_id if isinstance(step_id, str) else "",
                    title=_text_in(data.get("title"), lang, declared),
                    minutes=number,
                    optional=data.get("optional") is True,
                )
            )
        return summaries

    def declared_languages(self) -> list[Lang]:
        """The document's ``languages`` (its well-formed tags; none when not declared)."""
        declared = self.value(("languages",))
        if not isinstance(declared, list):
            return []
        return [tag for tag in declared if isinstance(tag, str) and is_language_tag(tag)]

    def text_at(self, path: FieldPath, lang: Lang) -> str:
        """The text table at ``path`` in ``lang``, or in the language the protocol would show."""
        return _text_in(self.value(path), lang, self.declared_languages())

    def form_languages(self, interface: Lang) -> list[Lang]:
        """The languages the editor's forms show (see :func:`form_languages`)."""
        return form_languages(self.document.unwrap(), interface)

    def validate(self) -> Validation:
        """Validate the document exactly as the loader validates a file."""
        try:
            return Validation(parse_protocol(self.text, self.name))
        except ProtocolError as error:
            return Validation(None, tuple(error.problems))

    @property
    def target(self) -> Path:
        """Where saving writes: the file itself, or for a built-in ``protocols/ID.toml`` of the workspace."""
        if not self.builtin:
            return self.source
        current = self.value(("id",))
        protocol_id = current if isinstance(current, str) and is_valid_id(current) else self._original_id
        return self.workspace.protocols_dir / f"{protocol_id or 'protocol'}.toml"

    def unknown_keys(self) -> list[FieldPath]:
        """The keys the format does not know (typos the loader reports), which no form field shows."""
        data = self.document.unwrap()
        found = _unknown_in(data, (), _KNOWN_PROTOCOL)
        steps = data.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                found += _unknown_in(step, ("steps", index), _KNOWN_STEP)
        return found

    # --- Editing ------------------------------------------------------------------------

    def remove_unknown_keys(self) -> int:
        """Remove every key :meth:`unknown_keys` finds; returns how many went."""
        unknown = self.unknown_keys()
        for path in unknown:
            self.set_value(path, None)
        return len(unknown)

    def set_value(self, path: FieldPath, value: FieldValue | None) -> None:
        """Set the value at ``path`` (creating the tables on the way); None removes the key.

        Untouched keys, comments and blank lines stay as they are; a new key is placed after
        its closest predecessor in the usual order (``min_minutes`` after ``minutes``…).
        """
        if len(path) >= 3 and path[0] == "steps" and isinstance(path[1], int):
            step = self._step(path[1])
            with trailing_kept(step):
                set_in(step, path[2:], value, STEP_KEYS)
            if isinstance(step, InlineTable):
                self._steps_or_new()[path[1]] = tidied(step)
        elif len(path) >= 3 and path[0] == "roles" and isinstance(path[1], int):
            self._set_role_value(path[1], path[2:], value)
        elif path and isinstance(path[0], str) and path[0] != "steps":
            set_in(self.document, path, value, PROTOCOL_KEYS)
        else:
            raise ValueError(f"not a field of a protocol: {path!r}")

    # --- Roles --------------------------------------------------------------------------

    def _roles(self) -> AoT | Array:
        roles = self.document.get("roles")
        if not isinstance(roles, AoT | Array):
            raise IndexError("roles")
        return roles

    def _set_role_value(self, index: int, inner: FieldPath, value: FieldValue | None) -> None:
        """Set a key of role ``index``; a built-in name becomes a table only when it changes."""
        roles = self._roles()
        if not 0 <= index < len(roles):
            raise IndexError(index)
        item = roles[index]
        if not isinstance(item, Table | InlineTable):
            name = str(item) if isinstance(item, str) else ""
            plain: dict[str, Any] = {"id": name, "meaning": name} if name else {}
            changed = copy.deepcopy(plain)
            _put(changed, inner, value)
            if changed == plain:
                return  # the name typed back as it was, or a key it does not have removed
            table = tomlkit.inline_table()
            table.update(plain)
            roles[index] = table
            item = roles[index]
            assert isinstance(item, InlineTable)
        with trailing_kept(item if isinstance(item, Table) else None):
            set_in(item, inner, value, ROLE_KEYS, _ROLE_OPTIONAL)
        if isinstance(item, InlineTable):
            roles[index] = tidied(item)
        self._ensure_roles_format()

    def _ensure_roles_format(self) -> None:
        """A role table is format 2: ``format = 2`` is written as ``codev protocol upgrade`` does."""
        current = self.document.get("format")
        if current is None or (
            isinstance(current, int) and not isinstance(current, bool) and current < ROLES_FORMAT
        ):
            set_in(self.document, ("format",), ROLES_FORMAT, PROTOCOL_KEYS)

    def add_role(self) -> int:
        """Add a role of the protocol's own at the end of ``roles``; returns its index.

        It has a new id, the first meaning no role has yet and a title in the form's
        languages, so that it is valid as added; the file becomes format 2. A protocol
        without ``roles`` gets its default roles written out first (its steps keep their client).
        """
        roles = self.document.get("roles")
        ids = self.role_ids()
        meanings = {self.value(("roles", index, "meaning")) for index in range(self.role_count)}
        if not isinstance(roles, AoT | Array):
            meanings = set(DEFAULT_ROLES)
            ids = list(DEFAULT_ROLES)
        meaning = next((role.value for role in Role if role.value not in meanings), Role.OBSERVER.value)
        stem, number = t("editor.new_role.id"), len(ids) + 1
        while f"{stem}-{number}" in ids:
            number += 1
        langs = {tag: lang for tag in self.form_languages(get_lang()) if (lang := parse_lang(tag))}
        title = tomlkit.inline_table()
        title.update({tag: t("editor.new_role.title", lang=lang) for tag, lang in langs.items()})
        fields = {"id": f"{stem}-{number}", "meaning": meaning}
        if isinstance(roles, AoT):
            table = tomlkit.table()
            table.update(fields)
            table.append("title", tidied(title))
            table.trivia.indent = "\n"
            self._restructure(roles, lambda: roles.append(table))
            index = len(roles) - 1
        else:
            inline = tomlkit.inline_table()
            inline.update(fields)
            inline["title"] = tidied(title)
            if isinstance(roles, Array):
                roles.append(tidied(inline))
                if "\n" not in roles.as_string() and not has_comments(roles):
                    roles.multiline(True)  # one role a line: a role table is long
                index = len(roles) - 1
            else:
                array = tomlkit.array()
                array.extend(DEFAULT_ROLES)
                array.append(tidied(inline))
                array.multiline(True)
                if roles is not None:
                    del self.document["roles"]  # a wrong value: the trainer is fixing it
                insert_key(self.document, "roles", array, PROTOCOL_KEYS)
                index = len(array) - 1
        self._ensure_roles_format()
        return index

    def remove_role(self, index: int) -> None:
        """Remove role ``index`` (a step that names it then says so)."""
        roles = self._roles()
        if not 0 <= index < len(roles):
            raise IndexError(index)
        if isinstance(roles, Array) and has_comments(roles):
            # tomlkit drops the comments around an item it removes: the list is rewritten
            # keeping every one (those of the role removed stay where it was).
            kept = [item for position, item in enumerate(roles) if position != index]
            values = [item.unwrap() if isinstance(item, Item) else item for item in kept]
            texts = [
                item.as_string() if isinstance(item, Item) else tomlkit.item(item).as_string()
                for item in kept
            ]
            self.document["roles"] = rewrite_array(roles, values, texts)
            return
        self._restructure(roles, lambda: roles.__delitem__(index))

    def add_step(self, after: int | None = None) -> int:
        """Insert a new step after step ``after`` (at the end when None); returns its index."""
        steps = self._steps_or_new()
        index = len(steps) if after is None else min(max(after + 1, 0), len(steps))
        template = steps[index - 1] if index > 0 else (steps[0] if len(steps) else None)
        table = self._new_step(steps, template)
        self._restructure(steps, lambda: steps.insert(index, table))
        return index

    def duplicate_step(self, index: int) -> int:
        """Insert a copy of step ``index`` right after it, with a new id; returns the copy's index."""
        steps = self._steps_or_new()
        original = self._step(index)

        def duplicate() -> None:
            twin = copy.deepcopy(original)
            base = self.value(("steps", index, "id"))
            twin["id"] = self._unique_id(base if isinstance(base, str) and is_valid_id(base) else None)
            if isinstance(twin, Table):
                # The original's comment above its header is about the original.
                twin.trivia.indent = "\n" if "\n" in original.trivia.indent else ""
            steps.insert(index + 1, twin)

        self._restructure(steps, duplicate)
        return index + 1

    def remove_step(self, index: int) -> None:
        """Remove step ``index`` with the comment written above it; the last step cannot go."""
        steps = self._steps_or_new()
        if len(steps) <= 1:
            raise EditError(t("editor.error.last_step"))
        self._step(index)  # IndexError for a step that does not exist
        self._restructure(steps, lambda: steps.__delitem__(index))

    def move_step(self, index: int, offset: int) -> int:
        """Move step ``index`` by ``offset`` places (clamped to the list); returns where it went."""
        steps = self._steps_or_new()
        table = self._step(index)
        target = min(max(index + offset, 0), len(steps) - 1)
        if target != index:

            def move() -> None:
                del steps[index]
                steps.insert(target, table)

            self._restructure(steps, move)
        return target

    def _steps_or_new(self) -> AoT | Array:
        steps = self.document.get("steps")
        if isinstance(steps, AoT | Array):
            return steps
        if steps is not None:
            # `steps = "…"`: replaced, at the end, since a [[steps]] header ends the top-level keys.
            del self.document["steps"]
        fresh = tomlkit.aot()
        self.document.append("steps", fresh)
        return fresh

    def _step(self, index: int) -> TableLike:
        steps = self._steps_or_new()
        if not 0 <= index < len(steps):
            raise IndexError(index)
        step = steps[index]
        if isinstance(step, Table | InlineTable):
            return step
        replacement = tomlkit.inline_table()  # a step written as something else: start it afresh
        steps[index] = replacement
        return replacement

    def _restructure(self, steps: AoT | Array, change: Callable[[], None]) -> None:
        """Apply ``change`` to the steps (or the roles); what ends the last table after its
        last blank line — the file's end, the next header's comment — stays at the end."""
        last = steps[-1] if len(steps) and isinstance(steps, AoT) else None
        tail: list[Entry] = []
        if last is not None:
            # What ends the file after its last blank line is the file's; what comes before is the step's.
            kept, tail = split_lead(detach_trailing(last))
            attach_trailing(last, kept)
        change()
        if tail and len(steps):
            attach_trailing(steps[-1], tail)

    def _step_ids(self) -> set[str]:
        steps = self.value(("steps",))
        if not isinstance(steps, list):
            return set()
        return {step["id"] for step in steps if isinstance(step, dict) and isinstance(step.get("id"), str)}

    def _unique_id(self, base: str | None) -> str:
        """A step id not used yet: ``base-2``, ``base-3``… or ``etape-N`` / ``step-N``."""
        used = self._step_ids()
        stem = base or t("editor.new_step.id")
        start = 2 if base else len(used) + 1
        number = start
        while True:
            suffix = f"-{number}"
            candidate = stem[: MAX_ID_LENGTH - len(suffix)] + suffix
            if candidate not in used:
                return candidate
            number += 1

    def _new_step(self, steps: AoT | Array, template: object) -> TableLike:
        # In each language the form shows that has a catalogue (a "pt" text would be English).
        langs = {tag: lang for tag in self.form_languages(get_lang()) if (lang := parse_lang(tag))}
        texts = {
            "title": {tag: t("editor.new_step.title", lang=lang) for tag, lang in langs.items()},
            "instructions": {
                tag: t("editor.new_step.instructions", lang=lang) for tag, lang in langs.items()
            },
        }
        if isinstance(steps, Array):
            inline = tomlkit.inline_table()
            inline.update({"id": self._unique_id(None), "minutes": NEW_STEP_MINUTES, "speakers": "everyone"})
            for key, text in texts.items():
                inline_text = tomlkit.inline_table()
                inline_text.update(text)
                inline[key] = tidied(inline_text)
            return tidied(inline)
        table = tomlkit.table()
        table.update({"id": self._unique_id(None), "minutes": NEW_STEP_MINUTES, "speakers": "everyone"})
        sub_tables = isinstance(template, Table) and is_table(template.get("title"))
        for key, text in texts.items():
            part: TableLike = tomlkit.table() if sub_tables else tomlkit.inline_table()
            part.update(text)
            table.append(key, part if isinstance(part, Table) else tidied(part))
            if isinstance(template, Table) and isinstance(part, Table):
                part.trivia.indent = template["title"].trivia.indent
        table.trivia.indent = "\n"
        return table

    # --- Saving -------------------------------------------------------------------------

    def save(self) -> Path:
        """Write the document if it is a valid protocol; returns the file written.

        Raises :class:`ProtocolError` (with the problems) when it is not valid — nothing is
        written — and :class:`EditError` when the file cannot be written.
        """
        validation = self.validate()
        if validation.protocol is None:
            raise ProtocolError(validation.problems)
        text = self.text
        target = self.target
        builtin_folder = builtin_protocols_dir()
        if self.builtin and _is_inside(target, builtin_folder):
            raise EditError(t("editor.error.builtin_folder", folder=builtin_folder))
        try:
            write_atomically(
                target,
                self.style.apply(text),
                overwrite=not self.builtin,
                within=workspace_folder(target, self.workspace),
            )
        except FileExistsError:
            shown = _display_name(target, self.workspace)
            raise EditError(t("editor.error.copy_exists", path=shown)) from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise EditError(t("editor.error.write", path=target, reason=reason)) from None
        if self.builtin:
            self.source, self.builtin = target, False
            self.name = _display_name(target, self.workspace)
        self._saved_text = text
        return target


# --- Opening and copying --------------------------------------------------------------------


def open_draft(reference: str, workspace: Workspace) -> ProtocolDraft:
    """Open a protocol for editing by id (workspace first, then built-in) or by file path.

    A workspace file named ``ID.toml`` that the library left out because it is invalid opens
    too, so that it can be fixed. Raises :class:`EditError` for an unknown protocol and
    :class:`ProtocolError` for a file that cannot be read as TOML.
    """
    library = load_library(workspace)
    entry = library.get(reference)
    if entry is not None and entry.origin is Origin.WORKSPACE:
        return ProtocolDraft.from_file(entry.path, workspace, builtin=False)
    by_name = workspace.protocols_dir / f"{reference}.toml"
    known_paths = {item.path.resolve() for item in library.entries.values()}
    if is_valid_id(reference) and by_name.is_file() and by_name.resolve() not in known_paths:
        return ProtocolDraft.from_file(by_name, workspace, builtin=False)
    if entry is not None:
        return ProtocolDraft.from_file(entry.path, workspace, builtin=True)
    path = Path(reference).expanduser()
    if path.suffix == ".toml" or path.exists():
        return ProtocolDraft.from_file(path, workspace)
    known = ", ".join(sorted(library.entries))
    raise EditError(t("cli.protocol.unknown", id=reference, known=known))


def copy_protocol(new_id: str, source_id: str, workspace: Workspace) -> Path:
    """Copy protocol ``source_id`` (built-in or workspace) to the workspace as ``protocols/NEW_ID.toml``.

    The copy is the source file's text — its comments and layout kept — with the new id.
    Never overwrites a file. Raises :class:`EditError` with the reason otherwise.
    """
    if not is_valid_id(new_id):
        raise EditError(t("editor.error.bad_id", id=new_id))
    library = load_library(workspace)
    entry = library.get(source_id)
    if entry is None:
        known = ", ".join(sorted(library.entries))
        raise EditError(t("cli.protocol.unknown", id=source_id, known=known))
    target = workspace.protocols_dir / f"{new_id}.toml"
    shown = _display_name(target, workspace)
    if target.exists():
        raise EditError(t("editor.error.exists", path=shown))
    existing = library.get(new_id)
    if existing is not None and existing.origin is Origin.WORKSPACE:
        # A second file with the same id would be left out of the library.
        raise EditError(t("editor.error.id_taken", id=new_id, path=_display_name(existing.path, workspace)))
    draft = ProtocolDraft.from_file(entry.path, workspace, builtin=False)
    draft.set_value(("id",), new_id)
    validation = draft.validate()
    if validation.protocol is None:
        raise ProtocolError(validation.problems)
    try:
        write_atomically(target, draft.file_text, overwrite=False, within=workspace_folder(target, workspace))
    except FileExistsError:
        raise EditError(t("editor.error.exists", path=shown)) from None
    except OSError as error:
        raise EditError(t("editor.error.write", path=target, reason=error.strerror or str(error))) from None
    return target


def _put(data: dict[str, Any], path: FieldPath, value: FieldValue | None) -> None:
    """``data`` with ``path`` set (None: removed), as :meth:`ProtocolDraft.set_value` does to a file."""
    *parents, leaf = path
    node: Any = data
    for part in parents:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value
