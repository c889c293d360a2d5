"""The journal: durable appends, exact replay, torn tails, damaged files left alone, discovery, resume."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_setup

from codev.core.clock import FakeClock
from codev.core.protocol.model import NoteKind
from codev.core.session import (
    AcceptCatchUp,
    AddNote,
    EditNote,
    Finish,
    JournalError,
    JournalWriteError,
    NextSpeaker,
    NextStep,
    Pause,
    SessionEngine,
    SessionStatus,
    Start,
    resume_session,
    scan_sessions,
    sessions_dir,
)
from codev.core.session.journal import read_journal
from codev.core.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def new_engine(workspace: Workspace, start: float = T0) -> tuple[SessionEngine, FakeClock]:
    clock = FakeClock(start)
    return SessionEngine.create(make_setup(), clock, workspace), clock


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def run_a_little(engine: SessionEngine, clock: FakeClock) -> None:
    assert engine.apply(Start()) is None
    clock.advance(100)
    assert engine.apply(AddNote(author_id="p2", text="Première idée ✨", kind=NoteKind.QUESTION)) is None
    clock.advance(50)
    assert engine.apply(NextStep()) is None
    clock.advance(25.5)


# --- Writing ---------------------------------------------------------------------------


def test_a_new_journal_is_private_and_named_by_date_and_random_id(workspace: Workspace) -> None:
    engine, _ = new_engine(workspace)
    path = engine.journal_path
    assert path is not None and path.parent == sessions_dir(workspace)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d_\d{6}_[0-9a-f]{8}\.jsonl", path.name)
    assert engine.session_id == path.stem
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (workspace.root, workspace.logbooks_dir, sessions_dir(workspace)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_an_existing_folder_keeps_its_mode(workspace: Workspace) -> None:
    sessions_dir(workspace).mkdir(parents=True)
    sessions_dir(workspace).chmod(0o750)
    new_engine(workspace)
    assert stat.S_IMODE(sessions_dir(workspace).stat().st_mode) == 0o750


def test_the_header_holds_the_whole_setup(workspace: Workspace) -> None:
    engine, _ = new_engine(workspace)
    assert engine.journal_path is not None
    loaded = read_journal(engine.journal_path)
    assert loaded.header.setup == make_setup()
    assert loaded.header.setup.protocol == CLASSIC  # every step, not just a reference to a file
    assert loaded.records == []


def test_each_accepted_command_is_on_disk_when_apply_returns(workspace: Workspace) -> None:
    engine, _clock = new_engine(workspace)
    path = engine.journal_path
    assert path is not None
    assert len(lines(path)) == 1
    assert engine.apply(Pause()) is not None  # refused: not journaled
    assert len(lines(path)) == 1
    assert engine.apply(Start()) is None
    assert len(lines(path)) == 2
    record = json.loads(lines(path)[-1])
    assert record == {"seq": 1, "at": T0, "entry": {"op": "start"}}


def test_the_catch_up_plan_actually_applied_is_journaled(workspace: Workspace) -> None:
    engine, clock = new_engine(workspace)
    engine.apply(Start())
    clock.advance(1800)
    proposal = engine.view().catch_up
    assert proposal is not None
    assert engine.apply(AcceptCatchUp()) is None
    assert engine.journal_path is not None
    entry = json.loads(lines(engine.journal_path)[-1])["entry"]
    assert entry["plan"] == [[item.step_id, item.proposed_seconds] for item in proposal.items]


def test_a_failed_write_applies_nothing_and_leaves_no_partial_line(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, _clock = new_engine(workspace)
    engine.apply(Start())
    path = engine.journal_path
    assert path is not None
    before_bytes = path.read_bytes()
    before_view = engine.view()
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(JournalWriteError) as caught:
        engine.apply(Pause())
    assert str(path) in str(caught.value)
    monkeypatch.setattr(os, "write", real_write)
    assert engine.view() == before_view
    assert path.read_bytes() == before_bytes
    assert engine.apply(Pause()) is None
    assert read_journal(path).records[-1].entry == Pause()


def test_a_closed_engine_cannot_change(workspace: Workspace) -> None:
    engine, _ = new_engine(workspace)
    engine.close()
    with pytest.raises(JournalWriteError):
        engine.apply(Start())
    assert engine.status is SessionStatus.NOT_STARTED


# --- Replay -------------------------------------------------------------------------------


def test_loading_replays_to_exactly_the_same_view(workspace: Workspace) -> None:
    engine, clock = new_engine(workspace)
    run_a_little(engine, clock)
    assert engine.journal_path is not None
    loaded = SessionEngine.load(engine.journal_path, clock)
    assert loaded.view() == engine.view()
    assert loaded.warnings == ()
    assert loaded.journal_path is None  # read-only


def torn(workspace: Workspace) -> tuple[Path, SessionEngine]:
    engine, clock = new_engine(workspace)
    run_a_little(engine, clock)
    engine.close()
    path = engine.journal_path
    assert path is not None
    with path.open("ab") as file:
        file.write(b'{"seq": 4, "at": 17000')
    return path, engine


def test_a_torn_last_record_is_dropped_with_a_warning(workspace: Workspace) -> None:
    path, engine = torn(workspace)
    loaded = SessionEngine.load(path, FakeClock(T0 + 175.5))
    assert loaded.view() == engine.view()
    assert len(loaded.warnings) == 1
    assert str(path) in loaded.warnings[0] and "line 5" in loaded.warnings[0]


def test_resuming_sets_a_torn_tail_aside_and_appends_cleanly(workspace: Workspace) -> None:
    path, _ = torn(workspace)
    clock = FakeClock(T0 + 200)
    engine = resume_session(path, clock, count_downtime=False)
    assert any(".torn-" in warning for warning in engine.warnings)
    aside = [p for p in path.parent.iterdir() if ".torn-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"seq": 4, "at": 17000'
    assert stat.S_IMODE(aside[0].stat().st_mode) == 0o600
    assert engine.apply(Pause()) is None
    engine.close()
    again = SessionEngine.load(path, clock)
    assert again.warnings == ()
    assert again.status is SessionStatus.PAUSED
    assert [n.text for n in again.view().notes] == ["Première idée ✨"]


def test_a_last_record_cut_just_before_its_line_end_is_kept(workspace: Workspace) -> None:
    engine, clock = new_engine(workspace)
    run_a_little(engine, clock)
    engine.close()
    path = engine.journal_path
    assert path is not None
    path.write_bytes(path.read_bytes()[:-1])
    loaded = SessionEngine.load(path, clock)
    assert loaded.view() == engine.view() and loaded.warnings == ()
    resumed = resume_session(path, clock, count_downtime=True)
    assert resumed.apply(Pause()) is None
    resumed.close()
    assert read_journal(path).records[-1].entry == Pause()


# --- Damaged journals: reported, never touched -------------------------------------------


def damaged_cases(path: Path) -> dict[str, tuple[bytes, str, int | None]]:
    data = path.read_bytes()
    header, *records = data.split(b"\n")[:-1]
    body = b"\n".join(records) + b"\n"
    return {
        "empty": (b"", "empty session journal", 1),
        "header cut": (header[:40], "line 1: unreadable session header", 1),
        "header not json": (b"hello\n" + body, "line 1: unreadable session header", 1),
        "header wrong": (b'{"journal": "x"}\n' + body, "line 1: unreadable session header", 1),
        "too new": (
            json.dumps(json.loads(header) | {"format": 99}).encode() + b"\n" + body,
            "journal written by a newer codev",
            1,
        ),
        "middle line": (
            header + b"\n" + records[0] + b"\ngarbage\n" + b"\n".join(records[1:]) + b"\n",
            "line 3: unreadable record",
            3,
        ),
        "sequence gap": (
            header + b"\n" + records[0] + b"\n" + records[2] + b"\n",
            "line 3: record number 3",
            3,
        ),
        "cannot replay": (
            header + b"\n" + b'{"seq":1,"at":1.0,"entry":{"op":"pause"}}\n',
            "line 2: command cannot be replayed (The session has not started yet.)",
            2,
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "header cut",
        "header not json",
        "header wrong",
        "too new",
        "middle line",
        "sequence gap",
        "cannot replay",
    ],
)
def test_a_damaged_journal_is_reported_with_file_and_line_and_left_untouched(
    workspace: Workspace, case: str
) -> None:
    engine, clock = new_engine(workspace)
    run_a_little(engine, clock)
    engine.close()
    path = engine.journal_path
    assert path is not None
    data, message, line = damaged_cases(path)[case]
    path.write_bytes(data)
    for attempt in (
        lambda: SessionEngine.load(path, clock),
        lambda: resume_session(path, clock, count_downtime=True),
    ):
        with pytest.raises(JournalError) as caught:
            attempt()
        assert str(path) in caught.value.message
        assert message in caught.value.message
        assert caught.value.line == line
        assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    scan = scan_sessions(workspace)
    assert scan.sessions == () and [d.path for d in scan.damaged] == [path]
    assert scan.damaged[0].line == line


def test_damage_messages_are_translated(workspace: Workspace) -> None:
    from codev.core.i18n import set_lang

    engine, _ = new_engine(workspace)
    engine.close()
    path = engine.journal_path
    assert path is not None
    path.write_bytes(b"")
    set_lang("fr")
    with pytest.raises(JournalError, match="journal de séance vide"):
        SessionEngine.load(path, FakeClock())


# --- Discovery and resume -----------------------------------------------------------------


def test_discovery_offers_only_unfinished_sessions_not_in_use(workspace: Workspace) -> None:
    assert scan_sessions(workspace).sessions == ()  # no folder yet: nothing, no error
    finished, _clock = new_engine(workspace, T0)
    finished.apply(Start())
    finished.apply(Finish())
    finished.close()
    unfinished, clock2 = new_engine(workspace, T0 + 10)
    run_a_little(unfinished, clock2)
    unfinished.close()
    open_elsewhere, _ = new_engine(workspace, T0 + 20)
    scan = scan_sessions(workspace)
    assert len(scan.sessions) == 3
    assert [s.path for s in scan.unfinished] == [unfinished.journal_path]
    by_path = {s.path: s for s in scan.sessions}
    assert by_path[open_elsewhere.journal_path].in_use  # type: ignore[index]
    assert not by_path[open_elsewhere.journal_path].resumable  # type: ignore[index]
    assert by_path[finished.journal_path].status is SessionStatus.FINISHED  # type: ignore[index]
    assert [s.path for s in scan.sessions] == [  # newest activity first
        unfinished.journal_path,
        open_elsewhere.journal_path,
        finished.journal_path,
    ]
    summary = by_path[unfinished.journal_path]  # type: ignore[index]
    assert summary.resumable and summary.was_running
    assert summary.last_activity == T0 + 10 + 150
    assert summary.view == unfinished.view(at=T0 + 10 + 150)
    assert summary.setup.group == make_setup().group
    with pytest.raises(JournalError, match="already open in another codev"):
        resume_session(open_elsewhere.journal_path, FakeClock(), count_downtime=True)  # type: ignore[arg-type]
    open_elsewhere.close()


def test_a_finished_session_cannot_be_resumed(workspace: Workspace) -> None:
    engine, clock = new_engine(workspace)
    engine.apply(Start())
    engine.apply(Finish())
    engine.close()
    assert engine.journal_path is not None
    with pytest.raises(JournalError, match="finished: it cannot be resumed"):
        resume_session(engine.journal_path, clock, count_downtime=True)


@pytest.mark.parametrize("count_downtime", [True, False])
def test_resume_counts_the_downtime_or_not(workspace: Workspace, count_downtime: bool) -> None:
    engine, clock = new_engine(workspace)
    run_a_little(engine, clock)  # running in step 2, 25.5 s after the last command
    engine.close()
    path = engine.journal_path
    assert path is not None
    clock.advance(600 - 25.5)  # the app was down for 10 minutes after its last record
    resumed = resume_session(path, clock, count_downtime=count_downtime)
    elapsed = resumed.view().timer.elapsed  # type: ignore[union-attr]
    assert elapsed == (600 if count_downtime else 0)
    clock.advance(30)
    assert resumed.view().timer.elapsed == elapsed + 30  # type: ignore[union-attr]
    resumed.close()
    replayed = SessionEngine.load(path, clock)
    assert replayed.view() == resumed.view()


def test_resume_with_a_clock_behind_the_journal_never_runs_time_backwards(workspace: Workspace) -> None:
    engine, clock = new_engine(workspace)
    run_a_little(engine, clock)
    engine.close()
    assert engine.journal_path is not None
    behind = FakeClock(T0 - 3600)  # e.g. a rehearsal clock ran ahead of real time
    resumed = resume_session(engine.journal_path, behind, count_downtime=True)
    # Picks up from the last record (the unrecorded 25.5 s before the stop are unknowable).
    assert resumed.view().timer.elapsed == 0  # type: ignore[union-attr]
    behind.advance(10)
    assert resumed.view().timer.elapsed == 10  # type: ignore[union-attr]
    assert resumed.view().steps[0].actual_seconds == 150
    assert resumed.apply(NextSpeaker()) is not None  # (no turns in clarification)
    resumed.close()


def test_set_aside_files_are_not_sessions(workspace: Workspace) -> None:
    path, _ = torn(workspace)
    resume_session(path, FakeClock(T0 + 200), count_downtime=True).close()
    scan = scan_sessions(workspace)
    assert [s.path for s in scan.sessions] == [path] and scan.damaged == ()


def test_follow_up_notes_keep_what_they_report_on_through_replay(workspace: Workspace) -> None:
    engine, clock = new_engine(workspace)
    engine.apply(Start())
    command = AddNote(
        kind=NoteKind.FOLLOWUP, author_id="p3", text="Fait, ça a marché", about="s00012/1", outcome="done"
    )
    assert engine.apply(command) is None
    assert engine.apply(AddNote(author_id="p3", text="Autre")) is None
    assert engine.apply(EditNote(note_id="n2", text="Autre chose")) is None
    note = engine.view().notes[0]
    assert (note.about, note.outcome) == ("s00012/1", "done")
    engine.close()
    assert engine.journal_path is not None
    assert SessionEngine.load(engine.journal_path, clock).view().notes == engine.view().notes
