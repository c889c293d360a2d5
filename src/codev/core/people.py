"""Who is who: a person's name, when two names are one person, who is meant by what was typed.

The rules, everywhere in codev (set-up, engine, carnets, note dialog):

- a name is normalised before anything else (:func:`normalize_name`: NFC, single spaces),
  so that "Zoé" typed and "Zoé" pasted in decomposed form are the same text;
- two names are the same person exactly when they are equal once normalised. Accents,
  case and characters this Python's Unicode tables do not know (a recent emoji) never
  merge two people: "Élise" and "Elise", "Bob 🫨" and "Bob 🩷" are four people;
- set-up refuses a name nobody could read or tell apart (:func:`name_problem`): empty,
  holding control characters, or made only of characters that show nothing. A name made
  only of emoji is a name (its carnet file is named after a hash of it);
- what someone types to name an author (:func:`resolve_author`) finds the exact name or the
  number first; a forgiving match (no accents, no case, a prefix) is taken only when it
  names one person, otherwise the candidates are returned for the person to choose.

No file names here: :mod:`codev.core.logbook.names` makes them from these names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from codev.core.i18n import t

MAX_NAME_CHARS = 200
"""Longer than any real name; a bound keeps a stray paste out of every screen."""

# Control characters and lone surrogates cannot be written to a UTF-8 file as they are and
# have no business in a name. Unassigned code points (category Cn) are kept: most are
# characters newer than this Python's tables (emoji), and dropping them merged people.
_UNWRITABLE_CATEGORIES = frozenset({"Cc", "Cs"})
# Characters that show nothing: separators, format characters (zero-width spaces and
# joiners, direction marks), combining marks with no letter to sit on.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Me"})
# Letters and symbols drawn blank (Hangul fillers, the blank Braille pattern): a known way
# of typing a name that looks empty.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# The blocks of combining marks (accents and the like) that NFKD splits off letters.
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# int() refuses longer strings of digits; nobody has that many participants anyway.
_MAX_NUMBER_DIGITS = 6


def normalize_name(name: str) -> str:
    """The canonical form of a display name: NFC, no control characters, single spaces.

    Two names are the same person exactly when their normalised forms are equal; the
    normalised form is what the session and the files keep. Control characters (only a
    hand-edited file can still bring them: set-up refuses them) become spaces.
    """
    text = unicodedata.normalize("NFC", name)
    if not text.isprintable():
        # Rare: only then look at each character (this runs for every name read from a file).
        text = "".join(" " if unicodedata.category(char) in _UNWRITABLE_CATEGORIES else char for char in text)
    return " ".join(text.split())


def same_person(first: str, second: str) -> bool:
    """Whether two names are the same person: equal once normalised, nothing looser."""
    return normalize_name(first) == normalize_name(second)


def loose_key(name: str) -> str:
    """A key for forgiving look-ups, search and sorting: no case, no accents, single spaces.

    Never an identity: two people may share a loose key ("Élise" and "Elise").
    """
    text = " ".join(name.split()).casefold()
    if text.isascii():
        return text
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", normalize_name(text)))


class NameProblem(StrEnum):
    """Why a name cannot be someone's."""

    EMPTY = "empty"
    """Nothing left once spaces are trimmed."""
    CONTROL = "control"
    """Control characters (escape sequences, bells, NUL) or broken text (lone surrogates)."""
    INVISIBLE = "invisible"
    """Only characters that show nothing (zero-width spaces, joiners, lone accents)."""
    TOO_LONG = "too_long"
    """More than :data:`MAX_NAME_CHARS` characters."""


def _shows_something(char: str) -> bool:
    return unicodedata.category(char) not in _INVISIBLE_CATEGORIES and char not in _BLANK_LOOKING


def name_problem(name: str) -> NameProblem | None:
    """What makes ``name`` unusable as a person's or a group's name, or None if it is fine.

    Control characters (line breaks and tabs included) are refused rather than silently
    turned into spaces, so that the name kept is the one the person sees and can correct.
    Emoji alone, any script, brackets and slashes are fine.
    """
    if any(unicodedata.category(char) in _UNWRITABLE_CATEGORIES for char in name):
        return NameProblem.CONTROL
    normal = normalize_name(name)
    if not normal:
        return NameProblem.EMPTY
    if not any(_shows_something(char) for char in normal):
        return NameProblem.INVISIBLE
    if len(normal) > MAX_NAME_CHARS:
        return NameProblem.TOO_LONG
    return None


def _shown(name: str) -> str:
    # repr() escapes what a terminal would act upon or hide; cut, as a paste may be long.
    return repr(name[:40])


def name_problem_message(name: str) -> str | None:
    """Why ``name`` is refused, in the current language (None when it is fine)."""
    problem = name_problem(name)
    if problem is None:
        return None
    return t(f"engine.setup.name_{problem.value}", value=_shown(name), limit=MAX_NAME_CHARS)


def duplicate_message(name: str) -> str:
    """The message for a name already taken by someone present (in the current language)."""
    return t("engine.setup.duplicate_name", name=normalize_name(name))


def new_member_problem(members: Iterable[str], name: str) -> str | None:
    """Why ``name`` cannot join ``members`` (the names already listed), or None.

    The message says why, in the current language: the name itself, or that the same
    person (equal once normalised) is already there.
    """
    if message := name_problem_message(name):
        return message
    normal = normalize_name(name)
    if any(normalize_name(member) == normal for member in members):
        return duplicate_message(normal)
    return None


class Person(Protocol):
    """Anyone with an id and a display name (a session's participant)."""

    @property
    def id(self) -> str:
        """The person's id."""
        ...

    @property
    def name(self) -> str:
        """The person's display name."""
        ...


@dataclass(frozen=True, slots=True)
class AuthorMatch:
    """Who is meant by what was typed: one person, several to choose from, or nobody."""

    person_id: str | None
    """The person meant, when there is exactly one."""
    candidates: tuple[str, ...] = ()
    """The ids of everyone it could be, when it could be several (in list order)."""


def resolve_author(people: Sequence[Person], typed: str) -> AuthorMatch:
    """The person meant by ``typed``: an exact name, a number (1-based), then a forgiving match.

    In that order: the exact name (once normalised); the person's place in the list; the
    name without case or accents; the start of it. A forgiving match is taken only when
    it names one person; when it names several, they are the candidates.
    """
    wanted = normalize_name(typed)
    if not wanted:
        return AuthorMatch(None)
    for person in people:
        if normalize_name(person.name) == wanted:
            return AuthorMatch(person.id)
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if wanted.isdecimal() and len(wanted) <= _MAX_NUMBER_DIGITS and 1 <= int(wanted) <= len(people):
        return AuthorMatch(people[int(wanted) - 1].id)
    key = loose_key(wanted)
    keys = [(person.id, loose_key(person.name)) for person in people]
    for matches in (
        [person_id for person_id, name in keys if name == key],
        [person_id for person_id, name in keys if name.startswith(key)],
    ):
        if len(matches) == 1:
            return AuthorMatch(matches[0])
        if matches:
            return AuthorMatch(None, tuple(matches))
    return AuthorMatch(None)
