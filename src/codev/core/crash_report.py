"""Reports of unexpected errors: where, in which version, the traceback, in a private file.

When codev meets an error it did not foresee, the person in front of it gets a short
message naming a report file instead of a traceback on the (possibly projected) screen. The
report is what a maintainer needs: when, codev's and Python's versions, where it happened,
and the traceback. It may hold personal text (a note quoted in an error), so it is written
like a carnet: ``0600`` in a ``0700`` folder of the user's own state directory
(``$XDG_STATE_HOME/codev/reports``, ``~/.local/state/codev/reports`` on Linux), never in
the workspace. ``$CODEV_STATE_DIR`` replaces the state directory (tests, portable set-ups).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import secrets
import sys
import traceback
import warnings
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from codev.core.i18n import t
from codev.core.safe_io import atomic_write, ensure_private_dir, is_owned_folder

STATE_DIR_ENV = "CODEV_STATE_DIR"
"""Overrides the user's state directory (the reports go to its ``reports`` folder)."""


def reports_dir() -> Path:
    """The folder of crash reports (private to the user)."""
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        return Path(override) / "reports"
    import platformdirs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # XDG_STATE_HOME is honoured by platformdirs on Linux (~/.local/state by default).
        state = platformdirs.user_state_dir("codev")
    return Path(state) / "reports"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _private(folder: Path) -> bool:
    # A report in a folder someone else can read or replace would leak what it quotes.
    return is_owned_folder(folder, 0o077)


def report_text(error: BaseException, where: str, context: Mapping[str, str] | None = None) -> str:
    """The report's text: a few lines of context, then the traceback (no local variables)."""
    from codev import __version__

    lines = [
        "codev error report",
        f"when: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"codev: {__version__}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"textual: {_version('textual')}",
        f"platform: {platform.platform()}",
        f"where: {where}",
    ]
    lines.extend(f"{name}: {value}" for name, value in (context or {}).items())
    lines.append("")
    lines.extend(traceback.format_exception(error))
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_report(error: BaseException, where: str, context: Mapping[str, str] | None = None) -> Path | None:
    """Write a report of ``error``; its path, or None when it could not be written.

    Never raises: it runs when something has already gone wrong.
    """
    try:
        folder = reports_dir()
        ensure_private_dir(folder)
        if not _private(folder):
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"codev-{stamp}-{os.getpid()}-{secrets.token_hex(3)}.txt"
        atomic_write(path, report_text(error, where, context), overwrite=False)
    except Exception:
        return None
    return path


def describe_error(error: BaseException) -> str:
    """An error in one line, for a message (the report has the rest)."""
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    return text if len(text) <= 200 else text[:199] + "…"


def crash_message(error: BaseException, report: Path | None) -> str:
    """What the terminal says after a crash: what, that nothing saved is lost, the report."""
    if report is None:
        return t("cli.crash.no_report", error=describe_error(error))
    return t("cli.crash", error=describe_error(error), report=str(report))
