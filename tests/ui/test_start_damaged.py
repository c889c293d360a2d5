"""The start screen and the resume offer in front of damaged journals: a message naming the
file, never a crash (the tester's app died at every start on one flipped byte)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from pathlib import Path

import pytest

from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.session import AddNote, NextStep, SessionEngine, Start, sessions_dir
from codev.core.session.discovery import scan_sessions, summarize
from codev.core.session.journal import JournalError
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.demo import demo_setup
from codev.ui.dialogs.resume import ResumeDialog, describe, format_time
from codev.ui.screens.setup import SetupScreen
from codev.ui.screens.start import downtime_question

ABSURD = b"179611123304029593"


def unfinished_journal(workspace: Workspace, clock: FakeClock, classic: Protocol) -> Path:
    """A session left running, as a closed terminal leaves it."""
    engine = SessionEngine.create(demo_setup(classic, today=dt.date(2026, 1, 1)), clock, workspace)
    for command in (Start(), AddNote(author_id="karim", text="Lina veut partir"), NextStep()):
        clock.advance(120)
        assert engine.apply(command) is None
    clock.advance(60)
    engine.close()
    assert engine.journal_path is not None
    return engine.journal_path


def set_time(path: Path, line: int, value: bytes) -> bytes:
    lines = path.read_bytes().split(b"\n")
    lines[line] = re.sub(rb'"at":[0-9.]+', b'"at":' + value, lines[line], count=1)
    data = b"\n".join(lines)
    path.write_bytes(data)
    return data


def toasts(app: object) -> list[str]:
    return [notice.message for notice in app._notifications]  # type: ignore[attr-defined]


@pytest.mark.parametrize("at", [1e17, -1e300, 253402300800.0, float("nan"), 1_767_258_000.0])
def test_dates_are_shown_defensively(at: float) -> None:
    shown = format_time(at)
    assert shown == "?" or re.fullmatch(r"1 janv. 2026, \d\d:\d\d", shown)


def test_the_resume_offer_and_the_downtime_question_never_raise_on_an_absurd_time(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    path = unfinished_journal(workspace, clock, classic)
    summary = summarize(path)
    when = format_time(summary.last_activity)
    assert when.startswith("1 janv. 2026")
    for at in (1.796e17, -1e300, float("inf")):
        odd = dataclasses.replace(summary, last_activity=at)
        assert describe(odd) == describe(summary).replace(when, "?")
        assert downtime_question(odd) == downtime_question(summary).replace(when[-5:], "?")


def test_the_resume_path_never_raises_on_damaged_bytes(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    # The headless part of the start screen, on seeded damage of a real journal: the scan
    # never raises, and whatever it offers can be described and asked about.
    path = unfinished_journal(workspace, clock, classic)
    original = path.read_bytes()
    points = [match.start() + 1 for match in re.finditer(rb"\d\.\d", original)]
    rng = random.Random(7)
    offered = 0
    for _ in range(150):
        damaged = bytearray(original)
        if rng.random() < 0.5:
            damaged[rng.choice(points)] = ord(rng.choice("0123456789"))
        else:
            damaged[rng.randrange(len(original))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(damaged))
        scan = scan_sessions(workspace)
        for summary in scan.unfinished:
            describe(summary)
            downtime_question(summary)
            offered += 1
        for damaged_journal in scan.damaged:
            assert str(path) in damaged_journal.message
    assert offered


async def test_a_journal_with_an_absurd_time_is_named_and_the_app_starts(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    path = unfinished_journal(workspace, clock, classic)
    data = set_time(path, 2, ABSURD)
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)  # nothing else to resume: a new session
        messages = toasts(app)
        assert any(str(path) in message and "ligne 3" in message for message in messages), messages
    assert path.read_bytes() == data  # a damaged journal is never changed


async def test_an_absurd_time_on_the_last_line_is_dropped_and_the_session_resumes(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    path = unfinished_journal(workspace, clock, classic)
    last = path.read_bytes().count(b"\n") - 1
    set_time(path, last, ABSURD)
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("enter")  # resume it
        await pilot.pause()
        await pilot.press("enter")  # the downtime question: yes, it counts
        await pilot.pause()
        await pilot.pause()
        assert app.engine is not None and app.engine.journal_path == path
        assert any("incomplet" in message for message in toasts(app))
    app.engine.close()
    # The dropped line was moved aside, not destroyed.
    assert any(ABSURD in aside.read_bytes() for aside in path.parent.glob(f"{path.name}.torn-*"))


async def test_a_deeply_nested_header_is_named_and_the_app_starts(
    workspace: Workspace, clock: FakeClock
) -> None:
    folder = sessions_dir(workspace)
    folder.mkdir(parents=True)
    path = folder / "2026-01-01_090000_deadbeef.jsonl"
    path.write_bytes(b"[" * 50_000 + b"]" * 50_000 + b"\n")
    with pytest.raises(JournalError):
        summarize(path)
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert any(str(path) in message and "ligne 1" in message for message in toasts(app))
