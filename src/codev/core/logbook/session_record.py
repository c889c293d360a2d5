"""From what a session produced to what each participant's carnet keeps.

The session engine describes a session once — who took part in which role, the client's
question, contract, suggestions and action plan, everyone's personal notes — as a
:class:`SessionRecord`; :func:`entries_for_session` turns it into one
:class:`SessionEntry` per participant. This is where confidentiality is applied: by default
only the client's carnet keeps the client's account (question, contract, suggestions
received, action plan); the others keep the subject's title and what they gave themselves.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Literal, get_args

from pydantic import Field

from codev.core.logbook.models import (
    MAX_AIRTIME_SECONDS,
    Action,
    EntryId,
    FollowUp,
    GroupSession,
    Name,
    OptionalName,
    PersonAirtime,
    Record,
    RoleField,
    SessionEntry,
    SessionNumber,
    StepAirtime,
    Suggestion,
    Texts,
    Timestamp,
    WallNote,
)
from codev.core.protocol.model import Role


def new_session_id(when: dt.datetime) -> str:
    """A fresh session id such as ``20250114-0930-7f3a2c``: readable, sortable, unique."""
    return f"{when:%Y%m%d-%H%M}-{secrets.token_hex(3)}"


class Participant(Record):
    """One participant of a session: their role and what they noted for themselves."""

    name: Name
    role: RoleField
    """``client`` for every client of the session: its own and each round's (see
    :attr:`SessionRecord.round_clients`)."""
    role_title: str = ""
    """The title of a role of the protocol's own (see :attr:`SessionEntry.role_title`)."""
    client: OptionalName = ""
    """The client this participant consulted, when not the session's (in a session of
    sub-groups, their own table's first): their entry's ``client``. Empty: the session's."""
    learnings: Texts = Field(default_factory=list)
    feelings: Texts = Field(default_factory=list)
    progress: Texts = Field(default_factory=list)
    notes: Texts = Field(default_factory=list)
    followups: list[FollowUp] = Field(default_factory=list)
    """How this participant's earlier commitments went (told at the opening step)."""
    airtime: list[StepAirtime] = Field(default_factory=list)
    """The floor this participant had in each round-the-table step that ran."""
    question: str = ""
    contract: str = ""
    suggestions_received: list[Suggestion] = Field(default_factory=list)
    """The account of a participant who is not the session's client but brought a case of
    their own (a round of their own): theirs only, never shared."""
    actions: list[Action] = Field(default_factory=list)
    """This participant's own commitments (a member's commitment, when everyone commits):
    kept in their carnet only, and followed up there."""


SharedPart = Literal["question", "contract", "suggestions"]
"""A part of the client's account the other carnets may keep, when the client agrees."""
SHARED_PARTS: tuple[SharedPart, ...] = get_args(SharedPart)


class SessionRecord(Record):
    """Everything a session produced, as the session engine knows it.

    Saving the same record again (with more notes) updates every carnet in place: the
    session ``id`` is the key.
    """

    id: EntryId
    date: Timestamp
    group: Name
    number: SessionNumber | None = None
    protocol: str = ""
    protocol_title: str = ""
    subject: str = ""
    participants: list[Participant]
    round_clients: list[Name] = Field(default_factory=list)
    """The session's other clients, in round order, once each (a Troika's round clients,
    each presenter of rounds once per presenter): clients in their own carnets, with their
    own account (their participant's), and named in the group's history."""
    question: str = ""
    contract: str = ""
    suggestions: list[Suggestion] = Field(default_factory=list)
    """Every suggestion of the consultation, with its author."""
    actions: list[Action] = Field(default_factory=list)
    """The client's action plan."""
    share_client_account: bool = False
    """When the client agrees, the other carnets also keep the question, the contract and
    the suggestions received (never the action plan: commitments are the client's)."""
    shared: list[SharedPart] = Field(default_factory=list)
    """The parts of the client's account she agreed to share, one by one (with
    ``share_client_account``: all three)."""
    wall: list[WallNote] = Field(default_factory=list)
    """The group's wall: kept in the group file's line of history, never in a carnet."""

    @property
    def client(self) -> str:
        """The session's client's name (whose account is the record's), or an empty string
        while there is none: the first participant in the client's role not listed among
        the :attr:`round_clients`."""
        others = set(self.round_clients)
        return next((p.name for p in self.participants if p.role is Role.CLIENT and p.name not in others), "")

    @property
    def facilitator(self) -> str:
        """The facilitator's name, or an empty string."""
        return next((p.name for p in self.participants if p.role is Role.FACILITATOR), "")

    def history_line(self) -> GroupSession:
        """The line of the group's history for this session."""
        return GroupSession(
            id=self.id,
            date=self.date,
            number=self.number,
            protocol=self.protocol,
            protocol_title=self.protocol_title,
            client=self.client,
            round_clients=[name for name in self.round_clients if name != self.client],
            subject=self.subject,
            facilitator=self.facilitator,
            participants=[p.name for p in self.participants],
            # The sum of each carnet's steps, so that the group file and the carnets agree.
            airtime=[
                PersonAirtime(
                    name=p.name, seconds=min(MAX_AIRTIME_SECONDS, sum(row.seconds for row in p.airtime))
                )
                for p in self.participants
                if p.airtime
            ],
            wall=self.wall,
        )


def _lines(*texts: str) -> str:
    return "\n".join(text for text in texts if text)


def entries_for_session(record: SessionRecord) -> dict[str, SessionEntry]:
    """Each participant's carnet entry for this session, by name, confidentiality applied.

    The client's account goes to the client's carnet, and to the others' only for the parts
    she shared. A participant with an account of their own (a case brought in a round of
    their own) keeps that one instead: two cases never mix in one entry. A round's client is
    a client in their own entry (``role``, and ``client`` their own name), whose question,
    contract, suggestions received and actions are only theirs, even before they are given
    any. Commitments stay with whoever made them.
    """
    entries: dict[str, SessionEntry] = {}
    shared = set(SHARED_PARTS) if record.share_client_account else set(record.shared)
    client = record.client
    for person in record.participants:
        is_client = bool(client) and person.name == client
        # A round's client (not the session's): their case is their own, whatever it holds yet.
        own_case = person.role is Role.CLIENT or bool(
            person.question or person.contract or person.suggestions_received
        )
        kept = set(SHARED_PARTS) if is_client else set() if own_case else shared
        # What this person gave: to the client, and to whoever else received suggestions.
        given = [s.text for s in record.suggestions if s.author == person.name and not is_client]
        given += [
            s.text
            for other in record.participants
            if other is not person
            for s in other.suggestions_received
            if s.author == person.name
        ]
        entries[person.name] = SessionEntry(
            id=record.id,
            date=record.date,
            group=record.group,
            number=record.number,
            protocol=record.protocol,
            protocol_title=record.protocol_title,
            role=person.role,
            role_title=person.role_title,
            client=person.name if person.role is Role.CLIENT else person.client or client,
            subject=record.subject,
            question=_lines(record.question if "question" in kept else "", person.question),
            contract=_lines(record.contract if "contract" in kept else "", person.contract),
            suggestions_given=given,
            learnings=person.learnings,
            feelings=person.feelings,
            progress=person.progress,
            notes=person.notes,
            suggestions_received=[
                *(record.suggestions if "suggestions" in kept else []),
                *person.suggestions_received,
            ],
            actions=[*(record.actions if is_client else []), *person.actions],
            followups=person.followups,
            airtime=person.airtime,
        )
    return entries
