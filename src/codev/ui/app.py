"""The codev application and the one factory that builds it for the CLI, the tests and snapshots."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from codev.core.i18n import t
from codev.core.protocol.library import load_library
from codev.core.protocol.model import NoteKind
from codev.core.session import JournalError, SessionEngine, SessionSetup, SetupRefused
from codev.ui.base import AppConfig, CodevBaseApp

__all__ = ["AppConfig", "CodevApp", "create_app"]

if TYPE_CHECKING:
    # The carnets are read and written after the first frame: loading them (pydantic models
    # built at import) would delay the live screen of every session.
    from codev.core.logbook import LogbookStore, OpenCommitment, SessionSaved
    from codev.core.session_controller import SessionController, SessionOutcome
    from codev.ui.screens.setup import GroupInfo


CARNET_RETRY_SECONDS = 60.0
"""How often carnets whose save failed (a lock held by a stuck process) are tried again."""

RELEASE_WAIT_SECONDS = 10.0
"""How long the carnets still being written may delay leaving (a crash, a lost terminal)."""


class CarnetProblems(Message):
    """What the background carnet writer could not write, for the app's thread to show."""

    def __init__(self, problems: list[str], failed: bool) -> None:
        super().__init__()
        self.problems = problems
        self.failed = failed
        """The whole save failed (it is retried), rather than some files of it."""


class CodevApp(CodevBaseApp):
    """The co-development session: set-up, the facilitator's live screen, the summary."""

    def __init__(self, config: AppConfig) -> None:
        super().__init__(config)
        self.engine: SessionEngine | None = None
        self.controller: SessionController | None = None
        self.commitments: list[OpenCommitment] = []
        self._carnet_retry: Timer | None = None

    @cached_property
    def store(self) -> LogbookStore:
        """The workspace's carnets and group files."""
        from codev.core.logbook import LogbookStore

        return LogbookStore.for_workspace(self.config.workspace)

    def get_default_screen(self) -> Screen[None]:
        from codev.ui.screens.start import StartScreen

        return StartScreen()

    # --- Where the application goes -------------------------------------------------------

    def open_setup(self) -> None:
        """The set-up form; the session starts when it is filled in."""
        from codev.ui.screens.setup import SetupScreen

        library = load_library(self.config.workspace)
        for problem in library.problems:
            self.notify(str(problem), severity="warning", timeout=10)
        today = dt.date.fromtimestamp(self.config.clock.now())
        screen = SetupScreen(library, self._known_groups(), today=today, speed=self.config.speed)
        self.push_screen(screen, self._setup_done)
        if self.config.speed != 1:
            # Said before anything is typed: a rehearsal's notes go nowhere but its journal.
            self._rehearsal_notice(self.config.speed)

    def _rehearsal_notice(self, speed: float) -> None:
        from codev.core import formatting

        self.notify(
            t("session.rehearsal.notice", speed=formatting.number(speed)), severity="warning", timeout=10
        )

    def _known_groups(self) -> list[GroupInfo]:
        from codev.core.logbook import LogbookError
        from codev.ui.screens.setup import GroupInfo

        groups: list[GroupInfo] = []
        for ref in self.store.groups():
            try:
                group_file = self.store.load_group(ref.name)
            except LogbookError as error:
                self.notify(str(error), severity="error", timeout=10)
                continue
            groups.append(
                GroupInfo(
                    name=ref.name,
                    members=tuple(group_file.members),
                    suggested_clients=tuple(self.store.suggest_next_clients(ref.name)),
                    been_clients=frozenset(name for line in group_file.sessions for name in line.clients),
                    next_number=self.store.next_session_number(ref.name),
                    next_meeting=group_file.next_meeting,
                    attributes=group_file.attributes,
                )
            )
        return groups

    def _setup_done(self, setup: SessionSetup | None) -> None:
        if setup is None:
            self.exit()
            return
        try:
            engine = SessionEngine.create(
                self.with_settings(setup), self.config.session_clock, self.config.workspace
            )
        except (JournalError, SetupRefused) as error:
            self.notify(error.message, severity="error", timeout=15)
            return
        self.open_live(engine)

    def with_settings(self, setup: SessionSetup) -> SessionSetup:
        """``setup`` with the user's session settings (the joker's minutes), for a new session.

        The user's joker wins over the protocol's. A resumed session keeps what its journal
        says, whatever the settings are now.
        """
        from codev.core.session_settings import apply_session_settings
        from codev.core.user_config import load_user_config

        return apply_session_settings(setup, load_user_config(self.config.workspace).joker_minutes)

    def open_live(self, engine: SessionEngine) -> None:
        """The live screen for ``engine``'s session."""
        from codev.core.session_controller import SessionController
        from codev.ui.screens.live import LiveScreen

        self.engine = engine
        self.commitments = self._open_commitments(engine.setup.group)
        self.controller = SessionController(
            engine,
            store=self.store if self.config.write_carnets else None,
            commitments=self.commitments,
            report=self._carnets_saved,
        )
        screen = LiveScreen(
            self.controller,
            # The session's own speed: a rehearsal resumed without --speed is still one.
            speed=engine.setup.speed,
            bell=self.config.bell,
            root=str(self.config.workspace.root),
        )
        self.push_screen(screen, self._live_done)
        if self.controller.rehearsal:
            self._rehearsal_notice(engine.setup.speed)
        if self.controller.store is not None:
            self._carnet_retry = self.set_interval(CARNET_RETRY_SECONDS, self._retry_carnets)

    def _retry_carnets(self) -> None:
        if self.controller is not None:
            self.controller.retry_carnets()

    def _carnets_saved(self, saved: SessionSaved | None, error: str | None) -> None:
        # Called from the carnet writer's thread. Never call_from_thread here: it waits for
        # the app's thread, which may itself be waiting for this writer (the end of the
        # session flushes it), and both would wait for ever. Posting a message never blocks.
        problems = [error] if error else [str(problem) for problem in saved.problems] if saved else []
        if problems:
            self.post_message(CarnetProblems(problems, failed=error is not None))

    def on_carnet_problems(self, message: CarnetProblems) -> None:
        """Show what the carnet writer could not write."""
        for problem in message.problems:
            text = t("ui.live.carnets_not_saved", problem=problem) if message.failed else problem
            self.notify(text, severity="error", timeout=15)

    def release(self) -> None:
        """Leave the session as a closed terminal should: the carnets written (for a while at
        most), the journal closed, its lock released, so it can be resumed at once elsewhere."""
        controller = self.controller
        if controller is not None:
            controller.flush(RELEASE_WAIT_SECONDS)
            controller.close()

    def error_context(self) -> dict[str, str]:
        """The app, the screen, and the session's journal (where everything acknowledged is)."""
        context = super().error_context()
        if self.engine is not None and self.engine.journal_path is not None:
            context["journal"] = str(self.engine.journal_path)
        return context

    def _open_commitments(self, group: str) -> list[OpenCommitment]:
        """Previous clients' open commitments in this group (for an opening step)."""
        steps = self.engine.setup.protocol.steps if self.engine is not None else []
        if not any(NoteKind.FOLLOWUP in step.notes for step in steps):
            return []  # no step asks how they went: the carnets need not be read now
        # Imported only now: the logbook models are built on first use (not for the demo).
        from codev.core.logbook import LogbookError, NotFound

        try:
            report = self.store.open_commitments(group, exclude_session=self.engine_session_id)
        except NotFound:
            return []
        except LogbookError as error:
            self.notify(str(error), severity="error", timeout=15)
            return []
        for problem in report.problems:
            self.notify(str(problem), severity="warning", timeout=10)
        return report.items

    @property
    def engine_session_id(self) -> str | None:
        """The current session's id, once there is one."""
        return self.engine.session_id if self.engine is not None else None

    def _live_done(self, outcome: SessionOutcome | None) -> None:
        """The session is over (its carnets written): the summary; or the facilitator left."""
        from codev.ui.screens.summary import SummaryScreen

        if self._carnet_retry is not None:
            self._carnet_retry.stop()
            self._carnet_retry = None
        engine = self.engine
        if outcome is None or engine is None:
            self.exit()
            return
        written = [Path(name) for name in outcome.written]
        kept_aside = [(Path(carnet), Path(aside)) for carnet, aside in outcome.kept_aside]
        self.push_screen(
            SummaryScreen(engine.setup, outcome.view, written, list(outcome.problems), kept_aside=kept_aside)
        )


def create_app(config: AppConfig) -> CodevBaseApp:
    """Build the application for ``config``: the session, the protocol editor or the carnet
    review. The one way the CLI, the tests and snapshots get one."""
    if config.edit_protocol is not None:
        from codev.ui.editor.app import EditorApp

        return EditorApp(config)
    if config.carnet is not None:
        from codev.ui.carnet.app import CarnetApp

        return CarnetApp(config)
    return CodevApp(config)
