"""Before a carnet leaves its owner: which sessions go, and whether the others are named.

A participant sends their carnet to a coach, a trainer or their manager. What they send is
theirs to choose: :func:`select_sessions` keeps the sessions they pick (by number, by id,
between two dates), and :func:`anonymise` replaces every other member's name — as a
client, as the author of a suggestion, inside the texts — by "member 1", "member 2"… and
hides the subjects of the sessions where someone else was the client (their case is
theirs, not the sender's). The participant's own name, words and commitments stay.

Both take and give :class:`~codev.core.logbook.models.Logbook` values, so that the export
formats (:mod:`codev.core.logbook.export`) stay unaware of them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from codev.core.i18n import t
from codev.core.logbook.models import Logbook, SessionEntry, Suggestion
from codev.core.logbook.names import loose_key, normalize_name
from codev.core.logbook.views import chronological
from codev.core.protocol.model import Role


@dataclass(frozen=True)
class SessionSelection:
    """The sessions to keep; every criterion given must hold (none given: every session)."""

    sessions: tuple[str, ...] = ()
    """Session numbers (``"12"``) or ids (``"2026-03-14-1830"``); any of them."""
    since: dt.date | None = None
    """First day kept (included)."""
    until: dt.date | None = None
    """Last day kept (included)."""

    def keeps(self, entry: SessionEntry) -> bool:
        """True when ``entry`` is one of the chosen sessions."""
        day = entry.date.date()
        if self.since is not None and day < self.since:
            return False
        if self.until is not None and day > self.until:
            return False
        if not self.sessions:
            return True
        return entry.id in self.sessions or (entry.number is not None and str(entry.number) in self.sessions)


class UnknownSessions(ValueError):
    """Sessions asked for by number or id that no carnet holds: ``message`` lists what exists."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def select_sessions(logbooks: Sequence[Logbook], selection: SessionSelection) -> list[Logbook]:
    """The carnets with only the chosen sessions.

    A number or id that matches no session is a mistake (a typo would silently send less
    than meant): :class:`UnknownSessions` names it, with the sessions there are.
    """
    entries = [entry for logbook in logbooks for entry in logbook.sessions]
    known = {entry.id for entry in entries} | {str(e.number) for e in entries if e.number is not None}
    missing = [wanted for wanted in selection.sessions if wanted not in known]
    if missing:
        available = ", ".join(
            f"{entry.number} ({entry.id})" if entry.number is not None else entry.id
            for logbook in logbooks
            for entry in chronological(logbook)
        )
        raise UnknownSessions(
            t("carnet.share.unknown_sessions", sessions=", ".join(missing), available=available or "—")
        )
    return [
        logbook.model_copy(update={"sessions": [e for e in logbook.sessions if selection.keeps(e)]})
        for logbook in logbooks
    ]


class _Pseudonyms:
    """Other members' names and the "member N" standing for each, numbered as they first appear.

    In the texts a member is also found by a single word of their name ("Paul" for "Paul
    Martin", as people write), spelled with its capital letter and at least three letters
    long, so that ordinary words are left alone; a word two members share stands for "a
    member", and the owner's own names are never replaced.
    """

    def __init__(self, owner: str) -> None:
        self._owner = loose_key(owner)
        self._owner_words = {word.casefold() for word in _words(owner)}
        self._numbers: dict[str, int] = {}
        self._names: dict[str, str] = {}
        self._words: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def add(self, name: str) -> None:
        name = normalize_name(name)
        key = loose_key(name)
        if not name or key == self._owner or name in self._names:
            return
        # Accents or case apart, the same spelling is the same person here: a text that
        # writes "elise" for "Élise" must not give her away.
        number = self._numbers.setdefault(key, len(self._numbers) + 1)
        pseudonym = t("carnet.share.member", number=number)
        self._names[name] = pseudonym
        for word in _words(name):
            if len(word) < 3 or not word[0].isupper() or word.casefold() in self._owner_words:
                continue
            known = self._words.get(word)
            self._words[word] = pseudonym if known in (None, pseudonym) else t("carnet.share.member_unknown")
        self._pattern = None

    def of(self, name: str) -> str:
        """The pseudonym of a name (the owner's own name stays)."""
        name = normalize_name(name)
        return self._names.get(name, name)

    def in_text(self, text: str) -> str:
        """``text`` with every other member's name replaced (see the class)."""
        if not self._names or not text:
            return text
        if self._pattern is None:
            # Longest first: "Anne-Marie Dubois" before "Anne-Marie" before "Anne".
            full = sorted(self._names, key=len, reverse=True)
            words = sorted(set(self._words) - set(self._names), key=len, reverse=True)
            alternatives = [rf"(?i:{re.escape(name)})" for name in full] + [re.escape(word) for word in words]
            self._pattern = re.compile("|".join(rf"(?<!\w)(?:{part})(?!\w)" for part in alternatives))
        by_fold = {name.casefold(): pseudonym for name, pseudonym in self._names.items()}
        unknown = t("carnet.share.member_unknown")

        def pseudonym(found: re.Match[str]) -> str:
            spelled = found.group()
            return self._words.get(spelled) or by_fold.get(spelled.casefold(), unknown)

        return self._pattern.sub(pseudonym, unicodedata.normalize("NFC", text))


def _words(name: str) -> list[str]:
    return [word for word in re.split(r"[\s\-]+", normalize_name(name)) if word]


def _people_of(entries: Iterable[SessionEntry]) -> Iterable[str]:
    for entry in entries:
        if entry.client:
            yield entry.client
        for suggestion in entry.suggestions_received:
            yield suggestion.author


def _texts(values: Sequence[str], names: _Pseudonyms) -> list[str]:
    return [names.in_text(value) for value in values]


def _entry(entry: SessionEntry, names: _Pseudonyms) -> SessionEntry:
    someone_else_s = entry.role is not Role.CLIENT and bool(entry.client)
    hidden = t("carnet.share.hidden_subject")
    actions = [
        action.model_copy(
            update={
                "objective": names.in_text(action.objective),
                "resources": names.in_text(action.resources),
                "indicator": names.in_text(action.indicator),
            }
        )
        for action in entry.actions
    ]
    followups = [
        followup.model_copy(
            update={
                "objective": names.in_text(followup.objective),
                "comment": names.in_text(followup.comment),
            }
        )
        for followup in entry.followups
    ]
    suggestions = [
        Suggestion(author=names.of(s.author), text=names.in_text(s.text)) for s in entry.suggestions_received
    ]
    return entry.model_copy(
        update={
            "client": names.of(entry.client) if entry.client else "",
            # The case belongs to its client: the subject, question and contract go with it.
            "subject": hidden if someone_else_s and entry.subject else names.in_text(entry.subject),
            "question": "" if someone_else_s else names.in_text(entry.question),
            "contract": "" if someone_else_s else names.in_text(entry.contract),
            "suggestions_given": _texts(entry.suggestions_given, names),
            "learnings": _texts(entry.learnings, names),
            "feelings": _texts(entry.feelings, names),
            "progress": _texts(entry.progress, names),
            "notes": _texts(entry.notes, names),
            "suggestions_received": suggestions,
            "actions": actions,
            "followups": followups,
        }
    )


def anonymise(logbooks: Sequence[Logbook], others: Iterable[str] = ()) -> list[Logbook]:
    """The carnets with every other member named "member N" and others' subjects hidden.

    The people are those the carnets name (clients, authors of suggestions) and ``others``
    (say, the members listed in the group files), who may appear only inside texts.
    Numbers follow the order people first appear, session by session, so that the same
    person is the same member throughout the document (in every group of the carnets).
    Anonymise the whole carnets before choosing sessions: a name is then recognised in a
    text even when the session that named that person is not sent.
    """
    if not logbooks:
        return []
    names = _Pseudonyms(logbooks[0].participant)
    ordered = sorted((e for logbook in logbooks for e in logbook.sessions), key=lambda entry: entry.date)
    for person in (*_people_of(ordered), *others):
        names.add(person)
    return [
        logbook.model_copy(update={"sessions": [_entry(e, names) for e in logbook.sessions]})
        for logbook in logbooks
    ]
