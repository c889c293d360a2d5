"""``codev session list | archive | set-aside | restore`` and the demo's numbering, from the
command line (the interface itself is never opened)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from codev.cli import main, run_cmd
from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.logbook import LogbookStore
from codev.core.protocol.library import find_protocol
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote, Finish, SessionEngine, Start, sessions_dir
from codev.core.session.discovery import set_aside_dir
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace
from codev.ui.demo import demo_setup

T0 = 1_767_258_000.0  # 2026-01-01 09:00 UTC
SECRET = "Lina veut partir"


@pytest.fixture(autouse=True)
def english() -> Any:
    set_lang("en")
    yield
    set_lang("en")


def demo_session(
    workspace: Workspace, *, finish: bool = True, number: int | None = 1, speed: float = 1
) -> Path:
    """A demo session with a note, its carnets written, finished or left running."""
    entry = find_protocol("codev", None)
    assert entry is not None
    clock = FakeClock(T0)
    setup = demo_setup(entry.protocol, today=dt.date(2026, 1, 1), number=number, speed=speed)
    engine = SessionEngine.create(setup, clock, workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    for command in (Start(), AddNote(kind=NoteKind.QUESTION, author_id="karim", text=SECRET)):
        clock.advance(60)
        assert control.send(command) is None
    if finish:
        clock.advance(60)
        assert control.send(Finish()) is None
        control.finish()
    else:
        control.close()
    assert engine.journal_path is not None
    return engine.journal_path


def run(workspace: Workspace, *args: str) -> int:
    return main(["--lang", "en", "session", *args, "--workspace", str(workspace.root)])


def test_list_shows_date_group_status_and_marks_and_names_damaged_journals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    finished = demo_session(workspace)
    rehearsal = demo_session(workspace, finish=False, speed=5)
    aside = set_aside_dir(workspace)
    aside.mkdir(mode=0o700)
    left = demo_session(workspace, finish=False)
    left.rename(aside / left.name)
    (sessions_dir(workspace) / "2026-01-02_090000_deadbeef.jsonl").write_bytes(b"garbage\n")
    assert run(workspace, "list") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["DATE", "GROUP", "STATUS", "NOTES", "SESSION"]
    by_id = {line.split()[-1]: line for line in lines[1:]}
    assert "finished" in by_id[finished.stem] and "Demo" in by_id[finished.stem]
    # The date as the language writes it (English here), not an ISO stamp.
    assert re.match(r"Jan 1, 2026, \d{1,2}:\d\d\s?[AP]M", by_id[finished.stem])
    assert "rehearsal" in by_id[rehearsal.stem]
    assert "set aside" in by_id[left.stem]
    assert "damaged" in by_id["2026-01-02_090000_deadbeef"]
    assert "2026-01-02_090000_deadbeef.jsonl" in err


def test_archive_dry_run_then_archive_print_what_was_done_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    finished = demo_session(workspace)
    running = demo_session(workspace, finish=False)
    data = {path: path.read_bytes() for path in (finished, running)}
    assert run(workspace, "archive", "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"{finished.name}: would be archived: 1 text removed" in out
    assert f"{running.name}: left as it is: session not finished" in out
    assert "nothing was changed" in out
    assert {path: path.read_bytes() for path in data} == data
    assert run(workspace, "archive") == 0
    out = capsys.readouterr().out
    assert f"{finished.name}: archived: 1 text removed" in out
    assert "1 journal archived, 1 left as it is, 0 failed." in out
    assert SECRET not in finished.read_text("utf-8")
    assert running.read_bytes() == data[running]
    assert run(workspace, "list") == 0
    assert "archived" in next(line for line in capsys.readouterr().out.splitlines() if finished.stem in line)


def test_archive_older_than_leaves_recent_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    finished = demo_session(workspace)
    data = finished.read_bytes()
    # The session is from 2026-01-01 (a fake clock): a hundred thousand days is more than its age.
    assert run(workspace, "archive", "--older-than", "100000") == 0
    assert "left as it is: last activity" in capsys.readouterr().out
    assert finished.read_bytes() == data


@pytest.mark.parametrize("days", ["-1", "nan", "soon"])
def test_a_bad_number_of_days_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        run(Workspace(tmp_path), "archive", "--older-than", days)
    assert stop.value.code == 2
    assert f"invalid number of days: {days}" in capsys.readouterr().err


def test_set_aside_and_restore_by_session_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = Workspace(tmp_path)
    path = demo_session(workspace, finish=False)
    assert run(workspace, "set-aside", path.stem) == 0
    assert "Session set aside" in capsys.readouterr().out
    assert not path.exists() and (set_aside_dir(workspace) / path.name).exists()
    assert run(workspace, "restore", "../../../etc/passwd") == 1
    assert "no session “../../../etc/passwd” among the sessions set aside" in capsys.readouterr().err
    assert run(workspace, "restore", path.name) == 0
    assert path.exists()


def test_the_demo_in_a_workspace_takes_the_groups_next_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace(tmp_path)
    demo_session(workspace, number=1)
    demo_session(workspace, number=2)
    launched: list[dict[str, Any]] = []

    def launch(args: argparse.Namespace, workspace: Workspace, **extra: Any) -> int:
        launched.append(extra)
        return 0

    monkeypatch.setattr(run_cmd, "launch", launch)
    assert main(["--lang", "en", "demo", "--workspace", str(tmp_path)]) == 0
    assert launched[0]["setup"].number == 3
    assert main(["--lang", "en", "demo"]) == 0  # a throw-away workspace: a new group
    assert launched[1]["setup"].number == 1 and launched[1]["write_carnets"] is False
