"""Catching up: a rebalanced plan for the steps still to come when the session runs late.

The rule, in the facilitator's words: every step still to come gives back the same share
of its time ("everything shrinks by 20 %"), except that no step goes below its floor
(``min_minutes``); what a step at its floor cannot give, the others give instead. If even
every step at its floor would not end on time, the proposal says so (and still offers the
floors, the best that can be done).

This is a pure function of numbers so that it can be tested on its own; the engine decides
which steps are candidates (those after the current one, not done and not skipped).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from codev.core.session.view import CatchUpItem, CatchUpProposal

LATE_THRESHOLD_SECONDS = 30.0
"""Below this delay no plan is proposed: a few seconds late is not worth re-planning."""

_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class Candidate:
    """A step that may be shortened."""

    index: int
    step_id: str
    planned: float
    """Planned seconds now."""
    floor: float
    """The least it may be planned for."""
    remaining: float
    """Seconds it still has to run (planned + added - actual, not below 0)."""

    @property
    def can_give(self) -> float:
        """The most this step can give back: down to its floor, and no more than it still has."""
        return max(0.0, min(self.planned - self.floor, self.remaining))


def _share(candidates: Sequence[Candidate], late: float) -> float:
    """The fraction ``share`` such that sum(min(can_give, share * remaining)) == late.

    The sum grows piecewise linearly with ``share``; walk the breakpoints (where a step hits
    its floor) in order until the line through the current segment reaches ``late``.
    """
    movable = [c for c in candidates if c.remaining > 0 and c.can_give > 0]
    movable.sort(key=lambda c: c.can_give / c.remaining)
    capped = 0.0
    open_total = sum(c.remaining for c in movable)
    for candidate in movable:
        breakpoint_share = candidate.can_give / candidate.remaining
        if capped + breakpoint_share * open_total >= late:
            break
        capped += candidate.can_give
        open_total -= candidate.remaining
    if open_total <= 0:
        return 1.0
    return min(1.0, (late - capped) / open_total)


def propose(late: float, candidates: Sequence[Candidate]) -> CatchUpProposal | None:
    """The catch-up plan when ``late`` seconds behind, or None when close enough to on time.

    Proposed durations are rounded down to whole seconds (a plan is read aloud; ending a
    few seconds early is harmless) but never below a floor.
    """
    if late < LATE_THRESHOLD_SECONDS:
        return None
    can_give = sum(c.can_give for c in candidates)
    feasible = can_give + _EPSILON >= late
    share = _share(candidates, late) if feasible else 1.0
    items: list[CatchUpItem] = []
    given = 0.0
    for candidate in candidates:
        cut = candidate.can_give if not feasible else min(candidate.can_give, share * candidate.remaining)
        proposed = max(candidate.floor, math.floor(candidate.planned - cut + _EPSILON))
        if proposed < candidate.planned:
            given += min(candidate.planned - proposed, candidate.remaining)
            items.append(
                CatchUpItem(
                    index=candidate.index,
                    step_id=candidate.step_id,
                    planned_seconds=candidate.planned,
                    proposed_seconds=float(proposed),
                    floor_seconds=candidate.floor,
                )
            )
    return CatchUpProposal(
        late_seconds=late,
        feasible=feasible,
        items=tuple(items),
        shortfall_seconds=0.0 if feasible else max(0.0, late - given),
    )
