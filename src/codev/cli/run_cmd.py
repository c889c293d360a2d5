"""``codev`` / ``codev run`` (the set-up, then the live session) and ``codev demo``.

Textual is imported only here, when a command actually opens the interface.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from codev.cli.context import Context
from codev.core.i18n import t
from codev.core.library import load_library
from codev.core.workspace import Workspace


def _speed(value: str) -> float:
    try:
        speed = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.run.bad_speed", value=value)) from None
    if not 0 < speed <= 1000:
        raise argparse.ArgumentTypeError(t("cli.run.bad_speed", value=value))
    return speed


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that opens the facilitator's screen (--speed, …)."""
    parser.add_argument("--speed", type=_speed, default=1.0, metavar="N", help=t("cli.run.speed"))
    parser.add_argument("--no-bell", action="store_true", help=t("cli.run.no_bell"))
    parser.add_argument("--dark", action="store_true", help=t("cli.run.dark"))


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
    from codev.ui.themes import DARK, PROJECTOR

    config = AppConfig(
        workspace=workspace,
        speed=getattr(args, "speed", 1.0),
        bell=not getattr(args, "no_bell", False),
        theme=DARK.name if getattr(args, "dark", False) else PROJECTOR.name,
        **extra,
    )
    create_app(config).run()
    return 0


def run_setup(args: argparse.Namespace, context: Context) -> int:
    """Open the set-up (or the resume offer) in the workspace."""
    return launch(args, context.workspace)


def run_demo(args: argparse.Namespace, context: Context) -> int:
    """Open the demo session; in a throw-away workspace unless one was given."""
    from codev.ui.demo import demo_setup

    given = getattr(args, "workspace", None)
    library = load_library(Workspace.resolve(given) if given else None)
    entry = library.get("codev")
    if entry is None:
        print(t("cli.demo.no_protocol"), file=sys.stderr)
        return 1
    setup = demo_setup(entry.protocol, speed=args.speed)
    if given:
        return launch(args, context.workspace, setup=setup)
    with tempfile.TemporaryDirectory(prefix="codev-demo-") as folder:
        return launch(args, Workspace(Path(folder)), setup=setup, write_carnets=False)
