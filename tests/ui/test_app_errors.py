"""What the facilitator's screen does when something goes wrong: a full disk, a stuck lock, an
unexpected error in a handler, a lost terminal. A message, the session kept on screen and
resumable, a private report; a crash exits 1 with its report named."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import Protocol
from codev.core.safe_io import LockTimeout
from codev.core.session import SessionStatus
from codev.core.session.journal import is_in_use, read_journal
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.base import HANGUP_EXIT_CODE, TerminalLost
from codev.ui.demo import demo_setup
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.summary import SummaryScreen

SECRET = "la note privée de Karim"


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reports go to a folder of the test's own, never the user's state directory."""
    folder = tmp_path / "state"
    monkeypatch.setenv("CODEV_STATE_DIR", str(folder))
    return folder


def reports(state_dir: Path) -> list[Path]:
    folder = state_dir / "reports"
    return sorted(folder.iterdir()) if folder.exists() else []


def make_app(workspace: Workspace, clock: FakeClock, classic: Protocol, *, report_errors: bool) -> CodevApp:
    import datetime as dt

    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    app = create_app(
        AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False, report_errors=report_errors)
    )
    assert isinstance(app, CodevApp)
    return app


def toasts(app: CodevApp) -> list[str]:
    return [notice.message for notice in app._notifications]


def status(app: CodevApp) -> SessionStatus:
    assert app.engine is not None
    return app.engine.status


def journal(app: CodevApp) -> Path:
    assert app.engine is not None and app.engine.journal_path is not None
    return app.engine.journal_path


def boom(*args: object) -> None:
    raise RuntimeError(f"bug with {SECRET}")


async def ready(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, LiveScreen)


# --- Unexpected errors --------------------------------------------------------------------


async def test_an_error_in_a_key_is_reported_and_the_session_stays_on_screen(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    state_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(LiveScreen, "action_blank", boom)
    app = make_app(workspace, clock, classic, report_errors=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space")
        await pilot.press("b")  # the bug
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LiveScreen)
        [report] = reports(state_dir)
        assert any(str(report) in message for message in toasts(app))
        clock.advance(30)
        await pilot.press("space")  # the screen still answers: paused
        await pilot.pause()
        assert status(app) is SessionStatus.PAUSED
    # The report: private, with what a maintainer needs.
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text("utf-8")
    assert "RuntimeError" in text and "in boom" in text and "codev:" in text
    assert f"journal: {journal(app)}" in text
    assert [type(record.entry).__name__ for record in read_journal(journal(app)).records] == [
        "Start",
        "Pause",
    ]


async def test_an_error_in_a_dialog_callback_keeps_the_session(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    state_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(LiveScreen, "_note_written", boom)
    app = make_app(workspace, clock, classic, report_errors=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space", "a")
        await pilot.pause()
        await pilot.press("2", "enter", *"une idée", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LiveScreen)
        assert len(reports(state_dir)) == 1
        await pilot.press("n")
        await pilot.pause()
        assert app.engine is not None and app.engine.view().current.index == 1


async def test_errors_that_keep_coming_stop_the_app_with_status_1_and_a_report(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    state_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(LiveScreen, "action_blank", boom)
    app = make_app(workspace, clock, classic, report_errors=True)
    app.max_reported_errors = 3
    with pytest.raises(RuntimeError, match="bug with"):  # run_test raises the crash again
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            for _ in range(4):
                await pilot.press("b")
                await pilot.pause()
    assert app.return_code == 1 and app.crashed
    assert app.crash_report is not None and app.crash_report.exists()
    assert len(reports(state_dir)) == 4  # three survived, then the crash
    assert not app._exit_renderables  # no traceback (with its local variables) on the terminal


async def test_a_screen_stopped_by_an_error_stops_the_app_with_a_report(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    state_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An error in the screen's own mount ends its message loop: an unanswering screen is
    # nothing to keep, so the app stops (status 1) rather than freeze in front of the room.
    monkeypatch.setattr(LiveScreen, "on_mount", boom)
    app = make_app(workspace, clock, classic, report_errors=True)
    with pytest.raises(RuntimeError, match="bug with"):
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(5):
                await pilot.pause()
    assert app.return_code == 1
    assert app.crash_report is not None and app.crash_report.exists()


async def test_without_report_errors_a_bug_fails_the_test_as_textual_makes_it(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    state_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tests and snapshots run this way: nothing is swallowed.
    monkeypatch.setattr(LiveScreen, "action_blank", boom)
    app = make_app(workspace, clock, classic, report_errors=False)
    with pytest.raises(RuntimeError, match="bug with"):
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press("b")
            await pilot.pause()
    assert app.return_code == 1 and reports(state_dir) == []


# --- Full disk, stuck lock --------------------------------------------------------------


@contextlib.contextmanager
def full_disk(monkeypatch: pytest.MonkeyPatch, fd: int) -> Iterator[None]:
    real = os.write

    def write(target: int, data: bytes) -> int:
        if target == fd:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(target, data)

    monkeypatch.setattr(os, "write", write)
    try:
        yield
    finally:
        monkeypatch.setattr(os, "write", real)


async def test_a_full_disk_refuses_the_key_with_a_message_and_keeps_the_session(
    workspace: Workspace, clock: FakeClock, classic: Protocol, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(workspace, clock, classic, report_errors=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.engine is not None and app.engine._journal is not None
        fd = app.engine._journal._fd
        assert fd is not None
        with full_disk(monkeypatch, fd):
            await pilot.press("space")
            await pilot.pause()
            assert status(app) is SessionStatus.NOT_STARTED
            assert any("No space left on device" in message for message in toasts(app))
            assert isinstance(app.screen, LiveScreen)
        await pilot.press("space")  # space again: the session starts
        await pilot.pause()
        assert status(app) is SessionStatus.RUNNING
    assert len(read_journal(journal(app)).records) == 1


def stuck_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    import codev.core.logbook.store as store

    @contextlib.contextmanager
    def lock(path: Path, timeout: float = 15.0) -> Iterator[None]:
        raise LockTimeout(f"lock held too long: {path}")
        yield

    monkeypatch.setattr(store, "exclusive_lock", lock)


async def test_a_stuck_lock_is_said_and_the_session_finishes_naming_what_was_not_written(
    workspace: Workspace, clock: FakeClock, classic: Protocol, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck_lock(monkeypatch)
    app = make_app(workspace, clock, classic, report_errors=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space", "a")
        await pilot.pause()
        await pilot.press("2", "enter", *"Je veux garder Lina", "enter")
        await pilot.pause()
        assert app.controller is not None and app.controller.flush(10)
        await pilot.pause()
        assert any("Carnets non enregistrés" in message for message in toasts(app))
        assert app.controller.unsaved and isinstance(app.screen, LiveScreen)
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # finish: the summary, with what could not be written
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    texts = [getattr(record.entry, "text", "") for record in read_journal(journal(app)).records]
    assert "Je veux garder Lina" in texts


async def test_carnet_problems_never_wait_for_the_app(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    # The writer thread reports while the app's thread may be waiting for that writer (the
    # end of a session flushes it): a report that waited for the app would wait for ever.
    app = make_app(workspace, clock, classic, report_errors=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        writer = threading.Thread(target=app._carnets_saved, args=(None, "verrou bloqué"))
        writer.start()
        writer.join(5)  # the app's thread is blocked right here, as in finish()
        assert not writer.is_alive()
        await pilot.pause()
        assert any("verrou bloqué" in message for message in toasts(app))


async def test_failed_carnets_are_tried_again_while_the_session_runs(
    workspace: Workspace, clock: FakeClock, classic: Protocol, monkeypatch: pytest.MonkeyPatch
) -> None:
    import codev.core.logbook.store as store

    real = store.exclusive_lock
    stuck_lock(monkeypatch)
    app = make_app(workspace, clock, classic, report_errors=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space", "a")
        await pilot.pause()
        await pilot.press("2", "enter", *"Je veux garder Lina", "enter")
        await pilot.pause()
        assert app.controller is not None and app.controller.flush(10)
        assert app.controller.unsaved
        monkeypatch.setattr(store, "exclusive_lock", real)  # the stuck process is gone
        app._retry_carnets()  # what the app's timer does every minute
        assert app.controller.flush(10) and not app.controller.unsaved
    carnet = LogbookStore.for_workspace(workspace).load("Démo", "Karim Benali")
    assert carnet.sessions[0].question == "Je veux garder Lina"


# --- The terminal goes away -------------------------------------------------------------


async def test_a_lost_terminal_closes_the_journal_and_exits_129(
    workspace: Workspace, clock: FakeClock, classic: Protocol
) -> None:
    app = make_app(workspace, clock, classic, report_errors=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert is_in_use(journal(app))
        app.post_message(TerminalLost("input"))
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == HANGUP_EXIT_CODE
    assert not is_in_use(journal(app))  # resumable at once, from another terminal


# --- Screenshots ----------------------------------------------------------------------------


async def test_screenshots_are_private(workspace: Workspace, clock: FakeClock, classic: Protocol) -> None:
    app = make_app(workspace, clock, classic, report_errors=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app._save_screenshot()
        await pilot.pause()
        [shot] = list(workspace.root.glob("*.svg"))
        assert stat.S_IMODE(shot.stat().st_mode) == 0o600
        assert any(str(shot) in message for message in toasts(app))
        again = Path(app.deliver_screenshot("other.svg") or "")
        assert again.parent == workspace.root and stat.S_IMODE(again.stat().st_mode) == 0o600


async def test_a_screenshot_that_cannot_be_written_is_said(
    workspace: Workspace, clock: FakeClock, classic: Protocol, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(workspace, clock, classic, report_errors=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        monkeypatch.setattr(app.config, "workspace", Workspace(workspace.root / "gone"))
        app._save_screenshot()
        await pilot.pause()
        assert any("Capture non enregistrée" in message for message in toasts(app))
        assert isinstance(app.screen, LiveScreen)
