"""The engine's public vocabulary: who is in the session, and the commands it accepts.

Everything here is an immutable pydantic model, because the same objects are written to
and read back from the session journal: what the UI sends is exactly what gets replayed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_serializer,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from codev.core.deadline import iso_date
from codev.core.i18n import Lang, get_lang, t

# MAX_NAME_CHARS is re-exported: the set-up form bounds its fields with it.
from codev.core.people import MAX_NAME_CHARS as MAX_NAME_CHARS
from codev.core.people import duplicate_message, name_problem_message, normalize_name
from codev.core.protocol.model import (
    MAX_JOKER_MINUTES,
    ROLES_FORMAT,
    LocalizedText,
    NoteKind,
    Protocol,
    ProtocolRole,
    Role,
    RoleCount,
    Speakers,
    Step,
)

MAX_NOTE_CHARS = 20_000
"""A note is a few sentences; this only stops a paste accident from bloating the journal."""

MAX_ACTION_DETAIL_CHARS = 2_000
"""An action's resources or indicator is a line or two: more is a paste accident."""

MAX_SUBJECT_CHARS = 500
"""A subject is a title, not the client's whole account."""

MAX_STEP_SECONDS = 24 * 3600.0
"""No step may be given more time than a day (the protocol format has the same ceiling)."""

MAX_ROOM_MESSAGE_CHARS = 200
"""A message to the room is read from the back of it: a line or two, never a page."""

MAX_JOKER_SECONDS = MAX_JOKER_MINUTES * 60.0
"""The joker is a few minutes granted at zero, not a second step."""

DEFAULT_ROOM_NOTE_KINDS = (NoteKind.CONTRACT, NoteKind.SUGGESTION, NoteKind.WALL)
"""Notes the room sees until the facilitator chooses otherwise: what the group builds
together (the group's wall too), never the client's own account, plan or anyone's
learnings and feelings."""


def _has_control_chars(text: str) -> bool:
    # Names end up in a terminal: control characters (escape sequences, newlines) could
    # corrupt the display, whereas any printable unicode (accents, emoji, slashes) is fine.
    return any(unicodedata.category(char) == "Cc" for char in text)


def _invalid(key: str, **values: object) -> PydanticCustomError:
    return _refused(t(key, None, **values))


def _refused(message: str) -> PydanticCustomError:
    # The translated text goes in as a value, not as the template: a name containing braces
    # must not be taken for a placeholder.
    return PydanticCustomError("engine_setup", "{message}", {"message": message})


def _valid_name(value: str) -> str:
    """``value`` normalised, if it can be a person's or a group's name (see codev.core.people)."""
    if message := name_problem_message(value):
        raise _refused(message)
    return normalize_name(value)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Participant(_Frozen):
    """A person present at the session."""

    id: str
    """Stable identifier (e.g. from the group file); never shown, never used as a file name."""
    name: str
    """Display name: any unicode, emoji and slashes included, kept normalised (NFC, single
    spaces): two participants are the same person exactly when their names are equal."""

    @field_validator("id")
    @classmethod
    def _printable(cls, value: str) -> str:
        # Checked here rather than with Field(min_length=...) so that the message is ours,
        # translated, instead of pydantic's English.
        if not value.strip() or _has_control_chars(value) or len(value) > MAX_NAME_CHARS:
            raise _invalid("engine.setup.bad_name", value=repr(value[:40]), limit=MAX_NAME_CHARS)
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        # Refused with the reason (empty, control characters, nothing visible, too long).
        return _valid_name(value)


class SessionSetup(_Frozen):
    """Everything decided before a session starts; written whole at the top of its journal."""

    group: str
    """The group's name (normalised, like people's names)."""
    protocol: Protocol
    """The whole protocol, so that a replay never depends on a file that may have changed."""
    date: dt.date
    participants: Annotated[tuple[Participant, ...], Field(min_length=1)]
    """Everyone present, in the order used for speaking turns."""
    client_id: str | None
    """The client; None only when the protocol's roles have no client (it is then not demanded)."""
    round_clients: tuple[str, ...] = ()
    """The client of each round, in order, when the protocol has rounds (Troika: each member
    of the trio once). Empty: the session's client is every round's."""
    facilitator_id: str | None
    """The facilitator; None only when the protocol's roles have no facilitator."""
    scribe_id: str | None = None
    timekeeper_id: str | None = None
    observer_ids: tuple[str, ...] = ()
    """Observers watch; they never get a consultant's turn."""
    facilitator_consults: bool = False
    """In small groups the facilitator also acts as a consultant (and takes turns)."""
    subject: Annotated[str, Field(max_length=MAX_SUBJECT_CHARS)] = ""
    """The client's subject title."""
    number: Annotated[int, Field(ge=1)] | None = None
    """The session's number in the group's cycle, when known."""
    speed: Annotated[float, Field(gt=0, le=1000)] = 1.0
    """Rehearsal speed (1 for a real session); kept so a resumed rehearsal runs as fast."""
    joker_seconds: Annotated[float, Field(gt=0, le=MAX_JOKER_SECONDS, allow_inf_nan=False)] = 120.0
    """The joker: minutes the facilitator may grant once per step when its time is up.
    In the setup (and so in the journal's header) so that every view of the session agrees."""
    participant_roles: dict[str, str] = Field(default_factory=dict)
    """Each participant's role id (``trainer``), for a protocol whose roles have ids of their
    own (format 2). The meaning stays in the fields above (``client_id``…), which the engine
    reads; absent from older journals, where every role is the built-in one of its meaning."""
    subgroups: tuple[tuple[str, ...], ...] = ()
    """Each sub-group's members, in order, for a protocol with ``[subgroups]`` (see
    :func:`form_subgroups`). Empty: no split (the pool gave one table), parallel steps run
    as plain ones. Absent from the header when empty, as in older journals."""

    @model_serializer(mode="wrap")
    def _without_empty_roles(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # A session of a format 1 protocol writes the very header it always did.
        data: dict[str, object] = handler(self)
        for name in ("participant_roles", "subgroups"):
            if not data.get(name):
                data.pop(name, None)
        return data

    @field_validator("group")
    @classmethod
    def _group_name(cls, value: str) -> str:
        return _valid_name(value)

    @model_validator(mode="after")
    def _known_people(self) -> Self:
        ids = [person.id for person in self.participants]
        seen: set[str] = set()
        for person_id in ids:
            if person_id in seen:
                raise _invalid("engine.setup.duplicate_id", id=person_id)
            seen.add(person_id)
        names: set[str] = set()
        for person in self.participants:
            # Names are normalised already: equal names are one person, listed twice. Each
            # carnet is named after its person, so the second would silently take the first's.
            if person.name in names:
                raise _refused(duplicate_message(person.name))
            names.add(person.name)
        named: list[str | None] = [
            self.client_id,
            self.facilitator_id,
            self.scribe_id,
            self.timekeeper_id,
            *self.observer_ids,
            *self.round_clients,
        ]
        for named_id in named:
            if named_id is not None and named_id not in seen:
                raise _invalid("engine.setup.unknown_id", id=named_id)
        # A role the protocol has is demanded; one it does not have is not (a case clinic
        # runs without a facilitator). Journals always named both, so they still read.
        self._check_roles(seen)
        # As written out: a protocol whose rounds follow a role has one per presenter.
        rounds = self.protocol.round_count
        if self.round_clients and rounds is None:
            raise _invalid("engine.setup.no_rounds")
        if self.round_clients and not self.protocol.has_role(Role.CLIENT):
            raise _invalid("engine.setup.no_client_role")
        if self.round_clients and len(self.round_clients) != rounds:
            raise _invalid("engine.setup.round_clients_count", rounds=rounds, given=len(self.round_clients))
        self._check_subgroups(seen)
        return self

    def _check_subgroups(self, known: set[str]) -> None:
        if not self.subgroups:
            return
        if self.protocol.subgroups is None:
            raise _invalid("engine.setup.no_subgroups")
        placed: set[str] = set()
        for number, members in enumerate(self.subgroups, start=1):
            if not members:
                raise _invalid("engine.setup.subgroup_empty", number=number)
            for person_id in members:
                if person_id not in known:
                    raise _invalid("engine.setup.unknown_id", id=person_id)
                name = self._name(person_id)
                if person_id in placed:
                    raise _invalid("engine.setup.subgroup_twice", name=name)
                if person_id in self.observer_ids:
                    raise _invalid("engine.setup.subgroup_observer", name=name)
                placed.add(person_id)
        if self.round_clients and self._rounds_in_subgroups:
            # Each sub-group's members are its round clients in turn: one list would contradict them.
            raise _invalid("engine.setup.subgroups_round_clients")

    def _name(self, person_id: str) -> str:
        person = self.participant(person_id)
        return person.name if person is not None else person_id

    @property
    def _rounds_in_subgroups(self) -> bool:
        # Rounds rotate a client per sub-group only when there are sub-groups and a client.
        return bool(self.subgroups) and self.protocol.has_role(Role.CLIENT)

    def subgroup_of(self, person_id: str | None) -> int | None:
        """The index (0-based) of ``person_id``'s sub-group; None when in none (or no split)."""
        for index, members in enumerate(self.subgroups):
            if person_id in members:
                return index
        return None

    def subgroup_label(self, person_id: str | None, lang: Lang | None = None) -> str:
        """The name of ``person_id``'s sub-group ("Trio 2"); empty when in none."""
        index = self.subgroup_of(person_id)
        rule = self.protocol.subgroups
        return rule.label(index + 1, lang) if index is not None and rule is not None else ""

    def _check_roles(self, known: set[str]) -> None:
        singles = (
            (Role.CLIENT, self.client_id),
            (Role.FACILITATOR, self.facilitator_id),
            (Role.SCRIBE, self.scribe_id),
            (Role.TIMEKEEPER, self.timekeeper_id),
        )
        for meaning, named_id in singles:
            role = self.protocol.role_for(meaning)
            if named_id is None and role is not None and role.required:
                if role.title is None and meaning in (Role.CLIENT, Role.FACILITATOR):
                    raise _invalid(f"engine.setup.needs_{meaning.value}")
                raise _invalid("engine.setup.needs_role", title=role.label())
        observers = self.protocol.role_for(Role.OBSERVER)
        if observers is not None and observers.count is not RoleCount.ANY:
            if len(self.observer_ids) > 1:
                raise _invalid("engine.setup.role_too_many", title=observers.label())
            if observers.required and not self.observer_ids:
                raise _invalid("engine.setup.needs_role", title=observers.label())
        for person_id, role_id in self.participant_roles.items():
            if person_id not in known:
                raise _invalid("engine.setup.unknown_id", id=person_id)
            declared = self.protocol.role_by_id(role_id)
            if declared is None:
                raise _invalid("engine.setup.unknown_role", role=role_id)
            if declared.meaning is not self.meaning_of(person_id):
                name = self.participant(person_id)
                raise _invalid(
                    "engine.setup.role_mismatch",
                    name=name.name if name else person_id,
                    title=declared.label(),
                )

    def meaning_of(self, person_id: str) -> Role:
        """The built-in role a participant holds, the first that applies: client, facilitator,
        observer, scribe, timekeeper, else consultant (scribes and timekeepers still consult:
        they take their turns, but their carnet says what they held)."""
        if person_id == self.client_id:
            return Role.CLIENT
        if person_id == self.facilitator_id:
            return Role.FACILITATOR
        if person_id in self.observer_ids:
            return Role.OBSERVER
        if person_id == self.scribe_id:
            return Role.SCRIBE
        if person_id == self.timekeeper_id:
            return Role.TIMEKEEPER
        return Role.CONSULTANT

    def role_of(self, person_id: str) -> ProtocolRole:
        """The protocol's role a participant holds (its id, meaning and title): as recorded,
        else the protocol's role of their meaning, else the built-in one."""
        recorded = self.protocol.role_by_id(self.participant_roles.get(person_id, ""))
        if recorded is not None:
            return recorded
        return self.protocol.role_or_builtin(self.meaning_of(person_id))

    def holders(self, role: ProtocolRole, step: Step | None = None) -> tuple[str, ...]:
        """Who holds ``role`` while ``step`` runs, in setup order (the client is the step's:
        a round's own client in a protocol of rounds)."""
        if role.meaning is Role.CLIENT:
            client = client_of_step(self, step)
            return (client,) if client is not None else ()
        if role.meaning is Role.CONSULTANT:
            return self.consultants_of(step)
        if role.meaning is Role.OBSERVER:
            return self.observer_ids
        named = {Role.FACILITATOR: self.facilitator_id, Role.SCRIBE: self.scribe_id}.get(
            role.meaning, self.timekeeper_id
        )
        return (named,) if named is not None else ()

    def participant(self, person_id: str) -> Participant | None:
        """The participant with this id, or None."""
        for person in self.participants:
            if person.id == person_id:
                return person
        return None

    @property
    def consultant_ids(self) -> tuple[str, ...]:
        """The consultants in setup order: everyone but the client, observers and the facilitator
        (unless the facilitator consults too). In a round, see :meth:`consultants_of`."""
        return self.consultants_of(None)

    def consultants_of(self, step: Step | None, person_id: str | None = None) -> tuple[str, ...]:
        """The consultants while ``step`` runs: everyone but that step's client (a round's
        own client in a protocol of rounds), observers and the facilitator (unless the
        facilitator consults too). ``None``: the session's client is left out.

        In a parallel step with sub-groups: ``person_id``'s sub-group's members but its
        client (the first sub-group's when None or in none)."""
        if step is not None and step.parallel and self.subgroups:
            index = self.subgroup_of(person_id)
            members = self.subgroups[index if index is not None else 0]
            client = client_of_step(self, step, members[0])
            return tuple(member for member in members if member != client)
        excluded = {client_of_step(self, step), *self.observer_ids}
        if not self.facilitator_consults:
            excluded.add(self.facilitator_id)
        return tuple(person.id for person in self.participants if person.id not in excluded)

    def speaking_order(self, step: Step) -> tuple[str, ...]:
        """Who takes turns, in order, during ``step`` (empty when the step has no turns)."""
        if step.turns is None:
            return ()
        if step.turns.who is Speakers.EVERYONE:
            return tuple(person.id for person in self.participants)
        return self.consultants_of(step)

    @property
    def client_ids(self) -> tuple[str, ...]:
        """Everyone who is a client in this session, once each: the session's client, then
        each round's (in round order; with sub-groups, each sub-group's in a round)."""
        named = [self.client_id, *self.round_clients]
        if self._rounds_in_subgroups:
            named += [person for step in self.protocol.steps for person in round_clients_of(self, step)]
        return tuple(dict.fromkeys(person for person in named if person is not None))

    @property
    def round_client_ids(self) -> tuple[str, ...]:
        """The clients of rounds who are not the session's client, in round order."""
        return tuple(person for person in self.client_ids if person != self.client_id)


def with_role_ids(setup: SessionSetup) -> SessionSetup:
    """``setup`` with each participant's role id recorded, for a protocol whose roles may have
    ids of their own (format 2); a format 1 setup comes back as it is (its journal unchanged)."""
    if setup.protocol.format < ROLES_FORMAT:
        return setup
    roles = {person.id: setup.role_of(person.id).id for person in setup.participants}
    return SessionSetup(**{**dict(setup), "participant_roles": roles})


def client_of_step(setup: SessionSetup, step: Step | None, person_id: str | None = None) -> str | None:
    """Who is the client while ``step`` runs (None: the protocol has no client).

    A step of a round (a protocol with ``rounds``, as Troika) has that round's client when
    the setup names one per round; every other step has the session's client. Every default
    owner follows, so each round's contract and actions reach that round's client's carnet.

    With sub-groups, a round's client is each sub-group's own: ``person_id``'s sub-group's
    (the first sub-group's when None or in none), each member but the facilitator in turn,
    in its order (see :func:`subgroup_round_client`). Whose carnet a note goes to does not
    use that fallback: see :func:`owner_to_choose`.
    """
    if step is not None and step.round is not None and setup._rounds_in_subgroups:
        index = setup.subgroup_of(person_id)
        return subgroup_round_client(setup, index if index is not None else 0, step.round)
    if step is not None and step.round is not None and setup.round_clients:
        return setup.round_clients[step.round - 1]
    return setup.client_id


def subgroup_round_client(setup: SessionSetup, index: int, round_number: int) -> str | None:
    """Sub-group ``index``'s client in round ``round_number`` (from 1): its members in turn,
    in its order, the facilitator left out — a facilitator who consults (a small group) sits
    at a table but is never a round's client, as everywhere else (:func:`round_client_pool`).
    None when the facilitator is the sub-group's only member."""
    members = [member for member in setup.subgroups[index] if member != setup.facilitator_id]
    return members[(round_number - 1) % len(members)] if members else None


def round_clients_of(setup: SessionSetup, step: Step | None) -> tuple[str, ...]:
    """Every client while ``step`` runs: one per sub-group in a round with sub-groups, else
    the step's client (none when the protocol has no client)."""
    if step is not None and step.round is not None and setup._rounds_in_subgroups:
        clients = (subgroup_round_client(setup, index, step.round) for index in range(len(setup.subgroups)))
        return tuple(client for client in clients if client is not None)
    client = client_of_step(setup, step)
    return (client,) if client is not None else ()


def subgroup_pool(
    protocol: Protocol,
    present: Sequence[str],
    holders: Mapping[Role, Sequence[str]],
    facilitator_consults: bool,
) -> list[str]:
    """Who is split into sub-groups, in set-up order: the people ``present`` but the observers,
    the facilitator unless they consult, and the holders of the roles the protocol's
    ``[subgroups] without`` names (a trainer who goes from table to table). ``holders``: who
    holds each meaning (the set-up's choices)."""
    rule = protocol.subgroups
    left_out = set(holders.get(Role.OBSERVER, ()))
    if not facilitator_consults:
        left_out |= set(holders.get(Role.FACILITATOR, ()))
    for role_id in rule.without if rule is not None else ():
        role = protocol.role_by_id(role_id)
        if role is not None:
            left_out |= set(holders.get(role.meaning, ()))
    return [person for person in present if person not in left_out]


def form_subgroups(
    protocol: Protocol, pool: Sequence[str], attributes: Mapping[str, str] | None = None
) -> tuple[tuple[str, ...], ...]:
    """The sub-groups of ``pool`` (who is split, in set-up order) by the protocol's rule.

    ``size``: ``len(pool) // size`` tables (at least one), contiguous, their sizes as even as
    possible (7 people by 3: 4 + 3); with ``mix``, each value of ``attributes`` (person id ->
    value of the protocol's attribute) is dealt round the tables, each table then in set-up
    order. ``by``: one sub-group per value, in order of first appearance, the people without
    one last. A single sub-group is no split: ``()``.
    """
    rule = protocol.subgroups
    people = list(dict.fromkeys(pool))
    if rule is None or not people:
        return ()
    values = attributes or {}

    def value_of(person: str) -> str:
        return values.get(person, "").strip()

    if rule.size is None:
        by_value: dict[str, list[str]] = {}
        for person in people:
            if value_of(person):
                by_value.setdefault(value_of(person), []).append(person)
        without = [person for person in people if not value_of(person)]
        groups = [*by_value.values(), *([without] if without else [])]
    else:
        count = max(1, len(people) // rule.size)
        if rule.mix is not None:
            # Dealt value by value (first appearance first): each value spreads over the tables.
            order = {value: rank for rank, value in enumerate(dict.fromkeys(map(value_of, people)))}
            dealt = sorted(people, key=lambda person: (not value_of(person), order[value_of(person)]))
            position = {person: index for index, person in enumerate(people)}
            groups = [sorted(dealt[table::count], key=position.__getitem__) for table in range(count)]
        else:
            base, extra = divmod(len(people), count)
            groups, start = [], 0
            for table in range(count):
                end = start + base + (1 if table < extra else 0)
                groups.append(people[start:end])
                start = end
    return tuple(tuple(group) for group in groups) if len(groups) > 1 else ()


def rotating_round_clients(
    protocol: Protocol,
    present: Sequence[str],
    first: str | None,
    skip: Iterable[str | None] = (),
    rounds: int | None = None,
) -> tuple[str, ...]:
    """Each round's client when nobody chose them: the chosen client first, then the next
    people present in turn (``skip``, e.g. the facilitator and observers, are never client),
    as Troika's "each member is client once". Empty for a protocol without rounds, and for
    one without a client (rounds of workshops where nobody brings a case). ``rounds``: how
    many (the presenters of the day, before the protocol is written out for them); None:
    the protocol's own count."""
    left_out = set(skip)
    pool = [person for person in present if person not in left_out]
    rounds = protocol.round_count if rounds is None else rounds
    if not rounds or not pool or not protocol.has_role(Role.CLIENT):
        return ()
    start = pool.index(first) if first in pool else 0
    return tuple(pool[(start + offset) % len(pool)] for offset in range(rounds))


CLIENT_OWNED_KINDS = frozenset({NoteKind.CONTRACT, NoteKind.QUESTION, NoteKind.ACTION, NoteKind.SUGGESTION})
"""Notes given to the client (her contract, the questions and suggestions she receives, her
plan): they are hers, whoever wrote them. Every other kind belongs to its author."""


def owner_to_choose(setup: SessionSetup, step: Step | None, kind: NoteKind, author_id: str | None) -> bool:
    """Whether nobody can be guessed as the owner of a note of ``kind`` by ``author_id`` (None
    or empty: no author yet): the facilitator must say whose carnet it goes to.

    Only in a round with sub-groups, for what is given to a client (:data:`CLIENT_OWNED_KINDS`):
    each sub-group has its own client then, and a note by someone in no sub-group (the
    facilitator who does not consult, an observer), by nobody typed yet (a parallel step has
    no current speaker), or by someone whose sub-group has no client could be any of theirs.
    """
    if step is None or step.round is None or not setup._rounds_in_subgroups:
        return False
    if kind not in CLIENT_OWNED_KINDS or (kind is NoteKind.ACTION and step.each_commits):
        return False
    index = setup.subgroup_of(author_id) if author_id else None
    return index is None or subgroup_round_client(setup, index, step.round) is None


def default_owner(setup: SessionSetup, step: Step | None, kind: NoteKind, author_id: str) -> str:
    """Whose carnet keeps a note nobody chose an owner for: the step's client for what is
    given to the client, the author for everything else (and when there is no client).
    In a step where everyone commits (``each_commits``), an action is its author's own.

    In a round with sub-groups, what is given to a client goes to the author's sub-group's
    round client. When that cannot be guessed (:func:`owner_to_choose`: an author in no
    sub-group), the note dialog asks the facilitator; a caller that cannot ask (the engine
    for a command without an owner, a replay) gets the author, as a last resort — never
    another sub-group's client by accident."""
    if kind is NoteKind.ACTION and step is not None and step.each_commits:
        return author_id
    if owner_to_choose(setup, step, kind, author_id):
        return author_id
    if kind in CLIENT_OWNED_KINDS:
        # In a round with sub-groups: the client of the author's own sub-group.
        client = client_of_step(setup, step, author_id)
        if client is not None:
            return client
    return author_id


def client_may_facilitate(protocol: Protocol) -> bool:
    """Whether the protocol lets the client also be the facilitator.

    Format 1 has no key for it: only a protocol without a facilitator's role allows it (the
    one who runs codev there is nobody's facilitator). Format 2 may say so in its roles.
    """
    return not protocol.has_role(Role.FACILITATOR)


def setup_refusal(setup: SessionSetup) -> Refusal | None:
    """Why a new session cannot start with these roles (None: it can).

    Checked when a session is set up, not when a journal is read: sessions journaled before
    these rules (a client who also facilitated) still replay as they were.
    """
    people = setup.protocol.people
    present = len(setup.participants)
    # Who the protocol is for (format 2's people): everyone present counts, observers included.
    if people is not None and present < people.min:
        return Refusal("engine.setup.too_few_people", {"min": people.min, "count": present})
    if people is not None and present > people.max:
        return Refusal("engine.setup.too_many_people", {"max": people.max, "count": present})
    client = setup.participant(setup.client_id) if setup.client_id else None
    if (
        client is not None
        and setup.facilitator_id == setup.client_id
        and not client_may_facilitate(setup.protocol)
    ):
        return Refusal("engine.setup.client_facilitates", {"name": client.name})
    for observer_id in setup.observer_ids:
        observer = setup.participant(observer_id)
        for role, named_id in (("client", setup.client_id), ("facilitator", setup.facilitator_id)):
            if observer is not None and observer_id == named_id:
                return Refusal(f"engine.setup.observer_is_{role}", {"name": observer.name})
    return round_clients_refusal(setup)


def round_client_pool(setup: SessionSetup) -> tuple[str, ...]:
    """Who may be a round's client, in setup order: neither the facilitator nor an observer."""
    left_out = {setup.facilitator_id, *setup.observer_ids}
    return tuple(person.id for person in setup.participants if person.id not in left_out)


def round_clients_refusal(setup: SessionSetup) -> Refusal | None:
    """Why these round clients cannot start a session (None: they can): each must be able to
    be client (not the facilitator, not an observer), and nobody is client of two rounds
    unless fewer people can be client than there are rounds."""
    pool = round_client_pool(setup)
    for number, person_id in enumerate(setup.round_clients, start=1):
        person = setup.participant(person_id)
        name = person.name if person is not None else person_id
        if person_id == setup.facilitator_id:
            return Refusal("engine.setup.round_client_facilitates", {"round": number, "name": name})
        if person_id in setup.observer_ids:
            return Refusal("engine.setup.round_client_observes", {"round": number, "name": name})
    rounds = len(setup.round_clients)
    if len(pool) >= rounds:
        seen: set[str] = set()
        for person_id in setup.round_clients:
            if person_id in seen:
                person = setup.participant(person_id)
                values = {"name": person.name if person else person_id, "people": len(pool), "rounds": rounds}
                return Refusal("engine.setup.round_client_twice", values)
            seen.add(person_id)
    return None


FiniteSeconds = Annotated[float, Field(allow_inf_nan=False)]
"""A duration in seconds; infinities and NaN would poison every sum of the timers."""


# --- Commands ---------------------------------------------------------------------------
# One class per command; ``op`` tags them in the journal. Commands without fields are
# still classes (not an enum) so that the UI handles every command the same way.


class Start(_Frozen):
    """Start the session: the first step's timer starts."""

    op: Literal["start"] = "start"


class Pause(_Frozen):
    """Stop the clock (everything: step, turn, airtime) until :class:`Resume`."""

    op: Literal["pause"] = "pause"


class Resume(_Frozen):
    """Restart the clock after a :class:`Pause`."""

    op: Literal["resume"] = "resume"


class NextStep(_Frozen):
    """Close the current step (done) and open the next one that was not skipped."""

    op: Literal["next_step"] = "next_step"


class PreviousStep(_Frozen):
    """Go back to the previous step; its time keeps accumulating from where it was."""

    op: Literal["previous_step"] = "previous_step"


class SkipStep(_Frozen):
    """Skip the current step (it must be optional) and open the next one."""

    op: Literal["skip_step"] = "skip_step"


class AdjustTime(_Frozen):
    """Give the current step more time (positive) or less (negative), in seconds.

    Removing time never takes the step below zero remaining: asking for more than what is
    left removes only what is left.
    """

    op: Literal["adjust_time"] = "adjust_time"
    seconds: FiniteSeconds


class NextSpeaker(_Frozen):
    """Give the floor to the next person in the speaking order (wrapping to a new round)."""

    op: Literal["next_speaker"] = "next_speaker"


class PreviousSpeaker(_Frozen):
    """Give the floor back to the previous person in the speaking order."""

    op: Literal["previous_speaker"] = "previous_speaker"


class GiveFloor(_Frozen):
    """In a round, give the floor to ``speaker_id``, or to nobody (None: the round is left
    with nobody speaking, and nobody's airtime counts until the floor is given again).

    A step's round starts with nobody speaking: the first :class:`NextSpeaker` opens it, and
    is journaled as this command naming the first speaker.
    """

    op: Literal["give_floor"] = "give_floor"
    speaker_id: str | None = None


FollowUpOutcome = Literal["done", "partly", "not_yet", "dropped"]
"""How an earlier commitment went, as told at a later session's opening step."""


class ActionDetails(_Frozen):
    """What an action of the client's plan holds besides its objective (the note's text).

    Every field is optional. Sizes are the engine's to refuse (:data:`MAX_ACTION_DETAIL_CHARS`),
    as for a note's text; a deadline that is no ``YYYY-MM-DD`` date is no command at all.
    """

    resources: str = ""
    """What the client will rely on: time, people, money."""
    deadline: str | None = None
    """By when, as an ISO date (``2025-02-10``); None: no deadline."""
    indicator: str = ""
    """How the client will know it worked."""

    @field_validator("resources", "indicator")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()

    @field_validator("deadline")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if iso_date(value.strip()) is None:
            raise _invalid("engine.command.bad_deadline", value=repr(value[:40]))
        return value.strip()

    @property
    def deadline_date(self) -> dt.date | None:
        """The deadline as a date (None: none)."""
        return None if self.deadline is None else dt.date.fromisoformat(self.deadline)


class AddNote(_Frozen):
    """Write a note; it belongs to ``step_id`` (default: the current step)."""

    op: Literal["add_note"] = "add_note"
    kind: NoteKind = NoteKind.NOTE
    author_id: str
    text: str
    step_id: str | None = None
    about: Annotated[str, Field(max_length=200)] | None = None
    """What the note reports on, for a follow-up: the commitment's ``SESSION/ACTION`` ids."""
    outcome: FollowUpOutcome | None = None
    """For a follow-up: how the commitment went."""
    action: ActionDetails | None = None
    """For an action: its resources, deadline and indicator (the text is its objective).
    Absent from journals written before actions had them."""
    owner_id: str | None = None
    """Whose carnet keeps the note; None: the rules decide (:func:`default_owner`). The
    facilitator names the author to mark a member's own commitment. Absent from journals
    written before notes had owners: they replay with the defaults."""


class EditNote(_Frozen):
    """Change a note's text, kind or author (fields left to None stay as they are)."""

    op: Literal["edit_note"] = "edit_note"
    note_id: str
    text: str | None = None
    kind: NoteKind | None = None
    author_id: str | None = None
    action: ActionDetails | None = None
    """An action's new details, all three at once (None: as they are)."""
    owner_id: str | None = None
    """A new owner, chosen (None: as it is; a note whose owner was never chosen follows
    its kind and author to the default owner)."""


class DeleteNote(_Frozen):
    """Remove a note (the journal keeps the history)."""

    op: Literal["delete_note"] = "delete_note"
    note_id: str


class AcceptCatchUp(_Frozen):
    """Apply a catch-up plan: new planned seconds for steps still to come.

    Leave ``plan`` empty to accept the engine's current proposal; the journal always
    records the plan actually applied, so that a replay never recomputes it.
    """

    op: Literal["accept_catch_up"] = "accept_catch_up"
    plan: tuple[tuple[str, FiniteSeconds], ...] | None = None


class UseJoker(_Frozen):
    """At zero, grant the current step its joker: a few more minutes, once per step."""

    op: Literal["use_joker"] = "use_joker"
    seconds: Annotated[float, Field(gt=0, le=MAX_JOKER_SECONDS, allow_inf_nan=False)]


class RoomScreen(StrEnum):
    """What the projected view shows."""

    SESSION = "session"
    """The step, its timer, who speaks and the rules."""
    BLANK = "blank"
    """Nothing (the group talks among themselves; the timer keeps running)."""
    TIMER = "timer"
    """The timer alone, as large as the window allows."""


class SetRoomScreen(_Frozen):
    """Choose what the room's view shows (journaled so a view started late shows it too)."""

    op: Literal["set_room_screen"] = "set_room_screen"
    screen: RoomScreen


class SetRoomMessage(_Frozen):
    """Show a short message to the room, big, until cleared (an empty text clears it)."""

    op: Literal["set_room_message"] = "set_room_message"
    text: Annotated[str, Field(max_length=MAX_ROOM_MESSAGE_CHARS)] = ""

    @field_validator("text")
    @classmethod
    def _printable(cls, value: str) -> str:
        if _has_control_chars(value):
            raise _invalid("engine.setup.bad_name", value=repr(value[:40]), limit=MAX_ROOM_MESSAGE_CHARS)
        return value.strip()


ConsentPart = Literal["question", "contract", "suggestions"]
"""A part of the client's account that the other carnets may keep, when she agrees."""

CONSENT_PARTS: tuple[ConsentPart, ...] = ("question", "contract", "suggestions")
"""Every part the client may share, in the order the consent dialog offers them."""


class SetConsent(_Frozen):
    """What a client agrees the other carnets keep of her account, besides the subject's
    title: her question, her contract, the suggestions she received. Her action plan is
    never shared. Until this is sent (and with ``share`` empty): the title only.

    Each client has her own consent (a Troika's round clients each decide for themselves)."""

    op: Literal["set_consent"] = "set_consent"
    share: frozenset[ConsentPart] = frozenset()
    client_id: str | None = None
    """Whose account; None: the session's client (as every journal written before consent
    was kept per client says, having no such field)."""

    @field_serializer("share")
    def _sorted(self, share: frozenset[ConsentPart]) -> list[ConsentPart]:
        # Sorted: the same choice always writes the same journal line.
        return sorted(share)

    @model_serializer(mode="wrap")
    def _without_default_client(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # The session's client's consent writes the very line it always did, so that a
        # journal without rounds still reads in a codev from before consent per client.
        data: dict[str, object] = handler(self)
        if data.get("client_id") is None:
            data.pop("client_id", None)
        return data


class SetRoomNotes(_Frozen):
    """Which kinds of notes the room's view may show."""

    op: Literal["set_room_notes"] = "set_room_notes"
    kinds: tuple[NoteKind, ...]


class Finish(_Frozen):
    """End the session normally."""

    op: Literal["finish"] = "finish"


class Abandon(_Frozen):
    """End the session without finishing it (it will not be offered for resuming)."""

    op: Literal["abandon"] = "abandon"


CommandType = (
    Start
    | Pause
    | Resume
    | NextStep
    | PreviousStep
    | SkipStep
    | AdjustTime
    | NextSpeaker
    | PreviousSpeaker
    | GiveFloor
    | AddNote
    | EditNote
    | DeleteNote
    | AcceptCatchUp
    | UseJoker
    | SetRoomScreen
    | SetRoomMessage
    | SetRoomNotes
    | SetConsent
    | Finish
    | Abandon
)
"""The union of command classes (for ``isinstance`` checks and type hints)."""

Command = Annotated[CommandType, Field(discriminator="op")]
"""Any command the UI can send to the engine."""


# --- Statuses -----------------------------------------------------------------------------


class SessionStatus(StrEnum):
    """Where the session as a whole is."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"

    @property
    def is_over(self) -> bool:
        """True once finished or abandoned: nothing runs any more."""
        return self in (SessionStatus.FINISHED, SessionStatus.ABANDONED)

    def label(self) -> str:
        """The status in the current language."""
        return t(f"engine.status.{self.value}")


class StepStatus(StrEnum):
    """Where one step is."""

    READY = "ready"
    """Not (or no longer) the current step, and not closed: it will run."""
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    SKIPPED = "skipped"

    def label(self) -> str:
        """The status in the current language."""
        return t(f"engine.step_status.{self.value}")


class Phase(StrEnum):
    """The current step's timer: counting down, nearly over, or counting up past the end."""

    NORMAL = "normal"
    WRAP_UP = "wrap_up"
    OVERTIME = "overtime"

    def label(self) -> str:
        """The phase in the current language."""
        return t(f"engine.phase.{self.value}")


# --- Refusals -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a command cannot be applied now. Expected, so returned rather than raised.

    The message is translated when read, so a language switch applies to refusals already
    held by the UI. Localized values (step titles) are resolved in that language too.
    """

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The reason, in the current language."""
        lang = get_lang()
        values = {
            name: value.get(lang) if isinstance(value, LocalizedText) else value
            for name, value in self.values.items()
        }
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return self.message
