"""From a session in progress to the carnets: what each participant keeps of it.

The engine knows notes by kind, author and owner; the carnet store knows a
:class:`SessionRecord`. This module is the one translation between them, used after every
note (so a closed terminal never loses a learning already typed) and at the end.

Carnets are built from owners, not authors: Ben's own commitment goes to Ben's carnet even
when Ana was the client, and what was given to the client stays hers, except for the parts
of her account she agreed to share (the session's consent, kept in the record).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

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
from codev.core.logbook.models import MAX_AIRTIME_SECONDS, StepAirtime, WallNote
from codev.core.problems import Problem
from codev.core.protocol.model import NoteKind, ProtocolRole, Role
from codev.core.session.model import SessionSetup, subgroup_round_client
from codev.core.session.view import SessionView

_PERSONAL_KINDS = {
    NoteKind.LEARNING: "learnings",
    NoteKind.FEELING: "feelings",
    NoteKind.PROGRESS: "progress",
}


@dataclasses.dataclass
class _Account:
    """What was given to one owner: a question, a contract, suggestions, commitments."""

    questions: list[str] = dataclasses.field(default_factory=list)
    contracts: list[str] = dataclasses.field(default_factory=list)
    suggestions: list[Suggestion] = dataclasses.field(default_factory=list)
    actions: list[Action] = dataclasses.field(default_factory=list)

    def own(self) -> dict[str, Any]:
        """As a carnet participant's own fields (see :class:`CarnetParticipant`)."""
        return {
            "question": "\n".join(self.questions),
            "contract": "\n".join(self.contracts),
            "suggestions_received": self.suggestions,
            "actions": self.actions,
        }


def action_id(number: int) -> str:
    """The id of a session's ``number``-th action (``a1``, ``a2``…): with the session's id, it
    names a commitment in the carnets, the follow-ups, the report and the calendar."""
    return f"a{number}"


def carnet_role(setup: SessionSetup, person_id: str) -> ProtocolRole:
    """The protocol's role a participant's carnet (and the session's report) records.

    Every client of the session holds the client's role: the session's client and each
    round's (a Troika's, each trio's, each presenter of rounds once per presenter — see
    :attr:`SessionSetup.client_ids`), whatever the set-up recorded for them (a member's role,
    as they consult in the other rounds): what a reader of their carnet expects is the case
    they brought. Anyone else: the role held (see :meth:`SessionSetup.role_of`).
    """
    if person_id in setup.round_client_ids:
        return setup.protocol.role_or_builtin(Role.CLIENT)
    return setup.role_of(person_id)


def role_of(setup: SessionSetup, person_id: str) -> Role:
    """The role a participant's carnet records (its meaning): see :func:`carnet_role`."""
    return carnet_role(setup, person_id).meaning


def role_title_of(setup: SessionSetup, person_id: str, lang: str | None = None) -> str:
    """The title of a role of the protocol's own (``Formateur·rice``), in ``lang`` (the
    session's language by default); empty for a built-in role, which every carnet names in
    its reader's language. See :func:`carnet_role`."""
    role = carnet_role(setup, person_id)
    return role.label(lang or get_lang()) if role.title is not None else ""


def consulted_client(setup: SessionSetup, person_id: str) -> str | None:
    """The client a participant who is no client consulted, as their carnet names it: the
    session's, or, in a session of sub-groups, their own table's first round client when
    the session's sits at another table (they never heard that case). None: the session's."""
    index = setup.subgroup_of(person_id)
    if (
        index is None
        or setup.subgroup_of(setup.client_id) == index
        or not setup.protocol.has_role(Role.CLIENT)
    ):
        return None
    rounds = [step.round for step in setup.protocol.steps if step.round is not None]
    return subgroup_round_client(setup, index, min(rounds)) if rounds else None


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
    accounts = {person.id: _Account() for person in setup.participants}
    steps = {step.step.id: step.step for step in view.steps}
    wall: list[WallNote] = []
    numbered = 0
    for note in view.notes:
        if note.author_id not in names:
            continue
        if note.kind is NoteKind.WALL:
            # The group's, whoever wrote it: the group file keeps it, no carnet does.
            step = steps.get(note.step_id)
            title = step.title.get(get_lang()) if step is not None else ""
            wall.append(WallNote(text=note.text, author=names[note.author_id], step=title))
            continue
        # Carnets are built from owners: whose words these are, not who typed them.
        owner = note.owner_id if note.owner_id in names else note.author_id
        account = accounts[owner]
        if note.kind is NoteKind.QUESTION and note.author_id == owner:
            account.questions.append(note.text)
        elif note.kind is NoteKind.CONTRACT:
            account.contracts.append(note.text)
        elif note.kind is NoteKind.SUGGESTION:
            account.suggestions.append(Suggestion(author=names[note.author_id], text=note.text))
        elif note.kind is NoteKind.ACTION:
            details = note.action
            # Numbered across the session, so that every commitment's SESSION/ACTION is unique.
            numbered += 1
            account.actions.append(
                Action(
                    id=action_id(numbered),
                    objective=note.text,
                    resources=details.resources if details else "",
                    deadline=details.deadline_date if details else None,
                    indicator=details.indicator if details else "",
                )
            )
        elif note.kind is NoteKind.FOLLOWUP and note.about and note.outcome and "/" in note.about:
            # The latest word on a commitment wins: it may be told again, corrected.
            session, action = note.about.split("/", 1)
            followups[owner][note.about] = FollowUp(
                session=session,
                action=action,
                objective=(objectives or {}).get(note.about, ""),
                status=FollowUpStatus(note.outcome),
                comment=note.text,
            )
        elif note.kind in _PERSONAL_KINDS:
            personal[owner][_PERSONAL_KINDS[note.kind]].append(note.text)
        elif note.kind is NoteKind.QUESTION:
            # A question asked to someone else (clarification): its author keeps it.
            personal[note.author_id]["notes"].append(note.text)
        else:
            # Cases pitched, follow-ups told aloud, free notes: their owner keeps them among
            # their own notes.
            personal[owner]["notes"].append(note.text)
    _share_round_accounts(setup, view, accounts, personal, names)
    airtime = airtime_rows(setup, view)
    when = dt.datetime.fromtimestamp(view.started_at or created_at).astimezone()
    # The session's client's account is the record's (what her consent may share); anyone
    # else's stays with them.
    client = accounts.pop(setup.client_id, _Account()) if setup.client_id else _Account()
    own = {person_id: account.own() for person_id, account in accounts.items()}
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
                role_title=role_title_of(setup, person.id),
                client=names.get(consulted_client(setup, person.id) or "", ""),
                learnings=personal[person.id]["learnings"],
                feelings=personal[person.id]["feelings"],
                progress=personal[person.id]["progress"],
                notes=personal[person.id]["notes"],
                followups=list(followups[person.id].values()),
                airtime=airtime[person.id],
                **own.get(person.id, {}),
            )
            for person in setup.participants
        ],
        round_clients=[names[person_id] for person_id in setup.round_client_ids],
        question="\n".join(client.questions),
        contract="\n".join(client.contracts),
        suggestions=client.suggestions,
        actions=client.actions,
        shared=sorted(view.consent),
        wall=wall,
    )


def _share_round_accounts(
    setup: SessionSetup,
    view: SessionView,
    accounts: Mapping[str, _Account],
    personal: Mapping[str, dict[str, list[str]]],
    names: Mapping[str, str],
) -> None:
    """What each client agreed to share, among the others' own notes, for the carnets the
    record's shared account does not reach: every client's but the session's (a Troika's
    other round clients), and the session client's for those with a case of their own (a
    carnet entry holds one case: a second one is kept as notes, named)."""

    def own_case(person_id: str) -> bool:
        # A round's client has a case of their own even before it is told: their carnet's
        # question and contract are theirs (see entries_for_session).
        account = accounts[person_id]
        in_a_round = person_id in setup.round_client_ids
        return in_a_round or bool(account.questions or account.contracts or account.suggestions)

    for client_id in setup.client_ids:
        shared = view.consent_of(client_id)
        account = accounts.get(client_id)
        if not shared or account is None:
            continue
        name = names[client_id]
        lines = [t("carnet.shared.question", name=name, text=text) for text in account.questions]
        lines = lines if "question" in shared else []
        if "contract" in shared:
            lines += [t("carnet.shared.contract", name=name, text=text) for text in account.contracts]
        if "suggestions" in shared:
            lines += [
                t("carnet.shared.suggestion", name=name, author=item.author, text=item.text)
                for item in account.suggestions
            ]
        for person_id in names:
            # The session's client's shared account reaches, through the record, whoever has
            # no case of their own: only the others are given it here.
            reached = client_id == setup.client_id and not own_case(person_id)
            if person_id != client_id and not reached:
                personal[person_id]["notes"].extend(lines)


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
