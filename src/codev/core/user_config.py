"""The user's settings file: its ``[keymap]`` table remaps codev's keys.

Two files are read, both optional:

* the user's: ``config.toml`` in the platform's config folder (``~/.config/codev`` on Linux),
  or the file named by ``$CODEV_CONFIG`` instead (the tests point it at a file of their own);
* the workspace's ``codev.toml``, whose entries win over the user's, binding by binding
  (a team that shares a clicker writes its keys once, for everyone who runs the session).

``[keymap]`` maps a binding id (see :data:`BINDING_IDS`) to the keys, as Textual names them,
separated by commas: ``next = "pagedown,n,right"``. A file that cannot be read is ignored as a
whole; a bad entry is ignored alone, so the other file's entry or the default applies. Either
way codev starts, and every mistake comes back as a :class:`Problem` (``FILE:LINE: key: message``).

Nothing here imports Textual: the interface applies the keymap (:mod:`codev.ui.keymap`).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codev.core.i18n import t, tn
from codev.core.problems import Problem
from codev.core.protocol.loader import field_path
from codev.core.protocol.model import MAX_JOKER_MINUTES
from codev.core.textfile import TextFileError, decode_utf8, parse_toml, read_regular_bytes
from codev.core.toml_positions import KeyPath, TomlPositions
from codev.core.workspace import Workspace

CONFIG_ENV = "CODEV_CONFIG"
"""A path: read this file instead of the platform's ``config.toml``."""
CONFIG_FILE_NAME = "config.toml"
WORKSPACE_CONFIG_NAME = "codev.toml"
KEYMAP_TABLE = "keymap"
SESSION_TABLE = "session"
"""``[session]``: ``joker_minutes``, the minutes granted once per step when its time is up."""

MAX_CONFIG_BYTES = 1024 * 1024
"""A settings file is a few hundred bytes; anything above a megabyte is not one."""
MAX_DOTS_PER_LINE = 16
"""tomllib takes quadratic time over a dotted key's parts (a 100 KB ``a.a.a…`` key: a minute);
the longest binding key has three dots (``keymap.carnet.personal.save``), so a line with more
dots than this before its ``=`` is refused unparsed."""
MAX_PROBLEMS = 10
"""Problems reported per file; a hostile file with thousands says how many more there are."""
_MAX_SHOWN = 40
"""Longest key, value or id quoted in a message: a problem fits in a notification."""

BINDING_IDS: frozenset[str] = frozenset(
    {
        # The facilitator's live screen.
        "start_pause",
        "next",
        "previous",
        "more_time",
        "less_time",
        "next_speaker",
        "previous_speaker",
        "floor_nobody",
        "add_note",
        "edit_notes",
        "skip",
        "catch_up",
        "joker",
        "followup",
        "blank",
        "timer_only",
        "room_message",
        "room_notes",
        "consent",
        "help",
        "quit",
        # The whole application.
        "palette",
        "theme",
        # The set-up, the summary, the help screen and the dialogs.
        "start_session",
        "close",
        "next_meeting",
        "write_report",
        "help_close",
        "cancel",
        "keep",
        "confirm_yes",
        "confirm_no",
        "delete_note",
        "new_session",
        "set_aside",
        # The carnets.
        "carnet.search",
        "carnet.clear_search",
        "carnet.view_sessions",
        "carnet.view_commitments",
        "carnet.view_path",
        "carnet.reload",
        "carnet.quit",
        "carnet.back",
        "carnet.previous",
        "carnet.next",
        "carnet.open",
        "carnet.open_hit",
        "carnet.status",
        "carnet.status.cancel",
        "carnet.to_list",
        "carnet.complete",
        "carnet.action_status",
        "carnet.edit_action",
        "carnet.action.save",
        "carnet.action.cancel",
        "carnet.problems.close",
        "carnet.personal.save",
        "carnet.personal.cancel",
        "carnet.list.up",
        "carnet.list.down",
        "carnet.list.page_up",
        "carnet.list.page_down",
        "carnet.list.first",
        "carnet.list.last",
        "carnet.session.up",
        "carnet.session.down",
        "carnet.session.page_up",
        "carnet.session.page_down",
        "carnet.session.top",
        "carnet.session.bottom",
        # The protocol editor.
        "editor.save",
        "editor.back",
        "editor.list_save",
        "editor.quit",
        "editor.add_step",
        "editor.duplicate_step",
        "editor.remove_step",
        "editor.move_up",
        "editor.move_down",
        "editor.preview",
        "unsaved.save",
        "unsaved.discard",
        "unsaved.cancel",
    }
)
"""Every binding a user may remap, as the interface declares them (``Binding(id=...)``).

Kept here, not gathered from the screens, so that reading the file needs no Textual and no
screen module; a test checks that it matches the ids the interface declares, both ways.
"""

_MAX_ID_PARTS = max(binding_id.count(".") + 1 for binding_id in BINDING_IDS)


@dataclass(frozen=True)
class UserConfig:
    """The keymap in force and what was wrong with the files it came from."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, comma-separated (``"pagedown,n"``), for the ids the files remap."""
    problems: list[Problem] = field(default_factory=list)
    """One per mistake, the user's file's first, each in the ``FILE:LINE: key: message`` form."""
    joker_minutes: float | None = None
    """``[session] joker_minutes``: the joker's length (None: codev's two minutes)."""


def user_config_path(env: Mapping[str, str] | None = None) -> Path:
    """The user's settings file: ``$CODEV_CONFIG`` if set, else the platform's ``config.toml``."""
    env = os.environ if env is None else env
    override = env.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    # Imported here: only a start without $CODEV_CONFIG pays for it.
    import platformdirs

    # appauthor=False: on Windows the folder is …\codev, not …\codev\codev.
    return Path(platformdirs.user_config_dir("codev", appauthor=False)) / CONFIG_FILE_NAME


def workspace_config_path(workspace: Workspace) -> Path:
    """The workspace's settings file, shared by everyone who runs sessions from it."""
    return workspace.root / WORKSPACE_CONFIG_NAME


def load_user_config(workspace: Workspace | None = None, env: Mapping[str, str] | None = None) -> UserConfig:
    """The keymap of the user's file overlaid with the workspace's, and every problem of both.

    Never raises for what is in the files or in their place: a missing file is no problem, a
    file that cannot be read or parsed is a problem and is ignored.
    """
    # The user's own file may be a link (dotfiles managers make them); the workspace's is
    # shared with whoever else writes there, and read only as itself.
    files = [(user_config_path(env), True)]
    if workspace is not None:
        files.append((workspace_config_path(workspace), False))
    keymap: dict[str, str] = {}
    problems: list[Problem] = []
    joker: float | None = None
    for path, follow_symlinks in files:
        checker = _read(path, follow_symlinks=follow_symlinks)
        # Key by key: the workspace remaps what it names, the user's other entries stay.
        keymap.update(checker.keymap)
        problems.extend(checker.sorted_problems())
        joker = checker.joker_minutes if checker.joker_minutes is not None else joker
    return UserConfig(keymap, problems, joker)


def read_config_file(
    path: Path, name: str | None = None, *, follow_symlinks: bool = True
) -> tuple[dict[str, str], list[Problem]]:
    """The keymap in the settings file at ``path`` and its problems (``name`` names it in them).

    Like the user's own file, ``path`` may be a link unless ``follow_symlinks`` is false.
    """
    checker = _read(path, name, follow_symlinks=follow_symlinks)
    return checker.keymap, checker.sorted_problems()


def _read(path: Path, name: str | None = None, *, follow_symlinks: bool = False) -> _Checker:
    name = name or str(path)
    try:
        data = read_regular_bytes(path, MAX_CONFIG_BYTES, follow_symlinks=follow_symlinks)
        text = decode_utf8(data, MAX_CONFIG_BYTES)
    except TextFileError as error:
        if error.missing:
            return _Checker("", name)
        return _Checker.failed(name, _file_problem(name, error.message, error.line))
    return _parse(text, name)


def _file_problem(name: str, reason: str, line: int | None = None) -> Problem:
    return Problem(name, t("config.error.file_ignored", reason=reason), line)


def _too_many_dots(text: str) -> int | None:
    """The first line whose key part has more dots than any binding id needs, or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("#"):
            continue
        if line.partition("=")[0].count(".") > MAX_DOTS_PER_LINE:
            return number
    return None


def parse_config(text: str, name: str) -> tuple[dict[str, str], list[Problem]]:
    """The keymap in the settings ``text`` and its problems; ``name`` names the file in them."""
    checker = _parse(text, name)
    return checker.keymap, checker.sorted_problems()


def _parse(text: str, name: str) -> _Checker:
    deep_line = _too_many_dots(text)
    if deep_line is not None:
        too_deep = t("file.error.too_deep", limit=MAX_DOTS_PER_LINE + 1)
        return _Checker.failed(name, _file_problem(name, too_deep, deep_line))
    try:
        # Nesting, huge integers and the like are parse_toml's to refuse, with their line.
        data = parse_toml(text)
    except TextFileError as error:
        return _Checker.failed(name, _file_problem(name, error.message, error.line))
    checker = _Checker(text, name)
    checker.check(data)
    return checker


class _Checker:
    """Validates a parsed settings file, entry by entry; positions are found only if needed."""

    def __init__(self, text: str, name: str) -> None:
        self._text = text
        self._name = name
        self._positions: TomlPositions | None = None
        self._problems: list[Problem] = []
        self._left_out = 0
        self.keymap: dict[str, str] = {}
        self.joker_minutes: float | None = None
        self._where: dict[str, KeyPath] = {}

    @classmethod
    def failed(cls, name: str, problem: Problem) -> _Checker:
        """A file that could not be read at all: no setting, one problem."""
        checker = cls("", name)
        checker._problems.append(problem)
        return checker

    def check(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if key not in (KEYMAP_TABLE, SESSION_TABLE):
                self._problem((key,), "config.error.unknown_section")
            elif not isinstance(value, dict):
                self._problem((key,), "config.error.not_table")
            elif key == SESSION_TABLE:
                self._session(value)
            else:
                for path, entry in _entries(value, (KEYMAP_TABLE,)):
                    self._entry(path, entry)

    def sorted_problems(self) -> list[Problem]:
        """The problems in the order of the file's lines (and how many were left out)."""
        problems = sorted(self._problems, key=lambda problem: (problem.line is None, problem.line or 0))
        if self._left_out:
            problems.append(Problem(self._name, tn("config.error.more", self._left_out)))
        return problems

    def _session(self, table: dict[str, Any]) -> None:
        for key, value in table.items():
            path = (SESSION_TABLE, key)
            if key != "joker_minutes":
                self._problem(path, "config.error.unknown_session_key")
            # bool is an int in Python: `joker_minutes = true` is a mistake, not one minute.
            elif (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not 0 < value <= MAX_JOKER_MINUTES
            ):
                self._problem(path, "config.error.joker", most=MAX_JOKER_MINUTES)
            else:
                self.joker_minutes = float(value)

    def _entry(self, path: KeyPath, value: object) -> None:
        binding_id = ".".join(str(part) for part in path[1:])
        if binding_id not in BINDING_IDS:
            suggestion = _suggest(binding_id) if len(self._problems) < MAX_PROBLEMS else None
            if suggestion:
                self._problem(path, "config.error.unknown_binding_hint", suggestion=suggestion)
            else:
                self._problem(path, "config.error.unknown_binding")
            return
        if binding_id in self._where:
            self._problem(path, "config.error.duplicate")
            return
        self._where[binding_id] = path
        if not isinstance(value, str):
            self._problem(path, "config.error.not_string")
            return
        keys, error = check_keys(value)
        if error is not None:
            message, values = error
            self._problem(path, message, **values)
            return
        self.keymap[binding_id] = keys

    def _problem(self, path: KeyPath, message_id: str, /, **values: Any) -> None:
        if len(self._problems) >= MAX_PROBLEMS:
            self._left_out += 1
            return
        if self._positions is None:
            self._positions = TomlPositions(self._text)
        self._problems.append(
            Problem(
                file=self._name,
                message=t(message_id, **values),
                line=self._positions.line_of(path),
                field=_shorten(field_path(path)),
            )
        )


def _entries(table: dict[str, Any], path: KeyPath) -> Iterator[tuple[KeyPath, object]]:
    """The (path, value) of each binding in ``[keymap]``, dotted ids unfolded.

    ``carnet.search = "ctrl+f"`` (a dotted key), ``[keymap.carnet]`` then ``search = …``, and
    ``"carnet.search" = …`` (quoted) all name the binding ``carnet.search``.
    """
    for key, value in table.items():
        here = (*path, key)
        binding_id = ".".join(str(part) for part in here[1:])
        unfolds = isinstance(value, dict) and len(here) - 1 < _MAX_ID_PARTS
        # "carnet.status" is an id and the start of "carnet.status.cancel": a table there
        # holds ids; a table in place of an id that starts no other is a wrong value.
        if unfolds and (binding_id not in BINDING_IDS or _starts_an_id(binding_id)):
            yield from _entries(value, here)
        else:
            yield here, value


def _starts_an_id(prefix: str) -> bool:
    return any(binding_id.startswith(prefix + ".") for binding_id in BINDING_IDS)


KeysError = tuple[str, dict[str, object]]
"""Why a value is not a key list: a catalog key and its placeholders."""


def check_keys(value: str) -> tuple[str, KeysError | None]:
    """``value`` as a clean key list (``"n, right"`` → ``"n,right"``) and None, or why it is not one.

    The check is deliberately simple: comma-separated names, none empty, none with a space
    or a control character, none longer than any key name. Whether Textual knows a name
    shows when the key is pressed.
    """
    tokens = [token.strip() for token in value.split(",")]
    if not any(tokens):
        return "", ("config.error.no_key", {})
    for token in tokens:
        if not token:
            return "", ("config.error.empty_key", {})
        if len(token) > _MAX_SHOWN or not token.isprintable() or any(char.isspace() for char in token):
            return "", ("config.error.bad_key", {"key": _shorten(_printable(token))})
    return ",".join(tokens), None


def _suggest(binding_id: str) -> str | None:
    if len(binding_id) > _MAX_SHOWN:
        return None
    matches = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _printable(text: str) -> str:
    # Control characters (an escape sequence) must not reach the terminal through a toast.
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
