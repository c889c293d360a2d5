"""The current step's notes: pick one to rewrite it or delete it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from codev.core.i18n import t
from codev.core.protocol.model import NoteKind, Step
from codev.core.session.model import SessionSetup
from codev.core.session.view import NoteView
from codev.ui.dialogs.base import Dialog
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.note import NoteDialog, NoteDraft


@dataclass(frozen=True)
class NotesResult:
    """One change to one note: a new version (``draft``) or its deletion."""

    note_id: str
    draft: NoteDraft | None = None
    delete: bool = False


def _deadline_of(note: NoteView) -> str:
    """`` — deadline: …`` after an action that has one (else nothing)."""
    deadline = note.action.deadline_date if note.kind is NoteKind.ACTION and note.action else None
    if deadline is None:
        return ""
    from codev.core.logbook.views import format_date  # with the logbook models, once needed

    return " — " + t("ui.notes.action_deadline", date=format_date(deadline))


class NotesDialog(Dialog[NotesResult | None]):
    """List the notes; Enter edits the highlighted one, Delete removes it."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        Binding("delete,d", "delete", "key.delete_note", id="delete_note"),
    ]

    def __init__(
        self,
        setup: SessionSetup,
        step: Step,
        notes: tuple[NoteView, ...],
        *,
        check: Callable[[str, NoteDraft], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._check = check
        """Why the session would refuse this new version of a note (by id), or None."""
        self.setup = setup
        self.step = step
        self.notes = {note.id: note for note in notes}

    def compose(self) -> ComposeResult:
        names = {person.id: person.name for person in self.setup.participants}
        with Vertical(id="dialog"):
            yield Label(t("ui.notes.title"), id="question")
            yield OptionList(
                *(
                    Option(
                        f"{t(f'note.kind.{note.kind.value}')} ({names.get(note.author_id, '?')}) {note.text}"
                        + _deadline_of(note),
                        id=note.id,
                    )
                    for note in self.notes.values()
                ),
                id="notes-list",
                # Notes and names are what people typed: text, never markup.
                markup=False,
            )
            yield Label(t("ui.notes.hint"), id="hint")

    def _highlighted(self) -> NoteView | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return self.notes.get(option_id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        note = self.notes.get(event.option.id or "")
        # Not once a note is being edited: Enter pressed three times opened three editors.
        if note is None or not self.is_active:
            return
        initial = NoteDraft(note.kind, note.author_id, note.text, note.action, note.owner_id or None)

        def edited(draft: NoteDraft | None) -> None:
            if draft is not None:
                self.dismiss(NotesResult(note.id, draft=draft))

        check = self._check
        dialog = NoteDialog(
            self.setup,
            self.step,
            initial=initial,
            owner_chosen=note.owner_chosen,
            check=None if check is None else lambda draft: check(note.id, draft),
        )
        self.app.push_screen(dialog, edited)

    def action_delete(self) -> None:
        """Delete the highlighted note, after confirmation."""
        note = self._highlighted()
        if note is None or not self.is_active:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(NotesResult(note.id, delete=True))

        self.app.push_screen(ConfirmDialog(t("ui.notes.confirm_delete", text=note.text[:60])), confirmed)

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)
