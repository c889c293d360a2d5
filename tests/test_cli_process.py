"""The real process in a real (pseudo) terminal: a crash exits non-zero naming a private
report; a terminal that disappears, or a hang-up, ends codev cleanly with its journal
released. Generous timeouts are a safety net against a hung child, never a measure of speed."""

from __future__ import annotations

import os
import re
import select
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from codev.core.clock import FakeClock
from codev.core.session import resume_session, sessions_dir
from codev.core.session.journal import is_in_use, read_journal
from codev.core.workspace import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")

GUARD_SECONDS = 60
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78])")


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        CODEV_LANG="en",
        CODEV_STATE_DIR=str(tmp_path / "state"),
        CODEV_RUNTIME_DIR=str(tmp_path / "runtime"),
        CODEV_CONFIG=str(tmp_path / "no-config.toml"),
    )
    env.pop("TEXTUAL_DRIVER", None)
    return env


class Terminal:
    """A child process on a pseudo-terminal of its own."""

    def __init__(self, tmp_path: Path, script: str, *args: str) -> None:
        self.master, slave = os.openpty()
        self.output = b""
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment(tmp_path),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)

    def read_until(self, predicate: object, timeout: float = GUARD_SECONDS) -> None:
        """Read what the child draws until ``predicate(output)`` or its end."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not predicate(self.output):  # type: ignore[operator]
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                if self.process.poll() is not None:
                    return
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed its side
                return
            if not chunk:
                return
            self.output += chunk

    def text(self) -> str:
        return ANSI.sub(b"", self.output).decode("utf-8", "replace")

    def close(self) -> None:
        """The terminal window goes away (no hang-up sent to the child)."""
        os.close(self.master)
        self.master = -1

    def wait(self) -> int:
        """The child's exit status; while the terminal is open, what it draws is read (a
        terminal nobody reads from blocks the writer once its buffer is full)."""
        if self.master >= 0:
            self.read_until(lambda output: self.process.poll() is not None)
        try:
            return self.process.wait(GUARD_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail("codev did not exit: it would have been a ghost process")

    def __del__(self) -> None:
        if self.master >= 0:
            os.close(self.master)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


DEMO = textwrap.dedent(
    """
    import sys
    from codev.cli import main
    raise SystemExit(main(["demo", "--workspace", sys.argv[1], "--no-bell"]))
    """
)


def on_screen(output: bytes) -> bool:
    # The live screen is up: its side panel shows the time left.
    return b"Remaining" in ANSI.sub(b"", output)


def the_journal(workspace: Path) -> Path:
    [path] = sorted(sessions_dir(Workspace(workspace)).glob("*.jsonl"))
    return path


def assert_released_and_resumable(journal: Path) -> None:
    assert not is_in_use(journal)
    read_journal(journal)
    resume_session(journal, FakeClock(time.time()), count_downtime=False).close()


def test_a_closed_terminal_ends_codev_and_releases_the_journal(tmp_path: Path) -> None:
    # As through `su`, then the window closed: no hang-up reaches codev, only the end of its
    # input. Textual alone spins on it at 100 % of a core, for ever, with the journal locked.
    workspace = tmp_path / "ws"
    terminal = Terminal(tmp_path, DEMO, str(workspace))
    terminal.read_until(on_screen)
    assert on_screen(terminal.output), terminal.text()[-2000:]
    assert is_in_use(the_journal(workspace))
    terminal.close()
    assert terminal.wait() == 128 + signal.SIGHUP
    assert_released_and_resumable(the_journal(workspace))


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
def test_a_hang_up_or_a_terminate_ends_codev_cleanly(tmp_path: Path, number: int) -> None:
    workspace = tmp_path / "ws"
    terminal = Terminal(tmp_path, DEMO, str(workspace))
    terminal.read_until(on_screen)
    assert on_screen(terminal.output), terminal.text()[-2000:]
    terminal.process.send_signal(number)
    assert terminal.wait() == 128 + number  # exited by itself, not killed by the signal
    assert_released_and_resumable(the_journal(workspace))


CRASHING = textwrap.dedent(
    """
    import sys
    from codev.ui.screens.live import LiveScreen

    def broken(self, *args):
        raise RuntimeError("deliberate failure in the live screen")

    LiveScreen.on_mount = broken
    from codev.cli import main
    raise SystemExit(main(["demo", "--workspace", sys.argv[1], "--no-bell"]))
    """
)


def report_named(text: str, state: Path) -> Path:
    match = re.search(re.escape(str(state / "reports")) + r"/[^\s]+\.txt", text)
    assert match, text[-3000:]
    return Path(match.group(0))


def test_a_crash_exits_non_zero_and_names_a_private_report(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    terminal = Terminal(tmp_path, CRASHING, str(workspace))
    terminal.read_until(lambda output: b".txt" in output)
    code = terminal.wait()
    terminal.read_until(lambda output: False, timeout=2)  # whatever is left to read
    assert code == 1
    text = terminal.text()
    assert "codev stopped on an unexpected error" in text
    assert "Traceback" not in text  # the report has it, the (projected) terminal does not
    report = report_named(text, tmp_path / "state")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    content = report.read_text("utf-8")
    assert "deliberate failure in the live screen" in content and "codev:" in content
    assert "Traceback" in content and "journal:" in content
    assert_released_and_resumable(the_journal(workspace))


OUTSIDE_THE_APP = textwrap.dedent(
    """
    import sys
    import codev.cli.run_cmd as run_cmd

    def broken(*args, **kwargs):
        raise ValueError("deliberate failure before the interface")

    run_cmd.launch = broken
    from codev.cli import main
    raise SystemExit(main(["demo", "--workspace", sys.argv[1]]))
    """
)


def test_a_crash_outside_the_interface_exits_non_zero_with_a_report(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", OUTSIDE_THE_APP, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
        env=environment(tmp_path),
        timeout=GUARD_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = report_named(result.stderr, tmp_path / "state")
    assert "deliberate failure before the interface" in report.read_text("utf-8")
