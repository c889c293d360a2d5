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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codev.core.i18n import t
from codev.core.safe_io import FILE_MODE, ensure_private_dir, fsync_dir
from codev.core.session.model import SessionSetup
from codev.core.session.rules import Entry, EntryType
from codev.core.workspace import Workspace

try:  # Advisory locks keep two codev windows from writing the same journal (POSIX only).
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL_FORMAT = 1
"""The journal format this code reads and writes."""
JOURNAL_KIND: Literal["codev-session-journal"] = "codev-session-journal"
JOURNAL_SUFFIX = ".jsonl"


class Header(BaseModel):
    """The journal's first line."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    journal: Literal["codev-session-journal"] = JOURNAL_KIND
    format: int = JOURNAL_FORMAT
    session_id: str
    created_at: float
    setup: SessionSetup


class Record(BaseModel):
    """One line after the header: an accepted entry, numbered from 1, with its wall time."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    seq: Annotated[int, Field(ge=1)]
    at: Annotated[float, Field(allow_inf_nan=False)]
    entry: Entry


class JournalError(Exception):
    """A journal that cannot be used as it is; the message (translated) names file and line."""

    def __init__(self, message: str, path: Path, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line


class JournalWriteError(JournalError):
    """Writing to the journal failed: the command was not applied."""


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


def _detail(error: ValidationError) -> str:
    first = error.errors()[0]
    if first["type"].startswith("json"):
        return t("engine.journal.detail.json")
    where = ".".join(str(part) for part in first["loc"]) or "-"
    return t("engine.journal.detail.field", field=where, problem=first["type"])


def _parse_header(path: Path, line: bytes) -> Header:
    name = str(path)
    try:
        raw = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise JournalError(
            t("engine.journal.error.header", file=name, detail=t("engine.journal.detail.json")), path, 1
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
        data = path.read_bytes()
    except OSError as error:
        raise JournalError(
            t("engine.journal.error.unreadable", file=str(path), reason=error.strerror or error), path
        ) from None
    return parse_journal(path, data)


def is_in_use(path: Path) -> bool:
    """True when another codev holds this journal open for writing."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
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
        raise JournalError(t("engine.journal.error.in_use", file=str(path)), path) from None


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

    @classmethod
    def create(cls, folder: Path, setup: SessionSetup, created_at: float) -> tuple[JournalWriter, Header]:
        """Create a new journal in ``folder`` with its header, durable before returning.

        The name is the local date and time plus a random id, never anything a user typed.
        """
        ensure_private_dir(folder)
        stamp = dt.datetime.fromtimestamp(created_at).strftime("%Y-%m-%d_%H%M%S")
        while True:
            session_id = f"{stamp}_{secrets.token_hex(4)}"
            path = folder / f"{session_id}{JOURNAL_SUFFIX}"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, FILE_MODE)
            except FileExistsError:  # pragma: no cover - 1 in 4 billion
                continue
            break
        _lock(fd, path)
        header = Header(session_id=session_id, created_at=created_at, setup=setup)
        writer = cls(path, fd, 0)
        writer._write(header.model_dump_json().encode() + b"\n")
        fsync_dir(folder)
        return writer, header

    @classmethod
    def reopen(cls, path: Path) -> tuple[JournalWriter, LoadedJournal]:
        """Open an existing journal to append to it; a torn tail is moved aside first.

        The dropped bytes are kept in a sibling file (``<name>.torn-<offset>``) rather than
        destroyed, in case someone needs to look at them.
        """
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError as error:
            raise JournalError(
                t("engine.journal.error.unreadable", file=str(path), reason=error.strerror or error), path
            ) from None
        _lock(fd, path)
        try:
            data = _read_fd(fd)
            loaded = parse_journal(path, data)
            if loaded.size > loaded.valid_size:
                cls._set_aside(path, data[loaded.valid_size :], loaded)
                os.ftruncate(fd, loaded.valid_size)
                os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_END)
        except BaseException:
            os.close(fd)
            raise
        writer = cls(path, fd, loaded.valid_size)
        if loaded.needs_newline:
            writer._write(b"\n")
            loaded.needs_newline = False
        return writer, loaded

    @staticmethod
    def _set_aside(path: Path, tail: bytes, loaded: LoadedJournal) -> None:
        aside = path.with_name(f"{path.name}.torn-{loaded.valid_size}-{secrets.token_hex(2)}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            _write_all(fd, tail)
            os.fsync(fd)
        finally:
            os.close(fd)
        loaded.warnings.append(t("engine.journal.torn_saved", file=str(aside)))

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise JournalWriteError(t("engine.journal.error.closed", file=str(self.path)), self.path)
        try:
            _write_all(self._fd, data)
            os.fsync(self._fd)
        except OSError as error:
            # Leave no partial line behind (disk full mid-write): the next append must
            # start on a clean line, or the journal would be damaged in its middle.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._size)
            raise JournalWriteError(
                t("engine.journal.error.write", file=str(self.path), reason=error.strerror or error),
                self.path,
            ) from error
        self._size += len(data)

    def append(self, seq: int, at: float, entry: EntryType) -> None:
        """Write one record and make it durable (``fsync``) before returning."""
        self._write(Record(seq=seq, at=at, entry=entry).model_dump_json().encode() + b"\n")

    def close(self) -> None:
        """Close the file (releasing the lock); further appends fail."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @property
    def closed(self) -> bool:
        """True once closed."""
        return self._fd is None
