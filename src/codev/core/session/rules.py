"""The state machine: which command is legal when, and what it changes.

Each command has one handler that first checks (returning a :class:`Refusal`, changing
nothing) and then, only when asked to commit, changes the state. Keeping the check and
the change in the same function is what guarantees that ``check`` says yes exactly when
``apply`` would succeed.

Session states: not started → running ⇄ paused → finished (or abandoned, from anywhere
before the end). Step states: ready → running ⇄ paused → done or skipped; going back to a
previous step reopens it (its time keeps accumulating from where it was) and puts the
step that was current back to ready (its time is kept too, for when the group returns).

Rules chosen where the method leaves room:
- next step jumps over skipped steps; previous step goes to the step just before, even a
  skipped one (that is how a skip is undone);
- only the current step can be skipped, only if optional, and never the last step (finish
  the session instead);
- moving between steps while paused keeps the session paused (the new step starts paused);
- removing time never takes the current step below zero remaining (asking for more removes
  what is left; with nothing left the command is refused); adding time is capped at a day;
- notes can be added, edited and deleted while the session is live and after it finished
  (to tidy them up), never before the start nor once abandoned;
- speaking turns wrap around: after the last speaker comes a new round;
- a round starts with nobody speaking: airtime counts only once the floor is given (the
  first "next speaker", a chosen speaker, :class:`GiveFloor`), and the floor can be given
  back to nobody (the next "next speaker" then goes on with the one after the last
  speaker, "previous speaker" gives it back to the last one). Leaving a step keeps its
  floor as it was: coming back to it, the same person has it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from codev.core import formatting
from codev.core.protocol.model import NoteKind
from codev.core.session.model import (
    MAX_ACTION_DETAIL_CHARS,
    MAX_NOTE_CHARS,
    MAX_STEP_SECONDS,
    Abandon,
    AcceptCatchUp,
    ActionDetails,
    AddNote,
    AdjustTime,
    CommandType,
    DeleteNote,
    EditNote,
    Finish,
    GiveFloor,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousSpeaker,
    PreviousStep,
    Refusal,
    Resume,
    SessionStatus,
    SetConsent,
    SetRoomMessage,
    SetRoomNotes,
    SetRoomScreen,
    SkipStep,
    Start,
    StepStatus,
    UseJoker,
    default_owner,
)
from codev.core.session.state import NoteState, SessionPlan, SessionState, StepState, settle
from codev.core.session.timing import current_remaining, proposal

_PLAN_TOLERANCE = 1e-6


class Reopen(BaseModel):
    """Journal-only record: the session was reopened after the app stopped.

    With ``count_downtime`` the time the app was down counts as running time (if the
    timer was running: the group kept talking); without, it is as if the session had been
    paused over the downtime.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    op: Literal["reopen"] = "reopen"
    count_downtime: bool


EntryType = CommandType | Reopen
"""Anything the journal records after its header."""

Entry = Annotated[EntryType, Field(discriminator="op")]


@dataclass(slots=True)
class Move:
    """One attempt to apply an entry at one instant."""

    plan: SessionPlan
    state: SessionState
    at: float
    """Wall time of the attempt."""
    now: float
    """Session time of the attempt."""
    commit: bool
    """False to only check."""
    recorded: EntryType | None = field(default=None)
    """What the journal must record, when it differs from the command (a filled-in plan)."""

    @property
    def step_title(self) -> Any:
        """The current step's localized title (resolved by the refusal's language)."""
        return self.plan.steps[self.state.current].step.title


def _refuse(key: str, **values: object) -> Refusal:
    return Refusal(key, values)


def _not_live(state: SessionState) -> Refusal | None:
    if state.status is SessionStatus.NOT_STARTED:
        return _refuse("engine.refuse.not_started")
    if state.status.is_over:
        return _refuse("engine.refuse.over")
    return None


def _next_index(state: SessionState) -> int | None:
    for index in range(state.current + 1, len(state.steps)):
        if state.steps[index].status is not StepStatus.SKIPPED:
            return index
    return None


def _enter(state: SessionState, index: int) -> None:
    # Called after settle(): the open interval, if any, now belongs to the new step.
    state.current = index
    running = state.status is SessionStatus.RUNNING
    state.steps[index].status = StepStatus.RUNNING if running else StepStatus.PAUSED


def _start(move: Move, _: Start) -> Refusal | None:
    state = move.state
    if state.status is not SessionStatus.NOT_STARTED:
        return _refuse("engine.refuse.over" if state.status.is_over else "engine.refuse.already_started")
    if move.commit:
        state.status = SessionStatus.RUNNING
        state.current = 0
        state.steps[0].status = StepStatus.RUNNING
        state.since = move.now
        state.started_at = move.at
    return None


def _pause(move: Move, _: Pause) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    if state.status is SessionStatus.PAUSED:
        return _refuse("engine.refuse.already_paused")
    if move.commit:
        settle(move.plan, state, move.now)
        state.status = SessionStatus.PAUSED
        state.steps[state.current].status = StepStatus.PAUSED
        state.since = None
    return None


def _resume(move: Move, _: Resume) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    if state.status is SessionStatus.RUNNING:
        return _refuse("engine.refuse.not_paused")
    if move.commit:
        state.status = SessionStatus.RUNNING
        state.steps[state.current].status = StepStatus.RUNNING
        state.since = move.now
    return None


def _next_step(move: Move, _: NextStep) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    target = _next_index(state)
    if target is None:
        return _refuse("engine.refuse.last_step")
    if move.commit:
        settle(move.plan, state, move.now)
        state.steps[state.current].status = StepStatus.DONE
        _enter(state, target)
    return None


def _previous_step(move: Move, _: PreviousStep) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    if state.current == 0:
        return _refuse("engine.refuse.first_step")
    if move.commit:
        settle(move.plan, state, move.now)
        state.steps[state.current].status = StepStatus.READY
        _enter(state, state.current - 1)
    return None


def _skip_step(move: Move, _: SkipStep) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    if not move.plan.steps[state.current].step.optional:
        return _refuse("engine.refuse.not_optional", step=move.step_title)
    target = _next_index(state)
    if target is None:
        return _refuse("engine.refuse.last_step")
    if move.commit:
        settle(move.plan, state, move.now)
        state.steps[state.current].status = StepStatus.SKIPPED
        _enter(state, target)
    return None


def _adjust_time(move: Move, command: AdjustTime) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    if command.seconds == 0:
        return _refuse("engine.refuse.zero_time")
    step = state.steps[state.current]
    if command.seconds < 0 and current_remaining(state, state.open_interval(move.now)) <= 0:
        return _refuse("engine.refuse.no_time_left")
    if command.seconds > 0 and step.planned + step.added + command.seconds > MAX_STEP_SECONDS:
        return _refuse("engine.refuse.too_long", hours=formatting.number(MAX_STEP_SECONDS / 3600))
    if move.commit:
        settle(move.plan, state, move.now)
        step.added += max(command.seconds, -current_remaining(state, 0.0))
    return None


def _turns_refusal(move: Move) -> Refusal | None:
    if refusal := _not_live(move.state):
        return refusal
    step_plan = move.plan.steps[move.state.current]
    if step_plan.step.turns is None:
        return _refuse("engine.refuse.no_turns")
    if not step_plan.speakers:
        return _refuse("engine.refuse.no_speakers")
    return None


def _take_turn(move: Move, step: StepState, turn: int) -> None:
    settle(move.plan, move.state, move.now)
    step.turn = turn
    step.speaking = True
    step.turn_elapsed = 0.0


def _next_speaker(move: Move, _: NextSpeaker) -> Refusal | None:
    if refusal := _turns_refusal(move):
        return refusal
    step = move.state.steps[move.state.current]
    if not step.speaking:
        # Nobody has the floor: it goes to whoever is next in line (the first speaker when
        # the round opens), and the journal says so. A ``next_speaker`` record while nobody
        # has the floor therefore only comes from a journal written before rounds started
        # with nobody speaking, where the first speaker had the floor from the step's start
        # and this record moved it on: replayed as such, the same person has the floor.
        speakers = move.plan.steps[move.state.current].speakers
        move.recorded = GiveFloor(speaker_id=speakers[step.turn % len(speakers)])
    if move.commit:
        _take_turn(move, step, step.turn + 1)
    return None


def _previous_speaker(move: Move, _: PreviousSpeaker) -> Refusal | None:
    if refusal := _turns_refusal(move):
        return refusal
    step = move.state.steps[move.state.current]
    if step.turn == 0:
        return _refuse("engine.refuse.first_turn")
    if move.commit:
        # While nobody has the floor, ``turn`` points past the last speaker: back to them.
        _take_turn(move, step, step.turn - 1)
    return None


def _give_floor(move: Move, command: GiveFloor) -> Refusal | None:
    if refusal := _turns_refusal(move):
        return refusal
    step = move.state.steps[move.state.current]
    speakers = move.plan.steps[move.state.current].speakers
    person = command.speaker_id
    if person is None:
        if not step.speaking:
            return _refuse("engine.refuse.nobody_speaks")
        if move.commit:
            settle(move.plan, move.state, move.now)
            # The round goes on, when it does, with the one after the last speaker.
            step.turn += 1
            step.speaking = False
            step.turn_elapsed = 0.0
        return None
    participant = move.plan.setup.participant(person)
    if participant is None:
        return _refuse("engine.refuse.unknown_participant", id=person)
    if person not in speakers:
        return _refuse("engine.refuse.not_in_round", name=participant.name)
    current = step.turn % len(speakers)
    if step.speaking and speakers[current] == person:
        return _refuse("engine.refuse.already_speaking", name=participant.name)
    if move.commit:
        # Their place in the round the floor is in, so that "next" goes on from them.
        _take_turn(move, step, step.turn - current + speakers.index(person))
    return None


def _notes_closed(state: SessionState) -> Refusal | None:
    if state.status is SessionStatus.NOT_STARTED:
        return _refuse("engine.refuse.not_started")
    if state.status is SessionStatus.ABANDONED:
        return _refuse("engine.refuse.abandoned")
    return None


def _text_refusal(text: str) -> Refusal | None:
    if not text.strip():
        return _refuse("engine.refuse.empty_note")
    if len(text) > MAX_NOTE_CHARS:
        return _refuse("engine.refuse.note_too_long", limit=MAX_NOTE_CHARS)
    return None


def _details_refusal(kind: NoteKind, details: ActionDetails | None) -> Refusal | None:
    # Only an action has resources, a deadline and an indicator: elsewhere they would be
    # kept in the journal and shown nowhere.
    if details is None:
        return None
    if kind is not NoteKind.ACTION:
        return _refuse("engine.refuse.details_not_action")
    for name in ("resources", "indicator"):
        if len(getattr(details, name)) > MAX_ACTION_DETAIL_CHARS:
            return _refuse(f"engine.refuse.{name}_too_long", limit=MAX_ACTION_DETAIL_CHARS)
    return None


def _author_refusal(move: Move, author_id: str) -> Refusal | None:
    if author_id not in move.plan.participant_ids:
        return _refuse("engine.refuse.unknown_participant", id=author_id)
    return None


def _owner(move: Move, note: NoteState) -> str:
    """The owner of a note nobody chose one for (see :func:`default_owner`)."""
    index = move.plan.step_index.get(note.step_id)
    step = move.plan.steps[index].step if index is not None else None
    return default_owner(move.plan.setup, step, note.kind, note.author_id)


def _owner_refusal(move: Move, owner_id: str | None) -> Refusal | None:
    return None if owner_id is None else _author_refusal(move, owner_id)


def _add_note(move: Move, command: AddNote) -> Refusal | None:
    state = move.state
    if refusal := _notes_closed(state) or _author_refusal(move, command.author_id):
        return refusal
    if refusal := _owner_refusal(move, command.owner_id):
        return refusal
    if command.step_id is not None and command.step_id not in move.plan.step_index:
        return _refuse("engine.refuse.unknown_step", id=command.step_id)
    if refusal := _text_refusal(command.text) or _details_refusal(command.kind, command.action):
        return refusal
    if move.commit:
        state.notes_created += 1
        note_id = f"n{state.notes_created}"
        state.notes[note_id] = NoteState(
            id=note_id,
            step_id=command.step_id or move.plan.steps[state.current].step.id,
            kind=command.kind,
            author_id=command.author_id,
            text=command.text.strip(),
            created_at=move.at,
            about=command.about,
            outcome=command.outcome,
            action=command.action,
        )
        note = state.notes[note_id]
        # Resolved once, here: a replay of the same journal resolves it the same way.
        note.owner_id = command.owner_id or _owner(move, note)
        note.owner_chosen = command.owner_id is not None
        state.notes_version += 1
    return None


def _edit_note(move: Move, command: EditNote) -> Refusal | None:
    state = move.state
    if refusal := _notes_closed(state):
        return refusal
    note = state.notes.get(command.note_id)
    if note is None:
        return _refuse("engine.refuse.unknown_note", id=command.note_id)
    if (
        command.text is None
        and command.kind is None
        and command.author_id is None
        and command.action is None
        and command.owner_id is None
    ):
        return _refuse("engine.refuse.nothing_to_edit")
    if refusal := _details_refusal(command.kind or note.kind, command.action):
        return refusal
    if command.text is not None and (refusal := _text_refusal(command.text)):
        return refusal
    if command.author_id is not None and (refusal := _author_refusal(move, command.author_id)):
        return refusal
    if refusal := _owner_refusal(move, command.owner_id):
        return refusal
    if move.commit:
        if command.text is not None:
            note.text = command.text.strip()
        if command.kind is not None:
            note.kind = command.kind
        if command.author_id is not None:
            note.author_id = command.author_id
        if command.action is not None:
            note.action = command.action
        if command.owner_id is not None:
            note.owner_id, note.owner_chosen = command.owner_id, True
        elif not note.owner_chosen:
            # A new kind or author brings the default owner along (an action retyped as a
            # learning becomes its author's).
            note.owner_id = _owner(move, note)
        note.edited_at = move.at
        note.revision += 1
        state.notes_version += 1
    return None


def _delete_note(move: Move, command: DeleteNote) -> Refusal | None:
    state = move.state
    if refusal := _notes_closed(state):
        return refusal
    if command.note_id not in state.notes:
        return _refuse("engine.refuse.unknown_note", id=command.note_id)
    if move.commit:
        del state.notes[command.note_id]
        state.notes_version += 1
    return None


def _plan_refusal(move: Move, plan: tuple[tuple[str, float], ...]) -> Refusal | None:
    state = move.state
    for step_id, seconds in plan:
        index = move.plan.step_index.get(step_id)
        if index is None:
            return _refuse("engine.refuse.unknown_step", id=step_id)
        step_plan = move.plan.steps[index]
        if index <= state.current or state.steps[index].status is not StepStatus.READY:
            return _refuse("engine.refuse.plan_step", step=step_plan.step.title)
        if seconds < step_plan.floor_seconds - _PLAN_TOLERANCE:
            minutes = formatting.number(step_plan.floor_seconds / 60)
            return _refuse("engine.refuse.plan_floor", step=step_plan.step.title, minutes=minutes)
        if seconds > MAX_STEP_SECONDS:
            return _refuse("engine.refuse.too_long", hours=formatting.number(MAX_STEP_SECONDS / 3600))
    return None


def _accept_catch_up(move: Move, command: AcceptCatchUp) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    plan = command.plan
    if plan is None:
        offer = proposal(move.plan, state, state.open_interval(move.now))
        if offer is None:
            return _refuse("engine.refuse.on_time")
        if not offer.items:
            return _refuse("engine.refuse.nothing_to_cut")
        plan = tuple((item.step_id, item.proposed_seconds) for item in offer.items)
    elif refusal := _plan_refusal(move, plan):
        return refusal
    if command.plan is None:
        move.recorded = AcceptCatchUp(plan=plan)
    if move.commit:
        for step_id, seconds in plan:
            state.steps[move.plan.step_index[step_id]].planned = seconds
    return None


def _use_joker(move: Move, command: UseJoker) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    step = state.steps[state.current]
    if step.joker_used:
        return _refuse("engine.refuse.joker_used", step=move.step_title)
    if current_remaining(state, state.open_interval(move.now)) > 0:
        return _refuse("engine.refuse.joker_early")
    if move.commit:
        settle(move.plan, state, move.now)
        # From zero, whatever the overtime: the joker gives the group its minutes from now.
        step.added += -current_remaining(state, 0.0) + command.seconds
        step.joker_used = True
    return None


def _set_consent(move: Move, command: SetConsent) -> Refusal | None:
    # Like the notes it applies to: from the start, and still after the end (to tidy up).
    if refusal := _notes_closed(move.state):
        return refusal
    setup = move.plan.setup
    whose = command.client_id
    if whose is not None:
        person = setup.participant(whose)
        if person is None:
            return _refuse("engine.refuse.unknown_participant", id=whose)
        if whose not in setup.client_ids:
            return _refuse("engine.refuse.consent_not_client", name=person.name)
    if move.commit:
        # Kept per client: a Troika's round clients each decide for their own account.
        move.state.consents[whose or setup.client_id or ""] = command.share
    return None


def _room_refusal(state: SessionState) -> Refusal | None:
    # Before the start the room may already be shown a message or a blank wall.
    return _refuse("engine.refuse.over") if state.status.is_over else None


def _set_room_screen(move: Move, command: SetRoomScreen) -> Refusal | None:
    if refusal := _room_refusal(move.state):
        return refusal
    if move.commit:
        move.state.room_screen = command.screen
    return None


def _set_room_message(move: Move, command: SetRoomMessage) -> Refusal | None:
    if refusal := _room_refusal(move.state):
        return refusal
    if move.commit:
        move.state.room_message = command.text
    return None


def _set_room_notes(move: Move, command: SetRoomNotes) -> Refusal | None:
    if refusal := _room_refusal(move.state):
        return refusal
    if move.commit:
        move.state.room_note_kinds = tuple(dict.fromkeys(command.kinds))
    return None


def _finish(move: Move, _: Finish) -> Refusal | None:
    state = move.state
    if refusal := _not_live(state):
        return refusal
    if move.commit:
        settle(move.plan, state, move.now)
        state.steps[state.current].status = StepStatus.DONE
        state.status = SessionStatus.FINISHED
        state.since = None
        state.ended_at = move.at
    return None


def _abandon(move: Move, _: Abandon) -> Refusal | None:
    state = move.state
    if state.status.is_over:
        return _refuse("engine.refuse.over")
    if move.commit:
        settle(move.plan, state, move.now)
        if state.status is not SessionStatus.NOT_STARTED:
            # Interrupted rather than done: the step did not get to its end.
            state.steps[state.current].status = StepStatus.PAUSED
        state.status = SessionStatus.ABANDONED
        state.since = None
        state.ended_at = move.at
    return None


def _reopen(move: Move, command: Reopen) -> Refusal | None:
    if move.commit:
        state = move.state
        gap = move.at - (state.last_at if state.last_at is not None else move.at)
        # A negative gap (a clock behind the journal: another machine, a rehearsal clock)
        # is always absorbed so that session time never runs backwards.
        state.offset += min(gap, 0.0) if command.count_downtime else gap
    return None


_HANDLERS: dict[type[Any], Callable[[Move, Any], Refusal | None]] = {
    Start: _start,
    Pause: _pause,
    Resume: _resume,
    NextStep: _next_step,
    PreviousStep: _previous_step,
    SkipStep: _skip_step,
    AdjustTime: _adjust_time,
    NextSpeaker: _next_speaker,
    PreviousSpeaker: _previous_speaker,
    GiveFloor: _give_floor,
    AddNote: _add_note,
    EditNote: _edit_note,
    DeleteNote: _delete_note,
    AcceptCatchUp: _accept_catch_up,
    UseJoker: _use_joker,
    SetRoomScreen: _set_room_screen,
    SetRoomMessage: _set_room_message,
    SetRoomNotes: _set_room_notes,
    SetConsent: _set_consent,
    Finish: _finish,
    Abandon: _abandon,
    Reopen: _reopen,
}


def check(plan: SessionPlan, state: SessionState, entry: EntryType, at: float) -> Refusal | None:
    """Why ``entry`` cannot be applied at wall time ``at``, or None if it can. Changes nothing."""
    move = Move(plan, state, at, state.session_time(at), commit=False)
    return _HANDLERS[type(entry)](move, entry)


def prepare(plan: SessionPlan, state: SessionState, entry: EntryType, at: float) -> Refusal | EntryType:
    """The refusal, or what the journal must record for ``entry`` (the same entry, or one
    completed with what the engine decided, such as the catch-up plan). Changes nothing."""
    move = Move(plan, state, at, state.session_time(at), commit=False)
    refusal = _HANDLERS[type(entry)](move, entry)
    if refusal is not None:
        return refusal
    return move.recorded if move.recorded is not None else entry


def apply(plan: SessionPlan, state: SessionState, entry: EntryType, at: float) -> Refusal | None:
    """Apply ``entry`` at wall time ``at``; on refusal the state is left untouched.

    Apply what :func:`prepare` returned, so that the live session and its replay make the
    very same changes.
    """
    # Handlers refuse before changing anything, so one committing call is enough.
    move = Move(plan, state, at, state.session_time(at), commit=True)
    refusal = _HANDLERS[type(entry)](move, entry)
    if refusal is not None:
        return refusal
    state.seq += 1
    state.last_at = at
    return None
