"""The journal follower: a read-only replica of a running session, rebuilt from its journal."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from engine_support import T0, make_setup

from codev.core.clock import FakeClock, ScaledClock
from codev.core.i18n import set_lang
from codev.core.protocol.model import NoteKind
from codev.core.session import (
    AddNote,
    AdjustTime,
    DeleteNote,
    EditNote,
    NextSpeaker,
    NextStep,
    Pause,
    Resume,
    SessionEngine,
    SessionStatus,
    Start,
)
from codev.core.session.follower import MAX_POLL_BYTES, JournalFollower, find_live_session, list_journals
from codev.core.session.journal import Record
from codev.core.session.rules import EntryType, Reopen
from codev.core.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def new_engine(workspace: Workspace, clock: FakeClock | None = None) -> tuple[SessionEngine, FakeClock, Path]:
    clock = clock or FakeClock(T0)
    engine = SessionEngine.create(make_setup(), clock, workspace)
    assert engine.journal_path is not None
    return engine, clock, engine.journal_path


def append(path: Path, data: bytes) -> None:
    """Write to the journal as another process would (the engine's own fd is not used)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def record_line(seq: int, at: float, entry: EntryType) -> bytes:
    return Record(seq=seq, at=at, entry=entry).model_dump_json().encode() + b"\n"


def replayed(path: Path, clock: FakeClock) -> SessionEngine:
    """What the journal holds, replayed the engine's way (the reference to compare with)."""
    return SessionEngine.load(path, clock)


class Reads:
    """Counts the bytes the code under test reads with os.pread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.bytes = 0
        real = os.pread

        def pread(fd: int, length: int, offset: int) -> bytes:
            data = real(fd, length, offset)
            self.calls += 1
            self.bytes += len(data)
            return data

        monkeypatch.setattr(os, "pread", pread)


def finishes(action: Callable[[], object], seconds: float = 10.0) -> bool:
    """Whether ``action`` returns within ``seconds`` (it runs in a daemon thread)."""
    thread = threading.Thread(target=action, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


# --- Following a live session ---------------------------------------------------------------


def test_the_follower_shows_what_the_engine_shows_command_after_command(workspace: Workspace) -> None:
    engine, clock, path = new_engine(workspace)
    follower = JournalFollower(path, clock)
    assert follower.view() is None and follower.setup is None and follower.status is None
    assert follower.poll() is True
    assert follower.view() == engine.view()
    assert follower.session_id == engine.session_id and follower.setup == engine.setup
    assert follower.path == path and follower.problem is None

    commands = [
        Start(),
        AddNote(author_id="p2", text="Première idée ✨", kind=NoteKind.QUESTION),
        NextStep(),
        NextStep(),
        NextStep(),  # the consultation: speaking turns
        NextSpeaker(),
        AdjustTime(seconds=90),
        AddNote(author_id="p3", text="Et si…", kind=NoteKind.SUGGESTION),
        EditNote(note_id="n1", text="Première idée, reformulée"),
        Pause(),
        Resume(),
        DeleteNote(note_id="n2"),
        NextSpeaker(),
    ]
    for command in commands:
        clock.advance(37.25)
        assert engine.apply(command) is None
        assert follower.poll() is True
        assert follower.view() == engine.view()
        clock.advance(4.5)  # between polls the timers run, on both sides alike
        assert follower.poll() is False
        view = follower.view()
        assert view == engine.view()
    assert view is not None and view.timer is not None
    assert view.status is SessionStatus.RUNNING and view.current_index == 3
    assert view.timer == engine.view().timer
    assert [note.text for note in view.notes] == ["Première idée, reformulée"]
    assert follower.status is engine.status and follower.seq == len(commands)


def test_a_poll_without_change_reads_nothing_and_an_append_reads_only_the_new_line(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    follower = JournalFollower(path, clock)
    assert follower.poll() is True
    reads = Reads(monkeypatch)

    def no_lock(*args: object) -> None:
        raise AssertionError("the follower took a lock")

    monkeypatch.setattr(fcntl, "flock", no_lock)
    for _ in range(5):
        clock.advance(0.1)
        assert follower.poll() is False
    assert reads.calls == 0

    before = path.stat().st_size
    clock.advance(3)
    engine.apply(AddNote(author_id="p2", text="Une note"))
    assert follower.poll() is True
    new = path.stat().st_size - before
    # The new line, plus the few bytes that check that what was read is still there.
    assert new <= reads.bytes <= new + 256 < path.stat().st_size
    assert follower.view() == engine.view()


def test_a_partial_line_waits_for_its_newline(workspace: Workspace) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    engine.close()
    follower = JournalFollower(path, clock)
    follower.poll()
    line = record_line(2, T0 + 10, AddNote(author_id="p2", text="écrite en deux fois"))
    clock.advance(20)

    append(path, line[:25])
    assert follower.poll() is False
    append(path, line[25:-1])
    assert follower.poll() is False
    view = follower.view()
    assert view is not None and view.notes == () and follower.seq == 1 and follower.problem is None

    append(path, b"\n")
    assert follower.poll() is True
    assert follower.seq == 2
    assert follower.view() == replayed(path, clock).view(clock.now())


@pytest.mark.parametrize("tail", ["short", "long", "same_size"])
def test_a_torn_tail_cut_off_by_a_resume_is_followed(workspace: Workspace, tail: str) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    clock.advance(100)
    engine.apply(AddNote(author_id="p2", text="avant l'arrêt"))
    clock.advance(50)
    engine.apply(NextStep())
    clock.advance(25)
    engine.close()  # the process died...
    resume_at = clock.now() + 120
    reopen = record_line(4, resume_at, Reopen(count_downtime=False))
    length = {"short": 30, "long": 5 * len(reopen), "same_size": len(reopen)}[tail]
    torn = b'{"seq":4,"at":1700000175.0,"entry":{"op":"add_note","text":"'
    append(path, (torn + b"x" * length)[:length])  # ...in the middle of writing a line
    if tail == "same_size":
        # The resume will leave the file exactly as long: only the modification time tells.
        os.utime(path, (T0, T0))

    follower = JournalFollower(path, clock)
    assert follower.poll() is True
    assert follower.problem is None and follower.seq == 3 and not follower.is_live
    assert follower.view() == engine.view()

    clock.set(resume_at)
    size = path.stat().st_size
    resumed = SessionEngine.resume(path, clock, count_downtime=False)
    if tail == "long":
        assert path.stat().st_size < size  # shorter than what the follower had read
    elif tail == "same_size":
        assert path.stat().st_size == size
    assert follower.poll() is True
    assert follower.is_live and follower.seq == 4 and follower.problem is None
    assert follower.view() == resumed.view()
    clock.advance(30)
    resumed.apply(NextStep())
    clock.advance(7)
    assert follower.poll() is True
    assert follower.view() == resumed.view()
    resumed.close()


def test_a_replaced_journal_is_read_again_from_the_start(workspace: Workspace) -> None:
    first, clock, path = new_engine(workspace)
    first.apply(Start())
    first.apply(AddNote(author_id="p2", text="de la première séance"))
    first.close()
    other, _, other_path = new_engine(workspace, clock)
    clock.advance(60)
    other.apply(Start())
    other.apply(AddNote(author_id="p3", text="de la seconde séance"))
    other.close()
    follower = JournalFollower(path, clock)
    follower.poll()

    copy = path.with_name("incoming.tmp")
    copy.write_bytes(other_path.read_bytes())
    os.replace(copy, path)  # what an atomic write or a sync tool does: a new inode
    clock.advance(5)
    assert follower.poll() is True
    assert follower.session_id == other.session_id
    view = follower.view()
    # Same number of note changes in both sessions: a notes cache kept from the first one
    # would still show its note.
    assert view is not None and [note.text for note in view.notes] == ["de la seconde séance"]
    assert view == replayed(path, clock).view(clock.now())


def test_a_journal_rewritten_in_place_is_read_again_from_the_start(workspace: Workspace) -> None:
    first, clock, path = new_engine(workspace)
    first.apply(Start())
    first.close()
    other, _, other_path = new_engine(workspace, clock)
    other.apply(Start())
    for number in range(6):
        clock.advance(10)
        other.apply(AddNote(author_id="p2", text=f"note {number}"))
    other.close()
    follower = JournalFollower(path, clock)
    follower.poll()
    inode = path.stat().st_ino

    path.write_bytes(other_path.read_bytes())  # same inode, longer: nothing says "replaced"
    assert path.stat().st_ino == inode
    assert follower.poll() is True
    assert follower.problem is None and follower.session_id == other.session_id
    assert follower.view() == replayed(path, clock).view(clock.now())


# --- Damage ----------------------------------------------------------------------------------


def test_a_damaged_line_keeps_the_last_good_state_and_says_where(workspace: Workspace) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    clock.advance(30)
    engine.apply(AddNote(author_id="p2", text="la dernière bonne"))
    engine.close()
    follower = JournalFollower(path, clock)
    follower.poll()
    good = follower.view()

    append(path, b"not json at all\n" + record_line(3, T0 + 40, NextStep()))
    assert follower.poll() is True
    assert follower.problem is not None
    assert str(path) in follower.problem and "line 4" in follower.problem
    assert follower.view() == good and follower.seq == 2
    assert follower.poll() is False  # nothing changed: not parsed again

    fresh = JournalFollower(path, clock)
    assert fresh.poll() is True
    assert fresh.problem == follower.problem and fresh.view() == good


def test_a_record_that_does_not_follow_on_is_reported(workspace: Workspace) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    engine.close()
    follower = JournalFollower(path, clock)
    follower.poll()
    good = follower.view()
    append(path, path.read_bytes().splitlines(keepends=True)[-1])  # the last record, twice
    assert follower.poll() is True
    assert follower.problem is not None and "record number 1 instead of 2" in follower.problem
    assert follower.view() == good


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"journal": "codev-session-journal"}\n', "line 1: unreadable session header"),
        (b'{"format": 99}\n', "newer codev"),
        (b"\x00\x00\x00\n", "empty session journal"),
        (b"[" * 100_000 + b"\n", "line 1: unreadable session header (JSON nested too deeply)"),
    ],
)
def test_a_header_that_cannot_be_read_is_reported(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(content)
    follower = JournalFollower(path, FakeClock(T0))
    assert follower.poll() is True
    assert follower.problem is not None and expected in follower.problem
    assert follower.view() is None


def test_a_header_being_written_is_waited_for(workspace: Workspace, tmp_path: Path) -> None:
    engine, clock, source = new_engine(workspace)
    engine.close()
    header = source.read_bytes()
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"")
    follower = JournalFollower(path, clock)
    assert follower.poll() is False
    path.write_bytes(header[:-40])
    assert follower.poll() is False
    assert follower.view() is None and follower.problem is None
    path.write_bytes(header)
    assert follower.poll() is True
    assert follower.view() == engine.view()


def test_a_vanished_journal_keeps_the_last_state(workspace: Workspace) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    engine.close()
    follower = JournalFollower(path, clock)
    follower.poll()
    aside = path.with_name("aside")
    path.rename(aside)
    assert follower.poll() is True
    assert follower.problem is not None and "gone" in follower.problem
    assert follower.view() == engine.view()
    assert follower.poll() is False

    aside.rename(path)
    assert follower.poll() is True
    assert follower.problem is None and follower.view() == engine.view()


def test_the_problem_is_in_the_current_language(tmp_path: Path) -> None:
    set_lang("fr")
    follower = JournalFollower(tmp_path / "absent.jsonl", FakeClock(T0))
    follower.poll()
    assert follower.problem is not None and "a disparu" in follower.problem


def test_the_follower_never_changes_the_files(workspace: Workspace) -> None:
    engine, clock, path = new_engine(workspace)
    engine.apply(Start())
    engine.close()
    append(path, b'{"seq":2,"at":17')  # a torn tail, which a resume would move aside
    folder = path.parent
    before = {entry.name: entry.read_bytes() for entry in folder.iterdir()}
    follower = JournalFollower(path, clock)
    for _ in range(3):
        follower.poll()
        assert follower.view() is not None
        assert not follower.is_live
    assert find_live_session(workspace) is None
    assert {entry.name: entry.read_bytes() for entry in folder.iterdir()} == before


# --- Rehearsals --------------------------------------------------------------------------------


def test_a_rehearsal_s_time_is_rebuilt_from_the_records(workspace: Workspace) -> None:
    base = FakeClock(T0)
    scaled = ScaledClock(base, 10)
    engine = SessionEngine.create(make_setup(speed=10), scaled, workspace)
    path = engine.journal_path
    assert path is not None
    engine.apply(Start())
    base.advance(6)  # one minute of rehearsal
    engine.apply(AddNote(author_id="p2", text="vite"))
    os.utime(path, (T0 + 6, T0 + 6))  # the file says when it was last written, in base time
    base.advance(3)

    follower = JournalFollower(path, base)
    follower.poll()
    view, expected = follower.view(), engine.view()
    assert view is not None and view.timer is not None and expected.timer is not None
    assert view.now == pytest.approx(expected.now, abs=1e-6)
    assert view.now == pytest.approx(T0 + 90, abs=1e-6)
    assert view.timer.remaining == pytest.approx(expected.timer.remaining, abs=1e-6)

    engine.apply(NextStep())  # read live: seen at the poll's time
    assert follower.poll() is True
    base.advance(2)
    view, expected = follower.view(), engine.view()
    assert view is not None and view.timer is not None and expected.timer is not None
    assert view.now == pytest.approx(T0 + 110, abs=1e-6)
    assert view.timer.remaining == pytest.approx(expected.timer.remaining, abs=1e-6)
    assert view.current_index == expected.current_index == 1

    shown = view.now
    base.advance(-5)  # the base clock going back must not take the display back
    later = follower.view()
    assert later is not None and later.now == shown
    engine.close()


# --- Hostile paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder"])
def test_a_path_that_is_no_regular_file_returns_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "s.jsonl"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    follower = JournalFollower(path, FakeClock(T0))
    assert finishes(follower.poll)
    assert finishes(lambda: follower.is_live)
    assert follower.problem is not None and "not a regular file" in follower.problem
    assert follower.view() is None and not follower.is_live


def test_a_huge_line_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.jsonl"
    with path.open("wb") as file:
        file.truncate(16 * MAX_POLL_BYTES)  # sparse: no disk used, no newline anywhere
    reads = Reads(monkeypatch)
    follower = JournalFollower(path, FakeClock(T0))
    assert follower.poll() is True
    assert follower.problem is not None and "line 1" in follower.problem and "longer than" in follower.problem
    assert reads.bytes <= MAX_POLL_BYTES
    assert follower.poll() is False and reads.bytes <= MAX_POLL_BYTES


def test_a_long_journal_is_read_over_several_polls(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, clock, path = new_engine(workspace)
    engine.close()
    text = "long " * 3_000
    lines = [record_line(1, T0, Start())]
    lines += [record_line(seq, T0 + seq, AddNote(author_id="p2", text=text)) for seq in range(2, 600)]
    append(path, b"".join(lines))
    assert path.stat().st_size > 1.5 * MAX_POLL_BYTES
    clock.advance(1_000)
    reads = Reads(monkeypatch)
    follower = JournalFollower(path, clock)
    polls = 0
    while follower.view() is None and polls < 10:
        follower.poll()
        polls += 1
        assert reads.bytes <= polls * (MAX_POLL_BYTES + 256)
    assert polls >= 2 and follower.problem is None
    assert follower.view() == replayed(path, clock).view(clock.now())


# --- Finding the live session ------------------------------------------------------------------


def test_the_live_session_is_the_one_a_running_codev_holds(workspace: Workspace) -> None:
    assert find_live_session(workspace) is None and list_journals(workspace) == []
    done, clock, done_path = new_engine(workspace)
    done.close()
    live, _, live_path = new_engine(workspace, clock)
    os.utime(done_path, (T0 + 50, T0 + 50))  # the closed one was written last
    os.utime(live_path, (T0, T0))
    assert list_journals(workspace) == [done_path, live_path]
    assert find_live_session(workspace) == live_path
    assert JournalFollower(live_path, clock).is_live
    assert not JournalFollower(done_path, clock).is_live
    live.close()
    assert find_live_session(workspace) is None
