"""Quick entry of a note: kind (from the step), author by number or name, text, and whose
carnet it goes to (its owner: pre-filled by the rules, see ``default_owner``). In a round
with sub-groups there is a client per sub-group: a note given to a client by someone in no
sub-group (or by nobody typed yet) names nobody — the owner is "to be chosen", and Enter
does not save the note until it is (see ``owner_to_choose``).

An action (the synthesis step's notes) is a commitment: its text is the objective, and
three optional fields follow it — resources, deadline, indicator — shown only while the
kind is "action" (their values are kept when the kind changes and back).

Escape (a clicker sends it) loses nothing: what was typed is handed back (``remember``) as a
:class:`TypedNote`, and the next new note opens with it, saying so — on another step too,
its kind then the step's first one if that step does not offer it. Saving clears it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Select

from codev.core import formatting
from codev.core.deadline import DeadlineError, parse_deadline
from codev.core.i18n import get_lang, t
from codev.core.people import AuthorMatch
from codev.core.people import resolve_author as find_author
from codev.core.protocol.model import NoteKind, Step
from codev.core.session.model import (
    MAX_ACTION_DETAIL_CHARS,
    MAX_NOTE_CHARS,
    ActionDetails,
    AddNote,
    EditNote,
    SessionSetup,
    default_owner,
    owner_to_choose,
)
from codev.ui.dialogs.base import Dialog

DETAIL_FIELDS = ("resources", "deadline", "indicator")
"""An action's fields after its objective, top to bottom (``#note-NAME``)."""


@dataclass(frozen=True)
class NoteDraft:
    """What the dialog returns: a note ready to be sent to the engine."""

    kind: NoteKind
    author_id: str
    text: str
    action: ActionDetails | None = None
    """An action's resources, deadline and indicator (None for any other kind)."""
    owner_id: str | None = None
    """Whose carnet keeps the note, when the facilitator chose it; None: the rules decide
    (the step's client for what is given to her, the author for the rest)."""

    def add_note(self) -> AddNote:
        """The command that writes this note (an action without details carries none)."""
        details = self.action if self.action != ActionDetails() else None
        return AddNote(
            kind=self.kind, author_id=self.author_id, text=self.text, action=details, owner_id=self.owner_id
        )

    def edit_note(self, note_id: str) -> EditNote:
        """The command that makes note ``note_id`` this draft (an action's details included,
        emptied ones too; another kind leaves the details it may keep as they are; an owner
        left as it was is not sent, so that one never chosen goes on following the rules)."""
        return EditNote(
            note_id=note_id,
            text=self.text,
            kind=self.kind,
            author_id=self.author_id,
            action=self.action,
            owner_id=self.owner_id,
        )


@dataclass(frozen=True)
class TypedNote:
    """What was typed in a new note's dialog closed with Escape: offered again at the next one.

    Kept as typed (a deadline not checked yet, the text not stripped): the dialog checks it
    when it is saved, as it would have then.
    """

    step_id: str
    """The step it was typed in."""
    step_title: str
    """That step's title, as shown then: said when the note is offered on another step."""
    kind: NoteKind
    author: str
    """The author field as typed."""
    author_id: str | None
    """Who the dialog understood the author to be (None: nobody yet, or several people)."""
    text: str
    resources: str = ""
    deadline: str = ""
    indicator: str = ""
    owner_id: str | None = None
    """The owner the facilitator chose (None: the rules decide)."""

    def kind_for(self, kinds: list[NoteKind]) -> NoteKind:
        """Its kind among ``kinds`` (a step's): its own if offered, else the step's first one."""
        return self.kind if self.kind in kinds else kinds[0]


def resolve_author(setup: SessionSetup, typed: str) -> str | None:
    """The participant id meant by ``typed``: the exact name or a number first, then a
    forgiving match naming one person only (see :func:`codev.core.people.resolve_author`)."""
    return find_author(setup.participants, typed).person_id


def set_height_class(screen: Screen[Any]) -> None:
    """The screen's vertical breakpoint class, now: Textual sets it at the first resize, after
    a first frame drawn without it, and a dialog must fit from its first frame."""
    height = screen.app.size.height
    breakpoints = screen.VERTICAL_BREAKPOINTS or []
    reached = max(((limit, name) for limit, name in breakpoints if height >= limit), default=(0, ""))[1]
    for _, name in breakpoints:
        screen.set_class(name == reached, name)


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

    # Short terminals (80×24, 78×21): the whole height, no blank rows above and below, so
    # that an action's three more fields fit with the rest. A large group's list of names
    # may still not: then the dialog scrolls, the field with the focus kept in view.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    CSS = """
    NoteDialog.-short #dialog { max-height: 100%; padding: 0 2; overflow-y: auto; }
    NoteDialog.-short #dialog #question, NoteDialog.-short #dialog Select { margin-bottom: 0; }
    NoteDialog #note-action {
        grid-size: 2; grid-columns: auto 1fr; grid-rows: 1; grid-gutter: 0 1; height: auto;
    }
    NoteDialog #note-action Label { text-style: bold; }
    /* Shaded without the focus too: a compact field has no border to show where it is. */
    NoteDialog #note-action Input { margin: 0; background: $panel; }
    NoteDialog #note-action Input:focus { background: $primary 15%; }
    /* The owner beside the kind: no row more, so that an action's form still fits 78×21. */
    NoteDialog #note-head { height: auto; }
    NoteDialog #note-head #note-kind { width: 1fr; }
    NoteDialog #note-owner-box { width: 1fr; height: auto; padding-left: 2; }
    NoteDialog #note-owner-box Label { text-style: bold; }
    NoteDialog #dialog #note-owner { margin: 0; }
    NoteDialog #note-error { width: 1fr; margin-top: 1; }
    NoteDialog.-short #note-error { margin-top: 0; }
    /* A note set aside and offered again: said discreetly where errors go, not as one. */
    NoteDialog #dialog #note-error.-resumed { color: $foreground 60%; text-style: none; }
    """

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
        owner_chosen: bool = False,
        check: NoteCheck | None = None,
        resumed: TypedNote | None = None,
        remember: Callable[[TypedNote | None], None] | None = None,
    ) -> None:
        """``initial``: the note being edited, its ``owner_id`` its current owner;
        ``owner_chosen``: that owner was chosen (it no longer follows kind and author);
        ``resumed``: a new note set aside with Escape, typed again as it was;
        ``remember``: told what is typed when Escape closes the dialog (None: nothing),
        and None once the note is saved."""
        super().__init__()
        self._check = check
        self.resumed = resumed if initial is None else None
        self._remember = remember
        self.setup = setup
        self.step = step
        self.kinds = list(step.notes) or [NoteKind.NOTE]
        if initial is not None and initial.kind not in self.kinds:
            self.kinds.append(initial.kind)
        if NoteKind.NOTE not in self.kinds:
            self.kinds.append(NoteKind.NOTE)
        self.initial = initial
        self.default_author = initial.author_id if initial else default_author
        if self.resumed is not None and (self.resumed.author_id or self.resumed.author.strip()):
            # The author typed then, rather than whoever speaks now.
            self.default_author = self.resumed.author_id
        self.prefilled_author = ""
        """The name shown for :attr:`default_author`; left as it is, it means that id."""
        self._owner_follows = not owner_chosen
        """The owner shown follows the kind and the author until the facilitator picks one."""
        self._owner_shown: str | None = initial.owner_id if initial is not None else None
        """The owner the dialog itself put in the field (None: blank, the author)."""
        self._owner_touched = False
        if self.resumed is not None and self.resumed.owner_id is not None:
            # Chosen by the facilitator then: still her choice.
            self._owner_shown = self.resumed.owner_id
            self._owner_touched = True
        self._owner_set: list[str | None] = []
        """Owners the dialog put in the field whose change has not come back yet: a change
        that is none of them is the facilitator's."""

    def compose(self) -> ComposeResult:
        names = [person.name for person in self.setup.participants]
        author_name = ""
        if self.default_author:
            person = self.setup.participant(self.default_author)
            author_name = person.name if person else ""
        self.prefilled_author = author_name
        set_height_class(self)
        with Vertical(id="dialog"):
            yield Label(t("ui.note.title_edit" if self.initial else "ui.note.title"), id="question")
            resumed = self.resumed
            if self.initial:
                kind = self.initial.kind
            else:
                kind = resumed.kind_for(self.kinds) if resumed else self.kinds[0]
            if self._owner_shown is None:
                self._owner_shown = self._default_owner(kind, self.default_author)
            self._owner_set.append(self._owner_shown)
            with Horizontal(id="note-head"):
                yield Select(
                    [(t(f"note.kind.{option.value}"), option) for option in self.kinds],
                    value=kind,
                    allow_blank=False,
                    id="note-kind",
                )
                with Vertical(id="note-owner-box"):
                    yield Label(t("ui.note.owner"))
                    # Whose carnet: pre-filled by the rules, following kind and author until
                    # the facilitator picks someone (a member's own commitment).
                    yield Select(
                        [(Text(person.name), person.id) for person in self.setup.participants],
                        value=self._owner_shown if self._owner_shown is not None else Select.NULL,
                        prompt=self._owner_prompt(kind, self.default_author),
                        compact=True,
                        id="note-owner",
                    )
                    # The group's wall is nobody's carnet: said instead of a choice.
                    yield Label(t("ui.note.owner_group"), id="note-owner-group")
            # Straight to the text when the author is known (the current speaker, or an edit).
            first = "note-text" if self.default_author else "note-author"
            if resumed is not None and not self.default_author:
                author_name = resumed.author  # as typed, not understood yet
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
                self.initial.text if self.initial else (resumed.text if resumed else ""),
                placeholder=self._text_placeholder(kind),
                id="note-text",
                classes="-first-field" if first == "note-text" else "",
            )
            details = self.initial.action if self.initial and self.initial.action else ActionDetails()
            typed = {
                "resources": details.resources,
                "deadline": details.deadline or "",
                "indicator": details.indicator,
            }
            if resumed is not None:
                typed = {name: getattr(resumed, name) for name in DETAIL_FIELDS}
            with Grid(id="note-action") as grid:
                grid.display = kind is NoteKind.ACTION
                for name in DETAIL_FIELDS:
                    yield Label(t(f"carnet.field.{name}"))
                    yield Input(
                        typed[name],
                        placeholder=t(f"ui.note.{name}_placeholder"),
                        id=f"note-{name}",
                        compact=True,
                        select_on_focus=False,
                    )
            yield self._resumed_line()

    def _resumed_line(self) -> Label:
        """Where errors go: empty, or saying that the note set aside is back (and from
        which step, when it was typed in another one)."""
        resumed = self.resumed
        if resumed is None:
            return Label("", id="note-error")
        if resumed.step_id == self.step.id:
            line = t("ui.note.resumed")
        else:
            line = t("ui.note.resumed_from", step=resumed.step_title)
        return Label(Text(line), id="note-error", classes="-resumed")  # a title: text, never markup

    def typed_note(self) -> TypedNote | None:
        """What is typed now, as a note set aside (None when nothing is)."""
        kind_value = self.query_one("#note-kind", Select).value
        kind = kind_value if isinstance(kind_value, NoteKind) else self.kinds[0]
        author = self.query_one("#note-author", Input).value
        text = self.query_one("#note-text", Input).value
        details = {name: self.query_one(f"#note-{name}", Input).value for name in DETAIL_FIELDS}
        owner_value = self.query_one("#note-owner", Select).value
        owner = owner_value if self._owner_touched and isinstance(owner_value, str) else None
        author_typed = bool(author.strip()) and author != self.prefilled_author
        if not (text.strip() or any(value.strip() for value in details.values()) or owner or author_typed):
            return None
        return TypedNote(
            step_id=self.step.id,
            step_title=self.step.title.get(get_lang()),
            kind=kind,
            author=author,
            author_id=self._typed_author(),
            text=text,
            resources=details["resources"],
            deadline=details["deadline"],
            indicator=details["indicator"],
            owner_id=owner,
        )

    @staticmethod
    def _text_placeholder(kind: object) -> str:
        return t("ui.note.objective_placeholder" if kind is NoteKind.ACTION else "ui.note.text_placeholder")

    def _default_owner(self, kind: object, author: str | None) -> str | None:
        """Whose carnet the rules give a note of ``kind`` by ``author`` (None: the author,
        not known yet, or nobody to guess: to be chosen)."""
        if not isinstance(kind, NoteKind) or self._owner_to_choose(kind, author):
            return None
        owner = default_owner(self.setup, self.step, kind, author or "")
        return owner or None

    def _owner_to_choose(self, kind: object, author: str | None) -> bool:
        """Whether the facilitator must say whose carnet a note of ``kind`` by ``author``
        goes to (a round with a client per sub-group, an author in none)."""
        return isinstance(kind, NoteKind) and owner_to_choose(self.setup, self.step, kind, author)

    def _owner_prompt(self, kind: object, author: str | None) -> str:
        # The empty field says what it means: the rules' default, or nobody yet.
        return t("ui.note.owner_choose" if self._owner_to_choose(kind, author) else "ui.note.owner_author")

    def _typed_author(self) -> str | None:
        """The author as typed now (the speaker filled in, by id), None when not known."""
        typed = self.query_one("#note-author", Input).value
        if self.default_author and typed == self.prefilled_author:
            return self.default_author
        return find_author(self.setup.participants, typed).person_id

    def _show_owner_for(self, kind: object) -> None:
        """The owner choice for a note that goes to a carnet, the group for the wall."""
        wall = kind is NoteKind.WALL
        self.query_one("#note-owner", Select).display = not wall
        self.query_one("#note-owner-group", Label).display = wall

    def on_mount(self) -> None:
        self._show_owner_for(self.query_one("#note-kind", Select).value)

    def _follow_default_owner(self) -> None:
        kind = self.query_one("#note-kind", Select).value
        author = self._typed_author()
        select = self.query_one("#note-owner", Select)
        select.prompt = self._owner_prompt(kind, author)
        # Until the facilitator picks an owner, the field shows where the note will go.
        if self._owner_touched or not self._owner_follows:
            return
        owner = self._default_owner(kind, author)
        if owner == self._owner_shown:
            return
        self._owner_shown = owner
        self._owner_set.append(owner)
        if owner is None:
            select.clear()
        else:
            select.value = owner

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "note-author":
            self._follow_default_owner()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "note-owner":
            shown = event.value if isinstance(event.value, str) else None
            if shown in self._owner_set:
                self._owner_set.remove(shown)
            else:
                # A change the dialog did not make itself is the facilitator's choice; back
                # to the text, where Enter saves (on the list it would open it again).
                self._owner_touched = True
                self._owner_shown = shown
                self.set_focus(self.query_one("#note-text", Input))
            return
        self._follow_default_owner()
        self._show_owner_for(event.value)
        # Another kind hides an action's fields; what they hold stays, for a change of mind.
        action = event.value is NoteKind.ACTION
        self.query_one("#note-action", Grid).display = action
        self.query_one("#note-text", Input).placeholder = self._text_placeholder(event.value)

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
        # From now on the line says what is wrong, if anything, in the errors' colours.
        error.remove_class("-resumed")
        error.update("")
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
        selected = self.query_one("#note-kind", Select).value
        kind = selected if isinstance(selected, NoteKind) else self.kinds[0]
        details: ActionDetails | None = None
        if kind is NoteKind.ACTION:
            details = self._details()
            if details is None:
                return
        owner_field = self.query_one("#note-owner", Select)
        owner = owner_field.value
        if not isinstance(owner, str) and self._owner_to_choose(kind, author):
            # Several clients this round, none of them the author's: nobody is guessed.
            error.update(t("ui.note.owner_needed"))
            self.set_focus(owner_field)
            return
        chosen = (
            owner if self._owner_touched and isinstance(owner, str) and kind is not NoteKind.WALL else None
        )
        draft = NoteDraft(kind, author, text, details, chosen)
        refusal = self._check(draft) if self._check is not None else None
        if refusal is not None:
            error.update(Text(refusal))  # may quote a name: text, never markup
            return
        if self._remember is not None:
            self._remember(None)  # saved: nothing set aside any more
        self.dismiss(draft)

    def _details(self) -> ActionDetails | None:
        """An action's resources, deadline and indicator as typed; None (the reason shown,
        the field focused, everything kept) when the session could not take them."""
        error = self.query_one("#note-error", Label)
        fields = {name: self.query_one(f"#note-{name}", Input) for name in DETAIL_FIELDS}
        try:
            deadline = parse_deadline(fields["deadline"].value)
        except DeadlineError as problem:
            error.update(Text(problem.message))  # quotes what was typed: text, never markup
            self.set_focus(fields["deadline"])
            return None
        for name in ("resources", "indicator"):
            length = len(fields[name].value.strip())
            if length > MAX_ACTION_DETAIL_CHARS:  # the engine's limit, on the same (stripped) text
                message = t(
                    "ui.note.detail_too_long",
                    field=t(f"carnet.field.{name}"),
                    length=formatting.number(length),
                    limit=formatting.number(MAX_ACTION_DETAIL_CHARS),
                )
                error.update(message)
                self.set_focus(fields[name])
                return None
        return ActionDetails(
            resources=fields["resources"].value,
            deadline=deadline.isoformat() if deadline is not None else None,
            indicator=fields["indicator"].value,
        )

    def _author_error(self, match: AuthorMatch) -> str:
        if not match.candidates:
            return t("ui.note.unknown_author")
        numbers = {person.id: number for number, person in enumerate(self.setup.participants, start=1)}
        names = {person.id: person.name for person in self.setup.participants}
        listed = ", ".join(f"{numbers[person_id]}·{names[person_id]}" for person_id in match.candidates)
        return t("ui.note.ambiguous_author", names=listed)

    def action_cancel(self) -> None:
        """Close without writing anything; what was typed is handed to ``remember``, to be
        offered again (a clicker's Escape loses nothing)."""
        if self._remember is not None:
            self._remember(self.typed_note())
        self.dismiss(None)
