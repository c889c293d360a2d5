"""``codev session report``: a session's report from the command line (Markdown, HTML, CSV,
calendar), to stdout or to a file written safely."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from codev.cli import main
from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.logbook import LogbookStore
from codev.core.protocol.library import find_protocol
from codev.core.protocol.model import NoteKind
from codev.core.report import CSV_COLUMNS
from codev.core.session import AddNote, Finish, SessionEngine, Start, sessions_dir
from codev.core.session.model import ActionDetails
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace
from codev.ui.demo import demo_setup

T0 = 1_767_258_000.0  # 2026-01-01 09:00 UTC
PLAN = "Parler à Lina"


@pytest.fixture(autouse=True)
def english() -> Any:
    set_lang("en")
    yield
    set_lang("en")


def demo_session(workspace: Workspace, *, at: float = T0, subject_day: int = 1) -> Path:
    """A finished demo session with an action of Karim's (the client), its carnets written."""
    entry = find_protocol("codev", None)
    assert entry is not None
    clock = FakeClock(at)
    setup = demo_setup(entry.protocol, today=dt.date(2026, 1, subject_day), number=subject_day)
    engine = SessionEngine.create(setup, clock, workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    details = ActionDetails(deadline="2026-02-10", indicator="Lina a répondu")
    for command in (
        Start(),
        AddNote(kind=NoteKind.ACTION, author_id="karim", text=PLAN, action=details),
        Finish(),
    ):
        clock.advance(60)
        assert control.send(command) is None
    control.finish()
    assert engine.journal_path is not None
    return engine.journal_path


def run(workspace: Workspace, *args: str) -> int:
    return main(["--lang", "en", "session", "report", *args, "--workspace", str(workspace.root)])


def test_the_most_recent_session_as_markdown_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    demo_session(workspace)
    demo_session(workspace, at=T0 + 86_400, subject_day=2)
    assert run(workspace) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Session report — ")
    assert "Friday, January 2, 2026" in out and "Thursday, January 1, 2026" not in out
    assert PLAN not in out  # the group's copy: a plan is never shared
    assert "Karim Benali's 1 commitment stays in their logbook" in out


def test_a_named_session_as_csv_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = Workspace(tmp_path)
    first = demo_session(workspace)
    demo_session(workspace, at=T0 + 86_400, subject_day=2)
    assert run(workspace, first.stem, "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {row["session_id"] for row in rows} == {first.stem}
    assert tuple(rows[0]) == CSV_COLUMNS
    assert run(workspace, f"{first.stem}.jsonl", "--format", "html") == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_a_file_is_written_once_never_over_another_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    demo_session(workspace)
    target = tmp_path / "report.html"
    assert run(workspace, "-o", str(target)) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # the suffix chose HTML
    assert str(target) in capsys.readouterr().err
    target.write_text("mine", encoding="utf-8")
    assert run(workspace, "-o", str(target)) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(workspace, "-o", str(target), "--force") == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_never_through_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = Workspace(tmp_path)
    demo_session(workspace)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    assert run(workspace, "-o", str(link)) == 1
    assert run(workspace, "-o", str(link), "--force") == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "keep"


def test_a_bad_reference_or_a_damaged_journal_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    assert run(workspace) == 1
    assert "No readable session" in capsys.readouterr().err
    journal = demo_session(workspace)
    assert run(workspace, "nope") == 1
    err = capsys.readouterr().err
    assert "no session “nope”" in err and journal.stem in err
    damaged = sessions_dir(workspace) / "2026-01-02_090000_deadbeef.jsonl"
    damaged.write_bytes(b"garbage\n")
    assert run(workspace, damaged.stem) == 1
    err = capsys.readouterr().err
    assert damaged.name in err and "Traceback" not in err
    assert run(workspace, "--for", "Nobody") == 1
    assert "nobody called “Nobody”" in capsys.readouterr().err


def test_a_calendar_of_the_clients_deadlines_and_the_next_meeting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = Workspace(tmp_path)
    journal = demo_session(workspace)
    store = LogbookStore.for_workspace(workspace)
    group = store.groups()[0].name
    meeting = dt.date.today() + dt.timedelta(days=30)
    assert store.set_next_meeting(group, meeting).saved
    target = tmp_path / "dates.ics"
    assert run(workspace, journal.stem, "--for", "karim benali", "-o", str(target)) == 0
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    assert events == {f"Deadline: {PLAN}": dt.date(2026, 2, 10), f"Co-development session — {group}": meeting}
    # The group's copy: no plan, so only the meeting.
    assert run(workspace, journal.stem, "--format", "ics") == 0
    group_calendar = Calendar.from_ical(capsys.readouterr().out.encode())
    assert [str(event["summary"]) for event in group_calendar.walk("VEVENT")] == [
        f"Co-development session — {group}"
    ]
