"""The logbook store: every read and write of carnets and group files goes through here.

Writes are read-modify-write cycles on files people may edit by hand, possibly from two
codev processes at once. Each cycle holds the group's lock, reads the file, checks that it
is a valid carnet (never writing into one that is not), changes only the entries concerned
(see :mod:`codev.core.logbook.toml_edit`) and replaces the file atomically. Writing an entry
that did not change writes nothing, so the session engine can save after every note.

When a carnet cannot be read or written — a syntax error after a hand edit, a format from
a newer codev, a link or a pipe in its place, a file made read-only — the entry is *kept
aside* in a pending file next to it and the outcome says why, with the file and the line.
The next successful write to the repaired carnet takes the pending entries back in and
removes the pending file. One carnet's trouble never stops the others being written.

Nothing is written through a symbolic link (``logbooks/``, a group's folder, a file), so
nothing leaves the workspace; no file its owner made read-only is replaced; and each write
clears the temporary files that killed writers left in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from codev.core.i18n import t
from codev.core.logbook import paths
from codev.core.logbook.models import (
    MAX_SESSION_NUMBER,
    CommitmentStatus,
    EntryRecord,
    FollowUp,
    GroupFile,
    GroupSession,
    Logbook,
    SessionEntry,
    SessionsFile,
)
from codev.core.logbook.names import loose_key, normalize_name
from codev.core.logbook.reading import (
    LogbookError,
    NotFound,
    load_file,
    parse_file,
    read_owner,
    read_text,
)
from codev.core.logbook.results import (
    CarnetRef,
    CommitmentsReport,
    GroupRef,
    OpenCommitment,
    SessionSaved,
    WriteOutcome,
    WriteStatus,
)
from codev.core.logbook.session_record import SessionRecord, entries_for_session
from codev.core.logbook.toml_edit import (
    ENTRIES_KEY,
    EditableText,
    KeyTree,
    UnsupportedLayout,
    find_layout,
    owned_keys,
)
from codev.core.logbook.toml_render import render_comment, render_keys, render_table
from codev.core.protocol import Role
from codev.core.protocol_loader import Problem
from codev.core.safe_io import (
    atomic_write,
    check_no_symlinks,
    ensure_private_dir,
    exclusive_lock,
    remove_file,
)
from codev.core.workspace import Workspace

FileT = TypeVar("FileT", bound=SessionsFile[Any])
EntryT = TypeVar("EntryT", bound=EntryRecord)


@dataclass
class _Cached:
    editable: EditableText
    doc: SessionsFile[Any]


@functools.cache
def _owned(model: type[BaseModel]) -> KeyTree:
    return owned_keys(model)


def _preamble_owned(model: type[BaseModel]) -> KeyTree:
    return {key: value for key, value in _owned(model).items() if key != ENTRIES_KEY}


def _pristine_check(entry_type: type[EntryRecord]) -> Callable[[str], bool]:
    def is_pristine(text: str) -> bool:
        # Pristine: exactly what codev would write for what the text says — no comment,
        # no extra key, no other layout — so it can be replaced rather than merged.
        try:
            entry = entry_type.model_validate(tomllib.loads(text)[ENTRIES_KEY][0])
        except (tomllib.TOMLDecodeError, ValidationError, KeyError, IndexError, TypeError):
            return False
        return render_table(entry, ENTRIES_KEY).rstrip() == text.rstrip()

    return is_pristine


def render_preamble(doc: SessionsFile[Any], comment: str) -> str:
    """The head of a file: a comment for the person who opens it, then the root keys."""
    lines = render_keys(doc, skip=(ENTRIES_KEY,))
    return render_comment(comment) + "".join(f"{line}\n" for line in lines)


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class LogbookStore:
    """Carnets and group files under a workspace's ``logbooks/`` folder.

    One instance can serve a whole application; it remembers the last text it read or wrote
    for each file, so that saving after every note does not re-validate a big carnet that
    nobody else touched.
    """

    def __init__(self, root: Path, clock: Callable[[], dt.datetime] = _now) -> None:
        self.root = root
        self._clock = clock
        self._cache: dict[Path, _Cached] = {}

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> LogbookStore:
        """The store of a workspace (its ``logbooks/`` folder)."""
        return cls(workspace.logbooks_dir)

    # ------------------------------------------------------------------ finding

    def groups(self) -> list[GroupRef]:
        """Every group whose group file names it."""
        refs = []
        for folder in paths.group_dirs(self.root):
            with contextlib.suppress(OSError):
                name = read_owner(folder / paths.GROUP_FILE, "name")
                if name:
                    refs.append(GroupRef(name, folder))
        return sorted(refs, key=lambda ref: loose_key(ref.name))

    def carnets(self, group: str | None = None) -> list[CarnetRef]:
        """Every carnet, or those of one group, that says whose it is."""
        refs = []
        for ref in self.groups():
            if group is not None and ref.name != normalize_name(group):
                continue
            for path in paths.carnet_files(ref.folder):
                with contextlib.suppress(OSError):
                    owner = read_owner(path, "participant")
                    if owner:
                        refs.append(CarnetRef(owner, ref.name, path))
        return sorted(refs, key=lambda ref: (loose_key(ref.participant), loose_key(ref.group)))

    def carnets_of(self, participant: str) -> list[CarnetRef]:
        """A participant's carnets across groups (a damaged one included, to report it)."""
        name = normalize_name(participant)
        refs = []
        for ref in self.groups():
            path = paths.carnet_path(ref.folder, name, create=False)
            if path is not None:
                refs.append(CarnetRef(name, ref.name, path))
        return refs

    def match_participants(self, query: str) -> list[str]:
        """Names matching what someone typed: the exact name, else ignoring case and accents,
        else names starting with it. Several names mean the query is ambiguous."""
        names = sorted({ref.participant for ref in self.carnets()}, key=loose_key)
        wanted = normalize_name(query)
        if wanted in names:
            return [wanted]
        key = loose_key(wanted)
        for matches in (
            [name for name in names if loose_key(name) == key],
            [name for name in names if loose_key(name).startswith(key)],
        ):
            if matches:
                return matches
        return []

    def _group_folder(self, group: str) -> Path:
        folder = paths.group_dir(self.root, group, create=False)
        if folder is None:
            raise NotFound(self.root, [Problem(str(self.root), t("carnet.error.unknown_group", group=group))])
        return folder

    def _carnet_file(self, folder: Path, group: str, participant: str) -> Path:
        path = paths.carnet_path(folder, participant, create=False)
        if path is None:
            message = t("carnet.error.unknown_carnet", participant=participant, group=group)
            raise NotFound(folder, [Problem(str(folder), message)])
        return path

    # ------------------------------------------------------------------ reading

    def load(self, group: str, participant: str) -> Logbook:
        """A participant's carnet in a group, read-only (raises :class:`LogbookError`)."""
        folder = self._group_folder(group)
        return load_file(self._carnet_file(folder, group, participant), Logbook)[1]

    def load_group(self, group: str) -> GroupFile:
        """A group's file: members and history (raises :class:`LogbookError`)."""
        return load_file(self._group_folder(group) / paths.GROUP_FILE, GroupFile)[1]

    def next_session_number(self, group: str) -> int:
        """The number of the group's next session (1 for a new group)."""
        try:
            history = self.load_group(group).sessions
        except NotFound:
            return 1
        # Capped: a hand-written number at the limit must not make every next session invalid.
        return min(max((line.number or 0 for line in history), default=0) + 1, MAX_SESSION_NUMBER)

    def suggest_next_clients(self, group: str, present: Iterable[str] | None = None) -> list[str]:
        """Members in the order the rotation proposes them as the next client.

        First the members who have never been client in this group (in the order they
        joined), then the others, the longest since their last time first. With
        ``present``, only those people are proposed (newcomers among them included).
        """
        try:
            group_file = self.load_group(group)
        except NotFound:
            return [normalize_name(name) for name in present or []]
        candidates = list(group_file.members)
        if present is not None:
            here = [normalize_name(name) for name in present]
            candidates = [name for name in candidates if name in here]
            candidates += [name for name in here if name not in candidates]
        last_time: dict[str, dt.datetime] = {}
        for line in group_file.sessions:
            if line.client and (line.client not in last_time or line.date > last_time[line.client]):
                last_time[line.client] = line.date
        never = [name for name in candidates if name not in last_time]
        others = sorted((name for name in candidates if name in last_time), key=lambda name: last_time[name])
        return never + others

    def open_commitments(self, group: str, exclude_session: str | None = None) -> CommitmentsReport:
        """The open commitments of the group's members, oldest session first.

        This is what a protocol's opening step brings back. ``exclude_session`` leaves out
        the commitments made in the session being held (when it is saved already).
        """
        folder = self._group_folder(group)
        group_file = load_file(folder / paths.GROUP_FILE, GroupFile)[1]
        report = CommitmentsReport()
        for member in group_file.members:
            path = paths.carnet_path(folder, member, create=False)
            if path is None:
                continue
            try:
                logbook = load_file(path, Logbook)[1]
            except LogbookError as error:
                report.problems.extend(error.problems)
                continue
            for entry in logbook.sessions:
                if entry.role is not Role.CLIENT or entry.id == exclude_session:
                    continue
                report.items.extend(
                    OpenCommitment(member, entry.id, entry.date, entry.number, entry.subject, action)
                    for action in entry.actions
                    if action.status is CommitmentStatus.OPEN
                )
        report.items.sort(key=lambda item: (item.session_date, loose_key(item.participant)))
        return report

    # ------------------------------------------------------------------ writing

    def save_session(self, record: SessionRecord) -> SessionSaved:
        """Write a session into the group's history and every participant's carnet.

        Call it as often as notes change: entries that did not change are not rewritten.
        Raises :class:`LogbookError` only when the group's folder cannot be created or
        locked, or is reached through a symbolic link (``logbooks/`` or the folder itself);
        each file's own trouble is in its :class:`WriteOutcome`, never stopping the others.
        """
        entries = entries_for_session(record)
        folder = self._ensure_group(record.group)
        with self._locked(folder):
            save_group = functools.partial(
                self._save_group, folder, record.group, list(entries), record.history_line()
            )
            group_outcome = self._guarded(folder / paths.GROUP_FILE, save_group)
            carnets = {
                name: self._guarded(
                    folder, functools.partial(self._save_carnet, folder, record.group, name, [entry])
                )
                for name, entry in entries.items()
            }
        return SessionSaved(group_outcome, carnets)

    def upsert_entry(self, participant: str, entry: SessionEntry) -> WriteOutcome:
        """Write one participant's entry for a session (added, or replacing the same id).

        The participant becomes a member of ``entry.group`` if they were not. Never raises
        for a damaged carnet: the entry is kept aside and the outcome says so.
        """
        folder = self._ensure_group(entry.group)
        with self._locked(folder):
            self._save_group(folder, entry.group, [normalize_name(participant)], None)
            return self._save_carnet(folder, entry.group, participant, [entry])

    def record_followups(
        self, group: str, participant: str, session_id: str, followups: Sequence[FollowUp]
    ) -> WriteOutcome:
        """Add or replace follow-ups in an entry; done or dropped ones close the commitment."""

        def change(entry: SessionEntry) -> SessionEntry:
            told = {(item.session, item.action): item for item in followups}
            kept = [told.pop((item.session, item.action), item) for item in entry.followups]
            return entry.model_copy(update={"followups": [*kept, *told.values()]})

        return self._update_entry(group, participant, session_id, change, apply_followups=True)

    def set_commitment_status(
        self, group: str, participant: str, session_id: str, action_id: str, status: CommitmentStatus
    ) -> WriteOutcome:
        """Change a commitment's status (open, done, dropped)."""

        def change(entry: SessionEntry) -> SessionEntry:
            action = entry.action(action_id)
            if action is None:
                message = t("carnet.error.unknown_action", action=action_id, session=session_id)
                raise LogbookError(self.root, [Problem(participant, message)])
            if action.status is status:
                return entry
            updated = action.model_copy(update={"status": status, "status_changed": self._clock()})
            actions = [updated if item.id == action_id else item for item in entry.actions]
            return entry.model_copy(update={"actions": actions})

        return self._update_entry(group, participant, session_id, change)

    def update_personal(
        self,
        group: str,
        participant: str,
        session_id: str,
        *,
        learnings: Sequence[str] | None = None,
        feelings: Sequence[str] | None = None,
        progress: Sequence[str] | None = None,
        notes: Sequence[str] | None = None,
    ) -> WriteOutcome:
        """Complete the personal fields of an entry afterwards; None leaves a field as it is."""
        given = {"learnings": learnings, "feelings": feelings, "progress": progress, "notes": notes}
        update = {key: list(value) for key, value in given.items() if value is not None}
        return self._update_entry(
            group, participant, session_id, lambda entry: entry.model_copy(update=update)
        )

    # ------------------------------------------------------------------ internals

    @contextlib.contextmanager
    def _locked(self, folder: Path) -> Iterator[None]:
        try:
            # Before the lock: the lock file itself would be created through a link.
            check_no_symlinks(self.root, folder)
            with exclusive_lock(folder / paths.LOCK_FILE):
                yield
        except OSError as error:
            raise self._write_error(folder, error) from None

    @staticmethod
    def _write_error(path: Path, error: OSError) -> LogbookError:
        reason = error.strerror or str(error)
        return LogbookError(path, [Problem(str(path), t("carnet.error.write_failed", reason=reason))])

    @staticmethod
    def _unexpected(path: Path, error: Exception) -> LogbookError:
        reason = f"{type(error).__name__}: {error}"
        return LogbookError(path, [Problem(str(path), t("carnet.error.unexpected", reason=reason))])

    def _guarded(self, path: Path, write: Callable[[], WriteOutcome]) -> WriteOutcome:
        """``write()``, whose failure — even one nobody foresaw — is its outcome, not the caller's."""
        try:
            return write()
        except LogbookError as error:
            return WriteOutcome(path, WriteStatus.FAILED, problems=tuple(error.problems))
        except Exception as error:  # one file's trouble must not cost the other files their write
            return WriteOutcome(
                path, WriteStatus.FAILED, problems=tuple(self._unexpected(path, error).problems)
            )

    def _ensure_group(self, group: str) -> Path:
        """The group's folder, created (with its group file) if it has none yet."""
        folder = paths.group_dir(self.root, group, create=False)
        if folder is not None:
            return folder
        try:
            ensure_private_dir(self.root, within=self.root)
            with exclusive_lock(self.root / paths.LOCK_FILE):
                # Under the lock, look again: another process may just have created it.
                folder = paths.group_dir(self.root, group, create=True)
                assert folder is not None
                ensure_private_dir(folder, within=self.root)
                if not os.path.lexists(folder / paths.GROUP_FILE):
                    fresh = GroupFile(name=group)
                    atomic_write(folder / paths.GROUP_FILE, self._fresh_text(fresh), within=self.root)
        except OSError as error:
            raise self._write_error(self.root, error) from None
        return folder

    @staticmethod
    def _fresh_text(doc: SessionsFile[Any], pending: bool = False) -> str:
        if pending:
            comment = t("carnet.file.pending_header", name=doc.owner)
        elif isinstance(doc, Logbook):
            comment = t("carnet.file.header", participant=doc.participant, group=doc.group)
        elif isinstance(doc, GroupFile):
            comment = t("carnet.file.group_header", group=doc.name)
        else:  # pragma: no cover - no other kind of file
            raise TypeError(type(doc).__name__)
        return render_preamble(doc, comment)

    def _current(self, path: Path, model: type[FileT]) -> tuple[EditableText, FileT] | None:
        """The file as it is now (None if missing); raises :class:`LogbookError` if invalid."""
        try:
            text = read_text(path)
        except NotFound:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached.editable.text == text and isinstance(cached.doc, model):
            return cached.editable.copy(), cached.doc
        doc = parse_file(text, path, model)
        return EditableText(text, [entry.id for entry in doc.sessions], find_layout(text)), doc

    def _edit(
        self,
        path: Path,
        model: type[FileT],
        fresh: FileT | None,
        compute: Callable[[FileT], tuple[Sequence[EntryRecord], FileT | None]],
    ) -> WriteStatus:
        """One read-modify-write cycle (the caller holds the group's lock).

        ``compute`` gets the file's current content and returns the entries to write and,
        when the root keys change, the new root keys (as a whole document).
        """
        current = self._current(path, model)
        if current is None:
            if fresh is None:
                raise NotFound(path, [Problem(str(path), t("file.error.not_found"))])
            text = self._fresh_text(fresh, pending=path.name.endswith(paths.PENDING_SUFFIX))
            current = EditableText(text, [], find_layout(text)), fresh
            original = None
        else:
            original = current[0].text
        editable, doc = current
        entries, new_root = compute(doc)
        written: list[EntryRecord] = []
        try:
            for entry in entries:
                entry_type = type(entry)
                rendered = render_table(entry, ENTRIES_KEY)
                segment = editable.upsert(entry.id, rendered, _owned(entry_type), _pristine_check(entry_type))
                as_rendered = segment.rstrip() == rendered.rstrip()
                written.append(entry if as_rendered else self._reparse(segment, entry_type))
            if new_root is not None:
                editable.replace_preamble(render_preamble(new_root, ""), _preamble_owned(model))
                doc = new_root.model_copy(update={"sessions": doc.sessions})
        except UnsupportedLayout:
            raise LogbookError(path, [Problem(str(path), t("carnet.error.inline_sessions"))]) from None
        doc = doc.with_entries(written)
        if editable.text == original:
            return WriteStatus.UNCHANGED
        try:
            atomic_write(path, editable.text, within=self.root, sweep=True)
        except OSError as error:
            self._cache.pop(path, None)
            raise self._write_error(path, error) from None
        self._cache[path] = _Cached(editable, doc)
        return WriteStatus.WRITTEN

    def _edit_or_fail(
        self,
        path: Path,
        model: type[FileT],
        fresh: FileT | None,
        compute: Callable[[FileT], tuple[Sequence[EntryRecord], FileT | None]],
    ) -> WriteStatus:
        """:meth:`_edit`, any failure a :class:`LogbookError`: the caller keeps the entries aside."""
        try:
            return self._edit(path, model, fresh, compute)
        except LogbookError:
            raise
        except Exception as error:  # a file codev fails to edit for a reason nobody foresaw
            raise self._unexpected(path, error) from None

    @staticmethod
    def _reparse(segment: str, entry_type: type[EntryT]) -> EntryT:
        # A merged segment keeps what the person wrote; read back what it now says.
        return entry_type.model_validate(tomllib.loads(segment)[ENTRIES_KEY][0])

    def _save_group(
        self, folder: Path, group: str, members: list[str], line: GroupSession | None
    ) -> WriteOutcome:
        path = folder / paths.GROUP_FILE

        def compute(doc: GroupFile) -> tuple[list[GroupSession], GroupFile | None]:
            missing = [name for name in members if name not in doc.members]
            new_root = doc.model_copy(update={"members": [*doc.members, *missing]}) if missing else None
            return ([line] if line is not None else []), new_root

        try:
            status = self._edit_or_fail(path, GroupFile, GroupFile(name=group), compute)
        except LogbookError as error:
            if line is None:
                # Only a membership to add: the carnet itself is what matters, and the
                # member will be added again at the next session.
                return WriteOutcome(path, WriteStatus.FAILED, problems=tuple(error.problems))
            return self._keep_aside(
                path, paths.group_pending_path(folder), GroupFile(name=group), [line], error
            )
        return WriteOutcome(path, status)

    def _save_carnet(
        self, folder: Path, group: str, participant: str, entries: list[SessionEntry]
    ) -> WriteOutcome:
        name = normalize_name(participant)
        path = paths.carnet_path(folder, name, create=True)
        assert path is not None
        pending = paths.pending_path(folder, name)
        recovered, pending_problems = self._pending_entries(pending, entries)
        everything = [*recovered, *entries]

        def compute(doc: Logbook) -> tuple[list[SessionEntry], None]:
            return _with_followups_applied(doc, everything), None

        try:
            status = self._edit_or_fail(path, Logbook, Logbook(participant=name, group=group), compute)
        except LogbookError as error:
            return self._keep_aside(path, pending, Logbook(participant=name, group=group), entries, error)
        if recovered:
            remove_file(pending)
        return WriteOutcome(path, status, problems=tuple(pending_problems), recovered=len(recovered))

    def _pending_entries(
        self, pending: Path, entries: list[SessionEntry]
    ) -> tuple[list[SessionEntry], list[Problem]]:
        """Entries kept aside earlier that the new ones do not replace."""
        if not pending.exists():
            return [], []
        try:
            kept = load_file(pending, Logbook)[1]
        except LogbookError as error:
            return [], error.problems
        newer = {entry.id for entry in entries}
        return [entry for entry in kept.sessions if entry.id not in newer], []

    def _keep_aside(
        self, path: Path, pending: Path, fresh: FileT, entries: Sequence[EntryRecord], error: LogbookError
    ) -> WriteOutcome:
        def compute(doc: FileT) -> tuple[Sequence[EntryRecord], None]:
            return entries, None

        try:
            self._edit_or_fail(pending, type(fresh), fresh, compute)
        except LogbookError as second:
            return WriteOutcome(path, WriteStatus.FAILED, problems=(*error.problems, *second.problems))
        return WriteOutcome(path, WriteStatus.KEPT_ASIDE, kept_aside=pending, problems=tuple(error.problems))

    def _update_entry(
        self,
        group: str,
        participant: str,
        session_id: str,
        change: Callable[[SessionEntry], SessionEntry],
        apply_followups: bool = False,
    ) -> WriteOutcome:
        folder = self._group_folder(group)
        with self._locked(folder):
            path = self._carnet_file(folder, group, participant)

            def compute(doc: Logbook) -> tuple[list[SessionEntry], None]:
                entry = doc.entry(session_id)
                if entry is None:
                    message = t("carnet.error.unknown_session", session=session_id)
                    raise LogbookError(path, [Problem(str(path), message)])
                updated = change(entry)
                if updated == entry:
                    return [], None
                return (_with_followups_applied(doc, [updated]) if apply_followups else [updated]), None

            return WriteOutcome(path, self._edit(path, Logbook, None, compute))


def _with_followups_applied(doc: Logbook, entries: list[SessionEntry]) -> list[SessionEntry]:
    """``entries`` plus the earlier entries whose commitments their new follow-ups close or reopen.

    Only follow-ups that are new or changed count, so that saving a session again does not
    undo a status the participant changed by hand since.
    """
    changed: dict[str, SessionEntry] = {entry.id: entry for entry in entries}
    for entry in entries:
        previous = doc.entry(entry.id)
        already = previous.followups if previous is not None else []
        for followup in entry.followups:
            if followup in already:
                continue
            target = changed.get(followup.session) or doc.entry(followup.session)
            action = target.action(followup.action) if target is not None else None
            if target is None or action is None:
                continue
            status = followup.status.commitment_status()
            if action.status is status:
                continue
            updated = action.model_copy(update={"status": status, "status_changed": entry.date})
            actions = [updated if item.id == action.id else item for item in target.actions]
            changed[target.id] = target.model_copy(update={"actions": actions})
    return list(changed.values())
