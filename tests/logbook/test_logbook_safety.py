"""The store never writes outside the workspace nor over what a person protected, takes
unusual but valid carnets in its stride, and clears the temporary files a kill leaves behind.

One carnet that cannot be written never stops the others: each says why in its outcome.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import (
    LogbookError,
    LogbookStore,
    Participant,
    SessionRecord,
    WriteStatus,
    load_logbook,
)
from codev.core.protocol.model import Role
from codev.core.safe_io import ORPHAN_AGE_SECONDS

TZ = dt.timezone(dt.timedelta(hours=1))
GROUP = "Managers 2025"
PEOPLE = ["Marie", "Paul", "Élise"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


@pytest.fixture
def store(tmp_path: Path) -> LogbookStore:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    return LogbookStore(workspace / "logbooks")


def record(number: int, client: str = "Marie") -> SessionRecord:
    return SessionRecord.model_validate(
        {
            "id": f"s{number}",
            "date": dt.datetime(2025, 1, number, 9, tzinfo=TZ),
            "group": GROUP,
            "number": number,
            "protocol": "codev",
            "subject": f"Subject {number}",
            "participants": [
                Participant(name=name, role=Role.CLIENT if name == client else Role.CONSULTANT)
                for name in PEOPLE
            ],
        }
    )


def carnet(store: LogbookStore, name: str) -> Path:
    return store.carnets_of(name)[0].path


def ids(path: Path) -> list[str]:
    return [entry["id"] for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("sessions", [])]


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# ------------------------------------------------------------------ unusual but valid carnets


def _rewrite_sessions(path: Path, sessions: str) -> None:
    head = path.read_text(encoding="utf-8").split("[[sessions]]")[0]
    path.write_text(head + sessions, encoding="utf-8")


def test_an_empty_sessions_array_takes_the_next_note(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    _rewrite_sessions(path, "sessions = []\n")
    saved = store.save_session(record(2))
    assert {name: outcome.status for name, outcome in saved.carnets.items()} == {
        name: WriteStatus.WRITTEN for name in PEOPLE
    }
    assert ids(path) == ["s2"]
    assert ids(carnet(store, "Paul")) == ["s1", "s2"]


def test_inline_sessions_are_kept_and_the_next_note_added(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    _rewrite_sessions(
        path,
        'sessions = [{id = "old", date = 2024-12-01T09:00:00+01:00, group = "Managers 2025", '
        'role = "consultant", subject = "Kept", mine = "a key of my own", learnings = ["one"]}]\n',
    )
    saved = store.save_session(record(2))
    assert saved.carnets["Marie"].status is WriteStatus.WRITTEN
    assert saved.carnets["Paul"].status is WriteStatus.WRITTEN
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [entry["id"] for entry in data["sessions"]] == ["old", "s2"]
    assert data["sessions"][0]["mine"] == "a key of my own"
    assert data["sessions"][0]["learnings"] == ["one"]
    assert [entry.id for entry in load_logbook(path).sessions] == ["old", "s2"]


def test_inline_sessions_with_comments_become_tables_and_keep_the_comments(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    _rewrite_sessions(
        path,
        "sessions = [  # my own way\n"
        "  # the first one\n"
        '  {id = "old", date = 2024-12-01T09:00:00+01:00, group = "Managers 2025", role = "consultant"},\n'
        "]  # the end\n",
    )
    saved = store.save_session(record(2))
    assert saved.carnets["Marie"].status is WriteStatus.WRITTEN
    text = path.read_text(encoding="utf-8")
    for comment in ("# my own way", "# the first one", "# the end"):
        assert comment in text
    assert [entry.id for entry in load_logbook(path).sessions] == ["old", "s2"]
    assert "[[sessions]]" in text and "sessions = [" not in text


def test_one_carnet_failing_never_stops_the_others(
    store: LogbookStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_session(record(1))
    real = LogbookStore._edit
    marie = carnet(store, "Marie")

    def broken(self: LogbookStore, path: Path, *args: object, **kwargs: object) -> WriteStatus:
        if path == marie:
            raise ValueError("a bug nobody foresaw")
        return real(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(LogbookStore, "_edit", broken)
    saved = store.save_session(record(2))
    assert saved.carnets["Marie"].status is WriteStatus.KEPT_ASIDE
    assert "a bug nobody foresaw" in str(saved.carnets["Marie"].problems[0])
    assert saved.carnets["Paul"].status is WriteStatus.WRITTEN
    assert saved.carnets["Élise"].status is WriteStatus.WRITTEN
    assert saved.group.status is WriteStatus.WRITTEN


# ------------------------------------------------------------------ links and protected files


def test_a_linked_logbooks_folder_is_refused_and_nothing_is_written_there(
    store: LogbookStore, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store.root.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(LogbookError) as raised:
        store.save_session(record(1))
    assert f"{store.root} is a symbolic link" in str(raised.value)
    assert list(elsewhere.iterdir()) == []


def test_a_linked_group_folder_is_refused_and_nothing_is_written_there(
    store: LogbookStore, tmp_path: Path
) -> None:
    store.save_session(record(1))
    folder = carnet(store, "Marie").parent
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    before = files_under(elsewhere)
    with pytest.raises(LogbookError) as raised:
        store.save_session(record(2))
    assert f"{folder} is a symbolic link" in str(raised.value)
    assert files_under(elsewhere) == before
    with pytest.raises(LogbookError, match="symbolic link"):
        store.update_personal(GROUP, "Marie", "s1", learnings=["never written"])
    assert files_under(elsewhere) == before


def test_a_linked_carnet_is_not_replaced(store: LogbookStore, tmp_path: Path) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    outside = tmp_path / "marie-elsewhere.toml"
    path.rename(outside)
    path.symlink_to(outside)
    before = outside.read_bytes()
    saved = store.save_session(record(2))
    marie = saved.carnets["Marie"]
    assert marie.status is WriteStatus.KEPT_ASIDE
    assert "symbolic link" in str(marie.problems[0])
    assert path.is_symlink() and outside.read_bytes() == before
    assert marie.kept_aside is not None and ids(marie.kept_aside) == ["s2"]
    assert saved.carnets["Paul"].status is WriteStatus.WRITTEN


def test_a_read_only_carnet_is_not_replaced(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    path.chmod(0o400)
    before = path.read_bytes()
    saved = store.save_session(record(2))
    marie = saved.carnets["Marie"]
    assert marie.status is WriteStatus.KEPT_ASIDE
    assert f"{path} is write-protected" in str(marie.problems[0])
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    assert marie.kept_aside is not None and ids(marie.kept_aside) == ["s2"]
    assert saved.carnets["Paul"].status is WriteStatus.WRITTEN
    # Writable again: the entry kept aside comes back in.
    path.chmod(0o600)
    again = store.save_session(record(3))
    assert again.carnets["Marie"].recovered == 1
    assert ids(path) == ["s1", "s2", "s3"]


def test_a_read_only_group_file_is_not_replaced(store: LogbookStore) -> None:
    store.save_session(record(1))
    group_file = carnet(store, "Marie").parent / "_group.toml"
    group_file.chmod(0o444)
    before = group_file.read_bytes()
    saved = store.save_session(record(2))
    assert saved.group.status is WriteStatus.KEPT_ASIDE
    assert "write-protected" in str(saved.group.problems[0])
    assert group_file.read_bytes() == before
    assert saved.carnets["Marie"].status is WriteStatus.WRITTEN


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_logbooks_folder_says_which_folder(store: LogbookStore) -> None:
    store.root.mkdir(mode=0o500)
    try:
        with pytest.raises(LogbookError) as raised:
            store.save_session(record(1))
    finally:
        store.root.chmod(0o700)
    assert str(store.root) in str(raised.value)


def test_a_folder_that_cannot_be_created_says_which_folder(
    store: LogbookStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a read-only logbooks/ does to an ordinary user (root, running the tests, writes anyway).
    store.root.mkdir()
    real_mkdir = Path.mkdir

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        if self.parent == store.root:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(LogbookError) as raised:
        store.save_session(record(1))
    (problem,) = raised.value.problems
    assert "cannot create the folder" in str(problem)
    assert str(store.root / "managers-2025") in str(problem)


# ------------------------------------------------------------------ temporary files left by kills


def _orphan(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_text("half a carnet", encoding="utf-8")
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def test_old_temporary_files_are_cleared_at_the_next_write(store: LogbookStore) -> None:
    store.save_session(record(1))
    folder = carnet(store, "Marie").parent
    old = [
        _orphan(folder, ".marie.toml.ab12cd_9.tmp", ORPHAN_AGE_SECONDS * 2),
        _orphan(folder, "._group.toml.zz99yy00.tmp", ORPHAN_AGE_SECONDS + 5),
    ]
    # A live writer's file (too young), and files that are not codev's, stay.
    kept = [
        _orphan(folder, ".paul.toml.qwertyui.tmp", 0),
        _orphan(folder, "notes.tmp", ORPHAN_AGE_SECONDS * 2),
        _orphan(folder, ".marie.toml.tmp", ORPHAN_AGE_SECONDS * 2),
        _orphan(folder, ".marie.toml.TOOLONG123.tmp", ORPHAN_AGE_SECONDS * 2),
    ]
    store.save_session(record(2))
    assert [path.exists() for path in old] == [False, False]
    assert [path.exists() for path in kept] == [True] * len(kept)


def test_an_old_temporary_link_is_never_followed(store: LogbookStore, tmp_path: Path) -> None:
    store.save_session(record(1))
    folder = carnet(store, "Marie").parent
    target = tmp_path / "precious.txt"
    target.write_text("mine", encoding="utf-8")
    link = folder / ".marie.toml.abcdefgh.tmp"
    link.symlink_to(target)
    stamp = time.time() - ORPHAN_AGE_SECONDS * 2
    os.utime(link, (stamp, stamp), follow_symlinks=False)
    store.save_session(record(2))
    assert target.read_text(encoding="utf-8") == "mine"
