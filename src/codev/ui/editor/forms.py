"""The two forms of the editor: the protocol's own fields, and one step's fields."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from codev.core.i18n import Lang, t
from codev.core.protocol.draft import FieldPath, ProtocolDraft
from codev.core.protocol.model import DEFAULT_LANGUAGES, NoteKind, Role, Speakers
from codev.ui.editor.fields import (
    NO_TURNS,
    CheckField,
    ChoiceField,
    EditorField,
    LinesField,
    LongTextField,
    NumberField,
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
            if isinstance(field, TurnsField):
                field.load(draft.value(field.path[:-1]))
            else:
                field.load(draft.value(field.path))


class ProtocolForm(EditorForm):
    """Title, id, version, rounds, author, description, roles, default wrap-up, format."""

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
                t("editor.field.rounds"), ("rounds",), placeholder=t("editor.placeholder.optional")
            )
        yield TextField(t("editor.field.author"), ("author",), placeholder=t("editor.placeholder.optional"))
        yield Translations(t("editor.field.description"), ("description",), LongTextField, self.languages)
        yield WordsField(t("editor.field.roles"), ("roles",), placeholder=t("editor.placeholder.words"))
        yield Static(_values_hint("role", [role.value for role in Role]), classes="field-hint")
        with Horizontal(classes="row"):
            yield NumberField(
                t("editor.field.protocol_wrap_up"),
                ("wrap_up_minutes",),
                placeholder=t("editor.placeholder.default", value="2"),
            )
            yield NumberField(
                t("editor.field.format"), ("format",), placeholder=t("editor.placeholder.default", value="1")
            )


class StepForm(EditorForm):
    """Every field of one step; :meth:`load` binds it to a step."""

    def compose(self) -> ComposeResult:
        speakers = [(speaker.value, t(f"speakers.{speaker.value}")) for speaker in Speakers]
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
        with Horizontal(classes="row"):
            yield ChoiceField(t("editor.field.speakers"), ("speakers",), speakers)
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
        self._show_floor(draft.value((*self.prefix, "protected")) is True)

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
