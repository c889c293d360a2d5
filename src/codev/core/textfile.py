"""Reading the TOML files people write by hand, and saying precisely why one cannot be read.

Protocols, carnets and group files share the same ways of being wrong — missing, a folder,
unreadable, binary, not UTF-8, bad TOML — and the same answer: a translated message with
the line when it is known. Each caller wraps :class:`TextFileError` in its own error type.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from codev.core.i18n import t

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


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


def decode_utf8(data: bytes, max_bytes: int | None = None) -> str:
    """The text of ``data``: UTF-8, no NUL byte, the byte-order mark some editors add removed."""
    if max_bytes is not None and len(data) > max_bytes:
        raise TextFileError(t("file.error.too_large", limit=max_bytes // 1024))
    if b"\x00" in data:
        raise TextFileError(t("file.error.binary"), _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TextFileError(t("file.error.encoding"), _line_of(data, error.start)) from None
    return text.removeprefix("\ufeff")


def read_utf8(path: Path, max_bytes: int | None = None) -> str:
    """The UTF-8 text of the file at ``path`` (see :func:`decode_utf8`)."""
    try:
        if path.is_dir():
            raise TextFileError(t("file.error.is_directory"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise TextFileError(t("file.error.not_found"), missing=True) from None
    except PermissionError:
        raise TextFileError(t("file.error.permission")) from None
    except OSError as error:
        raise TextFileError(t("file.error.unreadable", reason=error.strerror or error)) from None
    return decode_utf8(data, max_bytes)


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document in ``text``; a syntax error says where, in the user's language."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_LINE.search(message)
        detail = _TOML_LINE.sub("", message).strip()
        line = int(match.group(1)) if match else None
        raise TextFileError(t("file.error.toml_syntax", detail=detail), line) from None
