"""Quick entry of a note: kind (from the step), author by number or name, text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Select

from codev.core.i18n import t
from codev.core.protocol import NoteKind, Step
from codev.core.session.model import SessionSetup
from codev.ui.i18n import TranslatedBindingsMixin


@dataclass(frozen=True)
class NoteDraft:
    """What the dialog returns: a note ready to be sent to the engine."""

    kind: NoteKind
    author_id: str
    text: str


def _fold(text: str) -> str:
    # "Hélène" is found by typing "helene": accents and case do not matter.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def resolve_author(setup: SessionSetup, typed: str) -> str | None:
    """The participant id meant by ``typed``: a number (1-based), a full name or a unique prefix."""
    typed = typed.strip()
    people = setup.participants
    if typed.isdigit():
        index = int(typed) - 1
        return people[index].id if 0 <= index < len(people) else None
    folded = _fold(typed)
    if not folded:
        return None
    exact = [person.id for person in people if _fold(person.name) == folded]
    if exact:
        return exact[0]
    prefixed = [person.id for person in people if _fold(person.name).startswith(folded)]
    return prefixed[0] if len(prefixed) == 1 else None


class NoteDialog(ModalScreen[NoteDraft | None], TranslatedBindingsMixin):
    """Write (or rewrite) one note; Enter saves, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        # A clicker's PageUp/PageDown reaching the kind list before it is laid out crashes
        # Textual's OptionList (it pages by lines it has not measured yet): handled here.
        Binding("pageup", "page(-1)", show=False, priority=True),
        Binding("pagedown", "page(1)", show=False, priority=True),
    ]

    def __init__(
        self,
        setup: SessionSetup,
        step: Step,
        *,
        default_author: str | None = None,
        initial: NoteDraft | None = None,
    ) -> None:
        super().__init__()
        self.setup = setup
        self.kinds = list(step.notes) or [NoteKind.NOTE]
        if initial is not None and initial.kind not in self.kinds:
            self.kinds.append(initial.kind)
        if NoteKind.NOTE not in self.kinds:
            self.kinds.append(NoteKind.NOTE)
        self.initial = initial
        self.default_author = initial.author_id if initial else default_author

    def compose(self) -> ComposeResult:
        names = [person.name for person in self.setup.participants]
        author_name = ""
        if self.default_author:
            person = self.setup.participant(self.default_author)
            author_name = person.name if person else ""
        with Vertical(id="dialog"):
            yield Label(t("ui.note.title_edit" if self.initial else "ui.note.title"), id="question")
            yield Select(
                [(t(f"note.kind.{kind.value}"), kind) for kind in self.kinds],
                value=self.initial.kind if self.initial else self.kinds[0],
                allow_blank=False,
                id="note-kind",
            )
            yield Input(
                author_name,
                placeholder=t("ui.note.author_placeholder"),
                suggester=SuggestFromList(names, case_sensitive=False),
                id="note-author",
            )
            people = "  ".join(f"{number}·{name}" for number, name in enumerate(names, start=1))
            # Names as typed at the set-up ("[b]Zoé[/b]" included): text, never markup.
            yield Label(people, id="note-people", markup=False)
            yield Input(
                self.initial.text if self.initial else "",
                placeholder=t("ui.note.text_placeholder"),
                id="note-text",
            )
            yield Label("", id="note-error")

    def on_mount(self) -> None:
        # Straight to the text when the author is known (the current speaker, or an edit).
        # After the refresh: the screen's own auto-focus would otherwise take the Select.
        target = "#note-text" if self.default_author else "#note-author"
        self.call_after_refresh(self.query_one(target, Input).focus)

    def action_page(self, direction: int) -> None:
        """In the open kind list, the first or last kind (a dozen at most: a page is all of
        them); elsewhere the keys do nothing here."""
        focused = self.focused
        if isinstance(focused, OptionList):
            if int(direction) > 0:
                focused.action_last()
            else:
                focused.action_first()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "note-author":
            self.query_one("#note-text", Input).focus()
            return
        self._submit()

    def _submit(self) -> None:
        error = self.query_one("#note-error", Label)
        author = resolve_author(self.setup, self.query_one("#note-author", Input).value)
        text = self.query_one("#note-text", Input).value.strip()
        if author is None:
            error.update(t("ui.note.unknown_author"))
            self.query_one("#note-author", Input).focus()
            return
        if not text:
            error.update(t("ui.note.empty"))
            return
        kind = self.query_one("#note-kind", Select).value
        self.dismiss(NoteDraft(kind if isinstance(kind, NoteKind) else self.kinds[0], author, text))

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
