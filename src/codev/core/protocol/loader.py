"""Read protocol files and turn every way they can be wrong into clear problems.

Whatever the input — missing file, directory, binary, wrong encoding, TOML syntax error,
wrong types, unknown keys — loading either returns a :class:`Protocol` or raises
:class:`ProtocolError` carrying one :class:`Problem` per mistake, each naming the file, the
line when it is known, the field, and what is wrong in the user's language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from codev.core import formatting
from codev.core.i18n import t, tn
from codev.core.problems import Problem
from codev.core.protocol.model import UNION_TAGS, Protocol, is_valid_id
from codev.core.textfile import TextFileError, decode_utf8, parse_toml, read_utf8
from codev.core.toml_positions import KeyPath, TomlPositions

MAX_PROTOCOL_BYTES = 1024 * 1024
"""A protocol is a few kilobytes; anything above a megabyte is not one."""


class ProtocolError(Exception):
    """A protocol file could not be loaded; ``problems`` says why, one line each."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def field_path(loc: KeyPath) -> str:
    """A path a trainer can read: steps are counted from 1, as in the file."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(str(part + 1))
        else:
            # A key with dots, spaces or control characters is shown quoted, as TOML writes it.
            parts.append(part if part and is_valid_id(part.lower()) else json.dumps(part, ensure_ascii=False))
    return ".".join(parts)


def read_protocol_text(path: Path, name: str) -> str:
    """The text of the protocol file at ``path`` (``name`` in problems), or ProtocolError."""
    try:
        return _checked(read_utf8(path, MAX_PROTOCOL_BYTES), name)
    except TextFileError as error:
        raise ProtocolError([Problem(name, error.message, error.line)]) from None


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise ProtocolError([Problem(name, t("protocol.error.empty"))])
    return text


def decode_protocol_bytes(data: bytes, name: str) -> str:
    """Decode a protocol file's bytes as UTF-8 TOML, or explain why they are not."""
    try:
        return _checked(decode_utf8(data, MAX_PROTOCOL_BYTES), name)
    except TextFileError as error:
        raise ProtocolError([Problem(name, error.message, error.line)]) from None


def _translate(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    key = f"protocol.error.{kind}"
    for name, value in ctx.items():
        if isinstance(value, float):
            ctx[name] = formatting.number(value)
    if kind == "rounds_role_not_client" and isinstance(ctx.get("meaning"), str):
        # The meaning as the reader's language names it (animateur·rice), not its key.
        ctx["meaning"] = t(f"role.{ctx['meaning']}")
    if kind == "enum" and "expected" in ctx:
        # pydantic joins the choices with an English "or"; list them neutrally instead.
        ctx["expected"] = ", ".join(re.findall(r"'([^']*)'", str(ctx["expected"])))
    # A length limit is a count, and so is a group's size: the catalogue has the plural
    # forms of its language (the value becomes the message's {count}).
    count_of = {
        "too_short": "min_length",
        "too_long": "max_length",
        "subgroup_beyond_people": "most",
        "roles_beyond_people": "most",
        "role_never_given": "most",
    }.get(kind)
    try:
        if count_of and isinstance(ctx.get(count_of), int):
            return tn(key, ctx.pop(count_of), **ctx)
        return t(key, **ctx)
    except (KeyError, IndexError):
        # A pydantic error we have no translation for: its English text is still precise.
        return error["msg"]


def _error_path(error: ErrorDetails) -> KeyPath:
    # The branch names of the protocol's unions are pydantic's, not keys of the file.
    loc: KeyPath = tuple(part for part in error["loc"] if part not in UNION_TAGS)
    at = (error.get("ctx") or {}).get("at") or ""
    if isinstance(at, tuple | list):
        # A key as written (a language tag such as "de.AT" may hold a dot): appended whole.
        return (*loc, *(str(part) for part in at))
    if at:
        loc = (*loc, *(int(part) if part.isdigit() else part for part in str(at).split(".")))
    return loc


def validation_problems(error: ValidationError, text: str, name: str) -> list[Problem]:
    """Turn pydantic's errors into problems with lines taken from ``text``."""
    positions = TomlPositions(text)
    problems: list[Problem] = []
    for detail in error.errors(include_url=False):
        loc = _error_path(detail)
        problems.append(
            Problem(
                file=name,
                message=_translate(detail),
                line=positions.line_of(loc),
                field=field_path(loc) or None,
            )
        )
    return sorted(problems, key=lambda problem: (problem.line is None, problem.line or 0))


def parse_protocol(text: str, name: str) -> Protocol:
    """Parse and validate the TOML ``text`` of a protocol; ``name`` is used in problems."""
    try:
        data = parse_toml(text)
    except TextFileError as error:
        raise ProtocolError([Problem(name, error.message, error.line)]) from None
    try:
        return Protocol.model_validate(data)
    except ValidationError as error:
        raise ProtocolError(validation_problems(error, text, name)) from None


def load_protocol(path: Path, display_name: str | None = None) -> Protocol:
    """Load and validate the protocol file at ``path``."""
    name = display_name or str(path)
    return parse_protocol(read_protocol_text(path, name), name)
