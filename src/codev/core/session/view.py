"""The read model: an immutable picture of a session at one instant.

The UI asks the engine for a :class:`SessionView` several times a second and renders it;
it never looks at the engine's internals. All durations are in seconds (floats), all
instants are wall-clock seconds since the epoch, as read from the engine's clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from codev.core.protocol.model import NoteKind, Step
from codev.core.session.model import (
    DEFAULT_ROOM_NOTE_KINDS,
    ActionDetails,
    ConsentPart,
    Phase,
    RoomScreen,
    SessionStatus,
    StepStatus,
)


@dataclass(frozen=True, slots=True)
class StepView:
    """One step of the protocol as it stands in this session."""

    index: int
    step: Step = field(repr=False)
    status: StepStatus
    original_seconds: float
    """What the protocol planned."""
    planned_seconds: float
    """What is planned now: the protocol's, or an accepted catch-up plan's."""
    added_seconds: float
    """Time added (or removed, negative) by the facilitator while the step ran."""
    actual_seconds: float
    """Time the step has actually run (pauses excluded), up to the view's instant."""
    floor_seconds: float
    """The shortest a catch-up plan may make it."""
    airtime: Mapping[str, float]
    """Seconds of floor per participant id (steps with speaking turns only): the time each
    had been given the floor, never the time a round ran with nobody speaking."""
    joker_used: bool = False
    """The step's joker (extra minutes at zero) was granted."""

    @property
    def budget_seconds(self) -> float:
        """Planned plus added: what the step's timer counts down from."""
        return self.planned_seconds + self.added_seconds

    @property
    def remaining_seconds(self) -> float:
        """Budget minus actual time: negative once over time."""
        return self.budget_seconds - self.actual_seconds


@dataclass(frozen=True, slots=True)
class TimerView:
    """The current step's timer."""

    budget: float
    """Planned plus added seconds."""
    elapsed: float
    remaining: float
    """Never negative; see ``overtime``."""
    overtime: float
    """Seconds past the budget (0 until then)."""
    phase: Phase
    wrap_up_at: float
    """The remaining seconds at which the phase turns to wrap-up."""


@dataclass(frozen=True, slots=True)
class TurnView:
    """Speaking turns in the current step."""

    order: tuple[str, ...]
    """Participant ids, in speaking order."""
    position: int
    """How many turns were given before this one (0 for the first speaker); while nobody
    has the floor, the position of whoever gets it next."""
    speaker_id: str | None
    """Who has the floor; None while nobody has been given it (the round not opened yet,
    or left with nobody speaking): then nobody's airtime counts."""
    next_speaker_id: str
    """Who the next "next speaker" gives the floor to."""
    turn_elapsed: float
    """How long the current speaker has had the floor (pauses excluded; 0 while nobody has)."""
    turn_seconds: float | None
    """Time per turn set by the protocol, if any."""

    @property
    def round(self) -> int:
        """1 for the first tour de table, 2 when it starts again, and so on."""
        return self.position // len(self.order) + 1

    @property
    def nobody_speaks(self) -> bool:
        """Nobody has been given the floor."""
        return self.speaker_id is None

    @property
    def turn_remaining(self) -> float | None:
        """Seconds left in this turn (negative once over), or None without a time per turn
        or while nobody has the floor."""
        if self.turn_seconds is None or self.speaker_id is None:
            return None
        return self.turn_seconds - self.turn_elapsed


@dataclass(frozen=True, slots=True)
class NoteView:
    """A note written during the session."""

    id: str
    step_id: str
    kind: NoteKind
    author_id: str
    text: str
    created_at: float
    edited_at: float | None
    about: str | None = None
    """For a follow-up: the commitment (``SESSION/ACTION``) it reports on."""
    outcome: str | None = None
    """For a follow-up: done, partly, not_yet or dropped."""
    action: ActionDetails | None = None
    """For an action: its resources, deadline and indicator (the text is its objective)."""
    owner_id: str = ""
    """Whose carnet keeps the note: the client for what is given to her, the author for the
    rest, or whoever the facilitator named (a member's own commitment). Empty only in a view
    built by hand: then the author."""
    owner_chosen: bool = False
    """The owner was chosen (by the facilitator), rather than following kind and author."""


@dataclass(frozen=True, slots=True)
class CatchUpItem:
    """One step of a catch-up plan."""

    index: int
    step_id: str
    planned_seconds: float
    """Planned now."""
    proposed_seconds: float
    """Planned if the plan is accepted (never below ``floor_seconds``)."""
    floor_seconds: float


@dataclass(frozen=True, slots=True)
class CatchUpProposal:
    """A rebalanced plan for the steps still to come, offered when the session runs late."""

    late_seconds: float
    """How far behind the plan the session is now."""
    feasible: bool
    """False when even every step at its floor would not end on time."""
    items: tuple[CatchUpItem, ...]
    """The steps to shorten (when infeasible: all at their floor, the best that can be done)."""
    shortfall_seconds: float
    """How late the session would still end with this plan (0 when feasible)."""


@dataclass(frozen=True, slots=True)
class RoomView:
    """What the facilitator chose to show the room (beyond the session itself)."""

    screen: RoomScreen = RoomScreen.SESSION
    message: str = ""
    """A message to the room, shown big; empty when there is none."""
    note_kinds: tuple[NoteKind, ...] = DEFAULT_ROOM_NOTE_KINDS
    """The kinds of notes the room may see."""


@dataclass(frozen=True, slots=True)
class SessionView:
    """A whole session at one instant: what the UI renders."""

    status: SessionStatus
    now: float
    """The instant this view describes (wall clock)."""
    current_index: int
    """The current step (the first one before the start)."""
    steps: tuple[StepView, ...]
    timer: TimerView | None
    """The current step's timer while running or paused."""
    turns: TurnView | None
    """Speaking turns, when the current step has them and someone who may speak (whether
    or not anyone has the floor now)."""
    started_at: float | None
    ended_at: float | None
    planned_seconds: float
    """The protocol's total: the running time the session should fit in."""
    elapsed_seconds: float
    """Running time so far (pauses excluded)."""
    remaining_seconds: float
    """Running time still planned: current step's remainder plus the steps to come."""
    late_seconds: float
    """elapsed + remaining - planned: positive when behind, negative when ahead."""
    forecast_end: float | None
    """When the session will end (wall clock) given the overruns so far; the actual end once over."""
    airtime_session: Mapping[str, float]
    """Seconds of floor per participant over the whole session (turn steps only, and only
    while they had been given the floor)."""
    notes: tuple[NoteView, ...]
    catch_up: CatchUpProposal | None
    """A rebalanced plan when the session runs late, else None."""
    room: RoomView = field(default_factory=RoomView)
    """What the room's view shows."""
    consent: frozenset[ConsentPart] = frozenset()
    """What the session's client agreed the other carnets keep of her account (empty: the
    title only)."""
    consents: Mapping[str, frozenset[ConsentPart]] = field(default_factory=dict)
    """What each client (by id: the session's, each round's) agreed to share."""

    @property
    def at_zero(self) -> bool:
        """The current step's time is up and the session runs: time to ask the group."""
        return self.status is SessionStatus.RUNNING and self.timer is not None and self.timer.remaining <= 0

    @property
    def current(self) -> StepView:
        """The current step."""
        return self.steps[self.current_index]

    @property
    def airtime_step(self) -> Mapping[str, float]:
        """Seconds of floor per participant in the current step."""
        return self.current.airtime

    def consent_of(self, client_id: str | None) -> frozenset[ConsentPart]:
        """What the client ``client_id`` agreed to share (empty: the title only)."""
        return self.consents.get(client_id or "", frozenset())

    def notes_for(self, step_id: str) -> tuple[NoteView, ...]:
        """The notes of one step, oldest first."""
        return tuple(note for note in self.notes if note.step_id == step_id)
