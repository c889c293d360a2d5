"""The four protocols born from the seed texts: a skill swap (troc de compétences), an
experience sharing between companies (partage d'expériences), a networking breakfast (café
réseau) and Revans' action learning set.

Each one loads, speaks French and English everywhere, has the timings and the sequence of
steps its method asks for, and runs from start to finish in the engine on a fake clock,
writing a carnet for everyone present.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from codev.cli import main
from codev.core.clock import FakeClock
from codev.core.logbook import CommitmentStatus, LogbookStore
from codev.core.protocol.library import Origin, load_library
from codev.core.protocol.loader import load_protocol
from codev.core.protocol.model import LocalizedText, NoteKind, Protocol, Role, Speakers, Step
from codev.core.session import (
    AddNote,
    Finish,
    NextStep,
    Participant,
    SessionEngine,
    SessionSetup,
    Start,
)
from codev.core.session.model import ActionDetails, client_of_step, rotating_round_clients
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

PROTOCOLS_DIR = Path(__file__).resolve().parents[1] / "protocols"

T0 = 1_767_258_000.0  # 2026-01-01 09:00 UTC
TODAY = dt.date(2026, 1, 1)

SEED_PROTOCOLS: dict[str, tuple[float, float]] = {
    # A morning's training ("une matinée"), with a break.
    "troc-de-competences": (170, 200),
    # A half-day ("cette demi-journée") of two workshops.
    "partage-experiences": (150, 190),
    # Breakfast from 8:30 to about 10:30: long welcome, two short talks, networking.
    "cafe-reseau": (110, 130),
    # Report-back, about an hour for one presenter, closing review: the set-up says how many
    # present (three: about 215 minutes, see below).
    "action-learning-set": (100, 110),
}
"""Each new protocol, with the range its total minutes must fall in."""

TROC_STEPS = [
    "accueil",
    "presentations-croisees",
    "trois-voeux",
    "formation",
    "pause",
    "pratique",
    "restitution",
    "engagements",
    "cloture",
]

PARTAGE_ROUND = ("lancement", "echanges", "conclusions")
CAFE_ROUND = ("intervention", "questions")
ALS_ROUND = ("point", "questionnement", "actions", "retour")

PEOPLE = tuple(
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


def _load(protocol_id: str) -> Protocol:
    path = PROTOCOLS_DIR / f"{protocol_id}.toml"
    return load_protocol(path, path.name)


def _ids(protocol: Protocol) -> list[str]:
    return [step.id for step in protocol.steps]


def _rounds(parts: tuple[str, ...], count: int) -> list[str]:
    return [f"{part}-r{number}" for number in range(1, count + 1) for part in parts]


# --- The files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol_id", SEED_PROTOCOLS)
def test_loads_with_its_id_and_is_in_french_and_english_everywhere(protocol_id: str) -> None:
    protocol = _load(protocol_id)
    # Roles of their own (trainer, speaker, presenter) or cross-company tables: format 2.
    assert protocol.id == protocol_id
    assert protocol.format == 2
    assert protocol.written_in[0] == "fr"
    for value in protocol.localized():
        if isinstance(value, LocalizedText):
            for lang in ("fr", "en"):
                assert value.texts.get(lang, "").strip(), f"{protocol_id}: {value} has no {lang}"
        elif not value.is_empty():
            fr, en = value.items.get("fr") or [], value.items.get("en") or []
            assert len(fr) == len(en) > 0, f"{protocol_id}: {value}"


@pytest.mark.parametrize(("protocol_id", "bounds"), SEED_PROTOCOLS.items())
def test_total_minutes_are_those_of_the_format(protocol_id: str, bounds: tuple[float, float]) -> None:
    low, high = bounds
    assert low <= _load(protocol_id).total_minutes <= high


@pytest.mark.parametrize("protocol_id", SEED_PROTOCOLS)
def test_every_step_says_who_speaks_what_is_forbidden_and_what_it_collects(protocol_id: str) -> None:
    protocol = _load(protocol_id)
    for step in protocol.steps:
        assert step.notes, step.id
        assert not step.prompts.is_empty(), step.id
        assert step.purpose is not None, step.id
        # Every step but a break has its drifts to watch for.
        assert not step.forbidden.is_empty() or step.id == "pause", step.id
    # The closing step is never squeezed out by a late session.
    assert protocol.steps[-1].protected


def test_skill_swap_follows_the_burolab_morning() -> None:
    protocol = _load("troc-de-competences")
    assert _ids(protocol) == TROC_STEPS
    # The member who trains holds the client role until format 2 brings a trainer's role.
    assert "format 2" in (PROTOCOLS_DIR / "troc-de-competences.toml").read_text("utf-8").split("[title]")[0]
    assert protocol.step("formation").speakers == "trainer"
    trainer = protocol.role_by_id("trainer")
    assert trainer is not None and trainer.meaning is Role.CLIENT and trainer.label("en") == "Trainer"
    assert protocol.step("formation").minutes >= 45
    for step_id in ("presentations-croisees", "trois-voeux", "engagements"):
        turns = protocol.step(step_id).turns
        assert turns is not None and turns.who is Speakers.EVERYONE, step_id
    assert "world café" in protocol.step("pratique").instructions.get("fr").lower()
    assert protocol.step("pause").optional
    engagements = protocol.step("engagements")
    assert engagements.notes[0] is NoteKind.ACTION
    assert "six mois" in engagements.instructions.get("fr")
    assert "six months" in engagements.instructions.get("en")


def test_experience_sharing_runs_workshops_in_mixed_subgroups_each_ending_with_conclusions() -> None:
    protocol = _load("partage-experiences")
    assert protocol.rounds == 2
    assert _ids(protocol) == ["accueil", "tour-de-table", *_rounds(PARTAGE_ROUND, 2), "synthese", "cloture"]
    # Nobody brings a case: there is no client.
    assert Role.CLIENT not in protocol.roles
    assert all(step.speakers is not Speakers.CLIENT for step in protocol.steps)
    for number in (1, 2):
        echanges = protocol.step(f"echanges-r{number}")
        assert "sous-groupes" in echanges.instructions.get("fr")
        assert "entreprises" in echanges.instructions.get("fr")
        assert "sub-groups" in echanges.instructions.get("en")
        conclusions = protocol.step(f"conclusions-r{number}")
        assert conclusions.round == number and conclusions.notes[0] is NoteKind.WALL
        assert conclusions.title.get("fr").startswith(f"Tour {number} — ")


def test_networking_breakfast_has_talks_questions_exchange_and_next_steps() -> None:
    protocol = _load("cafe-reseau")
    assert protocol.rounds == 2
    assert _ids(protocol) == [
        "accueil",
        "ouverture",
        *_rounds(CAFE_ROUND, 2),
        "echanges-libres",
        "contacts",
        "cloture",
    ]
    assert protocol.step("intervention-r1").speakers == "speaker"
    speaker = protocol.role_by_id("speaker")
    assert speaker is not None and speaker.meaning is Role.CLIENT and speaker.label("fr") == "Intervenant·e"
    assert protocol.step("questions-r2").speakers is Speakers.EVERYONE
    contacts = protocol.step("contacts")
    assert contacts.notes[0] is NoteKind.ACTION
    assert contacts.turns is not None and contacts.turns.who is Speakers.EVERYONE
    assert contacts.turns.seconds is not None and contacts.turns.seconds <= 30


def test_action_learning_set_reports_back_then_gives_each_presenter_a_slot() -> None:
    # One slot per presenter: three today.
    protocol = _load("action-learning-set").with_rounds(3)
    assert protocol.rounds == "presenter"
    assert _ids(protocol) == ["ouverture", "compte-rendu", *_rounds(ALS_ROUND, 3), "revue"]
    assert 200 <= protocol.total_minutes <= 230
    report_back = protocol.step("compte-rendu")
    assert report_back.notes[:2] == [NoteKind.FOLLOWUP, NoteKind.PROGRESS]
    for number in (1, 2, 3):
        slot = [protocol.step(f"{part}-r{number}") for part in ALS_ROUND]
        # About an hour per presenter, most of it questions.
        assert 50 <= sum(step.minutes for step in slot) <= 65
        assert [step.speakers for step in slot[:3]] == ["presenter", Speakers.CONSULTANTS, "presenter"]
        assert slot[1].minutes == max(step.minutes for step in slot)
        assert slot[2].notes[0] is NoteKind.ACTION
    assert protocol.step("revue").notes[0] is NoteKind.LEARNING


def test_the_library_and_protocol_list_show_the_four(capsys: pytest.CaptureFixture[str]) -> None:
    library = load_library()
    assert library.problems == []
    for protocol_id in SEED_PROTOCOLS:
        entry = library.get(protocol_id)
        assert entry is not None and entry.origin is Origin.BUILTIN, protocol_id
    assert main(["--lang", "fr", "protocol", "list"]) == 0
    out = capsys.readouterr().out
    for protocol_id in SEED_PROTOCOLS:
        line = next((line for line in out.splitlines() if line.startswith(f"{protocol_id} ")), None)
        assert line is not None, protocol_id
        assert _load(protocol_id).title.get("fr") in line


# --- End to end, in the engine -----------------------------------------------------------------


def _setup(protocol: Protocol, **overrides: object) -> SessionSetup:
    """Six people: Ana the client (trainer, speaker, first presenter) when the protocol has
    one, Fatou the facilitator; each round's client in turn."""
    has_client = protocol.has_role(Role.CLIENT)
    values: dict[str, object] = {
        "group": "Groupe Semences",
        "protocol": protocol,
        "date": TODAY,
        "participants": PEOPLE,
        "client_id": "ana" if has_client else None,
        "facilitator_id": "fatou",
        "subject": "Un sujet",
        "round_clients": rotating_round_clients(
            protocol, [person.id for person in PEOPLE], "ana", skip=("fatou",)
        )
        if has_client
        else (),
    }
    values.update(overrides)
    return SessionSetup(**values)


def _notes(setup: SessionSetup, step: Step) -> list[AddNote]:
    """What the step collects: a note of its first kind from each member; in a round, the
    action plan is the round's client's alone, typed by the facilitator."""
    kind = step.notes[0]
    if kind is NoteKind.FOLLOWUP:  # follow-ups answer earlier commitments (see below)
        return []
    details = ActionDetails(deadline=(TODAY + dt.timedelta(days=150)).isoformat())
    if kind is NoteKind.ACTION and step.round is not None:
        client = client_of_step(setup, step)
        return [AddNote(kind=kind, author_id="fatou", text=f"{client} {step.id}", action=details)]
    if kind is NoteKind.ACTION:
        # Each member's own commitment (the facilitator names its owner), with a deadline.
        return [
            AddNote(kind=kind, author_id=p.id, owner_id=p.id, text=f"{p.id} {step.id}", action=details)
            for p in PEOPLE
        ]
    return [AddNote(kind=kind, author_id=p.id, text=f"{p.id} {step.id}") for p in PEOPLE]


def _run_through(control: SessionController, clock: FakeClock) -> None:
    """Every step in order, on time, each collecting its notes."""
    assert control.send(Start()) is None
    protocol = control.setup.protocol
    for index, step in enumerate(protocol.steps):
        for note in _notes(control.setup, step):
            assert control.send(note) is None, step.id
        clock.advance(step.minutes * 60)
        last = index == len(protocol.steps) - 1
        assert control.send(Finish() if last else NextStep()) is None, step.id


def _session(
    workspace: Workspace, setup: SessionSetup, at: float, *, again: bool = False
) -> tuple[SessionController, FakeClock]:
    """A session writing its carnets; ``again``: the group met before, its open commitments come back."""
    clock = FakeClock(at)
    engine = SessionEngine.create(setup, clock, workspace)
    store = LogbookStore.for_workspace(workspace)
    commitments = store.open_commitments(setup.group).items if again else ()
    return SessionController(engine, store=store, commitments=commitments), clock


@pytest.mark.parametrize("protocol_id", SEED_PROTOCOLS)
def test_runs_end_to_end_and_writes_a_carnet_for_everyone(tmp_path: Path, protocol_id: str) -> None:
    workspace = Workspace(tmp_path)
    protocol = _load(protocol_id)
    control, clock = _session(workspace, _setup(protocol), T0)
    _run_through(control, clock)
    outcome = control.finish(str(tmp_path))
    assert outcome.problems == () and outcome.kept_aside == ()
    assert outcome.view.status.is_over
    store = LogbookStore.for_workspace(workspace)
    for person in PEOPLE:
        (entry,) = store.load("Groupe Semences", person.name).sessions
        assert entry.protocol == protocol_id
        learnings = [step for step in protocol.steps if step.notes[0] is NoteKind.LEARNING]
        assert len(entry.learnings) >= len(learnings), person.name


def test_skill_swap_every_participant_leaves_committed_to_a_workshop_within_six_months(
    tmp_path: Path,
) -> None:
    workspace = Workspace(tmp_path)
    control, clock = _session(workspace, _setup(_load("troc-de-competences")), T0)
    _run_through(control, clock)
    assert control.finish(str(tmp_path)).problems == ()
    store = LogbookStore.for_workspace(workspace)
    for person in PEOPLE:
        (entry,) = store.load("Groupe Semences", person.name).sessions
        (action,) = entry.actions
        assert action.objective == f"{person.id} engagements"
        assert action.deadline is not None and action.deadline <= TODAY + dt.timedelta(days=183)
    trainer = store.load("Groupe Semences", "Ana").sessions[0]
    assert trainer.role == "client"
    assert trainer.subject == "Un sujet"


def test_networking_breakfast_next_steps_go_to_each_participants_own_carnet(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    control, clock = _session(workspace, _setup(_load("cafe-reseau")), T0)
    _run_through(control, clock)
    assert control.finish(str(tmp_path)).problems == ()
    store = LogbookStore.for_workspace(workspace)
    for person in PEOPLE:
        (entry,) = store.load("Groupe Semences", person.name).sessions
        assert [action.objective for action in entry.actions] == [f"{person.id} contacts"]


def test_action_learning_set_presenters_report_back_at_the_next_meeting(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    protocol = _load("action-learning-set").with_rounds(3)
    first = _setup(protocol)
    assert first.round_clients == ("ana", "ben", "chloe")
    control, clock = _session(workspace, first, T0)
    _run_through(control, clock)
    assert control.finish(str(tmp_path)).problems == ()
    store = LogbookStore.for_workspace(workspace)
    presenters = {"Ana": "ana", "Ben": "ben", "Chloé": "chloe"}
    for person in PEOPLE:
        (entry,) = store.load("Groupe Semences", person.name).sessions
        # Each presenter keeps the plan of their own slot, and only the presenters have one.
        slot = list(presenters).index(person.name) + 1 if person.name in presenters else None
        expected = [f"{person.id} actions-r{slot}"] if slot else []
        assert [action.objective for action in entry.actions] == expected, person.name
    # A month later, the next three present; the report-back brings back every commitment.
    later = T0 + 28 * 86400
    second = _setup(
        protocol, date=TODAY + dt.timedelta(days=28), client_id="dora", round_clients=("dora", "emile", "ana")
    )
    control, clock = _session(workspace, second, later, again=True)
    assert control.send(Start()) is None
    assert control.send(NextStep()) is None  # to the report-back
    assert control.collects_followups(control.view())
    assert sorted(item.participant for item in control.commitments) == sorted(presenters)
    for item in control.commitments:
        assert control.followup(item, "done", "fait") is None
    assert control.send(Finish()) is None
    assert control.finish(str(tmp_path)).problems == ()
    for name in presenters:
        earlier, today = store.load("Groupe Semences", name).sessions
        assert [action.status for action in earlier.actions] == [CommitmentStatus.DONE]
        assert [followup.comment for followup in today.followups] == ["fait"]
