"""The protocol editor: the steps on the left, the selected step's (or the protocol's) form on the right.

Every change goes to the :class:`ProtocolDraft` (a tomlkit document, so that the trainer's
comments survive), which the loader validates at once: the messages show next to their
fields, the step list and the total follow as you type. Saving writes only a valid protocol;
leaving with unsaved changes asks what to do with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from codev.core import formatting
from codev.core.i18n import get_lang, t, tn
from codev.core.problems import Problem
from codev.core.protocol.draft import EditError, ProtocolDraft, Validation
from codev.core.protocol.loader import ProtocolError, field_path
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.editor.fields import EditorField, Translations
from codev.ui.editor.forms import EditorForm, ProtocolForm, RoleBlock, RolesSection, StepForm
from codev.ui.editor.rehearsal import RehearsalOptions, rehearse
from codev.ui.editor.step_list import StepList, step_rows
from codev.ui.editor.unsaved import UnsavedChoice, UnsavedDialog
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.widgets.panels import ViewPanel

if TYPE_CHECKING:
    pass

PROTOCOL = -1
"""The selection that shows the protocol's own form rather than a step's."""


def _same(document_value: object, value: object) -> bool:
    # 1 == True and 10 == 10.0 in Python; in a TOML file they are different writings.
    return type(document_value) is type(value) and document_value == value


def _step_of(problem: Problem) -> int | None:
    """The step (0-based) a problem is about, from its field path (``steps.3.minutes``)."""
    parts = (problem.field or "").split(".")
    if len(parts) >= 2 and parts[0] == "steps" and parts[1].isdigit():
        return int(parts[1]) - 1
    return None


class EditorScreen(Screen[None], TranslatedBindingsMixin):
    """Edit one protocol file; built-in protocols are saved as a workspace copy."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    AUTO_FOCUS = "#step-list"

    BINDINGS = [
        # priority: ctrl+s saves from inside any text field too.
        Binding("ctrl+s", "save", "key.editor.save", priority=True, id="editor.save"),
        Binding("escape", "back_to_list", "key.editor.steps", key_display="esc", id="editor.back"),
    ]

    def __init__(self, draft: ProtocolDraft, rehearsal: RehearsalOptions | None = None) -> None:
        super().__init__()
        self.draft = draft
        self.rehearsal = rehearsal or RehearsalOptions()
        self.selected = PROTOCOL
        """The step whose form is shown, or :data:`PROTOCOL`."""
        self.validation: Validation = draft.validate()
        self._role_to_focus: int | None = None
        """A role just added, whose id is focused once its block is mounted."""

    # --- Layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            with Horizontal(id="editor-top"):
                yield Static(t("editor.title"), id="editor-name")
                yield ViewPanel(id="editor-title")
                yield ViewPanel(id="editor-modified")
                yield ViewPanel(id="editor-target")
            with Horizontal(id="editor-body"):
                with Vertical(id="editor-side"):
                    steps_heading = ViewPanel(id="steps-heading")
                    yield steps_heading
                    yield StepList(heading=steps_heading, id="step-list")
                    yield ViewPanel(id="editor-total")
                    yield ViewPanel(id="editor-status")
                with VerticalScroll(id="editor-form"):
                    yield ViewPanel(id="form-title")
                    yield ViewPanel(id="form-problems")
                    # The languages are chosen once: a language typed in stays in its field.
                    languages = self.draft.form_languages(get_lang())
                    yield ProtocolForm(id="protocol-form", languages=languages)
                    yield StepForm(id="step-form", languages=languages)
                    yield Static(t("editor.hint"), id="form-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_all()
        self.show_form(PROTOCOL)
        self.step_list.highlighted = 0

    @property
    def step_list(self) -> StepList:
        """The list of steps (first line: the protocol)."""
        return self.query_one(StepList)

    @property
    def form(self) -> EditorForm:
        """The form on show."""
        return self.query_one(ProtocolForm) if self.selected == PROTOCOL else self.query_one(StepForm)

    # --- Showing the draft ----------------------------------------------------------------

    def show_form(self, selected: int) -> None:
        """Show the protocol's form (:data:`PROTOCOL`) or step ``selected``'s, with its values."""
        self.selected = selected
        protocol_form, step_form = self.query_one(ProtocolForm), self.query_one(StepForm)
        form, other = (protocol_form, step_form) if selected == PROTOCOL else (step_form, protocol_form)
        form.bind(() if selected == PROTOCOL else ("steps", selected))
        if form.display:
            form.load(self.draft)
        else:
            other.display, form.display = False, True
            # A text area wraps its text to its width: fill it once the form is laid out.
            self.call_after_refresh(form.load, self.draft)
        self.query_one("#editor-form", VerticalScroll).scroll_home(animate=False)
        self.refresh_problems()
        self.refresh_bindings()

    def refresh_all(self) -> None:
        """Validate the draft and bring everything but the form's values up to date."""
        self.validation = self.draft.validate()
        lang = get_lang()
        summaries = self.draft.step_summaries(lang)
        problems = self.validation.problems
        invalid_steps = {step for step in map(_step_of, problems) if step is not None}
        protocol_invalid = any(_step_of(problem) is None for problem in problems)
        self.step_list.show(step_rows(summaries, invalid_steps), protocol_invalid)
        self.query_one("#editor-title", ViewPanel).show(self.draft.text_at(("title",), lang))
        target = self.draft.target
        shown = self._shown_path(target)
        key = "editor.target.builtin" if self.draft.builtin else "editor.target.file"
        self.query_one("#editor-target", ViewPanel).show(t(key, path=shown))
        modified = self.query_one("#editor-modified", ViewPanel)
        modified.show(t("editor.modified") if self.draft.dirty else "")
        modified.display = self.draft.dirty
        self._refresh_total(summaries)
        status = self.query_one("#editor-status", ViewPanel)
        status.show(t("editor.valid") if self.validation.ok else tn("editor.invalid", len(problems)))
        status.set_class(not self.validation.ok, "-invalid")
        self.refresh_problems()

    def _shown_path(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.draft.workspace.root.resolve()))
        except ValueError:
            return str(path)

    def _refresh_total(self, summaries: list[Any]) -> None:
        known = [summary.minutes for summary in summaries if summary.minutes is not None]
        total = formatting.minutes(sum(known)) if len(known) == len(summaries) else "?"
        text = tn("editor.total", len(summaries), total=total)
        optional = sum(summary.minutes or 0 for summary in summaries if summary.optional)
        if optional:
            text += f" ({t('editor.total_optional', optional=formatting.minutes(optional))})"
        self.query_one("#editor-total", ViewPanel).show(text)

    def _step_heading(self, index: int) -> str:
        summaries = self.draft.step_summaries(get_lang())
        title = summaries[index].title if index < len(summaries) else ""
        return f"{t('editor.section.step', number=index + 1)} · {title}".rstrip(" ·")

    def refresh_problems(self) -> None:
        """Show each problem next to its field; those with no field of their own go on top."""
        form = self.form
        fields: dict[str, EditorField | Translations] = {field.shown_path: field for field in form.fields()}
        messages: dict[str, list[str]] = {path: [] for path in fields}
        others: list[str] = []
        scope = "" if self.selected == PROTOCOL else field_path(("steps", self.selected))
        for problem in self.validation.problems:
            where = problem.field or ""
            owner = self._owner(where, fields)
            if owner is not None:
                messages[owner].append(problem.message)
            elif self._in_scope(problem, scope):
                others.append(f"{where}: {problem.message}" if where else problem.message)
        for path, field in fields.items():
            field.show_problems(messages[path])
        if others and self.draft.unknown_keys():
            others.append(t("editor.unknown_hint"))
        box = self.query_one("#form-problems", ViewPanel)
        box.show("\n".join([t("editor.other_problems"), *others]) if others else "")
        box.display = bool(others)
        if self.selected == PROTOCOL:
            heading = t("editor.section.protocol")
        else:
            heading = self._step_heading(self.selected)
        self.query_one("#form-title", ViewPanel).show(heading)

    @staticmethod
    def _owner(where: str, fields: dict[str, Any]) -> str | None:
        """The field a problem at ``where`` belongs to: its own, else its closest parent's."""
        best: str | None = None
        for path in fields:
            if (where == path or where.startswith(path + ".")) and (best is None or len(path) > len(best)):
                best = path
        return best

    def _in_scope(self, problem: Problem, scope: str) -> bool:
        step = _step_of(problem)
        if self.selected == PROTOCOL:
            return step is None
        return step == self.selected or problem.field == scope

    # --- Events ----------------------------------------------------------------------------

    @on(EditorField.Edited)
    def _field_edited(self, event: EditorField.Edited) -> None:
        """Apply a field's new value to the draft, then validate and refresh."""
        event.stop()
        if _same(self.draft.value(event.path), event.value):
            return
        form = self.form
        before = form.values(self.draft)
        self.draft.set_value(event.path, event.value)
        # An edit may change another field's value too (a role table writes format = 2).
        form.reload_changed(self.draft, before, event.path)
        self.refresh_all()

    @on(ProtocolForm.Shown)
    def _protocol_form_shown(self, event: ProtocolForm.Shown) -> None:
        # The role blocks are mounted once their number is known: their problems show now.
        event.stop()
        self.refresh_problems()
        if self._role_to_focus is not None:
            index, self._role_to_focus = self._role_to_focus, None
            self.call_after_refresh(self._focus_role, index)

    @on(RolesSection.Add)
    def _add_role(self, event: RolesSection.Add) -> None:
        event.stop()
        index = self.draft.add_role()
        self.refresh_all()
        self.show_form(PROTOCOL)
        self._focus_role(index)

    def _focus_role(self, index: int) -> None:
        """Focus role ``index``'s id (its block is mounted once the form says it is shown)."""
        inputs = self.query(f"#role-{index} Input")
        if inputs:
            inputs.first().focus()
            self.query_one(f"#role-{index}").scroll_visible(animate=False, top=True)
        else:
            self._role_to_focus = index

    @on(RoleBlock.Remove)
    def _remove_role(self, event: RoleBlock.Remove) -> None:
        event.stop()
        index = event.index
        role_id = self.draft.value(("roles", index, "id"))
        question = t(
            "editor.confirm_remove_role", number=index + 1, id=role_id if isinstance(role_id, str) else ""
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            self.draft.remove_role(index)
            self.refresh_all()
            self.show_form(PROTOCOL)

        self.app.push_screen(ConfirmDialog(question), confirmed)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        selected = event.option_index - 1
        if selected != self.selected:
            self.show_form(selected)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a line: go and edit its first field."""
        event.stop()
        self.show_form(event.option_index - 1)
        self.form.query(EditorField).first().query("Input, TextArea, Select, Checkbox").first().focus()

    # --- Actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("duplicate_step", "move_step") and self.selected == PROTOCOL:
            return None
        if action == "remove_step" and (self.selected == PROTOCOL or self.draft.step_count <= 1):
            return None
        if action == "move_step" and parameters:
            target = self.selected + int(str(parameters[0]))
            if not 0 <= target < self.draft.step_count:
                return None
        if action == "remove_unknown_keys":
            return bool(self.draft.unknown_keys())
        return True

    def _select(self, index: int) -> None:
        self.refresh_all()
        self.show_form(index)
        self.step_list.highlighted = index + 1

    def action_add_step(self) -> None:
        """A new step after the selected one (at the end when the protocol is selected)."""
        after = None if self.selected == PROTOCOL else self.selected
        self._select(self.draft.add_step(after))

    def action_duplicate_step(self) -> None:
        """A copy of the selected step, right after it."""
        if self.selected != PROTOCOL:
            self._select(self.draft.duplicate_step(self.selected))

    def action_remove_step(self) -> None:
        """Remove the selected step, once confirmed."""
        if self.selected == PROTOCOL or self.draft.step_count <= 1:
            return
        index = self.selected
        title = self.draft.step_summaries(get_lang())[index].title
        question = t("editor.confirm_remove", number=index + 1, title=title)

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.draft.remove_step(index)
            except EditError as error:
                self.notify(str(error), severity="warning")
                return
            self._select(min(index, self.draft.step_count - 1))

        self.app.push_screen(ConfirmDialog(question), confirmed)

    def action_move_step(self, offset: int) -> None:
        """Move the selected step up (-1) or down (1)."""
        if self.selected != PROTOCOL:
            self._select(self.draft.move_step(self.selected, int(offset)))

    def action_remove_unknown_keys(self) -> None:
        """Remove the keys the format does not know, which no field can show or fix."""
        removed = self.draft.remove_unknown_keys()
        if removed:
            self.refresh_all()
            self.show_form(self.selected)
            self.notify(tn("editor.unknown_removed", removed))

    def action_back_to_list(self) -> None:
        """Leave the form for the step list."""
        self.step_list.focus()

    def action_save(self) -> bool:
        """Save if the protocol is valid; otherwise say why not. True when saved."""
        if not self.draft.dirty and not self.draft.builtin:
            self.notify(t("editor.nothing_to_save"))
            return True
        was_builtin = self.draft.builtin
        try:
            path = self.draft.save()
        except ProtocolError as error:
            first = error.problems[0] if error.problems else None
            shown = (
                f"{first.field}: {first.message}"
                if first and first.field
                else (first.message if first else "")
            )
            self.notify(
                tn("editor.not_saved", len(error.problems), problem=shown),
                severity="error",
                timeout=8,
            )
            self._go_to(first)
            return False
        except EditError as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        key = "editor.saved_copy" if was_builtin else "editor.saved"
        self.notify(t(key, path=self._shown_path(path)))
        self.refresh_all()
        return True

    def _go_to(self, problem: Problem | None) -> None:
        """Show the form where ``problem`` is."""
        if problem is None:
            return
        step = _step_of(problem)
        selected = step if step is not None and step < self.draft.step_count else PROTOCOL
        if selected != self.selected:
            self.show_form(selected)
            self.step_list.highlighted = selected + 1

    def action_quit(self) -> None:
        """Leave; unsaved changes are saved, discarded or kept open as the trainer chooses."""
        if not self.draft.dirty:
            self.app.exit()
            return
        problems = 0 if self.validation.ok else len(self.validation.problems)
        self.app.push_screen(UnsavedDialog(problems), self._unsaved_choice)

    def _unsaved_choice(self, choice: UnsavedChoice | None) -> None:
        if choice is UnsavedChoice.DISCARD or (choice is UnsavedChoice.SAVE and self.action_save()):
            self.app.exit()

    def action_preview(self) -> None:
        """Rehearse the protocol as it stands on the facilitator's screen (nothing is written)."""
        if not self.validation.ok:
            self.notify(t("editor.cannot_preview"), severity="warning")
            return
        from codev.ui.editor.app import EditorApp  # (the app imports this screen)

        ran = rehearse(self.app, self.draft.text, self.rehearsal, get_lang())
        if ran and isinstance(self.app, EditorApp):
            # The editor waited for the rehearsal to quit: what was typed meanwhile (another
            # `p`, a key held down) is not for it. One `p`, one rehearsal.
            self.app.drop_queued_keys()
        if ran:
            self.notify(t("editor.rehearsal_done"))
        else:
            self.notify(t("editor.rehearsal_unavailable"), severity="warning")

    # --- Palette -------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The editor's actions that apply now, in the command palette, in the user's language."""
        for action, name, parameters, key in PALETTE:
            if self.check_action(name, parameters) is True:
                call = f"{name}({', '.join(parameters)})"
                shortcut = t("editor.cmd.key", key=key) if key else ""
                yield SystemCommand(
                    t(f"editor.cmd.{action}"), shortcut, lambda call=call: self.run_action(call)
                )


PALETTE: list[tuple[str, str, tuple[str, ...], str | None]] = [
    ("save", "save", (), "ctrl+s"),
    ("add", "add_step", (), "a"),
    ("duplicate", "duplicate_step", (), "d"),
    ("remove", "remove_step", (), "del"),
    ("move_up", "move_step", ("-1",), "⇧↑"),
    ("move_down", "move_step", ("1",), "⇧↓"),
    ("preview", "preview", (), "p"),
    ("remove_unknown", "remove_unknown_keys", (), None),
]
"""(catalog key, action, its parameters, key if any) of each command the editor adds to the palette."""
