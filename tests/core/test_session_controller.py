"""The facilitator's session without any screen: what each key means, the joker at zero,
what the room is shown, and carnets written in the background, once per burst."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from engine_support import CLASSIC, make_engine, make_setup

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import NoteKind
from codev.core.room import room_picture
from codev.core.session import (
    AcceptCatchUp,
    AddNote,
    Finish,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousStep,
    Resume,
    RoomScreen,
    SessionEngine,
    SessionStatus,
    SessionView,
    SetRoomMessage,
    Start,
    UseJoker,
)
from codev.core.session_controller import CarnetWriter, SessionController
from codev.core.workspace import Workspace


def controller() -> tuple[SessionController, FakeClock]:
    engine, clock = make_engine()
    return SessionController(engine), clock


def press(control: SessionController, action: str, argument: float = 0) -> None:
    decision = control.decide(action, argument=argument)
    assert decision is not None, action
    assert control.send(decision.command) is None, action


def test_page_down_starts_then_moves_on_and_asks_before_finishing() -> None:
    control, clock = controller()
    assert control.decide("next") == type(control.decide("next"))(Start())
    press(control, "next")
    for _ in range(5):
        clock.advance(60)
        decision = control.decide("next")
        assert decision is not None and isinstance(decision.command, NextStep) and decision.confirm is None
        control.send(decision.command)
    last = control.decide("next")
    assert last is not None and isinstance(last.command, Finish)
    assert last.finishes and last.confirm == "ui.live.confirm_finish"


def test_page_up_asks_only_once_the_step_has_run() -> None:
    control, clock = controller()
    press(control, "next")
    press(control, "next")
    at_once = control.decide("previous")
    assert at_once is not None and isinstance(at_once.command, PreviousStep) and at_once.confirm is None
    clock.advance(5)
    later = control.decide("previous")
    assert later is not None and later.confirm == "ui.live.confirm_previous"


def test_f5_and_escape_share_one_toggle_so_a_clicker_alternating_them_pauses_and_resumes() -> None:
    control, _ = controller()
    commands = []
    for _ in range(4):
        decision = control.decide("start_pause")
        assert decision is not None
        commands.append(type(decision.command))
        control.send(decision.command)
    assert commands == [Start, Pause, Resume, Pause]


def test_at_zero_page_up_grants_the_joker_once_then_goes_back_as_usual() -> None:
    control, clock = controller()
    press(control, "next")
    clock.advance(10 * 60 + 30)  # 30 s over the first step's 10 minutes
    view = control.view()
    assert view.at_zero and control.joker_available(view)
    decision = control.decide("previous")
    assert decision is not None and isinstance(decision.command, UseJoker)
    control.send(decision.command)
    view = control.view()
    assert view.timer is not None and view.timer.remaining == pytest.approx(120)
    assert not view.at_zero and view.current.joker_used
    clock.advance(121)
    view = control.view()
    assert view.at_zero and not control.joker_available(view)
    again = control.decide("previous")
    assert again is not None and isinstance(again.command, PreviousStep)
    refusal = control.send(UseJoker(seconds=60))
    assert refusal is not None and refusal.key == "engine.refuse.joker_used"


def test_the_joker_is_refused_before_zero() -> None:
    control, _ = controller()
    press(control, "next")
    refusal = control.send(UseJoker(seconds=120))
    assert refusal is not None and refusal.key == "engine.refuse.joker_early"


def test_shift_f5_gives_the_floor_in_a_round_and_accepts_the_plan_elsewhere() -> None:
    control, clock = controller()
    press(control, "next")
    for minutes in (10, 20, 10):
        clock.advance(minutes * 60)  # each step on time
        press(control, "next")  # to the consultation, which has turns
    cue = control.decide("cue")
    assert cue is not None and isinstance(cue.command, NextSpeaker)
    clock.advance(30 * 60)
    press(control, "next")  # synthèse: no turns
    assert control.decide("cue") is None  # on time: nothing to accept
    clock.advance(18 * 60)  # 3 minutes late: the feedback can give them back
    cue = control.decide("cue")
    assert cue is not None and isinstance(cue.command, AcceptCatchUp)


def test_blank_and_timer_only_toggle_what_the_room_sees_and_are_journaled(tmp_path: Path) -> None:
    clock = FakeClock(1_700_000_000.0)
    engine = SessionEngine.create(make_setup(), clock, Workspace(tmp_path))
    control = SessionController(engine)
    press(control, "blank")  # before the start too
    assert control.view().room.screen is RoomScreen.BLANK
    press(control, "blank")
    press(control, "timer_only")
    assert control.send(SetRoomMessage(text="  Pause — retour à 10 h 40 ")) is None
    path = engine.journal_path
    engine.close()
    assert path is not None
    replayed = SessionEngine.load(path, clock).view()
    assert replayed.room.screen is RoomScreen.TIMER
    assert replayed.room.message == "Pause — retour à 10 h 40"


def test_the_room_sees_names_and_only_the_kinds_of_notes_it_is_allowed() -> None:
    control, _ = controller()
    press(control, "next")
    setup = control.setup
    picture = control.picture()
    assert picture.speakers == "Ana (client)"  # the client is p0, named Ana
    assert picture.step_number == 1 and picture.step_total == 6
    for _ in range(3):
        press(control, "next")
    picture = control.picture()
    assert picture.speaker is None and picture.nobody_speaks  # nobody has the floor yet
    assert picture.next_speaker == "Céline 🌸"
    press(control, "cue")  # Shift+F5 opens the round
    picture = control.picture()
    assert picture.speaker == "Céline 🌸"  # consultants in order: p2 first (p1 facilitates)
    assert [line.name for line in picture.turns][:2] == ["Céline 🌸", "Dany/Ève"]
    control.send(AddNote(kind=NoteKind.NOTE, author_id="p0", text="mon histoire privée"))
    control.send(AddNote(kind=NoteKind.SUGGESTION, author_id="p2", text="Déléguer un dossier"))
    shown = [note.text for note in control.picture().notes]
    assert shown == ["Déléguer un dossier"]
    control.room_notes([NoteKind.NOTE])
    assert [note.text for note in control.picture().notes] == ["mon histoire privée"]
    assert setup.participant("p2") is not None


def test_a_journal_that_cannot_be_written_refuses_the_command_with_its_reason(tmp_path: Path) -> None:
    clock = FakeClock(1_700_000_000.0)
    engine = SessionEngine.create(make_setup(), clock, Workspace(tmp_path))
    control = SessionController(engine)
    engine.close()  # every append now fails as a full disk would
    refusal = control.send(Start())
    assert refusal is not None and refusal.key == "engine.refuse.not_saved"
    assert control.view().status is SessionStatus.NOT_STARTED


def test_a_burst_of_notes_is_saved_once_and_in_order() -> None:
    gate = threading.Event()
    saved: list[int] = []

    def slow_save(view: SessionView) -> None:
        gate.wait(5)
        saved.append(len(view.notes))

    reports: list[str | None] = []
    writer = CarnetWriter(slow_save, lambda result, error: reports.append(error))
    engine, _ = make_engine()
    engine.apply(Start())
    for index in range(10):
        engine.apply(AddNote(author_id="p2", text=f"idée {index}"))
        writer.submit(engine.view())
    gate.set()
    assert writer.flush(5)
    # The first save may have started before the burst; the last one always has all ten.
    assert saved[-1] == 10 and len(saved) <= 2
    assert reports == [None] * len(saved)


def test_a_save_that_fails_is_reported_and_the_writer_goes_on() -> None:
    calls: list[int] = []

    def failing(view: SessionView) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disque plein")

    reports: list[str | None] = []
    writer = CarnetWriter(failing, lambda result, error: reports.append(error))
    engine, _ = make_engine()
    writer.submit(engine.view())
    assert writer.flush(5)
    writer.submit(engine.view())
    assert writer.flush(5)
    assert reports == ["disque plein", None]


def test_notes_reach_the_carnets_in_the_background_and_finish_writes_them(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    clock = FakeClock(1_700_000_000.0)
    engine = SessionEngine.create(make_setup(CLASSIC, people=4), clock, workspace)
    errors: list[str | None] = []
    control = SessionController(
        engine, store=LogbookStore.for_workspace(workspace), report=lambda saved, error: errors.append(error)
    )
    press(control, "next")
    control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter avant de proposer"))
    assert control.flush(10)
    assert control.saves >= 1 and errors and all(error is None for error in errors)
    outcome = control.finish(str(tmp_path))
    assert outcome.problems == ()
    assert any("carnet" in name or name.endswith(".toml") for name in outcome.written)
    texts = "".join(path.read_text("utf-8") for path in tmp_path.rglob("*.toml"))
    assert "écouter avant de proposer" in texts


def test_the_picture_says_the_phase_in_words_not_only_in_colour() -> None:
    control, clock = controller()
    picture = control.picture()
    assert picture.phase == "idle" and picture.phase_words == "not started"
    press(control, "next")
    clock.advance(9 * 60)
    picture = room_picture(control.setup, control.view())
    assert picture.phase == "wrap-up" and picture.phase_words == "wrap up"
    clock.advance(2 * 60)
    picture = control.picture()
    assert picture.phase == "overtime" and picture.phase_words == "overtime" and picture.at_zero
    assert picture.timer == "+01:00"


def test_the_built_in_protocols_catch_up_never_cuts_the_learnings() -> None:
    from codev.core.protocol.library import load_library

    for protocol_id in ("codev", "codev-express", "codev-suivi"):
        entry = load_library().get(protocol_id)
        assert entry is not None
        engine, clock = make_engine(entry.protocol)
        control = SessionController(engine)
        press(control, "next")
        clock.advance(entry.protocol.steps[0].minutes * 60 + 20 * 60)  # 20 minutes late already
        proposal = control.view().catch_up
        assert proposal is not None and proposal.items, protocol_id
        assert "feedback" not in [item.step_id for item in proposal.items], protocol_id


def test_plus_and_minus_change_the_step_time_and_keys_that_do_nothing_are_off() -> None:
    control, _ = controller()
    view = control.view()
    assert not control.enabled("previous", view)  # nothing before the first step
    assert not control.enabled("speaker", view, 1)  # not started, and the exposé has no turns
    assert not control.enabled("catch_up", view)
    assert control.enabled("start_pause", view) and control.enabled("next", view)
    press(control, "start_pause")
    for argument in (60, 60, -60):
        press(control, "adjust", argument)
    view = control.view()
    assert view.timer is not None and view.timer.remaining == pytest.approx(11 * 60)
    assert not control.enabled("speaker", view, 1)  # still no turns in the exposé
