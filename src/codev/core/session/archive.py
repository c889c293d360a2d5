"""Journals no longer needed as they are: an unfinished session set aside, a finished one archived.

*Setting aside* moves an unfinished session's journal, whole, into
``logbooks/sessions/set-aside/`` (a rename: nothing in it changes, nothing is deleted).
Discovery never offers what is there for resuming; :func:`restore` moves it back.

*Archiving* removes what people typed from a finished (or abandoned) session's journal once
the carnets hold it: every note's text (and what the room was shown as a message) becomes
:data:`ARCHIVED_TEXT`; the setup, the times, the steps, the turns, the notes' kinds and
authors stay, so the journal still replays to the same timing. The header records when
(``archived_at``). A journal is archived only when all of this holds, else it is left as
it is, with the reason:

- it loads (not damaged, no incomplete last line), is over, and no codev has it open
  (it is held locked while it is read and rewritten);
- it is old enough (``older_than_days``: from its last activity; for a rehearsal, whose
  record times run fast, from when its journal was last written);
- the group file has the session, and every participant's carnet has its entry holding
  every text of the journal that is theirs (as codev wrote it: a note missing, or changed
  since, means the journal may be its only copy) — except for a rehearsal, which writes no
  carnet: its notes were never kept anywhere else, by design;
- the rewritten journal replays to exactly the same session, texts aside.

The new journal replaces the old one atomically (:func:`codev.core.safe_io.atomic_write`),
private (0600). Nothing here reads or writes a carnet: the store is only asked what it holds.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from codev.core.i18n import t, tn
from codev.core.safe_io import atomic_write, ensure_private_dir, fsync_dir
from codev.core.session import rules
from codev.core.session.discovery import (
    SET_ASIDE_FOLDER,
    SessionSummary,
    scan_sessions,
)
from codev.core.session.journal import (
    JournalError,
    JournalInUse,
    LoadedJournal,
    Record,
    held_journal,
    parse_journal,
)
from codev.core.session.model import AddNote, EditNote, SetRoomMessage
from codev.core.session.projection import NotesCache, build_view
from codev.core.session.state import SessionPlan, SessionState
from codev.core.session.view import SessionView
from codev.core.workspace import Workspace

if TYPE_CHECKING:  # the carnets are read only when archiving (the start screen never loads them)
    from codev.core.logbook import LogbookStore, SessionEntry

ARCHIVED_TEXT = "…"
"""What an archived note's text becomes: not empty, since a note's text never is (the
journal must replay), and in no language."""

SECONDS_PER_DAY = 86_400.0


# --- Setting aside -----------------------------------------------------------------------------


def set_aside(path: Path) -> Path:
    """Move a journal into the set-aside folder next to it; where it is now.

    :class:`JournalError` (translated, naming the file) when it is open in another codev, a
    file of that name is already set aside (never replaced), or the move fails.
    """
    return _move(path, path.parent / SET_ASIDE_FOLDER, within=path.parent.parent)


def restore(path: Path) -> Path:
    """Move a journal set aside back among the sessions (offered for resuming again)."""
    return _move(path, path.parent.parent, within=path.parent.parent.parent)


def _move(path: Path, folder: Path, *, within: Path) -> Path:
    target = folder / path.name
    # Held as a writer holds it: no codev resumes it while it moves.
    with held_journal(path):
        try:
            ensure_private_dir(folder, within=within)
            # A rename replaces what is there: something already there is never replaced.
            if os.path.lexists(target):
                raise JournalError(t("session.move.exists", file=str(path), target=str(target)), path)
            os.rename(path, target)
            fsync_dir(folder)
            fsync_dir(path.parent)
        except OSError as error:
            reason = error.strerror or str(error)
            raise JournalError(t("session.move.failed", file=str(path), reason=reason), path) from None
    return target


# --- Archiving ---------------------------------------------------------------------------------


class ArchiveOutcome(StrEnum):
    """What archiving did with one journal."""

    ARCHIVED = "archived"
    WOULD_ARCHIVE = "would_archive"
    """A dry run: it would have been archived."""
    LEFT = "left"
    """Left as it is (the message says why)."""
    FAILED = "failed"
    """It should have been archived, and could not be (the message says why)."""


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    """One journal and what was done with it."""

    path: Path
    outcome: ArchiveOutcome
    message: str
    """Translated: what was done, or why not."""
    texts: int = 0
    """Texts removed (or that would be)."""
    summary: SessionSummary | None = None
    """The session, when its journal loads."""


def strip_texts(loaded: LoadedJournal, archived_at: float) -> tuple[bytes, int]:
    """The journal without the texts people typed, marked archived; and how many were removed."""
    removed = 0
    lines = [loaded.header.model_copy(update={"archived_at": archived_at}).to_line()]
    for record in loaded.records:
        entry = record.entry
        text = getattr(entry, "text", None)
        # An empty room message clears it: left so (it says nothing, and it is a step of the session).
        if isinstance(entry, AddNote | EditNote | SetRoomMessage) and text and text != ARCHIVED_TEXT:
            entry = entry.model_copy(update={"text": ARCHIVED_TEXT})
            removed += 1
        details = getattr(entry, "action", None)
        if (
            isinstance(entry, AddNote | EditNote)
            and details is not None
            and (details.resources or details.indicator)
        ):
            # An action's resources and indicator are typed words too (its deadline is a date).
            entry = entry.model_copy(
                update={"action": details.model_copy(update={"resources": "", "indicator": ""})}
            )
            removed += 1
        lines.append(Record(seq=record.seq, at=record.at, entry=entry).model_dump_json().encode() + b"\n")
    return b"".join(lines), removed


def final_view(loaded: LoadedJournal) -> SessionView:
    """The session as its last record left it (the journal replayed, as the engine does)."""
    plan = SessionPlan.of(loaded.header.setup)
    state = SessionState.initial(plan)
    for index, record in enumerate(loaded.records):
        refusal = rules.apply(plan, state, record.entry, record.at)
        if refusal is not None:
            line = index + 2
            message = t(
                "engine.journal.error.refused", file=str(loaded.path), line=line, reason=refusal.message
            )
            raise JournalError(message, loaded.path, line)
    at = state.last_at if state.last_at is not None else loaded.header.created_at
    return build_view(plan, state, at, NotesCache())


def _without_texts(view: SessionView) -> SessionView:
    notes = tuple(
        dataclasses.replace(
            note,
            text="",
            action=None
            if note.action is None
            else note.action.model_copy(update={"resources": "", "indicator": ""}),
        )
        for note in view.notes
    )
    return dataclasses.replace(view, notes=notes, room=dataclasses.replace(view.room, message=""))


def archive_sessions(
    workspace: Workspace,
    *,
    now: float,
    older_than_days: float | None = None,
    dry_run: bool = False,
    store: LogbookStore | None = None,
) -> list[ArchiveResult]:
    """Archive every journal of ``workspace`` that can be (see the module); one result per
    journal, set-aside ones included: the damaged ones first, then the others, oldest first.
    ``now`` is the wall time (ages are counted from it, and the header records it)."""
    if store is None:
        from codev.core.logbook import LogbookStore

        store = LogbookStore.for_workspace(workspace)
    scan = scan_sessions(workspace, set_aside=True)
    results = [
        ArchiveResult(item.path, ArchiveOutcome.LEFT, t("session.archive.left.damaged", reason=item.message))
        for item in scan.damaged
    ]
    for summary in sorted(scan.sessions, key=lambda item: (item.created_at, item.session_id)):
        results.append(_archive_one(workspace, summary, store, now, older_than_days, dry_run))
    return results


def _reason_to_leave(summary: SessionSummary, now: float, older_than_days: float | None) -> str | None:
    if summary.set_aside:
        return t("session.archive.left.set_aside")
    if summary.in_use:
        return t("session.archive.left.in_use")
    if not summary.status.is_over:
        return t("session.archive.left.unfinished", status=summary.status.label())
    if summary.archived:
        return t("session.archive.left.archived")
    if summary.warnings:
        return t("session.archive.left.torn")
    if older_than_days is not None:
        age = (now - summary.stopped_at) / SECONDS_PER_DAY
        if age < older_than_days:
            return tn("session.archive.left.recent", round(max(age, 0)), limit=f"{older_than_days:g}")
    return None


def _archive_one(
    workspace: Workspace,
    summary: SessionSummary,
    store: LogbookStore,
    now: float,
    older_than_days: float | None,
    dry_run: bool,
) -> ArchiveResult:
    path = summary.path

    def result(outcome: ArchiveOutcome, message: str, texts: int = 0) -> ArchiveResult:
        return ArchiveResult(path, outcome, message, texts, summary)

    if reason := _reason_to_leave(summary, now, older_than_days):
        return result(ArchiveOutcome.LEFT, reason)
    try:
        with held_journal(path) as data:
            loaded = parse_journal(path, data)
            if loaded.warnings or loaded.size != loaded.valid_size:
                return result(ArchiveOutcome.LEFT, t("session.archive.left.torn"))
            view = final_view(loaded)
            if not view.status.is_over or loaded.header.archived_at is not None:
                # Changed since the scan: what it says now is named at the next run.
                return result(ArchiveOutcome.LEFT, t("session.archive.left.changed"))
            stripped, removed = strip_texts(loaded, now)
            if removed == 0:
                return result(ArchiveOutcome.LEFT, t("session.archive.left.no_text"))
            if not loaded.header.is_rehearsal and (missing := _not_in_carnets(store, loaded, view)):
                return result(ArchiveOutcome.LEFT, missing)
            if _without_texts(final_view(parse_journal(path, stripped))) != _without_texts(view):
                # Never expected: the rewrite would change the session, so it is not written.
                return result(ArchiveOutcome.FAILED, t("session.archive.failed.replay"))
            if dry_run:
                return result(ArchiveOutcome.WOULD_ARCHIVE, tn("session.archive.would", removed), removed)
            # Written while still held: no codev opens it between the reading and the rename.
            atomic_write(path, stripped.decode("utf-8"), within=workspace.logbooks_dir)
    except JournalInUse:
        return result(ArchiveOutcome.LEFT, t("session.archive.left.in_use"))
    except JournalError as error:
        return result(ArchiveOutcome.FAILED, error.message)
    except OSError as error:
        return result(ArchiveOutcome.FAILED, t("session.archive.failed.write", reason=str(error)))
    return result(ArchiveOutcome.ARCHIVED, tn("session.archive.done", removed), removed)


def _entry_texts(entry: SessionEntry) -> Iterable[str]:
    yield entry.question
    yield entry.contract
    yield from entry.suggestions_given
    yield from entry.learnings
    yield from entry.feelings
    yield from entry.progress
    yield from entry.notes
    yield from (suggestion.text for suggestion in entry.suggestions_received)
    for action in entry.actions:
        yield from (action.objective, action.resources, action.indicator)
    yield from (followup.comment for followup in entry.followups)


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def _not_in_carnets(store: LogbookStore, loaded: LoadedJournal, view: SessionView) -> str | None:
    """Why the carnets may not hold everything the journal's texts say (None: they do)."""
    from codev.core.logbook import LogbookError, NotFound, entries_for_session
    from codev.core.session_carnets import session_record

    header = loaded.header
    setup = header.setup
    session_id = header.session_id
    group = setup.group
    try:
        if store.load_group(group).entry(session_id) is None:
            return t("session.archive.left.no_group_line", group=group)
    except NotFound:
        return t("session.archive.left.no_group_line", group=group)
    except LogbookError as error:
        return t("session.archive.left.carnet_unreadable", reason=str(error))
    # What codev wrote into each carnet for this session, from the journal as it stands.
    expected = entries_for_session(session_record(setup, view, session_id, header.created_at))
    for name, entry in expected.items():
        try:
            held = store.load(group, name).entry(session_id)
        except NotFound:
            return t("session.archive.left.no_carnet", name=name)
        except LogbookError as error:
            return t("session.archive.left.carnet_unreadable", reason=str(error))
        if held is None:
            return t("session.archive.left.no_entry", name=name)
        kept = "\n".join(_plain(text) for text in _entry_texts(held))
        if any(_plain(text) not in kept for text in _entry_texts(entry) if _plain(text)):
            return t("session.archive.left.missing_text", name=name)
    return None


def is_set_aside(path: Path) -> bool:
    """True for a journal in a set-aside folder."""
    return path.parent.name == SET_ASIDE_FOLDER


__all__ = [
    "ARCHIVED_TEXT",
    "ArchiveOutcome",
    "ArchiveResult",
    "archive_sessions",
    "final_view",
    "is_set_aside",
    "restore",
    "set_aside",
    "strip_texts",
]
