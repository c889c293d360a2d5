"""Reference for ``bench/ui_bench.py``: a bare Textual countdown, the least a step timer costs.

A label re-read four times a second from ``time.monotonic()`` (as codev's live screen
re-reads its session), and ``+`` / ``-`` to add or remove a minute, repainted at once (as
codev's keys do). The benchmark measures its CPU, memory and key-press latency next to
``codev demo``'s.
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label

REFRESH_SECONDS = 0.25
"""The same rate as codev's live screen (``codev.ui.screens.live.REFRESH_SECONDS``)."""


class BareCountdownApp(App[None]):
    """A ten-minute countdown in one label; its text says the budget, which keys change."""

    BINDINGS = [
        Binding("plus", "adjust(60)", "+1 min"),
        Binding("minus", "adjust(-60)", "-1 min"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()
        self.budget = 600.0

    def compose(self) -> ComposeResult:
        yield Label(self._text(), id="countdown")

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self._tick)

    def _text(self) -> str:
        remaining = max(0, round(self.budget - (time.monotonic() - self.started)))
        # "budget N min" is the benchmark's marker that a key press was painted.
        return f"{remaining // 60:02d}:{remaining % 60:02d} · budget {round(self.budget / 60)} min"

    def _tick(self) -> None:
        self.query_one("#countdown", Label).update(self._text())

    def action_adjust(self, seconds: float) -> None:
        """One minute more or less, shown at once."""
        self.budget += float(seconds)
        self._tick()


if __name__ == "__main__":
    BareCountdownApp().run()
