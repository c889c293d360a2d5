"""The client's consent: what the other participants' carnets may keep of her account.

By default they keep the subject's title only. At the contract or synthesis step the client
may let them keep her question, her contract and the suggestions she received; her action plan
is never offered (it stays in her carnet). The choice is journaled by the live screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from codev.core.i18n import t
from codev.core.session.model import CONSENT_PARTS, ConsentPart
from codev.ui.dialogs.base import Dialog
from codev.ui.dialogs.note import set_height_class
from codev.ui.widgets.choices import ChoiceList


@dataclass(frozen=True)
class ConsentClient:
    """A client the consent may be about: who, and what they share so far."""

    id: str | None
    """The participant id (None: the session's client of a setup without one)."""
    name: str
    shared: frozenset[ConsentPart] = frozenset()
    subgroup: str = ""
    """Their sub-group's name (``Trio 2``), shown beside the name when there are several clients."""


ConsentAnswer = Mapping[str | None, frozenset[ConsentPart]]
"""What each client agreed to share, for every client whose choice was made in the dialog."""


class ConsentDialog(Dialog[ConsentAnswer | None]):
    """Tick what the client shares; Enter keeps the choice, Escape changes nothing.

    In a round in sub-groups every sub-group has its own client: the dialog asks about the
    first, and ← → (or the list above the parts) move to the next; each one's ticks are kept
    until Enter, which records every client whose choice was made.
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        # Enter would tick the highlighted part: here it keeps the choice.
        Binding("enter", "keep", "key.keep", priority=True, id="keep"),
        Binding("left", "client(-1)", show=False),
        Binding("right", "client(1)", show=False),
    ]

    # Short terminals (78×21): the whole height and no padding, so that the choice of client
    # fits with the parts and the hints (else the dialog scrolls).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    CSS = """
    ConsentDialog #consent-client-row { height: auto; margin-bottom: 1; }
    ConsentDialog #consent-client-row Label { text-style: bold; width: auto; padding-right: 1; }
    ConsentDialog #dialog #consent-client { width: 1fr; margin: 0; }
    ConsentDialog #dialog #clients-hint { width: 1fr; }
    ConsentDialog.-short #dialog { max-height: 100%; padding: 0 2; overflow-y: auto; }
    """

    def __init__(self, clients: Sequence[ConsentClient]) -> None:
        super().__init__()
        self._clients = list(clients)
        self._ticks = [set(client.shared) for client in self._clients]
        """Each client's parts as ticked so far (the one shown: read from the list)."""
        self._shown = 0

    def compose(self) -> ComposeResult:
        first = self._clients[0]
        set_height_class(self)  # from the first frame: a dialog must fit at once
        with Vertical(id="dialog"):
            # The client's name is typed by people: plain text, never markup.
            yield Label(self._title(0), id="question", markup=False)
            if len(self._clients) > 1:
                with Horizontal(id="consent-client-row"):
                    yield Label(t("ui.consent.client"))
                    yield Select(
                        [
                            (
                                Text(t("ui.consent.client_option", name=client.name, label=client.subgroup)),
                                index,
                            )
                            for index, client in enumerate(self._clients)
                        ],
                        value=0,
                        allow_blank=False,
                        compact=True,
                        id="consent-client",
                    )
            yield ChoiceList[ConsentPart](
                *(Selection(t(f"ui.consent.{part}"), part, part in first.shared) for part in CONSENT_PARTS),
                id="consent-parts",
            )
            if len(self._clients) > 1:
                yield Label(t("ui.consent.clients_hint"), id="clients-hint")
            yield Label(t("ui.consent.hint"), id="hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def _title(self, index: int) -> str:
        return t("ui.consent.title", client=self._clients[index].name)

    def action_client(self, step: int) -> None:
        """The previous or next client (several clients only)."""
        if len(self._clients) > 1:
            self.query_one("#consent-client", Select).value = (self._shown + int(step)) % len(self._clients)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "consent-client" or not isinstance(event.value, int):
            return
        event.stop()
        parts = self.query_one("#consent-parts", SelectionList)
        self._ticks[self._shown] = set(parts.selected)
        self._shown = event.value
        parts.deselect_all()
        for part in self._ticks[self._shown]:
            parts.select(part)
        self.query_one("#question", Label).update(self._title(self._shown))

    def action_keep(self) -> None:
        """Close with the parts ticked, for the client shown and every client changed."""
        focused = self.focused
        if focused is not None and any(isinstance(node, Select) for node in focused.ancestors_with_self):
            raise SkipAction()  # the list of clients: Enter opens it, or picks one
        if not self.is_active:  # not once closed: its list may be gone
            return
        self._ticks[self._shown] = set(self.query_one("#consent-parts", SelectionList).selected)
        answer = {
            client.id: frozenset(ticks)
            for index, (client, ticks) in enumerate(zip(self._clients, self._ticks, strict=True))
            if index == self._shown or ticks != client.shared
        }
        self.dismiss(answer)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
