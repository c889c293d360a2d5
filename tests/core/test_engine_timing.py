"""Every time computation of the engine, on a fake clock: timers, phases, session totals, turns."""

from __future__ import annotations

import pytest
from engine_support import CLASSIC, T0, make_engine, protocol, step

from codev.core.session import (
    AcceptCatchUp,
    AdjustTime,
    NextSpeaker,
    NextStep,
    Pause,
    Phase,
    PreviousSpeaker,
    PreviousStep,
    Resume,
    SessionEngine,
    SkipStep,
    Start,
    TimerView,
)


def timer(engine: SessionEngine) -> TimerView:
    view = engine.view()
    assert view.timer is not None
    return view.timer


def ok(engine: SessionEngine, *commands: object) -> None:
    for command in commands:
        assert engine.apply(command) is None, command  # type: ignore[arg-type]


def test_timer_counts_down_then_up() -> None:
    engine, clock = make_engine()  # exposé: 10 min, wrap-up 2 min
    ok(engine, Start())
    assert timer(engine) == TimerView(
        budget=600, elapsed=0, remaining=600, overtime=0, phase=Phase.NORMAL, wrap_up_at=120
    )
    clock.advance(479.5)
    assert timer(engine).phase is Phase.NORMAL
    clock.advance(0.5)
    assert (timer(engine).remaining, timer(engine).phase) == (120, Phase.WRAP_UP)
    clock.advance(120)
    assert (timer(engine).remaining, timer(engine).overtime, timer(engine).phase) == (0, 0, Phase.WRAP_UP)
    clock.advance(42)
    assert (timer(engine).remaining, timer(engine).overtime, timer(engine).phase) == (0, 42, Phase.OVERTIME)
    assert engine.view().current.remaining_seconds == -42


def test_a_steps_own_wrap_up_wins_and_the_default_is_capped_at_half_the_step() -> None:
    engine, _clock = make_engine(protocol(step("a", 3, wrap_up=2.5), step("b", 3), wrap_up=2))
    ok(engine, Start())
    assert timer(engine).wrap_up_at == 150
    ok(engine, NextStep())
    assert timer(engine).wrap_up_at == 90  # min(2 min, 3 min / 2)


def test_wrap_up_follows_a_shortened_budget() -> None:
    engine, _clock = make_engine(protocol(step("a", 10, floor=2), wrap_up=4))
    ok(engine, Start(), AdjustTime(seconds=-400))  # 200 s left: wrap-up at most half of it
    assert timer(engine).wrap_up_at == 100


def test_pause_is_exact() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(100.25)
    ok(engine, Pause())
    clock.advance(3600)
    paused = engine.view()
    assert paused.timer is not None and paused.timer.elapsed == 100.25
    assert paused.elapsed_seconds == 100.25
    ok(engine, Resume())
    clock.advance(0.5)
    assert timer(engine).elapsed == 100.75


def test_the_forecast_end_moves_with_pauses_and_overruns() -> None:
    engine, clock = make_engine()
    assert engine.view().forecast_end == T0 + 6000
    ok(engine, Start())
    clock.advance(300)
    assert engine.view().forecast_end == T0 + 6000
    ok(engine, Pause())
    clock.advance(600)  # a ten-minute break pushes the end by ten minutes
    assert engine.view().forecast_end == T0 + 6600
    ok(engine, Resume())
    clock.advance(900)  # 10-minute step run for 20 minutes: 10 more minutes late
    view = engine.view()
    assert view.forecast_end == T0 + 7200
    assert view.late_seconds == 600
    assert view.elapsed_seconds + view.remaining_seconds == 6600


def test_ending_a_step_early_gives_time_back() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(200)
    ok(engine, NextStep())
    view = engine.view()
    assert view.late_seconds == -400
    assert view.remaining_seconds == 5400
    assert view.steps[0].actual_seconds == 200


def test_skipping_a_step_gives_its_time_back() -> None:
    engine, clock = make_engine(protocol(step("a", 10, optional=True), step("b", 10)))
    ok(engine, Start())
    clock.advance(60)
    ok(engine, SkipStep())
    view = engine.view()
    assert view.remaining_seconds == 600
    assert view.elapsed_seconds == 60
    assert view.late_seconds == -540


def test_added_time_counts_as_late() -> None:
    engine, _clock = make_engine()
    ok(engine, Start(), AdjustTime(seconds=300))
    view = engine.view()
    assert view.late_seconds == 300
    assert view.current.budget_seconds == 900
    assert view.current.remaining_seconds + view.current.actual_seconds == 900


def test_a_reopened_step_keeps_accumulating() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(500)
    ok(engine, NextStep())
    clock.advance(100)
    ok(engine, PreviousStep())
    clock.advance(50)
    view = engine.view()
    assert [s.actual_seconds for s in view.steps[:2]] == [550, 100]
    assert view.timer is not None and view.timer.elapsed == 550
    ok(engine, NextStep())
    clock.advance(10)
    assert engine.view().timer.elapsed == 110  # type: ignore[union-attr]
    # The clarification that was left still counts in what remains.
    assert engine.view().remaining_seconds == 1090 + 600 + 1800 + 900 + 900


def test_time_never_runs_backwards_when_the_clock_does() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(100)
    ok(engine, NextStep())
    clock.advance(-50)  # a clock set back after the last command
    view = engine.view()
    assert view.timer is not None and view.timer.elapsed == 0
    assert view.steps[0].actual_seconds == 100
    assert view.now == T0 + 100


def test_turn_time_and_airtime() -> None:
    engine, clock = make_engine()
    ok(engine, Start(), NextStep(), NextStep(), NextStep(), NextSpeaker())  # consultation: 120 s turns
    clock.advance(100)
    turns = engine.view().turns
    assert turns is not None
    assert (turns.turn_elapsed, turns.turn_remaining) == (100, 20)
    clock.advance(30)
    assert engine.view().turns.turn_remaining == -10  # type: ignore[union-attr]
    ok(engine, NextSpeaker())
    clock.advance(40)
    ok(engine, Pause())
    clock.advance(1000)  # nobody's airtime grows during a pause
    ok(engine, Resume())
    clock.advance(20)
    view = engine.view()
    assert view.turns is not None and view.turns.turn_elapsed == 60
    assert view.airtime_step == {"p2": 130, "p3": 60}
    assert sum(view.airtime_step.values()) == view.current.actual_seconds
    ok(engine, PreviousSpeaker())
    clock.advance(5)
    assert engine.view().airtime_step == {"p2": 135, "p3": 60}


def test_session_airtime_adds_up_the_steps() -> None:
    engine, clock = make_engine()
    ok(engine, Start(), NextStep(), NextStep(), NextStep(), NextSpeaker())
    clock.advance(100)
    ok(engine, NextStep(), NextStep(), NextSpeaker())  # feedback: everyone, p0 first
    clock.advance(30)
    view = engine.view()
    assert view.airtime_step == {"p0": 30}
    assert view.airtime_session == {"p2": 100, "p0": 30}
    assert view.steps[0].airtime == {}  # no turns, no airtime


def test_catch_up_plan_shrinks_steps_proportionally_above_their_floors() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(600 + 1200)  # 20 minutes late on a 10-minute exposé
    proposal = engine.view().catch_up
    assert proposal is not None and proposal.feasible
    assert proposal.late_seconds == 1200
    proposed = {item.step_id: item.proposed_seconds for item in proposal.items}
    # 1200 s to find in 90 min: every step gives 2/9 of its time, floors permitting.
    assert proposed == pytest.approx(
        {"clarification": 933, "contrat": 466, "consultation": 1400, "synthese": 700, "feedback": 700}, abs=1
    )
    assert sum(item.planned_seconds - item.proposed_seconds for item in proposal.items) >= 1200
    ok(engine, AcceptCatchUp())
    assert engine.view().catch_up is None


def test_catch_up_says_when_it_cannot() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(600 + 3000)  # 50 minutes late; floors free only 35
    proposal = engine.view().catch_up
    assert proposal is not None and not proposal.feasible
    assert {item.step_id: item.proposed_seconds for item in proposal.items} == {
        "clarification": 600,
        "contrat": 300,
        "consultation": 1200,
        "synthese": 600,
        "feedback": 600,
    }
    assert proposal.shortfall_seconds == 3000 - 2100


def test_no_proposal_below_the_threshold() -> None:
    engine, clock = make_engine()
    ok(engine, Start())
    clock.advance(620)
    assert engine.view().catch_up is None
    clock.advance(10)
    assert engine.view().catch_up is not None


def test_the_view_at_a_given_instant() -> None:
    engine, clock = make_engine(CLASSIC)
    ok(engine, Start())
    clock.advance(100)
    assert engine.view(at=T0 + 40).timer.elapsed == 40  # type: ignore[union-attr]
