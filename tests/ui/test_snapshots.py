"""What the room sees, as pictures: set-up, live (normal, wrap-up, overtime, round the table),
help and summary, at a laptop's 80×24 and a projector's 160×48."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App

from codev.core.clock import FakeClock
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.screens.live import LiveScreen

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZES = [(80, 24), (160, 48)]
ROUND_SIZES = [*SIZES, (100, 29)]
"""The busiest live screen (a round with notes) at a projector font's 100x29 too."""
VIEW_SIZES = [(80, 24), (100, 29), (160, 48)]
"""The room's own screen (codev view)."""

Check = Callable[[App[object], Path], None]


def snap(name: str, size: tuple[int, int]) -> Path:
    return SNAPSHOTS / f"{name}-{size[0]}x{size[1]}.svg"


async def refreshed(app: CodevApp) -> None:
    screen = app.screen
    if isinstance(screen, LiveScreen):
        screen.refresh_view()


@pytest.mark.parametrize("size", SIZES)
async def test_live_normal(
    app: CodevApp, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(125)
        await refreshed(app)
        await pilot.pause()
        assert_snapshot(app, snap("live-normal", size))


@pytest.mark.parametrize("size", SIZES)
async def test_live_wrap_up(
    app: CodevApp, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space", "n")  # clarification: questions only
        clock.advance(20 * 60 - 75)
        await refreshed(app)
        await pilot.pause()
        assert_snapshot(app, snap("live-wrap-up", size))


@pytest.mark.parametrize("size", SIZES)
async def test_live_overtime(
    app: CodevApp, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(10 * 60 + 133)
        await refreshed(app)
        await pilot.pause()
        assert_snapshot(app, snap("live-overtime", size))


@pytest.mark.parametrize("size", ROUND_SIZES)
async def test_live_round_the_table(
    app: CodevApp, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space", "n", "n", "n")  # consultation
        clock.advance(150)
        await pilot.press("t")
        clock.advance(40)
        assert app.engine is not None
        app.engine.apply(
            AddNote(kind=NoteKind.SUGGESTION, author_id="sofia", text="Parler d'évolution avec Lina")
        )
        await refreshed(app)
        await pilot.pause()
        assert_snapshot(app, snap("live-round", size))


@pytest.mark.parametrize("size", SIZES)
async def test_help(app: CodevApp, size: tuple[int, int], assert_snapshot: Check) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert_snapshot(app, snap("help", size))


@pytest.mark.parametrize("size", SIZES)
async def test_summary(
    app: CodevApp, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("space")
        assert app.engine is not None
        notes = [
            (NoteKind.CONTRACT, "karim", "Aidez-moi à préparer l'entretien avec Lina"),
            (NoteKind.ACTION, "karim", "Entretien de carrière avec Lina avant le 15"),
            (NoteKind.LEARNING, "mai", "Questionner avant de conseiller"),
        ]
        for minutes in (12, 18, 9, 35, 14, 16):
            clock.advance(minutes * 60)
            if notes:
                kind, author, text = notes.pop(0)
                app.engine.apply(AddNote(kind=kind, author_id=author, text=text))
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("enter")  # confirm the end
        await pilot.pause()
        await pilot.pause()
        assert_snapshot(app, snap("summary", size))


@pytest.mark.parametrize("size", SIZES)
async def test_setup(
    workspace: Workspace, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*"Managers Lyon")
        await pilot.click("#new-member")
        for name in ("Hélène", "Karim", "Sofía"):
            await pilot.press(*name, "enter")
        await pilot.pause()
        assert_snapshot(app, snap("setup", size))


@pytest.mark.parametrize("size", VIEW_SIZES)
async def test_room_view_in_a_round(
    app: CodevApp, clock: FakeClock, size: tuple[int, int], assert_snapshot: Check
) -> None:
    """The projected view next to the facilitator's app: it follows the same journal."""
    from codev.ui.view_app import ViewConfig, create_view_app

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "n", "n", "n")  # consultation
        clock.advance(150)
        await pilot.press("t")
        clock.advance(40)
        assert app.engine is not None and app.engine.journal_path is not None
        app.engine.apply(
            AddNote(kind=NoteKind.SUGGESTION, author_id="sofia", text="Parler d'évolution avec Lina")
        )
        app.engine.apply(AddNote(kind=NoteKind.NOTE, author_id="karim", text="Ce que je n'ai dit qu'ici"))
        view = create_view_app(
            ViewConfig(workspace=app.config.workspace, journal=app.engine.journal_path, clock=clock)
        )
        async with view.run_test(size=size) as view_pilot:
            view.tick()
            await view_pilot.pause()
            assert_snapshot(view, snap("view-round", size))


def test_every_snapshot_is_used() -> None:
    expected = {
        snap(name, size).name
        for name in ("live-normal", "live-wrap-up", "live-overtime", "live-round", "help", "summary", "setup")
        for size in SIZES
    }
    expected |= {snap("live-round", size).name for size in ROUND_SIZES}
    expected |= {snap("view-round", size).name for size in VIEW_SIZES}
    stored = {path.name for path in SNAPSHOTS.glob("*.svg")}
    assert stored <= expected, f"stale snapshots: {sorted(stored - expected)}"
