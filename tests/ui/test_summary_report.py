"""The summary's `r`: the session's report (HTML, CSV beside it) written into the workspace,
and a toast saying where; a failure is a message, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App

from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.report import reports_dir
from codev.core.session import SessionEngine, Start
from codev.core.workspace import Workspace
from codev.ui.demo import demo_setup
from codev.ui.screens.summary import SummaryScreen


def _messages(app: App[None]) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_r_writes_the_report_and_says_where_then_says_why_it_cannot(
    classic: Protocol, tmp_path: Path
) -> None:
    workspace = Workspace(tmp_path)
    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    engine = SessionEngine(setup, FakeClock(1_767_258_000.0))
    assert engine.apply(Start()) is None
    screen = SummaryScreen(
        setup, engine.view(), [], [], workspace=workspace, session_id="2026-01-01_090000_cafe0001"
    )

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "write_report" in {
            active.binding.action for active in screen.active_bindings.values()
        }  # in the footer
        await pilot.press("r")
        await pilot.pause()
        written = sorted(path.name for path in reports_dir(workspace).iterdir())
        assert [Path(name).suffix for name in written] == [".csv", ".html"]
        (message,) = _messages(app)
        assert f"logbooks/_reports/{Path(written[1]).name}" in message
        # A link planted where the reports go: nothing is written through it, and it is said.
        for path in reports_dir(workspace).iterdir():
            path.unlink()
        reports_dir(workspace).rmdir()
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        reports_dir(workspace).symlink_to(elsewhere)
        await pilot.press("r")
        await pilot.pause()
        assert "symbolic link" in _messages(app)[-1] or "lien symbolique" in _messages(app)[-1]
        assert list(elsewhere.iterdir()) == []
        assert isinstance(app.screen, SummaryScreen)
