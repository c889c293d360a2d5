"""Action plans: an action note's objective, resources, deadline and indicator, from the
command to the client's carnet and its export; the journal keeps them and still reads the
journals written before they existed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_setup
from pydantic import ValidationError

from codev.core.clock import FakeClock
from codev.core.deadline import DeadlineError, parse_deadline
from codev.core.logbook import LogbookStore
from codev.core.logbook.export import ExportFormat, export
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote, EditNote, SessionEngine, Start
from codev.core.session.model import MAX_ACTION_DETAIL_CHARS, ActionDetails
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

CLIENT = "Ana"  # p0 in make_setup


def live_session(tmp_path: Path) -> tuple[SessionController, Workspace]:
    workspace = Workspace(tmp_path / "ws")
    engine = SessionEngine.create(make_setup(CLASSIC, people=3), FakeClock(T0), workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    assert control.send(Start()) is None
    return control, workspace


DETAILS = ActionDetails(
    resources="30 minutes avec Marie", deadline="2025-02-10", indicator="tient sur une page"
)


def test_an_action_keeps_its_four_fields_from_the_note_to_the_export(tmp_path: Path) -> None:
    control, workspace = live_session(tmp_path)
    note = AddNote(kind=NoteKind.ACTION, author_id="p0", text="Écrire les messages clés", action=DETAILS)
    assert control.send(note) is None
    assert control.send(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Appeler Paul")) is None
    assert control.flush(10)
    (shown, bare) = control.view().notes
    assert shown.action == DETAILS and bare.action is None
    store = LogbookStore.for_workspace(workspace)
    (entry,) = store.load(make_setup().group, CLIENT).sessions
    first, second = entry.actions
    assert (first.objective, first.resources, first.deadline, first.indicator) == (
        "Écrire les messages clés",
        "30 minutes avec Marie",
        dt.date(2025, 2, 10),
        "tient sur une page",
    )
    assert (second.objective, second.resources, second.deadline, second.indicator) == (
        "Appeler Paul",
        "",
        None,
        "",
    )
    text = export([store.load(make_setup().group, CLIENT)], ExportFormat.MARKDOWN)
    for shown_text in (
        "Écrire les messages clés",
        "30 minutes avec Marie",
        "February 10, 2025",
        "tient sur une page",
    ):
        assert shown_text in text


def test_editing_an_action_changes_its_details_alone(tmp_path: Path) -> None:
    control, workspace = live_session(tmp_path)
    assert (
        control.send(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Appeler Paul", action=DETAILS))
        is None
    )
    (note,) = control.view().notes
    changed = ActionDetails(resources="", deadline="2025-03-01", indicator="un rendez-vous pris")
    assert control.send(EditNote(note_id=note.id, action=changed)) is None  # the details alone: an edit
    assert control.flush(10)
    (note,) = control.view().notes
    assert note.text == "Appeler Paul" and note.action == changed
    (entry,) = LogbookStore.for_workspace(workspace).load(make_setup().group, CLIENT).sessions
    (action,) = entry.actions
    assert (action.resources, action.deadline, action.indicator) == (
        "",
        dt.date(2025, 3, 1),
        "un rendez-vous pris",
    )


def test_details_belong_to_an_action_only(tmp_path: Path) -> None:
    control, _ = live_session(tmp_path)
    refusal = control.send(AddNote(kind=NoteKind.NOTE, author_id="p0", text="Une note", action=DETAILS))
    assert refusal is not None and refusal.key == "engine.refuse.details_not_action"
    assert control.send(AddNote(kind=NoteKind.NOTE, author_id="p0", text="Une note")) is None
    (note,) = control.view().notes
    refusal = control.send(EditNote(note_id=note.id, action=DETAILS))
    assert refusal is not None and refusal.key == "engine.refuse.details_not_action"
    # Made an action by the same edit: accepted.
    assert control.send(EditNote(note_id=note.id, kind=NoteKind.ACTION, action=DETAILS)) is None


@pytest.mark.parametrize("field", ["resources", "indicator"])
def test_details_too_long_are_refused_naming_the_field(tmp_path: Path, field: str) -> None:
    control, _ = live_session(tmp_path)
    long = ActionDetails(**{field: "x" * (MAX_ACTION_DETAIL_CHARS + 1)})
    refusal = control.send(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Agir", action=long))
    assert refusal is not None and refusal.key == f"engine.refuse.{field}_too_long"
    assert str(MAX_ACTION_DETAIL_CHARS) in refusal.message
    assert control.view().notes == ()
    at_limit = ActionDetails(**{field: "x" * MAX_ACTION_DETAIL_CHARS})
    assert control.send(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Agir", action=at_limit)) is None


@pytest.mark.parametrize("typed", ["10/02/2025", "2025-02-30", "20250210", "2025-W07-1", "demain"])
def test_a_deadline_in_a_command_is_an_iso_date(typed: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ActionDetails(deadline=typed)
    assert typed in str(raised.value) and "YYYY-MM-DD" in str(raised.value)


def test_details_are_trimmed_and_an_empty_deadline_is_none() -> None:
    details = ActionDetails(resources="  du temps  ", deadline=" ", indicator="\tfait\n")
    assert details == ActionDetails(resources="du temps", indicator="fait")
    assert ActionDetails(deadline="2025-02-10").deadline_date == dt.date(2025, 2, 10)


def test_the_journal_replays_the_details_and_reads_journals_written_before_them(tmp_path: Path) -> None:
    control, _ = live_session(tmp_path)
    engine = control.engine
    assert (
        engine.apply(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Appeler Paul", action=DETAILS))
        is None
    )
    assert engine.apply(AddNote(kind=NoteKind.ACTION, author_id="p0", text="Écrire")) is None
    journal = engine.journal_path
    assert journal is not None
    clock = FakeClock(T0 + 60)
    assert SessionEngine.load(journal, clock).view().notes == engine.view(at=T0 + 60).notes
    # A journal written before actions had details: no "action" key in its notes.
    lines = journal.read_text("utf-8").splitlines()
    old, kept = [], 0
    for line in lines:
        data = json.loads(line)
        entry = data.get("entry", {})
        if entry.get("op") == "add_note" and entry.get("action") is None:
            del entry["action"]
        kept += "action" in entry
        old.append(json.dumps(data, ensure_ascii=False))
    assert kept == 1
    journal.write_text("\n".join(old) + "\n", "utf-8")
    notes = SessionEngine.load(journal, clock).view().notes
    assert [(note.text, note.action) for note in notes] == [("Appeler Paul", DETAILS), ("Écrire", None)]


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2025-02-10", dt.date(2025, 2, 10)),
        ("10/02/2025", dt.date(2025, 2, 10)),
        (" 1/2/2025 ", dt.date(2025, 2, 1)),
        ("10.02.2025", dt.date(2025, 2, 10)),  # German
        ("10-02-2025", dt.date(2025, 2, 10)),  # Dutch
        ("", None),
        ("   ", None),
    ],
)
def test_a_typed_deadline_reads_iso_or_day_first(typed: str, date: dt.date | None) -> None:
    assert parse_deadline(typed) == date


@pytest.mark.parametrize("typed", ["31/02/2025", "2025-13-01", "10/02/25", "demain", "2025-2-10", "02/10"])
def test_a_typed_deadline_that_is_no_date_is_refused_with_what_was_typed(typed: str) -> None:
    with pytest.raises(DeadlineError) as raised:
        parse_deadline(typed)
    assert typed.strip() in raised.value.message and "YYYY-MM-DD" in raised.value.message
