"""The next meeting: asked on the summary (key d, a small dialog), shown at the next set-up."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.widgets import Input, Label, Static

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.next_meeting import NextMeetingPlan
from codev.core.protocol.library import load_library
from codev.core.protocol.model import Protocol
from codev.core.session import SessionEngine
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.demo import demo_setup
from codev.ui.dialogs.next_meeting import NextMeetingDialog
from codev.ui.screens.setup import GroupInfo, SetupScreen
from codev.ui.screens.summary import SummaryScreen

TODAY = dt.date(2026, 11, 10)


def _text(widget: Static | Label) -> str:
    return str(widget.render())


async def test_the_summary_asks_refuses_a_past_date_loses_nothing_and_keeps_the_date(
    classic: Protocol, workspace: Workspace
) -> None:
    setup = demo_setup(classic, today=TODAY)
    store = LogbookStore.for_workspace(workspace)
    plan = NextMeetingPlan(store, setup.group, TODAY)
    screen = SummaryScreen(setup, SessionEngine(setup, FakeClock()).view(), [], [], next_meeting=plan)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert _text(screen.query_one("#summary-next", Static)) == "Prochaine séance : pas encore fixée"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, NextMeetingDialog)
        await pilot.press(*"2026-10-01", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NextMeetingDialog)  # refused: the dialog stays
        assert "déjà passé" in _text(dialog.query_one("#note-error", Label))
        assert dialog.query_one(Input).value == "2026-10-01"
        await pilot.press("escape")  # a clicker's Escape: closed, nothing noted…
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("d")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == "2026-10-01"  # …and nothing typed lost
        field.value = ""
        await pilot.press(*"01/12/2026", "enter")
        await pilot.pause()
        assert app.screen is screen
        line = _text(screen.query_one("#summary-next", Static))
        assert line == "Prochaine séance : mardi 1er décembre 2026"
    assert store.load_group(setup.group).next_meeting == dt.date(2026, 12, 1)


def test_without_a_group_file_to_keep_it_the_summary_does_not_ask(classic: Protocol) -> None:
    # A rehearsal's summary: its controller has no store, so no plan and no key.
    setup = demo_setup(classic, today=TODAY)
    screen = SummaryScreen(setup, SessionEngine(setup, FakeClock()).view(), [], [])
    assert screen.check_action("next_meeting", ()) is False
    assert screen.check_action("close", ()) is True


def test_the_set_up_learns_each_groups_next_meeting(workspace: Workspace, clock: FakeClock) -> None:
    store = LogbookStore.for_workspace(workspace)
    store.set_next_meeting("Managers", dt.date(2026, 12, 1))
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    assert isinstance(app, CodevApp)
    (group,) = app._known_groups()
    assert (group.name, group.next_meeting) == ("Managers", dt.date(2026, 12, 1))


async def test_the_set_up_shows_the_planned_meeting_of_the_group_typed() -> None:
    groups = [
        GroupInfo("Managers", ("Ana", "Bruno"), next_meeting=dt.date(2026, 12, 1)),
        GroupInfo("Anciens", ("Chloé",), next_meeting=dt.date(2026, 10, 1)),  # past: not shown
    ]
    screen = SetupScreen(load_library(), groups, today=TODAY)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async with Host().run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        line = screen.query_one("#next-meeting", Static)
        assert not line.display
        await pilot.press(*"Managers")
        await pilot.pause()
        assert line.display
        assert _text(line) == "Prochaine séance prévue : mardi 1er décembre 2026"
        screen.query_one("#group", Input).value = "Anciens"
        await pilot.pause()
        assert not line.display
