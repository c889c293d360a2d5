"""The summary's list of files: a carnet kept aside says where, instead of passing as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App
from textual.widgets import Static

from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.session import SessionEngine
from codev.ui.demo import demo_setup
from codev.ui.screens.summary import SummaryScreen


async def test_the_summary_says_kept_aside_in_which_file(classic: Protocol) -> None:
    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    view = SessionEngine(setup, FakeClock()).view()
    written = [Path("logbooks/g/_group.toml"), Path("logbooks/g/ana.toml")]
    kept = [(Path("logbooks/g/bruno.toml"), Path("logbooks/g/bruno-1a2b3c4d.pending.toml"))]
    screen = SummaryScreen(setup, view, written, [], kept_aside=kept)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        files = str(screen.query_one("#summary-files", Static).render())
    lines = files.splitlines()
    assert "logbooks/g/ana.toml" in lines
    (line,) = [line for line in lines if "bruno.toml" in line]
    assert "logbooks/g/bruno-1a2b3c4d.pending.toml" in line
    assert "mis de côté" in line or "kept aside" in line
