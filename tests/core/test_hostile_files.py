"""Hostile files in place of every file codev reads: a clear located message, never a hang.

Each reader — carnet, group file, protocol, the workspace's settings — meets the same corpus:
a FIFO nobody writes to, links (to a file outside, to ``/dev/zero``), a folder, a file over
the size limit, numbers of thousands of digits, nesting ten thousand levels deep, dotted keys
of ten thousand parts, and numbers out of range (``inf``, ``nan``, ``1e308``) where numbers
are read. A reader that blocked would hang the suite: each read runs in a thread that the
test abandons (and fails) after a generous delay, as a safety net only.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import (
    LogbookError,
    LogbookStore,
    SessionEntry,
    WriteStatus,
    load_group_file,
    load_logbook,
)
from codev.core.logbook.reading import MAX_LOGBOOK_BYTES
from codev.core.protocol.loader import MAX_PROTOCOL_BYTES, ProtocolError, load_protocol
from codev.core.protocol.model import Role
from codev.core.textfile import MAX_KEY_PARTS, MAX_NESTING, TextFileError, parse_toml, read_utf8
from codev.core.user_config import MAX_CONFIG_BYTES, load_user_config
from codev.core.workspace import Workspace

T = TypeVar("T")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


def quickly(read: Callable[[], T]) -> T:
    """``read()``, in a thread: a reader that blocks fails the test instead of hanging it."""
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(read())
        except BaseException as error:  # handed back to the test's thread
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    if thread.is_alive():
        pytest.fail("the read blocked")
    if failure:
        raise failure[0]
    return result[0]


# ---------------------------------------------------------------------------- the readers

PROTOCOL = """\
format = 1
id = "atelier"
[title]
fr = "Atelier"
[description]
fr = "Une étape."
[[steps]]
id = "expose"
minutes = 10
speakers = "client"
[steps.title]
fr = "Exposé"
[steps.instructions]
fr = "Le client expose."
"""
CARNET = 'format = 1\nparticipant = "Marie"\ngroup = "G"\n'
GROUP = 'format = 1\nname = "G"\nmembers = ["Marie"]\n'
CONFIG = '[keymap]\nnext = "n"\n'


def carnet_problems(path: Path) -> list[str]:
    with pytest.raises(LogbookError) as raised:
        quickly(lambda: load_logbook(path))
    return [str(problem) for problem in raised.value.problems]


def group_problems(path: Path) -> list[str]:
    with pytest.raises(LogbookError) as raised:
        quickly(lambda: load_group_file(path))
    return [str(problem) for problem in raised.value.problems]


def protocol_problems(path: Path) -> list[str]:
    with pytest.raises(ProtocolError) as raised:
        quickly(lambda: load_protocol(path, path.name))
    return [str(problem) for problem in raised.value.problems]


def config_problems(path: Path) -> list[str]:
    # The workspace's codev.toml: ``path`` is always <workspace>/codev.toml here.
    config = quickly(lambda: load_user_config(Workspace(path.parent)))
    assert config.keymap == {}
    return [str(problem) for problem in config.problems]


Reader = tuple[str, str, Callable[[Path], list[str]], int]
"""A file name, a valid text of that kind, the reader and its size limit."""

READERS: list[Reader] = [
    ("marie.toml", CARNET, carnet_problems, MAX_LOGBOOK_BYTES),
    ("_group.toml", GROUP, group_problems, MAX_LOGBOOK_BYTES),
    ("atelier.toml", PROTOCOL, protocol_problems, MAX_PROTOCOL_BYTES),
    ("codev.toml", CONFIG, config_problems, MAX_CONFIG_BYTES),
]
READER_IDS = ["carnet", "group-file", "protocol", "config"]


def shown(path: Path, problems: list[str]) -> str:
    """The one problem, checked to name the file (by its full path or its name)."""
    (problem,) = problems
    assert problem.startswith(str(path)) or problem.startswith(path.name), problem
    return problem


def where(path: Path, problems: list[str]) -> tuple[int | None, str]:
    """The line the one problem names (None if it names none) and its text after the file."""
    problem = shown(path, problems)
    rest = problem.split(path.name, 1)[1]
    if rest.startswith(":") and rest[1:].split(":", 1)[0].isdigit():
        line, text = rest[1:].split(":", 1)
        return int(line), text.strip()
    return None, rest.lstrip(":").strip()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inside = tmp_path / "ws"
    inside.mkdir()
    return inside


# ---------------------------------------------------------------------------- not a file


@needs_fifo
@pytest.mark.parametrize(("name", "text", "problems_of", "limit"), READERS, ids=READER_IDS)
def test_a_fifo_nobody_writes_to(
    folder: Path, name: str, text: str, problems_of: Callable[[Path], list[str]], limit: int
) -> None:
    path = folder / name
    os.mkfifo(path)
    assert "not a regular file (a pipe, a device" in shown(path, problems_of(path))


@pytest.mark.parametrize(("name", "text", "problems_of", "limit"), READERS, ids=READER_IDS)
def test_a_link_to_a_file_outside(
    tmp_path: Path, folder: Path, name: str, text: str, problems_of: Callable[[Path], list[str]], limit: int
) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text(text, encoding="utf-8")
    path = folder / name
    path.symlink_to(outside)
    assert "symbolic link" in shown(path, problems_of(path))


@needs_dev_zero
@pytest.mark.parametrize(("name", "text", "problems_of", "limit"), READERS, ids=READER_IDS)
def test_a_link_to_dev_zero(
    folder: Path, name: str, text: str, problems_of: Callable[[Path], list[str]], limit: int
) -> None:
    path = folder / name
    path.symlink_to("/dev/zero")
    assert "symbolic link" in shown(path, problems_of(path))


@pytest.mark.parametrize(("name", "text", "problems_of", "limit"), READERS, ids=READER_IDS)
def test_a_folder(
    folder: Path, name: str, text: str, problems_of: Callable[[Path], list[str]], limit: int
) -> None:
    path = folder / name
    path.mkdir()
    assert "this is a folder, not a file" in shown(path, problems_of(path))


@pytest.mark.parametrize(("name", "text", "problems_of", "limit"), READERS, ids=READER_IDS)
def test_a_file_over_the_size_limit(
    folder: Path, name: str, text: str, problems_of: Callable[[Path], list[str]], limit: int
) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    with path.open("ab") as handle:  # a sparse file: the size is what is refused, before reading
        handle.truncate(limit + 1)
    assert f"file too large (over {limit // 1024} KiB)" in shown(path, problems_of(path))


# ---------------------------------------------------------------------------- hostile TOML

HOSTILE_TOML = [
    ("huge-integer", "x = " + "9" * 5000, "more than 4300 digits"),
    ("deep-arrays", "x = " + "[" * 10_000 + "]" * 10_000, "nested too deeply"),
    ("deep-inline-tables", "x = " + "{a=" * 10_000 + "1" + "}" * 10_000, "nested too deeply"),
    (
        "nested-past-the-limit",
        "x = " + "[" * (MAX_NESTING + 2) + "]" * (MAX_NESTING + 2),
        "nested too deeply",
    ),
    ("dotted-key", "a." * 10_000 + "a = 1", "nested too deeply"),
    ("dotted-table", "[" + "a." * 10_000 + "a]\nb = 1", "nested too deeply"),
]


@pytest.mark.parametrize(("name", "text", "problems_of", "limit"), READERS, ids=READER_IDS)
@pytest.mark.parametrize(
    ("hostile", "message"), [(h[1], h[2]) for h in HOSTILE_TOML], ids=[h[0] for h in HOSTILE_TOML]
)
def test_hostile_toml_is_refused_at_its_line(
    folder: Path,
    name: str,
    text: str,
    problems_of: Callable[[Path], list[str]],
    limit: int,
    hostile: str,
    message: str,
) -> None:
    path = folder / name
    # The hostile line goes after the valid text's root keys: it is on line 3.
    lines = text.splitlines()
    path.write_text("\n".join([*lines[:2], hostile, *lines[2:]]) + "\n", encoding="utf-8")
    line, said = where(path, problems_of(path))
    assert message in said
    assert line == 3


def test_parse_toml_says_why_and_where() -> None:
    with pytest.raises(TextFileError) as raised:
        parse_toml('a = 1\nb = "x"\nc = ' + "1" * 4400 + "\n")
    assert raised.value.line == 3
    assert "4300 digits" in raised.value.message
    with pytest.raises(TextFileError) as raised:
        parse_toml("a = 1\n" + ".".join(["k"] * (MAX_KEY_PARTS + 1)) + " = 1\n")
    assert raised.value.line == 2


def test_keys_and_nesting_up_to_the_limits_are_read() -> None:
    key = ".".join(["k"] * MAX_KEY_PARTS)
    assert parse_toml(f"{key} = 1\n")["k"]["k"]
    # The root table is the first level.
    depth = MAX_NESTING - 1
    assert parse_toml("x = " + "[" * depth + "]" * depth + "\n")["x"]


def test_many_dots_in_a_text_are_no_key() -> None:
    # A note of ellipses, in a multi-line string, even followed by "=", is text.
    text = 'note = """\nWell' + "." * 200 + " = so " + "… " * 50 + '\n"""\n'
    assert parse_toml(text)["note"].startswith("Well...")


# ---------------------------------------------------------------------------- numbers


def _protocol_with(line: str) -> str:
    return PROTOCOL.replace('speakers = "client"\n', f'speakers = "client"\n{line}\n')


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("wrap_up_minutes = inf", "steps.1.wrap_up_minutes", "a finite number is expected"),
        ("wrap_up_minutes = nan", "steps.1.wrap_up_minutes", "a finite number is expected"),
        ("wrap_up_minutes = 1e308", "steps.1.wrap_up_minutes", "must be less than or equal to 1440"),
        ("min_minutes = nan", "steps.1.min_minutes", "a finite number is expected"),
        ("min_minutes = -inf", "steps.1.min_minutes", "a finite number is expected"),
        (
            "optional = true\n[steps.turns]\nseconds = " + "9" * 4000,
            "steps.1.turns.seconds",
            "less than or equal to 3600",
        ),
    ],
)
def test_protocol_numbers_out_of_range(folder: Path, line: str, field: str, message: str) -> None:
    path = folder / "atelier.toml"
    path.write_text(_protocol_with(line), encoding="utf-8")
    (problem,) = protocol_problems(path)
    assert f": {field}: " in problem
    assert message in problem


@pytest.mark.parametrize("value", ["inf", "nan", "1e308", "-1e308"])
def test_a_step_s_minutes_out_of_range(folder: Path, value: str) -> None:
    path = folder / "atelier.toml"
    path.write_text(PROTOCOL.replace("minutes = 10", f"minutes = {value}"), encoding="utf-8")
    (problem,) = protocol_problems(path)
    assert problem.startswith("atelier.toml:9: steps.1.minutes: ")


def test_a_protocol_format_of_thousands_of_digits_is_told_briefly(folder: Path) -> None:
    path = folder / "atelier.toml"
    path.write_text(PROTOCOL.replace("format = 1", "format = " + "9" * 4000), encoding="utf-8")
    (problem,) = protocol_problems(path)
    assert problem.startswith("atelier.toml:1: format: ")
    assert len(problem) < 200


@pytest.mark.parametrize(
    ("entry_number", "message"),
    [("9" * 4000, "must be less than or equal to"), ("inf", "a whole number is expected")],
)
def test_a_session_number_out_of_range(folder: Path, entry_number: str, message: str) -> None:
    path = folder / "marie.toml"
    entry = (
        '[[sessions]]\nid = "s1"\ndate = 2025-01-01T09:00:00+01:00\ngroup = "G"\n'
        f'role = "client"\nnumber = {entry_number}\n'
    )
    path.write_text(CARNET + entry, encoding="utf-8")
    (problem,) = carnet_problems(path)
    assert problem.startswith(f"{path}:9: sessions.1.number: ")
    assert message in problem
    assert len(problem) < len(str(path)) + 200


def test_a_carnet_format_of_thousands_of_digits_is_told_briefly(folder: Path) -> None:
    path = folder / "marie.toml"
    path.write_text(CARNET.replace("format = 1", "format = " + "9" * 4000), encoding="utf-8")
    (problem,) = carnet_problems(path)
    assert problem.startswith(f"{path}:1: ")
    assert len(problem) < len(str(path)) + 200


@pytest.mark.parametrize("value", ["inf", "nan", "1e308", "-inf"])
def test_joker_minutes_out_of_range(folder: Path, value: str) -> None:
    path = folder / "codev.toml"
    path.write_text(f"[session]\njoker_minutes = {value}\n", encoding="utf-8")
    config = quickly(lambda: load_user_config(Workspace(folder)))
    assert config.joker_minutes is None
    (problem,) = config.problems
    assert str(problem).startswith(f"{path}:2: session.joker_minutes: the joker is a number of minutes")


# ---------------------------------------------------------------------------- the store


@needs_fifo
def test_the_store_neither_hangs_nor_replaces_a_fifo(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    folder = tmp_path / "logbooks" / "g"
    folder.mkdir(parents=True)
    (folder / "_group.toml").write_text(GROUP, encoding="utf-8")
    fifo = folder / "marie.toml"
    os.mkfifo(fifo)
    assert [ref.name for ref in quickly(store.groups)] == ["G"]
    assert quickly(store.carnets) == []
    with pytest.raises(LogbookError, match="not a regular file"):
        quickly(lambda: store.load("G", "Marie"))
    entry = SessionEntry(id="s1", date=dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC), group="G", role=Role.CLIENT)
    outcome = quickly(lambda: store.upsert_entry("Marie", entry))
    assert outcome.status is WriteStatus.KEPT_ASIDE
    assert "not a regular file" in str(outcome.problems[0])
    assert fifo.is_fifo()


@needs_fifo
def test_a_fifo_group_file_neither_hangs_nor_is_listed(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    folder = tmp_path / "logbooks" / "g"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "_group.toml")
    assert quickly(store.groups) == []
    with pytest.raises(LogbookError, match="not a regular file"):
        quickly(lambda: store.load_group("G"))


def test_read_utf8_refuses_a_link_unless_asked_to_follow(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text("a = 1\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    with pytest.raises(TextFileError, match="symbolic link"):
        read_utf8(link)
    assert read_utf8(link, follow_symlinks=True) == "a = 1\n"
    dangling = tmp_path / "gone.toml"
    dangling.symlink_to(tmp_path / "nothing.toml")
    with pytest.raises(TextFileError) as raised:
        read_utf8(dangling, follow_symlinks=True)
    assert raised.value.missing
