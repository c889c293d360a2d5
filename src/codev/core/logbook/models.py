"""The carnet and group file formats as pydantic models (format 1, see docs/logbook-format.md).

The same models are used to read files (hand-edited ones included) and to describe what
codev writes. Keys a participant adds by hand are ignored here (``extra="ignore"``) but
stay in the file: the store edits files in place rather than regenerating them. Field
order is the key order in the files.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar, Generic, Self, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from codev.core.logbook.names import normalize_name
from codev.core.protocol.model import ID_PATTERN, Role

FORMAT_VERSION = 1
"""The carnet and group file format this code reads and writes."""
MAX_FORMAT = 999
"""Any format number above this is no format at all (and would make a message of its digits)."""
MAX_SESSION_NUMBER = 1_000_000
"""A session a day for over two thousand years: a number above this is a mistake, and
numbers thousands of digits long would end up in every file and message."""


def _person_name(value: str) -> str:
    name = normalize_name(value)
    if not name:
        raise PydanticCustomError("string_too_short", "must not be empty", {"min_length": 1})
    return name


def _aware(value: dt.datetime) -> dt.datetime:
    # A hand-written date without an offset means local time; codev always writes one.
    return value if value.tzinfo is not None else value.astimezone()


Name = Annotated[str, AfterValidator(_person_name)]
"""A person's or a group's display name, normalised (see :func:`normalize_name`)."""
OptionalName = Annotated[str, AfterValidator(normalize_name)]
EntryId = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]
"""Session and action ids: lowercase letters, digits, ``-`` and ``_``."""
Timestamp = Annotated[dt.datetime, AfterValidator(_aware)]
"""A date and time, always with a time zone once read."""
RoleField = Annotated[Role, Strict(False)]
Texts = list[str]
SessionNumber = Annotated[int, Field(ge=1, le=MAX_SESSION_NUMBER)]
MAX_AIRTIME_SECONDS = 366 * 24 * 3600
"""More floor than a year is no session's: a bigger number is a mistake."""
AirtimeSeconds = Annotated[int, Field(ge=0, le=MAX_AIRTIME_SECONDS)]


class Record(BaseModel):
    """Base of every logbook record: strict types, unknown keys ignored, immutable."""

    # strict: TOML has real types, a number written as a string is a mistake worth a clear
    # message. ignore: extra keys are the participant's own, kept in the file by the store.
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    ALWAYS_WRITTEN: ClassVar[frozenset[str]] = frozenset()
    """Fields written even when empty, so that a person editing the file sees the slot."""

    def written_when_empty(self) -> frozenset[str]:
        """The fields to write even when they are empty (see :attr:`ALWAYS_WRITTEN`)."""
        return self.ALWAYS_WRITTEN


class CommitmentStatus(StrEnum):
    """Where a commitment (an action of a client's plan) stands."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class FollowUpStatus(StrEnum):
    """How a commitment went, as told at a later session."""

    DONE = "done"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    DROPPED = "dropped"

    def commitment_status(self) -> CommitmentStatus:
        """The commitment's status after this follow-up: done and dropped close it."""
        if self is FollowUpStatus.DONE:
            return CommitmentStatus.DONE
        if self is FollowUpStatus.DROPPED:
            return CommitmentStatus.DROPPED
        return CommitmentStatus.OPEN


CommitmentStatusField = Annotated[CommitmentStatus, Strict(False)]
FollowUpStatusField = Annotated[FollowUpStatus, Strict(False)]


class Suggestion(Record):
    """A suggestion received by the client, with its author."""

    author: Name
    text: str


class Action(Record):
    """One action of a client's plan: a commitment that later sessions follow up."""

    id: EntryId
    """Unique within its session; ``(session id, action id)`` names the commitment."""
    objective: str
    resources: str = ""
    deadline: dt.date | None = None
    indicator: str = ""
    """How the client will know it worked."""
    status: CommitmentStatusField = CommitmentStatus.OPEN
    status_changed: Timestamp | None = None
    """When the status last changed (absent while it never has)."""


class FollowUp(Record):
    """How an earlier commitment went, told at the opening of a later session."""

    session: EntryId
    """The id of the session where the commitment was made."""
    action: EntryId
    """The id of the action in that session."""
    objective: str = ""
    """A copy of the action's objective, so that the file reads on its own."""
    status: FollowUpStatusField
    comment: str = ""


class StepAirtime(Record):
    """How long one participant had the floor in one round-the-table step."""

    step: EntryId
    """The step's id in the protocol."""
    seconds: AirtimeSeconds
    """Whole seconds of floor given to this participant (0: in the round, never spoke)."""


class PersonAirtime(Record):
    """How long one participant had the floor over a whole session (its rounds only)."""

    name: Name
    seconds: AirtimeSeconds


class WallNote(Record):
    """A note of the group's wall (a post-it the whole group built), kept in the group file."""

    text: str
    author: Name
    step: str = ""
    """The title of the step it was written in (empty: not known)."""


class EntryRecord(Record):
    """A ``[[sessions]]`` element: a session, named by its id, at a date."""

    id: EntryId
    """The session's id: writing an entry with the same id replaces it (upsert)."""
    date: Timestamp
    updated: Timestamp | None = None
    """When codev last changed this entry (absent in files written before it was kept):
    of two copies of an entry, one kept aside and one in the file, the later one wins."""


EntryT = TypeVar("EntryT", bound=EntryRecord)


class SessionEntry(EntryRecord):
    """One session as one participant keeps it (a ``[[sessions]]`` table of a carnet)."""

    group: Name
    number: SessionNumber | None = None
    """The session's number in the group's history (1 for the first)."""
    protocol: str = ""
    """The protocol's id."""
    protocol_title: str = ""
    role: RoleField
    role_title: str = ""
    """The title of a role of the protocol's own (``Formateur·rice``), as the session named
    it; absent for a built-in role (``role`` says it) and in carnets from before it existed."""
    client: OptionalName = ""
    """The client's name; empty while no client is chosen."""
    subject: str = ""
    """The title of the client's subject: the only part of the client's account that other
    participants keep by default."""
    question: str = ""
    """Client only: the question the client brought."""
    contract: str = ""
    """Client only: the help asked for ("aidez-moi à…")."""
    suggestions_given: Texts = Field(default_factory=list)
    """Consultant: the suggestions this participant gave."""
    learnings: Texts = Field(default_factory=list)
    """Enseignements: what I learned (content, process, my own posture)."""
    feelings: Texts = Field(default_factory=list)
    """Ressentis: how I lived the session."""
    progress: Texts = Field(default_factory=list)
    """Progrès: what moved since last time."""
    notes: Texts = Field(default_factory=list)
    """Anything else worth keeping."""
    suggestions_received: list[Suggestion] = Field(default_factory=list)
    """Client only: the suggestions received, with their authors."""
    actions: list[Action] = Field(default_factory=list)
    """Client only: the action plan, i.e. the commitments."""
    followups: list[FollowUp] = Field(default_factory=list)
    """Follow-up of this participant's earlier commitments."""
    airtime: list[StepAirtime] = Field(default_factory=list)
    """The floor this participant had in each round-the-table step they took part in."""

    ALWAYS_WRITTEN: ClassVar[frozenset[str]] = frozenset({"learnings", "feelings", "progress"})

    def written_when_empty(self) -> frozenset[str]:
        """The personal fields always; the client's or the consultant's own slots by role
        (a round's client has the client's: their ``question`` and ``contract``)."""
        if self.role is Role.CLIENT:
            return self.ALWAYS_WRITTEN | {"question", "contract"}
        if self.role is Role.CONSULTANT:
            return self.ALWAYS_WRITTEN | {"suggestions_given"}
        return self.ALWAYS_WRITTEN

    def action(self, action_id: str) -> Action | None:
        """The action with this id, or None."""
        return next((action for action in self.actions if action.id == action_id), None)


class SessionsFile(Record, Generic[EntryT]):
    """A file made of root keys followed by ``[[sessions]]`` elements."""

    OWNER_KEY: ClassVar[str]
    """The root key that names whose file this is; it decides which name the file belongs to."""

    format: Annotated[int, Field(ge=1, le=MAX_FORMAT)] = FORMAT_VERSION
    sessions: list[EntryT] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_format(self) -> Self:
        if self.format > FORMAT_VERSION:
            raise PydanticCustomError(
                "format_too_new",
                "format {found} is newer than this codev understands ({known}): update codev",
                {"found": self.format, "known": FORMAT_VERSION},
            )
        return self

    @property
    def owner(self) -> str:
        """The name this file belongs to."""
        return str(getattr(self, self.OWNER_KEY))

    def entry(self, session_id: str) -> EntryT | None:
        """The element of the session with this id, or None."""
        return next((entry for entry in self.sessions if entry.id == session_id), None)

    def with_entries(self, entries: list[EntryT]) -> Self:
        """A copy where ``entries`` replace the elements with the same id, or are added."""
        replaced = {entry.id: entry for entry in entries}
        kept = [replaced.pop(entry.id, entry) for entry in self.sessions]
        return self.model_copy(update={"sessions": [*kept, *replaced.values()]})


class Logbook(SessionsFile[SessionEntry]):
    """A participant's carnet for one group: who, which group, and the sessions."""

    OWNER_KEY: ClassVar[str] = "participant"

    participant: Name
    group: Name


class GroupSession(EntryRecord):
    """One line of a group's history (a ``[[sessions]]`` table of the group file)."""

    number: SessionNumber | None = None
    protocol: str = ""
    protocol_title: str = ""
    client: OptionalName = ""
    """The session's client (the one whose account the session's record holds)."""
    round_clients: list[Name] = Field(default_factory=list)
    """The session's other clients, in round order, once each: a Troika's round clients
    (each trio's), each presenter of rounds once per presenter. Absent when there is none
    (and in group files written before it was kept)."""
    subject: str = ""
    facilitator: OptionalName = ""
    participants: list[Name] = Field(default_factory=list)
    airtime: list[PersonAirtime] = Field(default_factory=list)
    """The floor each participant had over the session's rounds, in set-up order."""
    wall: list[WallNote] = Field(default_factory=list)
    """The group's wall: the notes the whole group built, in the order they were written
    (they belong to the group, never to a carnet)."""

    ALWAYS_WRITTEN: ClassVar[frozenset[str]] = frozenset({"participants"})

    @property
    def clients(self) -> list[str]:
        """Everyone who was a client in this session, the session's first, once each."""
        named = [self.client, *self.round_clients]
        return list(dict.fromkeys(name for name in named if name))


def _whole_number_as_text(value: object) -> object:
    # A trainer's "year of entry" written 2024 is the text "2024"; true, 2.5 or a date
    # stay what they are, and are refused as not text (with their line).
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


AttributeValue = Annotated[str, BeforeValidator(_whole_number_as_text)]
"""A member's value of an attribute: text, or a whole number read as text."""


def _attribute_tables(tables: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The attributes as read: table names casefolded (a protocol's ``by = "company"`` is
    an id, in lowercase: ``[attributes.Company]`` is that attribute), members' names
    normalised as ``members`` are. Two spellings of one table, an empty name, or one name
    written twice (a composed and a decomposed "Zoé") are refused, located where written:
    one would silently win over the other."""
    read: dict[str, dict[str, str]] = {}
    written: dict[str, str] = {}
    for table, values in tables.items():
        attribute = table.casefold()
        if attribute in read:
            raise PydanticCustomError(
                "attribute_twice",
                "the same attribute as {first} (names ignore case): write it once",
                {"first": written[attribute], "at": (table,)},
            )
        names: dict[str, str] = {}
        for raw, value in values.items():
            name = normalize_name(raw)
            if not name:
                raise PydanticCustomError("attribute_name_empty", "a name cannot be empty", {"at": (table,)})
            if name in names:
                raise PydanticCustomError(
                    "attribute_name_twice",
                    "{name} is written twice in this table (the same name, typed two ways)",
                    {"name": name, "at": (table, raw)},
                )
            names[name] = value
        read[attribute] = names
        written[attribute] = table
    return read


class GroupFile(SessionsFile[GroupSession]):
    """A group: its members and the history of its sessions."""

    OWNER_KEY: ClassVar[str] = "name"

    name: Name
    members: list[Name] = Field(default_factory=list)
    next_meeting: dt.date | None = None
    """The day of the group's next meeting, as agreed at the end of the last session (optional)."""
    attributes: Annotated[dict[str, dict[str, AttributeValue]], AfterValidator(_attribute_tables)] = Field(
        default_factory=dict
    )
    """Written by hand, ``[attributes.company]`` with ``"Ana" = "Acme"``: attribute (its name
    casefolded) -> member's name (normalised) -> value (a whole number read as text), read to
    form sub-groups by (or mixing) an attribute. codev never writes it."""

    ALWAYS_WRITTEN: ClassVar[frozenset[str]] = frozenset({"members"})
