"""A participant's carnets as the review screen sees them: loaded once, changed through the store.

No Textual here: this is the review screen's model, testable on its own. A participant may
keep carnets in several groups; the review shows them together (one timeline, one list of
commitments, one path), so every session is named by its group *and* its id
(:class:`SessionKey`) — two groups could use the same session id.

Every change goes through the :class:`LogbookStore` (atomic, under the group's lock, hand
edits kept); the changed carnet is then read back from disk, so the screen always shows
what the file says. A write that fails leaves the shown carnet as it was and returns the
problems, with the file and the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from codev.core.logbook import (
    CarnetRef,
    CommitmentStatus,
    Logbook,
    LogbookError,
    LogbookStore,
    SessionEntry,
    WriteOutcome,
    WriteStatus,
    load_logbook,
)
from codev.core.logbook.views import (
    Commitment,
    PathSummary,
    SearchHit,
    TimelineRow,
    commitments,
    path_summary,
    search,
    timeline,
)
from codev.core.problems import Problem


class PersonalField(StrEnum):
    """The texts a participant may complete after the session (the store's keyword names)."""

    LEARNINGS = "learnings"
    FEELINGS = "feelings"
    PROGRESS = "progress"
    NOTES = "notes"


@dataclass(frozen=True, order=True)
class SessionKey:
    """A session of the participant: its group and its id."""

    group: str
    session_id: str


@dataclass(frozen=True)
class Row:
    """A timeline row and the session it stands for."""

    key: SessionKey
    row: TimelineRow


@dataclass(frozen=True)
class CommitmentItem:
    """A commitment and the session it was made in."""

    key: SessionKey
    commitment: Commitment


@dataclass(frozen=True)
class Hit:
    """A search result and the session it was found in."""

    key: SessionKey
    date: dt.datetime
    hit: SearchHit


@dataclass(frozen=True)
class ActionEdit:
    """A commitment's four fields as the participant wants them (its status is changed apart)."""

    objective: str
    resources: str = ""
    deadline: dt.date | None = None
    indicator: str = ""


@dataclass(frozen=True)
class Saved:
    """What became of a change."""

    path: Path | None
    stored: bool
    """The carnet now says what was asked (written now, or it already did)."""
    written: bool = False
    """The file had to be written."""
    problems: tuple[Problem, ...] = ()
    """Why it was not stored; or, when it was, what went wrong reading it back."""


class CarnetReview:
    """One participant's carnets (one per group), their views, and the changes made to them."""

    def __init__(self, store: LogbookStore, carnets: Sequence[tuple[CarnetRef, Logbook]]) -> None:
        if not carnets:
            raise ValueError("a review needs at least one carnet")
        self.store = store
        self.participant = carnets[0][1].participant
        self._refs = {ref.group: ref for ref, _ in carnets}
        self._logbooks = {ref.group: logbook for ref, logbook in carnets}
        self.version = 0
        """Counts the changes seen, so that a screen knows when to redraw."""
        self._rebuild()

    @classmethod
    def load(cls, store: LogbookStore, refs: Sequence[CarnetRef]) -> CarnetReview:
        """Read the carnets ``refs`` (raises :class:`LogbookError`, naming the file and line)."""
        return cls(store, [(ref, load_logbook(ref.path)) for ref in refs])

    # ------------------------------------------------------------------ what is shown

    @property
    def groups(self) -> list[str]:
        """The groups whose carnets are shown."""
        return list(self._logbooks)

    @property
    def several_groups(self) -> bool:
        """Whether rows must say which group they belong to."""
        return len(self._logbooks) > 1

    def path_of(self, group: str) -> Path:
        """The file of the carnet of ``group``."""
        return self._refs[group].path

    def _rebuild(self) -> None:
        rows = [
            Row(SessionKey(group, row.session_id), row)
            for group, lb in self._logbooks.items()
            for row in timeline(lb)
        ]
        # Sorted by date only (a stable sort): the order within a group stays the file's.
        self.rows = sorted(rows, key=lambda item: item.row.date)
        self._entries = {
            SessionKey(group, entry.id): entry
            for group, lb in self._logbooks.items()
            for entry in lb.sessions
        }
        items = [
            CommitmentItem(SessionKey(group, item.session_id), item)
            for group, lb in self._logbooks.items()
            for item in commitments(lb)
        ]
        self.commitments = sorted(items, key=lambda item: item.commitment.session_date)
        self._commitments = {(item.key, item.commitment.action.id): item.commitment for item in items}
        # One path across groups: it is the same person's path.
        everything = [entry for lb in self._logbooks.values() for entry in lb.sessions]
        first = next(iter(self._logbooks.values()))
        self.path: PathSummary = path_summary(first.model_copy(update={"sessions": everything}))
        self.version += 1

    def entry(self, key: SessionKey) -> SessionEntry | None:
        """The session ``key`` as the carnet holds it."""
        return self._entries.get(key)

    def commitment(self, key: SessionKey, action_id: str) -> Commitment | None:
        """An action of session ``key``, with the follow-ups later sessions told of it."""
        return self._commitments.get((key, action_id))

    def index_of(self, key: SessionKey) -> int | None:
        """The position of ``key`` in the timeline."""
        return next((index for index, row in enumerate(self.rows) if row.key == key), None)

    def search(self, query: str) -> list[Hit]:
        """Texts of every carnet that contain every word of ``query`` (case and accents ignored)."""
        hits = [
            Hit(SessionKey(group, hit.session_id), self._entries[SessionKey(group, hit.session_id)].date, hit)
            for group, lb in self._logbooks.items()
            for hit in search(lb, query)
        ]
        return sorted(hits, key=lambda hit: hit.date)

    # ------------------------------------------------------------------ changes

    def reload(self, group: str | None = None) -> tuple[Problem, ...]:
        """Read the carnets (or one group's) again from disk: someone may have edited them.

        A carnet that cannot be read any more is left as it was shown, and its problems
        are returned.
        """
        problems: list[Problem] = []
        for name in [group] if group is not None else list(self._logbooks):
            try:
                self._logbooks[name] = load_logbook(self._refs[name].path)
            except LogbookError as error:
                problems.extend(error.problems)
        self._rebuild()
        return tuple(problems)

    def set_commitment_status(self, key: SessionKey, action_id: str, status: CommitmentStatus) -> Saved:
        """Mark a commitment open, done or dropped, in the file."""
        try:
            outcome = self.store.set_commitment_status(
                key.group, self.participant, key.session_id, action_id, status
            )
        except LogbookError as error:
            return Saved(error.path, stored=False, problems=tuple(error.problems))
        return self._after(key, outcome)

    def edit_action(self, key: SessionKey, action_id: str, edit: ActionEdit) -> Saved:
        """Rewrite a commitment's objective, resources, deadline and indicator, in the file."""
        try:
            outcome = self.store.edit_action(
                key.group,
                self.participant,
                key.session_id,
                action_id,
                objective=edit.objective,
                resources=edit.resources,
                deadline=edit.deadline,
                indicator=edit.indicator,
            )
        except LogbookError as error:
            return Saved(error.path, stored=False, problems=tuple(error.problems))
        return self._after(key, outcome)

    def update_personal(self, key: SessionKey, field: PersonalField, texts: Sequence[str]) -> Saved:
        """Replace one personal field of a session (learnings, feelings, progress, notes)."""
        try:
            outcome = self.store.update_personal(
                key.group, self.participant, key.session_id, **{field.value: list(texts)}
            )
        except LogbookError as error:
            return Saved(error.path, stored=False, problems=tuple(error.problems))
        return self._after(key, outcome)

    def _after(self, key: SessionKey, outcome: WriteOutcome) -> Saved:
        # The messages, not only the problems: where an entry kept aside went, or that it came back.
        if outcome.status not in (WriteStatus.WRITTEN, WriteStatus.UNCHANGED):
            return Saved(outcome.path, stored=False, problems=tuple(outcome.messages))
        problems = tuple(outcome.messages) + self.reload(key.group)
        return Saved(
            outcome.path, stored=True, written=outcome.status is WriteStatus.WRITTEN, problems=problems
        )
