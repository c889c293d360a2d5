"""Quick entry of a note: kind (from the step), author by number or name, text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Select

from codev.core import formatting
from codev.core.i18n import t
from codev.core.people import AuthorMatch
from codev.core.people import resolve_author as find_author
from codev.core.protocol import NoteKind, Step
from codev.core.session.model import MAX_NOTE_CHARS, SessionSetup
from codev.ui.dialogs.base import Dialog


@dataclass(frozen=True)
class NoteDraft:
    """What the dialog returns: a note ready to be sent to the engine."""

    kind: NoteKind
    author_id: str
    text: str


def resolve_author(setup: SessionSetup, typed: str) -> str | None:
    """The participant id meant by ``typed``: the exact name or a number first, then a
    forgiving match naming one person only (see :func:`codev.core.people.resolve_author`)."""
    return find_author(setup.participants, typed).person_id


NoteCheck = Callable[[NoteDraft], str | None]
"""Why the session would refuse a note (None if it would take it): asked before closing."""


class NoteDialog(Dialog[NoteDraft | None]):
    """Write (or rewrite) one note; Enter saves, Escape cancels.

    A note the session would refuse (too long, or before the start) is refused here, the
    dialog open and the text kept, with the reason: refused once closed, it was lost.
    """

    # The field to start in has the class: focused as the dialog is built, so that the first
    # letters typed land there (focused after the first refresh, they went to the kind list).
    AUTO_FOCUS = ".-first-field"

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        # Priority: from the author field the focus must move as Enter arrives, before the
        # letters typed right after it do (they went into the author field).
        Binding("enter", "next_field", show=False, priority=True),
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
        check: NoteCheck | None = None,
    ) -> None:
        super().__init__()
        self._check = check
        self.setup = setup
        self.kinds = list(step.notes) or [NoteKind.NOTE]
        if initial is not None and initial.kind not in self.kinds:
            self.kinds.append(initial.kind)
        if NoteKind.NOTE not in self.kinds:
            self.kinds.append(NoteKind.NOTE)
        self.initial = initial
        self.default_author = initial.author_id if initial else default_author
        self.prefilled_author = ""
        """The name shown for :attr:`default_author`; left as it is, it means that id."""

    def compose(self) -> ComposeResult:
        names = [person.name for person in self.setup.participants]
        author_name = ""
        if self.default_author:
            person = self.setup.participant(self.default_author)
            author_name = person.name if person else ""
        self.prefilled_author = author_name
        with Vertical(id="dialog"):
            yield Label(t("ui.note.title_edit" if self.initial else "ui.note.title"), id="question")
            yield Select(
                [(t(f"note.kind.{kind.value}"), kind) for kind in self.kinds],
                value=self.initial.kind if self.initial else self.kinds[0],
                allow_blank=False,
                id="note-kind",
            )
            # Straight to the text when the author is known (the current speaker, or an edit).
            first = "note-text" if self.default_author else "note-author"
            yield Input(
                author_name,
                placeholder=t("ui.note.author_placeholder"),
                suggester=SuggestFromList(names, case_sensitive=False),
                id="note-author",
                classes="-first-field" if first == "note-author" else "",
            )
            people = "  ".join(f"{number}·{name}" for number, name in enumerate(names, start=1))
            # Names as typed at the set-up ("[b]Zoé[/b]" included): text, never markup.
            yield Label(people, id="note-people", markup=False)
            yield Input(
                self.initial.text if self.initial else "",
                placeholder=t("ui.note.text_placeholder"),
                id="note-text",
                classes="-first-field" if first == "note-text" else "",
            )
            yield Label("", id="note-error")

    def action_next_field(self) -> None:
        """Enter in the author field: on to the text, now. Elsewhere Enter does what it does
        there (opens the kind list, saves the note)."""
        focused = self.focused
        if not (isinstance(focused, Input) and focused.id == "note-author"):
            raise SkipAction()
        self.set_focus(self.query_one("#note-text", Input))

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
        typed = self.query_one("#note-author", Input).value
        # The speaker filled in is known by id: matched again by name, "Elise" could find
        # "Élise". Only what the person typed is looked up.
        if self.default_author and typed == self.prefilled_author:
            match = AuthorMatch(self.default_author)
        else:
            match = find_author(self.setup.participants, typed)
        author = match.person_id
        text = self.query_one("#note-text", Input).value.strip()
        if author is None:
            error.update(Text(self._author_error(match)))  # names as text, never markup
            self.set_focus(self.query_one("#note-author", Input))  # now: the next letters go there
            return
        if not text:
            error.update(t("ui.note.empty"))
            return
        if len(text) > MAX_NOTE_CHARS:  # the engine's limit, checked on the same (stripped) text
            limit, length = formatting.number(MAX_NOTE_CHARS), formatting.number(len(text))
            error.update(t("ui.note.too_long", limit=limit, length=length))
            return
        kind = self.query_one("#note-kind", Select).value
        draft = NoteDraft(kind if isinstance(kind, NoteKind) else self.kinds[0], author, text)
        refusal = self._check(draft) if self._check is not None else None
        if refusal is not None:
            error.update(Text(refusal))  # may quote a name: text, never markup
            return
        self.dismiss(draft)

    def _author_error(self, match: AuthorMatch) -> str:
        if not match.candidates:
            return t("ui.note.unknown_author")
        numbers = {person.id: number for number, person in enumerate(self.setup.participants, start=1)}
        names = {person.id: person.name for person in self.setup.participants}
        listed = ", ".join(f"{numbers[person_id]}·{names[person_id]}" for person_id in match.candidates)
        return t("ui.note.ambiguous_author", names=listed)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
