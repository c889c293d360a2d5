"""`codev serve`: the read-only view served to browsers, with its access key off loopback.

Every server here listens on 127.0.0.1 only. The key (which `codev serve` asks for on any
other address) is forced on with ``require_token=True``. The views are stand-ins: a script
that speaks textual-serve's protocol, or a tiny Textual app for the browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import aiohttp
import pytest

from codev.cli import build_parser, main
from codev.cli import serve_cmd as serve_module
from codev.cli.serve_cmd import (
    ServeSettings,
    announce,
    is_loopback,
    print_qr,
    public_url,
    serve,
    session_status,
    shell_command,
    view_command,
)
from codev.core.i18n import set_lang
from codev.core.session.journal import JOURNAL_SUFFIX, sessions_dir
from codev.core.workspace import Workspace

TIMEOUT = 15.0
"""The longest any step here may take: a server start, a reply, a process exit."""

# Speaks just enough of textual-serve's protocol: the ready line, then one data packet;
# leaves when told to quit (or when the server goes away), and says so in a file.
PROTOCOL_STAND_IN = """\
import os, sys
from pathlib import Path
folder = Path(sys.argv[1])
(folder / "started").write_text(str(os.getpid()))
payload = b"stand-in view"
out = sys.stdout.buffer
out.write(b"__GANGLION__\\n" + b"D" + len(payload).to_bytes(4, "big") + payload)
out.flush()
received = b""
while chunk := os.read(0, 4096):
    received += chunk
    if b'"quit"' in received:
        break
(folder / "quit").write_text("quit")
"""

# For the browser: a Textual app that notes the size the page gave it.
TEXTUAL_STAND_IN = """\
import sys
from pathlib import Path
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Label

class StandIn(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("stand-in view")

    def on_resize(self, event: events.Resize) -> None:
        # Written aside, then renamed: the test never reads a half-written file.
        marker = Path(sys.argv[1])
        marker.with_suffix(".tmp").write_text(f"{event.size.width}x{event.size.height}")
        marker.with_suffix(".tmp").replace(marker)

StandIn().run()
"""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    set_lang("en")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: object, what: str, timeout: float = TIMEOUT) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class RunningServer:
    """``serve`` in a thread with its own event loop; stopped (and joined) on exit."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._stopping = threading.Lock()

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            await serve(self.settings, self._stop, ready=self._ready.set)
        except BaseException as error:
            self._error = error
            self._ready.set()

    def __enter__(self) -> RunningServer:
        self._thread.start()
        assert self._ready.wait(TIMEOUT), "the server did not start"
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        """Stop the server and wait for it; safe to call again, from any thread."""
        with self._stopping:
            if self._loop is not None and self._stop is not None:
                # RuntimeError: stopped already, its loop is closed.
                with contextlib.suppress(RuntimeError):
                    self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(TIMEOUT)
        assert not self._thread.is_alive(), "the server did not stop"

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    """Status, body and headers of a GET (403 and the like are answers, not errors)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def stand_in_settings(folder: Path, *, require_token: bool | None = None) -> ServeSettings:
    script = folder / "stand_in.py"
    script.write_text(PROTOCOL_STAND_IN, encoding="utf-8")
    command = [sys.executable, str(script), str(folder)]
    return ServeSettings.create("127.0.0.1", free_port(), command, require_token=require_token)


# --- The pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LocalHost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("salle-b.local", False),
        ("", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_key_only_off_loopback() -> None:
    assert ServeSettings.create("127.0.0.1", 8000, ["x"]).token is None
    assert ServeSettings.create("localhost", 8000, ["x"]).token is None
    shared = ServeSettings.create("0.0.0.0", 8000, ["x"])
    assert shared.token is not None and len(shared.token) >= 20
    assert ServeSettings.create("0.0.0.0", 8000, ["x"]).token != shared.token


def test_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    assert public_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000/"
    assert public_url("192.168.1.20", 8123, "k3y") == "http://192.168.1.20:8123/?token=k3y"
    assert public_url("::1", 8000, None) == "http://[::1]:8000/"
    # On every interface, the link names this computer's address, which browsers can reach.
    monkeypatch.setattr(serve_module, "_lan_address", lambda: "192.0.2.10")
    assert public_url("0.0.0.0", 8000, "k") == "http://192.0.2.10:8000/?token=k"


def test_the_view_command(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "my team")
    command = view_command("fr", workspace, "20250101-0900_abcd")
    assert command == [
        sys.executable,
        "-m",
        "codev",
        "--lang",
        "fr",
        "view",
        "--workspace",
        str(workspace.root),
        "20250101-0900_abcd",
    ]
    assert view_command("en", workspace)[-2:] == ["--workspace", str(workspace.root)]
    # The shell that textual-serve goes through gives the view exactly these arguments.
    line = shell_command(command)
    assert line.startswith("exec ")
    assert shlex.split(line.removeprefix("exec ")) == command


def test_the_view_command_parses() -> None:
    parser = build_parser()
    if not re.search(r"^\s+view\s", parser.format_help(), flags=re.MULTILINE):
        pytest.skip("`codev view` is not registered yet")
    args = parser.parse_args(view_command("fr", Workspace(Path("/w s")), "s1")[3:])
    assert (args.command, args.lang, args.workspace) == ("view", "fr", "/w s")


@pytest.mark.parametrize("port", ["0", "65536", "-1", "eighty"])
def test_bad_ports_are_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--port", port])
    assert stop.value.code == 2
    assert f"invalid port: '{port}' (a number from 1 to 65535)" in capsys.readouterr().err


def test_the_qr_code() -> None:
    out = io.StringIO()
    print_qr("http://192.0.2.10:8000/?token=abcdefghijklmnopqrstuv", out)
    lines = out.getvalue().splitlines()
    assert len(lines) > 10
    assert all(set(line) <= set(" █▀▄") for line in lines)


def test_announce_gives_the_link_and_its_warning() -> None:
    out = io.StringIO()
    shared = ServeSettings.create("127.0.0.1", 8123, ["x"], require_token=True)
    announce(shared, "No session is running in /w yet: the view will wait for one.", out)
    lines = out.getvalue().splitlines()
    assert (
        lines[0]
        == f"The session's read-only view, for web browsers: http://127.0.0.1:8123/?token={shared.token}"
    )
    assert lines[1].startswith("The link contains its access key")
    assert lines[-2:] == ["No session is running in /w yet: the view will wait for one.", "Ctrl+C to stop."]


@pytest.mark.skipif(sys.platform == "win32", reason="journal locks are POSIX locks")
def test_session_status(tmp_path: Path) -> None:
    import fcntl

    workspace = Workspace(tmp_path)
    waiting = f"No session is running in {tmp_path} yet: the view will wait for one."
    assert session_status(workspace, None) == waiting
    folder = sessions_dir(workspace)
    folder.mkdir(parents=True)
    old = folder / f"old{JOURNAL_SUFFIX}"
    old.write_text("{}\n")
    assert session_status(workspace, None) == waiting
    assert (
        session_status(workspace, old)
        == "Session old is not running: the view shows it as its journal left it."
    )
    live = folder / f"live{JOURNAL_SUFFIX}"
    live.write_text("{}\n")
    with live.open("rb") as journal:
        # What the facilitator's codev holds while the session runs.
        fcntl.flock(journal.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert session_status(workspace, None) == "Running session: live (the view follows it)."
        assert session_status(workspace, live) == "Running session: live (the view follows it)."


def test_an_unknown_session_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `codev view` would refuse it: serving it would only show browsers an ended session.
    code = main(["serve", "--workspace", str(tmp_path), "--port", str(free_port()), "nosuch"])
    assert code == 1
    assert capsys.readouterr().err == "no session “nosuch” in this workspace\n"


# --- A real server, on 127.0.0.1 --------------------------------------------------------


def test_the_page_is_textual_serve_s(tmp_path: Path) -> None:
    with RunningServer(stand_in_settings(tmp_path)) as server:
        status, page, _ = get(server.base + "/")
        assert status == 200
        assert "data-session-websocket-url" in page
        assert "/static/js/textual.js" in page
        # The websocket is on the site the page was asked from.
        assert f'data-session-websocket-url="ws://127.0.0.1:{server.settings.port}/ws"' in page
        status, script, _ = get(server.base + "/static/js/textual.js")
        assert status == 200 and len(script) > 1000
        # Nothing is started for a page: only a websocket starts a view.
        assert not (tmp_path / "started").exists()


def test_loopback_refuses_other_host_names(tmp_path: Path) -> None:
    # A page that rebinds its own name to 127.0.0.1 still sends its name: refused.
    with RunningServer(stand_in_settings(tmp_path)) as server:
        assert get(server.base + "/", {"Host": "attacker.example"})[0] == 403
        assert get(server.base + "/", {"Host": f"localhost:{server.settings.port}"})[0] == 200


def test_no_file_downloads(tmp_path: Path) -> None:
    with RunningServer(stand_in_settings(tmp_path)) as server:
        assert get(server.base + "/download/anything")[0] == 404


def test_with_a_key_every_request_needs_it(tmp_path: Path) -> None:
    settings = stand_in_settings(tmp_path, require_token=True)
    token = settings.token
    assert token is not None
    with RunningServer(settings) as server:
        for path in ("/", "/?token=wrong", "/?token=", "/static/js/textual.js", "/ws", "/nowhere"):
            assert get(server.base + path)[0] == 403, path
        assert "access key" in get(server.base + "/")[1]
        status, page, headers = get(f"{server.base}/?token={token}")
        assert status == 200
        assert "data-session-websocket-url" in page
        cookie = headers["Set-Cookie"]
        assert cookie.startswith(f"{settings.cookie_name}={token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        # The page's own requests carry the key as that cookie.
        jar = {"Cookie": f"{settings.cookie_name}={token}"}
        assert get(server.base + "/static/js/textual.js", jar)[0] == 200
        assert (
            get(server.base + "/static/js/textual.js", {"Cookie": f"{settings.cookie_name}=wrong"})[0] == 403
        )
        # Any host name will do: the key is what counts.
        assert get(f"{server.base}/?token={token}", {"Host": "salle-b.local"})[0] == 200


async def _first_data(url: str, headers: dict[str, str] | None = None) -> bytes:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.ws_connect(url + "?width=80&height=24", headers=headers) as websocket,
    ):
        message = await websocket.receive(timeout=TIMEOUT)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        data: bytes = message.data
        return data


async def _refused(url: str, headers: dict[str, str] | None = None) -> int:
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url, headers=headers)
    return refused.value.status


def test_each_connection_runs_the_view_and_stops_it(tmp_path: Path) -> None:
    settings = stand_in_settings(tmp_path, require_token=True)
    with RunningServer(settings):
        url = f"ws://127.0.0.1:{settings.port}/ws"
        data = asyncio.run(_first_data(url, {"Cookie": f"{settings.cookie_name}={settings.token}"}))
        assert data == b"stand-in view"
        # The browser left: textual-serve told the view to quit.
        wait_for((tmp_path / "quit").exists, "the view to quit")


def test_websocket_refusals(tmp_path: Path) -> None:
    settings = stand_in_settings(tmp_path, require_token=True)
    with RunningServer(settings):
        url = f"ws://127.0.0.1:{settings.port}/ws"
        cookie = {"Cookie": f"{settings.cookie_name}={settings.token}"}
        assert asyncio.run(_refused(url)) == 403
        assert asyncio.run(_refused(url, {"Cookie": f"{settings.cookie_name}=wrong"})) == 403
        # Another site's page, even in a browser that holds the key.
        assert asyncio.run(_refused(url, {**cookie, "Origin": "http://attacker.example"})) == 403
    assert not (tmp_path / "started").exists()


def test_stopping_the_server_stops_the_views(tmp_path: Path) -> None:
    settings = stand_in_settings(tmp_path)
    url = f"ws://127.0.0.1:{settings.port}/ws"
    server = RunningServer(settings).__enter__()
    try:

        async def stay_connected() -> None:
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as websocket:
                await websocket.receive(timeout=TIMEOUT)
                # The server is stopped while this browser is still there.
                threading.Thread(target=server.stop).start()
                with contextlib.suppress(asyncio.TimeoutError):
                    await websocket.receive(timeout=TIMEOUT)

        asyncio.run(asyncio.wait_for(stay_connected(), 2 * TIMEOUT))
        wait_for((tmp_path / "quit").exists, "the view to quit")
    finally:
        server.stop()


def test_a_view_that_will_not_quit_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_module, "_SHUTDOWN_SECONDS", 0.5)
    script = tmp_path / "stubborn.py"
    script.write_text(
        "import os, sys, time\n"
        "open(sys.argv[1], 'w').write(str(os.getpid()))\n"
        "sys.stdout.buffer.write(b'__GANGLION__\\nD' + (2).to_bytes(4, 'big') + b'hi')\n"
        "sys.stdout.flush()\n"
        "while True:\n"
        "    time.sleep(1)\n",
        encoding="utf-8",
    )
    pid_file = tmp_path / "pid"
    settings = ServeSettings.create("127.0.0.1", free_port(), [sys.executable, str(script), str(pid_file)])
    with RunningServer(settings):
        assert asyncio.run(_first_data(f"ws://127.0.0.1:{settings.port}/ws")) == b"hi"
        pid = int(pid_file.read_text())

        def gone() -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            return False

        wait_for(gone, "the stubborn view to be killed")


def test_a_port_in_use_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--workspace", str(tmp_path), "--port", str(port)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == f"port {port} is already in use on 127.0.0.1: choose another one with --port\n"
    assert out == ""


# --- The command, as the facilitator runs it ---------------------------------------------


@pytest.fixture
def command_line(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "codev", "serve", "--workspace", str(tmp_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CODEV_LANG": "en"},
    )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=TIMEOUT)


@pytest.mark.skipif(sys.platform == "win32", reason="stopped with SIGINT, as Ctrl+C does")
def test_codev_serve_serves_until_ctrl_c(
    tmp_path: Path, command_line: tuple[subprocess.Popen[str], int]
) -> None:
    process, port = command_line

    def answers() -> bool:
        assert process.poll() is None, process.communicate()
        try:
            return get(f"http://127.0.0.1:{port}/")[0] == 200
        except OSError:
            return False

    wait_for(answers, "codev serve to answer")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err
    assert out.splitlines() == [
        f"The session's read-only view, for web browsers: http://127.0.0.1:{port}/",
        "Only this computer can open it (--host 0.0.0.0 opens it to the room's network).",
        f"No session is running in {tmp_path} yet: the view will wait for one.",
        "Ctrl+C to stop.",
    ]
    assert "Traceback" not in err


# --- In a real browser, where there is one ------------------------------------------------


def _browser() -> str | None:
    for name in ("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_in_a_headless_browser(tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium on this machine (apt-get install chromium-headless-shell)")
    script = tmp_path / "stand_in_app.py"
    script.write_text(TEXTUAL_STAND_IN, encoding="utf-8")
    marker = tmp_path / "size"
    command = [sys.executable, str(script), str(marker)]
    # With the key: the page, its scripts and its websocket must all get through.
    settings = ServeSettings.create("127.0.0.1", free_port(), command, require_token=True)
    with RunningServer(settings):
        chromium = subprocess.Popen(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1000,600",
                # Keeps the browser open on the page (without it, it would quit once loaded).
                "--remote-debugging-port=0",
                settings.url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(marker.exists, "the view to start in the browser's size", timeout=2 * TIMEOUT)
            width, height = (int(part) for part in marker.read_text().split("x"))
            # The size comes from the page (xterm.js fits the window), not textual-serve's 80x24.
            assert width > 80 and height > 24
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(chromium.pid, signal.SIGKILL)
            chromium.wait(TIMEOUT)
