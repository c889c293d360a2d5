"""Finding a workspace's sessions at start-up: which can be resumed, which are damaged.

Scanning only reads: a damaged journal is listed with its error, never repaired or
removed here (resuming is what moves a torn tail aside, see :mod:`.journal`).

Journals set aside (``logbooks/sessions/set-aside/``, see :mod:`.archive`) are never offered
for resuming: the scan lists them only when asked to, for ``codev session list``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from codev.core.clock import Clock, FakeClock
from codev.core.i18n import t
from codev.core.session.engine import SessionEngine
from codev.core.session.journal import (
    JOURNAL_SUFFIX,
    JournalError,
    is_in_use,
    read_header,
    sessions_dir,
)
from codev.core.session.model import SessionSetup, SessionStatus
from codev.core.session.view import SessionView
from codev.core.workspace import Workspace


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A session journal that loads, and the session as it was at its last record."""

    path: Path
    session_id: str
    setup: SessionSetup = field(repr=False)
    view: SessionView = field(repr=False)
    """The session at its last activity (timers as they stood when the app stopped)."""
    last_activity: float
    """Wall time of the last record (of the journal's creation when there is none)."""
    warnings: tuple[str, ...]
    in_use: bool
    """Another codev has it open right now."""
    created_at: float = 0.0
    """Wall time the journal was created (real time, a rehearsal's too)."""
    rehearsal: bool = False
    """A rehearsal: it wrote no carnet (its record times run faster than the clock)."""
    archived: bool = False
    """Its notes' texts were removed from the journal (the carnets hold them)."""
    set_aside: bool = False
    """Kept in the set-aside folder: never offered for resuming."""
    written_at: float | None = None
    """Wall time the journal was last written (its file's modification time), if known."""

    @property
    def status(self) -> SessionStatus:
        """The session's status at its last record."""
        return self.view.status

    @property
    def stopped_at(self) -> float:
        """Wall time of the last activity, to show: a rehearsal's record times run fast (they
        may lie in the future), so for one it is when its journal was last written."""
        if self.rehearsal and self.written_at is not None:
            return self.written_at
        return self.last_activity

    @property
    def resumable(self) -> bool:
        """Not over, not open elsewhere, and not set aside."""
        return not self.view.status.is_over and not self.in_use and not self.set_aside

    @property
    def was_running(self) -> bool:
        """The timer was running when the app stopped: ask whether the downtime counts."""
        return self.view.status is SessionStatus.RUNNING


@dataclass(frozen=True, slots=True)
class DamagedJournal:
    """A journal that cannot be loaded; ``message`` (translated) says where and why."""

    path: Path
    message: str
    line: int | None


@dataclass(frozen=True, slots=True)
class SessionScan:
    """Every session journal of a workspace, newest activity first."""

    sessions: tuple[SessionSummary, ...]
    damaged: tuple[DamagedJournal, ...]

    @property
    def unfinished(self) -> tuple[SessionSummary, ...]:
        """Sessions that can be offered for resuming."""
        return tuple(summary for summary in self.sessions if summary.resumable)


SET_ASIDE_FOLDER = "set-aside"
"""Where journals set aside are kept, inside the sessions folder (never scanned for resuming)."""


def set_aside_dir(workspace: Workspace) -> Path:
    """The folder of a workspace's journals set aside."""
    return sessions_dir(workspace) / SET_ASIDE_FOLDER


def _journals_in(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(path for path in folder.glob(f"*{JOURNAL_SUFFIX}") if path.is_file())


def journal_paths(workspace: Workspace) -> list[Path]:
    """The workspace's journal files (set-aside torn tails, sub-folders and other files excluded)."""
    return _journals_in(sessions_dir(workspace))


def set_aside_paths(workspace: Workspace) -> list[Path]:
    """The journals set aside (see :data:`SET_ASIDE_FOLDER`)."""
    return _journals_in(set_aside_dir(workspace))


def summarize(path: Path) -> SessionSummary:
    """Load one journal for listing; raises :class:`JournalError` if it is damaged."""
    # The clock only matters for views at "now"; summaries are views at the last record.
    engine = SessionEngine.load(path, FakeClock(0.0))
    # The engine does not keep the header's marks: its first line, read again (it is short).
    header = read_header(path)
    last = engine.last_activity
    at = last if last is not None else engine.created_at
    try:
        written_at: float | None = path.stat().st_mtime
    except OSError:
        written_at = None
    return SessionSummary(
        path=path,
        session_id=engine.session_id,
        setup=engine.setup,
        view=engine.view(at),
        last_activity=at,
        warnings=engine.warnings,
        in_use=is_in_use(path),
        created_at=engine.created_at,
        rehearsal=header.is_rehearsal,
        archived=header.archived_at is not None,
        written_at=written_at,
    )


def scan_sessions(workspace: Workspace, *, set_aside: bool = False) -> SessionScan:
    """Every session of the workspace, loaded, plus the journals that could not be.

    With ``set_aside``, the journals set aside too (marked so; never :attr:`~SessionScan.unfinished`).
    """
    sessions: list[SessionSummary] = []
    damaged: list[DamagedJournal] = []
    paths = [(path, False) for path in journal_paths(workspace)]
    if set_aside:
        paths += [(path, True) for path in set_aside_paths(workspace)]
    for path, aside in paths:
        try:
            summary = summarize(path)
            sessions.append(dataclasses.replace(summary, set_aside=True) if aside else summary)
        except JournalError as error:
            damaged.append(DamagedJournal(path=path, message=error.message, line=error.line))
        except Exception as error:
            # The scan runs before anything is on screen: one journal that trips an unforeseen
            # case must not keep every other session (and the app) from starting. It is named
            # and left untouched; tests call summarize() itself, so such a case still fails them.
            reason = f"{type(error).__name__}: {error}"
            message = t("engine.journal.error.unexpected", file=str(path), error=reason)
            damaged.append(DamagedJournal(path=path, message=message, line=None))
    sessions.sort(key=lambda summary: summary.last_activity, reverse=True)
    return SessionScan(sessions=tuple(sessions), damaged=tuple(damaged))


def resume_session(path: Path, clock: Clock, *, count_downtime: bool) -> SessionEngine:
    """Reopen an unfinished session (see :meth:`SessionEngine.resume`)."""
    return SessionEngine.resume(path, clock, count_downtime=count_downtime)
