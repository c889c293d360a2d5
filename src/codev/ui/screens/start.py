"""The first screen: decides where the application starts.

The demo goes straight to the live screen; otherwise an unfinished session is offered for
resuming first, then the set-up opens. Journals that cannot be read are named, never touched.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from codev.core.i18n import t
from codev.core.session import JournalError, SessionEngine, SessionSummary, resume_session, scan_sessions
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.resume import ResumeDialog

if TYPE_CHECKING:
    from codev.ui.app import CodevApp


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
            engine = SessionEngine.create(setup, config.session_clock, config.workspace)
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
        stopped = dt.datetime.fromtimestamp(summary.last_activity).strftime("%H:%M")
        question = t("ui.resume.downtime", time=stopped)
        dialog = ConfirmDialog(question, yes=t("ui.resume.downtime_yes"), no=t("ui.resume.downtime_no"))
        self.app.push_screen(dialog, lambda counts: self._resume(summary, count_downtime=bool(counts)))

    def _resume(self, summary: SessionSummary, *, count_downtime: bool) -> None:
        config = self.codev.config
        try:
            engine = resume_session(summary.path, config.session_clock, count_downtime=count_downtime)
        except JournalError as error:
            self.notify(str(error), severity="error", timeout=15)
            self.codev.open_setup()
            return
        for warning in engine.warnings:
            self.notify(warning, severity="warning", timeout=10)
        self.codev.open_live(engine)
