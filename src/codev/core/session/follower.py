"""Following a running session from another process, by reading its journal: read-only.

A second screen (the room's display, a co-facilitator's window) shows the session that the
facilitator's codev is running. It shares no memory with that engine, only the journal the
engine writes (see :mod:`.journal`): each :meth:`JournalFollower.poll` reads the bytes
appended since the previous one, parses the complete lines and applies every record to a
state of its own through the very rules the engine used (:func:`rules.apply`). The replay
makes the same float operations in the same order, so the follower's state is the
engine's, exactly; and since no entry type is special-cased here, entries added to the
rules later are followed without touching this module.

The follower never writes, never creates a file and never holds the journal's lock (the
writer's exclusive ``flock``): it only opens the file for reading, for the length of one
read. It copes with what can happen to the file while it is followed:

- a line being written: only complete lines are applied; the partial last line waits for
  its newline (it is read again from its start at each poll rather than kept, since a
  resume may replace it). The one price: a record cut exactly before its newline by a
  crash shows only once a resume has added that newline;
- a crash leaving a torn last line, then a resume cutting it off and appending a ``reopen``
  record: the torn bytes were never applied, so reading carries on where the last complete
  line ended;
- the file cut shorter than what was applied, replaced (another inode), or rewritten so
  that the next record does not follow on: it is read again from the start, the state
  shown meanwhile staying the last good one;
- a damaged line, a header that cannot be read, the file gone or not a regular file: the
  last good state stays and :attr:`JournalFollower.problem` says what is wrong (translated).

A FIFO, a device or a symlink to one is never opened, and one poll reads at most
:data:`MAX_POLL_BYTES`, so a hostile path cannot hang or bloat the display.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from codev.core.clock import Clock
from codev.core.i18n import t
from codev.core.session import rules
from codev.core.session.discovery import journal_paths
from codev.core.session.journal import Header, JournalError, Record, is_in_use, parse_journal
from codev.core.session.model import SessionSetup, SessionStatus
from codev.core.session.projection import NotesCache, build_view
from codev.core.session.state import SessionPlan, SessionState
from codev.core.session.view import SessionView
from codev.core.workspace import Workspace

MAX_POLL_BYTES = 4 * 1024 * 1024
"""The most one poll reads. A line, newline included, must fit in one read (the partial
last line is read again from its start at each poll), so this is also the longest line
accepted: well above a header holding the largest protocol codev loads (1 MiB of TOML)."""

_CHUNK_BYTES = 1024 * 1024
_HEAD_BYTES = 128
_TAIL_BYTES = 64
_MOVED = "moved"
"""Internal failure: what was applied is no longer where it was (never shown: the file is
then read again from the start, which finds the real problem, if any)."""
_MIB = 1024 * 1024

_FileKey = tuple[int, int, int, int]
"""Device, inode, size and modification time (ns): what tells that the file changed."""


def _detail(error: ValidationError) -> str:
    # The same wording as the journal's own messages (journal._detail, which is private).
    first = error.errors()[0]
    if first["type"].startswith("json"):
        return t("engine.journal.detail.json")
    where = ".".join(str(part) for part in first["loc"]) or "-"
    return t("engine.journal.detail.field", field=where, problem=first["type"])


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


@dataclass(slots=True)
class _Session:
    """A header that was read, and the state its records built so far."""

    header: Header
    plan: SessionPlan
    state: SessionState
    notes: NotesCache
    anchor_at: float
    """Journal time of the last record applied (the header's creation time before any)."""
    anchor_base: float
    """Base-clock instant at which that record is taken to have been written."""


@dataclass(slots=True)
class _Replica:
    """One reading of one file (one inode), from its first byte."""

    identity: tuple[int, int]
    consumed: int = 0
    """Bytes of the complete lines applied; the next read starts here."""
    lines: int = 0
    """Complete lines applied, the header included."""
    session: _Session | None = field(default=None)
    head: bytes = b""
    """The file's first bytes (the session id is in them), once the header is applied."""
    tail: bytes = b""
    """The last bytes applied, up to ``consumed``."""


class JournalFollower:
    """A read-only, incremental replica of the session a journal describes.

    Call :meth:`poll` a few times a second (it costs one ``stat`` when nothing changed),
    then :meth:`view` to draw. ``clock`` is the follower's own base clock (a
    :class:`SystemClock` in production): for a rehearsal (``setup.speed != 1``) the
    journal's times run faster, and :meth:`view` rebuilds them from it.
    """

    def __init__(self, path: Path, clock: Clock) -> None:
        self._path = path
        self._clock = clock
        self._shown: _Replica | None = None
        """What :meth:`view` shows: the last good reading."""
        self._candidate: _Replica | None = None
        """A reading from the start in progress (first read, file cut or replaced): it
        replaces ``_shown`` once it has caught up with the file, never before."""
        self._key: _FileKey | None = None
        self._behind = False
        """The last poll stopped at the read cap: the next one reads on, changed or not."""
        self._problem: str | None = None
        self._floor: tuple[str, float] | None = None
        """Session id and latest time shown: the view's time never goes back in a session."""

    # --- Reading ---------------------------------------------------------------------------

    def poll(self) -> bool:
        """Read what was appended since the last poll and apply it; never raises.

        Returns True when there is something new to draw: records applied, the file read
        again from the start, or :attr:`problem` set, changed or cleared.
        """
        try:
            info = os.stat(self._path)
        except FileNotFoundError:
            return self._lost(t("follower.problem.gone", file=str(self._path)))
        except (OSError, ValueError) as error:
            return self._lost(self._unreadable(error))
        if not stat.S_ISREG(info.st_mode):
            return self._lost(t("follower.problem.not_regular", file=str(self._path)))
        if self._key == (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns) and not self._behind:
            return False
        try:
            # O_NONBLOCK: should the path become a FIFO between the stat and the open, the
            # open returns at once instead of waiting for a writer (the fstat then says so).
            fd = os.open(self._path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as error:
            return self._lost(self._unreadable(error))
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                return self._lost(t("follower.problem.not_regular", file=str(self._path)))
            return self._advance(fd, opened)
        except OSError as error:
            return self._lost(self._unreadable(error))
        finally:
            os.close(fd)

    def _unreadable(self, error: OSError | ValueError) -> str:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return t("engine.journal.error.unreadable", file=str(self._path), reason=reason)

    def _lost(self, message: str) -> bool:
        # Forget the file's identity so that it is read again once it is back.
        self._key = None
        self._behind = False
        self._candidate = None
        return self._report(message, changed=False)

    def _report(self, problem: str | None, *, changed: bool) -> bool:
        changed = changed or problem != self._problem
        self._problem = problem
        return changed

    def _advance(self, fd: int, info: os.stat_result) -> bool:
        identity = (info.st_dev, info.st_ino)
        self._key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        base_now = self._clock.now()
        shown, candidate = self._shown, self._candidate
        if candidate is not None and not _fits(candidate, identity, info.st_size):
            candidate = None  # the file changed again under the reading from the start
        if candidate is None and shown is not None and _fits(shown, identity, info.st_size):
            # The usual case: the same file, grown (or a torn tail cut off and replaced).
            applied, failure, behind = self._read_into(fd, info.st_size, shown, base_now)
            if failure is None:
                self._behind = behind
                return self._report(None, changed=applied > 0)
            # What follows does not follow on from what was read: the file may have been
            # rewritten in place. Only a reading from the start can tell it from damage.
        if candidate is None:
            candidate = _Replica(identity)
        # Records already there when a reading from the start finds them were written
        # before this poll: the file's last modification is the best guess of when.
        written = min(base_now, info.st_mtime_ns / 1e9)
        _, failure, behind = self._read_into(fd, info.st_size, candidate, written)
        if failure is _MOVED:  # rewritten under a reading in progress: start that one over
            candidate = _Replica(identity)
            _, failure, behind = self._read_into(fd, info.st_size, candidate, written)
        self._behind = behind
        if failure is not None:
            self._candidate = None
            if shown is None and candidate.session is not None:
                # Nothing better to show: the session up to the damage, with the problem.
                self._show(candidate)
                return self._report(failure, changed=True)
            return self._report(failure, changed=False)
        if behind or (candidate.session is None and shown is not None):
            # Not caught up yet (a long journal, a header still being written): the last
            # good state stays on screen meanwhile.
            self._candidate = candidate
            return self._report(self._problem if behind else None, changed=False)
        self._candidate = None
        changed = shown is not None or candidate.session is not None
        self._show(candidate)
        return self._report(None, changed=changed)

    def _show(self, replica: _Replica) -> None:
        self._shown = replica
        if replica.session is not None and (
            self._floor is None or self._floor[0] != replica.session.header.session_id
        ):
            self._floor = None  # another session: its times have nothing to do with the last one's

    def _read_into(
        self, fd: int, size: int, replica: _Replica, written: float
    ) -> tuple[int, str | None, bool]:
        """Apply the complete lines after ``replica.consumed``: (lines applied, failure, behind)."""
        start = replica.consumed
        # Reading on is only sound if the bytes applied are still there: a file rewritten in
        # place (`cp` over it) keeps its inode and may be as long. Re-reading the first bytes
        # and the last ones applied catches that for two small reads more.
        if replica.head and os.pread(fd, len(replica.head), 0) != replica.head:
            return 0, _MOVED, False
        overlap = len(replica.tail)
        want = min(size - start, MAX_POLL_BYTES)
        buffer = _read(fd, start - overlap, overlap + want)
        if buffer[:overlap] != replica.tail:
            return 0, _MOVED, False
        got = len(buffer) - overlap
        behind = size - start > MAX_POLL_BYTES
        end = buffer.rfind(b"\n", overlap)
        if end < 0:
            if got >= MAX_POLL_BYTES:
                message = t(
                    "follower.problem.line_too_long",
                    file=str(self._path),
                    line=replica.lines + 1,
                    limit=MAX_POLL_BYTES // _MIB,
                )
                return 0, message, False
            return 0, None, False
        applied = 0
        position = overlap
        failure: str | None = None
        while position <= end:
            stop = buffer.index(b"\n", position)
            failure = self._apply_line(replica, buffer[position:stop], written)
            if failure is not None:
                break
            if replica.lines == 0:
                replica.head = buffer[position : min(position + _HEAD_BYTES, stop)]
            replica.consumed += stop - position + 1
            replica.lines += 1
            applied += 1
            position = stop + 1
        if applied:
            replica.tail = buffer[max(0, position - _TAIL_BYTES) : position]
        return applied, failure, behind and failure is None

    def _apply_line(self, replica: _Replica, line: bytes, written: float) -> str | None:
        """Apply one complete line (without its newline); the reason when it cannot be."""
        number = replica.lines + 1
        name = str(self._path)
        session = replica.session
        if session is None:
            try:
                # The header alone is a valid journal: parse_journal gives its exact messages
                # (damaged, format too new, empty) and line 1 is the right line number.
                header = parse_journal(self._path, line + b"\n").header
            except JournalError as error:
                return error.message
            except RecursionError:  # json.loads on "[[[[…": parse_journal lets it through
                detail = t("engine.journal.detail.json")
                return t("engine.journal.error.header", file=name, detail=detail)
            plan = SessionPlan.of(header.setup)
            replica.session = _Session(
                header=header,
                plan=plan,
                state=SessionState.initial(plan),
                notes=NotesCache(),
                anchor_at=header.created_at,
                anchor_base=written,
            )
            return None
        try:
            record = Record.model_validate_json(line)
        except ValidationError as error:
            return t("engine.journal.error.record", file=name, line=number, detail=_detail(error))
        expected = session.state.seq + 1
        if record.seq != expected:
            return t(
                "engine.journal.error.sequence", file=name, line=number, found=record.seq, expected=expected
            )
        try:
            refusal = rules.apply(session.plan, session.state, record.entry, record.at)
        except Exception as error:  # a bug in the rules must not take the display down with it
            return t("engine.journal.error.refused", file=name, line=number, reason=type(error).__name__)
        if refusal is not None:
            return t("engine.journal.error.refused", file=name, line=number, reason=refusal.message)
        session.anchor_at = record.at
        session.anchor_base = written
        return None

    # --- Showing ---------------------------------------------------------------------------

    def _session(self) -> _Session | None:
        return None if self._shown is None else self._shown.session

    def view(self) -> SessionView | None:
        """The session as of now (None until a header was read); no file access."""
        session = self._session()
        if session is None:
            return None
        return build_view(session.plan, session.state, self._now(session), session.notes)

    def _now(self, session: _Session) -> float:
        base_now = self._clock.now()
        speed = session.header.setup.speed
        # A rehearsal's journal is on a ScaledClock whose anchor is not recorded: extrapolate
        # from the last record, at the speed the setup says.
        now = base_now if speed == 1 else session.anchor_at + (base_now - session.anchor_base) * speed
        session_id = session.header.session_id
        floors = [session.state.last_at]
        if self._floor is not None and self._floor[0] == session_id:
            floors.append(self._floor[1])
        now = max([now, *(value for value in floors if value is not None)])
        self._floor = (session_id, now)
        return now

    @property
    def problem(self) -> str | None:
        """What is wrong with the journal as last polled (translated), or None."""
        return self._problem

    @property
    def path(self) -> Path:
        """The journal followed."""
        return self._path

    @property
    def setup(self) -> SessionSetup | None:
        """The session's setup (None until a header was read)."""
        session = self._session()
        return None if session is None else session.header.setup

    @property
    def session_id(self) -> str | None:
        """The session's id, the journal's stem (None until a header was read)."""
        session = self._session()
        return None if session is None else session.header.session_id

    @property
    def status(self) -> SessionStatus | None:
        """The session's status as last read (None until a header was read)."""
        session = self._session()
        return None if session is None else session.state.status

    @property
    def seq(self) -> int:
        """Records applied so far (the sequence number of the last one; 0 before any)."""
        session = self._session()
        return 0 if session is None else session.state.seq

    @property
    def is_live(self) -> bool:
        """A codev holds the journal open for writing right now (its lock is taken).

        Probing opens the file and tries a shared lock for an instant (the only way to ask
        about a ``flock``): a resume started at that very instant would find the journal in
        use. Call it about once a second, not at every frame.
        """
        # Checked first because is_in_use opens the path in blocking mode: a FIFO would hang.
        return _is_regular(self._path) and is_in_use(self._path)


def _read(fd: int, offset: int, length: int) -> bytes:
    chunks: list[bytes] = []
    got = 0
    while got < length:
        chunk = os.pread(fd, min(_CHUNK_BYTES, length - got), offset + got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _fits(replica: _Replica, identity: tuple[int, int], size: int) -> bool:
    # Same inode and nothing applied was cut off: reading on from `consumed` is sound.
    return replica.identity == identity and size >= replica.consumed


def list_journals(workspace: Workspace) -> list[Path]:
    """The workspace's session journals, the most recently written first."""
    dated: list[tuple[int, str, Path]] = []
    for path in journal_paths(workspace):
        try:
            dated.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:  # gone since it was listed
            continue
    # Same time: the later name first (names start with the creation date and time).
    dated.sort(reverse=True)
    return [path for _, _, path in dated]


def find_live_session(workspace: Workspace) -> Path | None:
    """The most recently written journal that a running codev holds open, or None."""
    for path in list_journals(workspace):
        if _is_regular(path) and is_in_use(path):
            return path
    return None
