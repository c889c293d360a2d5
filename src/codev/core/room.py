"""What the room sees: a session at one instant, in the words and names of the people in it.

Both the facilitator's screen and the projected view (``codev view``, ``codev serve``) render
a :class:`RoomPicture`; neither works out who speaks or what is forbidden on its own. The
picture is plain data, built from a :class:`SessionView` and its setup, so it is tested
without any interface and compared by equality (a view repaints only when it changed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from codev.core import formatting
from codev.core.i18n import get_lang, t
from codev.core.protocol.model import NoteKind, Role, Speakers, Step
from codev.core.session.model import RoomScreen, SessionSetup, SessionStatus, client_of_step
from codev.core.session.view import SessionView

ROOM_NOTES_SHOWN = 6
"""The newest notes the room sees at once: more would not be read from the back."""


@dataclass(frozen=True, slots=True)
class TurnLine:
    """One person in a speaking round, with the floor they had in this step."""

    name: str
    seconds: float
    speaking: bool


@dataclass(frozen=True, slots=True)
class RoomNote:
    """A note the facilitator lets the room see."""

    kind: str
    """The kind, in words."""
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class SubgroupLine:
    """One sub-group during a parallel step: its name, its client (if it has one now), the others."""

    label: str
    """The sub-group's name (``Trio 2``)."""
    client: str | None
    """Its client, by name with the role (``Dora (client·e)``); None when it has none."""
    others: tuple[str, ...]
    """Its other members, by name, in the sub-group's order."""

    @property
    def text(self) -> str:
        """``Trio 2 — Dora (client·e) · Éli, Fanny``."""
        members = ", ".join(self.others)
        if self.client is not None:
            members = f"{self.client} · {members}" if members else self.client
        return t("room.subgroup.line", label=self.label, members=members)


@dataclass(frozen=True, slots=True)
class RoomPicture:
    """Everything a projected view shows, already in the current language."""

    screen: RoomScreen
    status: SessionStatus
    step_number: int
    step_total: int
    step_title: str
    timer: str
    """The countdown (``12:34``), or the overtime (``+01:05``)."""
    phase: str
    """``idle``, ``normal``, ``wrap-up``, ``overtime`` or ``paused``: the timer's colour."""
    phase_words: str
    """The phase said in words, never by colour alone (empty when on time)."""
    speakers: str
    """Who has the floor, by name; in a round nobody has been given the floor, it says so."""
    speaker: str | None
    """In a round: who speaks now (None while nobody has the floor)."""
    next_speaker: str | None
    """In a round: who the floor goes to next."""
    allowed: tuple[str, ...]
    forbidden: tuple[str, ...]
    turns: tuple[TurnLine, ...]
    next_step: str
    """The step after this one and its minutes (empty on the last step)."""
    session_line: str
    """How the session stands: late or ahead, forecast end."""
    notes: tuple[RoomNote, ...]
    message: str
    """The facilitator's message to the room (empty when none)."""
    at_zero: bool
    """The step's time is up: the group is asked whether to move on."""
    flash: bool
    """At zero, every other half second: the prompt flashes until it is answered (read from
    the clock, so two views of the session flash together and a screenshot is repeatable)."""
    joker_minutes: str | None
    """The joker still available in this step, in minutes (None once used)."""
    nobody_speaks: bool = False
    """A round where nobody has the floor (not opened yet, or left with nobody speaking)."""
    subgroups: tuple[SubgroupLine, ...] = ()
    """During a parallel step of a session in sub-groups: each sub-group, its client named
    (``speakers`` then says who speaks in each); empty otherwise."""


def person_name(setup: SessionSetup, person_id: str | None) -> str:
    """A participant's name, or '?' for an id the setup does not know."""
    person = setup.participant(person_id) if person_id else None
    return person.name if person is not None else "?"


def speakers_text(
    setup: SessionSetup, speakers: Speakers | str | Sequence[Speakers | str], step: Step | None = None
) -> str:
    """Who has the floor during a step, by name ("Zoé (cliente)", "Ana, Ben, Chloé").

    The client is ``step``'s: in a protocol of rounds (Troika), that round's client. A role
    of the protocol's own is named with its title ("Ana (Formateur·rice)"); several speakers
    (a list in format 2) are shown one after the other.
    """
    names = [speakers] if isinstance(speakers, str) else list(speakers)
    return " · ".join(_speaker_text(setup, name, step) for name in names)


def _speaker_text(setup: SessionSetup, speakers: Speakers | str, step: Step | None) -> str:
    # A loaded protocol holds built-in values as Speakers, so a plain text is a role's id.
    role = setup.protocol.speaker_role(speakers)
    if isinstance(speakers, Speakers):
        if role is None or role.title is None:
            return _builtin_text(setup, speakers, step)
    elif role is None:
        return speakers
    holders = [person_name(setup, person_id) for person_id in setup.holders(role, step)]
    if not holders:
        # Read after "Parole :": "personne (sans hôte)", the title inside the sentence.
        return t("room.speakers.role_empty", title=role.in_sentence())
    return t("room.speakers.role", names=", ".join(holders), title=role.label())


def _builtin_text(setup: SessionSetup, speakers: Speakers, step: Step | None) -> str:
    if speakers is Speakers.CLIENT:
        return t("room.speakers.client", name=person_name(setup, client_of_step(setup, step)))
    if speakers is Speakers.FACILITATOR:
        if setup.facilitator_id is None:
            # A protocol whose facilitator is optional (Troika), run without one: said, not "?".
            role = setup.protocol.role_or_builtin(Role.FACILITATOR)
            return t("room.speakers.role_empty", title=role.in_sentence())
        return t("room.speakers.facilitator", name=person_name(setup, setup.facilitator_id))
    if speakers is Speakers.NOBODY:
        return t("room.speakers.nobody")
    if speakers is Speakers.CONSULTANTS:
        # A round's own client is not among its consultants (Troika: the other two are).
        names = [person_name(setup, person_id) for person_id in setup.consultants_of(step)]
        return t("room.speakers.consultants", names=", ".join(names))
    return t("room.speakers.everyone")


_PARALLEL_SPEAKERS = {
    Speakers.CLIENT: "room.subgroups.client",
    Speakers.CONSULTANTS: "room.subgroups.consultants",
    Speakers.EVERYONE: "room.subgroups.everyone",
}
"""Who speaks in each sub-group, said once for them all (each table has its own people)."""


_OUTSIDE_SUBGROUPS = frozenset({Role.FACILITATOR, Role.OBSERVER})
"""Roles nobody holds within a sub-group: they are named as in any other step."""


def _parallel_speaker_text(setup: SessionSetup, speakers: Speakers | str, step: Step) -> str:
    if isinstance(speakers, Speakers):
        key = _PARALLEL_SPEAKERS.get(speakers)
        if key is None:  # silence, or the facilitator (who speaks to every table at once)
            return _speaker_text(setup, speakers, step)
        role = setup.protocol.speaker_role(speakers)
        if role is None or role.title is None:
            return t(key)
    else:
        role = setup.protocol.speaker_role(speakers)
        if role is None:
            return speakers
    if role.meaning in _OUTSIDE_SUBGROUPS:
        return _speaker_text(setup, speakers, step)
    return t("room.subgroups.role", title=role.label())


def in_subgroups(setup: SessionSetup, step: Step) -> bool:
    """Whether ``step`` runs in the session's sub-groups at once (a parallel step, the group
    split): the room then sees every sub-group rather than one speaker."""
    return step.parallel and bool(setup.subgroups)


def subgroup_lines(setup: SessionSetup, step: Step) -> tuple[SubgroupLine, ...]:
    """Each sub-group while ``step`` runs, its client (in a round: that sub-group's round
    client) named with the role, then the others."""
    rule = setup.protocol.subgroups
    if rule is None:  # a setup has sub-groups only for a protocol that splits
        return ()
    client_role = setup.protocol.role_for(Role.CLIENT)
    lines: list[SubgroupLine] = []
    for number, members in enumerate(setup.subgroups, start=1):
        # Outside a round, the session's client is a sub-group's client only among its members.
        found = client_of_step(setup, step, members[0]) if members else None
        client_id = found if found in members else None
        client: str | None = None
        if client_id is not None:
            name = person_name(setup, client_id)
            if client_role is not None and client_role.title is not None:
                client = t("room.speakers.role", names=name, title=client_role.label())
            else:
                client = t("room.speakers.client", name=name)
        others = tuple(person_name(setup, person) for person in members if person != client_id)
        lines.append(SubgroupLine(label=rule.label(number), client=client, others=others))
    return tuple(lines)


def _timer(view: SessionView) -> tuple[str, str, str]:
    current = view.current
    if view.timer is None:
        phase_words = t("room.phase.not_started") if view.status is SessionStatus.NOT_STARTED else ""
        if view.status.is_over:
            phase_words = view.status.label()
        return formatting.clock(current.budget_seconds), "idle", phase_words
    timer = view.timer
    text = formatting.clock(-timer.overtime if timer.overtime > 0 else timer.remaining)
    if view.status is SessionStatus.PAUSED:
        return text, "paused", view.status.label()
    phase = timer.phase.value.replace("_", "-")
    return text, phase, timer.phase.label() if phase != "normal" else ""


def _next_step(view: SessionView) -> str:
    lang = get_lang()
    for step in view.steps[view.current_index + 1 :]:
        if step.status.value != "skipped":
            minutes = formatting.number(round(step.budget_seconds / 60))
            return t("room.next_step", title=step.step.title.get(lang), minutes=minutes)
    return ""


def session_line(view: SessionView) -> str:
    """Late or ahead by how much, and when the session will end."""
    parts: list[str] = []
    minutes = round(view.late_seconds / 60)
    if view.status is not SessionStatus.NOT_STARTED and minutes:
        key = "room.session.late" if minutes > 0 else "room.session.ahead"
        parts.append(t(key, minutes=formatting.number(abs(minutes))))
    if view.forecast_end is not None and not view.status.is_over:
        end = dt.datetime.fromtimestamp(view.forecast_end).strftime("%H:%M")
        parts.append(t("room.session.end", time=end))
    return " · ".join(parts)


def _notes(setup: SessionSetup, view: SessionView) -> tuple[RoomNote, ...]:
    allowed = set(view.room.note_kinds)
    step_id = view.current.step.id
    shown = [note for note in view.notes if note.step_id == step_id and note.kind in allowed]
    return tuple(
        RoomNote(kind=kind_label(note.kind), author=person_name(setup, note.author_id), text=note.text)
        for note in shown[-ROOM_NOTES_SHOWN:]
    )


def room_picture(setup: SessionSetup, view: SessionView) -> RoomPicture:
    """What the room sees of ``view`` (a session of ``setup``), in the current language."""
    lang = get_lang()
    step = view.current.step
    timer, phase, phase_words = _timer(view)
    turns = view.turns
    nobody_speaks = turns is not None and turns.speaker_id is None
    parallel = in_subgroups(setup, step)
    if parallel:
        names = [step.speakers] if isinstance(step.speakers, str) else list(step.speakers)
        speakers = " · ".join(_parallel_speaker_text(setup, name, step) for name in names)
    else:
        speakers = speakers_text(setup, step.speakers, step)
    if nobody_speaks:
        # In the line every view already shows, so that no room can miss it.
        speakers = t("room.nobody_speaks", who=speakers)
    turn_lines: tuple[TurnLine, ...] = ()
    if turns is not None:
        turn_lines = tuple(
            TurnLine(
                name=person_name(setup, person_id),
                seconds=view.airtime_step.get(person_id, 0.0),
                speaking=person_id == turns.speaker_id,
            )
            for person_id in turns.order
        )
    joker_used = view.current.joker_used
    return RoomPicture(
        screen=view.room.screen,
        status=view.status,
        step_number=view.current_index + 1,
        step_total=len(view.steps),
        step_title=step.title.get(lang),
        timer=timer,
        phase=phase,
        phase_words=phase_words,
        speakers=speakers,
        speaker=person_name(setup, turns.speaker_id) if turns is not None and turns.speaker_id else None,
        next_speaker=person_name(setup, turns.next_speaker_id) if turns is not None else None,
        allowed=tuple(step.allowed.get(lang)),
        forbidden=tuple(step.forbidden.get(lang)),
        turns=turn_lines,
        next_step=_next_step(view),
        session_line=session_line(view),
        notes=_notes(setup, view),
        message=view.room.message,
        at_zero=view.at_zero,
        flash=view.at_zero and int(view.now * 2) % 2 == 0,
        joker_minutes=None if joker_used else formatting.number(round(setup.joker_seconds / 60, 1)),
        nobody_speaks=nobody_speaks,
        subgroups=_subgroups_shown(setup, view, parallel),
    )


def _subgroups_shown(setup: SessionSetup, view: SessionView, parallel: bool) -> tuple[SubgroupLine, ...]:
    # During a parallel step, each sub-group at work; just before the first of them (Troika's
    # "forming the trios"), the sub-groups to form, so that people find their table.
    if parallel:
        return subgroup_lines(setup, view.current.step)
    following = view.current_index + 1
    if following < len(view.steps) and in_subgroups(setup, view.steps[following].step):
        return subgroup_lines(setup, view.steps[following].step)
    return ()


def kind_label(kind: NoteKind) -> str:
    """A note kind in words, as the room sees it."""
    return t(f"room.kind.{kind.value}")
