"""The room's view (``codev view``): a second app that follows the journal, read-only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Footer

from codev.core.clock import FakeClock
from codev.core.live_registry import live_sessions, registry_dir
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.session import AddNote, SessionEngine
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace
from codev.ui.demo import demo_setup
from codev.ui.view_app import ProjectedScreen, ViewApp, ViewConfig, create_view_app
from codev.ui.widgets.timer import GiantClock


def screen_of(app: ViewApp) -> ProjectedScreen:
    screen = app.screen
    assert isinstance(screen, ProjectedScreen)
    return screen


async def test_the_view_waits_then_follows_the_session_by_name_and_never_shows_keys(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    app = create_view_app(ViewConfig(workspace=workspace, clock=clock, anywhere=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.has_class("-waiting") and "En attente" in screen.waiting
        engine = SessionEngine.create(demo_setup(classic, today=dt.date(2026, 1, 1)), clock, workspace)
        control = SessionController(engine)
        app.tick()  # looks for a session at once when there is none
        for _ in range(25):  # a second of ticks: it looks once a second
            app.tick()
        await pilot.pause()
        assert screen.picture is not None and not screen.has_class("-waiting")
        for action in ("next", "next", "next", "next", "cue"):  # the cue opens the round
            decision = control.decide(action)
            assert decision is not None and control.send(decision.command) is None
        clock.advance(65)
        for _ in range(6):
            app.tick()
        await pilot.pause()
        picture = screen.picture
        assert picture is not None
        assert picture.step_title.startswith("Consultation")
        assert picture.speaker is not None and picture.speaker != "?"  # a name, never "the client"
        assert picture.forbidden
        timer = screen.query_one("#view-timer", GiantClock)
        assert timer.glyph_rows >= 5 and timer.region.height >= 12  # at least half of 24 rows
        assert not app.query(Footer)
        control.send(AddNote(kind=NoteKind.NOTE, author_id=engine.setup.client_id, text="mon histoire"))
        control.send(AddNote(kind=NoteKind.SUGGESTION, author_id=engine.setup.facilitator_id, text="oser"))
        for _ in range(6):
            app.tick()
        await pilot.pause()
        assert [note.text for note in screen.picture.notes] == ["oser"]  # not the client's own
        decision = control.decide("blank")
        assert decision is not None and control.send(decision.command) is None
        for _ in range(6):
            app.tick()
        await pilot.pause()
        assert screen.has_class("-blank")
        control.close()


def test_a_running_session_is_registered_for_the_view_and_forgotten_when_it_ends(
    workspace: Workspace, clock: FakeClock, classic: Protocol, private_runtime_dir: Path
) -> None:
    assert registry_dir().is_relative_to(private_runtime_dir)
    engine = SessionEngine.create(demo_setup(classic, today=dt.date(2026, 1, 1)), clock, workspace)
    control = SessionController(engine)
    assert live_sessions() == [engine.journal_path.resolve()]  # type: ignore[union-attr]
    control.close()
    assert live_sessions() == []


def test_a_link_left_by_a_crashed_session_is_dropped(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    engine = SessionEngine.create(demo_setup(classic, today=dt.date(2026, 1, 1)), clock, workspace)
    SessionController(engine)
    engine.close()  # the lock goes as the process would, the link stays behind
    assert live_sessions() == []
    assert not any(registry_dir().iterdir())
