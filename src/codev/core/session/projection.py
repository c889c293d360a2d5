"""Building the :class:`SessionView` from the state at one instant.

Called several times a second by the UI, so it only does arithmetic on a handful of steps;
the notes tuple, which can grow long, is rebuilt only when a note changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from codev.core.session.model import Phase
from codev.core.session.state import NoteState, SessionPlan, SessionState, StepPlan, next_in_line, speaker_of
from codev.core.session.timing import elapsed, is_live, proposal, remaining
from codev.core.session.view import NoteView, RoomView, SessionView, StepView, TimerView, TurnView


class NotesCache:
    """The last notes tuple built, reused while the notes have not changed.

    When they have, only the notes added or edited since get a new :class:`NoteView`: a
    long session's hundreds of notes are not rebuilt for every new one.
    """

    __slots__ = ("_notes", "_version", "_views")

    def __init__(self) -> None:
        self._version = -1
        self._notes: tuple[NoteView, ...] = ()
        self._views: dict[str, tuple[int, NoteView]] = {}

    def get(self, state: SessionState) -> tuple[NoteView, ...]:
        """The notes of ``state``, oldest first."""
        if state.notes_version == self._version:
            return self._notes
        views: dict[str, tuple[int, NoteView]] = {}
        for note in state.notes.values():
            cached = self._views.get(note.id)
            if cached is None or cached[0] != note.revision:
                cached = (note.revision, _note_view(note))
            views[note.id] = cached
        self._views = views
        self._notes = tuple(view for _, view in views.values())
        self._version = state.notes_version
        return self._notes


def _note_view(note: NoteState) -> NoteView:
    return NoteView(
        id=note.id,
        step_id=note.step_id,
        kind=note.kind,
        author_id=note.author_id,
        text=note.text,
        created_at=note.created_at,
        edited_at=note.edited_at,
        about=note.about,
        outcome=note.outcome,
        action=note.action,
        owner_id=note.owner_id,
        owner_chosen=note.owner_chosen,
    )


def _phase(remaining_seconds: float, wrap_up_at: float) -> Phase:
    if remaining_seconds < 0:
        return Phase.OVERTIME
    if remaining_seconds <= wrap_up_at:
        return Phase.WRAP_UP
    return Phase.NORMAL


def _wrap_up_at(step_plan: StepPlan, budget: float) -> float:
    # Same rule as Protocol.wrap_up_for(), applied to the budget as it is now (a catch-up
    # plan or removed time may have shortened the step).
    if step_plan.wrap_up_is_own:
        return min(step_plan.wrap_up_seconds, budget)
    return min(step_plan.wrap_up_seconds, budget / 2)


def build_view(plan: SessionPlan, state: SessionState, wall_now: float, notes: NotesCache) -> SessionView:
    """The session as it stands at wall time ``wall_now``."""
    now = state.session_time(wall_now)
    open_ = state.open_interval(now)
    current = state.current
    steps: list[StepView] = []
    for index, (step_plan, step) in enumerate(zip(plan.steps, state.steps, strict=True)):
        actual = step.actual
        airtime: Mapping[str, float] = dict(step.airtime)
        if index == current and open_:
            actual += open_
            speaker = speaker_of(step_plan, step)
            if speaker is not None:
                airtime = {**airtime, speaker: airtime.get(speaker, 0.0) + open_}
        steps.append(
            StepView(
                index=index,
                step=step_plan.step,
                status=step.status,
                original_seconds=step_plan.original_seconds,
                planned_seconds=step.planned,
                added_seconds=step.added,
                actual_seconds=actual,
                floor_seconds=step_plan.floor_seconds,
                airtime=airtime,
                joker_used=step.joker_used,
            )
        )

    live = is_live(state)
    timer: TimerView | None = None
    turns: TurnView | None = None
    if live:
        view = steps[current]
        budget = view.budget_seconds
        left = budget - view.actual_seconds
        wrap_up_at = _wrap_up_at(plan.steps[current], budget)
        timer = TimerView(
            budget=budget,
            elapsed=view.actual_seconds,
            remaining=max(0.0, left),
            overtime=max(0.0, -left),
            phase=_phase(left, wrap_up_at),
            wrap_up_at=wrap_up_at,
        )
        step_plan = plan.steps[current]
        step = state.steps[current]
        next_id = next_in_line(step_plan, step)
        if next_id is not None:
            speaker = speaker_of(step_plan, step)
            turns = TurnView(
                order=step_plan.speakers,
                position=step.turn,
                speaker_id=speaker,
                next_speaker_id=next_id,
                # Nobody's turn runs while nobody has the floor.
                turn_elapsed=step.turn_elapsed + open_ if speaker is not None else 0.0,
                turn_seconds=step_plan.turn_seconds,
            )

    airtime_session: dict[str, float] = {}
    for view in steps:
        for person_id, seconds in view.airtime.items():
            airtime_session[person_id] = airtime_session.get(person_id, 0.0) + seconds

    left_in_session = remaining(state, open_)
    spent = elapsed(state, open_)
    forecast = state.ended_at if state.status.is_over else wall_now + left_in_session
    return SessionView(
        status=state.status,
        now=wall_now,
        current_index=current,
        steps=tuple(steps),
        timer=timer,
        turns=turns,
        started_at=state.started_at,
        ended_at=state.ended_at,
        planned_seconds=plan.planned_seconds,
        elapsed_seconds=spent,
        remaining_seconds=left_in_session,
        late_seconds=spent + left_in_session - plan.planned_seconds,
        forecast_end=forecast,
        airtime_session=airtime_session,
        notes=notes.get(state),
        catch_up=proposal(plan, state, open_) if live else None,
        room=_room(state),
        consent=state.consents.get(plan.setup.client_id or "", frozenset()),
        consents=dict(state.consents),
    )


def _room(state: SessionState) -> RoomView:
    return RoomView(screen=state.room_screen, message=state.room_message, note_kinds=state.room_note_kinds)
