"""``codev view``: the room's screen, a second process that follows the session's journal.

The facilitator keeps the controls (and the notes being typed, the dialogs, the key footer)
on their own screen and puts this one on the projector. It reads the journal as it grows
(:class:`JournalFollower`), never takes its lock and never writes anything: it cannot
change the session, which is also why browsers can be given it (``codev serve``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from codev.core.clock import Clock, SystemClock
from codev.core.i18n import t
from codev.core.live_registry import live_sessions
from codev.core.room import RoomPicture, room_picture
from codev.core.session.file_watch import FileWatch
from codev.core.session.follower import JournalFollower, find_live_session
from codev.core.session.model import RoomScreen
from codev.core.session.view import SessionView
from codev.core.workspace import Workspace
from codev.ui.base import PlainTextNotify
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.themes import DEFAULT_THEME, THEMES
from codev.ui.widgets.room import (
    AllowedRules,
    ForbiddenRules,
    NextStepLine,
    PhaseBadge,
    PictureTimer,
    RoomMessage,
    RoomNotes,
    RoundPanel,
    StepHeader,
    WhoSpeaks,
    ZeroPrompt,
)

POLL_SECONDS = 0.05
"""How often the journal is checked where the system cannot say it changed: a command then
shows on the wall within a tenth of a second. With a file watch (Linux), the view reads as
soon as it is told and polls only at each tick, in case the watch misses something."""
IDLE_SECONDS = 1.0
"""The longest between two ticks (the journal checked, a session looked for, the picture
rebuilt); while the timer runs the tick comes just after the shown second changes."""


@dataclass
class ViewConfig:
    """What the projected view needs from the command line (or from a test)."""

    workspace: Workspace
    journal: Path | None = None
    """Follow this journal; else the session running in the workspace (or on this machine)."""
    anywhere: bool = True
    """Without a running session in the workspace, follow one running elsewhere on this machine
    (the demo's throw-away workspace) — off when the workspace was named explicitly."""
    clock: Clock = field(default_factory=SystemClock)
    theme: str = DEFAULT_THEME


class WaitingText(Static):
    """Why there is nothing to show yet (no session, a session over, a damaged journal)."""

    waiting: reactive[str] = reactive("", repaint=False)

    def watch_waiting(self, text: str) -> None:
        self.update(text)


class ProjectedScreen(Screen[None], TranslatedBindingsMixin):
    """The session as the room sees it: no dialog, no note being typed, no key footer."""

    BINDINGS = [Binding("q,ctrl+q", "app.quit", "key.quit", show=False)]

    # Not repainting the screen: its panels repaint themselves when their own text changes.
    picture: reactive[RoomPicture | None] = reactive(None, repaint=False)
    waiting: reactive[str] = reactive("", repaint=False)

    def compose(self) -> ComposeResult:
        picture = ProjectedScreen.picture
        with Vertical(id="view"):
            with Vertical(id="view-head"):
                yield StepHeader(id="view-step").data_bind(picture)
                yield PhaseBadge(id="view-phase").data_bind(picture)
            yield RoomMessage(id="view-message").data_bind(picture)
            yield PictureTimer(id="view-timer").data_bind(picture)
            yield ZeroPrompt(id="view-zero").data_bind(picture)
            with Vertical(id="view-info"):
                yield WhoSpeaks(id="view-speakers").data_bind(picture)
                yield RoundPanel(id="view-round").data_bind(picture)
                yield ForbiddenRules(id="view-forbidden").data_bind(picture)
                yield AllowedRules(id="view-allowed").data_bind(picture)
                yield RoomNotes(id="view-notes").data_bind(picture)
                yield NextStepLine(id="view-next").data_bind(picture)
        # Names a folder or a file: text, never markup.
        yield WaitingText("", id="view-waiting", markup=False).data_bind(ProjectedScreen.waiting)

    def watch_picture(self, picture: RoomPicture | None) -> None:
        screen = picture.screen if picture is not None else RoomScreen.SESSION
        self.set_class(picture is None, "-waiting")
        self.set_class(screen is RoomScreen.BLANK, "-blank")
        self.set_class(screen is RoomScreen.TIMER, "-timer-only")


class ViewApp(PlainTextNotify):
    """The read-only projected view of a running session."""

    CSS_PATH = "view.tcss"
    TITLE = "codev view"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, config: ViewConfig) -> None:
        super().__init__()
        self.config = config
        self.follower: JournalFollower | None = None
        self._watch: FileWatch | None = None
        self._fast_poll: Timer | None = None
        self._next_tick: Timer | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = config.theme

    def get_default_screen(self) -> Screen[None]:
        return ProjectedScreen()

    @property
    def projected(self) -> ProjectedScreen:
        """The one screen."""
        screen = self.screen
        assert isinstance(screen, ProjectedScreen)
        return screen

    def on_mount(self) -> None:
        from codev.ui.keymap import apply_keymap

        self._mark_colours()
        # The room sees no warning about the facilitator's config: their own screen says it.
        apply_keymap(self, self.config.workspace, report=False)
        self._fast_poll = self.set_interval(POLL_SECONDS, self._poll, pause=True)
        if self.config.journal is not None:
            self.follow(self.config.journal)
        self.tick()

    def follow(self, journal: Path) -> None:
        """Follow ``journal`` from now on (watched where the system can, else polled)."""
        self._unwatch()
        self.follower = JournalFollower(journal, self.config.clock)
        self._watch = FileWatch.open(journal)
        if self._watch is not None:
            asyncio.get_running_loop().add_reader(self._watch.fd, self._journal_changed)
        elif self._fast_poll is not None:
            self._fast_poll.resume()

    def _unwatch(self) -> None:
        if self._watch is not None:
            asyncio.get_running_loop().remove_reader(self._watch.fd)
            self._watch.close()
            self._watch = None
        if self._fast_poll is not None:
            self._fast_poll.pause()

    def on_unmount(self) -> None:
        self._unwatch()
        if self._next_tick is not None:
            self._next_tick.stop()

    def _journal_changed(self) -> None:
        if self._watch is not None:
            self._watch.drain()
        self._poll()

    def _poll(self) -> None:
        follower = self.follower
        if follower is not None and self.screen_stack and follower.poll():
            self._show(follower)

    def _find(self) -> Path | None:
        found = find_live_session(self.config.workspace)
        if found is None and self.config.anywhere:
            running = live_sessions()
            found = running[0] if running else None
        return found

    def tick(self) -> None:
        """Read what the journal got since the last tick, and the time; repaint what changed."""
        if not self.screen_stack:
            return  # closing: a tick already due finds no screen to paint
        if self._next_tick is not None:
            self._next_tick.stop()
        view = self._tick_now()
        self._next_tick = self.set_timer(self._tick_delay(view), self.tick)

    def _tick_now(self) -> SessionView | None:
        follower = self.follower
        if self.config.journal is None:
            over = follower is not None and follower.status is not None and follower.status.is_over
            if follower is None or over or not follower.is_live:
                # A newer session may have started (or this one been resumed elsewhere).
                found = self._find()
                if found is not None and (follower is None or found != follower.path):
                    self.follow(found)
                    follower = self.follower
        if follower is None:
            self.projected.waiting = t("room.view.waiting", folder=str(self.config.workspace.root))
            self.projected.picture = None
            return None
        follower.poll()
        return self._show(follower)

    def _tick_delay(self, view: SessionView | None) -> float:
        """Until the shown time changes: the timer's next second (the prompt's next half second
        at zero), on the session's own clock (a rehearsal's runs faster)."""
        follower = self.follower
        if view is None or view.timer is None or view.status.value != "running":
            return IDLE_SECONDS
        timer = view.timer
        # The countdown shows whole seconds rounded up, the overtime rounded down.
        wait = timer.remaining % 1 if timer.overtime <= 0 else 1 - timer.overtime % 1
        if view.at_zero:
            wait = min(wait, 0.5 - view.now % 0.5)
        speed = follower.setup.speed if follower is not None and follower.setup is not None else 1.0
        return max(0.02, min(IDLE_SECONDS, (wait + 0.01) / speed))

    def _show(self, follower: JournalFollower) -> SessionView | None:
        """Paint the session as the journal has it now; the view painted (None: nothing to)."""
        view = follower.view()
        setup = follower.setup
        screen = self.projected
        if view is None or setup is None:
            screen.picture = None
            screen.waiting = follower.problem or t("room.view.waiting", folder=str(follower.path.parent))
            return None
        if view.status.is_over:
            screen.picture = None
            screen.waiting = t("room.view.ended")
            return None
        screen.waiting = t("room.view.problem", problem=follower.problem) if follower.problem else ""
        screen.picture = room_picture(setup, view)
        return view


def create_view_app(config: ViewConfig) -> ViewApp:
    """Build the projected view: the one way the CLI, the server and the tests get one."""
    return ViewApp(config)
