"""Where the sessions running on this machine can be found by the room's view.

Each running session leaves a symbolic link to its journal in a private per-user runtime
folder, so that ``codev view`` in a second terminal finds the session without being told
its workspace (the demo's is a throw-away folder nobody knows). A link is only a pointer:
whether the session still runs is read from the journal's lock (the writer holds it), so a
link left by a session that crashed is recognised as stale and removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import warnings
from pathlib import Path

from codev.core.safe_io import ensure_private_dir, is_owned_folder
from codev.core.session.journal import is_in_use


def registry_dir() -> Path:
    """The folder of links to running sessions (private to the user)."""
    override = os.environ.get("CODEV_RUNTIME_DIR")
    if override:
        return Path(override) / "live"
    import platformdirs

    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR (a container, a cron job) platformdirs falls back to a
        # per-user folder in /tmp, which is what we want, and warns about it.
        warnings.simplefilter("ignore")
        runtime = platformdirs.user_runtime_dir("codev")
    if not runtime:  # pragma: no cover - platformdirs always answers on POSIX
        runtime = str(Path(tempfile.gettempdir()) / f"codev-{os.getuid()}")
    return Path(runtime) / "live"


def _private(folder: Path) -> bool:
    # Links in a folder someone else can write to could point the view anywhere.
    return is_owned_folder(folder, 0o022)


def register(journal: Path) -> Path | None:
    """Leave a link to ``journal`` for the room's view; None when the folder cannot be used
    (the session runs all the same: only finding it without ``--workspace`` is lost)."""
    folder = registry_dir()
    link = folder / journal.name
    try:
        ensure_private_dir(folder)
        if not _private(folder):
            return None
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(journal.resolve())
    except OSError:
        return None
    return link


def unregister(journal: Path) -> None:
    """Remove the link to ``journal`` (the session is over)."""
    with contextlib.suppress(OSError):
        (registry_dir() / journal.name).unlink()


def live_sessions() -> list[Path]:
    """Journals of the sessions running now, most recently written first; stale links go."""
    folder = registry_dir()
    if not _private(folder):
        return []
    found: list[tuple[float, Path]] = []
    for link in folder.iterdir():
        try:
            target = Path(os.readlink(link))
            info = target.stat()
        except OSError:
            with contextlib.suppress(OSError):
                link.unlink()
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if is_in_use(target):
            found.append((info.st_mtime, target))
        else:
            with contextlib.suppress(OSError):
                link.unlink()
    return [path for _, path in sorted(found, reverse=True)]
