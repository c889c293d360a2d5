"""``codev`` / ``codev run`` (the set-up, then the live session) and ``codev demo``.

Textual is imported only here, when a command actually opens the interface.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codev.cli.context import Context
from codev.core.i18n import t
from codev.core.printable import printable
from codev.core.protocol.library import find_protocol
from codev.core.workspace import Workspace

if TYPE_CHECKING:  # the interface is imported only when a command opens it
    from codev.ui.base import CodevBaseApp


def _speed(value: str) -> float:
    try:
        speed = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.run.bad_speed", value=value)) from None
    if not 0 < speed <= 1000:
        raise argparse.ArgumentTypeError(t("cli.run.bad_speed", value=value))
    return speed


THEME_OPTIONS = {"projector": "codev-projector", "dark": "codev-dark", "contrast": "codev-contrast"}
"""``--theme`` values and the themes they name (codev.ui.themes: not imported here, it loads Textual)."""


def add_theme_options(parser: argparse.ArgumentParser) -> None:
    """``--theme projector|dark|contrast``, and ``--dark`` for ``--theme dark`` (one or the other)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--theme", choices=list(THEME_OPTIONS), help=t("cli.run.theme"))
    group.add_argument("--dark", action="store_true", help=t("cli.run.dark"))


def chosen_theme(args: argparse.Namespace) -> str:
    """The Textual theme ``args`` asks for (the projector theme when none is named)."""
    # getattr: plain `codev` runs the set-up with arguments that have no theme options.
    option = getattr(args, "theme", None) or ("dark" if getattr(args, "dark", False) else "projector")
    return THEME_OPTIONS[option]


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that opens the facilitator's screen (--speed, …)."""
    parser.add_argument("--speed", type=_speed, default=1.0, metavar="N", help=t("cli.run.speed"))
    parser.add_argument("--no-bell", action="store_true", help=t("cli.run.no_bell"))
    add_theme_options(parser)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev run`` and ``codev demo``."""
    run = subparsers.add_parser("run", help=t("cli.run.help"), parents=[common])
    add_run_options(run)
    run.set_defaults(handler=run_setup)
    demo = subparsers.add_parser("demo", help=t("cli.demo.help"), parents=[common])
    add_run_options(demo)
    demo.set_defaults(handler=run_demo)


def launch(args: argparse.Namespace, workspace: Workspace, **extra: Any) -> int:
    """Open the interface with the run options of ``args`` and ``extra`` AppConfig fields."""
    from codev.ui.app import AppConfig, create_app

    config = AppConfig(
        workspace=workspace,
        speed=getattr(args, "speed", 1.0),
        bell=not getattr(args, "no_bell", False),
        theme=chosen_theme(args),
        report_errors=True,
        **extra,
    )
    return run_app(create_app(config))


def run_app(app: CodevBaseApp) -> int:
    """Run a codev application to its end; its exit status (non-zero after a crash or a lost
    terminal), once its session is released and a crash is named on the terminal."""
    from codev.core.crash_report import crash_message

    try:
        app.run()
    finally:
        # Whatever ended the app, the carnets are written and the journal closed here.
        app.release()
    if app.crashed and app.crash_error is not None:
        with contextlib.suppress(OSError, ValueError):  # the terminal itself may be gone
            print(crash_message(app.crash_error, app.crash_report), file=sys.stderr)
    return int(app.return_code or 0)


def run_setup(args: argparse.Namespace, context: Context) -> int:
    """Open the set-up (or the resume offer) in the workspace."""
    return launch(args, context.workspace)


def demo_number(workspace: Workspace, group: str) -> int | None:
    """The demo group's next session number in ``workspace`` (None if its group file is damaged:
    the message is printed, and the carnets' save says it again)."""
    from codev.core.logbook import LogbookError, LogbookStore

    try:
        return LogbookStore.for_workspace(workspace).next_session_number(group)
    except LogbookError as error:
        print(printable(str(error)), file=sys.stderr)
        return None


def run_demo(args: argparse.Namespace, context: Context) -> int:
    """Open the demo session; in a throw-away workspace unless one was given."""
    from codev.ui.demo import demo_group, demo_setup

    given = getattr(args, "workspace", None)
    # Only the demo's protocol is read and validated, not the whole library: it starts sooner.
    entry = find_protocol("codev", Workspace.resolve(given) if given else None)
    if entry is None:
        print(t("cli.demo.no_protocol"), file=sys.stderr)
        return 1
    if given:
        # A workspace that keeps the demo's carnets numbers its sessions as a real group's.
        number = demo_number(context.workspace, demo_group())
        return launch(
            args, context.workspace, setup=demo_setup(entry.protocol, speed=args.speed, number=number)
        )
    setup = demo_setup(entry.protocol, speed=args.speed)
    with tempfile.TemporaryDirectory(prefix="codev-demo-") as folder:
        return launch(args, Workspace(Path(folder)), setup=setup, write_carnets=False)
