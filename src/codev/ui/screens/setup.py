"""The set-up: group, protocol, date, who is present, client, subject, roles.

Everything is on one screen, in the order a facilitator decides it at the start of a
meeting; the group's members are remembered in the workspace, so the second session of a
group is only a matter of ticking who is present and confirming the client.

The roles offered are the protocol's own (its ``roles``): a case clinic asks for no
facilitator, a kollegiale Beratung lets observers be ticked, and a role the protocol does not
have is neither asked for nor recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static
from textual.widgets._select import SelectCurrent

from codev.core import formatting
from codev.core.i18n import Lang, get_lang, t, tn
from codev.core.next_meeting import planned
from codev.core.people import new_member_problem, normalize_name
from codev.core.protocol.library import Library
from codev.core.protocol.model import Protocol, ProtocolRole, Role, RoundsError
from codev.core.session.model import (
    MAX_NAME_CHARS,
    MAX_SUBJECT_CHARS,
    Participant,
    SessionSetup,
    form_subgroups,
    rotating_round_clients,
    setup_refusal,
    subgroup_pool,
    subgroup_round_client,
    with_role_ids,
)
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.widgets.choices import ChoiceList


def _protocol_label(protocol: Protocol, lang: Lang) -> str:
    """A protocol as the list offers it: its title and length (a round per presenter counts
    apart: how many there will be is decided below)."""
    role = protocol.round_role
    if role is None:
        return f"{protocol.title.get(lang)} — {formatting.minutes(protocol.total_minutes)}"
    per_round = protocol.minutes_per_round
    return t(
        "ui.setup.protocol_per_role",
        title=protocol.title.get(lang),
        fixed=formatting.minutes(protocol.total_minutes - per_round),
        per_round=formatting.minutes(per_round),
        role=role.in_sentence(lang),
    )


def _titled_client(protocol: Protocol) -> str | None:
    """The protocol's own word for its client's role, as in a sentence ("intervenant·e"),
    when it has one (None: the set-up says "client", as the method does)."""
    role = protocol.role_for(Role.CLIENT)
    if role is None or role.title is None:
        return None
    return role.in_sentence(get_lang())


@dataclass(frozen=True)
class GroupInfo:
    """What the set-up knows of a group from earlier sessions."""

    name: str
    members: tuple[str, ...]
    suggested_clients: tuple[str, ...] = ()
    """Members in the order the rotation proposes them as client: those never client first,
    then the others, the longest since their last time first."""
    been_clients: frozenset[str] = frozenset()
    """Everyone who has been client in this group (a round's client too): the hint of who
    has not been yet leaves them out."""
    next_number: int = 1
    next_meeting: dt.date | None = None
    """The next meeting agreed at the end of the last session (the group file's ``next_meeting``)."""
    attributes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The group file's ``[attributes.NAME]``: attribute -> member's name -> value (a company),
    read to form sub-groups ``by`` or ``mix`` an attribute."""


def participant_id(name: str, taken: set[str]) -> str:
    """A stable id for a display name within one session (unique, never shown)."""
    base = normalize_name(name)[:60] or "?"
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base} ({suffix})", suffix + 1
    taken.add(candidate)
    return candidate


_HINTED_NAMES = 4
"""How many of those not yet client the client's hint names (one line at 80 columns)."""

_ROLE_LABELS = {
    Role.CLIENT: "ui.setup.client",
    Role.FACILITATOR: "ui.setup.facilitator",
    Role.SCRIBE: "ui.setup.scribe",
    Role.TIMEKEEPER: "ui.setup.timekeeper",
    Role.OBSERVER: "ui.setup.observers",
}
"""The catalogue's label of each role's field, when the protocol gives it no title of its own."""


def _role_label_key(role: Role, declared: ProtocolRole | None) -> str:
    """The catalogue's label of a role's field without a title of its own: a facilitator the
    protocol makes optional (Troika) says so, as the scribe's and the timekeeper's do."""
    if role is Role.FACILITATOR and declared is not None and not declared.required:
        return "ui.setup.facilitator_optional"
    return _ROLE_LABELS[role]


_ROLE_WIDGETS: dict[Role, tuple[str, ...]] = {
    Role.CLIENT: ("#client-label", "#client", "#client-hint"),
    Role.FACILITATOR: ("#facilitator-label", "#facilitator"),
    Role.SCRIBE: ("#scribe-box",),
    Role.TIMEKEEPER: ("#timekeeper-box",),
    Role.OBSERVER: ("#observers-box",),
}
"""What the form shows for each role a protocol may have (consultants need no field)."""


class SetupScreen(Screen[SessionSetup], TranslatedBindingsMixin):
    """Prepare a session; dismisses with the :class:`SessionSetup` to run."""

    DEFAULT_CSS = """
    #setup #observers-box { height: auto; }
    #setup #observers { height: auto; max-height: 8; }
    #setup #rounds-box { height: auto; }
    #setup #round-count-row { height: auto; }
    #setup #round-count-label { width: auto; padding: 1 1 0 0; }
    #setup #round-count { width: 8; }
    /* Three rounds to a line, each "Tour 1" and its client: fits 80 columns. */
    #setup #round-clients {
        grid-size: 6; grid-columns: auto 1fr auto 1fr auto 1fr; grid-rows: 1; grid-gutter: 0 1;
        height: auto;
    }
    #setup #round-clients .round-label { text-style: bold; }
    #setup #round-clients Select { margin: 0; }
    #setup #next-meeting { color: $foreground 60%; }
    /* Hidden until a protocol that splits is chosen (shown by _refresh_subgroups). */
    #setup #subgroups-box { height: auto; display: none; }
    #setup #subgroups-list { text-style: bold; }
    """

    BINDINGS = [
        Binding("ctrl+s", "start", "key.start_session", id="start_session", priority=True),
        Binding("escape", "quit", "key.quit", id="quit"),
    ]

    def __init__(
        self, library: Library, groups: Sequence[GroupInfo], *, today: dt.date, speed: float = 1.0
    ) -> None:
        super().__init__()
        self.today = today
        self.protocols = [entry.protocol for entry in library.sorted_entries()]
        self.groups = {group.name: group for group in groups}
        self.speed = speed
        self.members: list[str] = []
        self._suggested: list[str] = []
        """Members present who have not been client yet, least recent first (the client's
        hint names the first few of them)."""
        self._round_count = 0
        """How many client-per-round fields are built (or being built)."""
        self._rounds_protocol: str | None = None
        """The protocol those fields were built for: a new count of presenters for the same
        protocol keeps the presenters already chosen."""

    def compose(self) -> ComposeResult:
        lang = get_lang()
        with VerticalScroll(id="setup"):
            yield Label(t("ui.setup.title"), id="setup-title")
            yield Label(t("ui.setup.group"))
            yield Input(
                placeholder=t("ui.setup.group_placeholder"),
                suggester=SuggestFromList(list(self.groups), case_sensitive=False),
                # The session's own limits, so that the form never builds one it refuses.
                max_length=MAX_NAME_CHARS,
                id="group",
            )
            # The date the group agreed last time, once its name is typed: a reminder to check.
            yield Static("", id="next-meeting", markup=False)
            yield Label(t("ui.setup.protocol"))
            # Protocol titles, people's names and the client hint are trainers' and people's
            # words: given as Text or shown plain, since a Select, a SelectionList or a Static
            # would read "[/]" in them as markup, and fail.
            yield Select(
                [(Text(_protocol_label(p, lang)), p.id) for p in self.protocols],
                value=self._default_protocol(),
                allow_blank=False,
                id="protocol",
            )
            with Horizontal(classes="setup-row"):
                with VerticalScroll(classes="setup-col"):
                    yield Label(t("ui.setup.date"))
                    yield Input(self.today.isoformat(), id="date")
                with VerticalScroll(classes="setup-col"):
                    yield Label(t("ui.setup.number"))
                    yield Input("1", id="number", type="integer")
            yield Label(t("ui.setup.present"))
            yield ChoiceList[str](id="present")
            with Horizontal(classes="setup-row"):
                yield Input(
                    placeholder=t("ui.setup.add_member_placeholder"),
                    max_length=MAX_NAME_CHARS,
                    id="new-member",
                )
                yield Button(t("ui.setup.add_member"), id="add-member")
            yield Label(t("ui.setup.client"), id="client-label")
            yield Select[str]([], prompt=t("ui.setup.choose"), id="client")
            yield Static("", id="client-hint", markup=False)
            # A protocol of rounds (Troika): each round's client, by rotation from the client.
            with Vertical(id="rounds-box"):
                yield Label(t("ui.setup.round_clients"), id="rounds-label")
                # Rounds once per presenter (an action learning set): how many present today;
                # the rounds' fields then say who, in order.
                with Horizontal(id="round-count-row"):
                    yield Static("", id="round-count-label")
                    yield Input("1", id="round-count", type="integer", max_length=2)
                yield Grid(id="round-clients")
                yield Static("", id="rounds-hint")
            yield Label(t("ui.setup.subject"), id="subject-label")
            yield Input(
                placeholder=t("ui.setup.subject_placeholder"), max_length=MAX_SUBJECT_CHARS, id="subject"
            )
            yield Label(t("ui.setup.facilitator"), id="facilitator-label")
            yield Select[str]([], prompt=t("ui.setup.choose"), id="facilitator")
            with Horizontal(classes="setup-row"):
                with VerticalScroll(classes="setup-col", id="scribe-box"):
                    yield Label(t("ui.setup.scribe"))
                    yield Select[str]([], prompt=t("ui.setup.nobody"), id="scribe")
                with VerticalScroll(classes="setup-col", id="timekeeper-box"):
                    yield Label(t("ui.setup.timekeeper"))
                    yield Select[str]([], prompt=t("ui.setup.nobody"), id="timekeeper")
            with Vertical(id="observers-box"):
                yield Label(t("ui.setup.observers"))
                yield ChoiceList[str](id="observers")
            # A protocol in sub-groups (trios): who is in which, read-only, as the people
            # present form them; in a protocol of rounds it replaces the client per round.
            with Vertical(id="subgroups-box"):
                yield Label(t("ui.setup.subgroups"))
                yield Static("", id="subgroups-list", markup=False)
                # Who has no value of the attribute the protocol splits by (names: text).
                yield Static("", id="subgroups-missing", markup=False)
                yield Static("", id="subgroups-rule")
            yield Static("", id="setup-error")
            yield Button(t("ui.setup.start"), variant="primary", id="start")
        yield Footer()

    def _default_protocol(self) -> str:
        ids = [protocol.id for protocol in self.protocols]
        return "codev" if "codev" in ids else ids[0]

    def on_mount(self) -> None:
        self.query_one("#next-meeting").display = False
        self._show_protocol_roles()
        self._refresh_subgroups()
        self.query_one("#group", Input).focus()

    def _show_protocol_roles(self) -> None:
        # Only the roles the chosen protocol has: the others are neither asked nor recorded.
        protocol = self._protocol()
        for role, widget_ids in _ROLE_WIDGETS.items():
            for widget_id in widget_ids:
                self.query_one(widget_id).display = protocol.has_role(role)
            # A role of the protocol's own (format 2) is asked by its title.
            declared = protocol.role_for(role)
            title = declared.label(get_lang()) if declared is not None and declared.title else None
            label = self.query_one(widget_ids[0])
            if not isinstance(label, Label):  # a box: its own label
                label = label.query_one(Label)
            label.update(title or t(_role_label_key(role, declared)))
        self._show_facilitator_prompt(protocol)
        self._show_round_role(protocol)

    def _show_facilitator_prompt(self, protocol: Protocol) -> None:
        # A facilitator the protocol makes optional (Troika's at_most_one) is offered as the
        # scribe is: "Personne" when nobody is chosen, and that choice in the list.
        declared = protocol.role_for(Role.FACILITATOR)
        optional = declared is not None and not declared.required
        prompt = t("ui.setup.nobody") if optional else t("ui.setup.choose")
        select = self.query_one("#facilitator", Select)
        if select.prompt == prompt:
            return
        select.prompt = prompt
        select.query_one(SelectCurrent).placeholder = prompt
        # The list's blank row is built from the prompt: built again, the choice kept.
        value = select.value
        ticked = set(self.query_one("#present", SelectionList).selected)
        select.set_options([(Text(name), name) for name in self.members if name in ticked])
        if isinstance(value, str) and value in ticked:
            select.value = value
        else:
            select.query_one(SelectCurrent).update(Select.NULL)

    def _refresh_client_hint(self, protocol: Protocol) -> None:
        """Who has not been client yet, in the protocol's own word for it (a trainer)."""
        suggestions = self._suggested[:_HINTED_NAMES]
        titled = _titled_client(protocol)
        names = ", ".join(suggestions)
        more = len(self._suggested) - len(suggestions)
        if more:
            # Cut to a few names: said, so that nobody reads the list as everyone left.
            names = tn("ui.setup.names_and_more", more, names=names)
        hint = ""
        if suggestions:
            hint = (
                t("ui.setup.role_hint", role=titled, names=names)
                if titled
                else t("ui.setup.client_hint", names=names)
            )
        self.query_one("#client-hint", Static).update(hint)

    def _show_client_field(self, protocol: Protocol, *, rounds_in_subgroups: bool) -> None:
        # Rounds once per presenter: the presenters are chosen in the rounds' fields, the
        # first of them being the session's client; rounds in sub-groups (Troika's trios):
        # each sub-group's members are its clients in turn, the first sub-group's round-1
        # client the session's. Either way the client's own field is not asked.
        asked = protocol.round_role is None and protocol.has_role(Role.CLIENT) and not rounds_in_subgroups
        for widget_id in ("#client-label", "#client", "#client-hint"):
            self.query_one(widget_id).display = asked

    def _show_round_role(self, protocol: Protocol) -> None:
        role = protocol.round_role
        self._show_client_field(protocol, rounds_in_subgroups=self._rounds_in_subgroups(protocol))
        self._refresh_client_hint(protocol)
        self.query_one("#round-count-row").display = role is not None
        titled = _titled_client(protocol)
        if role is not None:
            label = t("ui.setup.rounds_per_role", role=role.in_sentence(get_lang()))
        elif titled is not None:
            label = t("ui.setup.round_holders", role=titled)
        else:
            label = t("ui.setup.round_clients")
        self.query_one("#rounds-label", Label).update(label)
        # A trainer's or a speaker's subject, not "the client's".
        if not protocol.has_role(Role.CLIENT):
            subject = t("ui.setup.subject_session")  # nobody brings a case: the session's theme
        elif titled is not None:
            subject = t("ui.setup.subject_of_role", role=titled)
        else:
            subject = t("ui.setup.subject")
        self.query_one("#subject-label", Label).update(subject)
        most = protocol.most_rounds
        self.query_one("#round-count-label", Static).update(t("ui.setup.round_count", most=most))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "protocol":
            self._show_protocol_roles()
        if event.select.id in ("protocol", "client", "facilitator"):
            # A new client starts the rotation again; a new facilitator only replaces them
            # in the rounds they were given.
            self._refresh_rounds(rotate=event.select.id != "facilitator")
            self._refresh_subgroups()

    # --- Reactions ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "round-count":
            self._refresh_rounds()
        if event.input.id == "group":
            group = self.groups.get(normalize_name(event.value))
            self._show_next_meeting(group)
            if group is not None:
                # Once each: a hand-edited group file may list someone twice.
                self.members = list(dict.fromkeys(normalize_name(name) for name in group.members))
                self.query_one("#number", Input).value = str(group.next_number)
                self._refresh_people(select_all=True)

    def _show_next_meeting(self, group: GroupInfo | None) -> None:
        # Only a date still to come: a past one is no next meeting (the group met, or not).
        day = planned(group.next_meeting, self.today) if group is not None else None
        line = self.query_one("#next-meeting", Static)
        line.display = day is not None
        if day is not None:
            line.update(t("ui.setup.next_meeting", date=formatting.date(day, "full")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-member":
            self._add_member()
        elif event.input.id == "group":
            self.query_one("#new-member" if not self.members else "#present").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-member":
            self._add_member()
        elif event.button.id == "start":
            self.action_start()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        if event.selection_list.id == "present":
            self._refresh_roles()
        elif event.selection_list.id == "observers":
            self._refresh_rounds()
            self._refresh_subgroups()

    def _add_member(self) -> None:
        field = self.query_one("#new-member", Input)
        field.focus()
        if not field.value.strip():
            return
        error = self.query_one("#setup-error", Static)
        # The same person is the same name once normalised ("Zoé" typed or pasted
        # decomposed); a name nobody could see is refused too. The text stays in the field,
        # to be told apart (an initial) rather than typed again.
        problem = new_member_problem(self.members, field.value)
        if problem is not None:
            # The message quotes the name: text, never markup ("Ana [/]" is a name).
            error.update(Text(problem))
            # Also as a toast: the form's message line may be scrolled out of sight.
            self.notify(problem, severity="warning", markup=False)
            return
        name = normalize_name(field.value)
        self.members.append(name)
        self._refresh_people(select_all=False, also=name)
        error.update("")
        field.value = ""

    def _refresh_people(self, *, select_all: bool, also: str | None = None) -> None:
        present = self.query_one("#present", SelectionList)
        selected = set(present.selected)
        present.clear_options()
        for name in self.members:
            # As Text, here and in the role lists: a name is never read as markup.
            present.add_option((Text(name), name, select_all or name in selected or name == also))
        self._refresh_roles()

    def _refresh_roles(self) -> None:
        present = list(self.query_one("#present", SelectionList).selected)
        ordered = [name for name in self.members if name in present]
        options = [(Text(name), name) for name in ordered]
        for widget_id in ("#client", "#facilitator", "#scribe", "#timekeeper"):
            select = self.query_one(widget_id, Select)
            current = select.value
            select.set_options(options)
            if isinstance(current, str) and current in ordered:
                select.value = current
        observers = self.query_one("#observers", SelectionList)
        watching = set(observers.selected)
        observers.clear_options()
        for name in ordered:
            observers.add_option((Text(name), name, name in watching))
        group = self.groups.get(normalize_name(self.query_one("#group", Input).value))
        suggestions = [name for name in (group.suggested_clients if group else ()) if name in ordered]
        client = self.query_one("#client", Select)
        if client.is_blank() and suggestions:
            client.value = suggestions[0]
        # The rotation proposes the least recent first; the hint names only who never was.
        been = group.been_clients if group else frozenset()
        self._suggested = [name for name in suggestions if name not in been]
        self._refresh_client_hint(self._protocol())
        self._refresh_rounds()
        self._refresh_subgroups()

    def _round_pool(self) -> list[str]:
        """Who may be a round's client, in the members' order: present, neither the
        facilitator nor an observer."""
        present = set(self.query_one("#present", SelectionList).selected)
        facilitator = self.query_one("#facilitator", Select).value
        left_out = {facilitator} if self._protocol().has_role(Role.FACILITATOR) else set()
        if self._protocol().has_role(Role.OBSERVER):
            left_out |= set(self.query_one("#observers", SelectionList).selected)
        return [name for name in self.members if name in present and name not in left_out]

    def _refresh_rounds(self, *, rotate: bool = False) -> None:
        # Filled by rotation from the client (``rotate``: again, whatever was chosen); each
        # round's choice can then be changed on its own, and stays while its person may
        # still be client.
        protocol = self._protocol()
        # Rounds without a client (workshops where nobody brings a case) ask for nobody.
        rounds = self._rounds_today(protocol)
        self.query_one("#rounds-box", Vertical).display = rounds > 0
        if rounds != self._round_count:
            # Another number of rounds: the fields are rebuilt, then filled (once mounted).
            keep = self._rounds_protocol == protocol.id
            self._round_count, self._rounds_protocol = rounds, protocol.id
            self.call_later(self._rebuild_rounds, rounds, keep)
        elif rounds:
            self._fill_rounds(rotate=rotate)

    def _typed_round_count(self, protocol: Protocol) -> int | None:
        """For rounds once per presenter, how many present today as typed (None: not a
        number from 1 to the most the protocol holds)."""
        text = self.query_one("#round-count", Input).value.strip()
        count = int(text) if text.isdigit() else 0
        return count if 1 <= count <= protocol.most_rounds else None

    def _rounds_today(self, protocol: Protocol) -> int:
        """How many rounds the form asks a client for: the protocol's, or as many as there
        are presenters today (while the count is being typed, the fields built stay)."""
        if not protocol.has_role(Role.CLIENT):
            return 0
        if protocol.round_role is None:
            return protocol.round_count or 0
        return self._typed_round_count(protocol) or self._round_count or 1

    @staticmethod
    def _rotation(protocol: Protocol, rounds: int, pool: Sequence[str], first: str | None) -> tuple[str, ...]:
        """Each round's client in turn from ``first``, for as many rounds as the form has
        (rounds once per presenter: the protocol written out that many times)."""
        # Filled in turn even beyond the time box (the hint and build_setup say so), so that
        # nothing typed is lost while it is corrected.
        per_presenter = protocol.round_role is not None and 1 <= rounds <= protocol.most_rounds
        return rotating_round_clients(protocol, pool, first, rounds=rounds if per_presenter else None)

    @staticmethod
    def _rounds_refusal(protocol: Protocol, rounds: int) -> str | None:
        """Why the protocol cannot be written out for this many presenters (None: it can)."""
        if protocol.round_role is None or not 1 <= rounds <= protocol.most_rounds:
            return None
        try:
            protocol.with_rounds(rounds)
        except RoundsError as error:
            return str(error)
        return None

    async def _rebuild_rounds(self, rounds: int, keep: bool = False) -> None:
        grid = self.query_one("#round-clients", Grid)
        # Another count of presenters: those already chosen stay, the new rounds are filled.
        previous = [select.value for select in self._round_selects()] if keep else []
        await grid.remove_children()
        widgets: list[Static | Select[str]] = []
        for number in range(1, rounds + 1):
            # A Static, not a Label: the form's labels have a blank line above them.
            widgets.append(Static(t("ui.setup.round", number=number), classes="round-label"))
            # No id: the fields are told apart by their order.
            widgets.append(Select[str]([], prompt=t("ui.setup.choose"), compact=True, classes="round-client"))
        await grid.mount(*widgets)
        if rounds == self._round_count:
            self._fill_rounds(rotate=not previous, previous=previous)

    def _round_selects(self) -> list[Select[str]]:
        return list(self.query_one("#round-clients", Grid).query(".round-client").results(Select))

    def _fill_rounds(self, *, rotate: bool, previous: Sequence[object] = ()) -> None:
        protocol = self._protocol()
        rounds = self._rounds_today(protocol)
        selects = self._round_selects()
        if len(selects) != rounds or not all(select.is_mounted for select in selects):
            return  # being rebuilt: filled once mounted
        pool = self._round_pool()
        client = self.query_one("#client", Select).value
        rotation = self._rotation(protocol, rounds, pool, client if isinstance(client, str) else None)
        options = [(Text(name), name) for name in pool]
        values = [
            previous[number] if number < len(previous) else select.value
            for number, select in enumerate(selects)
        ]
        kept: list[str | None] = [
            value if not rotate and isinstance(value, str) and value in pool else None for value in values
        ]
        for number, select in enumerate(selects):
            select.set_options(options)
            chosen = kept[number]
            if chosen is None and rotation:
                # The next in turn, unless another round has them while someone is still free.
                taken = {value for value in kept if value is not None}
                free = [name for name in (*rotation, *pool) if name not in taken]
                chosen = rotation[number] if rotation[number] not in taken or not free else free[0]
                kept[number] = chosen
            if chosen is not None:
                select.value = chosen
        key = "ui.setup.rounds_hint_twice" if len(pool) < rounds else "ui.setup.rounds_hint_once"
        hint = self.query_one("#rounds-hint", Static)
        # Nobody present yet: nothing to say; presenters of the day: only when some must
        # present twice (the count already says one round each).
        hint.display = bool(pool) and (protocol.round_role is None or len(pool) < rounds)
        titled = _titled_client(protocol)
        if titled is not None:
            # "3 possible people as speaker": the protocol's own word, not "clients".
            hint.update(tn(f"{key}_role", len(pool), rounds=rounds, role=titled))
        else:
            hint.update(tn(key, len(pool), rounds=rounds))
        refusal = self._rounds_refusal(protocol, rounds)
        if refusal is not None:
            # More presenters than the time box holds: said while the count is typed.
            hint.display = True
            hint.update(Text(refusal))

    def _round_clients(self, protocol: Protocol, ids: dict[str, str]) -> tuple[str, ...] | str:
        """Each round's client as chosen (ids), or the message naming the round left without one."""
        rounds = self._rounds_today(protocol)
        if not rounds:
            return ()
        chosen: list[str] = []
        selects = self._round_selects()
        for number, select in enumerate(selects, start=1):
            value = select.value
            if not isinstance(value, str) or value not in ids:
                return t("ui.setup.error.round_client", number=number)
            chosen.append(ids[value])
        if len(chosen) != rounds:  # not built yet: the rotation, as the form shows it
            pool = [ids[name] for name in self._round_pool() if name in ids]
            client = self.query_one("#client", Select).value
            return self._rotation(
                protocol, rounds, pool, ids.get(client) if isinstance(client, str) else None
            )
        return tuple(chosen)

    # --- Sub-groups -----------------------------------------------------------------------

    def _subgroup_pool(self, present: Sequence[str]) -> list[str]:
        """Who is split into sub-groups, in the members' order: the people present but the
        observers, and the facilitator unless they consult (a group of four at most)."""
        protocol = self._protocol()
        holders: dict[Role, list[str]] = {}
        if protocol.has_role(Role.OBSERVER):
            holders[Role.OBSERVER] = [
                str(name) for name in self.query_one("#observers", SelectionList).selected
            ]
        for meaning in (Role.CLIENT, Role.FACILITATOR, Role.SCRIBE, Role.TIMEKEEPER):
            value = self.query_one(f"#{meaning.value}", Select).value
            if protocol.has_role(meaning) and isinstance(value, str):
                holders[meaning] = [value]
        # The same rule as the session's ``facilitator_consults`` (see build_setup).
        return subgroup_pool(protocol, present, holders, facilitator_consults=len(present) <= 4)

    def _subgroups_by_name(self) -> tuple[tuple[str, ...], ...]:
        """The sub-groups the people present form now, by name (empty: no split)."""
        if self._protocol().subgroups is None:
            return ()
        return form_subgroups(self._protocol(), self._split_now(), self._attribute_values())

    def _split_now(self) -> list[str]:
        """Who is split into sub-groups now, by name, in the members' order."""
        ticked = set(self.query_one("#present", SelectionList).selected)
        return self._subgroup_pool([name for name in self.members if name in ticked])

    def _attribute_values(self) -> dict[str, str]:
        """Each member's value (name -> value) of the attribute the protocol's sub-groups
        are formed by or mix, from the group file; empty when it names none."""
        rule = self._protocol().subgroups
        attribute = rule.by or rule.mix if rule is not None else None
        group = self.groups.get(normalize_name(self.query_one("#group", Input).value))
        if attribute is None or group is None:
            return {}
        # Attribute names ignore case ([attributes.Company] is company), as the group file reads them.
        written = next(
            (values for name, values in group.attributes.items() if name.casefold() == attribute.casefold()),
            {},
        )
        # The group file's names may be written differently ("Zoé" decomposed).
        values = {normalize_name(name): value.strip() for name, value in written.items()}
        return {name: value for name, value in values.items() if value}

    def _refresh_missing_values(self) -> None:
        # Whoever is split without a value of the attribute lands in a table of their own
        # (by) or anywhere (mix): said, so that an odd table is explained.
        rule = self._protocol().subgroups
        attribute = rule.by or rule.mix if rule is not None else None
        values = self._attribute_values()
        missing = [name for name in self._split_now() if name not in values] if attribute else []
        line = self.query_one("#subgroups-missing", Static)
        line.display = bool(missing)
        line.update(
            t("ui.setup.subgroups_missing", attribute=attribute, names=", ".join(missing)) if missing else ""
        )

    def _refresh_subgroups(self) -> None:
        # Read-only: the protocol's rule decides, from who is present and their roles.
        protocol = self._protocol()
        box = self.query_one("#subgroups-box", Vertical)
        box.display = protocol.subgroups is not None
        if protocol.subgroups is None:
            return
        groups = self._subgroups_by_name()
        lines = [
            t("ui.setup.subgroup_line", label=protocol.subgroups.label(number), names=", ".join(members))
            for number, members in enumerate(groups, start=1)
        ]
        ticked = self.query_one("#present", SelectionList).selected
        listing = self.query_one("#subgroups-list", Static)
        listing.update("\n".join(lines) if lines else t("ui.setup.subgroups_single") if ticked else "")
        self._refresh_missing_values()
        # Rounds in sub-groups: each sub-group's members are its clients in turn, so the
        # client per round is not asked (its fields stay, hidden, for a group that does not split).
        in_rounds = self._rounds_in_subgroups(protocol, groups)
        rule = self.query_one("#subgroups-rule", Static)
        rule.display = in_rounds
        rule.update(t("ui.setup.subgroups_rounds") if in_rounds else "")
        # One table after all (people away): the client and each round's are asked again.
        self._show_client_field(protocol, rounds_in_subgroups=in_rounds)
        if in_rounds:
            self.query_one("#rounds-box", Vertical).display = False

    def _rounds_in_subgroups(
        self, protocol: Protocol, groups: tuple[tuple[str, ...], ...] | None = None
    ) -> bool:
        """True when the people present form sub-groups in a protocol of rounds with a client:
        each sub-group's members are then its round clients in turn, none is chosen here."""
        if protocol.subgroups is None or not protocol.rounds or not protocol.has_role(Role.CLIENT):
            return False
        return bool(self._subgroups_by_name() if groups is None else groups)

    # --- Validation -----------------------------------------------------------------------

    def _protocol(self) -> Protocol:
        chosen = self.query_one("#protocol", Select).value
        return next(p for p in self.protocols if p.id == chosen)

    def build_setup(self) -> SessionSetup | str:
        """The session to run, or the message saying what is missing."""
        group = normalize_name(self.query_one("#group", Input).value)
        if not group:
            return t("ui.setup.error.group")
        try:
            date = dt.date.fromisoformat(self.query_one("#date", Input).value.strip())
        except ValueError:
            return t("ui.setup.error.date")
        ticked = set(self.query_one("#present", SelectionList).selected)
        present = [name for name in self.members if name in ticked]
        if len(present) < 2:
            return t("ui.setup.error.people")
        taken: set[str] = set()
        ids = {name: participant_id(name, taken) for name in present}
        protocol = self._protocol()
        # Rounds once per presenter: the first presenter is the client (see below).
        by_round = protocol.round_role is not None
        presenters = self._typed_round_count(protocol) if by_round else None
        if by_round and presenters is None:
            return t("ui.setup.error.round_count", most=protocol.most_rounds)
        # As the form shows them; in a protocol of rounds they name each round's clients.
        subgroups = tuple(tuple(ids[name] for name in members) for members in self._subgroups_by_name())
        rounds_in_subgroups = self._rounds_in_subgroups(protocol, subgroups)
        roles: dict[Role, str | None] = {}
        for role in (Role.CLIENT, Role.FACILITATOR, Role.SCRIBE, Role.TIMEKEEPER):
            value = self.query_one(f"#{role.value}", Select).value
            # A role the protocol does not have is not recorded, whatever was chosen before
            # another protocol was picked.
            chosen = value if isinstance(value, str) and protocol.has_role(role) else None
            if role is Role.CLIENT and rounds_in_subgroups:
                # Not asked (the field is hidden, whoever the rotation pre-selected): the
                # sub-groups name the rounds' clients, and the session's is set below.
                chosen = None
            roles[role] = ids.get(chosen) if chosen is not None else None
            declared = protocol.role_for(role)
            if roles[role] is None and declared is not None and declared.required:
                if (by_round or rounds_in_subgroups) and role is Role.CLIENT:
                    continue  # chosen in the rounds' fields, or by the sub-groups
                # A role the protocol demands (count one): its own title, else the usual words.
                if declared.title is None and role in (Role.CLIENT, Role.FACILITATOR):
                    return t(f"ui.setup.error.{role.value}")
                return t("ui.setup.error.role", title=declared.label(get_lang()))
        observers: tuple[str, ...] = ()
        if protocol.has_role(Role.OBSERVER):
            watching = set(self.query_one("#observers", SelectionList).selected)
            observers = tuple(ids[name] for name in present if name in watching)
        number_text = self.query_one("#number", Input).value.strip()
        number = int(number_text) if number_text.isdigit() and int(number_text) > 0 else None
        client_id, facilitator_id = roles[Role.CLIENT], roles[Role.FACILITATOR]
        round_clients = () if rounds_in_subgroups else self._round_clients(protocol, ids)
        if isinstance(round_clients, str):
            return round_clients
        if presenters is not None:
            # The session records its protocol written out once per presenter (its journal
            # replays exactly); round r's client is the r-th presenter, the first the client.
            try:
                protocol = protocol.with_rounds(presenters)
            except RoundsError as error:
                # More presenters than the protocol's time box holds: both numbers, translated.
                return str(error)
            client_id = round_clients[0] if round_clients else client_id
        if rounds_in_subgroups:
            # A client the session validates, replaced below by the one the core rotates.
            client_id = subgroups[0][0]
        try:
            setup = SessionSetup(
                group=group,
                protocol=protocol,
                date=date,
                participants=tuple(Participant(id=ids[name], name=name) for name in present),
                client_id=client_id,
                facilitator_id=facilitator_id,
                scribe_id=roles[Role.SCRIBE],
                timekeeper_id=roles[Role.TIMEKEEPER],
                observer_ids=observers,
                # A protocol of rounds (Troika): a client per round, as chosen on the form
                # (checked by setup_refusal: nobody twice unless there are fewer than rounds).
                round_clients=round_clients,
                subgroups=subgroups,
                facilitator_consults=len(present) <= 4,
                subject=" ".join(self.query_one("#subject", Input).value.split()),
                number=number,
                speed=self.speed,
            )
        except ValidationError as error:
            # What the form cannot prevent (a control character pasted into a name): the
            # session's own message, translated, on the form.
            return str(error.errors()[0]["msg"])
        if rounds_in_subgroups:
            # The session's client (the side panel's before the first round, the carnets'
            # list of clients) is the first sub-group's round-1 client, as the core rotates.
            first = subgroup_round_client(setup, 0, 1)
            if first is not None and first != setup.client_id:
                setup = SessionSetup(**{**dict(setup), "client_id": first})
        # Who may hold two roles (the client facilitating, an observer who is the client).
        refusal = setup_refusal(setup)
        # Format 2: each participant's role id is recorded besides its meaning.
        return with_role_ids(setup) if refusal is None else refusal.message

    def action_start(self) -> None:
        """Check the form and start the session."""
        result = self.build_setup()
        if isinstance(result, str):
            # Messages may quote a name or a group: text, never markup.
            self.query_one("#setup-error", Static).update(Text(result))
            self.notify(result, severity="warning", markup=False)
            return
        self.dismiss(result)

    def action_quit(self) -> None:
        """Leave without starting (the application ends when the set-up closes with nothing)."""
        self.dismiss(None)
