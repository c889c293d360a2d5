"""Safe writes: never through a link, never over a protected file, never outside the folder
they are given; the temporary files of killed writers are cleared, a live writer's never."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import get_lang, set_lang
from codev.core.safe_io import (
    ORPHAN_AGE_SECONDS,
    WriteRefused,
    atomic_write,
    check_no_symlinks,
    ensure_private_dir,
    exclusive_lock,
    sweep_orphans,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


def test_a_link_in_the_way_is_refused_and_named(tmp_path: Path) -> None:
    top = tmp_path / "logbooks"
    top.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (top / "sessions").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(WriteRefused) as raised:
        check_no_symlinks(top, top / "sessions" / "deeper")
    assert raised.value.path == top / "sessions"
    assert str(raised.value) == f"{top / 'sessions'} is a symbolic link: codev does not write through links"
    # Folders still to be created are no link.
    check_no_symlinks(top, top / "new" / "deeper")
    with pytest.raises(WriteRefused):
        ensure_private_dir(top / "sessions", within=top)
    assert list(elsewhere.iterdir()) == []


def test_the_top_folder_itself_is_checked(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    top = tmp_path / "logbooks"
    top.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(WriteRefused):
        check_no_symlinks(top, top / "sessions")
    with pytest.raises(WriteRefused):
        atomic_write(top / "g" / "x.toml", "x = 1\n", within=top)
    assert list(elsewhere.iterdir()) == []


def test_a_path_outside_the_top_folder_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        check_no_symlinks(tmp_path / "a", tmp_path / "b")


def test_a_linked_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "target.toml"
    target.write_text("theirs\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    with pytest.raises(WriteRefused, match="symbolic link"):
        atomic_write(link, "mine\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "theirs\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.toml", "target.toml"]


@pytest.mark.parametrize("mode", [0o400, 0o444, 0o500])
def test_a_protected_file_is_not_replaced(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "carnet.toml"
    path.write_text("mine\n", encoding="utf-8")
    path.chmod(mode)
    with pytest.raises(WriteRefused) as raised:
        atomic_write(path, "replaced\n")
    assert str(raised.value) == f"{path} is write-protected: codev does not replace it"
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert [item.name for item in tmp_path.iterdir()] == ["carnet.toml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_something_that_is_not_a_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "carnet.toml"
    os.mkfifo(path)
    with pytest.raises(WriteRefused, match="not a regular file"):
        atomic_write(path, "x\n")
    assert path.is_fifo()


def test_a_writable_file_is_still_replaced(tmp_path: Path) -> None:
    path = tmp_path / "carnet.toml"
    path.write_text("old\n", encoding="utf-8")
    atomic_write(path, "new\n", within=tmp_path)
    assert path.read_text(encoding="utf-8") == "new\n"


def test_a_folder_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WriteRefused) as raised:
        ensure_private_dir(blocker / "sub")
    assert str(raised.value).startswith(f"cannot create the folder {blocker / 'sub'}: ")
    assert isinstance(raised.value, OSError)


def test_a_linked_lock_file_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.lock"
    (tmp_path / ".lock").symlink_to(elsewhere)
    with pytest.raises(WriteRefused, match="symbolic link"), exclusive_lock(tmp_path / ".lock"):
        pass
    assert not elsewhere.exists()


def _aged(path: Path, age: float) -> Path:
    path.write_text("x", encoding="utf-8")
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def test_sweeping_takes_only_old_codev_temporaries(tmp_path: Path) -> None:
    old = _aged(tmp_path / ".a.toml.abcdefgh.tmp", ORPHAN_AGE_SECONDS + 1)
    young = _aged(tmp_path / ".a.toml.hgfedcba.tmp", ORPHAN_AGE_SECONDS - 30)
    other = _aged(tmp_path / "a.toml.abcdefgh.tmp", ORPHAN_AGE_SECONDS * 3)
    folder = tmp_path / ".b.toml.abcdefgh.tmp"
    folder.mkdir()
    assert sweep_orphans(tmp_path) == 1
    assert not old.exists()
    assert young.exists() and other.exists() and folder.is_dir()


def test_atomic_write_can_sweep_its_folder(tmp_path: Path) -> None:
    old = _aged(tmp_path / ".a.toml.abcdefgh.tmp", ORPHAN_AGE_SECONDS * 2)
    atomic_write(tmp_path / "b.toml", "x\n")
    assert old.exists()
    atomic_write(tmp_path / "b.toml", "y\n", sweep=True)
    assert not old.exists()


def test_a_lock_file_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WriteRefused) as raised, exclusive_lock(blocker / ".lock"):
        pass
    assert str(raised.value).startswith(f"cannot open the lock file {blocker / '.lock'}: ")
