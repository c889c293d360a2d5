"""The two forms of the editor: the protocol's own fields, and one step's fields."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from codev.core.i18n import Lang, t
from codev.core.protocol.draft import FieldPath, ProtocolDraft
from codev.core.protocol.model import DEFAULT_LANGUAGES, NoteKind, Role, RoleCount, Speakers
from codev.ui.editor.fields import (
    NO_TURNS,
    CheckField,
    ChoiceField,
    EditorField,
    LinesField,
    LongTextField,
    NumberField,
    SpeakersField,
    TextField,
    Translations,
    TurnsField,
    WordsField,
)


def _values_hint(kind: str, values: list[str]) -> str:
    """The values a words field accepts, with their translation when it differs."""
    shown = []
    for value in values:
        label = t(f"{kind}.{value}")
        shown.append(value if label == value else f"{value} ({label})")
    return t("editor.choices", values=", ".join(shown))


class EditorForm(Vertical):
    """A form whose fields are bound to values of the draft under a common prefix."""

    prefix: FieldPath = ()

    def __init__(self, *, languages: Sequence[Lang] = DEFAULT_LANGUAGES, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.languages = tuple(languages)
        """The languages of the texts, in the order they show (see :class:`Translations`)."""

    def fields(self) -> Iterator[EditorField | Translations]:
        """Every field and group of translations of the form."""
        yield from self.query(Translations)
        yield from self.query(EditorField)

    def bind(self, prefix: FieldPath = ()) -> None:
        """Bind the fields to the values under ``prefix`` (a step's ``("steps", index)``)."""
        self.prefix = prefix
        for group in self.query(Translations):
            group.path = (*prefix, *group.relative)
        for field in self.query(EditorField):
            field.path = (*prefix, *field.relative)

    def load(self, draft: ProtocolDraft) -> None:
        """Show the draft's values in the fields."""
        for field in self.query(EditorField):
            field.load(field_value(draft, field))

    def reload_changed(self, draft: ProtocolDraft, before: dict[FieldPath, Any], edited: FieldPath) -> None:
        """Show again the fields whose value an edit changed besides its own (``format = 2``
        written with the first role table); ``before`` is :meth:`values` before the edit."""
        for field in self.query(EditorField):
            value = field_value(draft, field)
            if field.path != edited and before.get(field.path) != value:
                field.load(value)

    def values(self, draft: ProtocolDraft) -> dict[FieldPath, Any]:
        """What each field shows of the draft (see :meth:`reload_changed`)."""
        return {field.path: field_value(draft, field) for field in self.query(EditorField)}


def field_value(draft: ProtocolDraft, field: EditorField) -> Any:
    """The draft's value a field shows (the turns choice shows the whole ``turns`` table)."""
    return draft.value(field.path[:-1] if isinstance(field, TurnsField) else field.path)


def _with_label(value: str, label: str) -> str:
    """A value and its translation, once when they are the same word (``client``)."""
    return value if label == value else f"{value} · {label}"


def _section(key: str) -> Static:
    return Static(t(key), classes="form-section")


class RoleBlock(Vertical):
    """One role of ``roles``: id, meaning, how many, title in each language, and a button to remove it.

    A role written as a built-in name shows as the table it stands for; it is written as a
    table only once one of its values changes (see :meth:`ProtocolDraft.set_value`).
    """

    DEFAULT_CLASSES = "role-block"

    @dataclass
    class Remove(Message):
        """The trainer asks to remove role ``index``."""

        index: int

    def __init__(self, index: int, languages: Sequence[Lang]) -> None:
        super().__init__(id=f"role-{index}")
        self.index = index
        self.languages = tuple(languages)

    def compose(self) -> ComposeResult:
        meanings = [(role.value, _with_label(role.value, t(f"role.{role.value}"))) for role in Role]
        counts = [(count.value, t(f"role.count.{count.value}")) for count in RoleCount]
        with Horizontal(classes="role-head"):
            yield Static(classes="role-heading")
            yield Button(t("editor.role.remove"), compact=True, classes="role-remove")
        with Horizontal(classes="row"):
            yield TextField(t("editor.field.id"), ("roles", self.index, "id"), key="id")
            yield ChoiceField(
                t("editor.field.meaning"), ("roles", self.index, "meaning"), meanings, key="meaning"
            )
        yield ChoiceField(
            t("editor.field.count"),
            ("roles", self.index, "count"),
            counts,
            key="count",
            prompt=t("editor.count.default"),
        )
        yield Translations(
            t("editor.field.title"), ("roles", self.index, "title"), TextField, self.languages, key="title"
        )

    def show_heading(self, role_id: object) -> None:
        """The block's heading: its number and its id as typed."""
        shown = role_id if isinstance(role_id, str) else ""
        text = t("editor.role.heading", number=self.index + 1, id=shown).rstrip(" ·")
        self.query_one(".role-heading", Static).update(text)

    @on(EditorField.Edited)
    def _id_edited(self, event: EditorField.Edited) -> None:
        # Not stopped: the screen applies every edit.
        if event.path[-1:] == ("id",):
            self.show_heading(event.value)

    @on(Button.Pressed, ".role-remove")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(RoleBlock.Remove(self.index))


class RolesSection(Vertical):
    """The protocol's roles, one block each, and the button that adds one."""

    DEFAULT_CLASSES = "roles-section"

    class Add(Message):
        """The trainer asks for a new role."""

    def __init__(self, languages: Sequence[Lang]) -> None:
        super().__init__(id="roles-section")
        self.languages = tuple(languages)

    def compose(self) -> ComposeResult:
        yield _section("editor.section.roles")
        yield Static(t("editor.roles.default"), id="roles-default", classes="field-hint")
        yield Vertical(id="role-blocks")
        yield Button(t("editor.role.add"), compact=True, id="add-role")
        yield Static(t("editor.roles.hint"), classes="field-hint")

    @property
    def blocks(self) -> list[RoleBlock]:
        """The role blocks shown, in order."""
        return list(self.query(RoleBlock))

    async def show_roles(self, count: int) -> None:
        """Have one block per role (``count``), keeping those there."""
        holder = self.query_one("#role-blocks", Vertical)
        blocks = self.blocks
        self.query_one("#roles-default", Static).display = count == 0
        if len(blocks) > count:
            await holder.remove_children(blocks[count:])
        elif len(blocks) < count:
            await holder.mount_all([RoleBlock(index, self.languages) for index in range(len(blocks), count)])

    @on(Button.Pressed, "#add-role")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(RolesSection.Add())


class ProtocolForm(EditorForm):
    """Title, id, version, rounds, author, description, roles, group and time, sub-groups, format."""

    class Shown(Message):
        """The form has its role blocks and their values: their problems can be shown."""

    def compose(self) -> ComposeResult:
        yield Translations(t("editor.field.title"), ("title",), TextField, self.languages)
        with Horizontal(classes="row"):
            yield TextField(t("editor.field.id"), ("id",))
            yield TextField(
                t("editor.field.version"),
                ("version",),
                placeholder=t("editor.placeholder.default", value="1"),
            )
            yield NumberField(
                t("editor.field.rounds"), ("rounds",), placeholder=t("editor.placeholder.rounds")
            )
        yield TextField(t("editor.field.author"), ("author",), placeholder=t("editor.placeholder.optional"))
        yield Translations(t("editor.field.description"), ("description",), LongTextField, self.languages)
        yield RolesSection(self.languages)
        yield _section("editor.section.group")
        with Horizontal(classes="row"):
            yield NumberField(
                t("editor.field.people_min"), ("people", "min"), placeholder=t("editor.placeholder.optional")
            )
            yield NumberField(
                t("editor.field.people_max"), ("people", "max"), placeholder=t("editor.placeholder.optional")
            )
            yield NumberField(
                t("editor.field.time_box"),
                ("time_box_minutes",),
                placeholder=t("editor.placeholder.optional"),
            )
        with Horizontal(classes="row"):
            yield NumberField(
                t("editor.field.protocol_wrap_up"),
                ("wrap_up_minutes",),
                placeholder=t("editor.placeholder.default", value="2"),
            )
            yield NumberField(
                t("editor.field.joker"), ("joker_minutes",), placeholder=t("editor.placeholder.optional")
            )
            yield NumberField(
                t("editor.field.format"), ("format",), placeholder=t("editor.placeholder.default", value="1")
            )
        yield _section("editor.section.subgroups")
        with Horizontal(classes="row"):
            yield NumberField(
                t("editor.field.subgroup_size"),
                ("subgroups", "size"),
                placeholder=t("editor.placeholder.optional"),
            )
            yield TextField(
                t("editor.field.subgroup_by"),
                ("subgroups", "by"),
                placeholder=t("editor.placeholder.optional"),
            )
            yield TextField(
                t("editor.field.subgroup_mix"),
                ("subgroups", "mix"),
                placeholder=t("editor.placeholder.optional"),
            )
        yield Static(t("editor.subgroups.hint"), classes="field-hint")
        yield Translations(
            t("editor.field.subgroup_title"), ("subgroups", "title"), TextField, self.languages
        )

    @property
    def roles(self) -> RolesSection:
        """The roles' blocks."""
        return self.query_one(RolesSection)

    def load(self, draft: ProtocolDraft) -> None:
        """Show the draft's values, with one block per role (mounted first when their number changed)."""
        if len(self.roles.blocks) != draft.role_count:
            self.call_later(self._rebuild, draft)
            return
        self._load_all(draft)

    async def _rebuild(self, draft: ProtocolDraft) -> None:
        await self.roles.show_roles(draft.role_count)
        self.bind(self.prefix)
        self._load_all(draft)

    def _load_all(self, draft: ProtocolDraft) -> None:
        self.query_one("#roles-default", Static).display = draft.role_count == 0
        super().load(draft)
        for block in self.roles.blocks:
            block.show_heading(draft.value(("roles", block.index, "id")))
        self.post_message(ProtocolForm.Shown())


class StepForm(EditorForm):
    """Every field of one step; :meth:`load` binds it to a step."""

    def compose(self) -> ComposeResult:
        turns = [
            (NO_TURNS, t("editor.turns.none")),
            (Speakers.CONSULTANTS.value, t("speakers.consultants")),
            (Speakers.EVERYONE.value, t("speakers.everyone")),
        ]
        yield Translations(t("editor.field.title"), ("title",), TextField, self.languages)
        with Horizontal(classes="row"):
            yield TextField(t("editor.field.id"), ("id",))
            yield CheckField(
                t("editor.field.optional"), ("optional",), t("editor.optional_box"), classes="narrow-field"
            )
        with Horizontal(classes="row"):
            yield CheckField(t("editor.field.protected"), ("protected",), t("editor.protected_box"))
            yield CheckField(t("editor.field.repeat"), ("repeat",), t("editor.repeat_box"))
            yield CheckField(t("editor.field.parallel"), ("parallel",), t("editor.parallel_box"))
            yield CheckField(t("editor.field.each_commits"), ("each_commits",), t("editor.each_commits_box"))
        with Horizontal(classes="row"):
            yield NumberField(t("editor.field.minutes"), ("minutes",))
            yield NumberField(
                t("editor.field.min_minutes"),
                ("min_minutes",),
                placeholder=t("editor.placeholder.optional"),
                id="step-floor",
            )
            yield NumberField(
                t("editor.field.wrap_up"), ("wrap_up_minutes",), placeholder=t("editor.placeholder.optional")
            )
        yield SpeakersField(
            t("editor.field.speakers"), ("speakers",), placeholder=t("editor.placeholder.words")
        )
        yield Static(id="speakers-hint", classes="field-hint")
        with Horizontal(classes="row"):
            yield TurnsField(t("editor.field.turns"), ("turns", "who"), turns)
            yield NumberField(
                t("editor.field.turns_seconds"),
                ("turns", "seconds"),
                placeholder=t("editor.placeholder.optional"),
            )
        yield WordsField(t("editor.field.notes"), ("notes",), placeholder=t("editor.placeholder.words"))
        yield Static(_values_hint("note.kind", [kind.value for kind in NoteKind]), classes="field-hint")
        yield Translations(t("editor.field.instructions"), ("instructions",), LongTextField, self.languages)
        yield Translations(t("editor.field.purpose"), ("purpose",), LongTextField, self.languages)
        yield Translations(t("editor.field.allowed"), ("allowed",), LinesField, self.languages)
        yield Translations(t("editor.field.forbidden"), ("forbidden",), LinesField, self.languages)
        yield Translations(t("editor.field.prompts"), ("prompts",), LinesField, self.languages)

    def load(self, draft: ProtocolDraft) -> None:
        """Show the step's values; ``repeat`` only where rounds make sense."""
        super().load(draft)
        repeat = self._field("repeat")
        # A step that repeats without rounds keeps its box: the loader's message is under it.
        repeat.display = draft.value(("rounds",)) is not None or draft.value(repeat.path) is not None
        # Parallel means something only with sub-groups; a step that says it keeps its box.
        parallel = self._field("parallel")
        parallel.display = draft.value(("subgroups",)) is not None or draft.value(parallel.path) is not None
        self._show_floor(draft.value((*self.prefix, "protected")) is True)
        self.query_one("#speakers-hint", Static).update(_speakers_hint(draft))

    @on(EditorField.Edited)
    def _protected_edited(self, event: EditorField.Edited) -> None:
        # Not stopped: the screen applies every edit.
        if event.path[-1:] == ("protected",):
            self._show_floor(event.value is True)

    def _field(self, name: str) -> EditorField:
        return next(field for field in self.query(EditorField) if field.relative == (name,))

    def _show_floor(self, protected: bool) -> None:
        """A protected step is never shortened: its floor means nothing, and says so.

        The floor stays editable while it holds a value, so that the loader's message
        (protected or a floor, not both) can be acted on.
        """
        floor = self.query_one("#step-floor", NumberField).input
        floor.disabled = protected and not floor.value.strip()
        key = "editor.placeholder.protected" if protected else "editor.placeholder.optional"
        floor.placeholder = t(key)


def _speakers_hint(draft: ProtocolDraft) -> str:
    """The names a step's speakers may be: the built-in values, then the protocol's own roles."""
    builtin = [speaker.value for speaker in Speakers]
    # The values only: their translations ("the client") are longer than the list itself.
    shown = builtin + [role_id for role_id in draft.role_ids() if role_id not in builtin]
    return t("editor.choices", values=", ".join(shown))
