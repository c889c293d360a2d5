"""The live screen repaints what changed, and lays out the screen only when a size may change."""

from __future__ import annotations

from textual.widgets import ProgressBar

from codev.core.clock import FakeClock
from codev.ui.app import CodevApp
from codev.ui.screens.live import LiveScreen
from codev.ui.widgets.panels import same_shape


def test_same_shape_needs_plain_text_of_the_same_widths_that_fits() -> None:
    assert same_shape("Écoulé 00:09\nRestant 1:29:59", "Écoulé 00:10\nRestant 1:29:58", 20)
    assert not same_shape("Écoulé 00:09", "Écoulé 00:10\nEn retard de 2 min", 20)  # a line more
    assert not same_shape("Restant 59:59", "Restant 1:00:00", 20)  # wider
    assert not same_shape("Restant 59:59", "Restant 59:58", 10)  # wrapped: could wrap otherwise
    assert not same_shape(None, "00:10", 20)  # nothing shown yet
    assert not same_shape(("key",), "00:10", 20)  # a table's key, not its text


async def test_the_progress_bar_moves_with_the_timer_in_whole_seconds(
    app: CodevApp, clock: FakeClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        bar = screen.query_one("#step-progress", ProgressBar)
        clock.advance(10.2)
        screen.refresh_view()
        assert bar.progress == 10
        clock.advance(0.5)  # the timer still shows the same second: nothing to repaint
        screen.refresh_view()
        assert bar.progress == 10
        clock.advance(0.5)
        screen.refresh_view()
        assert bar.progress == 11
