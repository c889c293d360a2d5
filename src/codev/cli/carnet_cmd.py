"""``codev carnet export``: a participant's carnet as a document to keep or send."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from codev.cli.context import Context
from codev.core.i18n import t
from codev.core.logbook import CarnetRef, LogbookError, LogbookStore
from codev.core.logbook.export import ExportFormat, export
from codev.core.logbook.names import loose_key, normalize_name
from codev.core.logbook.reading import load_logbook
from codev.core.safe_io import atomic_write


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev carnet …``."""
    parser = subparsers.add_parser("carnet", help=t("carnet.cli.help"), parents=[common])
    commands = parser.add_subparsers(dest="carnet_command", metavar=t("cli.command_metavar"), required=True)

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
    exporting.set_defaults(handler=cmd_export)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _choose_format(option: str | None, output: str | None) -> ExportFormat:
    if option is not None:
        return ExportFormat(option)
    suffix = Path(output).suffix.lower() if output else ""
    return ExportFormat.HTML if suffix in (".html", ".htm") else ExportFormat.MARKDOWN


def _find_carnets(store: LogbookStore, query: str, group: str | None) -> list[CarnetRef] | str:
    """The carnets to export, or the message explaining why there are none."""
    names = store.match_participants(query)
    if not names:
        known = ", ".join(sorted({ref.participant for ref in store.carnets()}, key=loose_key)) or "—"
        return t("carnet.cli.unknown_participant", name=query, known=known)
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


def cmd_export(args: argparse.Namespace, context: Context) -> int:
    """Write a participant's carnet(s) as Markdown or HTML, to a file or to stdout."""
    store = LogbookStore.for_workspace(context.workspace)
    found = _find_carnets(store, args.name, args.group)
    if isinstance(found, str):
        return _error(found)
    try:
        logbooks = [load_logbook(ref.path) for ref in found]
    except LogbookError as error:
        print(t("carnet.cli.unreadable"), file=sys.stderr)
        return _error("\n".join(f"  {problem}" for problem in error.problems))
    document = export(logbooks, _choose_format(args.fmt, args.output))
    if not args.output:
        sys.stdout.write(document)
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
