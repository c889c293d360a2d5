"""Complete a personal field of a session afterwards: enseignements, ressentis, progrès, notes.

The field is a list of texts; the dialog shows it as one text to edit, one item per line —
or, when an item already spans several lines (written by hand), one item per paragraph, so
that no line break is lost. Leaving with changes asks first; a save that fails brings the
dialog back with the typed text and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from codev.core.i18n import t
from codev.core.problems import Problem
from codev.ui.carnet.problems_dialog import problems_text
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.i18n import TranslatedBindingsMixin

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def by_paragraph(texts: Sequence[str]) -> bool:
    """Whether items must be told apart by blank lines: one of them has line breaks."""
    return any("\n" in text for text in texts)


def texts_to_draft(texts: Sequence[str]) -> str:
    """The items as one text to edit."""
    return ("\n\n" if by_paragraph(texts) else "\n").join(texts)


def draft_to_texts(draft: str, paragraphs: bool) -> list[str]:
    """The items of an edited text; empty ones are dropped, ends trimmed."""
    parts = _BLANK_LINE.split(draft) if paragraphs else draft.split("\n")
    return [part.strip() for part in parts if part.strip()]


def ask_to_discard(form: ModalScreen[Any]) -> None:
    """Ask whether what was typed in ``form`` may be dropped; close it unsaved if so."""

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)

    question = ConfirmDialog(
        t("carnet.review.personal.discard"),
        yes=t("carnet.review.personal.discard_yes"),
        no=t("carnet.review.personal.discard_no"),
    )
    form.app.push_screen(question, answered)


@dataclass(frozen=True)
class PersonalEdit:
    """What the dialog returns: the items to save, and the text as typed (to offer it again)."""

    texts: list[str]
    draft: str


class PersonalDialog(ModalScreen[PersonalEdit | None], TranslatedBindingsMixin):
    """Edit one personal field; Ctrl+S saves, Escape cancels (asking first if something was typed)."""

    BINDINGS = [
        # priority: Ctrl+S must save from inside the text area too.
        Binding("ctrl+s", "save", "key.carnet.save", priority=True, id="carnet.personal.save"),
        Binding("escape", "cancel", "key.cancel", id="carnet.personal.cancel"),
    ]

    def __init__(
        self, title: str, texts: Sequence[str], *, draft: str | None = None, problems: Sequence[Problem] = ()
    ) -> None:
        super().__init__()
        self.title_text = title
        self.paragraphs = by_paragraph(texts)
        self.original = texts_to_draft(texts)
        if draft is None:
            # Completing usually means adding: the cursor waits on a fresh line (or paragraph).
            separator = "\n\n" if self.paragraphs else "\n"
            draft = self.original + separator if self.original else ""
        self.draft = draft
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="carnet-dialog -personal"):
            yield Label(self.title_text, id="question")
            if self.problems:
                yield Label(t("carnet.review.personal.not_saved"), id="personal-error")
                yield Static(problems_text(self.problems), id="personal-problems")
            yield TextArea(self.draft, soft_wrap=True, tab_behavior="focus", id="personal-text")
            hint = "paragraphs" if self.paragraphs else "lines"
            yield Label(t(f"carnet.review.personal.hint_{hint}"), id="hint")
            with Horizontal(id="buttons"):
                yield Button(t("carnet.review.save"), variant="primary", id="save")
                yield Button(t("carnet.review.cancel"), id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        """The text as it is in the editor now."""
        return self.query_one(TextArea).text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Close with the items to save."""
        self.dismiss(PersonalEdit(draft_to_texts(self.text, self.paragraphs), self.text))

    def action_cancel(self) -> None:
        """Close without saving; asks first when the text was changed."""
        if self.text.strip() == self.original.strip():
            self.dismiss(None)
            return
        ask_to_discard(self)
