"""What every codev application shares: the themes, plain-text notifications, key names in
the user's language, the translated command palette, the user's keymap, private screenshots,
and what happens when something goes wrong.

One App per tool builds on it — the session (:class:`codev.ui.app.CodevApp`), the protocol
editor, the carnet review — each with its own stylesheets in ``CSS_PATH``.

Unexpected errors (``AppConfig.report_errors``, set by the command line): Textual ends the
app on any exception in a handler, printing a traceback with its local variables, and the
process exits 0. Here the one place that sees them all is :class:`CodevBaseApp`
(``_handle_exception``, and ``_dispatch_message`` for the app's own loop, where key
bindings run): the error is written to a private report (:mod:`codev.core.crash_report`),
the person is told in a message naming it, and the app carries on — the session's journal
already holds every command acknowledged. When the error stopped a screen for good (Textual
ends a widget's message loop after an error in one of its handlers), or errors keep coming,
the app stops instead: exit status 1, the report named on the terminal, no traceback there.
Tests leave ``report_errors`` off, so that a bug fails them the way Textual makes it.

A lost terminal (end of input, SIGHUP, SIGTERM; see :mod:`codev.ui.terminal`) ends the app
cleanly: :meth:`CodevBaseApp.release` closes what must be closed, exit status 129 (143).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual._context import active_message_pump
from textual._files import generate_datetime_filename
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.driver import Driver
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from codev.core.clock import Clock, ScaledClock, SystemClock
from codev.core.crash_report import describe_error, write_report
from codev.core.i18n import Lang, get_lang, t
from codev.core.safe_io import atomic_write
from codev.core.session import SessionSetup
from codev.core.workspace import Workspace
from codev.entry import loaded
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.palette import TranslatedCommandPalette
from codev.ui.text_guard import install as install_text_guard
from codev.ui.themes import DARK, DEFAULT_THEME, PROJECTOR, THEMES
from codev.ui.typed_keys import ScreenBoundKeys

if TYPE_CHECKING:
    from codev.ui.carnet.review import CarnetReview

# Before any app draws anything: notes, names and carnets are drawn as text (see text_guard).
install_text_guard()


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
    report_errors: bool = False
    """The command line's choice: an unexpected error is reported in a private file and shown,
    and the app carries on while its screen still works; a crash exits 1 with a report.
    Off in tests and snapshots, so that a bug fails the test as Textual makes it (run_test
    raises it again)."""

    @property
    def session_clock(self) -> Clock:
        """The clock the session runs on (scaled for rehearsals)."""
        return self.clock if self.speed == 1 else ScaledClock(self.clock, self.speed)


NAMED_KEYS = frozenset({"space", "escape", "enter", "pageup", "pagedown", "delete", "tab"})
"""Keys whose names are words, shown translated."""

MAX_REPORTED_ERRORS = 10
"""Unexpected errors survived in one run: past that, something is broken for good (a failing
timer would report four times a second) and the app stops with a report."""

HANGUP_EXIT_CODE = 128 + signal.SIGHUP
"""Exit status after a lost terminal or SIGHUP (the shell's convention: 128 + the signal)."""
TERMINATE_EXIT_CODE = 128 + signal.SIGTERM
"""Exit status after SIGTERM."""


class TerminalLost(Message):
    """The terminal is gone (input at its end, output failing) or a signal asked codev to stop.

    Posted by :class:`codev.ui.terminal.CodevDriver`, from whatever thread noticed it.
    """

    def __init__(self, reason: str, exit_code: int = HANGUP_EXIT_CODE) -> None:
        super().__init__()
        self.reason = reason
        self.exit_code = exit_code


class PlainTextNotify(App[None]):
    """Notifications always as plain text: every codev App (the room's view too) has them.

    Also marks a 16-colour terminal with the ``-sixteen-colours`` class: xterm and the Linux
    console paint bold text of the eight first colours in their bright variant, which brings
    dark blue or black on white down to about 4:1; the stylesheets drop bold there.

    Building one is where a program's loading ends: the garbage collector, off while codev
    loads, is switched back on here (see :mod:`codev.entry`) — for the session, the room's
    view and the carnet alike, which run for hours.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        loaded()
        super().__init__(*args, **kwargs)

    def _mark_colours(self) -> None:
        self.set_class(self.console.color_system in ("standard", "windows"), "-sixteen-colours")

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


# ScreenBoundKeys: a key typed on a screen never acts on the dialog it opened or on the screen
# below the dialog it closed (see codev.ui.typed_keys).
class CodevBaseApp(ScreenBoundKeys, PlainTextNotify, TranslatedBindingsMixin):
    """The base of every codev application (a tool's App adds its screens and stylesheets)."""

    CSS_PATH = ["codev.tcss"]
    TITLE = "codev"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Shown at the right of the footer by Textual itself, with this (translated) description.
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True, id="palette"),
        Binding("ctrl+t", "toggle_theme", "key.theme", show=False, id="theme"),
    ]

    max_reported_errors = MAX_REPORTED_ERRORS

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = config.theme
        self.error_reports: list[Path | None] = []
        """Unexpected errors the app carried on after, each with its report (None: not written)."""
        self.crash_report: Path | None = None
        """The report of the error that stopped the app, once one did (and it could be written)."""
        self.crash_error: Exception | None = None
        """The error that stopped the app (with ``report_errors``)."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's terminal driver, made to exit when the terminal goes away (POSIX)."""
        from textual import constants

        # TEXTUAL_DRIVER (textual-serve's web driver) is left as Textual chose it.
        if constants.DRIVER is None and sys.platform != "win32":
            from codev.ui.terminal import CodevDriver

            return CodevDriver
        return super().get_driver_class()

    def on_mount(self) -> None:
        from codev.ui.keymap import apply_keymap

        self._mark_colours()
        apply_keymap(self, self.config.workspace)

    def action_toggle_theme(self) -> None:
        """Go round the themes: projector (light), dark, high contrast, and projector again."""
        from codev.ui.themes import CONTRAST

        following = {PROJECTOR.name: DARK.name, DARK.name: CONTRAST.name}
        self.theme = following.get(self.theme, PROJECTOR.name)

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

    # --- Screenshots ----------------------------------------------------------------------

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        """Save an SVG of the screen, readable by its owner only (0600): it shows the notes.

        Textual's own writes it with the umask's mode (usually 0644, readable by all).
        """
        folder = Path(path or ".").expanduser()
        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        target = folder / name
        # Written whole or not at all, never over an existing file.
        atomic_write(target, self.export_screenshot(), overwrite=False)
        return str(target)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Textual's screenshot action (and key) ends here: saved privately in the workspace."""
        return self.save_screenshot(filename, path or str(self.config.workspace.root), time_format)

    def _save_screenshot(self) -> None:
        # Written inside the workspace only: codev writes nowhere else.
        try:
            path = self.save_screenshot(path=str(self.config.workspace.root))
        except OSError as error:  # a full disk, a read-only workspace
            self.notify(t("ui.screenshot.failed", reason=error.strerror or str(error)), severity="error")
            return
        self.notify(t("ui.screenshot.saved", path=path))

    # --- When the terminal goes away ---------------------------------------------------------

    def release(self) -> None:
        """Close what must be closed before the process ends (a tool with files open adds its
        own); called on a lost terminal and by the command line after every run. Idempotent."""

    def on_terminal_lost(self, message: TerminalLost) -> None:
        """Nobody can see or use this app any more: close, release, exit."""
        self.release()
        self.exit(return_code=message.exit_code)

    # --- Unexpected errors -------------------------------------------------------------------

    @property
    def crashed(self) -> bool:
        """The app stopped on an error (Textual's, or past what :meth:`report_error` survives)."""
        return self._exception is not None

    def error_context(self) -> dict[str, str]:
        """What a report says about where the app was (a tool adds its own)."""
        context = {"app": type(self).__name__}
        with contextlib.suppress(Exception):
            context["screen"] = type(self.screen).__name__
        return context

    def _keeps_running(self) -> bool:
        return (
            self.config.report_errors
            and not self._exit
            and self.crash_error is None
            and len(self.error_reports) < self.max_reported_errors
        )

    def report_error(self, error: Exception) -> Path | None:
        """Write a report of an error the app carries on after, and say so, naming it."""
        report = write_report(error, "handled", self.error_context())
        self.error_reports.append(report)
        detail = describe_error(error)
        if report is None:
            message = t("ui.error.kept_no_report", error=detail)
        else:
            message = t("ui.error.kept", error=detail, report=str(report))
        with contextlib.suppress(Exception):
            self.notify(message, severity="error", timeout=30)
        return report

    async def _dispatch_message(self, message: Message) -> None:
        # Textual's private dispatch (pinned version): the app's own loop runs the key
        # bindings, so an action that raises lands here. Surviving it here keeps the loop.
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            if not self._keeps_running():
                raise
            self.report_error(error)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's one door for errors in handlers, timers, callbacks, compose and mount."""
        if not self.config.report_errors:
            super()._handle_exception(error)
            return
        if self._keeps_running():
            pump = active_message_pump.get(None)
            self.report_error(error)
            # An error in a widget's handler ends that widget's message loop (after this
            # returns): a screen or widget that no longer answers is nothing to keep.
            self.call_later(self._check_still_running, pump, error)
            return
        self._stop_on(error)

    def _check_still_running(self, pump: MessagePump | None, error: Exception) -> None:
        if pump is None or pump is self or pump.is_running or pump._closing or pump._closed:
            return
        self._stop_on(error)

    def _stop_on(self, error: Exception) -> None:
        """Stop the app after ``error``: exit status 1 and a report, no traceback on screen."""
        if self.crash_error is not None:
            return
        self.crash_error = error
        self.crash_report = write_report(error, "crash", self.error_context())
        self._return_code = 1
        if self._exception is None:  # as Textual does: run_test raises it again
            self._exception = error
            self._exception_event.set()
        if self.crash_report is None:
            # Nowhere to keep the traceback but the terminal (without local variables: they
            # hold notes and names, and the terminal may be the one the room sees).
            # Imported here: rich.traceback brings pygments (25 ms of every start-up otherwise).
            from rich.traceback import Traceback

            trace = Traceback.from_exception(type(error), error, error.__traceback__, show_locals=False)
            self._exit_renderables.append(trace)
        self._close_messages_no_wait()
