"""Airtime is honest and kept: it counts only while someone has been given the floor, the
round can be left with nobody speaking, and each person's airtime per step reaches their
carnet (the session's totals the group file), the same after a resume from the journal."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_engine, make_setup

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import NoteKind
from codev.core.room import room_picture
from codev.core.session import (
    AddNote,
    GiveFloor,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousSpeaker,
    PreviousStep,
    Resume,
    SessionEngine,
    Start,
    resume_session,
)
from codev.core.session.journal import JournalWriter, sessions_dir
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

CONSULTATION = 3
"""The classic protocol's round the table: consultants p2..p5 (p0 is the client, p1 facilitates)."""


def ok(engine: SessionEngine, *commands: object) -> None:
    for command in commands:
        assert engine.apply(command) is None, command  # type: ignore[arg-type]


def at_consultation() -> tuple[SessionEngine, FakeClock]:
    engine, clock = make_engine()
    ok(engine, Start(), NextStep(), NextStep(), NextStep())
    assert engine.view().current_index == CONSULTATION
    return engine, clock


# --- (1) nobody is given the floor by the start of a step ---------------------------------


def test_a_round_started_with_nobody_given_the_floor_gives_nobody_airtime() -> None:
    engine, clock = at_consultation()
    clock.advance(600)
    view = engine.view()
    assert view.current.actual_seconds == 600  # the step's timer runs…
    assert view.airtime_step == {}  # …but nobody spoke
    assert view.airtime_session == {}
    turns = view.turns
    assert turns is not None
    assert turns.speaker_id is None
    assert turns.next_speaker_id == "p2"  # who `t` gives the floor to
    assert turns.turn_elapsed == 0 and turns.turn_remaining is None


def test_the_first_of_an_everyone_round_gets_nothing_when_nobody_spoke() -> None:
    # What testers saw: the first of the round (the facilitator, when listed first) was
    # given 24:35 of a round where nobody spoke.
    engine, clock = make_engine(facilitator_id="p0", client_id="p1")
    ok(engine, Start(), *[NextStep()] * 5)  # feedback: everyone, p0 first
    clock.advance(24 * 60 + 35)
    view = engine.view()
    assert view.turns is not None and view.turns.order[0] == "p0"
    assert view.airtime_session == {}


def test_the_room_says_nobody_has_the_floor() -> None:
    engine, clock = at_consultation()
    clock.advance(30)
    picture = room_picture(engine.setup, engine.view())
    assert picture.nobody_speaks
    assert picture.speaker is None
    assert "nobody has the floor" in picture.speakers
    assert not any(line.speaking for line in picture.turns)
    set_lang("fr")
    assert "personne n’a la parole" in room_picture(engine.setup, engine.view()).speakers


# --- (2) the first `t` gives the floor to the first speaker --------------------------------


def test_the_first_next_speaker_gives_the_floor_to_the_first_of_the_round() -> None:
    engine, clock = at_consultation()
    clock.advance(100)  # nobody speaks yet
    ok(engine, NextSpeaker())
    turns = engine.view().turns
    assert turns is not None
    assert (turns.speaker_id, turns.next_speaker_id, turns.position, turns.round) == ("p2", "p3", 0, 1)
    clock.advance(45)
    view = engine.view()
    assert view.airtime_step == {"p2": 45}
    assert view.turns is not None and view.turns.turn_elapsed == 45 and view.turns.turn_remaining == 75
    ok(engine, NextSpeaker())
    clock.advance(10)
    assert engine.view().airtime_step == {"p2": 45, "p3": 10}
    picture = room_picture(engine.setup, engine.view())
    assert not picture.nobody_speaks and picture.speaker == "Dany/Ève"
    assert "nobody" not in picture.speakers


def test_the_floor_can_be_given_to_a_chosen_speaker() -> None:
    engine, clock = at_consultation()
    ok(engine, GiveFloor(speaker_id="p4"))
    clock.advance(20)
    turns = engine.view().turns
    assert turns is not None and (turns.speaker_id, turns.next_speaker_id) == ("p4", "p5")
    assert engine.view().airtime_step == {"p4": 20}
    refusal = engine.apply(GiveFloor(speaker_id="p4"))
    assert refusal is not None and refusal.key == "engine.refuse.already_speaking"
    # The client does not take a consultant's turn; an unknown id is named.
    refusal = engine.apply(GiveFloor(speaker_id="p0"))
    assert refusal is not None and refusal.key == "engine.refuse.not_in_round"
    assert "Ana" in refusal.message
    refusal = engine.apply(GiveFloor(speaker_id="zz"))
    assert refusal is not None and refusal.key == "engine.refuse.unknown_participant"


def test_giving_the_floor_needs_a_round() -> None:
    engine, _ = make_engine()
    ok(engine, Start())
    refusal = engine.apply(GiveFloor(speaker_id="p2"))
    assert refusal is not None and refusal.key == "engine.refuse.no_turns"


# --- (3) the floor can be given back to nobody ----------------------------------------------


def test_the_round_can_be_left_with_nobody_speaking_and_time_stops_counting() -> None:
    engine, clock = at_consultation()
    ok(engine, NextSpeaker())
    clock.advance(30)
    ok(engine, NextSpeaker())
    clock.advance(40)
    ok(engine, GiveFloor(speaker_id=None))  # open discussion: nobody has the floor
    clock.advance(500)
    view = engine.view()
    assert view.airtime_step == {"p2": 30, "p3": 40}
    assert view.turns is not None and view.turns.speaker_id is None
    assert view.turns.next_speaker_id == "p4"  # the round goes on where it was left
    assert room_picture(engine.setup, view).nobody_speaks
    refusal = engine.apply(GiveFloor(speaker_id=None))
    assert refusal is not None and refusal.key == "engine.refuse.nobody_speaks"
    ok(engine, NextSpeaker())
    clock.advance(5)
    assert engine.view().airtime_step == {"p2": 30, "p3": 40, "p4": 5}
    ok(engine, GiveFloor(speaker_id=None), PreviousSpeaker())  # back to the last one who spoke
    clock.advance(7)
    assert engine.view().airtime_step == {"p2": 30, "p3": 40, "p4": 12}


def test_previous_speaker_before_anyone_spoke_is_refused() -> None:
    engine, _ = at_consultation()
    refusal = engine.apply(PreviousSpeaker())
    assert refusal is not None and refusal.key == "engine.refuse.first_turn"


# --- (4) pause stops airtime ---------------------------------------------------------------


def test_pause_stops_airtime_and_resume_carries_on_with_the_same_speaker() -> None:
    engine, clock = at_consultation()
    ok(engine, NextSpeaker())
    clock.advance(50)
    ok(engine, Pause())
    clock.advance(900)
    assert engine.view().airtime_step == {"p2": 50}
    ok(engine, Resume())
    clock.advance(10)
    view = engine.view()
    assert view.airtime_step == {"p2": 60}
    assert view.turns is not None and view.turns.turn_elapsed == 60


def test_leaving_a_step_stops_its_airtime_and_coming_back_gives_it_to_the_same_speaker() -> None:
    engine, clock = at_consultation()
    ok(engine, NextSpeaker())
    clock.advance(50)
    ok(engine, NextStep())
    clock.advance(100)
    ok(engine, PreviousStep())
    clock.advance(10)
    view = engine.view()
    assert view.airtime_step == {"p2": 60}
    assert view.turns is not None and view.turns.speaker_id == "p2"


# --- (5) airtime per step in each carnet, the session's totals in the group file -----------


def test_airtime_reaches_each_carnet_per_step_and_the_group_file_per_session(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    clock = FakeClock(T0)
    engine = SessionEngine.create(make_setup(CLASSIC, people=4), clock, workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    ok(engine, Start(), NextStep(), NextStep(), NextStep())  # consultation: p2, p3
    clock.advance(300)  # nobody has the floor yet: counts for nobody
    ok(engine, NextSpeaker())
    clock.advance(61.4)
    ok(engine, NextSpeaker())
    clock.advance(90)
    ok(engine, NextStep(), NextStep())  # feedback: everyone p0..p3
    ok(engine, NextSpeaker())
    clock.advance(30)
    ok(engine, GiveFloor(speaker_id="p3"))
    clock.advance(20.6)
    ok(engine, GiveFloor(speaker_id=None))
    clock.advance(600)
    assert control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter")) is None
    outcome = control.finish(str(tmp_path))
    assert outcome.problems == ()

    group = tmp_path / "logbooks"
    [group_file] = group.rglob("_group.toml")
    history = tomllib.loads(group_file.read_text("utf-8"))["sessions"][0]
    # Participants in set-up order; everyone who was in a round that ran, 0 included.
    assert history["airtime"] == [
        {"name": "Ana", "seconds": 30},
        {"name": "Bruno", "seconds": 0},
        {"name": "Céline 🌸", "seconds": 61},
        {"name": "Dany/Ève", "seconds": 111},
    ]
    carnets = {
        tomllib.loads(path.read_text("utf-8"))["participant"]: tomllib.loads(path.read_text("utf-8"))
        for path in group.rglob("*.toml")
        if path.name != "_group.toml"
    }
    airtime = {name: carnet["sessions"][0].get("airtime") for name, carnet in carnets.items()}
    assert airtime == {
        "Ana": [{"step": "feedback", "seconds": 30}],
        "Bruno": [{"step": "feedback", "seconds": 0}],
        "Céline 🌸": [{"step": "consultation", "seconds": 61}, {"step": "feedback", "seconds": 0}],
        "Dany/Ève": [{"step": "consultation", "seconds": 90}, {"step": "feedback", "seconds": 21}],
    }
    text = next(path for path in group.rglob("*.toml") if "Dany" in path.read_text("utf-8")).read_text(
        "utf-8"
    )
    assert '[[sessions.airtime]]\nstep = "consultation"\nseconds = 90\n' in text
    # Read back through the store's models.
    store = LogbookStore.for_workspace(workspace)
    entry = store.load(engine.setup.group, "Dany/Ève").sessions[0]
    assert [(row.step, row.seconds) for row in entry.airtime] == [("consultation", 90), ("feedback", 21)]
    line = store.load_group(engine.setup.group).sessions[0]
    assert [(row.name, row.seconds) for row in line.airtime][-1] == ("Dany/Ève", 111)


def test_no_round_no_airtime_in_the_files(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    clock = FakeClock(T0)
    engine = SessionEngine.create(make_setup(CLASSIC, people=4), clock, workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    ok(engine, Start())
    clock.advance(60)
    assert control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter")) is None
    assert control.finish(str(tmp_path)).problems == ()
    texts = "".join(path.read_text("utf-8") for path in (tmp_path / "logbooks").rglob("*.toml"))
    assert "airtime" not in texts


# --- (6) resume from the journal gives the same airtime -----------------------------------


def test_resume_and_replay_give_the_same_airtime(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    clock = FakeClock(T0)
    engine = SessionEngine.create(make_setup(), clock, workspace)
    ok(engine, Start(), NextStep(), NextStep(), NextStep())
    clock.advance(100)
    ok(engine, NextSpeaker())
    clock.advance(40)
    ok(engine, GiveFloor(speaker_id=None))
    clock.advance(25)
    ok(engine, GiveFloor(speaker_id="p5"))
    clock.advance(12)
    ok(engine, Pause())
    before = engine.view()
    path = engine.journal_path
    assert path is not None
    entries = [json.loads(line)["entry"] for line in path.read_text("utf-8").splitlines()[1:]]
    # The first `t` of the round is journaled as what it did: the floor to the first speaker.
    assert {"op": "give_floor", "speaker_id": "p2"} in entries
    assert {"op": "give_floor", "speaker_id": None} in entries
    engine.close()
    assert SessionEngine.load(path, clock).view(at=before.now) == before
    clock.advance(3600)
    resumed = resume_session(path, clock, count_downtime=False)
    view = resumed.view()
    assert view.airtime_step == before.airtime_step == {"p2": 40, "p5": 12}
    assert view.turns is not None and view.turns.speaker_id == "p5"
    ok(resumed, Resume())
    clock.advance(8)
    assert resumed.view().airtime_step == {"p2": 40, "p5": 20}
    resumed.close()


def test_an_old_journal_replays_to_the_same_speakers_and_only_loses_the_auto_started_airtime(
    tmp_path: Path,
) -> None:
    # Written as codev did before the fix: `t` was a plain next_speaker record, and the first
    # of the round had the floor from the step's start.
    folder = sessions_dir(Workspace(tmp_path))
    writer, header = JournalWriter.create(folder, make_setup(), T0)
    old = [Start(), NextStep(), NextStep(), NextStep(), NextSpeaker(), NextSpeaker(), PreviousSpeaker()]
    times = [T0, T0 + 10, T0 + 20, T0 + 30, T0 + 130, T0 + 160, T0 + 200]
    for seq, (entry, at) in enumerate(zip(old, times, strict=True), start=1):
        writer.append(seq, at, entry)
    writer.close()
    loaded = SessionEngine.load(writer.path, FakeClock(T0))
    view = loaded.view(at=T0 + 210)
    turns = view.turns
    assert turns is not None
    # Before: p2 from the start, `t` → p3, `t` → p4, `T` → p3. The same speakers now…
    assert (turns.speaker_id, turns.position) == ("p3", 1)
    # …but p2's 100 s before the first `t` were nobody's: only what followed counts.
    assert view.airtime_step == pytest.approx({"p3": 30 + 10, "p4": 40})
    assert header.session_id


def test_a_hand_damaged_airtime_is_named_with_its_line_and_the_file_left_alone(tmp_path: Path) -> None:
    from codev.core.logbook import LogbookError
    from codev.core.logbook.reading import load_logbook

    path = tmp_path / "carnet.toml"
    text = (
        'format = 1\nparticipant = "Ana"\ngroup = "G"\n\n'
        '[[sessions]]\nid = "s1"\ndate = 2025-01-14T09:30:00+01:00\ngroup = "G"\nrole = "consultant"\n\n'
        '[[sessions.airtime]]\nstep = "consultation"\nseconds = -5\n'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LogbookError) as caught:
        load_logbook(path)
    [problem] = caught.value.problems
    assert problem.line == 13 and "airtime" in str(problem) and "seconds" in str(problem)
    assert path.read_text(encoding="utf-8") == text
