"""A real process running a session is killed with SIGKILL; the session resumes from its journal."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codev.core.clock import SystemClock
from codev.core.session import Finish, SessionEngine, SessionStatus, resume_session, scan_sessions
from codev.core.workspace import Workspace

# The child runs the classic protocol on the real clock and reports each note once apply()
# has returned, i.e. once the journal says it is on disk. It never stops by itself.
CHILD = textwrap.dedent(
    """
    import datetime, sys, time
    from pathlib import Path
    from codev.core.clock import SystemClock
    from codev.core.protocol.library import load_library
    from codev.core.session import (
        AddNote, NextSpeaker, NextStep, Participant, SessionEngine, SessionSetup, Start,
    )
    from codev.core.workspace import Workspace

    people = tuple(Participant(id=f"p{i}", name=name) for i, name in enumerate(
        ["Ana", "Bruno", "Céline 🌸", "Dany/Ève", "Émile"]))
    setup = SessionSetup(
        group="Crash", protocol=load_library().get("codev").protocol, date=datetime.date.today(),
        participants=people, client_id="p0", facilitator_id="p1", subject="Tenir bon",
    )
    engine = SessionEngine.create(setup, SystemClock(), Workspace(Path(sys.argv[1])))
    assert engine.apply(Start()) is None
    print("journal", engine.journal_path, flush=True)
    number = 0
    while True:
        number += 1
        assert engine.apply(AddNote(author_id=f"p{2 + number % 3}", text=f"note {number} — ✓")) is None
        print("noted", number, flush=True)
        if number % 7 == 0:
            engine.apply(NextStep())
        if number % 3 == 0:
            engine.apply(NextSpeaker())
        time.sleep(0.002)
    """
)

ENOUGH_NOTES = 40
GUARD_SECONDS = 120  # only against a hung child; never asserted as a speed


def read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], GUARD_SECONDS)
    assert ready, "the child process stopped talking"
    line = process.stdout.readline()
    assert line, f"the child process ended: {process.stderr.read() if process.stderr else ''}"
    return line.rstrip("\n")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_session_killed_mid_flight_resumes_with_every_acknowledged_note(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.root.mkdir()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(workspace.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        kind, journal = read_line(process).split(" ", 1)
        assert kind == "journal"
        acknowledged = 0
        while acknowledged < ENOUGH_NOTES:
            kind, number = read_line(process).split(" ", 1)
            assert kind == "noted"
            acknowledged = int(number)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == -signal.SIGKILL

    scan = scan_sessions(workspace)
    assert scan.damaged == ()
    assert [summary.path for summary in scan.unfinished] == [Path(journal)]
    summary = scan.unfinished[0]
    assert summary.was_running and not summary.in_use  # the dead process's lock is gone

    engine = resume_session(Path(journal), SystemClock(), count_downtime=True)
    view = engine.view()
    assert view.status is SessionStatus.RUNNING
    texts = [note.text for note in view.notes]
    # Every note the child saw accepted is there, in order (the child may have gone on a
    # little before the kill: those notes are there too, a torn one is dropped).
    written = len(texts)
    assert written >= acknowledged
    assert texts == [f"note {n} — ✓" for n in range(1, written + 1)]
    # The step moves after every seventh note: consistent with the last note kept.
    assert view.current_index in {min(5, written // 7), min(5, (written - 1) // 7)}
    assert engine.apply(Finish()) is None
    engine.close()

    reloaded = SessionEngine.load(Path(journal), SystemClock())
    assert reloaded.warnings == ()
    assert reloaded.status is SessionStatus.FINISHED
    assert [note.text for note in reloaded.view().notes] == texts
    assert scan_sessions(workspace).unfinished == ()
