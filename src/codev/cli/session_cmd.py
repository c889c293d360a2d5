"""``codev session list | archive | set-aside | restore | report``: the workspace's session journals.

Journals are read here, never repaired: a damaged one is named with its problem and left as
it is. Archiving and setting aside are described in :mod:`codev.core.session.archive`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codev.cli.context import Context
from codev.cli.output import say, say_table
from codev.core import formatting
from codev.core.i18n import t, tn
from codev.core.workspace import Workspace

if TYPE_CHECKING:
    from codev.core.session.discovery import SessionSummary

# The session modules (the engine and its pydantic models) are imported by the commands that
# use them: every codev command line goes through this module, `codev protocol check` too.


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.session.bad_days", value=value)) from None
    if not math.isfinite(days) or days < 0:
        raise argparse.ArgumentTypeError(t("cli.session.bad_days", value=value))
    return days


REPORT_FORMATS = ("md", "html", "csv", "ics")
"""What ``codev session report --format`` writes."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev session …``."""
    parser = subparsers.add_parser("session", help=t("cli.session.help"), parents=[common])
    commands = parser.add_subparsers(dest="session_command", metavar=t("cli.command_metavar"), required=True)

    listing = commands.add_parser("list", help=t("cli.session.list.help"), parents=[common])
    listing.set_defaults(handler=cmd_list)

    archive = commands.add_parser("archive", help=t("cli.session.archive.help"), parents=[common])
    archive.add_argument(
        "--older-than",
        type=_days,
        default=None,
        metavar=t("cli.session.metavar.days"),
        help=t("cli.session.archive.older_than"),
    )
    archive.add_argument("--dry-run", action="store_true", help=t("cli.session.archive.dry_run"))
    archive.set_defaults(handler=cmd_archive)

    aside = commands.add_parser("set-aside", help=t("cli.session.set_aside.help"), parents=[common])
    aside.add_argument("session", metavar=t("cli.session.metavar.session"))
    aside.set_defaults(handler=cmd_set_aside)

    back = commands.add_parser("restore", help=t("cli.session.restore.help"), parents=[common])
    back.add_argument("session", metavar=t("cli.session.metavar.session"))
    back.set_defaults(handler=cmd_restore)

    report = commands.add_parser("report", help=t("cli.session.report.help"), parents=[common])
    report.add_argument(
        "session",
        nargs="?",
        default=None,
        metavar=t("cli.session.metavar.session"),
        help=t("cli.session.report.session"),
    )
    report.add_argument(
        "--format",
        dest="fmt",
        choices=REPORT_FORMATS,
        default=None,
        metavar=t("cli.session.metavar.format"),
        help=t("cli.session.report.format"),
    )
    report.add_argument(
        "-o", "--output", default=None, metavar=t("cli.metavar.file"), help=t("cli.session.report.output")
    )
    report.add_argument("--force", action="store_true", help=t("cli.session.report.force"))
    report.add_argument(
        "--for",
        dest="audience",
        default=None,
        metavar=t("cli.session.metavar.name"),
        help=t("cli.session.report.for"),
    )
    report.set_defaults(handler=cmd_report)


def _when(at: float) -> str:
    try:
        moment = dt.datetime.fromtimestamp(at)
    except (OverflowError, OSError, ValueError):
        return "?"
    return formatting.date_time(moment)


def _marks(summary: SessionSummary) -> str:
    marks = [
        key
        for key, present in (
            ("cli.session.mark.in_use", summary.in_use),
            ("cli.session.mark.rehearsal", summary.rehearsal),
            ("cli.session.mark.archived", summary.archived),
            ("cli.session.mark.set_aside", summary.set_aside),
        )
        if present
    ]
    return ", ".join(t(key) for key in marks)


def _shown(path: Path, workspace: Workspace) -> str:
    return str(path.relative_to(workspace.root) if path.is_relative_to(workspace.root) else path)


def cmd_list(args: argparse.Namespace, context: Context) -> int:
    """The sessions (set-aside ones too), oldest first, then the journals that cannot be read."""
    from codev.core.session.discovery import scan_sessions
    from codev.core.session.journal import sessions_dir

    workspace = context.workspace
    scan = scan_sessions(workspace, set_aside=True)
    if not scan.sessions and not scan.damaged:
        say(t("cli.session.none", folder=sessions_dir(workspace)))
        return 0
    header = tuple(t(f"cli.session.col.{name}") for name in ("date", "group", "status", "marks", "session"))
    rows: list[tuple[str, ...]] = [header]
    for summary in sorted(scan.sessions, key=lambda item: (item.created_at, item.session_id)):
        status = summary.status.label()
        rows.append(
            (_when(summary.created_at), summary.setup.group, status, _marks(summary), summary.session_id)
        )
    for damaged in scan.damaged:
        rows.append(("?", "?", t("cli.session.damaged"), "", damaged.path.stem))
    say_table(rows)
    if scan.damaged:
        say(file=sys.stderr)
        say(t("cli.session.damaged_heading"), file=sys.stderr)
        for damaged in scan.damaged:
            say(f"  {damaged.message}", file=sys.stderr)
    return 0


def cmd_archive(args: argparse.Namespace, context: Context) -> int:
    """Archive what can be; one line per journal saying what was done, or why not."""
    from codev.core.session.archive import ArchiveOutcome, archive_sessions
    from codev.core.session.journal import sessions_dir

    workspace = context.workspace
    results = archive_sessions(
        workspace, now=time.time(), older_than_days=args.older_than, dry_run=args.dry_run
    )
    if not results:
        say(t("cli.session.none", folder=sessions_dir(workspace)))
        return 0
    counts = dict.fromkeys(ArchiveOutcome, 0)
    for result in results:
        counts[result.outcome] += 1
        say(f"{_shown(result.path, workspace)}: {result.message}")
    if args.dry_run:
        summary = t(
            "cli.session.archive.summary_dry",
            archived=tn("cli.session.archive.count.would", counts[ArchiveOutcome.WOULD_ARCHIVE]),
            left=tn("cli.session.archive.count.left", counts[ArchiveOutcome.LEFT]),
        )
    else:
        summary = t(
            "cli.session.archive.summary",
            archived=tn("cli.session.archive.count.archived", counts[ArchiveOutcome.ARCHIVED]),
            left=tn("cli.session.archive.count.left", counts[ArchiveOutcome.LEFT]),
            failed=tn("cli.session.archive.count.failed", counts[ArchiveOutcome.FAILED]),
        )
    say(summary)
    return 1 if counts[ArchiveOutcome.FAILED] else 0


def _find(reference: str, candidates: Sequence[Path], where: str) -> Path | None:
    from codev.core.session.journal import JOURNAL_SUFFIX

    # Only a name among the journals listed: never a path leading anywhere else.
    name = reference if reference.endswith(JOURNAL_SUFFIX) else f"{reference}{JOURNAL_SUFFIX}"
    for path in candidates:
        if path.name == name:
            return path
    known = ", ".join(path.stem for path in candidates) or t("cli.session.nothing")
    say(t("cli.session.unknown", session=reference, where=t(where), known=known), file=sys.stderr)
    return None


def _move(
    reference: str,
    candidates: Sequence[Path],
    where: str,
    move: Callable[[Path], Path],
    done: Callable[[Path], str],
) -> int:
    """Find the journal named ``reference`` among ``candidates``, move it, say where it went."""
    from codev.core.session.journal import JournalError

    path = _find(reference, candidates, where)
    if path is None:
        return 1
    try:
        moved = move(path)
    except JournalError as error:
        say(error.message, file=sys.stderr)
        return 1
    say(done(moved))
    return 0


def cmd_set_aside(args: argparse.Namespace, context: Context) -> int:
    """Move a session's journal into the set-aside folder."""
    from codev.core.session.archive import set_aside
    from codev.core.session.discovery import journal_paths

    def done(moved: Path) -> str:
        return t("session.set_aside.done", file=_shown(moved, context.workspace), id=moved.stem)

    journals = journal_paths(context.workspace)
    return _move(args.session, journals, "cli.session.where.sessions", set_aside, done)


def cmd_restore(args: argparse.Namespace, context: Context) -> int:
    """Move a journal set aside back among the sessions."""
    from codev.core.session.archive import restore
    from codev.core.session.discovery import set_aside_paths

    def done(moved: Path) -> str:
        return t("cli.session.restored", file=_shown(moved, context.workspace))

    journals = set_aside_paths(context.workspace)
    return _move(args.session, journals, "cli.session.where.set_aside", restore, done)


def _report_format(option: str | None, output: str | None) -> str:
    """The format asked for, else the one the output file's suffix says, else Markdown."""
    if option is not None:
        return option
    suffix = Path(output).suffix.lower() if output else ""
    return {".html": "html", ".htm": "html", ".csv": "csv", ".ics": "ics"}.get(suffix, "md")


def _next_meeting(workspace: Workspace, group: str) -> dt.date | None:
    """The group's next meeting, still to come, as its group file says (None: none, or no file)."""
    from codev.core.logbook import LogbookError, LogbookStore, NotFound
    from codev.core.next_meeting import planned

    try:
        day = LogbookStore.for_workspace(workspace).load_group(group).next_meeting
    except NotFound:
        return None  # a rehearsal's group, or one whose file was never written
    except LogbookError as error:
        # The deadlines are still worth having: the meeting only is left out, and why is said.
        say(t("carnet.ics.meeting_unknown", group=group), file=sys.stderr)
        say("\n".join(f"  {problem}" for problem in error.problems), file=sys.stderr)
        return None
    return planned(day, dt.date.today())


def cmd_report(args: argparse.Namespace, context: Context) -> int:
    """A session's report (the most recent one by default), to stdout or to a new file."""
    from codev.core.i18n import get_lang
    from codev.core.printable import printable
    from codev.core.report import ReportError, report_from_journal, to_csv, to_html, to_markdown
    from codev.core.safe_io import atomic_write
    from codev.core.session.discovery import journal_paths, scan_sessions, set_aside_paths
    from codev.core.session.journal import JournalError, sessions_dir

    workspace = context.workspace
    if args.session is None:
        sessions = scan_sessions(workspace).sessions
        if not sessions:
            say(t("cli.session.report.none", folder=sessions_dir(workspace)), file=sys.stderr)
            return 1
        path: Path | None = max(sessions, key=lambda item: (item.created_at, item.session_id)).path
    else:
        journals = [*journal_paths(workspace), *set_aside_paths(workspace)]
        path = _find(args.session, journals, "cli.session.where.sessions")
    if path is None:
        return 1
    try:
        report = report_from_journal(path, lang=get_lang(), audience=args.audience)
    except (JournalError, ReportError) as error:
        say(error.message, file=sys.stderr)
        return 1
    fmt = _report_format(args.fmt, args.output)
    if fmt == "ics":
        from codev.core.report.ics import to_calendar

        # A calendar file is UTF-8 with CRLF lines: written as it is, to a file or stdout.
        document = to_calendar(report, _next_meeting(workspace, report.group)).decode("utf-8")
    else:
        document = {"md": to_markdown, "html": to_html, "csv": to_csv}[fmt](report)
    if not args.output:
        # Notes can hold escape sequences: on a terminal they are shown, not obeyed; piped
        # to a file, the document stays exactly as written.
        sys.stdout.write(printable(document) if sys.stdout.isatty() else document)
        return 0
    output = Path(args.output).expanduser()
    if not output.parent.is_dir():
        say(t("cli.session.report.no_folder", folder=output.parent), file=sys.stderr)
        return 1
    try:
        # Private, like the carnets it comes from; never over a file (or a link) unless --force,
        # and even then never through a link nor over a write-protected file.
        atomic_write(output, document, overwrite=args.force)
    except FileExistsError:
        say(t("cli.session.report.exists", file=output), file=sys.stderr)
        return 1
    except OSError as error:
        reason = error.strerror or error
        say(t("cli.session.report.write_failed", file=output, reason=reason), file=sys.stderr)
        return 1
    say(t("cli.session.report.written", file=output), file=sys.stderr)
    return 0
