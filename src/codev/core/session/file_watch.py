"""Being told when a journal changes, instead of asking twenty times a second (Linux inotify).

The room's view must show a command within a tenth of a second and cost next to nothing while
idle: polling does the one or the other. Where the kernel can say "this file was written"
(inotify), the view reads as soon as it is told and polls only once a second, in case the
event never comes (a network file system, a replaced file). Elsewhere there is no watch and
the caller keeps polling. Only ctypes and the C library: no dependency for one system call.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from pathlib import Path

_IN_MODIFY = 0x002
_IN_ATTRIB = 0x004
_IN_CLOSE_WRITE = 0x008
_IN_MOVE_SELF = 0x800
_IN_DELETE_SELF = 0x400
_IN_NONBLOCK = 0o4000
_IN_CLOEXEC = 0o2000000
_MASK = _IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVE_SELF | _IN_DELETE_SELF


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:  # pragma: no cover - a Linux without a C library
        return None


class FileWatch:
    """A kernel watch on one file: :attr:`fd` becomes readable when the file changes.

    Use :meth:`open` (None where the platform has no such watch); :meth:`drain` after each
    wake-up, :meth:`close` when done.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def open(cls, path: Path) -> FileWatch | None:
        """A watch on ``path``, or None (not Linux, no inotify, or the file cannot be watched)."""
        libc = _libc()
        if libc is None:
            return None
        fd = int(libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC))
        if fd < 0:
            return None
        if int(libc.inotify_add_watch(fd, os.fsencode(path), _MASK)) < 0:
            os.close(fd)
            return None
        return cls(fd)

    def drain(self) -> None:
        """Read the pending events (their content does not matter: the file is re-read)."""
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while os.read(self.fd, 4096):
                pass

    def close(self) -> None:
        """Stop watching."""
        with contextlib.suppress(OSError):
            os.close(self.fd)
