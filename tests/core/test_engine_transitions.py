"""Every transition of the session state machine, and every refusal, on a fake clock."""

from __future__ import annotations

import pytest
from engine_support import WITH_OPTIONAL, make_engine, protocol, step

from codev.core.i18n import set_lang
from codev.core.protocol.model import NoteKind
from codev.core.session import (
    Abandon,
    AcceptCatchUp,
    AddNote,
    AdjustTime,
    CommandType,
    DeleteNote,
    EditNote,
    Finish,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousSpeaker,
    PreviousStep,
    Refusal,
    Resume,
    SessionEngine,
    SessionStatus,
    SkipStep,
    Start,
    StepStatus,
)
from codev.core.session.model import MAX_NOTE_CHARS

EVERY_COMMAND: list[CommandType] = [
    Start(),
    Pause(),
    Resume(),
    NextStep(),
    PreviousStep(),
    SkipStep(),
    AdjustTime(seconds=60),
    AdjustTime(seconds=-60),
    NextSpeaker(),
    PreviousSpeaker(),
    AddNote(author_id="p2", text="Une idée"),
    EditNote(note_id="n1", text="x"),
    DeleteNote(note_id="n1"),
    AcceptCatchUp(),
    Finish(),
    Abandon(),
]


def refused(engine: SessionEngine, command: CommandType) -> str:
    """Apply a command that must be refused; check that nothing changed; return the reason key."""
    before = engine.view()
    check = engine.check(command)
    result = engine.apply(command)
    assert isinstance(result, Refusal), f"{command!r} was accepted"
    assert check == result
    assert engine.view() == before
    return result.key


def accepted(engine: SessionEngine, command: CommandType) -> None:
    assert engine.check(command) is None
    assert engine.apply(command) is None


def statuses(engine: SessionEngine) -> list[StepStatus]:
    return [s.status for s in engine.view().steps]


R, P, D, S, Y = StepStatus.RUNNING, StepStatus.PAUSED, StepStatus.DONE, StepStatus.SKIPPED, StepStatus.READY


# --- Not started ---------------------------------------------------------------------


def test_a_new_session_waits_at_the_first_step() -> None:
    engine, _ = make_engine()
    view = engine.view()
    assert view.status is SessionStatus.NOT_STARTED
    assert view.current_index == 0
    assert view.timer is None and view.turns is None and view.catch_up is None
    assert statuses(engine) == [Y] * 6
    assert view.started_at is None and view.ended_at is None


@pytest.mark.parametrize(
    "command", [c for c in EVERY_COMMAND if not isinstance(c, Start | Abandon)], ids=lambda c: c.op
)
def test_before_the_start_only_start_and_abandon_are_possible(command: CommandType) -> None:
    engine, _ = make_engine()
    assert refused(engine, command) == "engine.refuse.not_started"


def test_start_runs_the_first_step() -> None:
    engine, clock = make_engine()
    accepted(engine, Start())
    view = engine.view()
    assert view.status is SessionStatus.RUNNING
    assert statuses(engine) == [R, Y, Y, Y, Y, Y]
    assert view.started_at == clock.now()
    assert refused(engine, Start()) == "engine.refuse.already_started"


# --- Pause and resume ------------------------------------------------------------------


def test_pause_and_resume() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    assert refused(engine, Resume()) == "engine.refuse.not_paused"
    accepted(engine, Pause())
    assert engine.status is SessionStatus.PAUSED
    assert statuses(engine)[0] is P
    assert refused(engine, Pause()) == "engine.refuse.already_paused"
    accepted(engine, Resume())
    assert engine.status is SessionStatus.RUNNING
    assert statuses(engine)[0] is R


# --- Moving between steps -----------------------------------------------------------------


def test_next_step_closes_the_current_one_and_opens_the_next() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    accepted(engine, NextStep())
    assert statuses(engine) == [D, R, Y, Y, Y, Y]
    assert engine.view().current_index == 1


def test_moving_while_paused_stays_paused() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    accepted(engine, Pause())
    accepted(engine, NextStep())
    assert engine.status is SessionStatus.PAUSED
    assert statuses(engine) == [D, P, Y, Y, Y, Y]
    accepted(engine, PreviousStep())
    assert statuses(engine) == [P, Y, Y, Y, Y, Y]


def test_next_step_is_refused_on_the_last_step() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    for _ in range(5):
        accepted(engine, NextStep())
    assert refused(engine, NextStep()) == "engine.refuse.last_step"


def test_previous_step_reopens_it_and_puts_the_current_one_back_to_ready() -> None:
    engine, _ = make_engine()
    assert engine.apply(Start()) is None
    assert refused(engine, PreviousStep()) == "engine.refuse.first_step"
    accepted(engine, NextStep())
    accepted(engine, NextStep())
    accepted(engine, PreviousStep())
    assert statuses(engine) == [D, R, Y, Y, Y, Y]
    accepted(engine, PreviousStep())
    assert statuses(engine) == [R, Y, Y, Y, Y, Y]
    accepted(engine, NextStep())
    assert statuses(engine) == [D, R, Y, Y, Y, Y]


def test_only_an_optional_step_can_be_skipped() -> None:
    engine, _ = make_engine(WITH_OPTIONAL)
    accepted(engine, Start())
    accepted(engine, SkipStep())  # meteo is optional
    assert statuses(engine) == [S, R, Y, Y, Y, Y]
    assert refused(engine, SkipStep()) == "engine.refuse.not_optional"
    result = engine.apply(SkipStep())
    assert isinstance(result, Refusal)
    assert "Step expose" in result.message
    set_lang("fr")
    assert "« Étape expose »" in result.message  # the title follows the language


def test_next_step_jumps_over_skipped_steps_and_previous_step_undoes_a_skip() -> None:
    engine, _ = make_engine(WITH_OPTIONAL)
    accepted(engine, Start())
    accepted(engine, NextStep())  # expose
    accepted(engine, NextStep())  # choix (optional)
    accepted(engine, SkipStep())
    assert statuses(engine) == [D, D, S, R, Y, Y]
    accepted(engine, PreviousStep())  # back onto the skipped step: reopened
    assert statuses(engine) == [D, D, R, Y, Y, Y]
    accepted(engine, SkipStep())
    accepted(engine, PreviousStep())
    accepted(engine, NextStep())
    assert statuses(engine) == [D, D, D, R, Y, Y]


def test_skipping_is_refused_on_the_last_step() -> None:
    engine, _ = make_engine(protocol(step("a", 5), step("b", 5, optional=True)))
    accepted(engine, Start())
    accepted(engine, NextStep())
    assert refused(engine, SkipStep()) == "engine.refuse.last_step"


def test_next_step_is_refused_when_only_skipped_steps_follow() -> None:
    engine, _ = make_engine(protocol(step("a", 5), step("b", 5, optional=True), step("c", 5)))
    accepted(engine, Start())
    accepted(engine, NextStep())
    accepted(engine, SkipStep())
    accepted(engine, PreviousStep())
    accepted(engine, PreviousStep())
    assert statuses(engine) == [R, Y, Y]
    accepted(engine, NextStep())  # b is ready again (un-skipped by going back over it)
    assert engine.view().current_index == 1


# --- Ending -------------------------------------------------------------------------------


def test_finish_ends_the_session_and_closes_the_current_step() -> None:
    engine, clock = make_engine()
    accepted(engine, Start())
    accepted(engine, NextStep())
    clock.advance(10)
    accepted(engine, Finish())
    view = engine.view()
    assert view.status is SessionStatus.FINISHED
    assert statuses(engine) == [D, D, Y, Y, Y, Y]
    assert view.ended_at == clock.now()
    assert view.timer is None and view.catch_up is None
    for command in EVERY_COMMAND:
        if not isinstance(command, AddNote | EditNote | DeleteNote):
            assert refused(engine, command) == "engine.refuse.over"


def test_notes_can_be_tidied_up_after_the_end() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    accepted(engine, Finish())
    accepted(engine, AddNote(author_id="p2", text="Oubliée"))
    accepted(engine, EditNote(note_id="n1", text="Retrouvée"))
    accepted(engine, DeleteNote(note_id="n1"))


def test_abandon_before_the_start() -> None:
    engine, _ = make_engine()
    accepted(engine, Abandon())
    assert engine.status is SessionStatus.ABANDONED
    assert statuses(engine) == [Y] * 6
    assert refused(engine, Abandon()) == "engine.refuse.over"


def test_abandon_interrupts_the_current_step_and_freezes_the_notes() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    accepted(engine, AddNote(author_id="p2", text="Une idée"))
    accepted(engine, Abandon())
    assert statuses(engine)[0] is P
    assert refused(engine, AddNote(author_id="p2", text="x")) == "engine.refuse.abandoned"
    assert refused(engine, EditNote(note_id="n1", text="x")) == "engine.refuse.abandoned"
    assert refused(engine, DeleteNote(note_id="n1")) == "engine.refuse.abandoned"


# --- Time adjustments ---------------------------------------------------------------------


def test_adjust_time_rules() -> None:
    engine, clock = make_engine()
    accepted(engine, Start())
    assert refused(engine, AdjustTime(seconds=0)) == "engine.refuse.zero_time"
    assert refused(engine, AdjustTime(seconds=24 * 3600)) == "engine.refuse.too_long"
    accepted(engine, AdjustTime(seconds=120))
    assert engine.view().current.added_seconds == 120
    clock.advance(700)  # 600 planned + 120 added: 20 s left
    accepted(engine, AdjustTime(seconds=-300))  # only the 20 s left are removed
    view = engine.view()
    assert view.current.added_seconds == 100
    assert view.timer is not None and view.timer.remaining == 0 and view.timer.overtime == 0
    clock.advance(1)
    assert refused(engine, AdjustTime(seconds=-60)) == "engine.refuse.no_time_left"
    accepted(engine, AdjustTime(seconds=60))  # adding is always possible


# --- Turns ------------------------------------------------------------------------------


def test_speaker_commands_need_a_step_with_turns() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    assert refused(engine, NextSpeaker()) == "engine.refuse.no_turns"
    assert refused(engine, PreviousSpeaker()) == "engine.refuse.no_turns"


def test_speakers_go_round_the_table_and_back() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    for _ in range(3):
        accepted(engine, NextStep())  # consultation: consultants p2..p5
    turns = engine.view().turns
    assert turns is not None
    assert turns.order == ("p2", "p3", "p4", "p5")
    # Nobody has the floor until it is given: the first "next" opens the round.
    assert (turns.speaker_id, turns.next_speaker_id, turns.round) == (None, "p2", 1)
    assert refused(engine, PreviousSpeaker()) == "engine.refuse.first_turn"
    accepted(engine, NextSpeaker())
    turns = engine.view().turns
    assert turns is not None
    assert (turns.speaker_id, turns.next_speaker_id, turns.round) == ("p2", "p3", 1)
    assert refused(engine, PreviousSpeaker()) == "engine.refuse.first_turn"
    for _ in range(4):
        accepted(engine, NextSpeaker())
    turns = engine.view().turns
    assert turns is not None
    assert (turns.speaker_id, turns.round, turns.position) == ("p2", 2, 4)
    accepted(engine, PreviousSpeaker())
    turns = engine.view().turns
    assert turns is not None and turns.speaker_id == "p5" and turns.round == 1


def test_everyone_takes_turns_in_setup_order() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    for _ in range(5):
        accepted(engine, NextStep())
    turns = engine.view().turns
    assert turns is not None and turns.order == ("p0", "p1", "p2", "p3", "p4", "p5")


def test_consultants_exclude_observers_and_include_a_consulting_facilitator() -> None:
    engine, _ = make_engine(observer_ids=("p5",), facilitator_consults=True)
    assert engine.setup.consultant_ids == ("p1", "p2", "p3", "p4")


def test_nobody_to_take_turns() -> None:
    engine, _ = make_engine(protocol(step("tour", 5, turns="consultants")), people=2)
    accepted(engine, Start())
    assert engine.view().turns is None
    assert refused(engine, NextSpeaker()) == "engine.refuse.no_speakers"


# --- Notes ------------------------------------------------------------------------------


def test_notes_get_stable_ids_and_belong_to_a_step() -> None:
    engine, clock = make_engine()
    accepted(engine, Start())
    accepted(engine, AddNote(author_id="p2", text="  Une question ?  ", kind=NoteKind.QUESTION))
    accepted(engine, AddNote(author_id="p3", text="Pour plus tard", step_id="synthese"))
    notes = engine.view().notes
    assert [(n.id, n.step_id, n.kind, n.author_id, n.text) for n in notes] == [
        ("n1", "expose", NoteKind.QUESTION, "p2", "Une question ?"),
        ("n2", "synthese", NoteKind.NOTE, "p3", "Pour plus tard"),
    ]
    assert notes[0].created_at == clock.now() and notes[0].edited_at is None
    clock.advance(5)
    accepted(engine, EditNote(note_id="n1", kind=NoteKind.SUGGESTION, author_id="p4"))
    note = engine.view().notes[0]
    assert (note.kind, note.author_id, note.text, note.edited_at) == (
        NoteKind.SUGGESTION,
        "p4",
        "Une question ?",
        clock.now(),
    )
    accepted(engine, DeleteNote(note_id="n1"))
    accepted(engine, AddNote(author_id="p2", text="Encore"))
    assert [n.id for n in engine.view().notes] == ["n2", "n3"]  # a deleted id is never reused
    assert [n.id for n in engine.view().notes_for("synthese")] == ["n2"]


def test_note_refusals() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    assert refused(engine, AddNote(author_id="nobody", text="x")) == "engine.refuse.unknown_participant"
    assert refused(engine, AddNote(author_id="p2", text="x", step_id="nope")) == "engine.refuse.unknown_step"
    assert refused(engine, AddNote(author_id="p2", text=" \n ")) == "engine.refuse.empty_note"
    too_long = "x" * (MAX_NOTE_CHARS + 1)
    assert refused(engine, AddNote(author_id="p2", text=too_long)) == "engine.refuse.note_too_long"
    assert refused(engine, EditNote(note_id="n9", text="x")) == "engine.refuse.unknown_note"
    assert refused(engine, DeleteNote(note_id="n9")) == "engine.refuse.unknown_note"
    accepted(engine, AddNote(author_id="p2", text="ok"))
    assert refused(engine, EditNote(note_id="n1")) == "engine.refuse.nothing_to_edit"
    assert refused(engine, EditNote(note_id="n1", text="")) == "engine.refuse.empty_note"
    assert refused(engine, EditNote(note_id="n1", author_id="zz")) == "engine.refuse.unknown_participant"


# --- Catch-up -----------------------------------------------------------------------------


def test_catch_up_is_refused_while_on_time() -> None:
    engine, _ = make_engine()
    accepted(engine, Start())
    assert refused(engine, AcceptCatchUp()) == "engine.refuse.on_time"


def test_accepting_the_proposal_applies_it_and_brings_the_session_back_on_time() -> None:
    engine, clock = make_engine()
    accepted(engine, Start())
    clock.advance(600 + 900)  # 15 minutes over on the exposé
    proposal = engine.view().catch_up
    assert proposal is not None and proposal.feasible
    accepted(engine, AcceptCatchUp())
    view = engine.view()
    for item in proposal.items:
        assert view.steps[item.index].planned_seconds == item.proposed_seconds
    assert -len(proposal.items) <= view.late_seconds <= 0
    assert view.catch_up is None


def test_an_explicit_plan_is_checked() -> None:
    engine, _clock = make_engine()
    accepted(engine, Start())
    accepted(engine, NextStep())
    assert refused(engine, AcceptCatchUp(plan=(("expose", 300.0),))) == "engine.refuse.plan_step"
    assert refused(engine, AcceptCatchUp(plan=(("clarification", 300.0),))) == "engine.refuse.plan_step"
    assert refused(engine, AcceptCatchUp(plan=(("contrat", 299.0),))) == "engine.refuse.plan_floor"
    assert refused(engine, AcceptCatchUp(plan=(("zz", 299.0),))) == "engine.refuse.unknown_step"
    assert refused(engine, AcceptCatchUp(plan=(("contrat", 1e9),))) == "engine.refuse.too_long"
    accepted(engine, AcceptCatchUp(plan=(("contrat", 300.0), ("feedback", 700.0))))
    steps = engine.view().steps
    assert (steps[2].planned_seconds, steps[5].planned_seconds) == (300.0, 700.0)
    assert steps[2].original_seconds == 600.0


def test_nothing_to_cut_when_every_step_to_come_is_at_its_floor() -> None:
    engine, clock = make_engine(protocol(step("a", 5), step("b", 5)))
    accepted(engine, Start())
    clock.advance(600)
    proposal = engine.view().catch_up
    assert proposal is not None and not proposal.feasible and proposal.items == ()
    assert proposal.shortfall_seconds == proposal.late_seconds == 300
    assert refused(engine, AcceptCatchUp()) == "engine.refuse.nothing_to_cut"


# --- API hygiene ------------------------------------------------------------------------


def test_apply_rejects_what_is_not_a_command() -> None:
    engine, _ = make_engine()
    with pytest.raises(TypeError):
        engine.apply("start")  # type: ignore[arg-type]


def test_every_refusal_is_translated_in_both_languages() -> None:
    engine, _ = make_engine()
    result = engine.apply(Pause())
    assert isinstance(result, Refusal)
    assert str(result) == "The session has not started yet."
    set_lang("fr")
    assert str(result) == "La séance n’a pas encore commencé."
