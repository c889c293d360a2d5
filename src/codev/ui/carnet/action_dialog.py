"""Rewrite a commitment afterwards: its objective, resources, deadline and indicator.

One small form, a field a line. The objective is required; the deadline is typed
``2025-02-10`` or ``10/02/2025``. A date that is none, or an empty objective, is refused
here with a message, everything typed kept; a save that fails brings the form back with the
typed values and the reason. The status is not here: Enter on the commitment changes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from codev.core.deadline import DeadlineError, parse_deadline
from codev.core.i18n import t
from codev.core.problems import Problem
from codev.ui.carnet.personal_dialog import ask_to_discard
from codev.ui.carnet.problems_dialog import problems_text
from codev.ui.carnet.review import ActionEdit
from codev.ui.dialogs.base import Dialog

FIELDS = ("objective", "resources", "deadline", "indicator")
"""The form's fields, top to bottom (``#action-NAME``)."""


def typed_values(edit: ActionEdit) -> dict[str, str]:
    """The form's texts for ``edit``: the deadline as ISO, a form everyone reads the same."""
    deadline = edit.deadline.isoformat() if edit.deadline is not None else ""
    return {
        "objective": edit.objective,
        "resources": edit.resources,
        "deadline": deadline,
        "indicator": edit.indicator,
    }


class ActionDialog(Dialog[ActionEdit | None]):
    """Edit one commitment; Enter or Ctrl+S saves, Escape cancels (asking first if something changed)."""

    BINDINGS = [
        # priority: Ctrl+S saves from inside a field too.
        Binding("ctrl+s", "save", "key.carnet.save", priority=True, id="carnet.action.save"),
        Binding("escape", "cancel", "key.cancel", id="carnet.action.cancel"),
    ]

    AUTO_FOCUS = "#action-objective"

    def __init__(
        self,
        title: str,
        action: ActionEdit,
        *,
        status: str = "",
        typed: ActionEdit | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.status = status
        self.original = typed_values(action)
        """The action as the carnet holds it: leaving with other values asks first."""
        self.typed = typed_values(typed) if typed is not None else dict(self.original)
        """What the fields start with: the action, or what was typed before a failed save."""
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="carnet-dialog -action"):
            yield Label(Text(self.title_text), id="question")
            if self.status:
                yield Label(Text(self.status), id="action-status")
            if self.problems:
                yield Label(t("carnet.review.personal.not_saved"), id="action-not-saved")
                yield Static(problems_text(self.problems), id="action-problems")
            with Grid(id="action-fields"):
                for name in FIELDS:
                    yield Label(t(f"carnet.field.{name}"), classes="action-label")
                    yield Input(
                        self.typed.get(name, ""),
                        placeholder=t(f"carnet.review.action.{name}_placeholder"),
                        id=f"action-{name}",
                        compact=True,
                        select_on_focus=False,
                    )
            yield Label("", id="action-error")
            yield Label(t("carnet.review.action.hint"), id="hint")
            with Horizontal(id="buttons"):
                yield Button(t("carnet.review.save"), variant="primary", id="save", compact=True)
                yield Button(t("carnet.review.cancel"), id="cancel", compact=True)

    def value(self, name: str) -> str:
        """What the field ``name`` holds now."""
        return self.query_one(f"#action-{name}", Input).value

    def values(self) -> dict[str, str]:
        """Every field, as typed."""
        return {name: self.value(name) for name in FIELDS}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def _refuse(self, message: str, field: str) -> None:
        self.query_one("#action-error", Label).update(Text(message))  # may quote what was typed
        self.set_focus(self.query_one(f"#action-{field}", Input))

    def action_save(self) -> None:
        """Close with the action's new fields, if they can be: else say why, keeping them."""
        objective = self.value("objective").strip()
        if not objective:
            self._refuse(t("carnet.review.action.empty_objective"), "objective")
            return
        try:
            deadline = parse_deadline(self.value("deadline"))
        except DeadlineError as error:
            self._refuse(error.message, "deadline")
            return
        edit = ActionEdit(
            objective, self.value("resources").strip(), deadline, self.value("indicator").strip()
        )
        self.dismiss(edit)

    def action_cancel(self) -> None:
        """Close without saving; asks first when something was changed."""
        typed = self.values()
        if all(typed[name].strip() == self.original[name].strip() for name in FIELDS):
            self.dismiss(None)
            return
        ask_to_discard(self)
