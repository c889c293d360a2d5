"""A client per round: ``SessionSetup.round_clients`` names who is the client of each round.

Ownership goes through ``client_of_step``, so each round's contract, questions, suggestions
and actions reach that round's client's carnet — the Troika issue's "Done means".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_support import T0, make_setup, protocol, step
from owners_support import started
from pydantic import ValidationError

from codev.core.i18n import set_lang
from codev.core.protocol.loader import load_protocol
from codev.core.protocol.model import NoteKind, Protocol, Speakers
from codev.core.room import speakers_text
from codev.core.session import AddNote, Participant, SessionSetup
from codev.core.session.model import client_of_step, default_owner, rotating_round_clients
from codev.core.session_controller import SessionController

TROIKA = Path(__file__).parents[2] / "protocols" / "troika.toml"

QUARTET = (
    Participant(id="ana", name="Ana"),
    Participant(id="ben", name="Ben"),
    Participant(id="chloe", name="Chloé"),
    Participant(id="dora", name="Dora"),
)


def _rounds(count: int = 3) -> Protocol:
    repeated = step("question", 5)
    repeated["repeat"] = True
    return Protocol.model_validate(
        {
            "id": "rounds",
            "rounds": count,
            "title": {"fr": "Tours"},
            "description": {"fr": "Des tours."},
            "steps": [step("opening", 5), repeated],
        }
    )


def _setup(proto: Protocol, **overrides: object) -> SessionSetup:
    values: dict[str, object] = {"participants": QUARTET, "client_id": "ana", "facilitator_id": "dora"}
    values.update(overrides)
    return make_setup(proto, **values)


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def test_each_round_has_its_own_client_and_other_steps_the_sessions() -> None:
    setup = _setup(_rounds(), round_clients=("ben", "chloe", "ana"))
    steps = setup.protocol.steps
    assert [client_of_step(setup, item) for item in steps] == ["ana", "ben", "chloe", "ana"]
    assert default_owner(setup, steps[2], NoteKind.CONTRACT, "dora") == "chloe"
    assert default_owner(setup, steps[2], NoteKind.LEARNING, "dora") == "dora"


def test_without_round_clients_the_session_client_is_every_rounds() -> None:
    setup = _setup(_rounds())
    assert [client_of_step(setup, item) for item in setup.protocol.steps] == ["ana"] * 4


@pytest.mark.parametrize(
    ("proto", "clients", "message"),
    [
        (_rounds(3), ("ben", "chloe"), "3 rounds need 3 clients, one per round (2 given)"),
        (_rounds(2), ("ben", "zz"), "“zz” is not one of the participants"),
        (protocol(step("expose", 5)), ("ben",), "this protocol has no rounds: it has no client per round"),
    ],
)
def test_round_clients_are_known_people_one_per_round(
    proto: Protocol, clients: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _setup(proto, round_clients=clients)
    assert message in str(caught.value)


def test_a_troika_gives_each_rounds_client_their_own_contract_and_actions(tmp_path: Path) -> None:
    troika = load_protocol(TROIKA)
    setup = _setup(troika, round_clients=("ana", "ben", "chloe"))
    control, store = started(tmp_path, setup, at=T0)
    for number, person in enumerate(QUARTET[:3], start=1):
        _note(control, NoteKind.CONTRACT, "dora", f"Aidez-moi, dit {person.name}", f"question-r{number}")
        _note(control, NoteKind.QUESTION, person.id, f"Comment faire, {person.name} ?", f"question-r{number}")
        _note(control, NoteKind.SUGGESTION, "dora", f"Essayer, {person.name}", f"consultation-r{number}")
        _note(control, NoteKind.ACTION, person.id, f"Premier pas de {person.name}", f"reflection-r{number}")
    assert control.finish(str(tmp_path)).problems == ()
    for person in QUARTET[:3]:
        (entry,) = store.load("Groupe « Cap » / 2024", person.name).sessions
        assert entry.contract == f"Aidez-moi, dit {person.name}"
        assert entry.question == f"Comment faire, {person.name} ?"
        assert [(s.author, s.text) for s in entry.suggestions_received] == [
            ("Dora", f"Essayer, {person.name}")
        ]
        assert [action.objective for action in entry.actions] == [f"Premier pas de {person.name}"]
    (dora,) = store.load("Groupe « Cap » / 2024", "Dora").sessions
    assert (dora.contract, dora.question, dora.actions) == ("", "", [])


def _note(control: SessionController, kind: NoteKind, author: str, text: str, step_id: str) -> None:
    assert control.send(AddNote(kind=kind, author_id=author, text=text, step_id=step_id)) is None


def test_without_a_choice_each_round_rotates_from_the_chosen_client() -> None:
    present = [p.id for p in QUARTET]
    proto = _rounds(3)
    assert rotating_round_clients(proto, present, "ben", skip=("dora",)) == ("ben", "chloe", "ana")
    assert rotating_round_clients(_rounds(4), present, "chloe", skip=("dora",)) == (
        "chloe",
        "ana",
        "ben",
        "chloe",
    )
    assert (
        rotating_round_clients(load_protocol(TROIKA).model_copy(update={"rounds": None}), present, "ana")
        == ()
    )


def test_both_screens_name_the_rounds_client() -> None:
    proto = load_protocol(TROIKA)
    setup = _setup(proto, round_clients=("ana", "ben", "chloe"))
    second = next(s for s in proto.steps if s.round == 2 and s.speakers is Speakers.CLIENT)
    assert "Ben" in speakers_text(setup, second.speakers, second)
    assert "Ana" in speakers_text(setup, second.speakers)  # without the step: the session's client
