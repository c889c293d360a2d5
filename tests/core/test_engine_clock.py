"""Clocks: the engine's only source of time."""

from __future__ import annotations

import time

import pytest

from codev.core.clock import Clock, FakeClock, ScaledClock, SystemClock


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(100.0)
    assert clock.now() == 100.0
    clock.advance(2.5)
    assert clock.now() == 102.5
    clock.set(50.0)
    assert clock.now() == 50.0


def test_system_clock_reads_like_wall_time_and_never_goes_back() -> None:
    clock = SystemClock()
    first = clock.now()
    assert abs(first - time.time()) < 60  # wall time, not a monotonic counter
    readings = [clock.now() for _ in range(1000)]
    assert readings == sorted(readings)
    assert readings[0] >= first


def test_system_clock_ignores_wall_clock_jumps(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = SystemClock()
    before = clock.now()
    monkeypatch.setattr(time, "time", lambda: 0.0)  # someone sets the date to 1970
    assert clock.now() >= before


def test_scaled_clock_runs_faster_from_its_anchor() -> None:
    base = FakeClock(1000.0)
    scaled = ScaledClock(base, 10)
    assert scaled.now() == 1000.0
    base.advance(6)
    assert scaled.now() == 1060.0
    assert scaled.speed == 10


def test_scaled_clock_refuses_a_non_positive_speed() -> None:
    with pytest.raises(ValueError):
        ScaledClock(FakeClock(), 0)


def test_all_clocks_satisfy_the_protocol() -> None:
    for clock in (SystemClock(), FakeClock(), ScaledClock(FakeClock(), 2)):
        assert isinstance(clock, Clock)
