"""The engine's internal, mutable state, and the one place where running time is counted.

Time is kept in *session time*: wall time minus the downtime the facilitator chose not to
count when resuming (``offset``). While the session runs, the current step accumulates the
session time elapsed since ``since``; :func:`settle` books that interval (on the step and,
while someone has been given the floor, on the current turn and that speaker's airtime)
before any change, so that every later reading is ``booked + (now - since)``. Replaying the
same records performs the same float operations in the same order, which is why a replay
is exact, not approximately right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codev.core.protocol.model import NoteKind, Protocol, Step
from codev.core.session.model import (
    DEFAULT_ROOM_NOTE_KINDS,
    ActionDetails,
    ConsentPart,
    RoomScreen,
    SessionSetup,
    SessionStatus,
    StepStatus,
)


@dataclass(frozen=True, slots=True)
class StepPlan:
    """What never changes about a step during a session (derived once from the setup)."""

    step: Step
    original_seconds: float
    floor_seconds: float
    wrap_up_seconds: float
    """The wrap-up threshold: the step's own, else the protocol's default."""
    wrap_up_is_own: bool
    """The step sets its own threshold (kept as is, up to the whole budget); the protocol's
    default is capped at half the step's current budget instead."""
    speakers: tuple[str, ...]
    """Speaking order; empty when the step has no turns."""
    turn_seconds: float | None


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """The setup and what is derived from it, computed once per engine."""

    setup: SessionSetup
    steps: tuple[StepPlan, ...]
    planned_seconds: float
    participant_ids: frozenset[str]
    step_index: dict[str, int]

    @classmethod
    def of(cls, setup: SessionSetup) -> SessionPlan:
        """Derive the plan of ``setup``."""
        protocol: Protocol = setup.protocol
        steps = tuple(
            StepPlan(
                step=step,
                original_seconds=step.minutes * 60.0,
                floor_seconds=step.floor_minutes * 60.0,
                wrap_up_seconds=(
                    step.wrap_up_minutes if step.wrap_up_minutes is not None else protocol.wrap_up_minutes
                )
                * 60.0,
                wrap_up_is_own=step.wrap_up_minutes is not None,
                speakers=setup.speaking_order(step),
                turn_seconds=None
                if step.turns is None or step.turns.seconds is None
                else float(step.turns.seconds),
            )
            for step in protocol.steps
        )
        return cls(
            setup=setup,
            steps=steps,
            planned_seconds=sum(plan.original_seconds for plan in steps),
            participant_ids=frozenset(person.id for person in setup.participants),
            step_index={plan.step.id: index for index, plan in enumerate(steps)},
        )


@dataclass(slots=True)
class StepState:
    """One step's timing so far."""

    planned: float
    status: StepStatus = StepStatus.READY
    added: float = 0.0
    actual: float = 0.0
    """Booked running time (the open interval, if any, is not included)."""
    turn: int = 0
    """Where the round stands: while someone has the floor, they are
    ``speakers[turn % len(speakers)]``; while nobody has, that is who gets it next."""
    speaking: bool = False
    """Someone has been given the floor. A round starts with nobody speaking (nobody's
    airtime counts until the floor is given), and can be left that way again."""
    turn_elapsed: float = 0.0
    airtime: dict[str, float] = field(default_factory=dict)
    joker_used: bool = False
    """The step's joker (extra minutes at zero) was granted."""


@dataclass(slots=True)
class NoteState:
    """A note as stored."""

    id: str
    step_id: str
    kind: NoteKind
    author_id: str
    text: str
    created_at: float
    edited_at: float | None = None
    revision: int = 0
    """Bumped on every edit, so that views rebuild only the notes that changed."""
    about: str | None = None
    outcome: str | None = None
    action: ActionDetails | None = None
    """An action's resources, deadline and indicator."""
    owner_id: str = ""
    """Whose carnet keeps it (resolved when the note is added, see ``rules``)."""
    owner_chosen: bool = False
    """The owner was named by a command; otherwise it follows the note's kind and author."""


@dataclass(slots=True)
class SessionState:
    """Everything that changes during a session."""

    steps: list[StepState]
    status: SessionStatus = SessionStatus.NOT_STARTED
    current: int = 0
    since: float | None = None
    """Session time at which the open running interval started (only while running)."""
    offset: float = 0.0
    """Wall time minus session time: the downtime left uncounted when resuming."""
    last_at: float | None = None
    """Wall time of the last record: time never goes back before it."""
    started_at: float | None = None
    ended_at: float | None = None
    notes: dict[str, NoteState] = field(default_factory=dict)
    notes_created: int = 0
    """Notes ever created (deleted ones included): the next note's id is ``n{notes_created + 1}``."""
    notes_version: int = 0
    """Bumped on every note change, so that views can reuse the previous notes tuple."""
    seq: int = 0
    """Number of records applied (the journal's sequence number of the last one)."""
    room_screen: RoomScreen = RoomScreen.SESSION
    """What the projected view shows (journaled, so a view started late agrees)."""
    room_message: str = ""
    """A message shown big to the room until cleared."""
    room_note_kinds: tuple[NoteKind, ...] = DEFAULT_ROOM_NOTE_KINDS
    """The kinds of notes the room may see."""
    consents: dict[str, frozenset[ConsentPart]] = field(default_factory=dict)
    """What each client (by id) agreed the other carnets keep of her account; a client not
    in it shares the title only. A session without a client keeps its consent under ""."""

    @classmethod
    def initial(cls, plan: SessionPlan) -> SessionState:
        """A session that has not started."""
        return cls(steps=[StepState(planned=step.original_seconds) for step in plan.steps])

    def session_time(self, wall: float) -> float:
        """Session time at wall time ``wall``."""
        return wall - self.offset

    def open_interval(self, now: float) -> float:
        """Running time not yet booked, at session time ``now`` (0 unless running)."""
        if self.status is SessionStatus.RUNNING and self.since is not None:
            return now - self.since
        return 0.0


def speaker_of(plan: StepPlan, state: StepState) -> str | None:
    """Who has the floor in this step now, or None (no turns, nobody to take them, or
    nobody given the floor)."""
    if not plan.speakers or not state.speaking:
        return None
    return plan.speakers[state.turn % len(plan.speakers)]


def next_in_line(plan: StepPlan, state: StepState) -> str | None:
    """Who the next "next speaker" gives the floor to (None without a round)."""
    if not plan.speakers:
        return None
    return plan.speakers[(state.turn + (1 if state.speaking else 0)) % len(plan.speakers)]


def settle(plan: SessionPlan, state: SessionState, now: float) -> None:
    """Book the running time up to session time ``now`` on the current step, and on the
    current turn and speaker when someone has the floor."""
    if state.status is not SessionStatus.RUNNING or state.since is None:
        return
    delta = now - state.since
    step_state = state.steps[state.current]
    step_state.actual += delta
    speaker = speaker_of(plan.steps[state.current], step_state)
    if speaker is not None:
        # Only a floor actually given counts: a round nobody opened is nobody's airtime.
        step_state.turn_elapsed += delta
        step_state.airtime[speaker] = step_state.airtime.get(speaker, 0.0) + delta
    state.since = now
