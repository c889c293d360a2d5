"""End to end, headless: people whose names differ only by accents, case or characters this
Python does not know keep one carnet each, as notes come and at the end; names crafted to
take every file name someone else could get never stop her save."""

from __future__ import annotations

from pathlib import Path

from engine_support import CLASSIC, make_setup

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore, WriteStatus
from codev.core.logbook.names import candidate_stems
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote, Participant, SessionEngine, SessionSetup, Start
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

SHAKING = "\U0001fae8"  # 🫨 (Unicode 15, unknown to this Python)
PINK_HEART = "\U0001fa77"  # 🩷
FOUR = ("Élise", "Elise", f"Bob {SHAKING}", f"Bob {PINK_HEART}")


def run(tmp_path: Path, names: tuple[str, ...], client: int = 0) -> tuple[SessionController, SessionSetup]:
    participants = tuple(Participant(id=f"p{index}", name=name) for index, name in enumerate(names))
    setup = make_setup(
        CLASSIC,
        participants=participants,
        client_id=f"p{client}",
        facilitator_id=f"p{(client + 1) % len(names)}",
        group="Groupe",
    )
    workspace = Workspace(tmp_path)
    engine = SessionEngine.create(setup, FakeClock(1_700_000_000.0), workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    assert control.send(Start()) is None
    return control, setup


def note(control: SessionController, kind: NoteKind, author: str, text: str) -> None:
    assert control.send(AddNote(kind=kind, author_id=author, text=text)) is None


def test_four_people_whose_names_fold_alike_keep_four_carnets(tmp_path: Path) -> None:
    control, setup = run(tmp_path, FOUR, client=3)
    for person in setup.participants:
        if person.id != setup.client_id:
            note(control, NoteKind.SUGGESTION, person.id, f"suggestion de {person.name}")
        note(control, NoteKind.LEARNING, person.id, f"appris par {person.name}")
        note(control, NoteKind.FEELING, person.id, f"ressenti de {person.name}")
    # Written as notes come (a closed terminal loses nothing) ...
    assert control.flush(10)
    store = LogbookStore(tmp_path / "logbooks")
    refs = store.carnets("Groupe")
    assert sorted(ref.participant for ref in refs) == sorted(FOUR)
    assert len({ref.path for ref in refs}) == 4
    # ... and again at the end, each into its own carnet.
    outcome = control.finish(str(tmp_path))
    assert outcome.problems == ()
    for person in setup.participants:
        (entry,) = store.load("Groupe", person.name).sessions
        assert entry.learnings == [f"appris par {person.name}"]
        assert entry.feelings == [f"ressenti de {person.name}"]
        if person.id != setup.client_id:
            assert entry.suggestions_given == [f"suggestion de {person.name}"]
    (client_entry,) = store.load("Groupe", setup.participants[3].name).sessions
    assert [item.author for item in client_entry.suggestions_received] == list(FOUR[:3])
    assert store.load_group("Groupe").members == list(FOUR)


def test_names_crafted_to_take_every_file_name_of_hers_cannot_stop_her_save(tmp_path: Path) -> None:
    slug, short, long, *_ = candidate_stems("Élise")
    # Typed before her, each of these takes one of the file names she would get.
    crafted = ("Elise", short, long)
    assert [candidate_stems(name)[0] for name in crafted] == [slug, short, long]
    control, setup = run(tmp_path, (*crafted, "Élise"), client=0)
    for person in setup.participants:
        note(control, NoteKind.LEARNING, person.id, f"appris par {person.name}")
    outcome = control.finish(str(tmp_path))
    assert outcome.problems == ()
    store = LogbookStore(tmp_path / "logbooks")
    paths = {person.name: store.carnets_of(person.name)[0].path for person in setup.participants}
    assert len(set(paths.values())) == 4
    for person in setup.participants:
        (entry,) = store.load("Groupe", person.name).sessions
        assert entry.learnings == [f"appris par {person.name}"]
    # The next session finds the same files.
    again = LogbookStore(tmp_path / "logbooks")
    for name, path in paths.items():
        assert again.carnets_of(name)[0].path == path


def test_an_emoji_only_name_gets_its_carnet(tmp_path: Path) -> None:
    control, _ = run(tmp_path, ("Ana", SHAKING, PINK_HEART))
    note(control, NoteKind.LEARNING, "p1", "oser")
    note(control, NoteKind.LEARNING, "p2", "écouter")
    outcome = control.finish(str(tmp_path))
    assert outcome.problems == ()
    store = LogbookStore(tmp_path / "logbooks")
    assert store.load("Groupe", SHAKING).sessions[0].learnings == ["oser"]
    assert store.load("Groupe", PINK_HEART).sessions[0].learnings == ["écouter"]
    assert store.carnets_of(SHAKING)[0].path != store.carnets_of(PINK_HEART)[0].path
    assert (
        store.upsert_entry(SHAKING, store.load("Groupe", SHAKING).sessions[0]).status is WriteStatus.UNCHANGED
    )
