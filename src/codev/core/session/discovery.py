"""Finding a workspace's sessions at start-up: which can be resumed, which are damaged.

Scanning only reads: a damaged journal is listed with its error, never repaired or
removed here (resuming is what moves a torn tail aside, see :mod:`.journal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from codev.core.clock import Clock, FakeClock
from codev.core.session.engine import SessionEngine
from codev.core.session.journal import JOURNAL_SUFFIX, JournalError, is_in_use, sessions_dir
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

    @property
    def status(self) -> SessionStatus:
        """The session's status at its last record."""
        return self.view.status

    @property
    def resumable(self) -> bool:
        """Not over, and not open elsewhere."""
        return not self.view.status.is_over and not self.in_use

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


def journal_paths(workspace: Workspace) -> list[Path]:
    """The workspace's journal files (set-aside torn tails and other files excluded)."""
    folder = sessions_dir(workspace)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"*{JOURNAL_SUFFIX}") if path.is_file())


def summarize(path: Path) -> SessionSummary:
    """Load one journal for listing; raises :class:`JournalError` if it is damaged."""
    # The clock only matters for views at "now"; summaries are views at the last record.
    engine = SessionEngine.load(path, FakeClock(0.0))
    last = engine.last_activity
    at = last if last is not None else engine.created_at
    return SessionSummary(
        path=path,
        session_id=engine.session_id,
        setup=engine.setup,
        view=engine.view(at),
        last_activity=at,
        warnings=engine.warnings,
        in_use=is_in_use(path),
    )


def scan_sessions(workspace: Workspace) -> SessionScan:
    """Every session of the workspace, loaded, plus the journals that could not be."""
    sessions: list[SessionSummary] = []
    damaged: list[DamagedJournal] = []
    for path in journal_paths(workspace):
        try:
            sessions.append(summarize(path))
        except JournalError as error:
            damaged.append(DamagedJournal(path=path, message=error.message, line=error.line))
    sessions.sort(key=lambda summary: summary.last_activity, reverse=True)
    return SessionScan(sessions=tuple(sessions), damaged=tuple(damaged))


def resume_session(path: Path, clock: Clock, *, count_downtime: bool) -> SessionEngine:
    """Reopen an unfinished session (see :meth:`SessionEngine.resume`)."""
    return SessionEngine.resume(path, clock, count_downtime=count_downtime)
