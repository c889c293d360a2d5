"""Checks that need a group size or a time box (format 2's ``people`` and ``time_box_minutes``),
and the other mistakes of the issue's list: each is a ``FILE:LINE: field.path: message`` line
of ``codev protocol check``, in the user's language; the set-up refuses a group outside
``people``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from codev.core.i18n import set_lang
from codev.core.protocol.loader import ProtocolError, parse_protocol
from codev.core.protocol.model import Protocol
from codev.core.session.model import Participant, SessionSetup, setup_refusal

HEADER = """\
format = {format}
id = "atelier"
{top}
title = {{ fr = "Atelier", en = "Workshop" }}
description = {{ fr = "Un atelier.", en = "A workshop." }}
"""

STEP = """
[[steps]]
id = "{id}"
minutes = {minutes}
speakers = {speakers}
title = {{ fr = "Étape", en = "Step" }}
instructions = {{ fr = "Faire.", en = "Do." }}
{extra}
"""


def _text(top: str, *steps: str, format: int = 2) -> str:
    return HEADER.format(format=format, top=top) + "".join(steps)


def _step(step_id: str, minutes: float = 10, speakers: str = '"client"', extra: str = "") -> str:
    return STEP.format(id=step_id, minutes=minutes, speakers=speakers, extra=extra)


def _problems(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "atelier.toml")
    return [str(problem) for problem in caught.value.problems]


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


# --- people -------------------------------------------------------------------------------------


def test_people_and_time_box_load_in_format_2() -> None:
    protocol = parse_protocol(
        _text("people = { min = 3, max = 12 }\ntime_box_minutes = 60", _step("a", 20), _step("b", 30)),
        "atelier.toml",
    )
    assert protocol.people is not None
    assert (protocol.people.min, protocol.people.max) == (3, 12)
    assert protocol.time_box_minutes == 60
    # Either bound alone: no lower bound, or none above.
    only_min = parse_protocol(_text("people = { min = 4 }", _step("a")), "atelier.toml")
    assert only_min.people is not None and (only_min.people.min, only_min.people.max) == (4, 100)
    only_max = parse_protocol(_text("people = { max = 4 }", _step("a")), "atelier.toml")
    assert only_max.people is not None and (only_max.people.min, only_max.people.max) == (1, 4)


def test_people_and_time_box_need_format_2() -> None:
    text = _text("people = { min = 3 }\ntime_box_minutes = 60", _step("a")).replace("format = 2\n", "")
    assert _problems(text) == [
        "atelier.toml:2: people: needs format = 2 at the top of the file",
        "atelier.toml:3: time_box_minutes: needs format = 2 at the top of the file",
    ]


def test_people_values_are_whole_numbers_in_range_min_not_above_max() -> None:
    assert _problems(_text("people = { min = 0, max = 101 }", _step("a"))) == [
        "atelier.toml:3: people.min: must be greater than or equal to 1",
        "atelier.toml:3: people.max: must be less than or equal to 100",
    ]
    assert _problems(_text("people = { min = 2.5 }", _step("a"))) == [
        "atelier.toml:3: people.min: a whole number is expected"
    ]
    assert _problems(_text("people = { min = 8, max = 6 }", _step("a"))) == [
        "atelier.toml:3: people.min: min (8) is more than max (6)"
    ]
    assert _problems(_text("people = { most = 6 }", _step("a"))) == [
        "atelier.toml:3: people.most: unknown key (a typo?)"
    ]


def test_more_roles_that_must_be_given_than_people_who_come() -> None:
    # The client and the facilitator are two people; the scribe may be either of them.
    roles = (
        'roles = ["client", "consultant", "facilitator",'
        ' { id = "scribe", meaning = "scribe", count = "one" }]\npeople = { max = 2 }'
    )
    parse_protocol(_text(roles, _step("a")), "atelier.toml")
    assert _problems(_text(roles.replace("max = 2", "max = 1"), _step("a"))) == [
        "atelier.toml:4: people.max: 2 roles must be held by different people (client, facilitator)"
        " but at most 1 person comes"
    ]
    set_lang("fr")
    assert _problems(_text(roles.replace("max = 2", "max = 1"), _step("a"))) == [
        "atelier.toml:4: people.max: 2 rôles doivent être tenus par des personnes différentes"
        " (client, facilitator) mais 1 personne au plus vient"
    ]


def test_a_role_a_step_gives_the_floor_to_but_the_set_up_can_never_give() -> None:
    # Client and facilitator take both places: nobody is left to be the observer who speaks
    # (an observer is neither; a scribe could be either of them, see below).
    text = _text(
        'roles = ["client", "consultant", "facilitator", "observer"]\npeople = { max = 2 }',
        _step("a"),
        _step("b", speakers='["facilitator", "observer"]'),
    )
    line = _line_of(text, '["facilitator", "observer"]')
    assert _problems(text) == [
        f"atelier.toml:{line}: steps.2.speakers.2: nobody is left to hold role 'observer':"
        " the roles held by different people (client, facilitator) take all 2 people"
    ]
    # One more place, or a scribe instead, whom the facilitator may be: the step can be held.
    parse_protocol(text.replace("max = 2", "max = 3"), "atelier.toml")
    parse_protocol(text.replace('"observer"', '"scribe"'), "atelier.toml")
    # The consultants are everyone left (the facilitator consults in a small group): no check.
    parse_protocol(text.replace('["facilitator", "observer"]', '"consultants"'), "atelier.toml")


def test_a_role_required_but_never_given_without_people_is_a_speaker_of_no_role() -> None:
    # Without people, any declared role can be given: what can never be is a meaning no role has.
    text = _text('roles = ["consultant", "facilitator"]', _step("a"))
    assert _problems(text) == [
        f"atelier.toml:{_line_of(text, 'speakers')}: steps.1.speakers: no role of this protocol"
        " means client: nobody could ever speak here"
    ]


def test_a_sub_group_larger_than_the_group() -> None:
    if "subgroups" not in Protocol.model_fields:
        pytest.skip("sub-groups are not in the protocol model yet")
    # [subgroups] is a table: after the top-level keys, before the steps.
    text = (
        HEADER.format(format=2, top="people = { max = 3 }")
        + "[subgroups]\nsize = 4\n"
        + _step("a", speakers='"everyone"')
    )
    assert _problems(text) == [
        f"atelier.toml:{_line_of(text, 'size = 4')}: subgroups.size: a sub-group of 4 is larger than"
        " the group (at most 3 people)"
    ]
    parse_protocol(text.replace("max = 3", "max = 4"), "atelier.toml")


# --- time box -----------------------------------------------------------------------------------


def test_time_box_bounds() -> None:
    assert _problems(_text("time_box_minutes = 0", _step("a"))) == [
        "atelier.toml:3: time_box_minutes: must be greater than 0"
    ]
    assert _problems(_text("time_box_minutes = 1441", _step("a"))) == [
        "atelier.toml:3: time_box_minutes: must be less than or equal to 1440"
    ]


def test_steps_longer_than_the_time_box() -> None:
    text = _text("time_box_minutes = 45", _step("a", 20, extra="min_minutes = 10"), _step("b", 30))
    assert _problems(text) == [
        "atelier.toml:3: time_box_minutes: the steps take 50 min, more than the time box (45 min)"
    ]
    parse_protocol(text.replace("= 45", "= 50"), "atelier.toml")
    set_lang("fr")
    assert _problems(text) == [
        "atelier.toml:3: time_box_minutes: les étapes durent 50 min, plus que le temps imparti (45 min)"
    ]


def test_rounds_count_in_the_time_box() -> None:
    text = _text(
        "rounds = 3\ntime_box_minutes = 20",
        _step("opening", 2, speakers='"facilitator"'),
        _step("question", 6, extra="repeat = true"),
    )
    # 2 + 3 × 6 = 20: the rounds written out fit a box of 20, not one of 19.
    assert parse_protocol(text, "atelier.toml").total_minutes == 20
    assert _problems(text.replace("= 20", "= 19")) == [
        "atelier.toml:4: time_box_minutes: the steps take 20 min, more than the time box (19 min)"
    ]


def test_protected_steps_that_cannot_fit_in_the_time_box() -> None:
    text = _text(
        "time_box_minutes = 30",
        _step("a", 20, extra="min_minutes = 12"),
        _step("b", 10, extra="protected = true"),
        _step("c", 10, extra="protected = true"),
    )
    line = _line_of(text, "protected = true")
    assert _problems(text) == [
        f"atelier.toml:{line}: steps.2.protected: the protected steps cannot fit in the time box:"
        " 20 min protected and at least 12 min for the other steps make 32 min, more than 30 min"
    ]
    # When the floors fit, only the planned total is too long.
    assert _problems(text.replace("min_minutes = 12", "min_minutes = 10")) == [
        "atelier.toml:3: time_box_minutes: the steps take 40 min, more than the time box (30 min)"
    ]
    set_lang("de")
    assert _problems(text)[0].endswith(
        "die geschützten Schritte passen nicht in den Zeitrahmen: 20 min geschützt und mindestens"
        " 12 min für die übrigen Schritte ergeben 32 min, mehr als 30 min"
    )


def test_decimal_minutes_that_add_up_to_the_time_box_fit() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floating point: still within a box of 0.3.
    parse_protocol(
        _text("time_box_minutes = 0.3", _step("a", 0.1), _step("b", 0.2, extra="protected = true")),
        "atelier.toml",
    )


# --- a round with no steps ----------------------------------------------------------------------


def test_a_round_with_no_steps() -> None:
    text = _text("rounds = 3", _step("a"))
    assert _problems(text) == [
        "atelier.toml:3: rounds: no step repeats: add repeat = true to the steps of a round"
    ]


# --- the set-up ---------------------------------------------------------------------------------


def _setup(protocol: Protocol, people: int) -> SessionSetup:
    return SessionSetup(
        group="Groupe",
        protocol=protocol,
        date=dt.date(2026, 3, 2),
        participants=tuple(Participant(id=f"p{i}", name=f"P{i}") for i in range(people)),
        client_id="p0",
        facilitator_id="p1",
    )


def test_the_set_up_refuses_too_few_or_too_many_people() -> None:
    protocol = parse_protocol(_text("people = { min = 3, max = 5 }", _step("a")), "atelier.toml")
    refusal = setup_refusal(_setup(protocol, 2))
    assert refusal is not None
    assert refusal.message == "Too few people for this protocol: it needs at least 3 (present: 2)."
    refusal = setup_refusal(_setup(protocol, 6))
    assert refusal is not None
    assert refusal.message == "Too many people for this protocol: it takes at most 5 (present: 6)."
    assert setup_refusal(_setup(protocol, 3)) is None
    assert setup_refusal(_setup(protocol, 5)) is None
    set_lang("nl")
    refusal = setup_refusal(_setup(protocol, 2))
    assert refusal is not None
    assert refusal.message == "Te weinig mensen voor dit protocol: er zijn er minstens 3 nodig (aanwezig: 2)."


def test_rounds_once_per_member_of_a_role_nobody_is_left_to_hold() -> None:
    text = _text(
        'roles = [{ id = "presenter", meaning = "client", count = "at_most_one", title.en = "Presenter" },'
        ' "consultant", "facilitator"]\npeople = { max = 1 }\nrounds = "presenter"',
        _step("slot", speakers='"facilitator"', extra="repeat = true"),
    )
    assert _problems(text) == [
        f"atelier.toml:{_line_of(text, 'rounds = ')}: rounds: nobody is left to hold role 'presenter':"
        " the role that must be given (facilitator) takes the only person"
    ]
    parse_protocol(text.replace("max = 1", "max = 2"), "atelier.toml")
