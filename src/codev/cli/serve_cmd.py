"""``codev serve``: the read-only view of the running session, in web browsers (hybrid rooms).

Serving goes through textual-serve: every browser connection starts its own ``codev view``
process (the read-only app that follows the session journal) and relays its screen. The
facilitator's app is never what a browser talks to, so nothing a browser sends can change
the session; the worst a visitor can do is look.

Who may look: on a loopback address (the default, 127.0.0.1) only this computer. On any other
address the link carries a random access key, and every request without it — page, websocket
or static file — gets 403. The page's own requests (scripts, the websocket) cannot carry the
key in their URLs, so the first request with a valid key also sets it as a cookie.

aiohttp and textual-serve are imported only when the server starts: every ``codev`` command
line goes through this module.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import gc
import ipaddress
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from codev.cli.context import Context
from codev.core.i18n import t
from codev.core.workspace import Workspace

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware
    from textual_serve.app_service import AppService

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
"""textual-serve's own default port."""

TOKEN_PARAMETER = "token"
_WILDCARD_HOSTS = ("0.0.0.0", "::", "")
_SHUTDOWN_SECONDS = 5.0
"""How long a view may take to quit when asked, before it is killed."""
_MAX_CELLS = 1000
"""The largest terminal width or height a browser may ask a view for."""


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.serve.bad_port", value=value)) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(t("cli.serve.bad_port", value=value))
    return port


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev serve``."""
    parser = subparsers.add_parser(
        "serve", help=t("cli.serve.help"), description=t("cli.serve.description"), parents=[common]
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, metavar=t("cli.serve.metavar.host"), help=t("cli.serve.opt.host")
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help=t("cli.serve.opt.port", default=DEFAULT_PORT),
    )
    parser.add_argument(
        "session", nargs="?", metavar=t("cli.serve.metavar.session"), help=t("cli.serve.opt.session")
    )
    parser.set_defaults(handler=cmd_serve)


def view_command(
    lang: str, workspace: Workspace, session: str | None = None, *, explicit: bool = True
) -> list[str]:
    """The command each browser connection runs: the read-only ``codev view`` of the workspace.

    ``explicit``: the user named the workspace; else the view, like ``codev view`` typed
    without one, also finds the user's session running elsewhere (the demo's).
    """
    # --lang and --workspace come from the `common` parser, accepted before or after the command.
    command = [sys.executable, "-m", "codev", "--lang", lang, "view"]
    if explicit:
        command += ["--workspace", str(workspace.root)]
    return [*command, session] if session else command


def shell_command(argv: Sequence[str]) -> str:
    """``argv`` as one shell command line: textual-serve starts its command through the shell."""
    # Quoted, so that a workspace path with spaces (or anything else) stays one argument.
    if os.name == "nt":  # pragma: no cover - Windows
        return subprocess.list2cmdline(argv)
    # `exec`: the shell becomes the view, so each browser costs one process, not two.
    return "exec " + shlex.join(argv)


def is_loopback(host: str) -> bool:
    """True for the addresses only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _lan_address() -> str | None:
    # connect() on a UDP socket sends nothing: it only makes the system pick the interface
    # (hence the address) it would use to reach the network. 192.0.2.1 is a documentation address.
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith(("0.", "127.")) else address


def public_url(host: str, port: int, token: str | None) -> str:
    """The address to give people: with the access key, and never 0.0.0.0 (no browser reaches it)."""
    shown = host.strip()
    if shown in _WILDCARD_HOSTS:
        # Listening on every interface: the others must use this computer's address on the network.
        shown = _lan_address() or socket.gethostname()
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    url = f"http://{shown}:{port}/"
    return f"{url}?{TOKEN_PARAMETER}={token}" if token else url


@dataclass(frozen=True)
class ServeSettings:
    """What one ``codev serve`` serves, where, and to whom."""

    host: str
    port: int
    command: tuple[str, ...]
    """The command run for each browser connection (argv, not a shell line)."""
    title: str
    token: str | None
    """The access key every request must carry; None: no key (loopback only)."""

    @classmethod
    def create(
        cls,
        host: str,
        port: int,
        command: Sequence[str],
        *,
        title: str = "codev",
        require_token: bool | None = None,
    ) -> ServeSettings:
        """Settings with a fresh access key when ``host`` is not loopback (or ``require_token``)."""
        needs_token = not is_loopback(host) if require_token is None else require_token
        token = secrets.token_urlsafe(16) if needs_token else None
        return cls(host=host, port=port, command=tuple(command), title=title, token=token)

    @property
    def url(self) -> str:
        """The link to open (or to share, with its key)."""
        return public_url(self.host, self.port, self.token)

    @property
    def cookie_name(self) -> str:
        """The cookie that carries the key: one per port, since cookies ignore ports."""
        return f"codev_view_{self.port}"


class CannotListen(Exception):
    """The server could not start listening (port in use, unknown address, …)."""

    def __init__(self, settings: ServeSettings, error: OSError) -> None:
        super().__init__(str(error))
        self.settings = settings
        self.error = error

    @property
    def message(self) -> str:
        """One translated line for the terminal."""
        host, port = self.settings.host, self.settings.port
        if self.error.errno == errno.EADDRINUSE:
            return t("cli.serve.port_in_use", host=host, port=port)
        reason = self.error.strerror or str(self.error)
        return t("cli.serve.cannot_listen", host=host, port=port, reason=reason)


def _same_key(given: str | None, token: str) -> bool:
    # Bytes: compare_digest refuses non-ASCII strings, and a query can hold anything.
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def _request_host(request: web.Request) -> str | None:
    try:
        return request.url.host
    except ValueError:
        return None


def _allowed(settings: ServeSettings, request: web.Request) -> bool:
    if settings.token is None:
        # Loopback: refuse other host names, which is what a DNS-rebinding page would send.
        host = _request_host(request)
        return host is not None and is_loopback(host)
    given = request.query.get(TOKEN_PARAMETER) or request.cookies.get(settings.cookie_name)
    return _same_key(given, settings.token)


def _guard(settings: ServeSettings) -> Middleware:
    """The middleware that answers 403 to every request without the access key."""
    from aiohttp import web

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not _allowed(settings, request):
            raise web.HTTPForbidden(text=t("cli.serve.forbidden"))
        response = await handler(request)
        token = settings.token
        if token and _same_key(request.query.get(TOKEN_PARAMETER), token) and not response.prepared:
            # The page's scripts, styles and websocket are requested without the query: the key
            # goes with them as a cookie this site only sends to itself.
            response.set_cookie(settings.cookie_name, token, httponly=True, samesite="Strict", path="/")
        return response

    return guard


class _ViewSite:
    """The web application: textual-serve's page, scripts and view processes, behind the guard.

    The websocket relay is written here rather than taken from textual-serve's server: it is
    the one place where what a browser sends reaches a process, so what passes is spelled out
    (keys, size, focus; nothing else), and each view process is sure to end with its browser.
    """

    def __init__(self, settings: ServeSettings) -> None:
        from textual_serve.download_manager import DownloadManager

        self.settings = settings
        self._command = shell_command(settings.command)
        self._downloads = DownloadManager()
        self._connections: set[asyncio.Task[Any]] = set()

    def make_app(self) -> web.Application:
        """The aiohttp application: the page, its static files and the websocket."""
        import aiohttp_jinja2
        import jinja2
        import textual_serve
        from aiohttp import web

        package = Path(textual_serve.__file__).parent
        app = web.Application(middlewares=[_guard(self.settings)])
        loader = jinja2.FileSystemLoader(package / "templates")
        aiohttp_jinja2.setup(app, loader=loader, autoescape=True)
        # No /download route: the view delivers no files, and a route that is not there
        # cannot be misused.
        app.add_routes(
            [
                web.get("/", self._index, name="index"),
                web.get("/ws", self._websocket, name="websocket"),
                web.static("/static", package / "static", name="static"),
            ]
        )
        return app

    async def _index(self, request: web.Request) -> web.StreamResponse:
        # textual-serve builds the page's URLs from the address it was started with; built from
        # the request instead, they work under any name the browser used (localhost, an IP, a
        # host name), and the websocket stays on the same site, so it gets the key's cookie.
        import aiohttp_jinja2

        scheme = "wss" if request.scheme == "https" else "ws"
        context = {
            "font_size": _bounded(request.query.get("fontsize"), 16, 6, 64),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.settings.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web
        from textual_serve.app_service import AppService

        origin = request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1] != request.host:
            # Another site's page trying to watch through the visitor's browser.
            raise web.HTTPForbidden(text=t("cli.serve.forbidden"))
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)

        async def close() -> None:
            # The view quit (its exit message): the browser shows "Session ended".
            await websocket.close()

        view = AppService(
            self._command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self._downloads,
        )
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            width = _bounded(request.query.get("width"), 80, 1, _MAX_CELLS)
            height = _bounded(request.query.get("height"), 24, 1, _MAX_CELLS)
            try:
                await view.start(width, height)
                await _relay(websocket, view)
            finally:
                await _end(view)
        except asyncio.CancelledError:
            # The server is stopping (see close_connections): the view has been ended above.
            await websocket.close()
        finally:
            if task is not None:
                self._connections.discard(task)
        return websocket

    async def close_connections(self) -> None:
        """End every view (asked to quit, then killed if it will not) and close its websocket."""
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=3 * _SHUTDOWN_SECONDS)


def _bounded(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return max(low, min(high, number))


async def _relay(websocket: web.WebSocketResponse, view: AppService) -> None:
    """Pass the browser's messages to the view until the browser leaves."""
    from aiohttp import WSMsgType

    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            # Keys and mouse: the view may scroll or switch panels, but it writes nothing.
            await view.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            # Bounded: a made-up size must not have the view allocate a screen of any size.
            width = _bounded(str(data.get("width")), 80, 1, _MAX_CELLS)
            height = _bounded(str(data.get("height")), 24, 1, _MAX_CELLS)
            await view.set_terminal_size(width, height)
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await view.blur()
        elif kind == "focus":
            await view.focus()


async def _end(view: AppService) -> None:
    """Make sure a view process is over, and its pipes closed, before its browser is forgotten."""
    # textual-serve keeps the process private and only asks it to quit; holding it here is
    # what lets a view that does not quit be killed rather than left running.
    process: asyncio.subprocess.Process | None = getattr(view, "_process", None)
    try:
        await asyncio.wait_for(view.stop(), _SHUTDOWN_SECONDS)
    except TimeoutError:
        if process is not None and process.returncode is None:
            process.kill()
    finally:
        # Also when the server stops meanwhile (this task cancelled): no view outlives it.
        if process is not None:
            # textual-serve never closes the view's stdin; left open, its pipe would be closed
            # by the garbage collector, possibly once the event loop is gone.
            if process.stdin is not None:
                process.stdin.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), _SHUTDOWN_SECONDS)
            if process.returncode is None:
                process.kill()
                await process.wait()


async def serve(
    settings: ServeSettings, stop: asyncio.Event, ready: Callable[[], None] | None = None
) -> None:
    """Serve until ``stop`` is set; ``ready`` is called once listening.

    Raises :class:`CannotListen` when the address cannot be listened on.
    """
    from aiohttp import web

    site = _ViewSite(settings)
    runner = web.AppRunner(
        site.make_app(), access_log=None, handle_signals=False, shutdown_timeout=_SHUTDOWN_SECONDS
    )
    await runner.setup()
    try:
        tcp = web.TCPSite(runner, settings.host or None, settings.port)
        try:
            await tcp.start()
        except OSError as error:
            raise CannotListen(settings, error) from None
        if ready is not None:
            ready()
        await stop.wait()
    finally:
        await site.close_connections()
        await runner.cleanup()
        # The views' process transports are closed when collected: while this loop still runs.
        gc.collect()


def session_status(workspace: Workspace, journal: Path | None, *, anywhere: bool = False) -> str:
    """The line that says what the browsers will see (or wait for).

    ``journal``: the session named on the command line, else None for the one running in
    the workspace (or, with ``anywhere``, on this machine), found as ``codev view`` finds it.
    """
    from codev.core.live_registry import live_sessions
    from codev.core.session.follower import find_live_session
    from codev.core.session.journal import is_in_use

    if journal is not None:
        if is_in_use(journal):
            return t("cli.serve.running", session=journal.stem)
        return t("cli.serve.session_not_running", session=journal.stem)
    live = find_live_session(workspace)
    if live is None and anywhere:
        running = live_sessions()
        live = running[0] if running else None
    if live is None:
        return t("cli.serve.no_session", workspace=workspace.root)
    return t("cli.serve.running", session=live.stem)


def print_qr(url: str, out: TextIO) -> None:
    """The link as a QR code in the terminal, for the phones and laptops in the room."""
    import segno

    # A terminal without block characters gets no code: the link itself is printed anyway.
    with contextlib.suppress(UnicodeEncodeError):
        segno.make(url, error="m").terminal(out=out, compact=True)


def announce(settings: ServeSettings, status: str, out: TextIO) -> None:
    """What the facilitator reads once the server listens."""
    print(t("cli.serve.serving", url=settings.url), file=out)
    if settings.token is None:
        print(t("cli.serve.local_only"), file=out)
    else:
        if out.isatty():
            print_qr(settings.url, out)
        print(t("cli.serve.shared"), file=out)
    print(status, file=out)
    print(t("cli.serve.stop_hint"), file=out, flush=True)


async def _serve_until_signal(settings: ServeSettings, status: str) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not on Windows: there Ctrl+C arrives as KeyboardInterrupt, which the command line handles.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await serve(settings, stop, ready=lambda: announce(settings, status, sys.stdout))
    except CannotListen as error:
        print(error.message, file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace, context: Context) -> int:
    """Serve the read-only view of the workspace's session until Ctrl+C."""
    from codev.cli.view_cmd import named_session, workspace_named

    # Refused here as `codev view` would refuse it: every browser would get an ended session.
    journal = named_session(args, context)
    if isinstance(journal, int):
        return journal
    explicit = workspace_named(args)
    command = view_command(context.lang, context.workspace, args.session, explicit=explicit)
    settings = ServeSettings.create(args.host, args.port, command, title=t("cli.serve.title"))
    # Said, not refused: the view waits for a session, so the room can connect before it starts.
    status = session_status(context.workspace, journal, anywhere=not explicit)
    from codev.entry import loaded

    loaded()  # a server runs for hours: the garbage collector back on (see codev.entry)
    return asyncio.run(_serve_until_signal(settings, status))
