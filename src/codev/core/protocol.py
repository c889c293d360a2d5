"""The protocol format: what a trainer writes in a TOML file, validated by pydantic.

A protocol is an ordered list of steps with their timing and their rules (who speaks, what
is allowed, what is forbidden). The format is public and documented in
``docs/protocols.md``; every model forbids unknown keys so that a trainer's typo is an
error, never silently ignored.
"""

from __future__ import annotations

import re
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from codev.core.i18n import Lang, t
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
MAX_ID_CHARS = 64
MAX_STEPS = 50
StepId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, pattern=ID_PATTERN)]
MAX_JOKER_MINUTES = 30
"""The longest joker a protocol may give (as in the user's configuration)."""
JokerMinutes = Annotated[float, Field(gt=0, le=MAX_JOKER_MINUTES, allow_inf_nan=False)]


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


MAX_ROUNDS = 12
"""The most rounds a protocol may repeat (Troika has three; a dozen is already a long day)."""
RoundNumber = Annotated[int, Field(ge=1, le=MAX_ROUNDS)]
Rounds = Annotated[int, Field(ge=2, le=MAX_ROUNDS)]


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
    protected: bool = False
    """The catch-up plan never shortens this step (learnings, which a late session squeezes first)."""
    repeat: bool = False
    """Written by the trainer: this step is part of the round repeated ``rounds`` times.
    Loading expands it, so a loaded protocol never has a step that repeats."""
    round: RoundNumber | None = None
    """Set by the expansion: the round this step belongs to (None: not part of a round)."""

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
        if self.speakers is Speakers.NOBODY and self.turns is not None:
            raise _fail("silent_turns", "nobody speaks in this step: a round is not possible", "turns")
        return self

    @property
    def floor_minutes(self) -> float:
        """The shortest this step may become when the plan is rebalanced."""
        if self.protected or self.min_minutes is None:
            return self.minutes
        return self.min_minutes


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
    joker_minutes: JokerMinutes | None = None
    """The joker this protocol gives (minutes granted once per step at zero); the user's
    ``[session] joker_minutes`` wins when set, codev's two minutes apply when neither is."""
    rounds: Rounds | None = None
    """How many times the steps marked ``repeat`` run (a new client each round, as in Troika)."""
    steps: Annotated[list[Step], Field(min_length=1, max_length=MAX_STEPS)]

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
        expanded = self._expanded()
        first_index: dict[str, int] = {}
        # Indexes are the file's steps (not the expanded ones), so that problems point at a line.
        for index, step in expanded:
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
        if len(expanded) != len(self.steps):
            # Expanded once, here: the engine, timers, views and journal only ever see plain
            # steps, and a journal's expanded copy validates again unchanged (nothing repeats).
            object.__setattr__(self, "steps", [step for _, step in expanded])
        if len(set(self.roles)) != len(self.roles):
            raise _fail("duplicate_item", "an item is listed twice", "roles")
        return self

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
        if not repeated and all(step.round is None for step in self.steps):
            raise _fail(
                "rounds_without_repeat",
                "no step repeats: add repeat = true to the steps of a round",
                "rounds",
            )
        for index, step in enumerate(self.steps):
            if step.round is not None and step.round > self.rounds:
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

    def _expanded(self) -> list[tuple[int, Step]]:
        # Each step with the index of the file's step it comes from; the repeated block is
        # written once per round, in place.
        repeated = [index for index, step in enumerate(self.steps) if step.repeat]
        indexed = list(enumerate(self.steps))
        if not repeated or self.rounds is None:
            return indexed
        first, last = repeated[0], repeated[-1] + 1
        rounds = [
            (index, _in_round(step, number))
            for number in range(1, self.rounds + 1)
            for index, step in indexed[first:last]
        ]
        return [*indexed[:first], *rounds, *indexed[last:]]

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


FR: Lang = "fr"
EN: Lang = "en"


def _in_round(step: Step, number: int) -> Step:
    """``step`` as it runs in round ``number``: its id suffixed, its title numbered."""
    title = step.title.model_copy(
        update={
            lang: t("protocol.round_title", lang=lang, round=number, title=text)
            for lang, text in ((FR, step.title.fr), (EN, step.title.en))
            if text and text.strip()
        }
    )
    return step.model_copy(
        update={"id": f"{step.id}-r{number}", "title": title, "repeat": False, "round": number}
    )


def is_valid_id(value: str) -> bool:
    """True when ``value`` can be a protocol or step id."""
    return bool(_ID_RE.match(value)) and len(value) <= 64
