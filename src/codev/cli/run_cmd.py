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
from codev.core.library import find_protocol
from codev.core.workspace import Workspace


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
    # Only the demo's protocol is read and validated, not the whole library: it starts sooner.
    entry = find_protocol("codev", Workspace.resolve(given) if given else None)
    if entry is None:
        print(t("cli.demo.no_protocol"), file=sys.stderr)
        return 1
    setup = demo_setup(entry.protocol, speed=args.speed)
    if given:
        return launch(args, context.workspace, setup=setup)
    with tempfile.TemporaryDirectory(prefix="codev-demo-") as folder:
        return launch(args, Workspace(Path(folder)), setup=setup, write_carnets=False)
