"""The logbook store: every read and write of carnets and group files goes through here.

Writes are read-modify-write cycles on files people may edit by hand, possibly from two
codev processes at once. Each cycle holds the group's lock, reads the file, checks that it
is a valid carnet (never writing into one that is not), changes only the entries concerned
(see :mod:`codev.core.logbook.toml_edit`) and replaces the file atomically. Writing an entry
that did not change writes nothing, so the session engine can save after every note.

When a carnet or a group file cannot be read or written — a syntax error after a hand
edit, a format from a newer codev, a link or a pipe in its place, a file made read-only —
the entry is *kept aside* in a pending file next to it (and when that one is damaged too,
in a dated file beside it, never over an existing one); the outcome says why, with the file
and the line, and where the entry went. Every later write to that file — the next note of
the session, a learning completed afterwards — first takes the kept-aside entries back,
entry by entry: a copy kept aside replaces the file's only when it is newer (each entry
carries ``updated``, when codev last changed it), and the outcome says what came back,
from where and when. One file's trouble never stops the others being written.

Nothing is written through a symbolic link (``logbooks/``, a group's folder, a file), so
nothing leaves the workspace; no file its owner made read-only is replaced; and each write
clears the temporary files that killed writers left in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import tomllib
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from codev.core import formatting
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
    load_group_file,
    parse_file,
    read_owner,
    read_text_as_is,
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
from codev.core.problems import Problem
from codev.core.safe_io import (
    atomic_write,
    check_no_symlinks,
    ensure_private_dir,
    exclusive_lock,
    remove_file,
)
from codev.core.textfile import TextStyle
from codev.core.workspace import Workspace

FileT = TypeVar("FileT", bound=SessionsFile[Any])
EntryT = TypeVar("EntryT", bound=EntryRecord)


@dataclass
class _Cached:
    raw: str
    """The file as on disk (BOM and line endings included)."""
    editable: EditableText
    style: TextStyle
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
        self._fallbacks: dict[Path, Path] = {}
        """The dated kept-aside file this store created for a file whose pending file was damaged."""

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

    def unreadable_groups(self) -> list[Problem]:
        """Why each group folder whose group file does not say which group it is cannot be read
        (its carnets are then invisible to :meth:`carnets`: say so rather than "no carnet")."""
        problems: list[Problem] = []
        for folder in paths.group_dirs(self.root):
            path = folder / paths.GROUP_FILE
            try:
                if read_owner(path, "name"):
                    continue
                load_group_file(path)
            except LogbookError as error:
                problems += error.problems
            except OSError as error:
                problems.append(Problem(str(path), error.strerror or str(error)))
        return problems

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
        joined), then the others, the longest since their last time first. Every client of
        a session counts (its round clients too, see :attr:`GroupSession.round_clients`):
        within one session, an earlier round's is the longer since. With ``present``, only
        those people are proposed (newcomers among them included).
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
        last_time: dict[str, tuple[dt.datetime, int]] = {}
        for line in group_file.sessions:
            for position, client in enumerate(line.clients):
                when = (line.date, position)
                if client not in last_time or when > last_time[client]:
                    last_time[client] = when
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
                # Whatever the role: a member's own commitment (a consultant's, in a session
                # where everyone commits) is in their carnet only, and followed up like a client's.
                if entry.id == exclude_session:
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

    def set_next_meeting(self, group: str, day: dt.date) -> WriteOutcome:
        """Keep ``day`` as the group's next meeting (``next_meeting`` in its group file).

        The key is changed in place, the rest of the file — comments, hand edits — left as it
        is. A damaged group file is never written: the outcome is ``FAILED`` and says why,
        with the file and the line. Raises :class:`LogbookError` only when the group's folder
        cannot be created or locked (as :meth:`save_session`).
        """
        folder = self._ensure_group(group)
        with self._locked(folder):
            return self._save_group(folder, group, [], None, next_meeting=day)

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

        return self._update_entry(group, participant, session_id, change)

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

    def edit_action(
        self,
        group: str,
        participant: str,
        session_id: str,
        action_id: str,
        *,
        objective: str,
        resources: str = "",
        deadline: dt.date | None = None,
        indicator: str = "",
    ) -> WriteOutcome:
        """Rewrite a commitment's objective, resources, deadline and indicator; its status stays.

        Raises :class:`LogbookError` for an empty objective (an action is its objective) or
        an unknown action, the file left as it is.
        """
        objective = objective.strip()
        if not objective:
            raise LogbookError(self.root, [Problem(participant, t("carnet.error.empty_objective"))])

        def change(entry: SessionEntry) -> SessionEntry:
            action = entry.action(action_id)
            if action is None:
                message = t("carnet.error.unknown_action", action=action_id, session=session_id)
                raise LogbookError(self.root, [Problem(participant, message)])
            fields = {
                "objective": objective,
                "resources": resources.strip(),
                "deadline": deadline,
                "indicator": indicator.strip(),
            }
            updated = action.model_copy(update=fields)
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

    def take_back(self, group: str, participant: str) -> WriteOutcome:
        """Take back into a participant's carnet what was kept aside for it, if it reads again.

        Every write does this first; this is for a screen that opens a carnet to show it
        (``codev carnet``), so that entries kept aside are there to see and complete. Raises
        :class:`LogbookError` when the carnet is missing or still cannot be read.
        """
        folder = self._group_folder(group)
        with self._locked(folder):
            path = self._carnet_file(folder, group, participant)
            name = normalize_name(participant)
            return self._write(
                path,
                paths.pending_path(folder, name),
                Logbook(participant=name, group=group),
                lambda doc, kept_members: _Change(),
                create=False,
                keep_aside=False,
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
            return self._nowhere(path, error.problems)
        except Exception as error:  # one file's trouble must not cost the other files their write
            return self._nowhere(path, self._unexpected(path, error).problems)

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

    def _current(self, path: Path, model: type[FileT]) -> tuple[EditableText, FileT, TextStyle] | None:
        """The file as it is now (None if missing); raises :class:`LogbookError` if invalid.

        The text to edit has LF line endings and no BOM; the style says how to write it back.
        """
        try:
            raw = read_text_as_is(path)
        except NotFound:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached.raw == raw and isinstance(cached.doc, model):
            return cached.editable.copy(), cached.doc, cached.style
        text, style = TextStyle.split(raw)
        doc = parse_file(text, path, model)
        editable = EditableText(text, [entry.id for entry in doc.sessions], find_layout(text))
        return editable, doc, style

    def _stamp(self) -> dt.datetime:
        # Whole seconds: what the file keeps, so that a copy read back compares equal.
        return self._clock().replace(microsecond=0)

    def _edit(
        self,
        path: Path,
        model: type[FileT],
        fresh: FileT | None,
        compute: Callable[[FileT], _Change],
        exclusive: bool = False,
    ) -> WriteStatus:
        """One read-modify-write cycle (the caller holds the group's lock).

        ``compute`` gets the file's current content and returns the entries to write and,
        when the root keys change, the new root keys (as a whole document). An entry whose
        content changes is dated (``updated``) now, unless it is a kept-aside copy coming
        back, which keeps its own date. With ``exclusive``, the file is created and must not
        exist (:class:`FileExistsError`).
        """
        current = None if exclusive else self._current(path, model)
        if current is None:
            if fresh is None:
                raise NotFound(path, [Problem(str(path), t("file.error.not_found"))])
            text = self._fresh_text(fresh, pending=path.name.endswith(paths.PENDING_SUFFIX))
            current = EditableText(text, [], find_layout(text)), fresh, TextStyle()
            original = None
        else:
            original = current[0].text
        editable, doc, style = current
        change = compute(doc)
        stamp = self._stamp()
        written: list[EntryRecord] = []
        try:
            for entry in change.entries:
                existing = doc.entry(entry.id)
                if existing is not None and _same(existing, entry):
                    continue
                if entry.updated is None or id(entry) not in change.keep:
                    entry = entry.model_copy(update={"updated": stamp})
                entry_type = type(entry)
                rendered = render_table(entry, ENTRIES_KEY)
                segment = editable.upsert(entry.id, rendered, _owned(entry_type), _pristine_check(entry_type))
                as_rendered = segment.rstrip() == rendered.rstrip()
                written.append(entry if as_rendered else self._reparse(segment, entry_type))
            if change.new_root is not None:
                editable.replace_preamble(render_preamble(change.new_root, ""), _preamble_owned(model))
                doc = typing.cast(FileT, change.new_root.model_copy(update={"sessions": doc.sessions}))
        except UnsupportedLayout:
            raise LogbookError(path, [Problem(str(path), t("carnet.error.inline_sessions"))]) from None
        doc = doc.with_entries(written)
        if editable.text == original:
            return WriteStatus.UNCHANGED
        raw = style.apply(editable.text)
        try:
            atomic_write(path, raw, within=self.root, sweep=True, overwrite=not exclusive)
        except FileExistsError:
            if exclusive:
                raise
            self._cache.pop(path, None)
            raise self._write_error(path, FileExistsError(path)) from None
        except OSError as error:
            self._cache.pop(path, None)
            raise self._write_error(path, error) from None
        self._cache[path] = _Cached(raw, editable, style, doc)
        return WriteStatus.WRITTEN

    def _edit_or_fail(
        self,
        path: Path,
        model: type[FileT],
        fresh: FileT | None,
        compute: Callable[[FileT], _Change],
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
        self,
        folder: Path,
        group: str,
        members: list[str],
        line: GroupSession | None,
        next_meeting: dt.date | None = None,
    ) -> WriteOutcome:
        path = folder / paths.GROUP_FILE

        def change(doc: GroupFile, kept_members: Sequence[str]) -> _Change:
            wanted = dict.fromkeys([*members, *kept_members])
            missing = [name for name in wanted if name not in doc.members]
            update: dict[str, object] = {"members": [*doc.members, *missing]} if missing else {}
            if next_meeting is not None and next_meeting != doc.next_meeting:
                update["next_meeting"] = next_meeting
            new_root = doc.model_copy(update=update) if update else None
            return _Change([line] if line is not None else [], new_root)

        try:
            return self._write(
                path,
                paths.group_pending_path(folder),
                GroupFile(name=group),
                change,
                create=True,
                keep_aside=line is not None,
            )
        except LogbookError as error:
            # Only a membership to add: the carnet itself is what matters, and the member
            # will be added again at the next session.
            return WriteOutcome(path, WriteStatus.FAILED, problems=tuple(error.problems))

    def _save_carnet(
        self, folder: Path, group: str, participant: str, entries: list[SessionEntry]
    ) -> WriteOutcome:
        name = normalize_name(participant)
        path = paths.carnet_path(folder, name, create=True)
        assert path is not None

        def change(doc: Logbook, kept_members: Sequence[str]) -> _Change:
            return _Change(entries)

        return self._write(
            path,
            paths.pending_path(folder, name),
            Logbook(participant=name, group=group),
            change,
            create=True,
            keep_aside=True,
        )

    def _write(
        self,
        path: Path,
        pending: Path,
        fresh: FileT,
        change: Callable[[FileT, Sequence[str]], _Change],
        *,
        create: bool,
        keep_aside: bool,
    ) -> WriteOutcome:
        """Write ``change`` into ``path``, first taking back what was kept aside for it.

        ``change`` gets the file's content (with the kept-aside entries that come back) and
        the members kept aside with them (group files). When the file cannot take it, the
        change goes to ``pending`` — or a dated file beside it — with ``keep_aside``; without,
        the :class:`LogbookError` is raised. ``fresh`` is the content of a new file (created
        only with ``create``) and of a new kept-aside file.
        """
        model = type(fresh)
        kept = self._read_kept(pending, model, fresh.owner)
        valid = [item for item in kept if item.doc is not None]
        found: list[_Reconciled] = []

        def compute(doc: FileT) -> _Change:
            reconciled = _reconcile(valid, doc)
            found.append(reconciled)
            current = doc.with_entries(reconciled.take) if reconciled.take else doc
            members = [name for item in valid if isinstance(item.doc, GroupFile) for name in item.doc.members]
            asked = change(current, members)
            asked_ids = {entry.id for entry in asked.entries}
            rest = [entry for entry in reconciled.take if entry.id not in asked_ids]
            entries: list[EntryRecord] = [*rest, *asked.entries]
            if isinstance(doc, Logbook):
                # Against the file as it was: the follow-ups of entries that come back were
                # never applied to the commitments they close.
                entries = list(_with_followups_applied(doc, typing.cast(list[SessionEntry], entries)))
            return _Change(entries, asked.new_root, keep=frozenset(id(entry) for entry in rest))

        try:
            status = self._edit_or_fail(path, model, fresh if create else None, compute)
        except LogbookError as error:
            if not keep_aside:
                raise
            return self._keep_aside(path, pending, fresh, lambda doc: change(doc, ()), error)
        return self._settle(path, fresh, kept, found[-1], status)

    def _read_kept(self, pending: Path, model: type[FileT], owner: str) -> list[_Kept]:
        """The kept-aside files of a file, the pending one first, then the dated ones in order."""
        kept: list[_Kept] = []
        for file in _kept_files(pending):
            try:
                doc = load_file(file, model)[1]
            except NotFound:
                continue  # gone meanwhile
            except LogbookError as error:
                kept.append(_Kept(file, None, tuple(error.problems), None))
                continue
            if doc.owner != owner:
                continue  # not this file's (copied by hand?): not ours to empty
            kept.append(_Kept(file, doc, (), _kept_since(file, doc)))
        return kept

    def _settle(
        self,
        path: Path,
        fresh: SessionsFile[Any],
        kept: Sequence[_Kept],
        found: _Reconciled,
        status: WriteStatus,
    ) -> WriteOutcome:
        """After a write that took kept-aside entries back: empty their files and say so."""
        where = str(path)
        problems: list[Problem] = []
        notices: list[Problem] = []
        recovered = 0
        sources: list[Path] = []
        now = _when(self._stamp())
        for item in kept:
            if item.doc is None:
                problems.extend(item.problems)
                notices.append(Problem(where, t("carnet.aside.unreadable", pending=item.path)))
                continue
            for source, entry, current in found.older:
                if source == item.path:
                    message = t(
                        "carnet.aside.older",
                        session=entry.id,
                        pending=item.path,
                        kept=_when(entry.updated),
                        current=_when(current.updated),
                    )
                    notices.append(Problem(where, message))
            unsure = found.unsure.get(item.path, [])
            notices.extend(
                Problem(where, t("carnet.aside.unsure", session=entry.id, pending=item.path))
                for entry in unsure
            )
            try:
                if unsure:
                    self._rewrite_kept(item.path, fresh, unsure)
                else:
                    self._forget(item.path)
            except OSError as error:
                # Left as it is: what it holds is in the file now, or older; the next write
                # finds it again and says so again.
                problems.extend(self._write_error(item.path, error).problems)
                continue
            back = found.back.get(item.path, [])
            if back:
                recovered += len(back)
                sources.append(item.path)
                key = "carnet.aside.back_kept" if unsure else "carnet.aside.back"
                message = t(
                    key, sessions=", ".join(back), pending=item.path, since=_when(item.since), now=now
                )
                notices.append(Problem(where, message))
        return WriteOutcome(
            path,
            status,
            problems=tuple(problems),
            recovered=recovered,
            recovered_from=tuple(sources),
            notices=tuple(notices),
        )

    def _rewrite_kept(self, path: Path, fresh: SessionsFile[Any], entries: Sequence[EntryRecord]) -> None:
        """A kept-aside file with only ``entries`` left in it (the others are back in their file)."""
        text = self._fresh_text(fresh, pending=True)
        text += "".join("\n" + render_table(entry, ENTRIES_KEY) for entry in entries)
        self._cache.pop(path, None)
        atomic_write(path, text, within=self.root)

    def _forget(self, path: Path) -> None:
        """Remove an emptied kept-aside file."""
        self._cache.pop(path, None)
        for main, aside in list(self._fallbacks.items()):
            if aside == path:
                del self._fallbacks[main]
        remove_file(path)

    def _keep_aside(
        self,
        path: Path,
        pending: Path,
        fresh: FileT,
        change: Callable[[FileT], _Change],
        error: LogbookError,
    ) -> WriteOutcome:
        """``path`` cannot take the change: into its pending file, else a dated file beside it."""
        model = type(fresh)
        try:
            self._edit_or_fail(pending, model, fresh, change)
        except LogbookError as second:
            try:
                aside = self._aside_elsewhere(path, pending, fresh, change)
            except LogbookError as third:
                return self._nowhere(path, (*error.problems, *second.problems, *third.problems))
            notice = t("carnet.aside.kept_elsewhere", aside=aside, pending=pending)
            return WriteOutcome(
                path,
                WriteStatus.KEPT_ASIDE,
                kept_aside=aside,
                problems=(*error.problems, *second.problems),
                notices=(Problem(str(path), notice),),
            )
        return WriteOutcome(
            path,
            WriteStatus.KEPT_ASIDE,
            kept_aside=pending,
            problems=tuple(error.problems),
            notices=(Problem(str(path), t("carnet.aside.kept", pending=pending)),),
        )

    def _aside_elsewhere(
        self, path: Path, pending: Path, fresh: FileT, change: Callable[[FileT], _Change]
    ) -> Path:
        """A third place when the pending file cannot be written either: a dated file beside
        it, created for this file by this store and never over an existing one."""
        model = type(fresh)
        known = self._fallbacks.get(path)
        if known is not None:
            try:
                self._edit_or_fail(known, model, None, change)
                return known
            except LogbookError:
                pass  # damaged or gone meanwhile: a new one
        when = self._stamp().strftime("%Y%m%d-%H%M%S")
        stem = pending.name.removesuffix(paths.PENDING_SUFFIX)
        for number in range(1, _MAX_DATED_FILES + 1):
            suffix = "" if number == 1 else f"-{number}"
            candidate = pending.with_name(f"{stem}.{when}{suffix}{paths.PENDING_SUFFIX}")
            if os.path.lexists(candidate):
                continue
            try:
                self._edit(candidate, model, fresh, change, exclusive=True)
            except FileExistsError:
                continue  # taken meanwhile by another process
            except LogbookError:
                raise
            except Exception as error:  # as in _edit_or_fail
                raise self._unexpected(candidate, error) from None
            self._fallbacks[path] = candidate
            return candidate
        message = t("carnet.error.write_failed", reason=f"{stem}.{when}-*{paths.PENDING_SUFFIX}")
        raise LogbookError(pending, [Problem(str(pending), message)])

    @staticmethod
    def _nowhere(path: Path, problems: Sequence[Problem]) -> WriteOutcome:
        reason = problems[0].message if problems else ""
        notice = Problem(str(path), t("carnet.aside.nowhere", reason=reason))
        return WriteOutcome(path, WriteStatus.FAILED, problems=tuple(problems), notices=(notice,))

    def _update_entry(
        self,
        group: str,
        participant: str,
        session_id: str,
        change: Callable[[SessionEntry], SessionEntry],
    ) -> WriteOutcome:
        folder = self._group_folder(group)
        with self._locked(folder):
            path = self._carnet_file(folder, group, participant)
            name = normalize_name(participant)

            def compute(doc: Logbook, kept_members: Sequence[str]) -> _Change:
                entry = doc.entry(session_id)
                if entry is None:
                    message = t("carnet.error.unknown_session", session=session_id)
                    raise LogbookError(path, [Problem(str(path), message)])
                updated = change(entry)
                return _Change([] if updated == entry else [updated])

            return self._write(
                path,
                paths.pending_path(folder, name),
                Logbook(participant=name, group=group),
                compute,
                create=False,
                keep_aside=False,
            )


@dataclass(frozen=True)
class _Change:
    """What a write changes in a file."""

    entries: Sequence[EntryRecord] = ()
    new_root: SessionsFile[Any] | None = None
    """The new root keys, as a whole document (None: unchanged)."""
    keep: frozenset[int] = frozenset()
    """The ``id()`` of entries that keep their ``updated`` date (kept-aside copies coming back)."""


@dataclass(frozen=True)
class _Kept:
    """A kept-aside file as read before a write (``doc`` None when it cannot be read)."""

    path: Path
    doc: SessionsFile[Any] | None
    problems: tuple[Problem, ...]
    since: dt.datetime | None


@dataclass
class _Reconciled:
    """What becomes of kept-aside entries against the file they belong to."""

    take: list[EntryRecord] = field(default_factory=list)
    """Newer than the file's copy (or it has none): written back."""
    back: dict[Path, list[str]] = field(default_factory=dict)
    """Per kept-aside file, the sessions whose newest copy is in the file after the write."""
    older: list[tuple[Path, EntryRecord, EntryRecord]] = field(default_factory=list)
    """Copies older than the file's: left out (file, kept copy, file's copy)."""
    unsure: dict[Path, list[EntryRecord]] = field(default_factory=dict)
    """Copies that differ from the file's with nothing to tell which is newer: stay aside."""


_MAX_DATED_FILES = 100
_DATED = re.compile(r"\.(\d{8}-\d{6})(?:-(\d+))?\Z")


def _kept_files(pending: Path) -> list[Path]:
    """``pending`` if it exists, then its dated siblings (``<stem>.<YYYYmmdd-HHMMSS>[-N].pending.toml``)
    oldest first."""
    stem = pending.name.removesuffix(paths.PENDING_SUFFIX)
    dated: list[tuple[tuple[str, int], Path]] = []
    try:
        names = os.listdir(pending.parent)
    except OSError:
        names = []
    for name in names:
        if not (name.startswith(f"{stem}.") and name.endswith(paths.PENDING_SUFFIX)):
            continue
        match = _DATED.match(name.removesuffix(paths.PENDING_SUFFIX)[len(stem) :])
        if match:
            dated.append(((match.group(1), int(match.group(2) or 1)), pending.parent / name))
    first = [pending] if os.path.lexists(pending) else []
    return first + [path for _, path in sorted(dated)]


def _kept_since(path: Path, doc: SessionsFile[Any]) -> dt.datetime | None:
    """When a kept-aside file's entries were kept aside: their latest date, else the file's."""
    dates: list[dt.datetime] = [entry.updated for entry in doc.sessions if entry.updated is not None]
    if dates:
        return max(dates)
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return None


def _when(value: dt.datetime | None) -> str:
    # Said to people (when an entry kept aside came back): as their language writes it.
    return formatting.date_time(value) if value is not None else t("carnet.aside.undated")


def _newer(first: EntryRecord, second: EntryRecord) -> bool:
    """``first`` was written after ``second`` (an undated copy is older than any dated one)."""
    return first.updated is not None and (second.updated is None or first.updated > second.updated)


def _same(first: EntryRecord, second: EntryRecord) -> bool:
    """The same content, whenever each was written."""
    return first.model_copy(update={"updated": None}) == second.model_copy(update={"updated": None})


def _reconcile(kept: Sequence[_Kept], doc: SessionsFile[Any]) -> _Reconciled:
    """Each kept-aside entry against the file's copy: the newer wins, never an older one."""
    found = _Reconciled()
    newest: dict[str, EntryRecord] = {}
    for item in kept:  # in order: of two copies dated alike, the later file's wins
        assert item.doc is not None
        for entry in item.doc.sessions:
            best = newest.get(entry.id)
            if best is None or not _newer(best, entry):
                newest[entry.id] = entry
    for item in kept:
        assert item.doc is not None
        back = found.back.setdefault(item.path, [])
        for entry in item.doc.sessions:
            if newest[entry.id] is not entry:
                continue  # a newer kept-aside copy speaks for it
            current = doc.entry(entry.id)
            if current is None or _newer(entry, current):
                found.take.append(entry)
                back.append(entry.id)
            elif _same(entry, current):
                back.append(entry.id)
            elif _newer(current, entry):
                found.older.append((item.path, entry, current))
            else:
                found.unsure.setdefault(item.path, []).append(entry)
    return found


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
