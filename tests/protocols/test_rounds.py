"""Repeated rounds: ``rounds = N`` and ``repeat = true`` on the steps that repeat.

The loader expands such a protocol into plain steps (ids ``-r1``, ``-r2``…, titles numbered
through the catalog), so that the engine, timers, views and journal never see a round.
"""

from __future__ import annotations

import pytest

from codev.core.i18n import set_lang
from codev.core.protocol.loader import ProtocolError, parse_protocol
from codev.core.protocol.model import Protocol

HEADER = """\
id = "trio"
rounds = {rounds}
[title]
fr = "Trio"
en = "Trio"
[description]
fr = "Un trio."
en = "A trio."
"""

OPENING = """
[[steps]]
id = "opening"
minutes = 2
speakers = "facilitator"
title = {fr = "Ouverture", en = "Opening"}
instructions = {fr = "Ouvrir.", en = "Open."}
"""

QUESTION = """
[[steps]]
id = "question"
minutes = 1.5
min_minutes = 1
speakers = "client"
notes = ["contract"]
repeat = true
title = {fr = "Question", en = "Question"}
instructions = {fr = "Poser.", en = "Ask."}
"""

ADVICE = """
[[steps]]
id = "advice"
minutes = 5
speakers = "consultants"
notes = ["suggestion"]
repeat = true
title = {fr = "Conseils"}
instructions = {fr = "Conseiller.", en = "Advise."}
"""


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def _problems(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "trio.toml")
    return [str(problem) for problem in caught.value.problems]


def test_repeated_steps_are_expanded_into_numbered_plain_steps() -> None:
    protocol = parse_protocol(HEADER.format(rounds=3) + OPENING + QUESTION + ADVICE, "trio.toml")
    assert [step.id for step in protocol.steps] == [
        "opening",
        "question-r1",
        "advice-r1",
        "question-r2",
        "advice-r2",
        "question-r3",
        "advice-r3",
    ]
    assert [step.round for step in protocol.steps] == [None, 1, 1, 2, 2, 3, 3]
    assert [step.minutes for step in protocol.steps] == [2, 1.5, 5, 1.5, 5, 1.5, 5]
    assert protocol.step("question-r2").min_minutes == 1
    assert protocol.step("question-r3").title.fr == "Tour 3 — Question"
    assert protocol.step("question-r3").title.en == "Round 3 — Question"
    # A language the trainer did not write stays missing (the other one shows instead).
    assert protocol.step("advice-r2").title.en is None
    assert protocol.step("advice-r2").title.get("en") == "Tour 2 — Conseils"
    assert protocol.rounds == 3 and protocol.total_minutes == 2 + 3 * 6.5
    assert not any(step.repeat for step in protocol.steps)


def test_an_expanded_protocol_validates_again_unchanged_as_a_journal_reads_it() -> None:
    protocol = parse_protocol(HEADER.format(rounds=2) + QUESTION + ADVICE, "trio.toml")
    again = Protocol.model_validate_json(protocol.model_dump_json())
    assert again == protocol
    assert [step.id for step in again.steps] == ["question-r1", "advice-r1", "question-r2", "advice-r2"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1", "trio.toml:2: rounds: must be greater than or equal to 2"),
        ("0", "trio.toml:2: rounds: must be greater than or equal to 2"),
        ("13", "trio.toml:2: rounds: must be less than or equal to 12"),
        ('"3"', "trio.toml:2: rounds: a whole number is expected"),
    ],
)
def test_a_bad_rounds_value_is_located(value: str, message: str) -> None:
    assert _problems(HEADER.format(rounds=value) + QUESTION) == [message]


def test_repeat_without_rounds_and_rounds_without_repeat_are_located() -> None:
    no_rounds = HEADER.replace("rounds = {rounds}\n", "") + OPENING + QUESTION
    assert _problems(no_rounds) == [
        "trio.toml:22: steps.2.repeat: a step repeats only when the protocol says how many rounds "
        "(rounds = 3 at the top of the file)"
    ]
    assert _problems(HEADER.format(rounds=3) + OPENING) == [
        "trio.toml:2: rounds: no step repeats: add repeat = true to the steps of a round"
    ]


def test_repeated_steps_must_follow_each_other() -> None:
    text = HEADER.format(rounds=2) + QUESTION + OPENING + ADVICE
    assert _problems(text) == [
        "trio.toml:32: steps.3.repeat: the steps that repeat must follow each other "
        "(step 2, between them, does not repeat)"
    ]


def test_an_expanded_id_taken_by_another_step_is_located() -> None:
    taken = OPENING.replace('id = "opening"', 'id = "question-r2"')
    assert _problems(HEADER.format(rounds=2) + taken + QUESTION) == [
        "trio.toml:18: steps.2.id: step id 'question-r2' is already used by step 1"
    ]
