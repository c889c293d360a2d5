"""The session engine: the one object the UI talks to during a session.

It ties the pieces together: the rules decide, the journal makes each accepted command
durable *before* the state changes (so the screen never shows what the file does not
hold), and the projection turns the state into a :class:`SessionView` at the clock's time.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from codev.core.clock import Clock
from codev.core.i18n import t
from codev.core.session import rules
from codev.core.session.journal import (
    JournalError,
    JournalWriter,
    LoadedJournal,
    read_journal,
    sessions_dir,
)
from codev.core.session.model import CommandType, Refusal, SessionSetup, SessionStatus, setup_refusal
from codev.core.session.projection import NotesCache, build_view
from codev.core.session.state import SessionPlan, SessionState
from codev.core.session.view import SessionView
from codev.core.workspace import Workspace


def _replay(plan: SessionPlan, loaded: LoadedJournal) -> SessionState:
    state = SessionState.initial(plan)
    for index, record in enumerate(loaded.records):
        refusal = rules.apply(plan, state, record.entry, record.at)
        if refusal is not None:
            line = index + 2
            raise JournalError(
                t("engine.journal.error.refused", file=str(loaded.path), line=line, reason=refusal.message),
                loaded.path,
                line,
            )
    return state


class SetupRefused(ValueError):
    """A session that cannot start as set up; ``message`` (translated) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SessionEngine:
    """A session in progress (or a finished one, loaded for reading).

    Expected refusals are returned, never raised: :meth:`check` and :meth:`apply` give a
    :class:`Refusal` (with a translated ``message``) or None. Exceptions are for what
    should not happen: the journal cannot be written (:class:`JournalWriteError`, the
    command is then not applied).
    """

    def __init__(
        self,
        setup: SessionSetup,
        clock: Clock,
        *,
        journal: JournalWriter | None = None,
        session_id: str = "",
        created_at: float | None = None,
        state: SessionState | None = None,
        warnings: tuple[str, ...] = (),
    ) -> None:
        """Prefer :meth:`create`, :meth:`resume` or :meth:`load`; direct construction gives a
        session without journal (demos, tests)."""
        self._plan = SessionPlan.of(setup)
        self._state = state if state is not None else SessionState.initial(self._plan)
        self._clock = clock
        self._journal = journal
        self._notes = NotesCache()
        self.session_id = session_id
        """The journal's stem (date, time, random id); empty without journal."""
        self.created_at = clock.now() if created_at is None else created_at
        """Wall time the session (its journal) was created."""
        self.warnings = warnings
        """Translated warnings from loading (a torn last record dropped, and where it went)."""

    # --- Opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, setup: SessionSetup, clock: Clock, workspace: Workspace) -> SessionEngine:
        """A new session, with its journal created in the workspace's ``logbooks/sessions``.

        Raises :class:`SetupRefused` for roles the protocol does not allow (the client also
        facilitating, an observer who is the client…): the set-up form says so first, this
        keeps the rule for every other way a session is started.
        """
        refusal = setup_refusal(setup)
        if refusal is not None:
            raise SetupRefused(refusal.message)
        writer, header = JournalWriter.create(sessions_dir(workspace), setup, clock.now())
        return cls(setup, clock, journal=writer, session_id=header.session_id, created_at=header.created_at)

    @classmethod
    def resume(cls, path: Path, clock: Clock, *, count_downtime: bool) -> SessionEngine:
        """Reopen an unfinished session from its journal and carry on writing to it.

        ``count_downtime``: whether the time since the last record counts as running time
        (the group kept talking while the app was down) or not (as if paused). Raises
        :class:`JournalError` for a damaged journal (left untouched), a session already
        over, or a journal open in another codev.
        """
        writer, loaded = JournalWriter.reopen(path)
        try:
            plan = SessionPlan.of(loaded.header.setup)
            state = _replay(plan, loaded)
            if state.status.is_over:
                raise JournalError(
                    t("engine.journal.error.over", file=str(path), status=state.status.label()), path
                )
            engine = cls(
                loaded.header.setup,
                clock,
                journal=writer,
                session_id=loaded.header.session_id,
                created_at=loaded.header.created_at,
                state=state,
                warnings=tuple(loaded.warnings),
            )
            engine._record(rules.Reopen(count_downtime=count_downtime), clock.now())
        except BaseException:
            writer.close()
            raise
        return engine

    @classmethod
    def load(cls, path: Path, clock: Clock) -> SessionEngine:
        """Replay a journal for reading only (the file is not changed nor locked).

        Its view at the last record's time is the session exactly as it was then.
        """
        loaded = read_journal(path)
        plan = SessionPlan.of(loaded.header.setup)
        return cls(
            loaded.header.setup,
            clock,
            session_id=loaded.header.session_id,
            created_at=loaded.header.created_at,
            state=_replay(plan, loaded),
            warnings=tuple(loaded.warnings),
        )

    # --- Using ---------------------------------------------------------------------------

    @property
    def setup(self) -> SessionSetup:
        """The session's setup."""
        return self._plan.setup

    @property
    def status(self) -> SessionStatus:
        """The session's status (cheaper than building a view)."""
        return self._state.status

    @property
    def journal_path(self) -> Path | None:
        """Where the journal is written, if any."""
        return None if self._journal is None else self._journal.path

    @property
    def last_activity(self) -> float | None:
        """Wall time of the last accepted command (None before any)."""
        return self._state.last_at

    def _wall_now(self) -> float:
        now = self._clock.now()
        last = self._state.last_at
        # Never before the last record: a clock set back must not make time run backwards.
        return now if last is None or now >= last else last

    def check(self, command: CommandType) -> Refusal | None:
        """Why ``command`` would be refused now, or None if it would be accepted.

        Cheap enough to call for every key of the footer at each render.
        """
        return rules.check(self._plan, self._state, command, self._wall_now())

    def apply(self, command: CommandType) -> Refusal | None:
        """Apply ``command`` now: None once accepted and durably journaled, else the refusal.

        A refused command changes nothing and is not journaled.
        """
        if not isinstance(command, CommandType):
            raise TypeError(f"not a session command: {command!r}")
        return self._record(command, self._wall_now())

    def _record(self, entry: rules.EntryType, at: float) -> Refusal | None:
        prepared = rules.prepare(self._plan, self._state, entry, at)
        if isinstance(prepared, Refusal):
            return prepared
        if self._journal is not None:
            self._journal.append(self._state.seq + 1, at, prepared)
        refusal = rules.apply(self._plan, self._state, prepared, at)
        if refusal is not None:  # pragma: no cover - prepare() said yes a moment ago
            raise AssertionError(f"journaled entry refused: {refusal.key}")
        return None

    def view(self, at: float | None = None) -> SessionView:
        """The session at wall time ``at`` (default: now, by the engine's clock)."""
        return build_view(self._plan, self._state, self._wall_now() if at is None else at, self._notes)

    def close(self) -> None:
        """Close the journal; the engine can still be viewed but no longer changed."""
        if self._journal is not None:
            self._journal.close()

    def __enter__(self) -> SessionEngine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
