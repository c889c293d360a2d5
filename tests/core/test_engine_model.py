"""The engine's vocabulary: setup validation, commands as journal records, translated strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from engine_support import CLASSIC, make_setup
from pydantic import ValidationError

import codev.core.session
from codev.core.catalog_build import load
from codev.core.i18n import set_lang
from codev.core.protocol.library import load_library
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
    Participant,
    Pause,
    Phase,
    PreviousSpeaker,
    PreviousStep,
    Resume,
    SessionSetup,
    SessionStatus,
    SkipStep,
    Start,
    StepStatus,
)
from codev.core.session.journal import Record
from codev.core.session.rules import Reopen


@pytest.mark.parametrize("name", ["Ana", "Céline 🌸", "Dany/Ève", "李雷", "O'Brien-Smith (co-anim)"])
def test_display_names_can_be_any_printable_unicode(name: str) -> None:
    assert Participant(id="x", name=name).name == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "Empty name"),
        ("   ", "Empty name"),
        ("evil\x1b[2J", "control characters"),
        ("two\nlines", "control"),
    ],
)
def test_names_refuse_blanks_and_control_characters(name: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        Participant(id="x", name=name)


def test_setup_refuses_duplicate_and_unknown_people() -> None:
    with pytest.raises(ValidationError, match="“p1” is used twice"):
        make_setup(
            participants=(Participant(id="p1", name="A"), Participant(id="p1", name="B")), client_id="p1"
        )
    set_lang("fr")
    with pytest.raises(ValidationError, match="« zz » ne fait pas partie des participants"):
        make_setup(scribe_id="zz")


def test_a_name_with_braces_is_not_taken_for_a_placeholder() -> None:
    with pytest.raises(ValidationError, match="used twice"):
        make_setup(
            participants=(Participant(id="{x}", name="A"), Participant(id="{x}", name="B")), client_id="{x}"
        )


def test_roles() -> None:
    setup = make_setup(scribe_id="p2", timekeeper_id="p3", observer_ids=("p5",))
    assert setup.consultant_ids == ("p2", "p3", "p4")  # scribe and timekeeper still consult
    assert setup.participant("p2") == Participant(id="p2", name="Céline 🌸")
    assert setup.participant("nobody") is None
    assert setup.speaking_order(CLASSIC.step("consultation")) == ("p2", "p3", "p4")
    assert setup.speaking_order(CLASSIC.step("feedback")) == ("p0", "p1", "p2", "p3", "p4", "p5")
    assert setup.speaking_order(CLASSIC.step("expose")) == ()


@pytest.mark.parametrize("protocol_id", sorted(load_library().entries))
def test_every_builtin_protocol_survives_the_journal_header(protocol_id: str) -> None:
    entry = load_library().get(protocol_id)
    assert entry is not None
    setup = make_setup(entry.protocol, number=3, speed=10)
    assert SessionSetup.model_validate_json(setup.model_dump_json()) == setup


ALL_ENTRIES: list[CommandType | Reopen] = [
    Start(),
    Pause(),
    Resume(),
    NextStep(),
    PreviousStep(),
    SkipStep(),
    AdjustTime(seconds=-90.5),
    NextSpeaker(),
    PreviousSpeaker(),
    AddNote(
        kind=NoteKind.SUGGESTION, author_id="p2", text="« Et si… » 🌱\nsur deux lignes", step_id="contrat"
    ),
    EditNote(note_id="n1", text="x", kind=NoteKind.LEARNING, author_id="p3"),
    DeleteNote(note_id="n1"),
    AcceptCatchUp(plan=(("contrat", 300.0), ("feedback", 612.0))),
    AcceptCatchUp(),
    Finish(),
    Abandon(),
    Reopen(count_downtime=True),
]


@pytest.mark.parametrize("entry", ALL_ENTRIES, ids=lambda entry: entry.op)
def test_every_entry_round_trips_through_a_journal_record(entry: CommandType | Reopen) -> None:
    record = Record(seq=7, at=1_700_000_123.456789, entry=entry)
    assert Record.model_validate_json(record.model_dump_json()) == record


def test_time_adjustments_must_be_finite() -> None:
    for bad in (float("inf"), float("nan")):
        with pytest.raises(ValidationError):
            AdjustTime(seconds=bad)


def test_status_and_phase_labels_are_translated() -> None:
    assert SessionStatus.PAUSED.label() == "paused"
    assert StepStatus.SKIPPED.label() == "skipped"
    assert Phase.WRAP_UP.label() == "wrap up"
    set_lang("fr")
    assert SessionStatus.PAUSED.label() == "en pause"
    assert Phase.OVERTIME.label() == "dépassement"


def test_every_engine_message_used_in_the_code_is_in_the_catalog() -> None:
    package = Path(codev.core.session.__file__).parent
    used: set[str] = set()
    for path in package.glob("*.py"):
        used.update(re.findall(r'"(engine\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    used.discard("engine.status.")  # built from enum values, checked just below
    catalog = {message.id for message in load("fr") if message.id}
    assert used - catalog == set()
    for prefix, enum in (("engine.status.", SessionStatus), ("engine.step_status.", StepStatus)):
        assert {f"{prefix}{member.value}" for member in enum} <= catalog
    assert {f"engine.phase.{member.value}" for member in Phase} <= catalog
