"""``codev protocol check | list | show``: the trainers' commands."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from codev.cli.context import Context
from codev.cli.output import say, say_table

# The facilitator's screen options and launcher, shared with `codev run` so they stay alike.
from codev.cli.run_cmd import add_run_options, launch
from codev.core import formatting
from codev.core.i18n import t, tn
from codev.core.protocol.library import LibraryEntry, Origin, load_library
from codev.core.protocol.loader import ProtocolError, load_protocol
from codev.core.protocol.model import ROLES_FORMAT, Protocol, Speakers, Step, Subgroups, as_written
from codev.core.workspace import Workspace


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``codev protocol …``."""
    parser = subparsers.add_parser("protocol", help=t("cli.protocol.help"), parents=[common])
    commands = parser.add_subparsers(dest="protocol_command", metavar=t("cli.command_metavar"), required=True)

    check = commands.add_parser("check", help=t("cli.protocol.check.help"), parents=[common])
    check.add_argument("files", nargs="*", metavar=t("cli.metavar.file"), help=t("cli.protocol.check.files"))
    check.set_defaults(handler=cmd_check)

    upgrade = commands.add_parser("upgrade", help=t("cli.protocol.upgrade.help"), parents=[common])
    upgrade.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.protocol.upgrade.file"))
    upgrade.set_defaults(handler=cmd_upgrade)

    listing = commands.add_parser("list", help=t("cli.protocol.list.help"), parents=[common])
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help=t("cli.protocol.show.help"), parents=[common])
    show.add_argument("protocol", metavar=t("cli.metavar.id_or_file"))
    show.set_defaults(handler=cmd_show)

    new = commands.add_parser("new", help=t("editor.cli.new.help"), parents=[common])
    new.add_argument("id", metavar=t("editor.cli.metavar.id"), help=t("editor.cli.new.id"))
    new.add_argument(
        "--from",
        dest="source",
        default="codev",
        metavar=t("editor.cli.metavar.source"),
        help=t("editor.cli.new.from"),
    )
    new.set_defaults(handler=cmd_new)

    edit = commands.add_parser("edit", help=t("editor.cli.edit.help"), parents=[common])
    edit.add_argument("protocol", metavar=t("cli.metavar.id_or_file"))
    # --speed, --no-bell and --dark as for `codev run`: they set up the rehearsal (key p).
    add_run_options(edit)
    edit.set_defaults(handler=cmd_edit)

    rehearse = commands.add_parser("rehearse", help=t("editor.cli.rehearse.help"), parents=[common])
    rehearse.add_argument("protocol", metavar=t("cli.metavar.id_or_file"))
    add_run_options(rehearse)
    rehearse.set_defaults(handler=cmd_rehearse)


def _summary(protocol: Protocol, context: Context) -> str:
    return tn(
        "cli.protocol.summary",
        len(protocol.steps),
        title=protocol.title.get(context.lang),
        total=formatting.minutes(protocol.total_minutes),
    )


def _minutes_column(protocol: Protocol, context: Context) -> str:
    # Rounds once per presenter: the fixed part, plus one round per presenter.
    role = protocol.round_role
    if role is None:
        return formatting.number(protocol.total_minutes)
    per_round = protocol.minutes_per_round
    return t(
        "cli.protocol.list.per_role",
        fixed=formatting.number(protocol.total_minutes - per_round),
        per_round=formatting.number(per_round),
        role=role.in_sentence(context.lang),
    )


def _checked(protocol: Protocol, context: Context) -> str:
    # Which format each file is: the one line trainers read before `codev protocol upgrade`.
    return f"{_summary(protocol, context)} ({t('cli.protocol.check.format', format=protocol.format)})"


def cmd_check(args: argparse.Namespace, context: Context) -> int:
    """Validate files (or, with none given, every protocol of the library)."""
    if not args.files:
        library = load_library(context.workspace)
        for entry in library.sorted_entries():
            say(t("cli.protocol.check.ok", file=entry.path, summary=_checked(entry.protocol, context)))
        for problem in library.problems:
            say(problem)
        return 1 if library.problems else 0
    failed = False
    for name in args.files:
        try:
            protocol = load_protocol(Path(name), name)
        except ProtocolError as error:
            failed = True
            for problem in error.problems:
                say(problem)
            continue
        say(t("cli.protocol.check.ok", file=name, summary=_checked(protocol, context)))
    return 1 if failed else 0


def cmd_upgrade(args: argparse.Namespace, context: Context) -> int:
    """Rewrite a format 1 protocol file as format 2, comments and layout kept."""
    from codev.core.protocol.upgrade import UpgradeRefused, upgrade_file

    try:
        done = upgrade_file(Path(args.file), args.file)
    except ProtocolError as error:
        return _report(error)
    except UpgradeRefused as refused:
        say(t(refused.key, None, **refused.values), file=sys.stderr)
        return 1
    if done.written:
        say(t("cli.protocol.upgrade.done", file=args.file))
    else:
        say(t("cli.protocol.upgrade.already", file=args.file, format=done.previous))
    return 0


def _origin_label(entry: LibraryEntry) -> str:
    if entry.origin is Origin.BUILTIN:
        return t("cli.protocol.origin.builtin")
    key = "cli.protocol.origin.override" if entry.overrides_builtin else "cli.protocol.origin.workspace"
    return t(key, path=entry.path.name)


def cmd_list(args: argparse.Namespace, context: Context) -> int:
    """List the available protocols as a table."""
    library = load_library(context.workspace)
    header = (
        t("cli.protocol.col.id"),
        t("cli.protocol.col.title"),
        t("cli.protocol.col.steps"),
        t("cli.protocol.col.minutes"),
        t("cli.protocol.col.origin"),
    )
    rows = [header]
    for entry in library.sorted_entries():
        protocol = entry.protocol
        rows.append(
            (
                protocol.id,
                protocol.title.get(context.lang),
                str(len(protocol.steps)),
                _minutes_column(protocol, context),
                _origin_label(entry),
            )
        )
    say_table(rows)
    if library.problems:
        say(file=sys.stderr)
        say(t("cli.protocol.list.broken"), file=sys.stderr)
        for problem in library.problems:
            say(f"  {problem}", file=sys.stderr)
    return 0


def _find(reference: str, context: Context) -> Protocol | None:
    library = load_library(context.workspace)
    entry = library.get(reference)
    if entry is not None:
        return entry.protocol
    path = Path(reference)
    if path.suffix == ".toml" or path.exists():
        try:
            return load_protocol(path, reference)
        except ProtocolError as error:
            for problem in error.problems:
                say(problem, file=sys.stderr)
            return None
    known = ", ".join(sorted(library.entries))
    say(t("cli.protocol.unknown", id=reference, known=known), file=sys.stderr)
    return None


def _speakers_label(step: Step, protocol: Protocol, lang: str) -> str:
    # A declared role by its title; a built-in value as always.
    labels = []
    for name in step.speaker_names:
        role = None if isinstance(name, Speakers) else protocol.role_by_id(name)
        labels.append(role.label(lang) if role is not None else t(f"speakers.{name}"))
    return ", ".join(labels)


def _role_lines(protocol: Protocol, lang: str) -> list[str]:
    """The roles a format 2 protocol declares, with their titles (format 1 has built-in ones only)."""
    if protocol.format < ROLES_FORMAT:
        return []
    lines = [t("cli.protocol.show.roles")]
    for role in protocol.declared_roles:
        meaning, count = t(f"role.{role.meaning.value}", lang), t(f"role.count.{role.count.value}", lang)
        if role == protocol.round_role:
            # Rounds once per presenter: one presenter a round, as many as present today.
            count = t("role.count.per_round", lang)
        lines.append(
            "  "
            + t("cli.protocol.show.role", title=role.label(lang), id=role.id, meaning=meaning, count=count)
        )
    return lines


def _step_lines(number: int, step: Step, protocol: Protocol, context: Context) -> list[str]:
    lang = context.lang
    timing = formatting.minutes(step.minutes)
    if step.floor_minutes != step.minutes:
        timing = t(
            "cli.protocol.show.timing_floor", planned=timing, floor=formatting.minutes(step.floor_minutes)
        )
    flags = []
    if step.optional:
        flags.append(t("cli.protocol.show.optional"))
    if step.protected:
        flags.append(t("cli.protocol.show.protected"))
    if step.parallel and protocol.subgroups is not None:
        flags.append(t("cli.protocol.show.parallel"))
    if step.turns is not None:
        per_turn = t("cli.protocol.show.per_turn", seconds=step.turns.seconds) if step.turns.seconds else ""
        flags.append(t("cli.protocol.show.turns", who=t(f"speakers.{step.turns.who.value}")) + per_turn)
    head = f"{number}. {step.title.get(lang)} [{step.id}] — {timing}"
    if flags:
        head += f" ({', '.join(flags)})"
    lines = [head, f"   {t('cli.protocol.show.speakers')} {_speakers_label(step, protocol, lang)}"]
    if step.purpose is not None:
        lines.append(f"   {t('cli.protocol.show.purpose')} {step.purpose.get(lang)}")
    lines.append(f"   {step.instructions.get(lang)}")
    for label, items, bullet in (
        ("cli.protocol.show.allowed", step.allowed.get(lang), "+"),
        ("cli.protocol.show.forbidden", step.forbidden.get(lang), "✗"),
        ("cli.protocol.show.prompts", step.prompts.get(lang), "?"),
    ):
        if items:
            lines.append(f"   {t(label)}")
            lines.extend(f"     {bullet} {item}" for item in items)
    if step.notes:
        kinds = ", ".join(t(f"note.kind.{kind.value}") for kind in step.notes)
        lines.append(f"   {t('cli.protocol.show.notes')} {kinds}")
    return lines


def cmd_show(args: argparse.Namespace, context: Context) -> int:
    """Print a protocol's steps with their timing and rules."""
    protocol = _find(args.protocol, context)
    if protocol is None:
        return 1
    lang = context.lang
    say(f"{protocol.title.get(lang)}  [{protocol.id} v{protocol.version}]")
    say(protocol.description.get(lang))
    say(_summary(protocol, context))
    if protocol.joker_minutes is not None:
        say(t("cli.protocol.show.joker", minutes=formatting.minutes(protocol.joker_minutes)))
    for line in _role_lines(protocol, lang):
        say(line)
    if protocol.subgroups is not None:
        say(_subgroups_line(protocol, protocol.subgroups, lang))
    _say_steps(protocol, context)
    return 0


def _subgroups_line(protocol: Protocol, rule: Subgroups, lang: str) -> str:
    """How the group splits (``Sub-groups: tables of 3 (Trio 1, Trio 2…)``)."""
    names = {"first": rule.label(1, lang), "second": rule.label(2, lang)}
    if rule.size is None:
        line = t("cli.protocol.show.subgroups_by", attribute=rule.by, **names)
    elif rule.mix is not None:
        line = t("cli.protocol.show.subgroups_mix", size=rule.size, attribute=rule.mix, **names)
    else:
        line = t("cli.protocol.show.subgroups_size", size=rule.size, **names)
    roles = [protocol.role_by_id(role_id) for role_id in rule.without]
    titles = [role.label(lang) for role in roles if role is not None]
    if titles:
        # A trainer who goes from table to table sits at none: said, so nobody looks for them.
        line += t("cli.protocol.show.subgroups_without", roles=", ".join(titles))
    return line


def _say_steps(protocol: Protocol, context: Context) -> None:
    """The steps, a block repeated in rounds shown once under a "× N" heading."""
    number = 0
    for step in protocol.steps:
        if step.round is not None and step.round > 1:
            continue  # the block is shown once, for all its rounds
        number += 1
        lines = _step_lines(number, _as_written(step), protocol, context)
        if step.round is not None:
            first = next(index for index, other in enumerate(protocol.steps) if other.round == 1)
            if step is protocol.steps[first]:
                say()
                say(_rounds_heading(protocol, context.lang))
            lines = [f"  {line}" for line in lines]
        say()
        say("\n".join(lines))


def _rounds_heading(protocol: Protocol, lang: str) -> str:
    rounds = protocol.round_count or 0
    per_round = protocol.minutes_per_round
    role = protocol.round_role
    if role is not None:
        # Rounds once per presenter: how many is the set-up's choice, not the file's.
        return t(
            "cli.protocol.show.rounds_per_role",
            role=role.in_sentence(lang),
            minutes=formatting.minutes(per_round),
        )
    return t(
        "cli.protocol.show.rounds",
        rounds=rounds,
        minutes=formatting.minutes(per_round),
        total=formatting.minutes(per_round * rounds),
    )


def _as_written(step: Step) -> Step:
    """A step of round 1 as the file writes it: its id and titles without the round's number."""
    # The model's own reverse of the numbering, which with_rounds also builds on.
    return as_written(step)


def _report(error: Exception) -> int:
    if isinstance(error, ProtocolError):
        for problem in error.problems:
            say(problem, file=sys.stderr)
    else:
        say(error, file=sys.stderr)
    return 1


def cmd_new(args: argparse.Namespace, context: Context) -> int:
    """Copy a protocol into the workspace under a new id, comments and all."""
    # Imported here: tomlkit is only needed by the commands that write protocols.
    from codev.core.protocol.draft import EditError, copy_protocol

    try:
        path = copy_protocol(args.id, args.source, context.workspace)
    except (EditError, ProtocolError) as error:
        return _report(error)
    shown = path.relative_to(context.workspace.root) if path.is_relative_to(context.workspace.root) else path
    say(t("editor.cli.new.done", path=shown, source=args.source, id=args.id))
    return 0


def cmd_edit(args: argparse.Namespace, context: Context) -> int:
    """Open the protocol editor on a protocol (id or file)."""
    from codev.core.protocol.draft import EditError, open_draft

    try:
        draft = open_draft(args.protocol, context.workspace)
    except (EditError, ProtocolError) as error:
        return _report(error)
    # Nothing the editor does writes to the carnets, its rehearsals included.
    return launch(args, context.workspace, edit_protocol=draft.source, write_carnets=False)


def cmd_rehearse(args: argparse.Namespace, context: Context) -> int:
    """Run a protocol (id or file) as the demo session, in a throw-away workspace: nothing is kept."""
    from codev.ui.demo import demo_setup

    protocol = _find(args.protocol, context)
    if protocol is None:
        return 1
    setup = demo_setup(protocol, speed=args.speed)
    with tempfile.TemporaryDirectory(prefix="codev-rehearsal-") as folder:
        return launch(args, Workspace(Path(folder)), setup=setup, write_carnets=False)
