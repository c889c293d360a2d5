"""A terminal that goes away: codev notices and exits cleanly, releasing its journal.

Textual's Linux driver reads the keyboard in a thread that selects on stdin. When the
terminal disappears without a hang-up signal reaching codev (a session run through ``su``,
then the window closed), a read returns end-of-file at once, again and again: the thread
spins at 100 % of a core for ever, and the process keeps the session's journal locked, so
the session cannot be resumed. Writing the screen fails too (EIO), which kills Textual's
writer thread; the next writes then block once its queue is full.

:class:`CodevDriver` is that driver with three changes: end-of-file or an error on input
stops the reading and tells the app the terminal is lost; output that fails is dropped (and
tells the same); SIGHUP and SIGTERM do the same instead of killing the process on the spot.
The app (:class:`codev.ui.base.CodevBaseApp`) then closes the session and exits (status 129,
143 after SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import selectors
import signal
import sys
from codecs import getincrementaldecoder
from typing import IO, Any

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from codev.ui.base import HANGUP_EXIT_CODE, TERMINATE_EXIT_CODE, TerminalLost

LOST_ERRNOS = frozenset({errno.EIO, errno.EPIPE, errno.EBADF, errno.ENXIO, errno.ENODEV})
"""What writing to a terminal that was hung up or closed fails with."""


class GuardedOutput:
    """The driver's output file, dropping what cannot be written any more.

    Textual's writer thread dies on the first failed write and the app then blocks on its
    full queue; with this, a failed write is the sign the terminal is gone, and nothing else.
    """

    def __init__(self, file: IO[str], lost: Any) -> None:
        self._file = file
        self._lost = lost
        self.broken = False

    def _failed(self, error: Exception) -> None:
        # Only the errors of a terminal that is gone end the app; another one (a terminal
        # briefly refusing output) loses a frame, never the session.
        if isinstance(error, OSError) and error.errno not in LOST_ERRNOS:
            return
        if not self.broken:
            self.broken = True
            self._lost("output")

    def write(self, text: str) -> int:
        """Write ``text``, or drop it once the terminal is gone."""
        if not self.broken:
            try:
                return self._file.write(text)
            except (OSError, ValueError) as error:  # ValueError: the file was closed
                self._failed(error)
        return len(text)

    def flush(self) -> None:
        """Flush, or do nothing once the terminal is gone."""
        if not self.broken:
            try:
                self._file.flush()
            except (OSError, ValueError) as error:
                self._failed(error)

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._file.fileno()

    def isatty(self) -> bool:
        """Whether it is a terminal."""
        try:
            return self._file.isatty()
        except (OSError, ValueError):
            return False


class CodevDriver(LinuxDriver):
    """Textual's Linux driver, exiting cleanly when the terminal goes away (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lost_reported = False
        # Textual draws on stderr; the writer thread is given this guarded file instead (it
        # only writes, flushes and asks for the descriptor).
        self._file = GuardedOutput(sys.__stderr__ or sys.stderr, self._terminal_lost)  # type: ignore[assignment]
        self._signals: list[int] = []

    def _terminal_lost(self, reason: str, exit_code: int = HANGUP_EXIT_CODE) -> None:
        # Called from the input thread, the writer thread or a signal handler: post_message
        # is safe from any thread. Said once: the app needs to hear it only once.
        if self._lost_reported:
            return
        self._lost_reported = True
        self._app.post_message(TerminalLost(reason, exit_code))

    def start_application_mode(self) -> None:
        """Start as Textual does, and turn SIGHUP and SIGTERM into a clean exit."""
        super().start_application_mode()  # type: ignore[no-untyped-call]
        loop = asyncio.get_running_loop()
        for number, code in ((signal.SIGHUP, HANGUP_EXIT_CODE), (signal.SIGTERM, TERMINATE_EXIT_CODE)):
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                loop.add_signal_handler(number, self._terminal_lost, signal.Signals(number).name, code)
                self._signals.append(number)

    def stop_application_mode(self) -> None:
        """Stop as Textual does, and give the signals back their default handling."""
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for number in self._signals:
                loop.remove_signal_handler(number)
        self._signals.clear()
        super().stop_application_mode()

    def run_input_thread(self) -> None:
        """Read the keyboard as Textual does, but stop at the terminal's end instead of
        spinning on it (Textual 8.2.8's loop reads end-of-file again every turn)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        reading = True

        def read() -> None:
            nonlocal reading
            if reading and selector.select(0.1):
                try:
                    data = os.read(self.fileno, 1024 * 4)
                except OSError as error:
                    if error.errno in (errno.EINTR, errno.EAGAIN):
                        return
                    data = b""  # EIO: the terminal was hung up
                if not data:
                    # No more input will ever come: stop selecting on it (it would be
                    # "ready" at every turn). On a terminal, that is the terminal gone.
                    reading = False
                    selector.unregister(self.fileno)
                    if self.input_tty:
                        self._terminal_lost("input")
                    return
                for event in parser.feed(decode(data)):
                    self.process_message(event)
            elif not reading:
                self.exit_event.wait(0.1)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                read()
            for event in parser.tick():  # what Textual does last: a pending lone Escape
                self.process_message(event)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
