"""The protocol format: what a trainer writes in a TOML file, validated by pydantic.

A protocol is an ordered list of steps with their timing and their rules (who speaks, what
is allowed, what is forbidden). The format is public and documented in
``docs/protocols.md``; every model forbids unknown keys so that a trainer's typo is an
error, never silently ignored.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from codev.core.i18n import Lang
from codev.core.printable import escape_char, first_unsafe

FORMAT_VERSION = 1
"""The protocol format version this code reads and writes."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID_RE = re.compile(ID_PATTERN)


def _fail(code: str, english: str, at: str = "", **ctx: object) -> PydanticCustomError:
    """A validation error the loader can translate (``code``) and place (``at``, a path
    relative to the model that raises it)."""
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


class Role(StrEnum):
    """The roles a participant can hold in a session."""

    CLIENT = "client"
    CONSULTANT = "consultant"
    FACILITATOR = "facilitator"
    SCRIBE = "scribe"
    TIMEKEEPER = "timekeeper"
    OBSERVER = "observer"


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


def _shown_as_text(value: str) -> str:
    # A protocol is shared between trainers: an escape sequence in it would drive the
    # terminal of whoever shows it (see codev.core.printable), so `check` refuses it.
    char = first_unsafe(value)
    if char is not None:
        raise _fail("control_char", "control character {char} is not allowed", char=escape_char(char))
    return value


ProtocolText = Annotated[str, AfterValidator(_shown_as_text)]
"""A text of a protocol: anything printable, newlines and tabs included."""


class LocalizedText(_Model):
    """A text in French and/or English; a missing language falls back to the other."""

    fr: ProtocolText | None = None
    en: ProtocolText | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> Self:
        if not (self.fr or "").strip() and not (self.en or "").strip():
            raise _fail("empty_text", "give the text in French (fr) or English (en)")
        return self

    def get(self, lang: Lang) -> str:
        """The text in ``lang``, or in the other language when it has none."""
        first, second = (self.fr, self.en) if lang == "fr" else (self.en, self.fr)
        # A text of blanks counts as missing, so the other language shows instead.
        return first if first and first.strip() else (second or "")


class LocalizedList(_Model):
    """A list of short texts (rules, prompts) in French and/or English."""

    fr: list[ProtocolText] = Field(default_factory=list)
    en: list[ProtocolText] = Field(default_factory=list)

    def get(self, lang: Lang) -> list[str]:
        """The items in ``lang``, or in the other language when it has none."""
        first, second = (self.fr, self.en) if lang == "fr" else (self.en, self.fr)
        return list(first or second)

    def is_empty(self) -> bool:
        """True when neither language has any item."""
        return not self.fr and not self.en


# Enums are read from TOML strings, which strict mode would refuse; everything else stays strict.
SpeakersField = Annotated[Speakers, Strict(False)]
RoleField = Annotated[Role, Strict(False)]
NoteKindField = Annotated[NoteKind, Strict(False)]

MAX_MINUTES = 24 * 60
MAX_FORMAT = 999
"""Any format number above this is no format at all (and would make a message of its digits)."""

# allow_inf_nan: TOML reads inf and nan as floats; no duration is either.
Minutes = Annotated[float, Field(gt=0, le=MAX_MINUTES, allow_inf_nan=False)]
WrapUpMinutes = Annotated[float, Field(ge=0, le=MAX_MINUTES, allow_inf_nan=False)]
StepId = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]


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
    speakers: SpeakersField
    allowed: LocalizedList = Field(default_factory=LocalizedList)
    forbidden: LocalizedList = Field(default_factory=LocalizedList)
    prompts: LocalizedList = Field(default_factory=LocalizedList)
    """What the facilitator can say or ask to keep the step on track."""
    notes: list[NoteKindField] = Field(default_factory=list)
    """Kinds of notes collected during this step; the first is the default for quick entry."""
    turns: Turns | None = None
    optional: bool = False

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
        return self

    @property
    def floor_minutes(self) -> float:
        """The shortest this step may become when the plan is rebalanced."""
        return self.minutes if self.min_minutes is None else self.min_minutes


class Protocol(_Model):
    """A whole protocol: identity, roles and ordered steps."""

    format: Annotated[int, Field(ge=1, le=MAX_FORMAT)] = FORMAT_VERSION
    id: StepId
    version: Annotated[ProtocolText, Field(min_length=1, max_length=32)] = "1"
    author: ProtocolText = ""
    title: LocalizedText
    description: LocalizedText
    roles: list[RoleField] = Field(default_factory=lambda: [Role.CLIENT, Role.CONSULTANT, Role.FACILITATOR])
    wrap_up_minutes: WrapUpMinutes = 2
    """Default 'wrap up' threshold for every step, in remaining minutes."""
    steps: Annotated[list[Step], Field(min_length=1, max_length=50)]

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
        first_index: dict[str, int] = {}
        for index, step in enumerate(self.steps):
            if step.id in first_index:
                raise _fail(
                    "duplicate_step",
                    "step id '{id}' is already used by step {first}",
                    f"steps.{index}.id",
                    id=step.id,
                    first=first_index[step.id] + 1,
                )
            first_index[step.id] = index
        if len(set(self.roles)) != len(self.roles):
            raise _fail("duplicate_item", "an item is listed twice", "roles")
        return self

    @property
    def total_minutes(self) -> float:
        """The planned duration of the whole protocol."""
        return sum(step.minutes for step in self.steps)

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


def is_valid_id(value: str) -> bool:
    """True when ``value`` can be a protocol or step id."""
    return bool(_ID_RE.match(value)) and len(value) <= 64
