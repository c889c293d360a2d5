"""``codev carnet NAME`` (the review screen) and ``codev carnet export`` (a document to keep or send).

``codev carnet NAME`` is short for ``codev carnet open NAME``: :func:`open_by_default`
inserts the ``open`` that argparse needs, before parsing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codev.cli.context import Context
from codev.core.i18n import t
from codev.core.logbook.formats import ExportFormat
from codev.core.logbook.names import loose_key, normalize_name
from codev.core.printable import printable
from codev.core.safe_io import atomic_write

if TYPE_CHECKING:
    # Loaded by the commands that use them: every codev command line goes through this module.
    from codev.core.logbook import CarnetRef, Logbook, LogbookError, LogbookStore
    from codev.core.logbook.models import WallNote

SUB_COMMANDS = ("open", "export")
# The common options that take a value (``--lang fr``): their value is not a command.
_OPTIONS_WITH_VALUE = ("--lang", "--workspace", "--group")


def open_by_default(argv: Sequence[str]) -> list[str]:
    """``codev … carnet NAME …`` as ``codev … carnet open NAME …``; any other command line as it is."""
    args = list(argv)
    positions = [index for index, arg in enumerate(args) if _is_positional(args, index)]
    if not positions or args[positions[0]] != "carnet":
        return args
    after = positions[1:]
    if after and args[after[0]] not in SUB_COMMANDS:
        args.insert(positions[0] + 1, "open")
    return args


def _is_positional(args: Sequence[str], index: int) -> bool:
    arg = args[index]
    if arg.startswith("-"):
        return False
    return index == 0 or args[index - 1] not in _OPTIONS_WITH_VALUE


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev carnet …``."""
    parser = subparsers.add_parser(
        "carnet",
        help=t("carnet.review.cli.help"),
        description=t("carnet.review.cli.description"),
        parents=[common],
    )
    commands = parser.add_subparsers(dest="carnet_command", metavar=t("cli.command_metavar"), required=True)

    opening = commands.add_parser(
        "open",
        help=t("carnet.review.cli.open.help"),
        description=t("carnet.review.cli.open.description"),
        parents=[common],
    )
    opening.add_argument("name", metavar=t("carnet.cli.metavar.name"), help=t("carnet.cli.opt.name"))
    opening.add_argument(
        "--group", metavar=t("carnet.cli.metavar.group"), help=t("carnet.review.cli.opt.group")
    )
    opening.set_defaults(handler=cmd_open)

    exporting = commands.add_parser(
        "export",
        help=t("carnet.cli.export.help"),
        description=t("carnet.cli.export.description"),
        parents=[common],
    )
    exporting.add_argument("name", metavar=t("carnet.cli.metavar.name"), help=t("carnet.cli.opt.name"))
    exporting.add_argument("--group", metavar=t("carnet.cli.metavar.group"), help=t("carnet.cli.opt.group"))
    exporting.add_argument(
        "--format",
        dest="fmt",
        choices=[fmt.value for fmt in ExportFormat],
        help=t("carnet.cli.opt.format"),
    )
    exporting.add_argument("-o", "--output", metavar=t("cli.metavar.file"), help=t("carnet.cli.opt.output"))
    exporting.add_argument(
        "--session",
        dest="sessions",
        action="append",
        default=[],
        metavar=t("carnet.cli.metavar.session"),
        help=t("carnet.cli.opt.session"),
    )
    exporting.add_argument(
        "--since", type=_day, metavar=t("carnet.cli.metavar.date"), help=t("carnet.cli.opt.since")
    )
    exporting.add_argument(
        "--until", type=_day, metavar=t("carnet.cli.metavar.date"), help=t("carnet.cli.opt.until")
    )
    exporting.add_argument(
        "--anonymise", "--anonymize", action="store_true", help=t("carnet.cli.opt.anonymise")
    )
    exporting.set_defaults(handler=cmd_export)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("carnet.cli.bad_date", value=value)) from None


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _choose_format(option: str | None, output: str | None) -> ExportFormat:
    if option is not None:
        return ExportFormat(option)
    suffix = Path(output).suffix.lower() if output else ""
    if suffix == ".ics":
        return ExportFormat.ICS
    return ExportFormat.HTML if suffix in (".html", ".htm") else ExportFormat.MARKDOWN


def _find_carnets(store: LogbookStore, query: str, group: str | None) -> list[CarnetRef] | str:
    """The carnets to open or export, or the message explaining why there are none."""
    names = store.match_participants(query)
    if not names:
        known = ", ".join(sorted({ref.participant for ref in store.carnets()}, key=loose_key)) or "—"
        message = t("carnet.cli.unknown_participant", name=query, known=known)
        unreadable = store.unreadable_groups()
        if unreadable:
            # Their carnets cannot be found until the group file is repaired: say which file.
            lines = [t("carnet.cli.unreadable_groups"), *(f"  {problem}" for problem in unreadable)]
            message += "\n" + "\n".join(lines)
        return message
    if len(names) > 1:
        return t("carnet.cli.ambiguous_participant", name=query, candidates=", ".join(names))
    refs = store.carnets_of(names[0])
    if group is None:
        return refs
    wanted = normalize_name(group)
    chosen = [ref for ref in refs if ref.group == wanted]
    if not chosen:
        groups = ", ".join(ref.group for ref in refs) or "—"
        return t("carnet.cli.not_in_group", name=names[0], group=group, groups=groups)
    return chosen


def _unreadable(error: LogbookError) -> int:
    print(t("carnet.cli.unreadable"), file=sys.stderr)
    return _error("\n".join(f"  {problem}" for problem in error.problems))


def cmd_open(args: argparse.Namespace, context: Context) -> int:
    """Open a participant's carnet(s) in the review screen.

    Without ``--group``, the carnets of all their groups are shown together: one timeline
    with the group on each row, one path — it is one person's path. Every carnet is read
    before the interface opens, so that a damaged one is reported here, with its line.
    """
    from codev.core.logbook import LogbookError, LogbookStore
    from codev.ui.carnet.review import CarnetReview

    store = LogbookStore.for_workspace(context.workspace)
    found = _find_carnets(store, args.name, args.group)
    if isinstance(found, str):
        return _error(found)
    try:
        review = CarnetReview.load(store, found)
    except LogbookError as error:
        return _unreadable(error)
    from codev.ui.app import AppConfig, create_app

    app = create_app(AppConfig(workspace=context.workspace, carnet=review))
    app.run()
    return app.return_code or 0


def _members(store: LogbookStore, logbooks: Sequence[Logbook]) -> list[str]:
    """The members of the carnets' groups, as far as their group files can be read."""
    from codev.core.logbook import LogbookError

    members: list[str] = []
    for logbook in logbooks:
        # An unreadable or missing group file only means fewer names known in advance.
        with contextlib.suppress(LogbookError):
            members += store.load_group(logbook.group).members
    return members


def _calendar(store: LogbookStore, logbooks: Sequence[Logbook]) -> str:
    """The carnets as an iCalendar file, with each group's next meeting as far as its file reads."""
    from codev.core.logbook import LogbookError
    from codev.core.logbook.calendar_export import to_calendar

    meetings: dict[str, dt.date | None] = {}
    for logbook in logbooks:
        try:
            meetings[logbook.group] = store.load_group(logbook.group).next_meeting
        except LogbookError as error:
            # The deadlines are still worth having: the meeting only is left out, and why is said.
            print(t("carnet.ics.meeting_unknown", group=logbook.group), file=sys.stderr)
            print("\n".join(f"  {problem}" for problem in error.problems), file=sys.stderr)
    # A calendar file is ASCII and UTF-8 with CRLF lines: written as it is, to a file or stdout.
    return to_calendar(logbooks, meetings, dt.date.today()).decode("utf-8")


def _walls(store: LogbookStore, logbooks: Sequence[Logbook]) -> dict[tuple[str, str], list[WallNote]]:
    """The group's wall of each session, from the group files, as far as they read."""
    from codev.core.logbook import LogbookError

    walls: dict[tuple[str, str], list[WallNote]] = {}
    for logbook in logbooks:
        # An unreadable group file only means the export goes without the walls.
        with contextlib.suppress(LogbookError):
            for line in store.load_group(logbook.group).sessions:
                if line.wall:
                    walls[(logbook.group, line.id)] = line.wall
    return walls


def cmd_export(args: argparse.Namespace, context: Context) -> int:
    """Write a participant's carnet(s) as Markdown, HTML or a calendar, to a file or to stdout."""
    from codev.core.logbook import LogbookError, LogbookStore, load_logbook
    from codev.core.logbook.export import export
    from codev.core.logbook.sharing import SessionSelection, UnknownSessions, anonymise, select_sessions

    store = LogbookStore.for_workspace(context.workspace)
    found = _find_carnets(store, args.name, args.group)
    if isinstance(found, str):
        return _error(found)
    try:
        logbooks = [load_logbook(ref.path) for ref in found]
    except LogbookError as error:
        return _unreadable(error)
    if args.anonymise:
        # Before choosing the sessions, and with the group's members: a name is then also
        # recognised in a text whose session does not name that person.
        logbooks = anonymise(logbooks, _members(store, logbooks))
    try:
        logbooks = select_sessions(logbooks, SessionSelection(tuple(args.sessions), args.since, args.until))
    except UnknownSessions as error:
        return _error(error.message)
    fmt = _choose_format(args.fmt, args.output)
    if fmt is ExportFormat.ICS:
        document = _calendar(store, logbooks)
    else:
        # Anonymised, the copy goes without the group's wall: it is the others' words.
        document = export(logbooks, fmt, walls=None if args.anonymise else _walls(store, logbooks))
    if not args.output:
        # A carnet edited by hand can hold escape sequences: on a terminal they are shown,
        # not obeyed; piped to a file, the document stays exactly as written.
        sys.stdout.write(printable(document) if sys.stdout.isatty() else document)
        return 0
    output = Path(args.output).expanduser()
    if not output.parent.is_dir():
        return _error(t("carnet.cli.no_folder", folder=output.parent))
    try:
        # A carnet is personal: the exported copy is created readable by its owner only.
        atomic_write(output, document)
    except OSError as error:
        return _error(t("carnet.cli.write_failed", file=output, reason=error.strerror or error))
    print(t("carnet.cli.written", file=output), file=sys.stderr)
    return 0
