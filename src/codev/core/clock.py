"""Clocks: the only source of time for the session engine.

The engine never counts ticks: every duration it shows is a difference between two
readings of an injected :class:`Clock`. Production uses :class:`SystemClock`, tests use
:class:`FakeClock`, rehearsals use :class:`ScaledClock` (``--speed N``).
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Anything that tells the time, in seconds since the epoch (wall time)."""

    def now(self) -> float:
        """The current time, in seconds since the epoch."""
        ...


class SystemClock:
    """Wall time anchored once, then advanced with :func:`time.monotonic`.

    Reading ``time.time()`` at every call would let an NTP correction or a daylight-saving
    mistake jump the timers mid-session; anchoring once keeps durations exact while the
    readings still look like wall time (for the forecast end and the journal).
    """

    def __init__(self) -> None:
        self._wall_anchor = time.time()
        self._mono_anchor = time.monotonic()

    def now(self) -> float:
        """Wall time at construction plus the monotonic time elapsed since."""
        return self._wall_anchor + (time.monotonic() - self._mono_anchor)


class FakeClock:
    """A clock that only moves when told to: for tests and deterministic replays."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        """The time last set."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or backward, with a negative value) by ``seconds``."""
        self._now += seconds

    def set(self, when: float) -> None:
        """Put the clock at ``when`` (seconds since the epoch)."""
        self._now = float(when)


class ScaledClock:
    """A clock running ``speed`` times faster than ``base``, from the moment it is built.

    Used to rehearse a session (a 100-minute protocol in 10 minutes at ``--speed 10``).
    Readings start at ``base.now()`` so that they still look like wall time.
    """

    def __init__(self, base: Clock, speed: float) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed!r}")
        self._base = base
        self._speed = float(speed)
        self._anchor = base.now()

    @property
    def speed(self) -> float:
        """How many times faster than the base clock this one runs."""
        return self._speed

    def now(self) -> float:
        """The anchor plus the base clock's elapsed time, multiplied by the speed."""
        return self._anchor + (self._base.now() - self._anchor) * self._speed
