"""The editor's form fields: one widget per value of the protocol file, with its message below.

A field knows the path of its value in the document. It shows the value it is given
(:meth:`EditorField.load`, which posts no change), turns what the trainer types into a value
(:meth:`EditorField.current`) and announces it with :class:`EditorField.Edited`; the screen applies
it to the draft, validates, and hands every field the loader's messages for its path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from codev.core import formatting
from codev.core.i18n import Lang, t
from codev.core.protocol.draft import (
    FieldPath,
    FieldValue,
    lines_from_text,
    number_from_text,
    speakers_from_text,
    words_from_text,
)
from codev.core.protocol.loader import field_path
from codev.core.protocol.model import DEFAULT_LANGUAGES
from codev.ui.widgets.panels import ViewPanel

NO_TURNS = "-"
"""The turns choice that removes the ``turns`` table."""


class EditorField(Vertical):
    """A labelled field bound to one value of the document, with room for its problems."""

    @dataclass
    class Edited(Message):
        """The trainer changed a field: set ``path`` to ``value`` (None removes the key)."""

        path: FieldPath
        value: FieldValue | None

    CHANGE_EVENTS: ClassVar[tuple[type[Message], ...]] = ()
    """The input widget's change messages, silenced while a value is loaded."""

    def __init__(
        self,
        label: str,
        relative: FieldPath,
        *,
        key: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=f"field {classes or ''}".strip())
        self.label = label
        self.relative = relative
        """The path inside the form's scope (the protocol, or one step)."""
        self.path: FieldPath = relative
        """The path in the document; the step form prefixes ``("steps", index)``."""
        self._key = key if key is not None else ".".join(str(part) for part in relative)

    def compose(self) -> ComposeResult:
        yield _head(self.label, self._key)
        yield self.make_input()
        yield ViewPanel(classes="field-error")

    def make_input(self) -> Widget:
        """The widget the trainer types in."""
        raise NotImplementedError

    @property
    def shown_path(self) -> str:
        """The path as the loader's messages name it (steps counted from 1)."""
        return field_path(self.path)

    def load(self, value: Any) -> None:
        """Show ``value`` (from the document) without reporting it as an edit."""
        with self.prevent(*self.CHANGE_EVENTS):
            self.show_value(value)

    def show_value(self, value: Any) -> None:
        """Put ``value`` in the input widget."""
        raise NotImplementedError

    def current(self) -> FieldValue | None:
        """What the input widget holds, as a document value (None: no key)."""
        raise NotImplementedError

    def show_problems(self, messages: Sequence[str]) -> None:
        """Show the loader's messages for this field (nothing when it is fine)."""
        _show_messages(self.query_one(".field-error", ViewPanel), messages)
        self.set_class(bool(messages), "-invalid")

    def edited(self) -> None:
        """Tell the screen what the field now says."""
        self.post_message(EditorField.Edited(self.path, self.current()))


class TextField(EditorField):
    """A one-line text; blank removes the key."""

    CHANGE_EVENTS = (Input.Changed,)

    def __init__(self, label: str, relative: FieldPath, *, placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(label, relative, **kwargs)
        self._placeholder = placeholder

    def make_input(self) -> Widget:
        return Input(placeholder=self._placeholder, compact=True)

    @property
    def input(self) -> Input:
        """The input widget."""
        return self.query_one(Input)

    def show_value(self, value: Any) -> None:
        self.input.value = self.text_of(value)

    def text_of(self, value: Any) -> str:
        """How a document value is written in the input."""
        return "" if value is None else str(value)

    def current(self) -> FieldValue | None:
        return self.input.value.strip() or None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()


class NumberField(TextField):
    """A number of minutes or seconds; a decimal comma is welcome, blank removes the key."""

    def text_of(self, value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return formatting.number(value)
        return super().text_of(value)

    def current(self) -> FieldValue | None:
        return number_from_text(self.input.value)


class WordsField(TextField):
    """A short list of fixed values (roles, kinds of notes), separated by commas.

    A list holding tables (a format 2 protocol's ``[[roles]]``) has no one-line form: it is
    shown by its ids, read-only, and kept as the file writes it.
    """

    def show_value(self, value: Any) -> None:
        tables = isinstance(value, list) and any(not isinstance(item, str) for item in value)
        self.input.disabled = tables
        self.input.tooltip = t("editor.kept_as_written") if tables else None
        super().show_value(value)

    def text_of(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(_item_id(item) for item in value)
        return super().text_of(value)

    def current(self) -> FieldValue | None:
        return words_from_text(self.input.value) or None


class SpeakersField(TextField):
    """Who speaks: one name, or several separated by commas or spaces (a list, format 2).

    Each name is a built-in value or a declared role's id; the loader says which one it does
    not know, under the field, as the trainer types.
    """

    def text_of(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return super().text_of(value)

    def current(self) -> FieldValue | None:
        return speakers_from_text(self.input.value)


def _item_id(item: Any) -> str:
    """A list item as one word: a table (a declared role) by its ``id``."""
    if isinstance(item, Mapping):
        return str(item.get("id", "?"))
    return str(item)


class LongTextField(EditorField):
    """A text that may run over several lines (instructions, description)."""

    CHANGE_EVENTS = (TextArea.Changed,)

    def make_input(self) -> Widget:
        return TextArea(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", compact=True)

    @property
    def area(self) -> TextArea:
        """The text area."""
        return self.query_one(TextArea)

    def show_value(self, value: Any) -> None:
        self.area.load_text(self.text_of(value))

    def text_of(self, value: Any) -> str:
        """How a document value is written in the area."""
        return "" if value is None else str(value)

    def current(self) -> FieldValue | None:
        return self.area.text.strip() or None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()

    def on_resize(self) -> None:
        # Textual 8.2 re-wraps a text area when it is resized but may keep painting the rows
        # wrapped for its old width (clipped on the right: words vanished at each line end,
        # as when the screen's -wide class narrows the form once laid out). Repaint it.
        self.area.refresh()


class LinesField(LongTextField):
    """A list of short texts, one per line (allowed, forbidden, prompts)."""

    def text_of(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return super().text_of(value)

    def current(self) -> FieldValue | None:
        return lines_from_text(self.area.text) or None


class ChoiceField(EditorField):
    """One value among a few (who speaks); a value the list does not know shows blank."""

    CHANGE_EVENTS = (Select.Changed,)

    def __init__(
        self,
        label: str,
        relative: FieldPath,
        choices: Sequence[tuple[str, str]],
        *,
        prompt: str = "—",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, relative, **kwargs)
        self._choices = list(choices)
        self._prompt = prompt
        """What the blank choice (no key) reads as."""

    def make_input(self) -> Widget:
        options = [(shown, value) for value, shown in self._choices]
        return Select[str](options, allow_blank=True, prompt=self._prompt, compact=True)

    @property
    def select(self) -> Select[str]:
        """The drop-down."""
        return self.query_one(Select)

    def show_value(self, value: Any) -> None:
        known = {choice for choice, _ in self._choices}
        options = [(shown, choice) for choice, shown in self._choices]
        listed = isinstance(value, list)
        if listed or (isinstance(value, str) and value not in known):
            # A protocol's own role ("trainer") or a list of speakers (format 2): shown as
            # written; a list cannot be picked from one drop-down, so it is kept read-only.
            shown = ", ".join(_item_id(item) for item in value) if listed else str(value)
            options.append((shown, shown))
            value = shown
        self.select.set_options(options)
        self.select.disabled = listed
        self.select.tooltip = t("editor.kept_as_written") if listed else None
        self.select.value = value if isinstance(value, str) else Select.NULL

    def current(self) -> FieldValue | None:
        value = self.select.value
        return value if isinstance(value, str) else None

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.edited()


class TurnsField(ChoiceField):
    """Whether the step goes round the table, and who takes turns (``turns.who``).

    "No" removes the whole ``turns`` table; a ``turns`` table without ``who`` means the
    consultants, as the format says.
    """

    def show_value(self, value: Any) -> None:
        if not isinstance(value, dict):
            super().show_value(NO_TURNS)
        else:
            super().show_value(value.get("who", "consultants"))

    def edited(self) -> None:
        turns_path = self.path[:-1]
        if self.current() == NO_TURNS:
            self.post_message(EditorField.Edited(turns_path, None))
        else:
            self.post_message(EditorField.Edited(self.path, self.current()))


class CheckField(EditorField):
    """A yes/no value whose default is no (optional step): unticked removes the key."""

    CHANGE_EVENTS = (Checkbox.Changed,)

    def __init__(self, label: str, relative: FieldPath, box_label: str, **kwargs: Any) -> None:
        super().__init__(label, relative, **kwargs)
        self._box_label = box_label

    def make_input(self) -> Widget:
        return Checkbox(self._box_label, compact=True)

    def show_value(self, value: Any) -> None:
        self.query_one(Checkbox).value = value is True

    def current(self) -> FieldValue | None:
        # Off is the default: the key goes rather than reading `optional = false`.
        return True if self.query_one(Checkbox).value else None

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.edited()


class Translations(Vertical):
    """The versions of one text in each language the form shows.

    Two languages sit side by side (stacked when the terminal is narrow). Three or more are
    always stacked: four text areas across a form of some sixty columns would leave each a
    dozen, wrapping every other word, while one below the other each keeps the full width
    and a label naming its language.

    Problems about the text as a whole (no language given) show under them all.
    """

    DEFAULT_CLASSES = "translations"

    def __init__(
        self,
        label: str,
        relative: FieldPath,
        kind: type[TextField] | type[LongTextField],
        languages: Sequence[Lang] = DEFAULT_LANGUAGES,
        *,
        key: str | None = None,
    ) -> None:
        super().__init__()
        self._key = key if key is not None else ".".join(str(part) for part in relative)
        """The key shown next to the label (a role's ``title``, not ``roles.0.title``)."""
        self.label = label
        self.relative = relative
        self.path: FieldPath = relative
        self._kind = kind
        self.languages = tuple(languages)

    def compose(self) -> ComposeResult:
        yield _head(self.label, self._key)
        with Horizontal(classes="languages -stacked" if len(self.languages) > 2 else "languages"):
            for lang in self.languages:
                yield self._kind(language_name(lang), (*self.relative, lang), key=lang)
        yield ViewPanel(classes="group-error")

    @property
    def shown_path(self) -> str:
        """The path as the loader's messages name it."""
        return field_path(self.path)

    def show_problems(self, messages: Sequence[str]) -> None:
        """Show problems about the text as a whole."""
        _show_messages(self.query_one(".group-error", ViewPanel), messages)


def language_name(tag: Lang) -> str:
    """The name of a protocol's language in the interface's (``allemand``), else its tag (``pt-BR``)."""
    try:
        return t(f"editor.lang.{tag}")
    except KeyError:
        # A language codev has no name for: the tag is what the file says anyway.
        return tag


def _head(label: str, key: str) -> Horizontal:
    """A field's label, then the key it has in the file (which the loader's messages name)."""
    # "Title title" says nothing twice: the key shows only when it differs from the label.
    shown = [Label(label, classes="field-label")]
    if key and key.lower() != label.lower():
        shown.append(Label(key, classes="field-key"))
    return Horizontal(*shown, classes="field-head")


def _show_messages(panel: ViewPanel, messages: Sequence[str]) -> None:
    # Called for every field at each keystroke: a panel repaints only when its text changes.
    panel.show("\n".join(f"✗ {message}" for message in messages))
    panel.display = bool(messages)
