"""Optional keys added to the protocol format: protected steps, the protocol's joker, silence.

Every one is optional, so a file written before them reads as it did.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_support import make_engine, make_setup, protocol, step

from codev.core.i18n import set_lang
from codev.core.protocol.loader import ProtocolError, load_protocol, parse_protocol
from codev.core.protocol.model import Speakers
from codev.core.room import room_picture
from codev.core.session import Start
from codev.core.session_settings import apply_session_settings

PROTOCOLS = Path(__file__).parents[2] / "protocols"

HEAD = 'id = "x"\ntitle = { fr = "X" }\ndescription = { fr = "X" }\n'
STEP = '[[steps]]\nid = "a"\ntitle = { fr = "A" }\ninstructions = { fr = "Faire" }\nminutes = 10\n'


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def problems(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "x.toml")
    return [str(problem) for problem in caught.value.problems]


# --- protected steps --------------------------------------------------------------------------


def test_a_protected_step_reads_and_cannot_shrink() -> None:
    proto = parse_protocol(HEAD + STEP + 'speakers = "everyone"\nprotected = true\n', "x.toml")
    assert proto.steps[0].protected
    assert proto.steps[0].floor_minutes == 10


def test_a_protected_step_with_a_floor_is_refused_with_its_line() -> None:
    text = HEAD + STEP + 'min_minutes = 5\nspeakers = "everyone"\nprotected = true\n'
    assert problems(text) == [
        "x.toml:9: steps.1.min_minutes: a protected step is never shortened: remove min_minutes or protected"
    ]
    set_lang("fr")
    assert problems(text) == [
        "x.toml:9: steps.1.min_minutes: une étape protégée n’est jamais raccourcie : "
        "retirez min_minutes ou protected"
    ]


def test_protected_must_be_a_boolean() -> None:
    assert problems(HEAD + STEP + 'speakers = "everyone"\nprotected = "yes"\n') == [
        "x.toml:10: steps.1.protected: true or false is expected"
    ]


def test_the_catch_up_plan_never_cuts_a_protected_step() -> None:
    proto = protocol(
        step("expose", 10, floor=5),
        step("consultation", 30, floor=10),
        step("feedback", 15, turns="everyone") | {"protected": True},
    )
    engine, clock = make_engine(proto)
    engine.apply(Start())
    clock.advance(600 + 3000)  # 50 minutes late: even every floor is not enough
    proposal = engine.view().catch_up
    assert proposal is not None and not proposal.feasible
    assert [item.step_id for item in proposal.items] == ["consultation"]


@pytest.mark.parametrize("name", ["codev", "codev-express", "codev-suivi"])
def test_the_built_in_feedback_steps_are_protected(name: str) -> None:
    proto = load_protocol(PROTOCOLS / f"{name}.toml")
    feedback = proto.step("feedback")
    assert feedback.protected and feedback.min_minutes is None


# --- the protocol's joker ---------------------------------------------------------------------


def test_a_protocol_gives_its_joker() -> None:
    proto = parse_protocol("joker_minutes = 3.5\n" + HEAD + STEP + 'speakers = "everyone"\n', "x.toml")
    assert proto.joker_minutes == 3.5
    assert parse_protocol(HEAD + STEP + 'speakers = "everyone"\n', "x.toml").joker_minutes is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "must be greater than 0"),
        ("31", "must be less than or equal to 30"),
        ("inf", "a finite number is expected (neither inf nor nan)"),
        ('"2"', "a number is expected"),
    ],
)
def test_a_protocol_joker_out_of_bounds_is_refused(value: str, message: str) -> None:
    assert problems(f"joker_minutes = {value}\n" + HEAD + STEP + 'speakers = "everyone"\n') == [
        f"x.toml:1: joker_minutes: {message}"
    ]


def test_the_users_joker_wins_then_the_protocols_then_codevs() -> None:
    plain = make_setup()
    assert apply_session_settings(plain, None).joker_seconds == 120
    assert apply_session_settings(plain, 4).joker_seconds == 240
    own = make_setup(protocol(step("expose", 10)).model_copy(update={"joker_minutes": 5.0}))
    assert apply_session_settings(own, None).joker_seconds == 300
    assert apply_session_settings(own, 4).joker_seconds == 240


# --- silence ------------------------------------------------------------------------------------


def test_a_step_of_silence_says_nobody_speaks_in_both_languages() -> None:
    engine, _ = make_engine(protocol(step("silence", 2, speakers="nobody"), step("fin", 5)))
    engine.apply(Start())
    picture = room_picture(engine.setup, engine.view())
    assert picture.speakers == "silence: nobody speaks"
    assert picture.turns == () and picture.speaker is None
    set_lang("fr")
    assert room_picture(engine.setup, engine.view()).speakers == "silence : personne ne parle"


def test_a_round_in_a_step_of_silence_is_refused() -> None:
    text = HEAD + STEP + 'speakers = "nobody"\n[steps.turns]\nwho = "everyone"\n'
    assert problems(text) == ["x.toml:10: steps.1.turns: nobody speaks in this step: no turns to take"]
    set_lang("fr")
    assert problems(text) == [
        "x.toml:10: steps.1.turns: personne ne parle dans cette étape : pas de tour de table possible"
    ]


def test_case_clinic_stillness_is_silent() -> None:
    proto = load_protocol(PROTOCOLS / "case-clinic.toml")
    assert proto.step("silence").speakers is Speakers.NOBODY
