"""From a session in progress to the carnets: what each participant keeps of it.

The engine knows notes by kind and author; the carnet store knows a
:class:`SessionRecord`. This module is the one translation between them, used after every
note (so a closed terminal never loses a learning already typed) and at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from codev.core.i18n import get_lang, t
from codev.core.logbook import (
    Action,
    FollowUp,
    FollowUpStatus,
    LogbookStore,
    SessionRecord,
    SessionSaved,
    Suggestion,
    WriteOutcome,
)
from codev.core.logbook import Participant as CarnetParticipant
from codev.core.logbook.models import MAX_AIRTIME_SECONDS, StepAirtime
from codev.core.protocol import NoteKind, Role
from codev.core.protocol_loader import Problem
from codev.core.session.model import SessionSetup
from codev.core.session.view import SessionView

_PERSONAL_KINDS = {
    NoteKind.LEARNING: "learnings",
    NoteKind.FEELING: "feelings",
    NoteKind.PROGRESS: "progress",
}


def role_of(setup: SessionSetup, person_id: str) -> Role:
    """The role a participant's carnet records: scribes and timekeepers also consult."""
    if person_id == setup.client_id:
        return Role.CLIENT
    if person_id == setup.facilitator_id:
        return Role.FACILITATOR
    if person_id in setup.observer_ids:
        return Role.OBSERVER
    return Role.CONSULTANT


def airtime_rows(setup: SessionSetup, view: SessionView) -> dict[str, list[StepAirtime]]:
    """Each participant's floor, in whole seconds, per round-the-table step that ran.

    Everyone in a round gets its row, 0 included: "I was in the round and never spoke" is
    worth keeping. Steps not reached yet (or skipped) have none.
    """
    rows: dict[str, list[StepAirtime]] = {person.id: [] for person in setup.participants}
    for step in view.steps:
        if step.actual_seconds <= 0:
            continue
        for person_id in setup.speaking_order(step.step):
            seconds = min(MAX_AIRTIME_SECONDS, round(step.airtime.get(person_id, 0.0)))
            rows[person_id].append(StepAirtime(step=step.step.id, seconds=seconds))
    return rows


def session_record(
    setup: SessionSetup,
    view: SessionView,
    session_id: str,
    created_at: float,
    objectives: Mapping[str, str] | None = None,
) -> SessionRecord:
    """Everything the session produced so far, as the carnet store takes it.

    ``objectives`` maps a commitment (``SESSION/ACTION``) to its objective, copied into the
    follow-ups so that a carnet reads on its own.
    """
    names = {person.id: person.name for person in setup.participants}
    personal: dict[str, dict[str, list[str]]] = {
        person.id: {"learnings": [], "feelings": [], "progress": [], "notes": []}
        for person in setup.participants
    }
    followups: dict[str, dict[str, FollowUp]] = {person.id: {} for person in setup.participants}
    questions: list[str] = []
    contracts: list[str] = []
    suggestions: list[Suggestion] = []
    actions: list[Action] = []
    for note in view.notes:
        if note.author_id not in names:
            continue
        if note.kind is NoteKind.QUESTION and note.author_id == setup.client_id:
            questions.append(note.text)
        elif note.kind is NoteKind.CONTRACT:
            contracts.append(note.text)
        elif note.kind is NoteKind.SUGGESTION:
            suggestions.append(Suggestion(author=names[note.author_id], text=note.text))
        elif note.kind is NoteKind.ACTION:
            actions.append(Action(id=f"a{len(actions) + 1}", objective=note.text))
        elif note.kind is NoteKind.FOLLOWUP and note.about and note.outcome and "/" in note.about:
            # The latest word on a commitment wins: it may be told again, corrected.
            session, action = note.about.split("/", 1)
            followups[note.author_id][note.about] = FollowUp(
                session=session,
                action=action,
                objective=(objectives or {}).get(note.about, ""),
                status=FollowUpStatus(note.outcome),
                comment=note.text,
            )
        elif note.kind in _PERSONAL_KINDS:
            personal[note.author_id][_PERSONAL_KINDS[note.kind]].append(note.text)
        else:
            # Clarification questions, cases pitched, follow-ups told aloud, free notes: the
            # author keeps them among their own notes.
            personal[note.author_id]["notes"].append(note.text)
    airtime = airtime_rows(setup, view)
    when = dt.datetime.fromtimestamp(view.started_at or created_at).astimezone()
    return SessionRecord(
        id=session_id,
        date=when,
        group=setup.group,
        number=setup.number,
        protocol=setup.protocol.id,
        protocol_title=setup.protocol.title.get(get_lang()),
        subject=setup.subject,
        participants=[
            CarnetParticipant(
                name=person.name,
                role=role_of(setup, person.id),
                learnings=personal[person.id]["learnings"],
                feelings=personal[person.id]["feelings"],
                progress=personal[person.id]["progress"],
                notes=personal[person.id]["notes"],
                followups=list(followups[person.id].values()),
                airtime=airtime[person.id],
            )
            for person in setup.participants
        ],
        question="\n".join(questions),
        contract="\n".join(contracts),
        suggestions=suggestions,
        actions=actions,
    )


def save_carnets(
    store: LogbookStore,
    setup: SessionSetup,
    view: SessionView,
    session_id: str,
    created_at: float,
    objectives: Mapping[str, str] | None = None,
) -> SessionSaved:
    """Write (or update) the session in the group file and every participant's carnet.

    A file that could take its entry nowhere, not even aside, says that only the session's
    journal holds it (the store does not know there is one).
    """
    saved = store.save_session(session_record(setup, view, session_id, created_at, objectives))
    carnets = {name: _journal_only(outcome) for name, outcome in saved.carnets.items()}
    return SessionSaved(_journal_only(saved.group), carnets)


def _journal_only(outcome: WriteOutcome) -> WriteOutcome:
    if outcome.saved:
        return outcome
    reason = outcome.problems[0].message if outcome.problems else ""
    notice = Problem(str(outcome.path), t("carnet.aside.journal_only", reason=reason))
    return dataclasses.replace(outcome, notices=(notice,))
