"""The protocol format: what a trainer writes in a TOML file, validated by pydantic.

A protocol is an ordered list of steps with their timing and their rules (who speaks, what
is allowed, what is forbidden). The format is public and documented in
``docs/protocols.md``; every model forbids unknown keys so that a trainer's typo is an
error, never silently ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    Strict,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from codev.core import formatting
from codev.core.i18n import DEFAULT_LANG, LANGUAGES, Lang, get_lang, parse_lang, t, tn
from codev.core.printable import escape_char, first_unsafe

FORMAT_VERSION = 2
"""The newest protocol format version this code reads (format 1 files load unchanged)."""

ROLES_FORMAT = 2
"""The format that brought roles of a protocol's own (tables) and several speakers per step."""

_FORMAT_READ: ContextVar[int] = ContextVar("codev_protocol_format", default=1)
"""The format of the protocol being validated, so that its steps and roles can refuse what
its format does not have, alongside every other problem of the file (see ``Protocol``)."""


def _format_2_only(value: Any) -> Any:
    if _FORMAT_READ.get() < ROLES_FORMAT:
        raise _fail("needs_format_2", "needs format = 2 at the top of the file")
    return value


def _format_2_when_set(value: bool) -> bool:
    # ``parallel = false`` says what format 1 means anyway: only ``true`` needs format 2.
    return _format_2_only(value) if value else value


def _role_id_or_typo(value: str) -> str:
    # In format 1 a name that is no built-in value is a typo: format 1's message, as before.
    if _FORMAT_READ.get() < ROLES_FORMAT:
        raise _fail(
            "enum",
            "Input should be {expected}",
            expected=", ".join(f"'{speakers.value}'" for speakers in Speakers),
        )
    return value


ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID_RE = re.compile(ID_PATTERN)


def _fail(code: str, english: str, at: str | tuple[str, ...] = "", **ctx: object) -> PydanticCustomError:
    """A validation error the loader can translate (``code``) and place (``at``, a path
    relative to the model that raises it: dotted, or a tuple when a key may hold dots)."""
    return PydanticCustomError(code, english, {"at": at, **ctx})


class _Model(BaseModel):
    # strict: TOML has real types, so "10" for a number or 1 for a boolean is a mistake
    # worth reporting, not something to coerce. frozen: a loaded protocol is a value.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Speakers(StrEnum):
    """Who has the floor during a step."""

    CLIENT = "client"
    CONSULTANTS = "consultants"
    EVERYONE = "everyone"
    FACILITATOR = "facilitator"
    NOBODY = "nobody"
    """A step of silence (Case Clinic's stillness): nobody speaks, so no round either."""


class Role(StrEnum):
    """The roles a participant can hold in a session."""

    CLIENT = "client"
    CONSULTANT = "consultant"
    FACILITATOR = "facilitator"
    SCRIBE = "scribe"
    TIMEKEEPER = "timekeeper"
    OBSERVER = "observer"


class RoleCount(StrEnum):
    """How many participants hold a role in a session."""

    ONE = "one"
    """Exactly one: the set-up demands it."""
    AT_MOST_ONE = "at_most_one"
    """Nobody or one person."""
    ANY = "any"
    """Any number, nobody included."""


_SINGLE_MEANINGS = frozenset({Role.CLIENT, Role.FACILITATOR, Role.SCRIBE, Role.TIMEKEEPER})

SPEAKER_MEANINGS = {Speakers.CLIENT: Role.CLIENT, Speakers.FACILITATOR: Role.FACILITATOR}
"""The built-in speakers values that name a role: whichever role of the protocol has that meaning."""
"""Meanings a session gives to one person at most (the set-up has one slot for each)."""


_HELD_APART = frozenset({Role.CLIENT, Role.FACILITATOR, Role.OBSERVER})
"""Meanings the set-up gives to different people (a client facilitates only where nobody
else could, an observer holds neither); a scribe or a timekeeper may be any of them."""


def default_count(meaning: Role) -> RoleCount:
    """A role's count when the protocol does not say: one client and one facilitator, at most
    one scribe and one timekeeper, any number of consultants and observers."""
    if meaning in (Role.CLIENT, Role.FACILITATOR):
        return RoleCount.ONE
    if meaning in _SINGLE_MEANINGS:
        return RoleCount.AT_MOST_ONE
    return RoleCount.ANY


class NoteKind(StrEnum):
    """The kinds of notes a step can collect (and that end up in the carnets)."""

    QUESTION = "question"
    """A question asked to the client (clarification)."""
    CONTRACT = "contract"
    """The help the client asks for ("aidez-moi à…")."""
    SUGGESTION = "suggestion"
    """A reaction, hypothesis, suggestion or testimony, with its author."""
    ACTION = "action"
    """An item of the client's action plan."""
    LEARNING = "learning"
    """Enseignement: what a participant learned."""
    FEELING = "feeling"
    """Ressenti: how a participant lived the session."""
    PROGRESS = "progress"
    """Progrès: what moved since last time."""
    FOLLOWUP = "followup"
    """How an earlier commitment went (opening step)."""
    CASE = "case"
    """A case pitched when the group chooses its subject."""
    NOTE = "note"
    """Anything else worth keeping."""
    WALL = "wall"
    """The group's wall: a post-it the whole group builds (skills, a workshop's conclusions).
    It belongs to the group (the group file), never to a person's carnet."""


def _shown_as_text(value: str) -> str:
    # A protocol is shared between trainers: an escape sequence in it would drive the
    # terminal of whoever shows it (see codev.core.printable), so `check` refuses it.
    char = first_unsafe(value)
    if char is not None:
        raise _fail("control_char", "control character {char} is not allowed", char=escape_char(char))
    return value


ProtocolText = Annotated[str, AfterValidator(_shown_as_text)]
"""A text of a protocol: anything printable, newlines and tabs included."""


LANGUAGE_TAG_PATTERN = r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?$"
"""A language tag's shape: a 2–3 letter language, then an optional script and an optional
region (``de``, ``de-AT``, ``de_AT``, ``pt-BR``, ``zh-Hant-TW``, ``es-419``)."""
_LANGUAGE_TAG_RE = re.compile(LANGUAGE_TAG_PATTERN)
MAX_LANGUAGES = 20
DEFAULT_LANGUAGES: tuple[Lang, ...] = ("fr", "en")
"""A protocol's languages when it does not declare them (the method was born in French)."""
LAST_RESORT: tuple[Lang, ...] = ("en", "fr")
"""Tried after the protocol's declared languages: the interface's own fallback, English then French."""


def is_language_tag(value: str) -> bool:
    """True when ``value`` has the shape of a language tag (``fr``, ``de_AT``, ``pt-BR``)."""
    # fullmatch: with match, "$" would also accept a tag followed by a newline.
    return bool(_LANGUAGE_TAG_RE.fullmatch(value))


@lru_cache(maxsize=512)
def canonical_tag(value: str) -> Lang:
    """``value`` spelled as codev's catalogues are named: ``de-at`` → ``de_AT``, ``ZH-hant`` → ``zh_Hant``."""
    parts = value.strip().replace("-", "_").split("_")
    shaped = [parts[0].lower(), *(part.title() if len(part) == 4 else part.upper() for part in parts[1:])]
    return "_".join(shaped)


def primary_language(tag: str) -> str:
    """The language of ``tag`` without script or region (``de_AT`` → ``de``)."""
    return canonical_tag(tag).split("_")[0]


def ordered_tags(lang: Lang, present: Iterable[Lang], declared: Sequence[Lang] = ()) -> list[Lang]:
    """The tags ``present`` in the order a text is looked for in ``lang``.

    The exact tag first (``de-AT`` and ``de_AT`` are the same), then the same language's
    other tags (``de_AT`` → ``de``, then ``de_CH``), then the protocol's ``declared``
    languages (each the same way), then English and French, then whatever else is there.
    """
    return list(_ordered_tags(lang, tuple(present), tuple(declared)))


@lru_cache(maxsize=512)
def _ordered_tags(lang: Lang, tags: tuple[Lang, ...], declared: tuple[Lang, ...]) -> tuple[Lang, ...]:
    # Cached: the live screen asks for every text of the step several times a second, and
    # the order depends only on these three (a protocol has a handful of tag sets).
    found: list[Lang] = []
    for wanted in (lang, *declared, *LAST_RESORT):
        exact, language = canonical_tag(wanted), primary_language(wanted)
        found += [tag for tag in tags if canonical_tag(tag) == exact]
        found += [tag for tag in tags if canonical_tag(tag) == language]
        found += [tag for tag in tags if primary_language(tag) == language]
    return tuple(dict.fromkeys([*found, *tags]))


def _shown_tag(value: str) -> str:
    # A tag is shown inside a message: a newline or an escape sequence in it is written out.
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _language_tag(value: str) -> str:
    if not is_language_tag(value):
        raise _fail(
            "language_tag",
            "'{tag}' is not a language tag (such as fr, en, de or de-AT)",
            tag=_shown_tag(value),
        )
    return value


LanguageTag = Annotated[str, AfterValidator(_language_tag)]
"""A language tag as a protocol writes it (``languages = ["de", "en"]``)."""


class _Localized(_Model):
    """Texts keyed by language tag: ``fr``, ``en``, ``de``, ``nl``, ``de-AT``, ``pt_BR``…

    Every tag is a key of its own (pydantic's extra keys, validated like fields), so a
    translator adds a language with no change to the format. ``fr`` and ``en`` are named
    fields only so that code and older journals can keep reading ``.fr`` and ``.en``.
    """

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    _declared: tuple[Lang, ...] = PrivateAttr(default=())
    """The protocol's declared languages (its ``languages`` key), set by :class:`Protocol`."""

    def _all(self) -> dict[Lang, Any]:
        values = {
            "fr": getattr(self, "fr", None),
            "en": getattr(self, "en", None),
            **(self.model_extra or {}),
        }
        return {tag: value for tag, value in values.items() if value is not None}

    @model_validator(mode="after")
    def _tags(self) -> Self:
        seen: dict[str, str] = {}
        for tag in self._all():
            if not is_language_tag(tag):
                raise _fail(
                    "language_tag",
                    "'{tag}' is not a language tag (such as fr, en, de or de-AT)",
                    (tag,),
                    tag=_shown_tag(tag),
                )
            if canonical_tag(tag) in seen:
                raise _fail(
                    "duplicate_language",
                    "'{tag}' is the same language as '{other}'",
                    (tag,),
                    tag=tag,
                    other=seen[canonical_tag(tag)],
                )
            seen[canonical_tag(tag)] = tag
        return self

    @property
    def languages(self) -> list[Lang]:
        """The tags this value has, as written (``fr`` and ``en`` first)."""
        return list(self._all())

    def with_languages(self, declared: Sequence[Lang]) -> None:
        """Follow the protocol's declared languages when a text is missing (see :func:`ordered_tags`)."""
        assert self.__pydantic_private__ is not None
        self.__pydantic_private__["_declared"] = tuple(declared)


class LocalizedText(_Localized):
    """A text in one or more languages; a missing one falls back (see :func:`ordered_tags`)."""

    fr: ProtocolText | None = None
    en: ProtocolText | None = None
    __pydantic_extra__: dict[str, ProtocolText] = Field(init=False)

    @model_validator(mode="after")
    def _at_least_one(self) -> Self:
        if not any(text.strip() for text in self.texts.values()):
            raise _fail("empty_text", "give the text in at least one language (fr, en, de…)")
        return self

    @property
    def texts(self) -> dict[Lang, str]:
        """Every language's text, keyed by the tag as written (blank ones included)."""
        return self._all()

    def get(self, lang: Lang) -> str:
        """The text in ``lang``, else in the closest language that has one."""
        texts = self.texts
        for tag in ordered_tags(lang, texts, self._declared):
            # A text of blanks counts as missing, so another language shows instead.
            if texts[tag].strip():
                return texts[tag]
        return ""


class LocalizedList(_Localized):
    """A list of short texts (rules, prompts) in one or more languages."""

    fr: list[ProtocolText] | None = None
    en: list[ProtocolText] | None = None
    __pydantic_extra__: dict[str, list[ProtocolText]] = Field(init=False)

    @property
    def items(self) -> dict[Lang, list[str]]:
        """Every language's items, keyed by the tag as written."""
        return self._all()

    def get(self, lang: Lang) -> list[str]:
        """The items in ``lang``, else in the closest language that has some."""
        items = self.items
        for tag in ordered_tags(lang, items, self._declared):
            if items[tag]:
                return list(items[tag])
        return []

    def is_empty(self) -> bool:
        """True when no language has any item."""
        return not any(self.items.values())


# Enums are read from TOML strings, which strict mode would refuse; everything else stays strict.
SpeakersField = Annotated[Speakers, Strict(False)]
RoleField = Annotated[Role, Strict(False)]


def _note_kind_in_its_format(value: NoteKind) -> NoteKind:
    # The group's wall came with format 2: an older codev refuses a format 1 file that has it.
    return _format_2_only(value) if value is NoteKind.WALL else value


NoteKindField = Annotated[NoteKind, Strict(False), AfterValidator(_note_kind_in_its_format)]
RoleCountField = Annotated[RoleCount, Strict(False)]

UNION_TAGS = frozenset(
    {
        "role-name",
        "role-table",
        "speakers-one",
        "speakers-list",
        "speaker-builtin",
        "speaker-role",
        "rounds-count",
        "rounds-role",
    }
)
"""The names pydantic puts in an error's path for the branch of a union it took; the loader
leaves them out so that a problem names the file's own keys (``roles.2.meaning``)."""

MAX_MINUTES = 24 * 60
MAX_FORMAT = 999
"""Any format number above this is no format at all (and would make a message of its digits)."""

# allow_inf_nan: TOML reads inf and nan as floats; no duration is either.
Minutes = Annotated[float, Field(gt=0, le=MAX_MINUTES, allow_inf_nan=False)]
WrapUpMinutes = Annotated[float, Field(ge=0, le=MAX_MINUTES, allow_inf_nan=False)]
MAX_ID_CHARS = 64
MAX_STEPS = 50
StepId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, pattern=ID_PATTERN)]
MAX_JOKER_MINUTES = 30
"""The longest joker a protocol may give (as in the user's configuration)."""
JokerMinutes = Annotated[float, Field(gt=0, le=MAX_JOKER_MINUTES, allow_inf_nan=False)]


class RoleSpec(_Model):
    """A role a format 2 protocol declares as a table: its own id and title, a built-in meaning."""

    id: StepId
    """How steps (``speakers``) and the set-up name it."""
    meaning: RoleField
    """The built-in behaviour it has: the engine, turns, owners and carnets work through it."""
    count: RoleCountField | None = None
    """How many hold it (None: :func:`default_count` of its meaning)."""
    title: LocalizedText | None = None
    """Its name as people read it; a built-in id without one keeps the catalogue's."""

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        _format_2_only(self)
        if self.id in Role.__members__.values() and self.id != self.meaning.value:
            raise _fail(
                "role_id_builtin",
                "'{id}' is a built-in role: its meaning can only be {id}",
                "meaning",
                id=self.id,
            )
        if self.id in (Speakers.CONSULTANTS, Speakers.EVERYONE, Speakers.NOBODY):
            raise _fail(
                "role_id_reserved",
                "'{id}' already says who speaks in a step: choose another id",
                "id",
                id=self.id,
            )
        if self.title is None and self.id not in Role.__members__.values():
            raise _fail(
                "role_needs_title", "give role '{id}' a title (title.fr, title.en…)", "id", id=self.id
            )
        if self.count is RoleCount.ANY and self.meaning in _SINGLE_MEANINGS:
            raise _fail(
                "role_count_single",
                "one person at most holds a role meaning {meaning}: count is one or at_most_one",
                "count",
                meaning=self.meaning.value,
            )
        if self.count not in (None, RoleCount.ANY) and self.meaning is Role.CONSULTANT:
            raise _fail(
                "role_count_consultant",
                "everyone given no other role holds the consultant's role: its count can only be any",
                "count",
            )
        return self


@dataclass(frozen=True)
class ProtocolRole:
    """A role of a protocol, whichever way it was written (a built-in name or a table)."""

    id: str
    meaning: Role
    count: RoleCount
    title: LocalizedText | None = None
    """The protocol's own title (None: the catalogue's title of the meaning)."""

    def label(self, lang: Lang | None = None) -> str:
        """The role's title in ``lang`` (the interface's language when None)."""
        if self.title is not None:
            return self.title.get(lang or get_lang())
        return t(f"role.{self.meaning.value}", lang)

    def in_sentence(self, lang: Lang | None = None) -> str:
        """The role's title as it reads inside a sentence ("one round per presenter"): its
        first letter in lower case, except in German, whose nouns keep their capital, and
        in an acronym ("PDG")."""
        title = self.label(lang)
        if primary_language(lang or get_lang()) == "de" or title[1:2].isupper():
            return title
        return title[:1].lower() + title[1:]

    @property
    def required(self) -> bool:
        """True when the set-up must give the role to someone."""
        return self.count is RoleCount.ONE


def _role_branch(value: Any) -> str:
    return "role-table" if isinstance(value, dict | RoleSpec) else "role-name"


def _speakers_branch(value: Any) -> str:
    return "speakers-list" if isinstance(value, list | tuple) else "speakers-one"


def _speaker_branch(value: Any) -> str:
    return (
        "speaker-builtin"
        if isinstance(value, Speakers) or value in Speakers.__members__.values()
        else "speaker-role"
    )


RoleItem = Annotated[
    Annotated[RoleField, Tag("role-name")] | Annotated[RoleSpec, Tag("role-table")],
    Discriminator(_role_branch),
]
"""An item of ``roles``: a built-in role's name, or (format 2) a table."""

SpeakerName = Annotated[
    Annotated[SpeakersField, Tag("speaker-builtin")]
    | Annotated[str, Field(max_length=MAX_ID_CHARS), AfterValidator(_role_id_or_typo), Tag("speaker-role")],
    Discriminator(_speaker_branch),
]
"""Who speaks, as one name: a built-in value (``client``, ``everyone``…) or a declared role's id."""

MAX_SPEAKERS = 8
SpeakersValue = Annotated[
    Annotated[SpeakerName, Tag("speakers-one")]
    | Annotated[
        list[SpeakerName],
        Field(min_length=1, max_length=MAX_SPEAKERS),
        AfterValidator(_format_2_only),
        Tag("speakers-list"),
    ],
    Discriminator(_speakers_branch),
]
"""A step's ``speakers``: one name, or (format 2) a list of them."""


class Turns(_Model):
    """A round-the-table step: the floor goes to each participant in turn."""

    who: SpeakersField = Speakers.CONSULTANTS
    """Who takes turns: ``consultants`` or ``everyone``."""
    seconds: Annotated[int, Field(gt=0, le=3600)] | None = None
    """Optional time per turn, in seconds."""

    @model_validator(mode="after")
    def _round_of_people(self) -> Self:
        if self.who not in (Speakers.CONSULTANTS, Speakers.EVERYONE):
            raise _fail("turns_who", "only consultants or everyone can take turns", "who")
        return self


MIN_SUBGROUP_SIZE = 2
MAX_SUBGROUP_SIZE = 50
"""A sub-group's ``size`` bounds: a pair at least, and no more people than a protocol has steps."""


class Subgroups(_Model):
    """How the group splits into sub-groups (format 2): tables of ``size``, or one per value of
    an attribute (``by``), optionally spreading an attribute's people across the tables (``mix``)."""

    size: Annotated[int, Field(ge=MIN_SUBGROUP_SIZE, le=MAX_SUBGROUP_SIZE)] | None = None
    """Tables of this many people: the pool splits into ``len(pool) // size`` tables (at least
    one), their sizes as even as possible."""
    by: StepId | None = None
    """One sub-group per value of each person's attribute of this name (the group file's
    ``[attributes.NAME]``); people without a value form one last sub-group."""
    mix: StepId | None = None
    """With ``size``: each value of this attribute is spread across the tables."""
    title: LocalizedText | None = None
    """One sub-group's name (``Trio``); None: the catalogue's (``Sub-group``)."""
    without: Annotated[list[StepId], Field(max_length=8)] = Field(default_factory=list)
    """Roles whose holders sit at no table (a trainer who goes from table to table); the
    observers never do, nor a facilitator who does not consult."""

    @model_validator(mode="after")
    def _one_rule(self) -> Self:
        if len(set(self.without)) != len(self.without):
            raise _fail("duplicate_item", "an item is listed twice", "without")
        _format_2_only(self)
        if self.size is not None and self.by is not None:
            raise _fail("subgroups_size_and_by", "give size or by, not both", "by")
        if self.size is None and self.by is None:
            raise _fail(
                "subgroups_rule_missing",
                "say how the group splits: size = 3 (tables of three) or by = an attribute",
            )
        if self.mix is not None and self.size is None:
            raise _fail(
                "subgroups_mix_without_size", "mix spreads people across tables: it needs size", "mix"
            )
        return self

    def label(self, number: int, lang: Lang | None = None) -> str:
        """Sub-group ``number``'s name in ``lang`` (the interface's when None): ``Trio 2``."""
        lang = lang or get_lang()
        if self.title is not None:
            return t("protocol.subgroup.titled", lang, title=self.title.get(lang), number=number)
        return t("protocol.subgroup.default", lang, number=number)


MAX_ROUNDS = 12
"""The most rounds a protocol may repeat (Troika has three; a dozen is already a long day)."""
RoundNumber = Annotated[int, Field(ge=1, le=MAX_ROUNDS)]
RoundCount = Annotated[int, Field(ge=2, le=MAX_ROUNDS)]


def _round_role(value: str) -> str:
    # rounds = "3" is a number in quotes, not a role (ids may start with a digit): say so.
    if value.strip().isdigit():
        raise PydanticCustomError("int_type", "a whole number is expected")
    return str(_format_2_only(value))


def _rounds_branch(value: Any) -> str:
    return "rounds-role" if isinstance(value, str) else "rounds-count"


Rounds = Annotated[
    Annotated[RoundCount, Tag("rounds-count")]
    | Annotated[str, Field(max_length=MAX_ID_CHARS), AfterValidator(_round_role), Tag("rounds-role")],
    Discriminator(_rounds_branch),
]
"""``rounds``: how many rounds (2 to 12), or (format 2) the id of a role meaning client, for a
round repeated once per member of that role chosen at set-up (``"presenter"``)."""


class Step(_Model):
    """One step of a protocol: its timing, its rules and what it collects."""

    id: StepId
    title: LocalizedText
    instructions: LocalizedText
    purpose: LocalizedText | None = None
    minutes: Minutes
    """Planned duration."""
    min_minutes: Minutes | None = None
    """Floor used when the session must catch up; defaults to ``minutes`` (cannot shrink)."""
    wrap_up_minutes: WrapUpMinutes | None = None
    """Remaining minutes at which the timer turns to 'wrap up'; defaults to the protocol's."""
    speakers: SpeakersValue
    """Who has the floor: a built-in value, a declared role's id, or (format 2) a list of them."""
    allowed: LocalizedList = Field(default_factory=LocalizedList)
    forbidden: LocalizedList = Field(default_factory=LocalizedList)
    prompts: LocalizedList = Field(default_factory=LocalizedList)
    """What the facilitator can say or ask to keep the step on track."""
    notes: list[NoteKindField] = Field(default_factory=list)
    """Kinds of notes collected during this step; the first is the default for quick entry."""
    turns: Turns | None = None
    optional: bool = False
    protected: bool = False
    """The catch-up plan never shortens this step (learnings, which a late session squeezes first)."""
    each_commits: Annotated[bool, AfterValidator(_format_2_when_set)] = False
    """Format 2: everyone commits in this step, so an action belongs to its author (each
    member's "I will run a workshop"), not to the client."""
    repeat: bool = False
    """Written by the trainer: this step is part of the round repeated ``rounds`` times.
    Loading expands it, so a loaded protocol never has a step that repeats."""
    round: RoundNumber | None = None
    """Set by the expansion: the round this step belongs to (None: not part of a round)."""
    parallel: Annotated[bool, AfterValidator(_format_2_when_set)] = False
    """Format 2, with ``[subgroups]``: the step runs at the same time in every sub-group
    (one timer); each sub-group goes its own way, so it has no ``turns``."""

    @model_validator(mode="after")
    def _timing(self) -> Self:
        if self.min_minutes is not None and self.min_minutes > self.minutes:
            raise _fail(
                "floor_above_planned",
                "min_minutes ({floor}) is more than minutes ({planned})",
                "min_minutes",
                floor=self.min_minutes,
                planned=self.minutes,
            )
        if self.wrap_up_minutes is not None and self.wrap_up_minutes >= self.minutes:
            raise _fail(
                "wrap_up_too_long",
                "wrap_up_minutes ({wrap_up}) must be less than minutes ({planned})",
                "wrap_up_minutes",
                wrap_up=self.wrap_up_minutes,
                planned=self.minutes,
            )
        if len(set(self.notes)) != len(self.notes):
            raise _fail("duplicate_item", "an item is listed twice", "notes")
        if self.protected and self.min_minutes is not None:
            # Both say how far the step may shrink, and they disagree: ask which one is meant.
            raise _fail(
                "protected_with_floor",
                "a protected step is never shortened: remove min_minutes or protected",
                "min_minutes",
            )
        names = self.speaker_names
        if len(set(names)) != len(names):
            raise _fail("duplicate_item", "an item is listed twice", "speakers")
        if Speakers.NOBODY in names and len(names) > 1:
            raise _fail("nobody_with_others", "nobody cannot speak together with others", "speakers")
        if Speakers.NOBODY in names and self.turns is not None:
            raise _fail("silent_turns", "nobody speaks in this step: a round is not possible", "turns")
        if self.parallel and self.turns is not None:
            # Each table goes round on its own: the engine follows no single speaker there.
            raise _fail(
                "parallel_turns",
                "a parallel step cannot have turns: each sub-group goes round on its own",
                "turns",
            )
        return self

    @property
    def speaker_names(self) -> tuple[Speakers | str, ...]:
        """``speakers`` as a tuple, whichever way it was written (one name or a list)."""
        return tuple(self.speakers) if isinstance(self.speakers, list) else (self.speakers,)

    @property
    def is_silent(self) -> bool:
        """True for a step of silence (``speakers = "nobody"``)."""
        return self.speaker_names == (Speakers.NOBODY,)

    @property
    def floor_minutes(self) -> float:
        """The shortest this step may become when the plan is rebalanced."""
        if self.protected or self.min_minutes is None:
            return self.minutes
        return self.min_minutes


MAX_PEOPLE = 100
"""The largest group a protocol may say it is for (a conference is no peer group)."""
PeopleCount = Annotated[int, Field(ge=1, le=MAX_PEOPLE)]


class People(_Model):
    """Who a protocol is for (format 2): how many people a session of it takes,
    ``people = { min = 3, max = 12 }``. The set-up refuses a group outside the range."""

    min: PeopleCount = 1
    """The fewest people present (1: no lower bound)."""
    max: PeopleCount = MAX_PEOPLE
    """The most people present."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise _fail(
                "people_min_above_max",
                "min ({min}) is more than max ({max})",
                "min",
                min=self.min,
                max=self.max,
            )
        return self


def _default_roles() -> list[Role | RoleSpec]:
    return [Role.CLIENT, Role.CONSULTANT, Role.FACILITATOR]


class Protocol(_Model):
    """A whole protocol: identity, roles and ordered steps."""

    format: Annotated[int, Field(ge=1, le=MAX_FORMAT)] = 1
    """Without it a file is format 1 (format 2 is a superset: `codev protocol upgrade` sets it)."""
    id: StepId
    version: Annotated[ProtocolText, Field(min_length=1, max_length=32)] = "1"
    author: ProtocolText = ""
    languages: Annotated[list[LanguageTag], Field(min_length=1, max_length=MAX_LANGUAGES)] | None = None
    """The protocol's languages, the one it was written in first: where a missing text is
    looked for after the reader's own language. None: not declared (French, then English)."""
    title: LocalizedText
    description: LocalizedText
    roles: list[RoleItem] = Field(default_factory=_default_roles)
    """Built-in role names, and in format 2 tables declaring roles of the protocol's own
    (read them through :attr:`declared_roles`)."""
    people: Annotated[People, AfterValidator(_format_2_only)] | None = None
    """Format 2: how many people the protocol is for (None: any number)."""
    time_box_minutes: Annotated[Minutes, AfterValidator(_format_2_only)] | None = None
    """Format 2: the time a session must fit in; ``check`` refuses steps that cannot."""
    wrap_up_minutes: WrapUpMinutes = 2
    """Default 'wrap up' threshold for every step, in remaining minutes."""
    joker_minutes: JokerMinutes | None = None
    """The joker this protocol gives (minutes granted once per step at zero); the user's
    ``[session] joker_minutes`` wins when set, codev's two minutes apply when neither is."""
    rounds: Rounds | None = None
    """How many times the steps marked ``repeat`` run (a new client each round, as in Troika),
    or (format 2) the id of the role whose members each get a round (``"presenter"``: the
    loaded protocol has the round once, :meth:`with_rounds` writes it out for a session)."""
    subgroups: Subgroups | None = None
    """Format 2: how the group splits into sub-groups for the steps marked ``parallel``."""
    steps: Annotated[list[Step], Field(min_length=1, max_length=MAX_STEPS)]

    @model_validator(mode="wrap")
    @classmethod
    def _in_its_format(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # Steps and roles are validated knowing the file's format (see _FORMAT_READ).
        written = data.get("format", 1) if isinstance(data, dict) else getattr(data, "format", 1)
        known = written if isinstance(written, int) and not isinstance(written, bool) else 1
        token = _FORMAT_READ.set(known)
        try:
            return handler(data)
        finally:
            _FORMAT_READ.reset(token)

    @model_validator(mode="after")
    def _consistency(self) -> Self:
        if self.format > FORMAT_VERSION:
            raise _fail(
                "format_too_new",
                "format {found} is newer than this codev understands ({known}): update codev",
                "format",
                found=self.format,
                known=FORMAT_VERSION,
            )
        self._check_rounds()
        self._check_parallel()
        expanded = self._expanded()
        first_index: dict[str, int] = {}
        # Indexes are the file's steps (not the expanded ones), so that problems point at a line.
        # Rounds per member of a role: every id a session may write out is checked now, so
        # that no number of presenters ever meets a step written by hand as "point-r3".
        written_out = self._expanded(MAX_ROUNDS) if isinstance(self.rounds, str) else expanded
        for index, step in written_out:
            if step.id in first_index:
                raise _fail(
                    "duplicate_step",
                    "step id '{id}' is already used by step {first}",
                    f"steps.{index}.id",
                    id=step.id,
                    first=first_index[step.id] + 1,
                )
            if len(step.id) > MAX_ID_CHARS:
                raise _fail(
                    "round_id_too_long",
                    "'{id}' is longer than 64 characters",
                    f"steps.{index}.id",
                    id=step.id,
                )
            first_index[step.id] = index
        if len(expanded) > MAX_STEPS:
            raise _fail(
                "too_many_round_steps",
                "{count} steps once the rounds are repeated: at most {most}",
                "rounds",
                count=len(expanded),
                most=MAX_STEPS,
            )
        # Before the expansion: problems name the file's own steps.
        self._check_roles()
        self._check_people()
        self._check_time_box(expanded)
        if any(step.repeat for step in self.steps):
            # Expanded once, here: the engine, timers, views and journal only ever see plain
            # steps, and a journal's expanded copy validates again unchanged (nothing repeats).
            object.__setattr__(self, "steps", [step for _, step in expanded])
        if self.languages is not None:
            if len({canonical_tag(tag) for tag in self.languages}) != len(self.languages):
                raise _fail("duplicate_item", "an item is listed twice", "languages")
            for text in self.localized():
                text.with_languages(self.languages)
        return self

    def _check_roles(self) -> None:
        # Format 1's tables and lists were refused field by field (see _FORMAT_READ).
        names = [item for item in self.roles if isinstance(item, Role)]
        if len(set(names)) != len(names):
            raise _fail("duplicate_item", "an item is listed twice", "roles")
        first_index: dict[str, int] = {}
        by_meaning: dict[Role, str] = {}
        for index, role in enumerate(self.declared_roles):
            if role.id in first_index:
                raise _fail(
                    "duplicate_role",
                    "role '{id}' is already declared (role {first})",
                    f"roles.{index}" if isinstance(self.roles[index], Role) else f"roles.{index}.id",
                    id=role.id,
                    first=first_index[role.id] + 1,
                )
            if role.meaning in by_meaning:
                raise _fail(
                    "meaning_twice",
                    "only one role can mean {meaning}: role '{other}' already does",
                    f"roles.{index}" if isinstance(self.roles[index], Role) else f"roles.{index}.meaning",
                    meaning=role.meaning.value,
                    other=by_meaning[role.meaning],
                )
            first_index[role.id] = index
            by_meaning[role.meaning] = role.id
        self._check_speakers()
        self._check_subgroups_without()

    def _check_subgroups_without(self) -> None:
        if self.subgroups is None:
            return
        known = {role.id for role in self.declared_roles}
        for position, role_id in enumerate(self.subgroups.without):
            if role_id not in known:
                raise _fail(
                    "subgroups_unknown_role",
                    "no role '{id}' is declared in roles",
                    f"subgroups.without.{position}",
                    id=role_id,
                )

    def _check_speakers(self) -> None:
        known = {role.id for role in self.declared_roles}
        builtin = [speakers.value for speakers in Speakers]
        for index, step in enumerate(self.steps):
            for position, name in enumerate(step.speaker_names):
                at = f"steps.{index}.speakers" + (f".{position}" if isinstance(step.speakers, list) else "")
                if isinstance(name, Speakers):
                    meaning = SPEAKER_MEANINGS.get(name)
                    if self.format >= ROLES_FORMAT and meaning is not None and self.role_for(meaning) is None:
                        raise _fail(
                            "speaker_never_held",
                            "no role of this protocol means {meaning}: nobody could ever speak here",
                            at,
                            meaning=meaning.value,
                        )
                    continue
                if name not in known:
                    raise _fail(
                        "unknown_speaker",
                        "no role '{id}' is declared in roles (nor is it one of: {expected})",
                        at,
                        id=_shown_tag(name),
                        expected=", ".join(builtin),
                    )

    def speaker_role(self, name: Speakers | str) -> ProtocolRole | None:
        """The protocol's role a speakers value names: ``client`` and ``facilitator`` the
        role of that meaning, a role's id that role (None: consultants, everyone, nobody, or
        a role the protocol has not)."""
        if isinstance(name, Speakers):
            meaning = SPEAKER_MEANINGS.get(name)
            return self.role_for(meaning) if meaning is not None else None
        return self.role_by_id(name)

    def _check_people(self) -> None:
        # Only a protocol that says how many people come can be too small for its own roles.
        if self.people is None:
            return
        most = self.people.max
        size = self.subgroups.size if self.subgroups is not None else None
        if size is not None and size > most:
            raise _fail(
                "subgroup_beyond_people",
                "a sub-group of {size} is larger than the group (at most {most} people)",
                "subgroups.size",
                size=size,
                most=most,
            )
        # The roles the set-up gives to different people: the client never facilitates
        # where there is a facilitator, an observer is neither (see setup_refusal). A scribe
        # or a timekeeper may be anyone, the facilitator included: they only need someone.
        required = [role for role in self.declared_roles if role.required]
        apart = [role for role in required if role.meaning in _HELD_APART]
        names = ", ".join(role.id for role in apart)
        if len(apart) > most:
            raise _fail(
                "roles_beyond_people",
                "{roles} roles must be held by different people ({names}) but at most {most} people come",
                "people.max",
                roles=len(apart),
                names=names,
                most=most,
            )
        if len(apart) < most:
            return
        # Every place is taken by a role held apart: rounds once per member of another such
        # role, or a step giving the floor to one (observers), wait for someone the set-up can
        # never name. A scribe or a timekeeper can still be one of them.
        round_role = self.role_by_id(self.rounds) if isinstance(self.rounds, str) else None
        if round_role is not None and not round_role.required and round_role.meaning in _HELD_APART:
            raise _fail(
                "role_never_given",
                "nobody is left to hold role '{id}': the roles held by different people ({names})"
                " take all {most} people",
                "rounds",
                id=round_role.id,
                names=names,
                most=most,
            )
        for index, step in enumerate(self.steps):
            for position, name in enumerate(step.speaker_names):
                role = self.speaker_role(name)
                if role is None or role.required or role.meaning not in _HELD_APART:
                    continue
                raise _fail(
                    "role_never_given",
                    "nobody is left to hold role '{id}': the roles held by different people ({names})"
                    " take all {most} people",
                    f"steps.{index}.speakers" + (f".{position}" if isinstance(step.speakers, list) else ""),
                    id=role.id,
                    names=names,
                    most=most,
                )

    def _check_time_box(self, expanded: Sequence[tuple[int, Step]]) -> None:
        # The steps as they run (rounds written out); problems name the file's steps.
        box = self.time_box_minutes
        if box is None:
            return
        # Floats: 0.1 + 0.2 minutes must not exceed a box of 0.3.
        tolerance = 1e-9
        protected = [(index, step) for index, step in expanded if step.protected]
        # An optional step may be skipped to keep the protected ones: it needs no time there
        # (the total below still counts it, as planned).
        floors = sum(
            0 if step.optional and not step.protected else step.floor_minutes for _, step in expanded
        )
        if protected and floors > box + tolerance:
            kept = sum(step.minutes for _, step in protected)
            raise _fail(
                "protected_beyond_time_box",
                "the protected steps cannot fit in the time box: {protected} min protected and"
                " at least {others} min for the other steps make {total} min, more than {box} min",
                f"steps.{protected[0][0]}.protected",
                protected=round(kept, 2),
                others=round(floors - kept, 2),
                total=round(floors, 2),
                box=box,
            )
        total = sum(step.minutes for _, step in expanded)
        if total > box + tolerance:
            raise _fail(
                "beyond_time_box",
                "the steps take {total} min, more than the time box ({box} min)",
                "time_box_minutes",
                total=round(total, 2),
                box=box,
            )

    @property
    def declared_roles(self) -> tuple[ProtocolRole, ...]:
        """Every role of the protocol, in the file's order, whichever way it was written."""
        found: list[ProtocolRole] = []
        for item in self.roles:
            if isinstance(item, RoleSpec):
                count = item.count or default_count(item.meaning)
                found.append(ProtocolRole(item.id, item.meaning, count, item.title))
            else:
                found.append(ProtocolRole(item.value, item, default_count(item)))
        return tuple(found)

    def role_for(self, meaning: Role) -> ProtocolRole | None:
        """The protocol's role with this meaning (None: it has none)."""
        return next((role for role in self.declared_roles if role.meaning is meaning), None)

    def role_by_id(self, role_id: str) -> ProtocolRole | None:
        """The protocol's role with this id (None: no such role)."""
        return next((role for role in self.declared_roles if role.id == role_id), None)

    def has_role(self, meaning: Role) -> bool:
        """True when one of the protocol's roles has this meaning."""
        return self.role_for(meaning) is not None

    def demands(self, meaning: Role) -> bool:
        """True when the set-up must give the role of this meaning to someone (count one)."""
        role = self.role_for(meaning)
        return role is not None and role.required

    def role_or_builtin(self, meaning: Role) -> ProtocolRole:
        """The protocol's role with this meaning, else the built-in one (a consultant in a
        protocol that declares none is still a consultant)."""
        return self.role_for(meaning) or ProtocolRole(meaning.value, meaning, default_count(meaning))

    @property
    def written_in(self) -> tuple[Lang, ...]:
        """The protocol's languages, the one it was written in first (``fr, en`` when not declared)."""
        return tuple(self.languages) if self.languages is not None else DEFAULT_LANGUAGES

    def localized(self) -> list[LocalizedText | LocalizedList]:
        """Every text of the protocol and of its steps (titles, instructions, rules, prompts…)."""
        found: list[LocalizedText | LocalizedList] = [self.title, self.description]
        found += [role.title for role in self.roles if isinstance(role, RoleSpec) and role.title is not None]
        if self.subgroups is not None and self.subgroups.title is not None:
            found.append(self.subgroups.title)
        for step in self.steps:
            found += [step.title, step.instructions, step.allowed, step.forbidden, step.prompts]
            if step.purpose is not None:
                found.append(step.purpose)
        return found

    def _check_rounds(self) -> None:
        # ``rounds`` and ``repeat`` only make sense together; problems name the file's step.
        repeated = [index for index, step in enumerate(self.steps) if step.repeat]
        if self.rounds is None:
            if repeated:
                raise _fail(
                    "repeat_without_rounds",
                    "a step repeats only when the protocol says how many rounds"
                    " (rounds = 3 at the top of the file)",
                    f"steps.{repeated[0]}.repeat",
                )
            return
        if isinstance(self.rounds, str):
            self._check_round_role(self.rounds)
            if self.subgroups is not None:
                # Each sub-group's members are its clients in turn: nobody is the r-th
                # presenter of the whole group, so the set-up could never name one.
                raise _fail(
                    "rounds_per_member_in_subgroups",
                    "rounds once per {role} cannot run in sub-groups, where each sub-group has"
                    " its own clients: write rounds = N",
                    "rounds",
                    role=self.rounds,
                )
        if not repeated and all(step.round is None for step in self.steps):
            raise _fail(
                "rounds_without_repeat",
                "no step repeats: add repeat = true to the steps of a round",
                "rounds",
            )
        for index, step in enumerate(self.steps):
            # Rounds per member of a role: as many as the set-up gave (RoundNumber bounds them).
            if step.round is not None and isinstance(self.rounds, int) and step.round > self.rounds:
                raise _fail(
                    "round_beyond_rounds",
                    "round {round} is beyond the {rounds} rounds",
                    f"steps.{index}.round",
                    round=step.round,
                    rounds=self.rounds,
                )
        for previous, index in pairwise(repeated):
            if index != previous + 1:
                raise _fail(
                    "repeat_apart",
                    "the steps that repeat must follow each other"
                    " (step {between} between them does not repeat)",
                    f"steps.{index}.repeat",
                    between=previous + 2,
                )

    def _check_parallel(self) -> None:
        # Problems name the file's step; an expanded copy (a journal's) has rounds, no repeat.
        for index, step in enumerate(self.steps):
            if step.parallel and self.subgroups is None:
                raise _fail(
                    "parallel_without_subgroups",
                    "a parallel step runs in every sub-group: say how the group splits ([subgroups])",
                    f"steps.{index}.parallel",
                )
            in_round = step.repeat or step.round is not None
            if in_round and not step.parallel and self.subgroups is not None and self.has_role(Role.CLIENT):
                raise _fail(
                    "round_not_parallel",
                    "each sub-group has its own client in a round: the steps of a round must be"
                    " parallel (parallel = true)",
                    f"steps.{index}.repeat" if step.repeat else f"steps.{index}.round",
                )

    def _check_round_role(self, role_id: str) -> None:
        # The round's client is the r-th member of the role: the role must mean client.
        role = self.role_by_id(role_id)
        if role is None:
            raise _fail(
                "rounds_unknown_role",
                "no role '{id}' is declared in roles: the rounds follow a role meaning client"
                " (such as 'presenter')",
                "rounds",
                id=_shown_tag(role_id),
            )
        if role.meaning is not Role.CLIENT:
            raise _fail(
                "rounds_role_not_client",
                "role '{id}' means {meaning}: rounds repeat once per member of a role meaning client",
                "rounds",
                id=role_id,
                meaning=role.meaning.value,
            )

    def _expanded(self, count: int | None = None) -> list[tuple[int, Step]]:
        # Each step with the index of the file's step it comes from; the repeated block is
        # written once per round, in place: ``rounds`` times, or ``count`` (default 1) when
        # the rounds follow a role, whose members the set-up counts (see with_rounds).
        repeated = [index for index, step in enumerate(self.steps) if step.repeat]
        indexed = list(enumerate(self.steps))
        if not repeated or self.rounds is None:
            return indexed
        if count is None:
            count = self.rounds if isinstance(self.rounds, int) else 1
        first, last = repeated[0], repeated[-1] + 1
        rounds = [
            (index, _in_round(step, number))
            for number in range(1, count + 1)
            for index, step in indexed[first:last]
        ]
        return [*indexed[:first], *rounds, *indexed[last:]]

    @property
    def round_count(self) -> int | None:
        """How many rounds the steps are written out in (None: the protocol has no rounds).
        A protocol whose rounds follow a role has 1 as loaded, n once :meth:`with_rounds`."""
        numbers = [step.round for step in self.steps if step.round is not None]
        return max(numbers) if numbers and self.rounds is not None else None

    @property
    def round_role(self) -> ProtocolRole | None:
        """The role whose members each get a round (``rounds = "presenter"``); None when the
        rounds are a number, or when there are none."""
        return self.role_by_id(self.rounds) if isinstance(self.rounds, str) else None

    @property
    def most_rounds(self) -> int:
        """The most rounds :meth:`with_rounds` can write out: 12, fewer when the 50 steps
        would not hold them (0: the protocol's rounds do not follow a role)."""
        if self.round_role is None:
            return 0
        block = sum(1 for step in self.steps if step.round == 1)
        others = sum(1 for step in self.steps if step.round is None)
        return max(0, min(MAX_ROUNDS, (MAX_STEPS - others) // max(block, 1)))

    def with_rounds(self, count: int) -> Protocol:
        """This protocol with its round written out ``count`` times (1 to :attr:`most_rounds`),
        for a session with that many members of the round's role (its presenters).

        Built from round 1 as written, whatever the protocol holds now (the file's single
        round, or a journal's n rounds): the result is the protocol a session records, and
        it validates again unchanged when its journal is read. ``ValueError`` when the
        rounds do not follow a role, for a count out of range, or for more rounds than the
        protocol's time box holds (:class:`RoundsError`, a ``ValueError``, with the
        translated message).
        """
        most = self.most_rounds
        role = self.round_role
        if role is None:
            raise RoundsError(t("protocol.rounds.not_per_member", id=self.id))
        if not 1 <= count <= most:
            raise RoundsError(tn("protocol.rounds.out_of_range", count, most=most))
        fit = self.rounds_in_time_box
        if count > fit:
            # The copy would break the protocol's own time box (and its journal would not
            # read again): the set-up says so, with both numbers, instead of a traceback.
            raise RoundsError(
                tn(
                    "protocol.rounds.beyond_time_box",
                    fit,
                    rounds=count,
                    role=role.in_sentence(),
                    total=formatting.number(round(self._minutes_with(count), 2)),
                    box=formatting.number(self.time_box_minutes or 0),
                )
            )
        in_rounds = [index for index, step in enumerate(self.steps) if step.round is not None]
        first, last = in_rounds[0], in_rounds[-1] + 1
        block = [as_written(step) for step in self.steps[first:last] if step.round == 1]
        steps = [
            *self.steps[:first],
            *(_in_round(step, number) for number in range(1, count + 1) for step in block),
            *self.steps[last:],
        ]
        # Validated as a journal's copy is, so that both are the same protocol.
        data = self.model_dump(mode="json")
        data["steps"] = [step.model_dump(mode="json") for step in steps]
        try:
            return type(self).model_validate(data)
        except ValidationError as error:
            # Every check of the copy is made above; should one still fail, it is a refusal
            # like the others, never a traceback at set-up.
            raise RoundsError(str(error.errors(include_url=False)[0]["msg"])) from error

    def _minutes_with(self, count: int) -> float:
        # The planned minutes once the round is written out ``count`` times (from round 1).
        fixed = sum(step.minutes for step in self.steps if step.round is None)
        return fixed + count * self.minutes_per_round

    @property
    def rounds_in_time_box(self) -> int:
        """The most rounds :meth:`with_rounds` can write out within ``time_box_minutes``
        (:attr:`most_rounds` without a time box). Every step's planned minutes count, as in
        ``check``: a protected step's floor never exceeds its minutes, so that check holds too."""
        most = self.most_rounds
        box = self.time_box_minutes
        if box is None:
            return most
        # Floats: 0.1 + 0.2 minutes must not exceed a box of 0.3 (as _check_time_box).
        return max((n for n in range(1, most + 1) if self._minutes_with(n) <= box + 1e-9), default=0)

    @property
    def total_minutes(self) -> float:
        """The planned duration of the whole protocol (one round, for rounds that follow a
        role, until :meth:`with_rounds` writes them out)."""
        return sum(step.minutes for step in self.steps)

    @property
    def minutes_per_round(self) -> float:
        """The planned duration of one round (0 for a protocol without rounds)."""
        return sum(step.minutes for step in self.steps if step.round == 1)

    def wrap_up_for(self, step: Step) -> float:
        """The wrap-up threshold of ``step``, in remaining minutes.

        The step's own value wins; the protocol-wide default is capped at half the step so
        that a two-minute step does not start in 'wrap up'.
        """
        if step.wrap_up_minutes is not None:
            return step.wrap_up_minutes
        return min(self.wrap_up_minutes, step.minutes / 2)

    def step(self, step_id: str) -> Step:
        """The step with this id (``KeyError`` if none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


class RoundsError(ValueError):
    """Why :meth:`Protocol.with_rounds` cannot write the round out that many times: the
    message is translated, for the set-up to show as it is."""


def as_written(step: Step) -> Step:
    """A step of a round as the file writes it (``repeat = true``): its id and titles without
    the round's number (the reverse of the loader's numbering); any other step unchanged."""
    if step.round is None:
        return step
    texts = {tag: _unnumbered(tag, text, step.round) for tag, text in step.title.texts.items()}
    return step.model_copy(
        update={
            "id": step.id.removesuffix(f"-r{step.round}"),
            "title": LocalizedText.model_validate(texts),
            "repeat": True,
            "round": None,
        }
    )


def _unnumbered(tag: str, text: str, number: int) -> str:
    # The tag's own wording first (the one _in_round used), then any of the catalogue's.
    marker = "\x00"
    for lang in dict.fromkeys([parse_lang(tag) or DEFAULT_LANG, *LANGUAGES]):
        numbered = t("protocol.round_title", lang=lang, round=number, title=marker)
        before, _, after = numbered.partition(marker)
        if text.startswith(before) and text.endswith(after) and len(text) >= len(before) + len(after):
            return text[len(before) : len(text) - len(after)]
    return text


def _in_round(step: Step, number: int) -> Step:
    """``step`` as it runs in round ``number``: its id suffixed, its title numbered in each language."""
    texts = {
        # A tag codev has no catalogue for (pt) numbers its round the English way.
        tag: t("protocol.round_title", lang=parse_lang(tag) or DEFAULT_LANG, round=number, title=text)
        if text.strip()
        else text
        for tag, text in step.title.texts.items()
    }
    return step.model_copy(
        update={
            "id": f"{step.id}-r{number}",
            "title": LocalizedText.model_validate(texts),
            "repeat": False,
            "round": number,
        }
    )


def is_valid_id(value: str) -> bool:
    """True when ``value`` can be a protocol or step id."""
    return bool(_ID_RE.fullmatch(value)) and len(value) <= 64
