"""The session report's model: a session as the facilitator sends it to the group.

Built from a session's setup and its view (a journal replayed, or the live engine at the
end), so that a report needs nothing but the journal. The report goes to the whole group,
so it follows the same confidentiality as the others' carnets (see
:mod:`codev.core.logbook.session_record`):

- a client's question, contract and the suggestions she received appear only for the parts
  she agreed to share (``SetConsent``: the session's client's, and each round's client's
  where the session keeps a consent per client); without a consent of her own, a round's
  client other than the session's (a case of their own) shares nothing;
- an action plan is never shared: each commitment appears only in its owner's own copy
  (``audience``); the group's copy says how many commitments stay in whose carnet;
- the other notes appear when the room was allowed to see their kind (``SetRoomNotes``):
  what was shown on the projector is the group's already;
- the follow-ups of earlier commitments say who and how it went; their comment appears
  when the room was shown follow-ups;
- the group's wall (``wall`` notes) is the group's: every copy shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from codev.core.i18n import Lang, get_lang, t
from codev.core.protocol.model import NoteKind, Role
from codev.core.session.model import ConsentPart, SessionSetup, SessionStatus, StepStatus, round_clients_of
from codev.core.session.view import NoteView, SessionView
from codev.core.session_carnets import action_id

WithheldPart = ConsentPart | str
"""What the group's copy leaves out: ``question``, ``contract``, ``suggestions`` or ``actions``."""


class ReportError(Exception):
    """A report that cannot be built; ``message`` (translated) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ReportPerson:
    """Someone who was there, and the role their carnet records."""

    name: str
    role: Role
    title: str = ""
    """The title of a role of the protocol's own, in the report's language (empty: built-in)."""
    subgroup: str = ""
    """Their sub-group's name (``Trio 2``) in a session split into sub-groups (empty: none)."""


@dataclass(frozen=True, slots=True)
class ReportStep:
    """One step as it ran: planned (the protocol's) and actual seconds, status."""

    number: int
    """1 for the first step."""
    step_id: str
    title: str
    """In the report's language."""
    round: int | None
    """The round it belongs to (None: not part of a round)."""
    status: StepStatus
    planned_seconds: int
    """What the protocol planned (whole seconds)."""
    budget_seconds: int
    """What the timer counted down from: planned now (after a catch-up plan) plus time added."""
    actual_seconds: int
    """Running time, pauses excluded (whole seconds)."""
    joker_used: bool


@dataclass(frozen=True, slots=True)
class ReportRound:
    """One round of a protocol with rounds (its steps summed)."""

    number: int
    client: str | None
    """The round's client, by name (with sub-groups, each sub-group's, joined by commas)."""
    status: StepStatus
    planned_seconds: int
    budget_seconds: int
    actual_seconds: int


@dataclass(frozen=True, slots=True)
class ReportAirtime:
    """The floor one person had over the session's round-the-table steps."""

    name: str
    seconds: int


@dataclass(frozen=True, slots=True)
class ReportNote:
    """A note the report shows."""

    kind: NoteKind
    author: str
    owner: str
    text: str
    step_title: str
    step_id: str = ""
    """The step it was written in (empty: not known)."""


@dataclass(frozen=True, slots=True)
class ReportAction:
    """A commitment of an action plan."""

    action_id: str
    """``a1``, ``a2``…: numbered across the session as the carnets number them."""
    objective: str
    resources: str
    deadline: dt.date | None
    indicator: str
    owner: str


@dataclass(frozen=True, slots=True)
class ReportFollowUp:
    """How an earlier commitment went, as told in this session."""

    person: str
    outcome: str
    """``done``, ``partly``, ``not_yet`` or ``dropped``."""
    comment: str
    """Empty when the room was not shown follow-ups."""
    about: str
    """The commitment, as ``SESSION/ACTION`` ids."""


@dataclass(frozen=True, slots=True)
class Withheld:
    """Part of someone's account that stays in their carnet: what and how many, never the text."""

    part: WithheldPart
    owner: str
    count: int


@dataclass(frozen=True, slots=True)
class SessionReport:
    """Everything the report says, in one language, confidentiality already applied."""

    lang: Lang
    session_id: str
    group: str
    number: int | None
    date: dt.date
    protocol_id: str
    protocol_title: str
    subject: str
    status: SessionStatus
    rehearsal: bool
    speed: float
    started_at: dt.datetime | None
    """Local time the session started (None before, and for a rehearsal: its clock ran fast)."""
    ended_at: dt.datetime | None
    planned_seconds: int
    actual_seconds: int
    people: tuple[ReportPerson, ...]
    steps: tuple[ReportStep, ...]
    rounds: tuple[ReportRound, ...]
    airtime: tuple[ReportAirtime, ...]
    """Empty when no round-the-table step ran (nothing was recorded)."""
    question: tuple[ReportNote, ...]
    contract: tuple[ReportNote, ...]
    suggestions: tuple[ReportNote, ...]
    actions: tuple[ReportAction, ...]
    followups: tuple[ReportFollowUp, ...]
    notes: tuple[ReportNote, ...]
    """The other notes the room was shown."""
    withheld: tuple[Withheld, ...]
    audience: str | None
    """Whose own copy this is (their own account and commitments in full); None: the group's."""
    wall: tuple[ReportNote, ...] = ()
    """The group's wall, in every copy: the group built it together."""


_ACCOUNT_PARTS: dict[NoteKind, ConsentPart] = {
    NoteKind.QUESTION: "question",
    NoteKind.CONTRACT: "contract",
    NoteKind.SUGGESTION: "suggestions",
}


def _title(setup: SessionSetup, person_id: str, lang: str) -> str:
    # As the carnets name it: a round's client has the client's role (see carnet_role).
    from codev.core.session_carnets import role_title_of

    return role_title_of(setup, person_id, lang)


def _role(setup: SessionSetup, person_id: str) -> Role:
    # Imported here: session_carnets brings the logbook models, which the report needs only
    # for this. The carnet's role: every round client is a client (see carnet_role).
    from codev.core.session_carnets import role_of

    return role_of(setup, person_id)


def _local(at: float | None) -> dt.datetime | None:
    if at is None:
        return None
    try:
        return dt.datetime.fromtimestamp(at).astimezone()
    except (OverflowError, OSError, ValueError):
        return None


def _round_status(statuses: list[StepStatus]) -> StepStatus:
    for live in (StepStatus.RUNNING, StepStatus.PAUSED):
        if live in statuses:
            return live
    if all(status is StepStatus.SKIPPED for status in statuses):
        return StepStatus.SKIPPED
    if all(status in (StepStatus.DONE, StepStatus.SKIPPED) for status in statuses):
        return StepStatus.DONE
    if all(status is StepStatus.READY for status in statuses):
        return StepStatus.READY
    # Some done, the rest still to come (the group went back): under way.
    return StepStatus.PAUSED


def audience_id(setup: SessionSetup, name: str) -> str:
    """The participant called ``name`` (as typed, normalised), for their own copy.

    :class:`ReportError` naming who was there when nobody was called that.
    """
    from codev.core.people import normalize_name

    wanted = normalize_name(name)
    for person in setup.participants:
        if person.name == wanted or person.name.casefold() == wanted.casefold():
            return person.id
    names = ", ".join(person.name for person in setup.participants)
    raise ReportError(t("report.error.unknown_person", name=name, names=names))


def build_report(
    setup: SessionSetup,
    view: SessionView,
    *,
    session_id: str,
    rehearsal: bool | None = None,
    lang: Lang | None = None,
    audience: str | None = None,
) -> SessionReport:
    """The report of the session ``view`` shows (a finished or an unfinished one).

    ``audience``: a participant's id, for their own copy; None for the group's copy.
    ``rehearsal`` defaults to what the setup says (a speed other than 1).
    """
    lang = lang or get_lang()
    rehearsal = setup.speed != 1 if rehearsal is None else rehearsal
    names = {person.id: person.name for person in setup.participants}
    steps_by_id = {step.step.id: step for step in view.steps}

    def name(person_id: str | None) -> str:
        return names.get(person_id or "", "?")

    steps = tuple(
        ReportStep(
            number=step.index + 1,
            step_id=step.step.id,
            title=step.step.title.get(lang),
            round=step.step.round,
            status=step.status,
            planned_seconds=round(step.original_seconds),
            budget_seconds=round(step.budget_seconds),
            actual_seconds=round(step.actual_seconds),
            joker_used=step.joker_used,
        )
        for step in view.steps
    )
    rounds: list[ReportRound] = []
    for number in sorted({step.round for step in steps if step.round is not None}):
        members = [step for step in steps if step.round == number]
        first = next(step.step for step in view.steps if step.step.round == number)
        clients = [name(client) for client in round_clients_of(setup, first)]
        rounds.append(
            ReportRound(
                number=number,
                client=", ".join(clients) if clients else None,
                status=_round_status([step.status for step in members]),
                planned_seconds=sum(step.planned_seconds for step in members),
                budget_seconds=sum(step.budget_seconds for step in members),
                actual_seconds=sum(step.actual_seconds for step in members),
            )
        )
    in_rounds: set[str] = set()
    for step in view.steps:
        if step.actual_seconds > 0:
            in_rounds.update(setup.speaking_order(step.step))
    airtime = tuple(
        ReportAirtime(name=person.name, seconds=round(view.airtime_session.get(person.id, 0.0)))
        for person in setup.participants
        if person.id in in_rounds
    )

    # Each client's consent when the view keeps one per client (a Troika's round clients
    # decide for themselves); else the session's client's alone.
    consents: Mapping[str, frozenset[ConsentPart]] = getattr(view, "consents", None) or {}

    def consented(owner: str, part: ConsentPart) -> bool:
        if owner in consents:
            return part in consents[owner]
        return owner == setup.client_id and part in view.consent

    room_kinds = set(view.room.note_kinds)
    sections: dict[ConsentPart, list[ReportNote]] = {"question": [], "contract": [], "suggestions": []}
    actions: list[ReportAction] = []
    followups: list[ReportFollowUp] = []
    notes: list[ReportNote] = []
    wall: list[ReportNote] = []
    withheld: dict[tuple[str, str], int] = {}
    numbered = 0

    def report_note(note: NoteView, owner: str) -> ReportNote:
        step = steps_by_id.get(note.step_id)
        return ReportNote(
            kind=note.kind,
            author=name(note.author_id),
            owner=name(owner),
            text=note.text,
            step_title=step.step.title.get(lang) if step is not None else "",
            step_id=note.step_id or "",
        )

    for note in view.notes:
        if note.author_id not in names:
            continue
        owner = note.owner_id if note.owner_id in names else note.author_id
        if note.kind is NoteKind.WALL:
            wall.append(report_note(note, owner))
            continue
        part = _ACCOUNT_PARTS.get(note.kind)
        # A question asked *to* the client (clarification) is its author's, not her account.
        if part == "question" and note.author_id != owner:
            part = None
        if part is not None:
            shown = owner == audience or consented(owner, part)
            if shown:
                sections[part].append(report_note(note, owner))
            else:
                withheld[(part, owner)] = withheld.get((part, owner), 0) + 1
        elif note.kind is NoteKind.ACTION:
            # Every action counts, shown or not: the ids are the carnets' (session_carnets).
            numbered += 1
            if owner == audience:
                details = note.action
                actions.append(
                    ReportAction(
                        action_id=action_id(numbered),
                        objective=note.text,
                        resources=details.resources if details else "",
                        deadline=details.deadline_date if details else None,
                        indicator=details.indicator if details else "",
                        owner=name(owner),
                    )
                )
            else:
                withheld[("actions", owner)] = withheld.get(("actions", owner), 0) + 1
        elif note.kind is NoteKind.FOLLOWUP and note.outcome:
            comment = note.text if NoteKind.FOLLOWUP in room_kinds or owner == audience else ""
            followups.append(
                ReportFollowUp(
                    person=name(owner), outcome=note.outcome, comment=comment, about=note.about or ""
                )
            )
        elif note.kind in room_kinds or (owner == audience and note.author_id == audience):
            notes.append(report_note(note, owner))

    return SessionReport(
        lang=lang,
        session_id=session_id,
        group=setup.group,
        number=setup.number,
        date=setup.date,
        protocol_id=setup.protocol.id,
        protocol_title=setup.protocol.title.get(lang),
        subject=setup.subject,
        status=view.status,
        rehearsal=rehearsal,
        speed=setup.speed,
        # A rehearsal's record times run fast (they may lie in the future): not shown.
        started_at=None if rehearsal else _local(view.started_at),
        ended_at=None if rehearsal else _local(view.ended_at),
        planned_seconds=round(view.planned_seconds),
        actual_seconds=round(view.elapsed_seconds),
        people=tuple(
            ReportPerson(
                name=person.name,
                role=_role(setup, person.id),
                title=_title(setup, person.id, lang),
                subgroup=setup.subgroup_label(person.id, lang),
            )
            for person in setup.participants
        ),
        steps=steps,
        rounds=tuple(rounds),
        airtime=airtime,
        question=tuple(sections["question"]),
        contract=tuple(sections["contract"]),
        suggestions=tuple(sections["suggestions"]),
        actions=tuple(actions),
        followups=tuple(followups),
        notes=tuple(notes),
        withheld=tuple(
            Withheld(part=part, owner=name(owner), count=count) for (part, owner), count in withheld.items()
        ),
        audience=name(audience) if audience else None,
        wall=tuple(wall),
    )


def report_from_journal(
    path: Path, *, lang: Lang | None = None, audience: str | None = None
) -> SessionReport:
    """The report of the session journaled at ``path``, as it stood at its last record.

    ``audience``: a participant's name, for their own copy. Raises
    :class:`~codev.core.session.journal.JournalError` for a journal that cannot be read, and
    :class:`ReportError` for a name nobody in the session has.
    """
    from codev.core.session.discovery import summarize

    summary = summarize(path)
    chosen = audience_id(summary.setup, audience) if audience is not None else None
    return build_report(
        summary.setup,
        summary.view,
        session_id=summary.session_id,
        rehearsal=summary.rehearsal,
        lang=lang,
        audience=chosen,
    )
