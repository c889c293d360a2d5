"""Readings of a session's time at one instant: elapsed, remaining, lateness, catch-up.

Pure functions of the state and the unbooked running interval (``open_``, see
:meth:`SessionState.open_interval`); nothing here changes the state. Both the rules (to
decide whether a command is legal) and the view use them, so they always agree.

Definitions (all running time: pauses are not counted, the session's plan is a plan of
running time; the forecast end, in wall time, is where pauses show up):
- elapsed: every step's running time;
- remaining: the current step's remainder plus the full budget of every step still to
  come (not done, not skipped), never counting a step below zero;
- late: elapsed + remaining - the protocol's total. Skipping a step or ending one early
  makes the session less late; adding time or overrunning makes it later.
"""

from __future__ import annotations

from codev.core.session.model import SessionStatus, StepStatus
from codev.core.session.planning import Candidate, propose
from codev.core.session.state import SessionPlan, SessionState
from codev.core.session.view import CatchUpProposal

_LIVE = (SessionStatus.RUNNING, SessionStatus.PAUSED)
_OPEN_STEPS = (StepStatus.READY, StepStatus.RUNNING, StepStatus.PAUSED)


def is_live(state: SessionState) -> bool:
    """True while the session is started and not over (running or paused)."""
    return state.status in _LIVE


def step_actual(state: SessionState, index: int, open_: float) -> float:
    """Running time of step ``index``, including the unbooked interval if it is current."""
    actual = state.steps[index].actual
    return actual + open_ if index == state.current and open_ else actual


def current_remaining(state: SessionState, open_: float) -> float:
    """Budget minus running time of the current step (negative once over time)."""
    step = state.steps[state.current]
    return step.planned + step.added - step_actual(state, state.current, open_)


def elapsed(state: SessionState, open_: float) -> float:
    """Running time of the whole session."""
    return sum(step.actual for step in state.steps) + open_


def remaining(state: SessionState, open_: float) -> float:
    """Running time still planned (0 once the session is over)."""
    if state.status.is_over:
        return 0.0
    total = 0.0
    for index, step in enumerate(state.steps):
        if step.status in _OPEN_STEPS:
            total += max(0.0, step.planned + step.added - step_actual(state, index, open_))
    return total


def late(plan: SessionPlan, state: SessionState, open_: float) -> float:
    """How far behind the protocol's total the session is heading (negative: ahead)."""
    return elapsed(state, open_) + remaining(state, open_) - plan.planned_seconds


def candidates(plan: SessionPlan, state: SessionState) -> list[Candidate]:
    """The steps a catch-up plan may shorten: after the current one, still to come."""
    found: list[Candidate] = []
    for index in range(state.current + 1, len(state.steps)):
        step = state.steps[index]
        if step.status is StepStatus.READY:
            found.append(
                Candidate(
                    index=index,
                    step_id=plan.steps[index].step.id,
                    planned=step.planned,
                    floor=plan.steps[index].floor_seconds,
                    remaining=max(0.0, step.planned + step.added - step.actual),
                )
            )
    return found


def proposal(plan: SessionPlan, state: SessionState, open_: float) -> CatchUpProposal | None:
    """The catch-up plan on offer now, if the session is live and running late."""
    if not is_live(state):
        return None
    return propose(late(plan, state, open_), candidates(plan, state))
