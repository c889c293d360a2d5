"""Rounds once per member of a role (``rounds = "presenter"``): Revans' action learning set
gives one slot to each of the day's presenters, however many there are.

The loaded protocol shows the round once; ``Protocol.with_rounds(n)`` writes it out for the
day's n presenters, and the set-up keeps that protocol, so that a journal replays exactly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.logbook import LogbookStore
from codev.core.protocol.loader import ProtocolError, load_protocol, parse_protocol
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.session import AddNote, Finish, NextStep, Participant, SessionEngine, SessionSetup, Start
from codev.core.session.model import ActionDetails, client_of_step, rotating_round_clients
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

ALS = Path(__file__).parents[2] / "protocols" / "action-learning-set.toml"
SLOT = ("point", "questionnement", "actions", "retour")
T0 = 1_767_258_000.0  # 2026-01-01 09:00 UTC
TODAY = dt.date(2026, 1, 1)

SET = tuple(
    Participant(id=pid, name=name)
    for pid, name in (
        ("ana", "Ana"),
        ("ben", "Ben"),
        ("chloe", "Chloé"),
        ("dora", "Dora"),
        ("emile", "Émile"),
        ("fatou", "Fatou"),
    )
)


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def _als() -> Protocol:
    return load_protocol(ALS, ALS.name)


def _ids(protocol: Protocol) -> list[str]:
    return [step.id for step in protocol.steps]


def _slots(count: int) -> list[str]:
    return [f"{part}-r{number}" for number in range(1, count + 1) for part in SLOT]


# --- Loading and writing out ------------------------------------------------------------------


def test_the_loaded_protocol_shows_the_round_once() -> None:
    protocol = _als()
    assert protocol.rounds == "presenter"
    assert _ids(protocol) == ["ouverture", "compte-rendu", *_slots(1), "revue"]
    assert protocol.round_count == 1
    role = protocol.round_role
    assert role is not None and role.id == "presenter" and role.label("en") == "Presenter"
    # Totals count one slot: 10 + 20 + (10 + 30 + 10 + 5) + 20.
    assert protocol.total_minutes == 105
    assert protocol.step("point-r1").title.get("fr") == "Tour 1 — Exposé du présentateur"
    assert not any(step.repeat for step in protocol.steps)


def test_with_rounds_writes_the_round_out_once_per_presenter() -> None:
    protocol = _als().with_rounds(4)
    assert protocol.rounds == "presenter"
    assert _ids(protocol) == ["ouverture", "compte-rendu", *_slots(4), "revue"]
    assert protocol.round_count == 4
    assert protocol.total_minutes == 10 + 20 + 4 * 55 + 20
    fourth = protocol.step("point-r4")
    assert fourth.round == 4
    assert fourth.title.get("fr") == "Tour 4 — Exposé du présentateur"
    assert fourth.title.get("en") == "Round 4 — Presenting the problem"
    assert fourth.minutes == 10 and fourth.min_minutes == 7 and fourth.speakers == "presenter"
    assert protocol.step("questionnement-r3").wrap_up_minutes == 5
    # One presenter: the protocol as loaded.
    assert _als().with_rounds(1) == _als()


def test_a_protocol_read_back_from_a_journal_is_the_same_and_writes_out_the_same() -> None:
    four = _als().with_rounds(4)
    again = Protocol.model_validate_json(four.model_dump_json())
    assert again == four
    assert again.with_rounds(4) == four
    assert again.with_rounds(2) == _als().with_rounds(2)
    assert four.with_rounds(1) == _als()


@pytest.mark.parametrize("count", [0, -1, 12, 13])
def test_with_rounds_refuses_a_count_the_protocol_cannot_hold(count: int) -> None:
    # 3 steps + 4 per slot: 11 slots fit in the 50 steps, not 12.
    protocol = _als()
    assert protocol.most_rounds == 11
    with pytest.raises(ValueError, match="rounds"):
        protocol.with_rounds(count)


def test_with_rounds_is_for_rounds_per_member_only() -> None:
    troika = load_protocol(ALS.with_name("troika.toml"))
    assert troika.round_count == 3 and troika.round_role is None
    with pytest.raises(ValueError, match="rounds"):
        troika.with_rounds(2)


# --- Mistakes, with their line ----------------------------------------------------------------

BASE = """\
format = {format}
id = "set"
roles = [
    {{ id = "presenter", meaning = "client", title = {{ fr = "Présentateur", en = "Presenter" }} }},
    "consultant",
    {{ id = "adviser", meaning = "facilitator", title = {{ en = "Adviser" }} }},
]
rounds = {rounds}
title = {{ en = "Set" }}
description = {{ en = "A set." }}

[[steps]]
id = "{first}"
minutes = 10
speakers = "everyone"
title = {{ en = "Opening" }}
instructions = {{ en = "Open." }}

[[steps]]
id = "point"
repeat = true
minutes = 10
speakers = "presenter"
title = {{ en = "Point" }}
instructions = {{ en = "Present." }}
"""


def _problems(lang: str = "en", **values: object) -> list[str]:
    set_lang(lang)
    text = BASE.format(**({"format": 2, "rounds": '"presenter"', "first": "ouverture"} | values))
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "set.toml")
    return [str(problem) for problem in caught.value.problems]


def test_a_file_with_rounds_per_presenter_loads() -> None:
    text = BASE.format(format=2, rounds='"presenter"', first="ouverture")
    assert _ids(parse_protocol(text, "set.toml")) == ["ouverture", "point-r1"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"rounds": '"speaker"'},
            "set.toml:8: rounds: no role 'speaker' is declared in roles:"
            " the rounds follow a role meaning client (such as 'presenter')",
        ),
        (
            {"rounds": '"adviser"'},
            "set.toml:8: rounds: role 'adviser' means facilitator: rounds repeat once per member"
            " of a role meaning client",
        ),
        ({"format": 1, "rounds": '"client"'}, "set.toml:8: rounds: needs format = 2 at the top of the file"),
        # A step written by hand with the id a later slot takes.
        ({"first": "point-r3"}, "set.toml:20: steps.2.id: step id 'point-r3' is already used by step 1"),
    ],
)
def test_mistakes_are_refused_with_their_line(values: dict[str, object], expected: str) -> None:
    problems = _problems(**values)
    assert expected in problems, problems


def test_the_refusals_are_translated() -> None:
    (problem,) = _problems("fr", rounds='"adviser"')
    assert problem == (
        "set.toml:8: rounds: le rôle «\u00a0adviser\u00a0» signifie animateur\u00a0: les tours se répètent"
        " une fois par membre d’un rôle qui signifie client"
    )
    (problem,) = _problems("de", rounds='"speaker"')
    assert "speaker" in problem and "no role" not in problem
    (problem,) = _problems("nl", rounds='"speaker"')
    assert "speaker" in problem and "no role" not in problem


# --- A session of four presenters, end to end --------------------------------------------------


def _setup(presenters: tuple[str, ...]) -> SessionSetup:
    return SessionSetup(
        group="Set Revans",
        protocol=_als().with_rounds(len(presenters)),
        date=TODAY,
        participants=SET,
        client_id=presenters[0],
        facilitator_id="fatou",
        round_clients=presenters,
    )


def test_round_clients_are_the_presenters_one_per_round() -> None:
    setup = _setup(("ben", "dora", "ana", "emile"))
    slots = [step for step in setup.protocol.steps if step.round is not None]
    assert [client_of_step(setup, step) for step in slots[::4]] == ["ben", "dora", "ana", "emile"]
    # The loaded protocol has one round: four presenters need it written out four times.
    with pytest.raises(ValueError, match="1 rounds need 1 clients"):
        SessionSetup(**{**dict(setup), "protocol": _als()})
    assert rotating_round_clients(_als().with_rounds(3), [p.id for p in SET], "ben", ("fatou",)) == (
        "ben",
        "chloe",
        "dora",
    )


def test_four_presenters_run_four_slots_and_each_keeps_their_own_actions(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    presenters = ("ben", "dora", "ana", "emile")
    setup = _setup(presenters)
    clock = FakeClock(T0)
    engine = SessionEngine.create(setup, clock, workspace)
    store = LogbookStore.for_workspace(workspace)
    control = SessionController(engine, store=store)
    assert control.send(Start()) is None
    deadline = ActionDetails(deadline=(TODAY + dt.timedelta(days=28)).isoformat())
    steps = setup.protocol.steps
    for index, step in enumerate(steps):
        assert control.view().current is not None and control.view().current.step.id == step.id
        if step.round is not None and NoteKind.CONTRACT in step.notes:
            note = AddNote(kind=NoteKind.CONTRACT, author_id="fatou", text=f"contract {step.round}")
            assert control.send(note) is None
        if step.round is not None and step.notes[0] is NoteKind.ACTION:
            # Typed by the set adviser: the action is the slot's presenter's.
            note = AddNote(
                kind=NoteKind.ACTION, author_id="fatou", text=f"action {step.round}", action=deadline
            )
            assert control.send(note) is None
        clock.advance(step.minutes * 60)
        assert control.send(Finish() if index == len(steps) - 1 else NextStep()) is None
    assert control.view().status.is_over
    path = engine.journal_path
    assert path is not None
    replayed = SessionEngine.load(path, FakeClock(clock.now()))
    assert replayed.setup == setup
    assert _ids(replayed.setup.protocol) == ["ouverture", "compte-rendu", *_slots(4), "revue"]
    assert replayed.view() == control.view()
    assert control.finish(str(tmp_path)).problems == ()
    for number, person_id in enumerate(presenters, start=1):
        name = setup.participant(person_id).name  # type: ignore[union-attr]
        (entry,) = store.load("Set Revans", name).sessions
        assert [action.objective for action in entry.actions] == [f"action {number}"], name
        assert entry.contract == f"contract {number}", name
    for name in ("Chloé", "Fatou"):
        (entry,) = store.load("Set Revans", name).sessions
        assert (entry.actions, entry.contract) == ([], ""), name
