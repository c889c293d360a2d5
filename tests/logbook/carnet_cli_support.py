"""Running ``codev carnet …`` commands in-process, in a workspace, for the logbook tests."""

from __future__ import annotations

import argparse
from pathlib import Path

from codev.cli import carnet_cmd
from codev.cli.context import Context, add_common_options
from codev.core.i18n import get_lang
from codev.core.workspace import Workspace


def run(workspace: Path, *argv: str) -> int:
    """The exit status of ``codev CARNET-ARGV`` run in ``workspace`` (output to capsys)."""
    common = argparse.ArgumentParser(add_help=False)
    add_common_options(common)
    parser = argparse.ArgumentParser(prog="codev", parents=[common])
    carnet_cmd.register(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(list(argv))
    return int(args.handler(args, Context(Workspace(workspace), get_lang())))
