"""The client's consent: what the other participants' carnets may keep of her account.

By default they keep the subject's title only. At the contract or synthesis step the client
may let them keep her question, her contract and the suggestions she received; her action plan
is never offered (it stays in her carnet). The choice is journaled by the live screen.
"""

from __future__ import annotations

from collections.abc import Set

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from codev.core.i18n import t
from codev.core.session.model import CONSENT_PARTS, ConsentPart
from codev.ui.dialogs.base import Dialog
from codev.ui.widgets.choices import ChoiceList


class ConsentDialog(Dialog[frozenset[ConsentPart] | None]):
    """Tick what the client shares; Enter keeps the choice, Escape changes nothing."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        # Enter would tick the highlighted part: here it keeps the choice.
        Binding("enter", "keep", "key.keep", priority=True, id="keep"),
    ]

    def __init__(self, client: str, shared: Set[ConsentPart]) -> None:
        super().__init__()
        self._client = client
        self._shared = frozenset(shared)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # The client's name is typed by people: plain text, never markup.
            yield Label(t("ui.consent.title", client=self._client), id="question", markup=False)
            yield ChoiceList[ConsentPart](
                *(Selection(t(f"ui.consent.{part}"), part, part in self._shared) for part in CONSENT_PARTS),
                id="consent-parts",
            )
            yield Label(t("ui.consent.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_keep(self) -> None:
        """Close with the parts ticked."""
        if self.is_active:  # not once closed: its list may be gone
            self.dismiss(frozenset(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
