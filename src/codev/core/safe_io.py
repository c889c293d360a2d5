"""Writing personal files safely: atomically, privately, one process at a time, in place.

Used for everything codev keeps in a workspace: carnets, group files, session journals,
protocols saved from the editor.

* :func:`atomic_write` never leaves a half-written file behind: the new content goes to a
  temporary file in the same folder, is flushed to disk, then renamed over the old one,
  and the folder itself is flushed so that the rename survives a power cut.
* Files are created ``0600`` and folders ``0700``: a carnet is personal.
* :func:`exclusive_lock` takes an advisory lock on a lock file that is never replaced
  (locking the data file itself would be useless, since each write replaces its inode),
  so that two codev processes doing read-modify-write on the same files take turns.
* Nothing is written through a symbolic link, and no file its owner made read-only is
  replaced: a link planted in a workspace would send a write anywhere, and a rename would
  silently turn a protected file into a writable one. :func:`check_no_symlinks` checks a
  folder chain inside the workspace; :class:`WriteRefused` says what was refused, where.
* The temporary files of a writer killed mid-write are cleared by :func:`sweep_orphans`
  once they are old enough that no live writer can still be filling them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from codev.core.i18n import t

FILE_MODE = 0o600
DIR_MODE = 0o700

LOCK_TIMEOUT_SECONDS = 15.0
"""A write holds the lock for milliseconds; a lock held this long means a stuck process."""

ORPHAN_AGE_SECONDS = 60.0
"""A temporary file lives for milliseconds between its creation and its rename; one this old
was left by a killed writer. Younger ones may belong to a writer at work in another process."""

# mkstemp's names: the prefix given (".<name>."), 8 characters of this alphabet, the suffix.
_TEMPORARY_NAME = re.compile(r"\A\..+\.[a-z0-9_]{8}\.tmp\Z")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class LockTimeout(OSError):
    """Another process has held the lock for longer than :data:`LOCK_TIMEOUT_SECONDS`."""


class WriteRefused(OSError):
    """A write codev will not or cannot do at ``path``: a link on the way, a protected file,
    something that is not a file, a folder it cannot create.

    An :class:`OSError`, so that every caller already handling failed writes handles it;
    ``strerror`` (and ``str()``) is the translated reason, naming the path.
    """

    def __init__(self, code: int, message: str, path: Path) -> None:
        super().__init__(code, message)
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)


def _linked(path: Path) -> WriteRefused:
    return WriteRefused(errno.ELOOP, t("file.write.symlink", path=path), path)


def check_no_symlinks(top: Path, path: Path) -> None:
    """Raise :class:`WriteRefused` if ``top``, ``path`` or a folder between them is a symbolic link.

    ``path`` must be ``top`` or inside it (``ValueError`` otherwise): ``top`` is a folder
    codev owns in the workspace (``logbooks/``), ``path`` what is about to be written
    there. The parts that do not exist yet are no link: they will be created as folders.
    """
    relative = path.relative_to(top)
    if ".." in relative.parts:
        raise ValueError(f"{path} is not inside {top}")
    current = top
    for part in ("", *relative.parts):
        current = current / part if part else top
        try:
            info = current.lstat()
        except (FileNotFoundError, NotADirectoryError):
            return
        if stat.S_ISLNK(info.st_mode):
            raise _linked(current)


def is_owned_folder(folder: Path, forbidden: int) -> bool:
    """True when ``folder`` is a real folder (no link) of this user with none of the
    ``forbidden`` permission bits (``0o077``: nobody else may read it; ``0o022``: nobody else
    may write to it)."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & forbidden


def ensure_private_dir(path: Path, *, within: Path | None = None) -> None:
    """Create ``path`` and its missing parents, each readable by its owner only.

    Only folders created here are made private: an existing folder's mode is its owner's call.
    With ``within``, nothing from ``within`` down to ``path`` may be a symbolic link (see
    :func:`check_no_symlinks`). A folder that cannot be created (read-only parent, a file in
    the way) raises :class:`WriteRefused` naming it.
    """
    if within is not None:
        check_no_symlinks(within, path)
    # lexists: a dangling link is in the way, not a folder to create.
    missing = [folder for folder in (path, *path.parents) if not os.path.lexists(folder)]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
            # mkdir's mode is filtered by the umask.
            folder.chmod(DIR_MODE)
        except FileExistsError:
            continue  # another process just made it
        except OSError as error:
            reason = error.strerror or str(error)
            message = t("file.write.cannot_create_folder", path=folder, reason=reason)
            raise WriteRefused(error.errno or errno.EIO, message, folder) from None


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename) to disk; a no-op where folders cannot be opened."""
    if sys.platform == "win32":
        return
    # O_DIRECTORY: whatever is at ``path``, opening it never blocks (a FIFO would).
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path,
    text: str,
    *,
    mode: int = FILE_MODE,
    overwrite: bool = True,
    within: Path | None = None,
    sweep: bool = False,
) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that a crash leaves the old file or the new one.

    The text goes to a temporary file in the same folder (a dot name, never read as a
    protocol or a carnet), is flushed to disk, then renamed over ``path``, and the folder is
    flushed so the rename survives a power cut. The file ends up with ``mode`` (private by
    default). With ``overwrite=False`` an existing ``path`` raises :class:`FileExistsError`.

    :class:`WriteRefused` when ``path`` is a symbolic link, is not a regular file, or is
    write-protected (the rename would replace it all the same), and, with ``within``, when a
    folder from ``within`` down to ``path``'s is a link. With ``sweep``, the folder's old
    temporary files are cleared first (see :func:`sweep_orphans`).
    """
    if within is not None:
        check_no_symlinks(within, path.parent)
    if overwrite:
        _check_replaceable(path)
    if sweep:
        sweep_orphans(path.parent)
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


def _check_replaceable(path: Path) -> None:
    """Raise :class:`WriteRefused` unless ``path`` is missing or a regular file codev may write."""
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISLNK(info.st_mode):
        raise _linked(path)
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(errno.EEXIST, t("file.write.not_regular", path=path), path)
    # No write bit at all is the owner's "do not touch", even for root, who may write anyway.
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteRefused(errno.EACCES, t("file.write.protected", path=path), path)


def sweep_orphans(folder: Path, now: float | None = None) -> int:
    """Delete the temporary files :func:`atomic_write` left in ``folder`` when killed; how many.

    Only codev's own (``.<name>.<8 characters>.tmp``, regular files, never through a link)
    and only those last written more than :data:`ORPHAN_AGE_SECONDS` before ``now``: a
    younger one may be another process's write in progress. Never raises.
    """
    cutoff = (time.time() if now is None else now) - ORPHAN_AGE_SECONDS
    removed = 0
    try:
        entries = os.scandir(folder)
    except OSError:
        return 0
    with entries:
        for entry in entries:
            if not _TEMPORARY_NAME.match(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue  # gone meanwhile, or not ours to delete: the next sweep will see
    return removed


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
    Raises :class:`LockTimeout` if it cannot be had within ``timeout`` seconds, and
    :class:`WriteRefused` if ``lock_path`` is a link or not a regular file (a lock file
    created through a link would be created wherever it points).
    """
    flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not _NOFOLLOW and lock_path.is_symlink():  # pragma: no cover - no O_NOFOLLOW (Windows)
        raise _linked(lock_path)
    try:
        fd = os.open(lock_path, flags, FILE_MODE)
    except OSError as error:
        if lock_path.is_symlink():
            raise _linked(lock_path) from None
        # A read-only folder, typically: say which file could not be made.
        reason = error.strerror or str(error)
        message = t("file.write.lock_failed", path=lock_path, reason=reason)
        raise WriteRefused(error.errno or errno.EIO, message, lock_path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WriteRefused(errno.EEXIST, t("file.write.not_regular", path=lock_path), lock_path)
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
