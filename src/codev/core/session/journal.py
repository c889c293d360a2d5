"""The session journal: an append-only JSON Lines file, the session's single source of truth.

Line 1 is a header holding the whole setup (the protocol included, so that a replay never
depends on a protocol file that may have changed since). Every following line is one
accepted entry with its sequence number and wall time. Each line is written with a single
``write`` and ``fsync``'ed before the command returns: after a crash, the file holds every
command the facilitator saw accepted, plus at most one torn line at the end.

Reading is strict everywhere except at the very end: a damaged last line is what a crash
mid-write leaves, so it is dropped with a warning; damage anywhere else means the file is
not what codev wrote, and it is reported (file and line) and never touched.

Files are created 0600 and folders 0700: session notes are as personal as carnets.

The header also says when the journal is a rehearsal's (``rehearsal``: its times run
faster, and it wrote no carnet) and when its notes were removed (``archived_at``, see
:mod:`.archive`). Both are written only when set, so that every other journal reads the same
as before they existed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError, from_json

from codev.core.i18n import t
from codev.core.safe_io import FILE_MODE, ensure_private_dir, fsync_dir
from codev.core.session.model import SessionSetup
from codev.core.session.rules import Entry, EntryType
from codev.core.textfile import TextFileError, open_regular, read_regular_bytes
from codev.core.workspace import Workspace

try:  # Advisory locks keep two codev windows from writing the same journal (POSIX only).
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL_FORMAT = 1
"""The journal format this code reads and writes."""
JOURNAL_KIND: Literal["codev-session-journal"] = "codev-session-journal"
JOURNAL_SUFFIX = ".jsonl"

EARLIEST_TIME = 0.0
"""Times in a journal are wall-clock seconds since 1970: nothing before that is a time codev wrote."""
LATEST_TIME = 32_503_680_000.0
"""3000-01-01 (UTC). A later time is damage (a flipped byte), not a date: refused where
records enter, so that no screen ever converts it to a date that does not exist."""


def _sane_time(value: float) -> float:
    if not EARLIEST_TIME <= value <= LATEST_TIME:
        # The translated text goes in as a value, so that braces in it are never a placeholder.
        raise PydanticCustomError(
            "journal_time", "{message}", {"message": t("engine.journal.detail.time", value=repr(value))}
        )
    return value


WallTime = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_sane_time)]
"""A wall-clock time read from (or written to) a journal, within the sane range."""


def is_rehearsal(setup: SessionSetup) -> bool:
    """True for a rehearsal (time running faster or slower): it writes no carnet, no group history."""
    return setup.speed != 1


class Header(BaseModel):
    """The journal's first line."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    journal: Literal["codev-session-journal"] = JOURNAL_KIND
    format: int = JOURNAL_FORMAT
    session_id: str
    created_at: WallTime
    """Wall time (never a rehearsal's fast clock) when the journal was created."""
    setup: SessionSetup
    rehearsal: bool = False
    """A rehearsal's journal (see :func:`is_rehearsal`); its records are in rehearsal time."""
    archived_at: WallTime | None = None
    """Wall time the notes' texts were removed (the carnets hold them); None: never."""

    @property
    def is_rehearsal(self) -> bool:
        """Marked as a rehearsal, or run at a rehearsal's speed (journals from before the mark)."""
        return self.rehearsal or is_rehearsal(self.setup)

    def to_line(self) -> bytes:
        """The header as the journal's first line (new fields only when set)."""
        unset = {name for name in ("rehearsal", "archived_at") if not getattr(self, name)}
        return self.model_dump_json(exclude=unset).encode() + b"\n"


class Record(BaseModel):
    """One line after the header: an accepted entry, numbered from 1, with its wall time."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    seq: Annotated[int, Field(ge=1)]
    at: WallTime
    entry: Entry


MAX_JOURNAL_BYTES = 256 * 1024 * 1024
"""Far above any session (a three-hour session with a hundred long notes is a few MB): a
bigger file is not a journal, and reading it whole would take the machine's memory."""
_NO_FOLLOW_NO_BLOCK = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class JournalError(Exception):
    """A journal that cannot be used as it is; the message (translated) names file and line."""

    def __init__(self, message: str, path: Path, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line


class JournalWriteError(JournalError):
    """Writing to the journal failed: the command was not applied."""


class JournalInUse(JournalError):
    """Another codev holds the journal open (locked)."""


@dataclass
class LoadedJournal:
    """What a journal holds, as read from disk."""

    path: Path
    header: Header
    records: list[Record]
    warnings: list[str] = field(default_factory=list)
    valid_size: int = 0
    """Bytes up to the end of the last good record (a torn tail starts there)."""
    size: int = 0
    needs_newline: bool = False
    """The last good record lacks its line end (cut exactly there): add it before appending."""

    @property
    def last_at(self) -> float:
        """Wall time of the last record (of the header when there is none)."""
        return self.records[-1].at if self.records else self.header.created_at


def sessions_dir(workspace: Workspace) -> Path:
    """The folder of a workspace's session journals."""
    return workspace.logbooks_dir / "sessions"


def _json_detail(message: str) -> str:
    # Deep nesting is named as such: "invalid JSON" would send someone looking for a typo.
    if "recursion limit" in message:
        return t("engine.journal.detail.nested")
    return t("engine.journal.detail.json")


def _detail(error: ValidationError) -> str:
    first = error.errors()[0]
    if first["type"].startswith("json"):
        return _json_detail(first["msg"])
    where = ".".join(str(part) for part in first["loc"]) or "-"
    # Our own checks carry a translated message; pydantic's are named by their type.
    problem = first["msg"] if first["type"] == "journal_time" else first["type"]
    return t("engine.journal.detail.field", field=where, problem=problem)


def _parse_header(path: Path, line: bytes) -> Header:
    name = str(path)
    try:
        # pydantic's parser bounds the nesting depth (the json module would overflow the stack).
        raw = from_json(line)
    except (ValueError, RecursionError) as error:
        raise JournalError(
            t("engine.journal.error.header", file=name, detail=_json_detail(str(error))), path, 1
        ) from None
    # The format is checked before the rest so that a newer journal says "update codev"
    # instead of listing the fields this version does not know.
    if isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw["format"] > JOURNAL_FORMAT:
        raise JournalError(
            t("engine.journal.error.too_new", file=name, found=raw["format"], known=JOURNAL_FORMAT), path, 1
        )
    try:
        return Header.model_validate(raw)
    except ValidationError as error:
        raise JournalError(
            t("engine.journal.error.header", file=name, detail=_detail(error)), path, 1
        ) from None


def parse_journal(path: Path, data: bytes) -> LoadedJournal:
    """Parse a journal's bytes (``path`` only names it in messages).

    Raises :class:`JournalError` when the header is missing or damaged, or when any line
    but the last is damaged; a damaged last line is dropped with a warning.
    """
    name = str(path)
    if not data.strip(b"\x00 \t\r\n"):
        raise JournalError(t("engine.journal.error.empty", file=name), path, 1)
    lines = data.split(b"\n")
    terminated = lines[-1] == b""
    if terminated:
        lines.pop()
    header = _parse_header(path, lines[0])
    loaded = LoadedJournal(path=path, header=header, records=[], size=len(data))
    offset = len(lines[0]) + 1
    loaded.valid_size = min(offset, len(data))
    last_index = len(lines) - 1
    for index in range(1, len(lines)):
        line = lines[index]
        number = index + 1
        try:
            record = Record.model_validate_json(line)
        except ValidationError as error:
            if index == last_index:
                loaded.warnings.append(t("engine.journal.torn_tail", file=name, line=number))
                return loaded
            raise JournalError(
                t("engine.journal.error.record", file=name, line=number, detail=_detail(error)), path, number
            ) from None
        expected = len(loaded.records) + 1
        if record.seq != expected:
            raise JournalError(
                t(
                    "engine.journal.error.sequence",
                    file=name,
                    line=number,
                    found=record.seq,
                    expected=expected,
                ),
                path,
                number,
            )
        loaded.records.append(record)
        offset += len(line) + 1
        loaded.valid_size = min(offset, len(data))
    loaded.needs_newline = not terminated
    return loaded


def _read_fd(fd: int) -> bytes:
    chunks: list[bytes] = []
    position = 0
    while chunk := os.pread(fd, 1 << 20, position):
        chunks.append(chunk)
        position += len(chunk)
    return b"".join(chunks)


def read_journal(path: Path) -> LoadedJournal:
    """Read and parse a journal without changing it."""
    try:
        # Not through a link, and never from a FIFO or a device (which would hang or never end).
        data = read_regular_bytes(path, MAX_JOURNAL_BYTES)
    except TextFileError as error:
        raise JournalError(
            t("engine.journal.error.unreadable", file=str(path), reason=error.message), path
        ) from None
    return parse_journal(path, data)


def read_header(path: Path) -> Header:
    """Only the header of a journal (its first line), for listing; :class:`JournalError` if it
    cannot be read. The records are not read, so a damaged record is not noticed here."""
    name = str(path)
    try:
        with open_regular(path) as handle:
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_JOURNAL_BYTES:
                chunk = handle.read(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if b"\n" in chunk:
                    break
    except (TextFileError, OSError) as error:
        reason = error.message if isinstance(error, TextFileError) else error.strerror or str(error)
        raise JournalError(t("engine.journal.error.unreadable", file=name, reason=reason), path) from None
    first = b"".join(chunks).split(b"\n", 1)[0]
    if not first.strip(b"\x00 \t\r"):
        raise JournalError(t("engine.journal.error.empty", file=name), path, 1)
    return _parse_header(path, first)


@contextlib.contextmanager
def held_journal(path: Path) -> Iterator[bytes]:
    """Hold ``path`` locked as its writer would, and give its bytes: while inside, no codev can
    resume the session or write to it. :class:`JournalError` when it is open in another codev
    (in use) or cannot be read; never through a link, never a FIFO or a device."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW_NO_BLOCK)
    except OSError as error:
        reason = t("file.error.symlink") if error.errno == errno.ELOOP else error.strerror or error
        raise JournalError(t("engine.journal.error.unreadable", file=name, reason=reason), path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            reason = t("file.error.not_regular")
            raise JournalError(t("engine.journal.error.unreadable", file=name, reason=reason), path)
        os.set_blocking(fd, True)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise JournalInUse(t("engine.journal.error.in_use", file=name), path) from None
        if os.fstat(fd).st_size > MAX_JOURNAL_BYTES:
            reason = t("file.error.too_large", limit=MAX_JOURNAL_BYTES // 1024)
            raise JournalError(t("engine.journal.error.unreadable", file=name, reason=reason), path)
        try:
            data = _read_fd(fd)
        except OSError as error:
            reason = error.strerror or str(error)
            raise JournalError(t("engine.journal.error.unreadable", file=name, reason=reason), path) from None
        yield data
    finally:
        os.close(fd)  # releases the lock


def is_in_use(path: Path) -> bool:
    """True when another codev holds this journal open for writing."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW_NO_BLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _lock(fd: int, path: Path) -> None:
    if fcntl is None:  # pragma: no cover - Windows
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise JournalInUse(t("engine.journal.error.in_use", file=str(path)), path) from None


def _write_error(path: Path, error: OSError) -> JournalWriteError:
    reason = error.strerror or str(error)
    return JournalWriteError(t("engine.journal.error.write", file=str(path), reason=reason), path)


def _create_error(path: Path, error: OSError) -> JournalWriteError:
    reason = error.strerror or str(error)
    return JournalWriteError(t("engine.journal.error.create", file=str(path), reason=reason), path)


def _set_aside_error(path: Path, error: OSError) -> JournalError:
    reason = error.strerror or str(error)
    return JournalError(t("engine.journal.error.set_aside", file=str(path), reason=reason), path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class JournalWriter:
    """An open journal, locked against other writers, appending durable lines."""

    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path = path
        self._fd: int | None = fd
        self._size = size
        self._torn = False
        """A failed write left bytes after ``_size`` that could not be cut off yet."""

    @classmethod
    def create(cls, folder: Path, setup: SessionSetup, created_at: float) -> tuple[JournalWriter, Header]:
        """Create a new journal in ``folder`` with its header, durable before returning.

        The name is the local date and time plus a random id, never anything a user typed.
        """
        try:
            # Nothing from logbooks/ down may be a link: journals stay inside the workspace.
            ensure_private_dir(folder, within=folder.parent)
        except OSError as error:
            raise _create_error(folder, error) from None
        stamp = dt.datetime.fromtimestamp(created_at).strftime("%Y-%m-%d_%H%M%S")
        while True:
            session_id = f"{stamp}_{secrets.token_hex(4)}"
            path = folder / f"{session_id}{JOURNAL_SUFFIX}"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, FILE_MODE)
            except FileExistsError:  # pragma: no cover - 1 in 4 billion
                continue
            except OSError as error:  # a full disk, a read-only workspace
                raise _create_error(path, error) from None
            break
        _lock(fd, path)
        header = Header(
            session_id=session_id, created_at=created_at, setup=setup, rehearsal=is_rehearsal(setup)
        )
        writer = cls(path, fd, 0)
        try:
            writer._write(header.to_line())
            fsync_dir(folder)
        except (JournalWriteError, OSError) as error:
            # The file was created a moment ago and holds no session: removed rather than
            # left to be reported as an empty journal at every start.
            writer.close()
            with contextlib.suppress(OSError):
                path.unlink()
            cause = error.__cause__ if isinstance(error, JournalWriteError) else error
            raise _create_error(path, cause if isinstance(cause, OSError) else OSError(str(error))) from None
        return writer, header

    @classmethod
    def reopen(cls, path: Path) -> tuple[JournalWriter, LoadedJournal]:
        """Open an existing journal to append to it; a torn tail is moved aside first.

        The dropped bytes are kept in a sibling file (``<name>.torn-<offset>``) rather than
        destroyed, in case someone needs to look at them.
        """
        try:
            # A link could send the appends outside the workspace, a FIFO would hang the open.
            fd = os.open(path, os.O_RDWR | _NO_FOLLOW_NO_BLOCK)
        except OSError as error:
            reason = t("file.error.symlink") if error.errno == errno.ELOOP else error.strerror or error
            raise JournalError(
                t("engine.journal.error.unreadable", file=str(path), reason=reason), path
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            reason = t("file.error.not_regular")
            raise JournalError(t("engine.journal.error.unreadable", file=str(path), reason=reason), path)
        os.set_blocking(fd, True)
        _lock(fd, path)
        try:
            try:
                data = _read_fd(fd)
            except OSError as error:
                raise JournalError(
                    t("engine.journal.error.unreadable", file=str(path), reason=error.strerror or error), path
                ) from None
            loaded = parse_journal(path, data)
            if loaded.size > loaded.valid_size:
                # The copy first: the tail is cut off only once it is safe elsewhere.
                cls._set_aside(path, data[loaded.valid_size :], loaded)
                try:
                    os.ftruncate(fd, loaded.valid_size)
                    os.fsync(fd)
                except OSError as error:
                    raise _write_error(path, error) from None
            os.lseek(fd, 0, os.SEEK_END)
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        writer = cls(path, fd, loaded.valid_size)
        if loaded.needs_newline:
            try:
                writer._write(b"\n")
            except JournalWriteError:
                writer.close()
                raise
            loaded.needs_newline = False
        return writer, loaded

    @staticmethod
    def _set_aside(path: Path, tail: bytes, loaded: LoadedJournal) -> None:
        aside = path.with_name(f"{path.name}.torn-{loaded.valid_size}-{secrets.token_hex(2)}")
        try:
            fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError as error:
            raise _set_aside_error(path, error) from None
        try:
            _write_all(fd, tail)
            os.fsync(fd)
        except OSError as error:
            # An incomplete copy is no copy: it goes, and the journal keeps its tail.
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                aside.unlink()
            raise _set_aside_error(path, error) from None
        with contextlib.suppress(OSError):  # written and flushed: a failing close loses nothing
            os.close(fd)
        loaded.warnings.append(t("engine.journal.torn_saved", file=str(aside)))

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise JournalWriteError(t("engine.journal.error.closed", file=str(self.path)), self.path)
        try:
            if self._torn:
                os.ftruncate(self._fd, self._size)
                self._torn = False
            _write_all(self._fd, data)
            os.fsync(self._fd)
        except OSError as error:
            # Leave no partial line behind (disk full mid-write, or a failed fsync): the next
            # append must start on a clean line, or the journal would be damaged in its middle.
            # If even the cut fails, nothing is appended until a later cut succeeds; a crash
            # meanwhile leaves a torn tail at the very end, which resuming sets aside.
            try:
                os.ftruncate(self._fd, self._size)
            except OSError:
                self._torn = True
            else:
                self._torn = False
            raise _write_error(self.path, error) from error
        self._size += len(data)

    def append(self, seq: int, at: float, entry: EntryType) -> None:
        """Write one record and make it durable (``fsync``) before returning."""
        try:
            record = Record(seq=seq, at=at, entry=entry)
        except ValidationError as error:
            # Only a clock gone mad gets here (the time is outside the sane range): refused
            # like a failed write, never written to be refused at the next start.
            raise JournalWriteError(
                t("engine.journal.error.write", file=str(self.path), reason=_detail(error)), self.path
            ) from None
        self._write(record.model_dump_json().encode() + b"\n")

    def close(self) -> None:
        """Close the file (releasing the lock); further appends fail. Never raises: every
        record was flushed to disk when it was written, so a failing close loses nothing."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    @property
    def closed(self) -> bool:
        """True once closed."""
        return self._fd is None
