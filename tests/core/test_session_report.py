"""The session report: what the facilitator sends the group, built from a journal alone.

Planned and actual time per step and per round, airtime, the contract and plan as far as the
client's consent lets the group see them, the notes the room saw, the follow-ups; rendered
as Markdown, a printable HTML page (checked by a real HTML5 parser) and a CSV (read back).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import html5lib
import pytest
from engine_support import T0, make_setup, step

from codev.core.clock import FakeClock
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.report import (
    CSV_COLUMNS,
    ReportError,
    build_report,
    report_from_journal,
    report_stem,
    to_csv,
    to_html,
    to_markdown,
    write_reports,
)
from codev.core.session import (
    AddNote,
    Finish,
    NextSpeaker,
    NextStep,
    SessionEngine,
    SetConsent,
    SetRoomNotes,
    SkipStep,
    Start,
)
from codev.core.session.model import ActionDetails
from codev.core.workspace import Workspace

TRIO_ROUNDS = Protocol.model_validate(
    {
        "id": "essai",
        "title": {"fr": "Trio d'essai", "en": "Trial trio"},
        "description": {"fr": "Un essai.", "en": "A trial."},
        "rounds": 2,
        "steps": [
            step("meteo", 5, turns="everyone"),
            step("expose", 10) | {"repeat": True},
            step("conseil", 10, turns="consultants") | {"repeat": True},
            step("bilan", 5, optional=True),
            step("fin", 5),
        ],
    }
)
"""A weather round, two rounds of (exposé, advice round), an optional review, the end."""

HOSTILE = "<script>alert('x')</script> | **bold** & co"


def _ok(engine: SessionEngine, *commands: Any) -> None:
    for command in commands:
        assert engine.apply(command) is None, command


def _journal(tmp_path: Path, *, finish: bool = True, speed: float = 1.0) -> Path:
    """A real journal: every step run on a fake clock, notes of every kind, consent given
    for the contract only, the room shown the contract, suggestions, free notes and follow-ups."""
    clock = FakeClock(T0)
    setup = make_setup(TRIO_ROUNDS, people=4, speed=speed, number=3)
    engine = SessionEngine.create(setup, clock, Workspace(tmp_path))
    _ok(engine, Start())
    clock.advance(60)  # nobody has the floor yet: nobody's airtime
    _ok(engine, NextSpeaker())
    clock.advance(120)
    _ok(engine, NextSpeaker())
    clock.advance(60)
    _ok(
        engine,
        AddNote(
            kind=NoteKind.FOLLOWUP,
            author_id="p3",
            text="Tenu !",
            about="20240101-0900-abc123/a1",
            outcome="done",
        ),
        NextStep(),
    )
    clock.advance(630)
    _ok(
        engine,
        AddNote(kind=NoteKind.QUESTION, author_id="p0", text="Comment déléguer ?"),
        AddNote(kind=NoteKind.CONTRACT, author_id="p0", text="Aidez-moi à lâcher le budget"),
        NextStep(),
        NextSpeaker(),
    )
    clock.advance(300)
    _ok(
        engine,
        AddNote(kind=NoteKind.SUGGESTION, author_id="p2", text="Lister ce qui peut partir"),
        NextStep(),
    )
    clock.advance(480)
    _ok(engine, NextStep())
    clock.advance(540)
    deadline = ActionDetails(resources="Une heure", deadline="2024-06-30", indicator="Budget rendu")
    _ok(
        engine,
        AddNote(kind=NoteKind.ACTION, author_id="p0", text="Confier le budget à Lina", action=deadline),
        AddNote(kind=NoteKind.ACTION, author_id="p3", text="Relire mes délégations", owner_id="p3"),
        AddNote(kind=NoteKind.LEARNING, author_id="p2", text="Écouter avant de proposer"),
        AddNote(kind=NoteKind.NOTE, author_id="p1", text=HOSTILE),
        SetConsent(share=frozenset({"contract"})),
        SetRoomNotes(kinds=(NoteKind.CONTRACT, NoteKind.SUGGESTION, NoteKind.NOTE, NoteKind.FOLLOWUP)),
        NextStep(),
    )
    if finish:
        _ok(engine, SkipStep())
        clock.advance(120)
        _ok(engine, Finish())
    engine.close()
    assert engine.journal_path is not None
    return engine.journal_path


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return _journal(tmp_path)


def test_the_model_has_every_step_and_round_planned_and_actual(journal: Path) -> None:
    report = report_from_journal(journal, lang="en")
    assert report.group == "Groupe « Cap » / 2024" and report.number == 3
    assert report.protocol_title == "Trial trio" and report.subject == "Déléguer sans tout reprendre"
    assert report.status.value == "finished" and not report.rehearsal
    rows = [(s.step_id, s.round, s.status.value, s.planned_seconds, s.actual_seconds) for s in report.steps]
    assert rows == [
        ("meteo", None, "done", 300, 240),
        ("expose-r1", 1, "done", 600, 630),
        ("conseil-r1", 1, "done", 600, 300),
        ("expose-r2", 2, "done", 600, 480),
        ("conseil-r2", 2, "done", 600, 540),
        ("bilan", None, "skipped", 300, 0),
        ("fin", None, "done", 300, 120),
    ]
    assert report.steps[1].title == "Round 1 — Step expose"
    rounds = [(r.number, r.planned_seconds, r.actual_seconds, r.status.value) for r in report.rounds]
    assert rounds == [(1, 1200, 930, "done"), (2, 1200, 1020, "done")]
    assert (report.planned_seconds, report.actual_seconds) == (3300, 2310)


def test_the_model_says_who_was_there_and_their_airtime(journal: Path) -> None:
    report = report_from_journal(journal, lang="en")
    assert [(p.name, p.role.value) for p in report.people] == [
        ("Ana", "client"),
        ("Bruno", "facilitator"),
        ("Céline 🌸", "consultant"),
        ("Dany/Ève", "consultant"),
    ]
    # The weather round gave Ana 2 min then Bruno 1 min; the first advice round, Céline 5 min.
    assert [(a.name, a.seconds) for a in report.airtime] == [
        ("Ana", 120),
        ("Bruno", 60),
        ("Céline 🌸", 300),
        ("Dany/Ève", 0),
    ]


def test_the_group_sees_only_what_the_client_shared_and_never_a_plan(journal: Path) -> None:
    report = report_from_journal(journal, lang="en")
    assert [note.text for note in report.contract] == ["Aidez-moi à lâcher le budget"]
    assert report.question == () and report.suggestions == ()
    assert report.actions == ()
    # The group is told what stays in whose carnet, never what it says.
    assert {(w.part, w.owner, w.count) for w in report.withheld} == {
        ("question", "Ana", 1),
        ("suggestions", "Ana", 1),
        ("actions", "Ana", 1),
        ("actions", "Dany/Ève", 1),
    }
    # The notes the room was shown (a free note), not the learnings it was not.
    assert [note.text for note in report.notes] == [HOSTILE]
    (followup,) = report.followups
    assert (followup.person, followup.outcome, followup.comment) == ("Dany/Ève", "done", "Tenu !")
    for text in ("Comment déléguer", "Lister ce qui", "Confier le budget", "Relire mes", "Écouter avant"):
        assert text not in to_markdown(report) and text not in to_html(report)


def test_a_participants_own_copy_has_her_whole_account_and_plan(journal: Path) -> None:
    report = report_from_journal(journal, lang="en", audience="Ana")
    assert [note.text for note in report.question] == ["Comment déléguer ?"]
    assert [(note.author, note.text) for note in report.suggestions] == [
        ("Céline 🌸", "Lister ce qui peut partir")
    ]
    (action,) = report.actions
    assert (action.objective, action.resources, action.deadline, action.indicator, action.owner) == (
        "Confier le budget à Lina",
        "Une heure",
        dt.date(2024, 6, 30),
        "Budget rendu",
        "Ana",
    )
    assert {(w.part, w.owner) for w in report.withheld} == {("actions", "Dany/Ève")}
    with pytest.raises(ReportError, match="Zoé"):
        report_from_journal(journal, lang="en", audience="Zoé")


def test_an_unfinished_session_and_a_rehearsal_report_too(tmp_path: Path) -> None:
    running = report_from_journal(_journal(tmp_path / "a", finish=False), lang="en")
    assert running.status.value == "running"
    assert [s.status.value for s in running.steps][-2:] == ["running", "ready"]
    assert not running.rehearsal
    # A step still to come has no actual time and no difference yet (not "0 min, -5 min").
    last_row = [line for line in to_markdown(running).splitlines() if line.startswith("| 7 |")]
    assert last_row and [cell.strip() for cell in last_row[0].split("|")[4:6]] == ["—", ""], last_row
    rehearsal = report_from_journal(_journal(tmp_path / "b", speed=10), lang="en")
    assert rehearsal.rehearsal
    assert "Rehearsal" in to_markdown(rehearsal)
    assert "Rehearsal" in to_html(rehearsal) and "Rehearsal" not in to_html(running)


def test_csv_has_one_row_per_step_and_per_round_under_stable_columns(journal: Path) -> None:
    text = to_csv(report_from_journal(journal, lang="fr"))
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    steps = [row for row in rows if row["row"] == "step"]
    rounds = [row for row in rows if row["row"] == "round"]
    assert [(r["step_id"], r["planned_seconds"], r["actual_seconds"], r["status"]) for r in steps] == [
        ("meteo", "300", "240", "done"),
        ("expose-r1", "600", "630", "done"),
        ("conseil-r1", "600", "300", "done"),
        ("expose-r2", "600", "480", "done"),
        ("conseil-r2", "600", "540", "done"),
        ("bilan", "300", "0", "skipped"),
        ("fin", "300", "120", "done"),
    ]
    assert [(r["round"], r["planned_seconds"], r["actual_seconds"]) for r in rounds] == [
        ("1", "1200", "930"),
        ("2", "1200", "1020"),
    ]
    assert steps[1]["title"] == "Tour 1 — Étape expose"
    assert {row["session_id"] for row in rows} == {journal.stem}
    assert {row["date"] for row in rows} == {"2024-05-14"}


def _parse(page: str) -> Any:
    # strict: a parse error (invalid HTML5) raises instead of being repaired silently.
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def _table(document: Any, table_id: str) -> list[list[str]]:
    table = document.find(f".//table[@id='{table_id}']")
    assert table is not None, table_id
    return [["".join(cell.itertext()).strip() for cell in row] for row in table.iter("tr")]


def test_html_is_one_valid_printable_page_with_the_tables(journal: Path) -> None:
    page = to_html(report_from_journal(journal, lang="en"))
    document = _parse(page)
    assert document.get("lang") == "en"
    assert document.find(".//style") is not None and "@media print" in page
    assert document.find(".//script") is None and document.find(".//link") is None
    steps = _table(document, "report-steps")
    assert steps[0] == ["#", "Step", "Planned", "Actual", "Difference", "Status"]
    assert steps[2][:4] == ["2", "Round 1 — Step expose", "10 min", "10 min 30 sec"]
    assert steps[-2][1:] == ["Step bilan", "5 min", "0 min", "-5 min", "skipped"]
    rounds = _table(document, "report-rounds")
    assert rounds[1][:3] == ["1", "20 min", "15 min 30 sec"]
    people = _table(document, "report-people")
    assert ["Ana", "client"] in people and ["Bruno", "facilitator"] in people
    airtime = _table(document, "report-airtime")
    assert ["Céline 🌸", "5 min"] in airtime
    notes = "".join(document.find(".//section[@id='report-notes']").itertext())
    assert HOSTILE in notes  # shown as text, never read as markup
    assert "Tuesday, May 14, 2024" in page


def test_html_carries_the_plan_for_its_owner(journal: Path) -> None:
    document = _parse(to_html(report_from_journal(journal, lang="fr", audience="Ana")))
    assert document.get("lang") == "fr"
    actions = _table(document, "report-actions")
    assert actions[0] == ["Objectif", "Ressources", "Échéance", "Indicateur", "Qui"]
    assert actions[1] == ["Confier le budget à Lina", "Une heure", "30 juin 2024", "Budget rendu", "Ana"]


def test_markdown_holds_the_session(journal: Path) -> None:
    text = to_markdown(report_from_journal(journal, lang="fr"))
    assert text.startswith("# ")
    assert "Groupe « Cap » / 2024" in text and "Trio d'essai" in text and "mardi 14 mai 2024" in text
    assert "| Tour 1 — Étape expose | 10 min | 10 min 30 s |" in text
    assert "Aidez-moi à lâcher le budget" in text
    assert "Dany/Ève" in text and "fait" in text  # the follow-up
    # Markdown's own characters in a note are escaped: the note reads as typed, never as markup.
    assert r"\<script\>" in text and r"\| \*\*bold\*\*" in text


def test_a_german_report_has_german_dates(journal: Path) -> None:
    report = report_from_journal(journal, lang="de")
    assert "Dienstag, 14. Mai 2024" in to_markdown(report)
    assert _parse(to_html(report)).get("lang") == "de"


def test_reports_are_written_in_the_workspace_under_a_safe_unique_name(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    workspace = Workspace(tmp_path)
    report = report_from_journal(journal, lang="en")
    html_path, csv_path = write_reports(report, workspace)
    assert html_path.parent == workspace.logbooks_dir / "_reports" == csv_path.parent
    assert html_path.name == f"{report_stem(report)}.html" and csv_path.suffix == ".csv"
    assert "/" not in report_stem(report) and journal.stem in report_stem(report)
    assert "groupe-cap-2024" in report_stem(report)
    assert _parse(html_path.read_text(encoding="utf-8")) is not None
    # Again: the same files, brought up to date.
    assert write_reports(report, workspace) == (html_path, csv_path)


def test_a_report_is_never_written_through_a_link(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    workspace = Workspace(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.logbooks_dir / "_reports").symlink_to(elsewhere)
    with pytest.raises(OSError, match="link"):
        write_reports(report_from_journal(journal, lang="en"), workspace)
    assert list(elsewhere.iterdir()) == []


def test_the_model_from_a_live_view_matches_the_journal(journal: Path) -> None:
    engine = SessionEngine.load(journal, FakeClock(0.0))
    live = build_report(
        engine.setup, engine.view(engine.last_activity), session_id=engine.session_id, lang="en"
    )
    assert live == report_from_journal(journal, lang="en")


def test_the_calendar_has_the_deadlines_the_copy_shows_and_the_next_meeting(journal: Path) -> None:
    from icalendar import Calendar

    from codev.core.report.ics import report_events, to_calendar

    meeting = dt.date(2024, 6, 11)
    own = report_events(report_from_journal(journal, lang="en", audience="Ana"), meeting)
    assert [(event.title, event.day) for event in own] == [
        ("Deadline: Confier le budget à Lina", dt.date(2024, 6, 30)),
        ("Co-development session — Groupe « Cap » / 2024", meeting),
    ]
    # The carnets' ids: the first action of the session is a1, whoever's it is.
    assert own[0].uid.startswith(f"action-{journal.stem}-a1-")
    assert "Budget rendu" in own[0].description
    group = report_from_journal(journal, lang="en")
    assert [event.day for event in report_events(group, meeting)] == [meeting]
    parsed = Calendar.from_ical(to_calendar(group, None))
    assert list(parsed.walk("VEVENT")) == []


def test_each_round_client_shares_by_her_own_consent(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    setup = make_setup(TRIO_ROUNDS, people=4, round_clients=("p0", "p2"))
    engine = SessionEngine.create(setup, clock, Workspace(tmp_path))
    _ok(engine, Start(), NextStep(), NextStep(), NextStep())  # round 2's exposé: Céline is client
    _ok(
        engine,
        AddNote(kind=NoteKind.CONTRACT, author_id="p0", text="Le contrat d'Ana", step_id="expose-r1"),
        AddNote(kind=NoteKind.CONTRACT, author_id="p2", text="Le contrat de Céline", step_id="expose-r2"),
        SetConsent(share=frozenset({"contract"}), client_id="p2"),
    )
    engine.close()
    assert engine.journal_path is not None
    report = report_from_journal(engine.journal_path, lang="en")
    assert [(note.owner, note.text) for note in report.contract] == [("Céline 🌸", "Le contrat de Céline")]
    assert [(w.part, w.owner) for w in report.withheld] == [("contract", "Ana")]
    assert [item.client for item in report.rounds] == ["Ana", "Céline 🌸"]
