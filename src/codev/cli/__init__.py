"""The ``codev`` command line: one entry point, one module per group of commands.

Each command module exposes ``register(subparsers, common)`` which adds its sub-commands
and sets ``handler`` on them; a handler takes the parsed arguments and a :class:`Context`
and returns the exit code. Nothing here imports Textual: the commands that open the TUI
import it when they run, so ``codev protocol check`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any

from codev.cli import argparse_i18n, carnet_cmd, protocol_cmd, run_cmd, serve_cmd, session_cmd, view_cmd
from codev.cli.context import Context, add_common_options
from codev.core.i18n import resolve_lang, set_lang, t

COMMAND_MODULES = (run_cmd, view_cmd, serve_cmd, protocol_cmd, carnet_cmd, session_cmd)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (texts in the current language)."""
    common = argparse.ArgumentParser(add_help=False)
    add_common_options(common)
    parser = argparse.ArgumentParser(prog="codev", description=t("cli.description"), parents=[common])
    parser.add_argument("--version", action=_ShowVersion, help=t("cli.opt.version"))
    subparsers = parser.add_subparsers(dest="command", metavar=t("cli.command_metavar"))
    for module in COMMAND_MODULES:
        module.register(subparsers, common)
    return parser


def _version() -> str:
    """The installed codev's version, as its package metadata says."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("codev")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


class _ShowVersion(argparse.Action):
    """``--version``: ``codev 0.1.0`` on stdout, status 0. The metadata is read only then:
    argparse's own version action wants the text as the parser is built, for every command."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"codev {_version()}")
        parser.exit(0)


def _early_lang(argv: Sequence[str]) -> str | None:
    # The language must be known before the parser is built, since its help is translated.
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``codev`` command; returns the process exit code."""
    # `codev carnet NAME` is short for `codev carnet open NAME` (argparse needs the sub-command).
    args_list = carnet_cmd.open_by_default(sys.argv[1:] if argv is None else argv)
    set_lang(resolve_lang(_early_lang(args_list)))
    argparse_i18n.install()
    parser = build_parser()
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        # Plain `codev` opens the session set-up, as `codev run` does.
        args.speed, args.no_bell, args.dark = 1.0, False, False
        handler = run_cmd.run_setup
    try:
        context = Context.from_args(args)
        return int(handler(args, context))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `codev protocol show codev | head`: the reader left, which is not an error.
        sys.stderr.close()
        return 0
    except Exception as error:
        return crashed(error, f"codev {getattr(args, 'command', None) or 'run'}")


def crashed(error: Exception, where: str) -> int:
    """An error nothing foresaw: a private report, a short message naming it, status 1.

    Never a traceback on the terminal (it may be the one the room sees, and it may quote a
    note); the report has it (see :mod:`codev.core.crash_report`).
    """
    from codev.core.crash_report import crash_message, write_report

    report = write_report(error, where)
    with contextlib.suppress(OSError, ValueError):  # the terminal itself may be gone
        print(crash_message(error, report), file=sys.stderr)
    return 1
