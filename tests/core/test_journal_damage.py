"""Damaged journals, byte by byte: every mutation of a real journal either loads (its prefix)
or is reported with its file, never an exception; absurd times and deep nesting are refused
where records enter, naming the file and the line."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_setup

from codev.core.clock import FakeClock
from codev.core.protocol.model import NoteKind
from codev.core.room import room_picture, session_line
from codev.core.session import (
    AcceptCatchUp,
    AddNote,
    AdjustTime,
    EditNote,
    JournalError,
    NextSpeaker,
    NextStep,
    Pause,
    Resume,
    SessionEngine,
    SetRoomMessage,
    Start,
    UseJoker,
    scan_sessions,
    sessions_dir,
)
from codev.core.session.discovery import DamagedJournal, summarize
from codev.core.session.journal import LATEST_TIME, parse_journal
from codev.core.workspace import Workspace

SEEDS = range(12)
MUTATIONS_PER_SEED = 40
"""480 damaged journals in all: a few seconds, and the same ones at every run."""

ABSURD = "179611123304029593"
"""The tester's flipped "at": 1796111123.30 became this, a year past 500,000."""


def _make_journal(folder: Path) -> bytes:
    """A real journal written by the engine: steps, turns, notes, a pause, the joker, a plan."""
    clock = FakeClock(1_796_111_123.304)
    engine = SessionEngine.create(make_setup(CLASSIC, people=5), clock, Workspace(folder))
    assert engine.apply(Start()) is None
    clock.advance(1800)  # late in the first step: a catch-up plan for the steps to come
    assert engine.apply(AcceptCatchUp()) is None
    commands = [
        AddNote(author_id="p0", text="Comment déléguer ? ✨", kind=NoteKind.QUESTION),
        AdjustTime(seconds=60),
        NextStep(),
        AddNote(author_id="p2", text="Qui décide ?"),
        Pause(),
        Resume(),
        NextStep(),
        NextStep(),
        NextSpeaker(),
        AddNote(author_id="p3", text="Essayer une semaine", kind=NoteKind.SUGGESTION),
        SetRoomMessage(text="Pause à 10 h"),
    ]
    for command in commands:
        clock.advance(97.25)
        assert engine.apply(command) is None, command
    clock.advance(30 * 60)  # at zero in consultation: the joker
    assert engine.apply(UseJoker(seconds=120)) is None
    note = engine.view().notes[-1]
    assert engine.apply(EditNote(note_id=note.id, text="Essayer deux semaines")) is None
    path = engine.journal_path
    assert path is not None
    engine.close()
    return path.read_bytes()


@pytest.fixture(scope="module")
def journal_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _make_journal(tmp_path_factory.mktemp("source"))


def _mutations(data: bytes, seed: int) -> Iterator[tuple[str, bytes]]:
    """Seeded damage: a flipped bit anywhere, a character of a number replaced, or a number's
    decimal point turned into a digit (a time a thousand times too far: the tester's case)."""
    rng = random.Random(seed)
    digits = [index for index, byte in enumerate(data) if chr(byte) in "0123456789.-e"]
    points = [match.start() + 1 for match in re.finditer(rb"\d\.\d", data)]
    for number in range(MUTATIONS_PER_SEED):
        damaged = bytearray(data)
        for _ in range(rng.choice((1, 1, 2))):
            kind = rng.random()
            if kind < 0.4:
                position = rng.randrange(len(data))
                damaged[position] ^= 1 << rng.randrange(8)
            elif kind < 0.7:
                position = rng.choice(digits)
                damaged[position] = ord(rng.choice("0123456789.e-"))
            else:
                position = rng.choice(points)
                damaged[position] = ord(rng.choice("0123456789"))
        yield f"seed {seed} #{number} at byte {position}", bytes(damaged)


def _looks_at(engine: SessionEngine, summary_at: float) -> None:
    """What the start screen and the room's view compute from a loaded journal."""
    for at in (summary_at, summary_at + 3600):
        view = engine.view(at)
        session_line(view)
        room_picture(engine.setup, view)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_damaged_byte_loads_its_prefix_or_is_reported_never_raises(
    journal_bytes: bytes, tmp_path: Path, seed: int
) -> None:
    workspace = Workspace(tmp_path / "ws")
    folder = sessions_dir(workspace)
    folder.mkdir(parents=True)
    path = folder / "2026-12-01_101523_0badbeef.jsonl"
    loaded = reported = 0
    for label, data in _mutations(journal_bytes, seed):
        path.write_bytes(data)
        try:
            summary = summarize(path)
        except JournalError as error:
            # Reported: the message names the file; the file is never changed.
            assert str(path) in error.message, label
            assert path.read_bytes() == data, label
            reported += 1
        else:
            engine = SessionEngine.load(path, FakeClock(summary.last_activity))
            assert 0 <= summary.last_activity <= LATEST_TIME, label
            dt.datetime.fromtimestamp(summary.last_activity)
            _looks_at(engine, summary.last_activity)
            loaded += 1
        scan = scan_sessions(workspace)  # what the start screen calls: never raises either
        assert len(scan.sessions) + len(scan.damaged) == 1, label
        for damaged in scan.damaged:
            assert isinstance(damaged, DamagedJournal) and str(path) in damaged.message, label
    assert loaded + reported == MUTATIONS_PER_SEED
    assert loaded and reported  # the corpus has both kinds, or it tests nothing


def _replace_at(data: bytes, record: int, value: str) -> bytes:
    lines = data.split(b"\n")
    lines[record] = re.sub(rb'"at":[0-9.]+', b'"at":' + value.encode(), lines[record], count=1)
    return b"\n".join(lines)


@pytest.mark.parametrize("value", [ABSURD, "1e17", "-5.0", "253402300800.0"])
def test_an_absurd_time_in_a_record_is_refused_with_file_and_line(
    journal_bytes: bytes, tmp_path: Path, value: str
) -> None:
    path = tmp_path / "s.jsonl"
    data = _replace_at(journal_bytes, 3, value)
    with pytest.raises(JournalError) as caught:
        parse_journal(path, data)
    assert caught.value.line == 4
    assert f"{path}, line 4" in caught.value.message
    assert "time" in caught.value.message


def test_an_absurd_time_in_the_last_record_drops_it_as_a_torn_tail(
    journal_bytes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "s.jsonl"
    count = journal_bytes.count(b"\n")
    loaded = parse_journal(path, _replace_at(journal_bytes, count - 1, ABSURD))
    assert len(loaded.records) == count - 2  # header and the dropped record
    assert loaded.warnings and str(path) in loaded.warnings[0]


def test_an_absurd_creation_time_is_refused_in_the_header(journal_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    data = re.sub(rb'"created_at":[0-9.]+', b'"created_at":' + ABSURD.encode(), journal_bytes, count=1)
    with pytest.raises(JournalError) as caught:
        parse_journal(path, data)
    assert caught.value.line == 1 and f"{path}, line 1" in caught.value.message


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_a_deeply_nested_first_line_is_refused_with_file_and_line(tmp_path: Path, opening: bytes) -> None:
    path = tmp_path / "s.jsonl"
    closing = b"]" if opening == b"[" else b"}"
    data = opening * 100_000 + b"1" + closing * 100_000 + b"\n"
    with pytest.raises(JournalError) as caught:
        parse_journal(path, data)
    assert caught.value.line == 1
    assert f"{path}, line 1" in caught.value.message and "nested" in caught.value.message


def test_a_deeply_nested_record_is_refused_with_file_and_line(journal_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    lines = journal_bytes.split(b"\n")
    lines[2] = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(JournalError) as caught:
        parse_journal(path, b"\n".join(lines))
    assert caught.value.line == 3 and f"{path}, line 3" in caught.value.message


def test_times_a_real_session_writes_are_accepted(tmp_path: Path) -> None:
    # The bounds refuse damage, not the clocks tests and rehearsals use.
    for start in (0.0, T0, 4_102_444_800.0):  # 1970, 2023, 2100
        clock = FakeClock(start)
        engine = SessionEngine.create(make_setup(), clock, Workspace(tmp_path / str(start)))
        assert engine.apply(Start()) is None
        engine.close()
        assert engine.journal_path is not None
        assert len(parse_journal(engine.journal_path, engine.journal_path.read_bytes()).records) == 1


def test_a_journal_that_breaks_the_scan_unexpectedly_is_listed_as_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scan is what the start screen runs first: whatever goes wrong with one journal,
    # the others are still offered and this one is named.
    workspace = Workspace(tmp_path / "ws")
    engine = SessionEngine.create(make_setup(), FakeClock(), workspace)
    engine.close()
    import codev.core.session.discovery as discovery

    def broken(path: Path) -> None:
        raise ZeroDivisionError("replay bug")

    monkeypatch.setattr(discovery, "summarize", broken)
    scan = scan_sessions(workspace)
    assert scan.sessions == ()
    assert [damaged.path for damaged in scan.damaged] == [engine.journal_path]
    assert str(engine.journal_path) in scan.damaged[0].message
    assert "replay bug" in scan.damaged[0].message


# --- Journals that are not plain files ------------------------------------------------------


def _journal_at(path: Path, journal_bytes: bytes, tmp_path: Path) -> Path:
    real = tmp_path / "elsewhere" / path.name
    real.parent.mkdir(exist_ok=True)
    real.write_bytes(journal_bytes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(real)
    return real


def test_a_linked_journal_is_neither_resumed_nor_read(journal_bytes: bytes, tmp_path: Path) -> None:
    path = Workspace(tmp_path / "ws").root / "logbooks" / "sessions" / "2026-01-01_100000_abcd.jsonl"
    real = _journal_at(path, journal_bytes, tmp_path)
    with pytest.raises(JournalError, match=r"lien symbolique|symbolic link"):
        SessionEngine.resume(path, FakeClock(1_796_111_123.304 + 7200), count_downtime=False)
    with pytest.raises(JournalError, match=r"lien symbolique|symbolic link"):
        SessionEngine.load(path, FakeClock(1_796_111_123.304 + 7200))
    assert real.read_bytes() == journal_bytes  # nothing appended through the link


def test_a_fifo_in_place_of_a_journal_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "sessions" / "2026-01-01_100000_abcd.jsonl"
    path.parent.mkdir()
    os.mkfifo(path)
    with pytest.raises(JournalError):
        SessionEngine.resume(path, FakeClock(1_796_111_123.304), count_downtime=False)
    with pytest.raises(JournalError):
        SessionEngine.load(path, FakeClock(1_796_111_123.304))


def test_a_linked_sessions_folder_gets_no_journal(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.root / "logbooks").mkdir(parents=True)
    (workspace.root / "logbooks" / "sessions").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(JournalError, match=r"lien symbolique|symbolic link"):
        SessionEngine.create(make_setup(CLASSIC, people=5), FakeClock(1_796_111_123.304), workspace)
    assert list(elsewhere.iterdir()) == []
