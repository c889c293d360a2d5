"""Sessions that are not real, finished or wanted any more: rehearsals write no carnet, finished
journals lose their notes once the carnets hold them, unfinished ones can be set aside."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_setup

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.library import find_protocol
from codev.core.protocol.model import NoteKind
from codev.core.session import (
    AddNote,
    EditNote,
    Finish,
    JournalError,
    NextStep,
    SessionEngine,
    SessionStatus,
    SetRoomMessage,
    Start,
    scan_sessions,
    sessions_dir,
)
from codev.core.session.archive import (
    ARCHIVED_TEXT,
    ArchiveOutcome,
    archive_sessions,
    restore,
    set_aside,
)
from codev.core.session.discovery import set_aside_dir, summarize
from codev.core.session.journal import read_journal
from codev.core.session.model import ActionDetails
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

DAY = 86_400.0
SECRET = "Lina veut partir en mars"
LEARNING = "écouter avant de proposer"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def run_session(
    workspace: Workspace, *, speed: float = 1.0, carnets: bool = True, finish: bool = True
) -> tuple[Path, FakeClock]:
    """A four-person session with notes (a client's question, a learning, an edit, a room
    message), finished, its carnets written when ``carnets``."""
    clock = FakeClock(T0)
    engine = SessionEngine.create(make_setup(CLASSIC, people=4, speed=speed), clock, workspace)
    store = LogbookStore.for_workspace(workspace) if carnets else None
    control = SessionController(engine, store=store)
    for command in (
        Start(),
        AddNote(kind=NoteKind.QUESTION, author_id="p0", text=SECRET),
        SetRoomMessage(text="Pause café à 10 h"),
        AddNote(kind=NoteKind.LEARNING, author_id="p2", text="première version"),
        EditNote(note_id="n2", text=LEARNING),
        NextStep(),
    ):
        clock.advance(90)
        assert control.send(command) is None, command
    clock.advance(60)
    if finish:
        assert control.send(Finish()) is None
        control.finish()
    else:
        control.close()
    path = engine.journal_path
    assert path is not None
    return path, clock


def timing(path: Path) -> object:
    """What the timing reports read: statuses, times, airtime, per step."""
    view = summarize(path).view
    steps = [(s.step.id, s.status, s.actual_seconds, s.planned_seconds, dict(s.airtime)) for s in view.steps]
    return (view.status, view.started_at, view.ended_at, view.elapsed_seconds, steps, len(view.notes))


# --- Rehearsals ---------------------------------------------------------------------------


def test_a_rehearsal_writes_no_carnet_and_no_group_file_and_its_journal_says_so(workspace: Workspace) -> None:
    path, _ = run_session(workspace, speed=10)
    assert list(workspace.logbooks_dir.rglob("*.toml")) == []
    assert read_journal(path).header.rehearsal
    assert json.loads(path.read_text("utf-8").splitlines()[0])["rehearsal"] is True
    assert summarize(path).rehearsal


def test_a_rehearsal_controller_has_no_store_even_when_given_one(workspace: Workspace) -> None:
    engine = SessionEngine.create(make_setup(speed=4), FakeClock(T0), workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    assert control.rehearsal and control.store is None
    control.close()


def test_a_real_session_header_is_written_as_before(workspace: Workspace) -> None:
    path, _ = run_session(workspace)
    header = json.loads(path.read_text("utf-8").splitlines()[0])
    assert "rehearsal" not in header and "archived_at" not in header
    assert not summarize(path).rehearsal
    assert list(workspace.logbooks_dir.rglob("*.toml"))  # the carnets, the group file


# --- Archiving ----------------------------------------------------------------------------


def test_archiving_removes_the_notes_texts_and_keeps_the_timing(workspace: Workspace) -> None:
    path, _ = run_session(workspace)
    before = timing(path)
    carnets = {file: file.read_bytes() for file in workspace.logbooks_dir.rglob("*.toml")}
    assert SECRET in path.read_text("utf-8")
    results = archive_sessions(workspace, now=T0 + 10 * DAY)
    assert [(r.path, r.outcome, r.texts) for r in results] == [(path, ArchiveOutcome.ARCHIVED, 4)]
    text = path.read_text("utf-8")
    for gone in (SECRET, LEARNING, "première version", "Pause café"):
        assert gone not in text
    assert ARCHIVED_TEXT in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_journal(path).header.archived_at == T0 + 10 * DAY
    # It still loads, is finished, and its timing is what it was.
    assert SessionEngine.load(path, FakeClock(0)).status is SessionStatus.FINISHED
    assert timing(path) == before
    summary = scan_sessions(workspace).sessions[0]
    assert summary.archived and summary.status is SessionStatus.FINISHED and not summary.resumable
    # The carnets are not touched.
    assert {file: file.read_bytes() for file in carnets} == carnets
    again = archive_sessions(workspace, now=T0 + 11 * DAY)
    assert again[0].outcome is ArchiveOutcome.LEFT and "already" in again[0].message


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(workspace: Workspace) -> None:
    path, _ = run_session(workspace)
    data = path.read_bytes()
    results = archive_sessions(workspace, now=T0 + DAY, dry_run=True)
    assert [(r.outcome, r.texts) for r in results] == [(ArchiveOutcome.WOULD_ARCHIVE, 4)]
    assert path.read_bytes() == data


def test_only_sessions_older_than_asked_are_archived(workspace: Workspace) -> None:
    path, _ = run_session(workspace)
    data = path.read_bytes()
    young = archive_sessions(workspace, now=T0 + 2 * DAY, older_than_days=30)
    assert young[0].outcome is ArchiveOutcome.LEFT and "30" in young[0].message
    assert path.read_bytes() == data
    old = archive_sessions(workspace, now=T0 + 31 * DAY, older_than_days=30)
    assert old[0].outcome is ArchiveOutcome.ARCHIVED


def test_a_rehearsal_needs_no_carnet_to_be_archived(workspace: Workspace) -> None:
    path, _ = run_session(workspace, speed=10)
    results = archive_sessions(workspace, now=T0 + DAY)
    assert results[0].outcome is ArchiveOutcome.ARCHIVED
    assert SECRET not in path.read_text("utf-8")


def test_a_session_whose_carnets_do_not_hold_it_is_left(workspace: Workspace) -> None:
    path, _ = run_session(workspace, carnets=False)
    data = path.read_bytes()
    results = archive_sessions(workspace, now=T0 + DAY)
    assert results[0].outcome is ArchiveOutcome.LEFT
    assert "group" in results[0].message
    assert path.read_bytes() == data


def test_a_carnet_missing_a_note_keeps_the_journal_as_it_is(workspace: Workspace) -> None:
    # The last save failed (or someone removed a learning): the journal is the only copy.
    path, _ = run_session(workspace)
    data = path.read_bytes()
    carnet = next(
        file for file in workspace.logbooks_dir.rglob("*.toml") if LEARNING in file.read_text("utf-8")
    )
    carnet.write_text(carnet.read_text("utf-8").replace(LEARNING, "autre chose"), "utf-8")
    results = archive_sessions(workspace, now=T0 + DAY)
    assert results[0].outcome is ArchiveOutcome.LEFT
    assert "Céline" in results[0].message  # p2, whose carnet lacks the learning
    assert path.read_bytes() == data


def test_a_deleted_carnet_keeps_the_journal_as_it_is(workspace: Workspace) -> None:
    path, _ = run_session(workspace)
    data = path.read_bytes()
    carnet = next(
        file for file in workspace.logbooks_dir.rglob("*.toml") if SECRET in file.read_text("utf-8")
    )
    carnet.unlink()
    results = archive_sessions(workspace, now=T0 + DAY)
    assert results[0].outcome is ArchiveOutcome.LEFT and "Ana" in results[0].message
    assert path.read_bytes() == data


def test_unfinished_in_use_and_damaged_journals_are_never_touched(workspace: Workspace) -> None:
    unfinished, _ = run_session(workspace, finish=False)
    in_use_engine = SessionEngine.create(make_setup(), FakeClock(T0), workspace)
    in_use = in_use_engine.journal_path
    assert in_use is not None
    damaged = sessions_dir(workspace) / "2026-01-01_090000_deadbeef.jsonl"
    damaged.write_bytes(b"not a journal\n")
    before = {path: path.read_bytes() for path in (unfinished, in_use, damaged)}
    results = {r.path: r for r in archive_sessions(workspace, now=T0 + DAY)}
    in_use_engine.close()
    assert {path: r.outcome for path, r in results.items()} == dict.fromkeys(before, ArchiveOutcome.LEFT)
    assert "not finished" in results[unfinished].message
    assert "in use" in results[in_use].message
    assert "damaged" in results[damaged].message
    assert {path: path.read_bytes() for path in before} == before


# --- Setting aside ------------------------------------------------------------------------


def test_an_unfinished_session_set_aside_is_no_longer_offered_but_still_listed(workspace: Workspace) -> None:
    path, _ = run_session(workspace, finish=False)
    data = path.read_bytes()
    assert [s.path for s in scan_sessions(workspace).unfinished] == [path]
    moved = set_aside(path)
    assert moved == set_aside_dir(workspace) / path.name
    assert not path.exists() and moved.read_bytes() == data
    assert stat.S_IMODE(moved.stat().st_mode) == 0o600
    assert stat.S_IMODE(moved.parent.stat().st_mode) == 0o700
    assert scan_sessions(workspace).unfinished == ()
    assert scan_sessions(workspace).sessions == ()
    listed = scan_sessions(workspace, set_aside=True)
    assert [(s.path, s.set_aside, s.resumable) for s in listed.sessions] == [(moved, True, False)]
    # And it comes back when asked.
    assert restore(moved) == path
    assert [s.path for s in scan_sessions(workspace).unfinished] == [path]


def test_a_session_in_use_is_not_set_aside(workspace: Workspace) -> None:
    engine = SessionEngine.create(make_setup(), FakeClock(T0), workspace)
    path = engine.journal_path
    assert path is not None
    with pytest.raises(JournalError, match="already open in another codev"):
        set_aside(path)
    engine.close()
    assert path.exists()


def test_setting_aside_never_replaces_a_file_already_there(workspace: Workspace) -> None:
    path, _ = run_session(workspace, finish=False)
    set_aside_dir(workspace).mkdir(mode=0o700)
    (set_aside_dir(workspace) / path.name).write_bytes(b"other")
    with pytest.raises(JournalError, match="already"):
        set_aside(path)
    assert path.exists() and (set_aside_dir(workspace) / path.name).read_bytes() == b"other"


def test_journals_set_aside_are_never_archived(workspace: Workspace) -> None:
    path, _ = run_session(workspace, finish=False)
    moved = set_aside(path)
    data = moved.read_bytes()
    results = archive_sessions(workspace, now=T0 + DAY)
    assert [(r.path, r.outcome) for r in results] == [(moved, ArchiveOutcome.LEFT)]
    assert moved.read_bytes() == data


def test_archiving_blanks_an_actions_resources_and_indicator_too(workspace: Workspace) -> None:
    clock = FakeClock(T0)
    builtin = find_protocol("codev")  # its synthesis step collects the action plan
    assert builtin is not None
    engine = SessionEngine.create(make_setup(builtin.protocol, people=4), clock, workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    assert control.send(Start()) is None
    while NoteKind.ACTION not in engine.view().current.step.notes:
        clock.advance(60)
        assert control.send(NextStep()) is None
    details = ActionDetails(resources="le budget de Lina", deadline="2026-03-01", indicator="Lina reste")
    clock.advance(60)
    assert (
        control.send(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Parler à Lina", action=details))
        is None
    )
    clock.advance(60)
    assert control.send(Finish()) is None
    control.finish()
    path = engine.journal_path
    assert path is not None
    results = archive_sessions(workspace, now=T0 + 10 * DAY)
    assert results[0].outcome is ArchiveOutcome.ARCHIVED, results[0].message
    text = path.read_text("utf-8")
    assert "Lina" not in text and "2026-03-01" in text  # a date is no one's words
