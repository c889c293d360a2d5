"""``codev view``: the room's screen, following the session running in a workspace.

Textual is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from codev.cli.context import Context
from codev.cli.run_cmd import add_theme_options, chosen_theme
from codev.core.i18n import t


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev view``."""
    view = subparsers.add_parser("view", help=t("cli.view.help"), parents=[common])
    view.add_argument("session", nargs="?", metavar=t("cli.view.session_metavar"), help=t("cli.view.session"))
    add_theme_options(view)
    view.set_defaults(handler=run_view)


def resolve_journal(context: Context, session: str) -> Path | None:
    """A session named on the command line: a journal file, or a session id in the workspace."""
    from codev.core.session import sessions_dir
    from codev.core.session.journal import JOURNAL_SUFFIX

    given = Path(session)
    if given.suffix == JOURNAL_SUFFIX and given.is_file():
        return given
    # A session id is the journal's stem: never a path that could leave the sessions folder.
    if "/" in session or "\\" in session or session.startswith("."):
        return None
    candidate = sessions_dir(context.workspace) / f"{session}{JOURNAL_SUFFIX}"
    return candidate if candidate.is_file() else None


def named_session(args: argparse.Namespace, context: Context) -> Path | int | None:
    """The journal of the SESSION argument (None when not given), or exit code 1 once said
    that there is no such session."""
    if not args.session:
        return None
    journal = resolve_journal(context, args.session)
    if journal is None:
        print(t("cli.view.no_such_session", session=args.session), file=sys.stderr)
        return 1
    return journal


def workspace_named(args: argparse.Namespace) -> bool:
    """The user named the workspace (option or environment): the only place to look then."""
    return getattr(args, "workspace", None) is not None or bool(os.environ.get("CODEV_WORKSPACE"))


def run_view(args: argparse.Namespace, context: Context) -> int:
    """Open the projected view."""
    journal = named_session(args, context)
    if isinstance(journal, int):
        return journal
    from codev.ui.view_app import ViewConfig, create_view_app

    config = ViewConfig(
        workspace=context.workspace,
        journal=journal,
        # A workspace named by the user is the only place to look; else any session of theirs.
        anywhere=not workspace_named(args),
        theme=chosen_theme(args),
    )
    app = create_view_app(config)
    app.run()
    return app.return_code or 0  # 1 after a crash, as Textual sets it
