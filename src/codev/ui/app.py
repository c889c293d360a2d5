"""The codev application and the one factory that builds it for the CLI, the tests and snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from codev.core.clock import Clock, ScaledClock, SystemClock
from codev.core.i18n import Lang, get_lang, t
from codev.core.library import load_library
from codev.core.protocol import NoteKind
from codev.core.session import JournalError, SessionEngine, SessionSetup
from codev.core.workspace import Workspace
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.palette import TranslatedCommandPalette
from codev.ui.themes import DARK, DEFAULT_THEME, PROJECTOR, THEMES

if TYPE_CHECKING:
    # The carnets are read and written after the first frame: loading them (pydantic models
    # built at import) would delay the live screen of every session.
    from codev.core.logbook import LogbookStore, OpenCommitment, SessionSaved
    from codev.core.session_controller import SessionController
    from codev.ui.carnet.review import CarnetReview
    from codev.ui.screens.live import LiveScreen
    from codev.ui.screens.setup import GroupInfo


@dataclass
class AppConfig:
    """What the application needs from the command line (or from a test)."""

    workspace: Workspace
    clock: Clock = field(default_factory=SystemClock)
    """The base clock; ``speed`` is applied on top of it."""
    speed: float = 1.0
    """Rehearsal speed: time runs this many times faster (marked on screen)."""
    setup: SessionSetup | None = None
    """Open this session straight on the live screen (the demo) instead of the set-up."""
    resume: Path | None = None
    """Resume this journal straight away."""
    bell: bool = True
    """Ring the terminal bell and flash at wrap-up and at zero."""
    theme: str = DEFAULT_THEME
    write_carnets: bool = True
    """False for rehearsals and previews: nothing is written to the participants' carnets."""
    lang: Lang = field(default_factory=get_lang)
    edit_protocol: Path | None = None
    """Open this protocol file in the editor (``codev protocol edit``) instead of a session."""
    carnet: CarnetReview | None = None
    """Open these carnets for review (``codev carnet NAME``) instead of a session."""

    @property
    def session_clock(self) -> Clock:
        """The clock the session runs on (scaled for rehearsals)."""
        return self.clock if self.speed == 1 else ScaledClock(self.clock, self.speed)


NAMED_KEYS = frozenset({"space", "escape", "enter", "pageup", "pagedown", "delete", "tab"})
"""Keys whose names are words, shown translated."""


class CodevApp(App[None], TranslatedBindingsMixin):
    """The co-development facilitation tool."""

    CSS_PATH = "codev.tcss"
    TITLE = "codev"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Shown at the right of the footer by Textual itself, with this (translated) description.
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True, id="palette"),
        Binding("ctrl+t", "toggle_theme", "key.theme", show=False, id="theme"),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.engine: SessionEngine | None = None
        self.controller: SessionController | None = None
        self.commitments: list[OpenCommitment] = []
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = config.theme

    @cached_property
    def store(self) -> LogbookStore:
        """The workspace's carnets and group files."""
        from codev.core.logbook import LogbookStore

        return LogbookStore.for_workspace(self.config.workspace)

    def get_default_screen(self) -> Screen[None]:
        if self.config.edit_protocol is not None:
            from codev.ui.editor.screen import open_editor

            return open_editor(self.config)
        if self.config.carnet is not None:
            from codev.ui.carnet.screen import open_carnet

            return open_carnet(self.config)
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
                    next_number=self.store.next_session_number(ref.name),
                )
            )
        return groups

    def _setup_done(self, setup: SessionSetup | None) -> None:
        if setup is None:
            self.exit()
            return
        try:
            engine = SessionEngine.create(setup, self.config.session_clock, self.config.workspace)
        except JournalError as error:
            self.notify(str(error), severity="error", timeout=15)
            return
        self.open_live(engine)

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
        screen = LiveScreen(self.controller, speed=self.config.speed, bell=self.config.bell)
        self.push_screen(screen)

    def _carnets_saved(self, saved: SessionSaved | None, error: str | None) -> None:
        # Called from the carnet writer's thread: the problems are shown by the app's own.
        problems = [error] if error else [str(problem) for problem in saved.problems] if saved else []
        for problem in problems:
            self.call_from_thread(self.notify, problem, severity="error", timeout=15)

    def _open_commitments(self, group: str) -> list[OpenCommitment]:
        """Previous clients' open commitments in this group (for an opening step)."""
        from codev.core.logbook import LogbookError, NotFound

        steps = self.engine.setup.protocol.steps if self.engine is not None else []
        if not any(NoteKind.FOLLOWUP in step.notes for step in steps):
            return []  # no step asks how they went: the carnets need not be read now
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

    def on_live_screen_finished(self, message: LiveScreen.Finished) -> None:
        """The last step is over and the carnets are written: show the summary."""
        from codev.ui.screens.summary import SummaryScreen

        engine = self.engine
        if engine is None:
            return
        outcome = message.outcome
        written = [Path(name) for name in outcome.written]
        self.switch_screen(SummaryScreen(engine.setup, outcome.view, written, list(outcome.problems)))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, always as plain text (``markup`` is ignored).

        codev's messages name files, groups, people and protocol texts ("atelier [v2].toml",
        a participant "Ana [/]"), and none of its own texts uses markup: read as markup, such
        a message would lose its brackets or crash the app. Every screen's ``notify`` ends here.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_toggle_theme(self) -> None:
        """Switch between the projector (light) and dark themes."""
        self.theme = DARK.name if self.theme == PROJECTOR.name else PROJECTOR.name

    def action_command_palette(self) -> None:
        """The command palette, with its prompt in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(TranslatedCommandPalette())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own system commands are English only; ours replace them.
        yield SystemCommand(t("ui.cmd.theme"), t("ui.cmd.theme.help"), self.action_toggle_theme)
        yield SystemCommand(t("ui.cmd.quit"), t("ui.cmd.quit.help"), self.action_quit)
        yield SystemCommand(
            t("ui.cmd.screenshot"),
            t("ui.cmd.screenshot.help"),
            lambda: self.set_timer(0.1, self._save_screenshot),
        )
        provider = getattr(screen, "palette_commands", None)
        if callable(provider):
            yield from provider()

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the user's language in the footer and help ("Espace", "Échap")."""
        if not binding.key_display and binding.key in NAMED_KEYS:
            return t(f"key.name.{binding.key}")
        return super().get_key_display(binding)

    async def action_quit(self) -> None:
        """Ctrl+Q and the palette's Quit: the screen decides (confirm, unsaved changes…)."""
        quit_action = getattr(self.screen, "action_quit", None)
        if callable(quit_action) and not isinstance(self.screen, ModalScreen):
            quit_action()
        else:
            self.exit()

    def _save_screenshot(self) -> None:
        # Written inside the workspace only: codev writes nowhere else.
        path = self.save_screenshot(path=str(self.config.workspace.root))
        self.notify(t("ui.screenshot.saved", path=path))


def create_app(config: AppConfig) -> CodevApp:
    """Build the application: the one way the CLI, the tests and snapshots get one."""
    return CodevApp(config)
