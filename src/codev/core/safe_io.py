"""Writing personal files safely: atomically, privately, one process at a time.

Used for everything codev keeps in a workspace: carnets, group files, session journals,
protocols saved from the editor.

* :func:`atomic_write` never leaves a half-written file behind: the new content goes to a
  temporary file in the same folder, is flushed to disk, then renamed over the old one,
  and the folder itself is flushed so that the rename survives a power cut.
* Files are created ``0600`` and folders ``0700``: a carnet is personal.
* :func:`exclusive_lock` takes an advisory lock on a lock file that is never replaced
  (locking the data file itself would be useless, since each write replaces its inode),
  so that two codev processes doing read-modify-write on the same files take turns.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700

LOCK_TIMEOUT_SECONDS = 15.0
"""A write holds the lock for milliseconds; a lock held this long means a stuck process."""


class LockTimeout(OSError):
    """Another process has held the lock for longer than :data:`LOCK_TIMEOUT_SECONDS`."""


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and its missing parents, each readable by its owner only.

    Only folders created here are made private: an existing folder's mode is its owner's call.
    """
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
            # mkdir's mode is filtered by the umask.
            folder.chmod(DIR_MODE)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename) to disk; a no-op where folders cannot be opened."""
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str, *, mode: int = FILE_MODE, overwrite: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that a crash leaves the old file or the new one.

    The text goes to a temporary file in the same folder (a dot name, never read as a
    protocol or a carnet), is flushed to disk, then renamed over ``path``, and the folder is
    flushed so the rename survives a power cut. The file ends up with ``mode`` (private by
    default). With ``overwrite=False`` an existing ``path`` raises :class:`FileExistsError`.
    """
    # mkstemp creates the file 0600, in the same folder so that the rename is atomic.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if mode != FILE_MODE:
            os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, path)
        elif sys.platform == "win32":  # pragma: no cover - rename refuses an existing name there
            os.rename(temporary, path)
        else:
            os.link(temporary, path)  # refuses an existing name, atomically, where replace would not
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_dir(path.parent)


def remove_file(path: Path) -> None:
    """Delete ``path`` if it exists, and make the deletion durable."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (created ``0600`` if missing).

    The lock is per open file, so it also keeps two threads of one process apart.
    Raises :class:`LockTimeout` if it cannot be had within ``timeout`` seconds.
    """
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        deadline = time.monotonic() + timeout
        pause = 0.001
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeout(f"lock held too long: {lock_path}")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
