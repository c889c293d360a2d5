"""A full disk or a stuck lock during a session: the command is refused with the reason, the
journal stays valid and resumable, the carnets are retried, nothing ever raises to the screen."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_setup

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore, SessionSaved
from codev.core.protocol.model import NoteKind
from codev.core.safe_io import LockTimeout
from codev.core.session import (
    AddNote,
    Finish,
    JournalError,
    JournalWriteError,
    NextStep,
    Pause,
    SessionEngine,
    SessionStatus,
    SessionView,
    Start,
    resume_session,
)
from codev.core.session.journal import read_journal
from codev.core.session_controller import CarnetWriter, SessionController
from codev.core.workspace import Workspace

FULL = OSError(errno.ENOSPC, "No space left on device")


def journal_fd(engine: SessionEngine) -> int:
    writer = engine._journal
    assert writer is not None and writer._fd is not None
    return writer._fd


@contextlib.contextmanager
def failing(monkeypatch: pytest.MonkeyPatch, name: str, fd: int, *, partial: bool = False) -> Iterator[None]:
    """``os.<name>`` fails with ENOSPC on ``fd`` (after writing half, with ``partial``;
    ``close`` closes it first)."""
    real = getattr(os, name)

    def fake(target: int, *args: object) -> object:
        if target != fd:
            return real(target, *args)
        if name == "close":
            real(target)  # as on Linux: the descriptor is released even when close() fails
        if partial and name == "write":
            data = args[0]
            assert isinstance(data, bytes | memoryview)
            real(target, bytes(data[: len(data) // 2]))
        raise FULL

    monkeypatch.setattr(os, name, fake)
    try:
        yield
    finally:
        monkeypatch.setattr(os, name, real)


@pytest.fixture
def session(tmp_path: Path) -> tuple[SessionController, FakeClock, Path]:
    clock = FakeClock(T0)
    engine = SessionEngine.create(make_setup(CLASSIC, people=4), clock, Workspace(tmp_path / "ws"))
    control = SessionController(engine)
    assert control.send(Start()) is None
    clock.advance(60)
    assert engine.journal_path is not None
    return control, clock, engine.journal_path


def assert_valid_and_resumable(path: Path, records: int) -> None:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    assert len(read_journal(path).records) == records
    engine = resume_session(path, FakeClock(T0 + 10_000), count_downtime=False)
    engine.close()


@pytest.mark.parametrize(("call", "partial"), [("write", False), ("write", True), ("fsync", False)])
def test_a_full_disk_refuses_the_command_and_keeps_the_journal_valid(
    session: tuple[SessionController, FakeClock, Path],
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    partial: bool,
) -> None:
    control, _clock, path = session
    before = path.read_bytes()
    with failing(monkeypatch, call, journal_fd(control.engine), partial=partial):
        refusal = control.send(AddNote(author_id="p2", text="une idée"))
        assert refusal is not None and refusal.key == "engine.refuse.not_saved"
        assert "No space left on device" in refusal.message and str(path) in refusal.message
        assert control.send(NextStep()) is not None
    assert path.read_bytes() == before  # not even half a line
    assert control.view().notes == () and control.view().status is SessionStatus.RUNNING
    # Space again: the session goes on where it was, and the journal reads back whole.
    assert control.send(AddNote(author_id="p2", text="une idée")) is None
    control.close()
    assert_valid_and_resumable(path, records=2)


def test_a_partial_line_that_cannot_be_cut_blocks_appends_until_it_can(
    session: tuple[SessionController, FakeClock, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Half a line written and the cut failing too: appending after it would put damage in
    # the middle of the journal. Nothing is appended until the cut succeeds.
    control, _clock, path = session
    fd = journal_fd(control.engine)
    good = path.read_bytes()
    with failing(monkeypatch, "write", fd, partial=True), failing(monkeypatch, "ftruncate", fd):
        assert control.send(Pause()) is not None
    assert path.read_bytes().startswith(good) and len(path.read_bytes()) > len(good)
    with failing(monkeypatch, "ftruncate", fd):
        refusal = control.send(Pause())  # the write itself would work now: still refused
        assert refusal is not None and refusal.key == "engine.refuse.not_saved"
    assert path.read_bytes()[: len(good)] == good
    assert control.send(Pause()) is None  # the cut works again: the tail goes, the line is written
    control.close()
    assert_valid_and_resumable(path, records=2)


def test_a_journal_left_with_a_partial_line_resumes_from_its_prefix(
    session: tuple[SessionController, FakeClock, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    control, _clock, path = session
    fd = journal_fd(control.engine)
    with failing(monkeypatch, "write", fd, partial=True), failing(monkeypatch, "ftruncate", fd):
        assert control.send(Pause()) is not None
    control.close()  # the app is closed there: the torn tail is set aside at resume
    engine = resume_session(path, FakeClock(T0 + 500), count_downtime=False)
    assert engine.warnings
    engine.close()
    assert len(read_journal(path).records) == 2  # Start, and the reopening


def test_a_session_cannot_be_created_on_a_full_disk_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def full_open(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".jsonl") and flags & os.O_CREAT:
            raise FULL
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full_open)
    with pytest.raises(JournalWriteError) as caught:
        SessionEngine.create(make_setup(), FakeClock(T0), Workspace(tmp_path))
    assert "No space left on device" in caught.value.message


def test_a_torn_tail_that_cannot_be_set_aside_leaves_the_journal_untouched(
    session: tuple[SessionController, FakeClock, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    control, _clock, path = session
    control.close()
    with path.open("ab") as handle:
        handle.write(b'{"seq":2,"at":17')  # a crash mid-write
    data = path.read_bytes()
    real_open = os.open

    def full_open(name: object, flags: int, *args: object) -> int:
        if ".torn-" in str(name):
            raise FULL
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full_open)
    with pytest.raises(JournalError) as caught:
        resume_session(path, FakeClock(T0 + 500), count_downtime=False)
    assert str(path) in caught.value.message and "No space left on device" in caught.value.message
    assert path.read_bytes() == data  # the bytes were not cut off without their copy
    monkeypatch.setattr(os, "open", real_open)
    resume_session(path, FakeClock(T0 + 500), count_downtime=False).close()


def test_closing_a_journal_never_raises(
    session: tuple[SessionController, FakeClock, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every record was fsync'ed when written: an error from close() loses nothing.
    control, _clock, path = session
    with failing(monkeypatch, "close", journal_fd(control.engine)):
        control.close()
    assert control.engine._journal is not None and control.engine._journal.closed
    assert_valid_and_resumable(path, records=1)


# --- Carnets ----------------------------------------------------------------------------


class Reports:
    """What the writer thread reports, collected."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.saved: list[SessionSaved | None] = []

    def __call__(self, saved: SessionSaved | None, error: str | None) -> None:
        if error is not None:
            self.errors.append(error)
        else:
            self.saved.append(saved)


def carnet_session(tmp_path: Path) -> tuple[SessionController, Reports, Workspace]:
    workspace = Workspace(tmp_path / "ws")
    engine = SessionEngine.create(make_setup(CLASSIC, people=4), FakeClock(T0), workspace)
    reports = Reports()
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace), report=reports)
    assert control.send(Start()) is None
    return control, reports, workspace


def stuck_lock(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """The group's lock is held by another process (LockTimeout) until released."""
    import codev.core.logbook.store as store

    real = store.exclusive_lock
    held = [True]

    @contextlib.contextmanager
    def lock(path: Path, timeout: float = 15.0) -> Iterator[None]:
        if held[0]:
            raise LockTimeout(f"lock held too long: {path}")
        with real(path, timeout):
            yield

    monkeypatch.setattr(store, "exclusive_lock", lock)
    return lambda value: held.__setitem__(0, value)


def carnet_texts(workspace: Workspace) -> str:
    return "".join(path.read_text("utf-8") for path in workspace.root.rglob("*.toml"))


def test_a_stuck_lock_is_reported_and_the_carnets_are_retried_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    control, reports, workspace = carnet_session(tmp_path)
    hold = stuck_lock(monkeypatch)
    assert control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter d'abord")) is None
    assert control.flush(10)
    assert reports.errors and "lock" in reports.errors[-1]
    assert control.unsaved  # the session is kept, the carnets are behind
    assert control.view().notes[0].text == "écouter d'abord"
    assert control.retry_carnets()  # still stuck: tried again, failed again
    assert control.flush(10) and control.unsaved and len(reports.errors) == 2
    hold(False)
    assert control.retry_carnets()
    assert control.flush(10) and not control.unsaved
    assert "écouter d'abord" in carnet_texts(workspace)
    assert not control.retry_carnets()  # nothing left to save
    control.close()


def test_finish_with_a_stuck_lock_names_the_problem_and_keeps_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    control, _reports, _workspace = carnet_session(tmp_path)
    stuck_lock(monkeypatch)
    assert control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter d'abord")) is None
    assert control.send(Finish()) is None
    outcome = control.finish()
    assert outcome.problems and "lock" in outcome.problems[0]
    assert outcome.view.status is SessionStatus.FINISHED
    path = control.engine.journal_path
    assert path is not None
    texts = [getattr(record.entry, "text", "") for record in read_journal(path).records]
    assert "écouter d'abord" in texts  # the journal holds the note for a later export


def test_a_full_disk_while_saving_carnets_is_reported_and_finish_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    control, reports, _workspace = carnet_session(tmp_path)
    real_fsync = os.fsync
    journal = journal_fd(control.engine)

    def full_fsync(fd: int) -> None:
        if fd != journal:  # the carnets' temporary files, and their folders
            raise FULL
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_fsync)
    assert control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter d'abord")) is None
    assert control.flush(10)
    problems = reports.errors + [str(p) for saved in reports.saved if saved for p in saved.problems]
    assert problems and all("No space left on device" in problem for problem in problems)
    assert control.send(Finish()) is None  # the journal still takes commands
    outcome = control.finish()
    assert outcome.problems and outcome.view.status is SessionStatus.FINISHED


def test_a_report_that_fails_never_stops_the_writer(tmp_path: Path) -> None:
    # The report runs in the writer thread: if it raised, the thread would die with the
    # writer marked busy, and finish() would wait for it forever.
    def broken_report(saved: object, error: str | None) -> None:
        raise RuntimeError("the app is gone")

    writer = CarnetWriter(lambda view: None, broken_report)
    view = SessionEngine(make_setup(), FakeClock()).view()
    for _ in range(3):
        writer.submit(view)
        assert writer.flush(10)
    assert writer.saves == 3


def test_a_burst_after_a_failure_saves_the_newest_view_once(tmp_path: Path) -> None:
    started, gate = threading.Event(), threading.Event()
    seen: list[int] = []

    def save(view: SessionView) -> None:
        seen.append(len(view.notes))
        if len(seen) == 1:
            started.set()
            gate.wait(10)
            raise OSError(errno.ENOSPC, "No space left on device")

    writer = CarnetWriter(save, lambda saved, error: None)
    engine = SessionEngine(make_setup(), FakeClock())
    engine.apply(Start())
    writer.submit(engine.view())
    assert started.wait(10)
    for index in range(3):
        engine.apply(AddNote(author_id="p2", text=f"idée {index}"))
        writer.submit(engine.view())
    gate.set()
    assert writer.flush(10)
    assert seen == [0, 3] and writer.unsaved is None


# --- A real full filesystem ---------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import datetime, os, sys
    from pathlib import Path
    from codev.core.clock import FakeClock
    from codev.core.protocol.library import load_library
    from codev.core.logbook import LogbookStore
    from codev.core.protocol.model import NoteKind
    from codev.core.session import AddNote, Participant, SessionEngine, SessionSetup, Start
    from codev.core.session.journal import read_journal
    from codev.core.session_controller import SessionController
    from codev.core.workspace import Workspace

    root = Path(sys.argv[1])
    workspace = Workspace(root / "ws")
    people = tuple(Participant(id=f"p{i}", name=f"P{i}") for i in range(4))
    setup = SessionSetup(group="Plein", protocol=load_library().get("codev").protocol,
        date=datetime.date(2026, 1, 1), participants=people, client_id="p0", facilitator_id="p1")
    problems = []
    def report(saved, error):
        problems.extend([error] if error else [str(p) for p in saved.problems] if saved else [])
    control = SessionController(SessionEngine.create(setup, FakeClock(1.7e9), workspace),
        store=LogbookStore.for_workspace(workspace), report=report)
    path = control.engine.journal_path
    assert control.send(Start()) is None
    # Notes until the journal has just started a page: the next ones fit in it once the
    # disk is full, while every carnet (new files) needs pages there are none of.
    while os.path.getsize(path) % 4096 > 1000 or os.path.getsize(path) < 4096:
        assert control.send(AddNote(author_id="p2", text="avant")) is None
    assert control.flush(30) and not problems, problems
    filler = os.open(root / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(filler, b"x" * 512)
    except OSError:
        pass
    accepted = refused = 0
    for number in range(100):
        refusal = control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text=f"note {number}"))
        accepted += refusal is None
        refused += refusal is not None
    assert control.flush(30)
    during = len(problems)
    os.close(filler)
    os.unlink(root / "filler")
    assert control.send(AddNote(author_id="p2", text="after")) is None
    assert control.flush(30)
    outcome = control.finish()
    records = read_journal(path).records
    assert records[-1].entry.text == "after"
    print("accepted", accepted, "refused", refused, "problems", during, "at_end", len(outcome.problems))
    """
)


def test_a_really_full_filesystem_refuses_commands_and_keeps_the_journal(tmp_path: Path) -> None:
    # A 256 KiB tmpfs in a private mount namespace (no root needed where user namespaces are
    # allowed); skipped cleanly where the machine does not allow it.
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        pytest.skip("needs util-linux unshare on Linux")
    root = tmp_path / "tiny"
    root.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    namespace = [unshare, "--user", "--map-root-user", "--mount", "sh", "-c"]
    probe = subprocess.run(
        [*namespace, f"mount -t tmpfs -o size=256k t {root}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tiny filesystem here: {probe.stderr.strip()}")
    command = f'mount -t tmpfs -o size=256k t "{root}" && exec "{sys.executable}" "{script}" "{root}"'
    result = subprocess.run(
        [*namespace, command],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    counts = dict(zip(result.stdout.split()[::2], map(int, result.stdout.split()[1::2]), strict=True))
    # The disk did fill up: commands refused, carnets not written (said, not raised), and
    # once there was room again everything reached the carnets by the end.
    assert counts["accepted"] > 0 and counts["refused"] > 0, result.stdout
    assert counts["problems"] > 0 and counts["at_end"] == 0, result.stdout
