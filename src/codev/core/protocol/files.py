"""Writing a protocol file back: atomically, with a team file's permissions, never through a link."""

from __future__ import annotations

import os
from pathlib import Path

from codev.core.safe_io import atomic_write, check_no_symlinks
from codev.core.workspace import Workspace


def write_atomically(path: Path, text: str, *, overwrite: bool = True, within: Path | None = None) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`codev.core.safe_io.atomic_write`).

    A protocol is a team's file, not a personal one: it keeps the permissions it had, or
    gets the usual ones for a new file. With ``overwrite=False`` an existing ``path``
    raises :class:`FileExistsError`. With ``within`` (the workspace's ``protocols/``), no
    folder from there down may be a symbolic link — checked before any folder is created —
    and the folder's orphaned temporary files are cleared.
    """
    if within is not None:
        check_no_symlinks(within, path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    atomic_write(path, text, mode=mode, overwrite=overwrite, within=within, sweep=within is not None)


def workspace_folder(target: Path, workspace: Workspace) -> Path | None:
    """The workspace's protocols folder when ``target`` is to be written in it, else None.

    Compared without resolving links: a ``protocols/`` that is a link must be seen as one.
    """
    folder = workspace.protocols_dir.absolute()
    return folder if target.absolute().is_relative_to(folder) else None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
