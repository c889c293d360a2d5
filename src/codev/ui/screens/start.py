"""The first screen: decides where the application starts.

The demo goes straight to the live screen; otherwise an unfinished session is offered for
resuming first, then the set-up opens. Journals that cannot be read are named, never touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from codev.core.clock import Clock, ScaledClock
from codev.core.i18n import t
from codev.core.session import (
    JournalError,
    SessionEngine,
    SessionSetup,
    SessionSummary,
    SetupRefused,
    resume_session,
    scan_sessions,
)
from codev.ui.base import AppConfig
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.resume import ResumeDialog, format_time

if TYPE_CHECKING:
    from codev.ui.app import CodevApp


def downtime_question(summary: SessionSummary) -> str:
    """Whether the time since the app stopped counts, naming when it stopped."""
    return t("ui.resume.downtime", time=format_time(summary.stopped_at, with_date=False))


def resume_clock(config: AppConfig, setup: SessionSetup) -> Clock:
    """The clock a resumed session runs on: at the speed it was set up with (a rehearsal runs
    as fast as before, whatever ``--speed`` says now, and as ``codev view`` expects)."""
    return config.clock if setup.speed == 1 else ScaledClock(config.clock, setup.speed)


class StartScreen(Screen[None]):
    """A blank moment while the workspace is looked at."""

    def compose(self) -> ComposeResult:
        yield Static(t("ui.start.loading"), id="start-loading")

    @property
    def codev(self) -> CodevApp:
        """The application, typed."""
        return cast("CodevApp", self.app)

    def on_mount(self) -> None:
        if self.codev.config.setup is not None:
            # The demo: its live screen is the first frame painted, no "loading" before it.
            self.route()
        else:
            self.call_after_refresh(self.route)

    def route(self) -> None:
        """Open the demo, the resume offer, or the set-up."""
        app = self.codev
        config = app.config
        if config.setup is not None:
            setup = app.with_settings(config.setup)
            try:
                engine = SessionEngine.create(setup, config.session_clock, config.workspace)
            except (JournalError, SetupRefused) as error:
                # No journal, no session (a full disk, a read-only workspace): said on leaving,
                # since the demo has no set-up to go back to.
                app.exit(return_code=1, message=Text(error.message))  # never read as markup
                return
            app.open_live(engine)
            return
        scan = scan_sessions(config.workspace)
        for damaged in scan.damaged:
            self.notify(damaged.message, severity="error", timeout=15)
        if scan.unfinished:
            app.push_screen(ResumeDialog(scan.unfinished), self._resume_chosen)
        else:
            app.open_setup()

    def _resume_chosen(self, summary: SessionSummary | None) -> None:
        if summary is None:
            self.codev.open_setup()
            return
        if not summary.was_running:
            self._resume(summary, count_downtime=False)
            return
        dialog = ConfirmDialog(
            downtime_question(summary), yes=t("ui.resume.downtime_yes"), no=t("ui.resume.downtime_no")
        )
        self.app.push_screen(dialog, lambda counts: self._resume(summary, count_downtime=bool(counts)))

    def _resume(self, summary: SessionSummary, *, count_downtime: bool) -> None:
        config = self.codev.config
        try:
            clock = resume_clock(config, summary.setup)
            engine = resume_session(summary.path, clock, count_downtime=count_downtime)
        except JournalError as error:
            self.notify(str(error), severity="error", timeout=15)
            self.codev.open_setup()
            return
        for warning in engine.warnings:
            self.notify(warning, severity="warning", timeout=10)
        self.codev.open_live(engine)
