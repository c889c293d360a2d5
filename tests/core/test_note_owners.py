"""Whose words end up in whose carnet: every note has an owner as well as an author.

A contract, a suggestion received, an action belong to the client they were given to; a
member's own commitment belongs to that member; learnings, feelings and free notes belong to
their author. Carnets are built from owners, and the client's account never reaches the
other carnets. Old journals (no owner recorded) replay with the same defaults.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from engine_support import T0, make_engine
from owners_support import OWNED, TRIO, add, started, trio_setup

from codev.core.clock import FakeClock
from codev.core.logbook import CommitmentStatus
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote, EditNote, Finish, NextStep, SessionEngine, Start
from codev.core.session.model import client_of_step, default_owner
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

# --- The engine: defaults, explicit owners, edits, journals -----------------------------------


def test_the_rules_give_each_kind_its_default_owner() -> None:
    engine, _ = make_engine(OWNED, participants=TRIO, client_id="ana", facilitator_id="chloe")
    engine.apply(Start())
    for kind in NoteKind:
        assert engine.apply(AddNote(kind=kind, author_id="ben", text=kind.value)) is None
    owners = {note.kind: note.owner_id for note in engine.view().notes}
    client_owned = {NoteKind.CONTRACT, NoteKind.QUESTION, NoteKind.ACTION, NoteKind.SUGGESTION}
    assert owners == {kind: "ana" if kind in client_owned else "ben" for kind in NoteKind}


def test_a_members_own_commitment_is_theirs_and_an_unknown_owner_is_refused() -> None:
    engine, _ = make_engine(OWNED, participants=TRIO, client_id="ana", facilitator_id="chloe")
    engine.apply(Start())
    assert (
        engine.apply(AddNote(kind=NoteKind.ACTION, author_id="ben", text="moi aussi", owner_id="ben")) is None
    )
    (note,) = engine.view().notes
    assert (note.author_id, note.owner_id) == ("ben", "ben")
    refusal = engine.apply(AddNote(kind=NoteKind.ACTION, author_id="ben", text="x", owner_id="zz"))
    assert refusal is not None and refusal.message == "Unknown participant: zz."


def test_an_edit_follows_the_default_owner_until_one_is_chosen() -> None:
    engine, _ = make_engine(OWNED, participants=TRIO, client_id="ana", facilitator_id="chloe")
    engine.apply(Start())
    engine.apply(AddNote(kind=NoteKind.ACTION, author_id="ben", text="une action"))
    assert engine.view().notes[0].owner_id == "ana"
    # Ben's action turns out to be his own learning: it follows him.
    assert engine.apply(EditNote(note_id="n1", kind=NoteKind.LEARNING)) is None
    assert engine.view().notes[0].owner_id == "ben"
    # Chosen by the facilitator, the owner stays whatever the kind and the author become.
    assert engine.apply(EditNote(note_id="n1", owner_id="chloe")) is None
    assert engine.apply(EditNote(note_id="n1", kind=NoteKind.ACTION, author_id="ana")) is None
    assert engine.view().notes[0].owner_id == "chloe"
    refusal = engine.apply(EditNote(note_id="n1", owner_id="zz"))
    assert refusal is not None and refusal.message == "Unknown participant: zz."


def test_format_one_has_one_client_per_session_for_every_step() -> None:
    setup = trio_setup()
    assert [client_of_step(setup, item) for item in setup.protocol.steps] == ["ana"] * 4
    first = setup.protocol.steps[0]
    assert default_owner(setup, first, NoteKind.CONTRACT, "ben") == "ana"
    assert default_owner(setup, first, NoteKind.FEELING, "ben") == "ben"


def test_an_old_journal_without_owners_replays_with_the_defaults(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    engine = SessionEngine.create(trio_setup(), FakeClock(T0), workspace)
    engine.apply(Start())
    engine.apply(AddNote(kind=NoteKind.SUGGESTION, author_id="ben", text="oser"))
    engine.apply(AddNote(kind=NoteKind.LEARNING, author_id="ben", text="écouter"))
    engine.apply(EditNote(note_id="n2", kind=NoteKind.ACTION))
    path = engine.journal_path
    assert path is not None
    engine.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    old = [lines[0]]
    for line in lines[1:]:
        record = json.loads(line)
        record["entry"].pop("owner_id", None)  # written before notes had owners
        old.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(old) + "\n", encoding="utf-8")
    replayed = SessionEngine.load(path, FakeClock(T0 + 60))
    assert [(note.text, note.owner_id) for note in replayed.view().notes] == [
        ("oser", "ana"),
        ("écouter", "ana"),
    ]


# --- The carnets, built from owners ---------------------------------------------------------


def test_a_two_person_commitment_goes_to_each_committer_and_is_followed_up_for_him(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup())
    add(control, NoteKind.ACTION, "ana", "Parler à Lina")
    # Written by Ben, marked by the facilitator as his own commitment.
    add(control, NoteKind.ACTION, "ben", "Déléguer un dossier moi aussi", owner="ben")
    assert control.finish(str(tmp_path)).problems == ()
    (ana,) = store.load("Groupe", "Ana").sessions
    (ben,) = store.load("Groupe", "Ben").sessions
    (chloe,) = store.load("Groupe", "Chloé").sessions
    assert [action.objective for action in ana.actions] == ["Parler à Lina"]
    assert [action.objective for action in ben.actions] == ["Déléguer un dossier moi aussi"]
    assert chloe.actions == []
    assert len({action.id for action in (*ana.actions, *ben.actions)}) == 2
    # The next session brings Ben's commitment back, and his follow-up closes it in his carnet.
    report = store.open_commitments("Groupe")
    assert sorted((item.participant, item.action.objective) for item in report.items) == [
        ("Ana", "Parler à Lina"),
        ("Ben", "Déléguer un dossier moi aussi"),
    ]
    setup = trio_setup(date=dt.date(2024, 5, 21), client_id="chloe", facilitator_id="ana")
    engine = SessionEngine.create(setup, FakeClock(T0 + 7 * 86400), Workspace(tmp_path))
    again = SessionController(engine, store=store, commitments=report.items)
    assert again.send(Start()) is None
    bens = next(item for item in again.commitments if item.participant == "Ben")
    assert again.owner_of(bens) == "ben"
    assert again.followup(bens, "done", "fait la semaine dernière") is None
    assert again.finish(str(tmp_path)).problems == ()
    first, second = store.load("Groupe", "Ben").sessions
    assert first.actions[0].status is CommitmentStatus.DONE
    assert [(f.objective, f.comment) for f in second.followups] == [
        ("Déléguer un dossier moi aussi", "fait la semaine dernière")
    ]
    assert store.load("Groupe", "Ana").sessions[0].actions[0].status is CommitmentStatus.OPEN


def test_in_a_skill_swap_every_member_keeps_their_own_commitment(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup())
    for person in TRIO:
        add(control, NoteKind.ACTION, person.id, f"engagement de {person.name}", owner=person.id)
    assert control.finish(str(tmp_path)).problems == ()
    for person in TRIO:
        (entry,) = store.load("Groupe", person.name).sessions
        assert [action.objective for action in entry.actions] == [f"engagement de {person.name}"]


def test_a_round_where_ben_is_the_client_keeps_his_account_in_his_carnet_only(tmp_path: Path) -> None:
    # Troika in format 1: the session's client is Ana; in the second round Ben brings his case,
    # and the facilitator names him as the owner of what is given to him.
    control, store = started(tmp_path, trio_setup())
    add(control, NoteKind.CONTRACT, "ana", "Aidez-moi à déléguer")
    add(control, NoteKind.QUESTION, "ben", "Comment dire non ?", owner="ben")
    add(control, NoteKind.CONTRACT, "ben", "Aidez-moi à dire non", owner="ben")
    add(control, NoteKind.SUGGESTION, "ana", "Proposer un autre délai", owner="ben")
    add(control, NoteKind.SUGGESTION, "chloe", "Demander ce qui presse", owner="ben")
    add(control, NoteKind.SUGGESTION, "ben", "Commencer petit")
    add(control, NoteKind.ACTION, "ben", "Dire non une fois", owner="ben")
    assert control.finish(str(tmp_path)).problems == ()
    (ana,) = store.load("Groupe", "Ana").sessions
    (ben,) = store.load("Groupe", "Ben").sessions
    (chloe,) = store.load("Groupe", "Chloé").sessions
    assert (ana.contract, ana.question) == ("Aidez-moi à déléguer", "")
    assert [(s.author, s.text) for s in ana.suggestions_received] == [("Ben", "Commencer petit")]
    assert ana.suggestions_given == ["Proposer un autre délai"]
    assert (ben.question, ben.contract) == ("Comment dire non ?", "Aidez-moi à dire non")
    assert [(s.author, s.text) for s in ben.suggestions_received] == [
        ("Ana", "Proposer un autre délai"),
        ("Chloé", "Demander ce qui presse"),
    ]
    assert ben.suggestions_given == ["Commencer petit"]
    assert [action.objective for action in ben.actions] == ["Dire non une fois"]
    assert (chloe.question, chloe.contract, chloe.suggestions_received, chloe.actions) == ("", "", [], [])
    assert chloe.suggestions_given == ["Demander ce qui presse"]
    chloe_file = next(ref.path for ref in store.carnets("Groupe") if ref.participant == "Chloé")
    text = chloe_file.read_text(encoding="utf-8")
    assert "dire non" not in text and "déléguer" not in text


def test_personal_notes_go_to_their_owner_and_the_clients_account_to_her_only(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup())
    add(control, NoteKind.QUESTION, "ana", "Comment déléguer ?")
    add(control, NoteKind.QUESTION, "ben", "Depuis quand ?")  # asked to her: he keeps it
    add(control, NoteKind.CONTRACT, "chloe", "Aidez-moi à lâcher prise")
    add(control, NoteKind.SUGGESTION, "ben", "Lister ce qui peut partir")
    add(control, NoteKind.ACTION, "chloe", "Confier le budget à Lina")  # typed by the facilitator
    add(control, NoteKind.LEARNING, "ben", "écouter avant de proposer")
    # The scribe types Ana's feeling in her name: the feeling is hers.
    add(control, NoteKind.FEELING, "chloe", "soulagée", owner="ana")
    assert control.send(NextStep()) is None and control.send(Finish()) is None
    assert control.finish(str(tmp_path)).problems == ()
    (ana,) = store.load("Groupe", "Ana").sessions
    (ben,) = store.load("Groupe", "Ben").sessions
    (chloe,) = store.load("Groupe", "Chloé").sessions
    assert (ana.question, ana.contract) == ("Comment déléguer ?", "Aidez-moi à lâcher prise")
    assert [a.objective for a in ana.actions] == ["Confier le budget à Lina"]
    assert ana.feelings == ["soulagée"] and chloe.feelings == []
    assert ben.notes == ["Depuis quand ?"] and ben.learnings == ["écouter avant de proposer"]
    for entry in (ben, chloe):
        assert (entry.question, entry.contract, entry.suggestions_received, entry.actions) == ("", "", [], [])
