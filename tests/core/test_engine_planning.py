"""The catch-up planner on its own: proportional, floors respected, honest when impossible."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from codev.core.session.planning import LATE_THRESHOLD_SECONDS, Candidate, propose


def candidate(index: int, planned: float, floor: float, remaining: float | None = None) -> Candidate:
    return Candidate(
        index=index,
        step_id=f"s{index}",
        planned=planned,
        floor=floor,
        remaining=planned if remaining is None else remaining,
    )


def proposed(late: float, *candidates: Candidate) -> dict[str, float]:
    proposal = propose(late, candidates)
    assert proposal is not None
    return {item.step_id: item.proposed_seconds for item in proposal.items}


def test_no_plan_when_nearly_on_time() -> None:
    assert propose(LATE_THRESHOLD_SECONDS - 1, [candidate(1, 600, 0)]) is None
    assert propose(-300, [candidate(1, 600, 0)]) is None


def test_every_step_gives_the_same_share() -> None:
    assert proposed(360, candidate(1, 600, 0), candidate(2, 1200, 0)) == {"s1": 480, "s2": 960}


def test_a_step_at_its_floor_gives_nothing_and_the_others_give_more() -> None:
    assert proposed(300, candidate(1, 600, 600), candidate(2, 1200, 600)) == {"s2": 900}
    # 600 to find: a third of each would take s1 below its floor of 500; it gives 100 only.
    assert proposed(600, candidate(1, 600, 500), candidate(2, 1200, 0)) == {"s1": 500, "s2": 700}


def test_a_partly_run_step_gives_a_share_of_what_it_has_left() -> None:
    # Reopened earlier: 500 of its 600 already spent. The share applies to what is left:
    # 400 out of 100 + 600 remaining is 4/7 of each.
    assert proposed(400, candidate(1, 600, 0, remaining=100), candidate(2, 600, 0)) == {
        "s1": 542,
        "s2": 257,
    }


def test_impossible_plans_say_so_and_offer_the_floors() -> None:
    proposal = propose(1000, [candidate(1, 600, 300), candidate(2, 600, 400)])
    assert proposal is not None and not proposal.feasible
    assert [(i.step_id, i.proposed_seconds) for i in proposal.items] == [("s1", 300), ("s2", 400)]
    assert proposal.shortfall_seconds == 500


def test_no_step_left_to_shorten() -> None:
    proposal = propose(100, [])
    assert proposal is not None
    assert (proposal.feasible, proposal.items, proposal.shortfall_seconds) == (False, (), 100)


candidates_strategy = st.lists(
    st.tuples(
        st.integers(min_value=60, max_value=3600),  # planned
        st.floats(min_value=0, max_value=1),  # floor as a share of planned
        st.floats(min_value=0, max_value=1),  # remaining as a share of planned
    ),
    max_size=8,
).map(
    lambda rows: [
        candidate(i, planned, math.floor(planned * floor), planned * (1 if i % 3 else rest))
        for i, (planned, floor, rest) in enumerate(rows)
    ]
)


@settings(max_examples=200, deadline=None)
@given(candidates_strategy, st.floats(min_value=LATE_THRESHOLD_SECONDS, max_value=20_000))
def test_plans_respect_floors_and_catch_up_when_they_say_they_do(cands: list[Candidate], late: float) -> None:
    proposal = propose(late, cands)
    assert proposal is not None
    by_index = {c.index: c for c in cands}
    gained = 0.0
    for item in proposal.items:
        source = by_index[item.index]
        assert item.floor_seconds <= item.proposed_seconds < item.planned_seconds == source.planned
        assert item.proposed_seconds == int(item.proposed_seconds)  # whole seconds, read aloud
        gained += min(source.planned - item.proposed_seconds, source.remaining)
    can_give = sum(c.can_give for c in cands)
    if proposal.feasible:
        assert can_give >= late - 1e-6
        assert gained >= late - 1e-6
        assert proposal.shortfall_seconds == 0
        # Proportional: steps not held by their floor keep the same share (to the second).
        shares = [
            (item.planned_seconds - item.proposed_seconds) / by_index[item.index].remaining
            for item in proposal.items
            if item.proposed_seconds > item.floor_seconds
            and by_index[item.index].remaining == item.planned_seconds
        ]
        if shares:
            spread = max(shares) - min(shares)
            assert spread <= 1 / min(by_index[i.index].remaining for i in proposal.items) + 1e-9
    else:
        assert can_give < late
        assert proposal.shortfall_seconds > 0
        for c in cands:
            if c.can_give > 0 and c.remaining >= c.planned:
                assert any(
                    item.index == c.index and item.proposed_seconds == c.floor for item in proposal.items
                )
