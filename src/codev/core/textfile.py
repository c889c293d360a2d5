"""Reading the TOML files people write by hand, and saying precisely why one cannot be read.

Protocols, carnets, group files and settings share the same ways of being wrong — missing,
a folder, a link, a pipe or a device, too big, binary, not UTF-8, bad TOML, nested or
numbered beyond reason — and the same answer: a translated message with the line when it
is known. Each caller wraps :class:`TextFileError` in its own error type.

:func:`read_regular_bytes` is the one way codev opens a file it reads: it never follows a
link (unless asked), never blocks on a FIFO, never reads a device, never reads past a size
limit. :func:`parse_toml` never lets ``tomllib`` recurse, loop or convert without bound.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from codev.core.i18n import t
from codev.core.toml_positions import KeyPath, TomlPositions

MAX_TEXT_BYTES = 8 * 1024 * 1024
"""The default size limit: a carnet of ten thousand sessions is about 7 MiB."""
MAX_KEY_PARTS = 32
"""Parts of one dotted key or table header (``a.b.c`` has 3). codev's own have at most 4;
``tomllib`` takes time quadratic in their number (10,000 parts: several seconds)."""
MAX_NESTING = 32
"""Levels of tables and arrays, the whole document being the first. codev's files use 5;
``tomllib`` recurses once per level of arrays or inline tables, ``tomlkit`` refuses 100."""
_MAX_INT_DIGITS = 4300
"""Python's default limit on converting digits to an integer (``sys.get_int_max_str_digits``)."""

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_NUMBER = re.compile(rf"[0-9][0-9_]{{{_MAX_INT_DIGITS},}}")
_MANY_DOTS = re.compile(rf"\.(?:[^.\n]*\.){{{MAX_KEY_PARTS - 1}}}")
# A key part is bare, "basic" or 'literal'; alternatives that start differently, so that a
# line that is no such key fails fast, without backtracking.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_LONG_KEY = re.compile(
    rf"[ \t]*\[{{0,2}}[ \t]*(?:{_KEY_PART}[ \t]*\.[ \t]*){{{MAX_KEY_PARTS},}}{_KEY_PART}[ \t]*[\]=]"
)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


class TextFileError(Exception):
    """A file's text cannot be had or parsed: ``message`` (translated) and ``line`` if known."""

    def __init__(self, message: str, line: int | None = None, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.missing = missing
        """True when the file does not exist (callers often treat that case apart)."""


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _unreadable(error: OSError) -> TextFileError:
    return TextFileError(t("file.error.unreadable", reason=error.strerror or error))


@contextlib.contextmanager
def open_regular(path: Path, *, follow_symlinks: bool = False) -> Iterator[BinaryIO]:
    """The regular file at ``path``, open for reading, or :class:`TextFileError` saying why not.

    The file is opened without blocking (a FIFO with no writer would block ``open``) and
    without following a link (``O_NOFOLLOW``: a link planted in a workspace could point
    anywhere), then checked through the open descriptor — no race with a swap after a check
    by name — to be a regular file: a folder, a FIFO, a device (``/dev/zero`` never ends)
    or a socket is refused. ``follow_symlinks`` is for a file the user keeps outside any
    workspace (their own settings, often a link in a dotfiles folder).
    """
    flags = _OPEN_FLAGS | (0 if follow_symlinks else _O_NOFOLLOW)
    if not follow_symlinks and not _O_NOFOLLOW and path.is_symlink():  # pragma: no cover - Windows
        raise TextFileError(t("file.error.symlink"))
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise TextFileError(t("file.error.not_found"), missing=True) from None
    except PermissionError:
        # Windows refuses to open a folder this way.
        if path.is_dir():
            raise TextFileError(t("file.error.is_directory")) from None
        raise TextFileError(t("file.error.permission")) from None
    except OSError as error:
        # O_NOFOLLOW on a link fails with ELOOP on Linux and macOS, EMLINK or EFTYPE elsewhere.
        if not follow_symlinks and path.is_symlink():
            raise TextFileError(t("file.error.symlink")) from None
        raise _unreadable(error) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise TextFileError(t("file.error.is_directory"))
        if not stat.S_ISREG(mode):
            raise TextFileError(t("file.error.not_regular"))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def read_regular_bytes(
    path: Path, max_bytes: int = MAX_TEXT_BYTES, *, follow_symlinks: bool = False
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` (see :func:`open_regular`).

    A file over the limit is refused before it is read when its size says so, and otherwise
    (it grew meanwhile) as soon as one byte more than the limit has been read.
    """
    with open_regular(path, follow_symlinks=follow_symlinks) as handle:
        try:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                raise _too_large(max_bytes)
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise _unreadable(error) from None
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def _too_large(max_bytes: int) -> TextFileError:
    return TextFileError(t("file.error.too_large", limit=max_bytes // 1024))


def decode_utf8(data: bytes, max_bytes: int | None = None) -> str:
    """The text of ``data``: UTF-8, no NUL byte, the byte-order mark some editors add removed."""
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(max_bytes)
    if b"\x00" in data:
        raise TextFileError(t("file.error.binary"), _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TextFileError(t("file.error.encoding"), _line_of(data, error.start)) from None
    return text.removeprefix("\ufeff")


def read_utf8(path: Path, max_bytes: int = MAX_TEXT_BYTES, *, follow_symlinks: bool = False) -> str:
    """The UTF-8 text of the regular file at ``path`` (see :func:`read_regular_bytes`)."""
    return decode_utf8(read_regular_bytes(path, max_bytes, follow_symlinks=follow_symlinks), max_bytes)


# ---------------------------------------------------------------------------- parsing


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document in ``text``; whatever is wrong says where, in the user's language.

    Besides syntax errors: a dotted key or header of more than :data:`MAX_KEY_PARTS` parts
    is refused before parsing, nesting deeper than :data:`MAX_NESTING` levels and integers
    of more than 4,300 digits after, each with its line when it can be found.
    """
    text = text.removeprefix("\ufeff")
    long_key = _long_key_line(text)
    if long_key is not None:
        raise _too_deep(long_key)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_LINE.search(message)
        detail = _TOML_LINE.sub("", message).strip()
        line = int(match.group(1)) if match else None
        raise TextFileError(t("file.error.toml_syntax", detail=detail), line) from None
    except RecursionError:
        # Arrays or inline tables nested hundreds deep: tomllib recurses once per level.
        raise _too_deep(_bracket_heavy_line(text)) from None
    except ValueError:
        # The only other ValueError tomllib lets out: an integer too long to convert.
        match = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        raise TextFileError(t("file.error.number_too_long", digits=_MAX_INT_DIGITS), line) from None
    deep = _too_deep_path(data)
    if deep is not None:
        raise _too_deep(TomlPositions(text).line_of(deep))
    return data


def _too_deep(line: int | None) -> TextFileError:
    return TextFileError(t("file.error.too_deep", limit=MAX_NESTING), line)


def _long_key_line(text: str) -> int | None:
    """The first line holding a dotted key or header of more than :data:`MAX_KEY_PARTS` parts.

    Only a line with that many dots can (a regular expression finds them at C speed); it
    holds such a key when it starts with one, followed by ``=`` or by the header's ``]``.
    Many dots in a text (ellipses, a multi-line string) make no key: parts cannot be empty.
    """
    position = 0
    while (found := _MANY_DOTS.search(text, position)) is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end
        if _LONG_KEY.match(text, start, end):
            return text.count("\n", 0, start) + 1
        position = end + 1
    return None


def _bracket_heavy_line(text: str) -> int | None:
    """The first line opening more arrays or inline tables than :data:`MAX_NESTING` (a guess:
    only for a message, when tomllib gave up on nesting without saying where)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count("[") + line.count("{") > MAX_NESTING:
            return number
    return None


_Node = tuple[Any, Any, Any]
"""A container met while measuring nesting: itself, its parent's node, its key in the parent."""


def _too_deep_path(data: dict[str, Any]) -> KeyPath | None:
    """The path of a table or array nested deeper than :data:`MAX_NESTING`, or None.

    Level by level, without recursion; each container remembers its parent, so that paths
    are only built for the one reported (a carnet of 1,000 sessions: about 3 ms).
    """
    level: list[_Node] = [(data, None, None)]
    depth = 1
    while level:
        deeper: list[_Node] = []
        add = deeper.append
        for entry in level:
            container = entry[0]
            # tomllib builds plain dicts and lists: exact type checks are the fast ones.
            pairs = container.items() if type(container) is dict else enumerate(container)
            for key, item in pairs:
                kind = type(item)
                if kind is dict or kind is list:
                    add((item, entry, key))
        if deeper and depth >= MAX_NESTING:
            path: list[str | int] = []
            node: _Node | None = deeper[0]
            while node is not None and node[1] is not None:
                path.append(node[2])
                node = node[1]
            return tuple(reversed(path))
        level = deeper
        depth += 1
    return None


BOM = "\ufeff"
"""The byte-order mark some editors put at the start of a UTF-8 file."""


@dataclass(frozen=True)
class TextStyle:
    """How a file's text is written: a byte-order mark or not, CRLF or LF line endings.

    The scanner and tomlkit work on LF text; the file is written back the way it was found
    (a file mixing both gets the ending most of its lines have). Turning CRLF into LF and
    back never changes a value: TOML allows a carriage return only before a line feed, and
    reads a CRLF inside a multi-line string as a line feed.
    """

    bom: bool = False
    crlf: bool = False

    @classmethod
    def split(cls, raw: str) -> tuple[str, TextStyle]:
        """The LF text of ``raw`` (no BOM) and the style to write it back with."""
        bom = raw.startswith(BOM)
        body = raw[1:] if bom else raw
        crlf_count = body.count("\r\n")
        text = body.replace("\r\n", "\n") if crlf_count else body
        return text, cls(bom=bom, crlf=crlf_count * 2 > body.count("\n"))

    def apply(self, text: str) -> str:
        """``text`` (LF, no BOM) as the file is written."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return BOM + text if self.bom else text
