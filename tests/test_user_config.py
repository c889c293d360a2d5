"""The settings file: its ``[keymap]``, the workspace's overrides, and every way it can be wrong."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import set_lang
from codev.core.user_config import (
    BINDING_IDS,
    CONFIG_ENV,
    MAX_CONFIG_BYTES,
    MAX_PROBLEMS,
    UserConfig,
    check_keys,
    load_user_config,
    parse_config,
    read_config_file,
    user_config_path,
    workspace_config_path,
)
from codev.core.workspace import Workspace

IGNORED = " — file ignored, codev keeps its default keys"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def user_file(no_user_config: Path) -> Path:
    """The user's settings file ($CODEV_CONFIG, set for every test by the root conftest)."""
    return no_user_config


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    return Workspace(root)


def parse(text: str) -> tuple[dict[str, str], list[str]]:
    keymap, problems = parse_config(text, "c.toml")
    return keymap, [str(problem) for problem in problems]


def load_quickly(path: Path) -> tuple[dict[str, str], list[str]]:
    """Read ``path`` in a thread and fail (instead of hanging the suite) if it blocks."""
    result: list[tuple[dict[str, str], list[str]]] = []

    def read() -> None:
        keymap, problems = read_config_file(path, "c.toml")
        result.append((keymap, [str(problem) for problem in problems]))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(10)
    assert result, f"reading {path} blocked"
    return result[0]


# --- Where the files are ------------------------------------------------------------------


def test_codev_config_names_the_user_file(tmp_path: Path) -> None:
    assert user_config_path({CONFIG_ENV: str(tmp_path / "mine.toml")}) == tmp_path / "mine.toml"


def test_without_codev_config_the_platform_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_config_dir", lambda name, appauthor=None: f"/cfg/{name}")
    assert user_config_path({}) == Path("/cfg/codev/config.toml")
    assert user_config_path({CONFIG_ENV: ""}) == Path("/cfg/codev/config.toml")


def test_the_workspace_file_is_codev_toml(workspace: Workspace) -> None:
    assert workspace_config_path(workspace) == workspace.root / "codev.toml"


def test_no_file_no_keymap_no_problem(workspace: Workspace) -> None:
    assert load_user_config(workspace) == UserConfig({}, [])


# --- A good file -----------------------------------------------------------------------------


def test_a_valid_file_gives_its_keymap(user_file: Path) -> None:
    user_file.write_text(
        '# my clicker\n[keymap]\nnext = "pagedown,n,right"\nblank = "b, full_stop"\nhelp = "?"\n',
        encoding="utf-8",
    )
    config = load_user_config()
    assert config.keymap == {"next": "pagedown,n,right", "blank": "b,full_stop", "help": "?"}
    assert config.problems == []


def test_the_workspace_wins_key_by_key(user_file: Path, workspace: Workspace) -> None:
    user_file.write_text('[keymap]\nnext = "x"\nblank = "z"\n', encoding="utf-8")
    workspace_config_path(workspace).write_text('[keymap]\nnext = "y"\nskip = "k"\n', encoding="utf-8")
    config = load_user_config(workspace)
    assert config.keymap == {"next": "y", "blank": "z", "skip": "k"}
    assert config.problems == []


def test_a_bad_workspace_entry_leaves_the_users(user_file: Path, workspace: Workspace) -> None:
    user_file.write_text('[keymap]\nnext = "x"\n', encoding="utf-8")
    ws_file = workspace_config_path(workspace)
    ws_file.write_text('[keymap]\nnext = ""\n', encoding="utf-8")
    config = load_user_config(workspace)
    assert config.keymap == {"next": "x"}
    assert [str(problem) for problem in config.problems] == [
        f"{ws_file}:2: keymap.next: no key given; default keys kept"
    ]


def test_dotted_ids_quoted_dotted_or_as_a_table() -> None:
    keymap, problems = parse(
        '[keymap]\n"carnet.search" = "ctrl+f"\neditor.save = "ctrl+w"\n'
        '"carnet.status" = "s"\ncarnet.status.cancel = "q"\n'
        '[keymap.carnet.personal]\nsave = "f2"\n'
    )
    assert problems == []
    assert keymap == {
        "carnet.search": "ctrl+f",
        "editor.save": "ctrl+w",
        "carnet.status": "s",
        "carnet.status.cancel": "q",
        "carnet.personal.save": "f2",
    }


def test_every_live_screen_binding_can_be_remapped() -> None:
    live = [
        *(
            "start_pause",
            "next",
            "previous",
            "more_time",
            "less_time",
            "next_speaker",
            "previous_speaker",
            "floor_nobody",
        ),
        *("add_note", "edit_notes", "skip", "catch_up", "joker", "followup", "blank", "timer_only"),
        *("room_message", "room_notes", "help", "quit", "palette", "theme"),
    ]
    keymap, problems = parse("[keymap]\n" + "".join(f'{name} = "f{i + 1}"\n' for i, name in enumerate(live)))
    assert problems == []
    assert set(keymap) == set(live) <= BINDING_IDS


@pytest.mark.parametrize(
    ("value", "keys"),
    [("n", "n"), ("n, right ,pagedown", "n,right,pagedown"), ("ctrl+shift+f5", "ctrl+shift+f5"), ("?", "?")],
)
def test_key_lists_are_cleaned(value: str, keys: str) -> None:
    assert check_keys(value) == (keys, None)


# --- Each problem, with its FILE:LINE: key: message -------------------------------------------


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('nxt = "x"', "keymap.nxt: unknown binding id, ignored — did you mean 'next'?"),
        ('zzzzzz = "x"', "keymap.zzzzzz: unknown binding id, ignored (see docs/configuration.md)"),
        (
            'carnet.serch = "x"',
            "keymap.carnet.serch: unknown binding id, ignored — did you mean 'carnet.search'?",
        ),
        (
            "next = 3",
            'keymap.next: keys are written in quotes, separated by commas ("n,right"); default keys kept',
        ),
        (
            'next = ["n", "x"]',
            'keymap.next: keys are written in quotes, separated by commas ("n,right"); default keys kept',
        ),
        (
            "next = { key = 'x' }",
            'keymap.next: keys are written in quotes, separated by commas ("n,right"); default keys kept',
        ),
        ('next = ""', "keymap.next: no key given; default keys kept"),
        ('next = " , "', "keymap.next: no key given; default keys kept"),
        ('next = "n,,p"', "keymap.next: a comma with no key before or after it; default keys kept"),
        ('next = "n,"', "keymap.next: a comma with no key before or after it; default keys kept"),
        (
            'next = "page down"',
            "keymap.next: 'page down' is not a key name (no spaces, e.g. ctrl+n, pagedown, f5); "
            "default keys kept",
        ),
        (
            'next = "n,\\u001b[31m"',
            "keymap.next: '\\x1b[31m' is not a key name (no spaces, e.g. ctrl+n, pagedown, f5); "
            "default keys kept",
        ),
    ],
)
def test_each_bad_entry_is_one_problem_and_the_others_still_apply(entry: str, message: str) -> None:
    keymap, problems = parse(f'[keymap]\nblank = "z"\n{entry}\nskip = "k"\n')
    assert problems == [f"c.toml:3: {message}"]
    assert keymap == {"blank": "z", "skip": "k"}


def test_unknown_tables_and_keys_outside_keymap_are_reported() -> None:
    keymap, problems = parse('next = "x"\n[keymap]\nskip = "k"\n[keymaps]\nblank = "b"\n[theme]\nname = 1\n')
    unknown = "unknown setting, ignored (codev reads the [keymap] and [session] tables)"
    assert problems == [
        f"c.toml:1: next: {unknown}",
        f"c.toml:4: keymaps: {unknown}",
        f"c.toml:6: theme: {unknown}",
    ]
    assert keymap == {"skip": "k"}


def test_a_keymap_that_is_not_a_table() -> None:
    keymap, problems = parse('keymap = "next=x"\n')
    assert problems == [
        'c.toml:1: keymap: must be a table: [keymap] then one line id = "keys" per binding; ignored'
    ]
    assert keymap == {}


def test_a_binding_given_twice_keeps_the_first() -> None:
    keymap, problems = parse('[keymap]\n"carnet.search" = "a"\ncarnet.search = "b"\n')
    assert problems == [
        "c.toml:3: keymap.carnet.search: binding given twice (with and without quotes); "
        "only the first one counts"
    ]
    assert keymap == {"carnet.search": "a"}


def test_long_and_strange_ids_are_shown_short_and_quoted() -> None:
    _, problems = parse(f'[keymap]\n"{"a" * 500}" = "x"\n"b c" = "y"\n')
    assert problems[0].startswith('c.toml:2: keymap."aaaa')
    assert len(problems[0]) < 200
    unknown = "unknown binding id, ignored (see docs/configuration.md)"
    assert problems[1] == f'c.toml:3: keymap."b c": {unknown}'


def test_many_problems_are_capped() -> None:
    _, problems = parse("[keymap]\n" + "".join(f'unknown{i} = "x"\n' for i in range(50)))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].startswith("c.toml:2: keymap.unknown0: unknown binding id")
    assert problems[-1] == f"c.toml: {50 - MAX_PROBLEMS} more problems in this file, not shown"


def test_problems_are_in_the_users_language() -> None:
    set_lang("fr")
    _, problems = parse('[keymap]\nnext = ""\n')
    assert problems == ["c.toml:2: keymap.next: aucune touche donnée ; touches par défaut gardées"]


# --- A file that cannot be read is ignored whole -------------------------------------------


def test_a_syntax_error_ignores_the_whole_file(user_file: Path, workspace: Workspace) -> None:
    user_file.write_text('[keymap]\nnext = "x"\nblank = \n', encoding="utf-8")
    workspace_config_path(workspace).write_text('[keymap]\nskip = "k"\n', encoding="utf-8")
    config = load_user_config(workspace)
    assert config.keymap == {"skip": "k"}  # the other file still applies
    (problem,) = config.problems
    assert str(problem).startswith(f"{user_file}:3: TOML syntax error: ")
    assert str(problem).endswith(IGNORED)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'[keymap]\nnext = "\xe9"\n', "c.toml:2: the text is not UTF-8 (save the file as UTF-8)"),
        (b'[keymap]\nnext = "x"\x00\n', "c.toml:2: binary file: TOML text is expected"),
        (b"x" * (MAX_CONFIG_BYTES + 1), f"c.toml: file too large (over {MAX_CONFIG_BYTES // 1024} KiB)"),
        (b"[keymap]\nnext = " + b"9" * 5000 + b"\n", "c.toml:2: a number of more than 4300 digits"),
        (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "c.toml:1: nested too deeply to be read"),
        (b"x = " + b"{a=" * 3000 + b"1" + b"}" * 3000 + b"\n", "c.toml:1: nested too deeply to be read"),
        (b"[keymap]\n" + b"a." * 400_000 + b"a = 1\n", "c.toml:2: nested too deeply to be read"),
    ],
    ids=["not-utf8", "binary", "huge", "huge-integer", "deep-arrays", "deep-tables", "long-dotted-key"],
)
def test_hostile_files_are_ignored_with_a_problem(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    started = time.monotonic()
    keymap, problems = load_quickly(path)
    assert time.monotonic() - started < 5
    assert keymap == {}
    (problem,) = problems
    assert problem.startswith(reason)
    assert problem.endswith(IGNORED)


def test_a_folder_in_place_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    assert load_quickly(path) == ({}, [f"c.toml: this is a folder, not a file{IGNORED}"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_file_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    not_regular = "c.toml: this is not a regular file (a pipe, a device…)"
    assert load_quickly(path) == ({}, [not_regular + IGNORED])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_dev_zero_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to("/dev/zero")
    not_regular = "c.toml: this is not a regular file (a pipe, a device…)"
    assert load_quickly(path) == ({}, [not_regular + IGNORED])


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads everything")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\nnext = "x"\n', encoding="utf-8")
    path.chmod(0)
    assert load_quickly(path) == ({}, [f"c.toml: permission denied{IGNORED}"])


def test_a_dangling_link_is_no_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to(tmp_path / "gone.toml")
    assert load_quickly(path) == ({}, [])


def test_an_empty_file_is_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("\n# nothing yet\n", encoding="utf-8")
    assert load_quickly(path) == ({}, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("1.5", 1.5), ("0", None), ("31", None), ("true", None), ('"2"', None)],
)
def test_the_joker_s_minutes_are_set_in_the_session_table(
    tmp_path: Path, value: str, expected: float | None
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[session]\njoker_minutes = {value}\nother = 1\n", encoding="utf-8")
    config = load_user_config(None, env={CONFIG_ENV: str(path)})
    assert config.joker_minutes == expected
    messages = [str(problem) for problem in config.problems]
    unknown = "unknown session setting, ignored (codev only reads joker_minutes)"
    assert f"{path}:3: session.other: {unknown}" in messages
    if expected is None:
        assert any("the joker is a number of minutes" in message for message in messages)
