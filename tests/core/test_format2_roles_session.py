"""A session of a format 2 protocol with roles of its own: a skill-swap workshop whose
"trainer" has the client's meaning runs from start to finish on a fake clock, and the
carnets, the room and the report name the role by its title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_support import T0, make_setup, step
from owners_support import TRIO, started

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.model import NoteKind, Protocol, Role, Speakers
from codev.core.report.model import build_report
from codev.core.room import room_picture, speakers_text
from codev.core.session import AddNote, NextStep, SessionEngine, SessionSetup, Start
from codev.core.session.model import setup_refusal
from codev.core.session_carnets import role_of
from codev.core.workspace import Workspace

TRAINER = {
    "id": "trainer",
    "meaning": "client",
    "title": {"fr": "Formateur·rice", "en": "Trainer"},
}
HOST = {"id": "host", "meaning": "facilitator", "title": {"fr": "Hôte", "en": "Host"}}


def _step(step_id: str, speakers: object, *kinds: str) -> dict[str, object]:
    data = step(step_id, 10)
    data["speakers"] = speakers
    data["notes"] = list(kinds) or ["note"]
    return data


SKILL_SWAP = Protocol.model_validate(
    {
        "format": 2,
        "id": "skill-swap",
        "title": {"fr": "Troc de savoirs", "en": "Skill swap"},
        "description": {"fr": "On apprend les uns des autres.", "en": "Learning from each other."},
        "roles": [TRAINER, "consultant", HOST],
        "steps": [
            _step("demo", "trainer", "contract"),
            _step("practice", ["trainer", "consultants"], "suggestion"),
            _step("close", ["host", "trainer"], "action", "learning"),
        ],
    }
)


@pytest.fixture(autouse=True)
def french() -> None:
    set_lang("fr")


def skill_setup(**overrides: object) -> SessionSetup:
    values: dict[str, object] = {
        "participants": TRIO,
        "client_id": "ana",
        "facilitator_id": "chloe",
        "group": "Groupe",
        "participant_roles": {"ana": "trainer", "ben": "consultant", "chloe": "host"},
    }
    values.update(overrides)
    return make_setup(SKILL_SWAP, **values)


def test_the_trainer_runs_the_session_and_her_carnet_gets_the_contract(tmp_path: Path) -> None:
    control, store = started(tmp_path, skill_setup())
    assert (
        control.send(AddNote(kind=NoteKind.CONTRACT, author_id="chloe", text="M’aider à transmettre")) is None
    )
    assert control.send(NextStep()) is None
    assert control.send(AddNote(kind=NoteKind.SUGGESTION, author_id="ben", text="Montrer d’abord")) is None
    assert control.send(NextStep()) is None
    assert control.send(AddNote(kind=NoteKind.ACTION, author_id="ana", text="Préparer un atelier")) is None
    assert control.finish(str(tmp_path)).problems == ()
    (ana,) = store.load("Groupe", "Ana").sessions
    (ben,) = store.load("Groupe", "Ben").sessions
    (chloe,) = store.load("Groupe", "Chloé").sessions
    # Owners work through the meaning: the trainer owns the contract and the actions.
    assert ana.contract == "M’aider à transmettre"
    assert [action.objective for action in ana.actions] == ["Préparer un atelier"]
    assert [suggestion.text for suggestion in ana.suggestions_received] == ["Montrer d’abord"]
    assert (ana.role, ana.role_title) == (Role.CLIENT, "Formateur·rice")
    assert (chloe.role, chloe.role_title) == (Role.FACILITATOR, "Hôte")
    # A built-in role keeps the catalogue's title, so nothing more is written.
    assert (ben.role, ben.role_title) == (Role.CONSULTANT, "")
    carnet = next(ref.path for ref in store.carnets("Groupe") if ref.participant == "Ana")
    assert 'role_title = "Formateur·rice"' in carnet.read_text(encoding="utf-8")


def test_the_journal_records_role_ids_and_replays_exactly(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    engine = SessionEngine.create(skill_setup(), FakeClock(T0), workspace)
    engine.apply(Start())
    path = engine.journal_path
    assert path is not None
    engine.close()
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert json.dumps(header, ensure_ascii=False).count('"participant_roles"') == 1
    replayed = SessionEngine.load(path, FakeClock(T0 + 60))
    assert replayed.setup == engine.setup
    assert replayed.setup.role_of("ana").id == "trainer"


def test_a_format_1_setup_writes_no_role_ids() -> None:
    setup = make_setup()
    assert "participant_roles" not in setup.model_dump(mode="json")
    assert SessionSetup.model_validate(setup.model_dump(mode="json")) == setup


def test_the_room_names_speakers_by_name_and_role_title() -> None:
    setup = skill_setup()
    demo, practice, close = SKILL_SWAP.steps
    assert speakers_text(setup, demo.speakers, demo) == "Ana (Formateur·rice)"
    assert (
        speakers_text(setup, practice.speakers, practice)
        == "Ana (Formateur·rice) · les consultants\u00a0: Ben"
    )
    assert speakers_text(setup, close.speakers, close) == "Chloé (Hôte) · Ana (Formateur·rice)"
    # A built-in "client" in a protocol whose client's role has a title of its own.
    assert speakers_text(setup, Speakers.CLIENT, demo) == "Ana (Formateur·rice)"
    engine = SessionEngine(setup, FakeClock(T0))
    engine.apply(Start())
    assert room_picture(setup, engine.view()).speakers == "Ana (Formateur·rice)"


def test_the_report_names_the_role_by_its_title() -> None:
    setup = skill_setup()
    engine = SessionEngine(setup, FakeClock(T0))
    engine.apply(Start())
    report = build_report(setup, engine.view(), session_id="s", lang="en")
    assert [(person.name, person.title) for person in report.people] == [
        ("Ana", "Trainer"),
        ("Ben", ""),
        ("Chloé", "Host"),
    ]


def test_the_set_up_demands_the_roles_the_protocol_requires_and_checks_role_ids() -> None:
    with pytest.raises(ValueError, match="rôle «\u00a0Formateur·rice\u00a0»"):
        skill_setup(client_id=None, participant_roles={})
    with pytest.raises(ValueError, match="Ben ne peut pas tenir le rôle «\u00a0Hôte\u00a0»"):
        skill_setup(participant_roles={"ben": "host"})
    with pytest.raises(ValueError, match="pas de rôle «\u00a0boss\u00a0»"):
        skill_setup(participant_roles={"ben": "boss"})
    assert role_of(skill_setup(), "ana") is Role.CLIENT
    # The trainer cannot host too: the protocol has a facilitator's role.
    assert setup_refusal(skill_setup(facilitator_id="ana", participant_roles={})) is not None


def test_a_protocol_without_client_or_facilitator_demands_neither() -> None:
    breakfast = Protocol.model_validate(
        {
            "format": 2,
            "id": "breakfast",
            "title": {"en": "Networking breakfast"},
            "description": {"en": "Meet and talk."},
            "roles": [
                {"id": "host", "meaning": "timekeeper", "count": "one", "title": {"en": "Host"}},
                "consultant",
            ],
            "steps": [_step("talk", "everyone")],
        }
    )
    setup = make_setup(breakfast, client_id=None, facilitator_id=None, timekeeper_id="p0")
    assert setup.role_of("p0").label("en") == "Host"
    with pytest.raises(ValueError, match="Host"):
        make_setup(breakfast, client_id=None, facilitator_id=None)
