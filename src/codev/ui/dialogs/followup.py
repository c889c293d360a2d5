"""Opening step: how did each previous client's commitment go?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from codev.core.i18n import t
from codev.core.session.model import FollowUpOutcome
from codev.core.session_controller import commitment_ref
from codev.ui.dialogs.base import Dialog
from codev.ui.dialogs.note import set_height_class

if TYPE_CHECKING:
    from codev.core.logbook import OpenCommitment

OUTCOMES: tuple[FollowUpOutcome, ...] = ("done", "partly", "not_yet", "dropped")


def describe_commitment(item: OpenCommitment) -> str:
    """One line: who, what, from which session."""
    from codev.core.logbook.views import format_date  # with the logbook models, once needed

    return t(
        "ui.followup.item",
        name=item.participant,
        objective=item.action.objective,
        date=format_date(item.session_date.date()),
    )


def commitment_details(item: OpenCommitment) -> str:
    """By when, and how the client said they would know: empty when the plan did not say."""
    from codev.core.logbook.views import format_date

    action = item.action
    parts = []
    if action.deadline is not None:
        parts.append(t("ui.followup.deadline", date=format_date(action.deadline)))
    if action.indicator:
        parts.append(t("ui.followup.indicator", text=" ".join(action.indicator.split())))
    return " · ".join(parts)


def commitment_option(item: OpenCommitment) -> Text:
    """A commitment in the follow-up dialog: who, what, when made; then its deadline and
    indicator, dimmed, on a line of their own. The participants' words: text, never markup."""
    text = Text(describe_commitment(item))
    details = commitment_details(item)
    if details:
        text.append("\n   " + details, style="dim")
    return text


@dataclass(frozen=True)
class FollowUpDraft:
    """What the facilitator recorded about one commitment."""

    commitment: OpenCommitment
    outcome: FollowUpOutcome
    comment: str


class FollowUpDialog(Dialog[FollowUpDraft | None]):
    """Pick a commitment, say how it went (1–4), add a word, Enter."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    # Short terminals: the whole height, so that commitments shown with their deadline and
    # indicator (two lines each) leave the outcome, the comment and the hint in view.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    CSS = """
    FollowUpDialog.-short #dialog { max-height: 100%; padding: 0 2; overflow-y: auto; }
    FollowUpDialog.-short #dialog #question { margin-bottom: 0; }
    """

    def __init__(self, commitments: list[OpenCommitment]) -> None:
        super().__init__()
        self.commitments = {commitment_ref(item): item for item in commitments}

    def compose(self) -> ComposeResult:
        set_height_class(self)
        with Vertical(id="dialog"):
            yield Label(t("ui.followup.title"), id="question")
            # Names and objectives are the participants' words: text, never markup.
            yield OptionList(
                *(Option(commitment_option(item), id=ref) for ref, item in self.commitments.items()),
                id="followup-list",
                markup=False,
            )
            with RadioSet(id="followup-outcome"):
                for index, outcome in enumerate(OUTCOMES):
                    yield RadioButton(f"{index + 1} {t(f'ui.followup.outcome.{outcome}')}", value=index == 0)
            yield Input(placeholder=t("ui.followup.comment_placeholder"), id="followup-comment")
            yield Label(t("ui.followup.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(RadioSet).focus()

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key in ("1", "2", "3", "4") and not isinstance(self.focused, Input):
            buttons = list(self.query(RadioButton))
            buttons[int(key) - 1].value = True
            self.query_one("#followup-comment", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        ref = options.get_option_at_index(options.highlighted).id or ""
        index = self.query_one(RadioSet).pressed_index
        outcome = OUTCOMES[index if index >= 0 else 0]
        comment = event.value.strip() or t(f"ui.followup.outcome.{outcome}")
        self.dismiss(FollowUpDraft(self.commitments[ref], outcome, comment))

    def action_cancel(self) -> None:
        """Close without recording anything."""
        self.dismiss(None)
