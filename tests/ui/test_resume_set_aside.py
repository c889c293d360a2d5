"""An unfinished session no one will resume can be set aside from the resume offer, and a
rehearsal resumed runs at its own speed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.session import AddNote, SessionEngine, Start
from codev.core.session.discovery import scan_sessions, set_aside_dir
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.demo import demo_setup
from codev.ui.dialogs.resume import ResumeDialog, describe
from codev.ui.screens.setup import SetupScreen
from codev.ui.screens.start import resume_clock


def left_running(workspace: Workspace, clock: FakeClock, classic: Protocol, speed: float = 1) -> Path:
    engine = SessionEngine.create(
        demo_setup(classic, today=dt.date(2026, 1, 1), speed=speed), clock, workspace
    )
    for command in (Start(), AddNote(author_id="karim", text="Lina veut partir")):
        clock.advance(60)
        assert engine.apply(command) is None
    engine.close()
    assert engine.journal_path is not None
    return engine.journal_path


async def test_s_sets_the_highlighted_session_aside_and_the_set_up_follows(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    path = left_running(workspace, clock, classic)
    data = path.read_bytes()
    # Started as a rehearsal (`codev run --speed 10`): the set-up says nothing will be kept.
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False, speed=10))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)  # nothing else to resume
        messages = [notice.message for notice in app._notifications]
        assert any("mise de côté" in message and path.stem in message for message in messages), messages
        assert any("Répétition (×10) : rien n’est écrit dans les carnets" in message for message in messages)
    moved = set_aside_dir(workspace) / path.name
    assert not path.exists() and moved.read_bytes() == data
    assert scan_sessions(workspace).unfinished == ()


def test_a_rehearsal_is_offered_as_one_and_resumes_at_its_speed(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    path = left_running(workspace, clock, classic, speed=10)
    (summary,) = scan_sessions(workspace).unfinished
    assert summary.path == path and summary.rehearsal
    assert "répétition ×10" in describe(summary)
    resumed = resume_clock(AppConfig(workspace=workspace, clock=clock), summary.setup)
    start = resumed.now()
    clock.advance(6)
    assert resumed.now() - start == 60  # ten times faster, though no --speed was given
    real = resume_clock(AppConfig(workspace=workspace, clock=clock), demo_setup(classic))
    assert real is clock
