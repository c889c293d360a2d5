"""Read carnets and group files: fast, read-only, and precise about what is wrong.

Reading uses ``tomllib`` (several times faster than tomlkit) and validates with the
pydantic models. Whatever is wrong — unreadable file, a link, a pipe or a device in its
place, bad encoding, TOML syntax, a format version from a newer codev, a wrong value —
comes back as a :class:`LogbookError` whose problems name the file and, when it is known,
the line. Every file is opened by :func:`codev.core.textfile.open_regular`: never through
a link, never blocking, never past :data:`MAX_LOGBOOK_BYTES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from codev.core.i18n import t
from codev.core.logbook.models import FORMAT_VERSION, MAX_FORMAT, GroupFile, Logbook, SessionsFile
from codev.core.logbook.names import normalize_name
from codev.core.problems import Problem
from codev.core.protocol.loader import validation_problems
from codev.core.textfile import (
    BOM,
    TextFileError,
    decode_utf8,
    open_regular,
    parse_toml,
    read_regular_bytes,
    read_utf8,
)
from codev.core.toml_positions import TomlPositions

FileT = TypeVar("FileT", bound=SessionsFile[Any])

_TABLE_START = re.compile(rb"(?m)^[ \t]*\[")
_HEADER_CHUNK = 16 * 1024
MAX_LOGBOOK_BYTES = 8 * 1024 * 1024
"""A carnet of 1,000 sessions is about 700 KiB: this is over ten thousand sessions."""


class LogbookError(Exception):
    """A carnet or group file cannot be read or written; ``problems`` say why, one line each."""

    def __init__(self, path: Path, problems: Iterable[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class NotFound(LogbookError):
    """No carnet or group by that name (or the file is missing)."""


def _fail(path: Path, message: str, line: int | None = None) -> LogbookError:
    return LogbookError(path, [Problem(str(path), message, line)])


def read_text(path: Path) -> str:
    """The text of a file, or a :class:`LogbookError` saying why it cannot be had."""
    try:
        return read_utf8(path, MAX_LOGBOOK_BYTES)
    except TextFileError as error:
        kind = NotFound if error.missing else LogbookError
        raise kind(path, [Problem(str(path), error.message, error.line)]) from None


def read_text_as_is(path: Path) -> str:
    """:func:`read_text`, with the byte-order mark kept when the file starts with one.

    The store writes a file back as it found it: a BOM some editor added stays.
    """
    try:
        data = read_regular_bytes(path, MAX_LOGBOOK_BYTES)
        text = decode_utf8(data, MAX_LOGBOOK_BYTES)
    except TextFileError as error:
        kind = NotFound if error.missing else LogbookError
        raise kind(path, [Problem(str(path), error.message, error.line)]) from None
    return BOM + text if data.startswith(BOM.encode("utf-8")) else text


def _check_format(data: dict[str, Any], text: str, path: Path) -> None:
    # Checked before the model, so that a file from a newer codev gets one clear message
    # rather than a list of fields this version does not know.
    found = data.get("format")
    if found is None:
        raise _fail(path, t("carnet.error.format_missing", known=FORMAT_VERSION), 1)
    if not isinstance(found, int) or isinstance(found, bool) or not 1 <= found <= MAX_FORMAT:
        message = t("carnet.error.format_invalid", known=FORMAT_VERSION)
    elif found > FORMAT_VERSION:
        message = t("carnet.error.format_too_new", found=found, known=FORMAT_VERSION)
    else:
        return
    # Positions are only looked for on the way to an error: scanning a big file is not free.
    raise _fail(path, message, TomlPositions(text).line_of(("format",)))


def parse_file(text: str, path: Path, model: type[FileT]) -> FileT:
    """Parse and validate the TOML ``text`` of a carnet or group file read from ``path``."""
    try:
        data = parse_toml(text)
    except TextFileError as error:
        raise _fail(path, error.message, error.line) from None
    _check_format(data, text, path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise LogbookError(path, validation_problems(error, text, str(path))) from None


def load_file(path: Path, model: type[FileT]) -> tuple[str, FileT]:
    """Read and validate a file; returns its text too (the store edits that text)."""
    text = read_text(path)
    return text, parse_file(text, path, model)


def load_logbook(path: Path) -> Logbook:
    """Load a participant's carnet (read-only)."""
    return load_file(path, Logbook)[1]


def load_group_file(path: Path) -> GroupFile:
    """Load a group file (read-only)."""
    return load_file(path, GroupFile)[1]


def read_owner(path: Path, key: str) -> str | None:
    """The name a file says it belongs to (its root ``key``), without reading it all.

    Root keys come before the first table, so only that head is parsed. Returns None when
    the file exists but cannot tell (damaged, or a link, a pipe, a device, a folder in its
    place: what reading it would say); raises ``FileNotFoundError`` if it is missing.
    """
    try:
        with open_regular(path) as handle:
            head = b""
            while len(head) <= MAX_LOGBOOK_BYTES:
                chunk = handle.read(_HEADER_CHUNK)
                head += chunk
                match = _TABLE_START.search(head)
                if match or not chunk:
                    break
            candidates = [head[: match.start()]] if match else [head]
            if match:
                # A damaged or unusual head: try the whole file before giving up.
                candidates.append(head + handle.read(MAX_LOGBOOK_BYTES + 1 - len(head)))
    except TextFileError as error:
        if error.missing:
            raise FileNotFoundError(path) from None
        return None
    for raw in candidates:
        if len(raw) > MAX_LOGBOOK_BYTES:
            continue
        try:
            value = parse_toml(raw.decode("utf-8").removeprefix("\ufeff")).get(key)
        except (UnicodeDecodeError, TextFileError):
            continue
        return normalize_name(value) if isinstance(value, str) else None
    return None
