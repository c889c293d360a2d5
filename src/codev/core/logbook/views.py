"""What the review screen and the export show of a carnet, computed without any UI.

The timeline (one row per session), the commitments with their follow-ups, the small
picture of a participant's path (sessions by role, commitments kept over time) and search.
These are plain data: the TUI renders them, the export prints them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from codev.core import formatting
from codev.core.i18n import Lang
from codev.core.logbook.models import Action, CommitmentStatus, FollowUp, Logbook, SessionEntry
from codev.core.logbook.names import loose_key
from codev.core.protocol.model import Role


def format_date(value: dt.date, lang: Lang | None = None) -> str:
    """A date as people write it in the language: ``14 janvier 2025``, ``January 14, 2025``."""
    return formatting.date(value, "long", lang)


def chronological(logbook: Logbook) -> list[SessionEntry]:
    """The entries in date order (the file keeps them in the order they were written)."""
    return sorted(logbook.sessions, key=lambda entry: entry.date)


@dataclass(frozen=True)
class TimelineRow:
    """One session in the timeline of a carnet."""

    session_id: str
    date: dt.datetime
    number: int | None
    role: Role
    subject: str
    client: str
    protocol_title: str
    open_commitments: int
    """Client sessions: how many of the commitments made there are still open."""
    has_reflection: bool
    """Whether learnings, feelings or progress were written (to invite completing them)."""


def timeline(logbook: Logbook) -> list[TimelineRow]:
    """The carnet's sessions, oldest first."""
    return [
        TimelineRow(
            session_id=entry.id,
            date=entry.date,
            number=entry.number,
            role=entry.role,
            subject=entry.subject,
            client=entry.client,
            protocol_title=entry.protocol_title,
            open_commitments=sum(action.status is CommitmentStatus.OPEN for action in entry.actions),
            has_reflection=bool(entry.learnings or entry.feelings or entry.progress),
        )
        for entry in chronological(logbook)
    ]


@dataclass(frozen=True)
class Commitment:
    """An action of the participant's plans, with what later sessions said of it."""

    session_id: str
    session_date: dt.datetime
    session_number: int | None
    subject: str
    action: Action
    followups: tuple[tuple[dt.datetime, FollowUp], ...]
    """The follow-ups told about it, with the date of the session where they were told."""


def commitments(logbook: Logbook) -> list[Commitment]:
    """Every commitment of the carnet, oldest first, with its follow-ups."""
    entries = chronological(logbook)
    told: dict[tuple[str, str], list[tuple[dt.datetime, FollowUp]]] = {}
    for entry in entries:
        for followup in entry.followups:
            told.setdefault((followup.session, followup.action), []).append((entry.date, followup))
    return [
        Commitment(
            entry.id,
            entry.date,
            entry.number,
            entry.subject,
            action,
            tuple(told.get((entry.id, action.id), [])),
        )
        for entry in entries
        for action in entry.actions
    ]


@dataclass(frozen=True)
class PathPoint:
    """Commitments made and kept up to a session (cumulative)."""

    date: dt.datetime
    made: int
    kept: int


@dataclass(frozen=True)
class PathSummary:
    """The small picture of a participant's path in a group."""

    sessions: int
    by_role: dict[Role, int]
    commitments: int
    done: int
    dropped: int
    open: int
    kept_over_time: list[PathPoint]


def path_summary(logbook: Logbook) -> PathSummary:
    """Sessions by role, commitments by status, and commitments kept over time."""
    entries = chronological(logbook)
    actions = [action for entry in entries for action in entry.actions]
    statuses = Counter(action.status for action in actions)
    # When a commitment was kept: when its status changed, else (hand-edited) the session.
    kept_at = sorted(
        action.status_changed or entry.date
        for entry in entries
        for action in entry.actions
        if action.status is CommitmentStatus.DONE
    )
    points = []
    made = 0
    for entry in entries:
        made += len(entry.actions)
        points.append(PathPoint(entry.date, made, sum(when <= entry.date for when in kept_at)))
    return PathSummary(
        sessions=len(entries),
        by_role=dict(Counter(entry.role for entry in entries)),
        commitments=len(actions),
        done=statuses[CommitmentStatus.DONE],
        dropped=statuses[CommitmentStatus.DROPPED],
        open=statuses[CommitmentStatus.OPEN],
        kept_over_time=points,
    )


@dataclass(frozen=True)
class SearchHit:
    """A text of a session that matches a search."""

    session_id: str
    field: str
    """The entry's field (``learnings``, ``actions``…), for a label: ``carnet.field.<field>``."""
    text: str


def _texts(entry: SessionEntry) -> list[tuple[str, str]]:
    texts = [("subject", entry.subject), ("client", entry.client), ("question", entry.question)]
    texts.append(("contract", entry.contract))
    for field in ("suggestions_given", "learnings", "feelings", "progress", "notes"):
        texts.extend((field, text) for text in getattr(entry, field))
    texts.extend(("suggestions_received", f"{s.author} — {s.text}") for s in entry.suggestions_received)
    for action in entry.actions:
        texts.extend(("actions", text) for text in (action.objective, action.resources, action.indicator))
    texts.extend(("followups", f"{f.objective} — {f.comment}") for f in entry.followups)
    return [(field, text) for field, text in texts if text]


def search(logbook: Logbook, query: str) -> list[SearchHit]:
    """The texts containing every word of ``query``, ignoring case and accents."""
    words = loose_key(query).split()
    if not words:
        return []
    hits = []
    for entry in chronological(logbook):
        for field, text in _texts(entry):
            key = loose_key(text)
            if all(word in key for word in words):
                hits.append(SearchHit(entry.id, field, text))
    return hits
