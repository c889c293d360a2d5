"""The group's wall (note kind ``wall``) and steps where everyone commits (``each_commits``).

A wall note belongs to the group: it is kept in the group file's session entry, never in a
person's carnet, survives a crash through the journal, and shows in the report and in an
attendee's carnet export. In an ``each_commits`` step an action belongs to its author.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from engine_support import T0
from owners_support import TRIO, started, trio_setup

from codev.cli import carnet_cmd
from codev.cli.context import Context, add_common_options
from codev.core.clock import FakeClock
from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import LogbookStore
from codev.core.logbook.models import GroupFile, GroupSession, WallNote
from codev.core.logbook.reading import parse_file
from codev.core.logbook.toml_render import render_table
from codev.core.protocol.loader import ProtocolError, parse_protocol
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.report import build_report, to_csv, to_html, to_markdown
from codev.core.session import AddNote, SessionEngine
from codev.core.session.model import DEFAULT_ROOM_NOTE_KINDS, default_owner
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def _step(step_id: str, *kinds: str, each_commits: bool = False) -> dict[str, object]:
    data: dict[str, object] = {
        "id": step_id,
        "title": {"fr": f"Étape {step_id}", "en": f"Step {step_id}"},
        "instructions": {"fr": "Faire.", "en": "Do."},
        "minutes": 10,
        "speakers": "everyone",
        "notes": list(kinds),
    }
    if each_commits:
        data["each_commits"] = True
    return data


WALLED = Protocol.model_validate(
    {
        "format": 2,
        "id": "wall-test",
        "title": {"fr": "Mur", "en": "Wall"},
        "description": {"fr": "Un test.", "en": "A test."},
        "steps": [
            _step("souhaits", "wall", "note"),
            _step("engagements", "action", "learning", each_commits=True),
            _step("synthese", "action"),
        ],
    }
)


def run(workspace: Path, *argv: str) -> int:
    """The exit status of ``codev ARGV`` (a carnet command) run in ``workspace``."""
    common = argparse.ArgumentParser(add_help=False)
    add_common_options(common)
    parser = argparse.ArgumentParser(prog="codev", parents=[common])
    carnet_cmd.register(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(list(argv))
    return int(args.handler(args, Context(Workspace(workspace), get_lang())))


def _note(
    control: SessionController, kind: NoteKind, author: str, text: str, step: str, **extra: object
) -> None:
    command = AddNote(kind=kind, author_id=author, text=text, step_id=step, **extra)
    assert control.send(command) is None


# --- The format ---------------------------------------------------------------------------------

HEAD = 'format = {fmt}\nid = "x"\ntitle = {{ fr = "T" }}\ndescription = {{ en = "D" }}\n'
STEP = (
    '[[steps]]\nid = "s1"\ntitle = {{ fr = "A" }}\ninstructions = {{ en = "Do" }}\n'
    'minutes = 5\nspeakers = "everyone"\nnotes = ["wall", "action"]\n{extra}'
)
STEP_1 = STEP.replace('"wall", ', "")
"""The step in a format 1 file, which has no wall (an older codev refuses the kind)."""


def test_wall_is_a_note_kind_and_each_commits_a_format_2_step_key() -> None:
    protocol = parse_protocol(HEAD.format(fmt=2) + STEP.format(extra="each_commits = true\n"), "x.toml")
    assert protocol.steps[0].notes == [NoteKind.WALL, NoteKind.ACTION]
    assert protocol.steps[0].each_commits
    plain = parse_protocol(HEAD.format(fmt=1) + STEP_1.format(extra=""), "x.toml")
    assert not plain.steps[0].each_commits


def test_a_format_1_file_refuses_each_commits_with_its_line() -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(HEAD.format(fmt=1) + STEP_1.format(extra="each_commits = true\n"), "x.toml")
    assert [str(problem) for problem in caught.value.problems] == [
        "x.toml:12: steps.1.each_commits: needs format = 2 at the top of the file"
    ]


def test_the_room_sees_the_wall_by_default() -> None:
    assert NoteKind.WALL in DEFAULT_ROOM_NOTE_KINDS


# --- each_commits: an action belongs to its author ------------------------------------------------


def test_in_an_each_commits_step_an_action_is_its_authors() -> None:
    setup = trio_setup(WALLED)
    each, plain = setup.protocol.step("engagements"), setup.protocol.step("synthese")
    assert default_owner(setup, each, NoteKind.ACTION, "ben") == "ben"
    assert default_owner(setup, plain, NoteKind.ACTION, "ben") == "ana"
    # Only actions: what is given to the client stays hers even there.
    assert default_owner(setup, each, NoteKind.CONTRACT, "ben") == "ana"


def test_bens_commitment_lands_in_his_carnet_with_its_deadline(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup(WALLED))
    _note(
        control,
        NoteKind.ACTION,
        "ben",
        "Animer un atelier d'ici six mois",
        "engagements",
        action={"deadline": "2025-06-30"},
    )
    assert control.finish(str(tmp_path)).problems == ()
    (ben,) = store.load("Groupe", "Ben").sessions
    assert [(a.objective, a.deadline) for a in ben.actions] == [
        ("Animer un atelier d'ici six mois", dt.date(2025, 6, 30))
    ]
    assert store.load("Groupe", "Ana").sessions[0].actions == []


# --- The wall: in the group file, never in a carnet ----------------------------------------------


def test_a_wall_note_is_kept_in_the_group_file_and_in_no_carnet(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup(WALLED))
    _note(control, NoteKind.WALL, "ben", "Je sais animer un world café", "souhaits")
    _note(control, NoteKind.WALL, "chloe", "Trois souhaits :\nécouter\noser", "souhaits")
    assert control.finish(str(tmp_path)).problems == ()
    (line,) = store.load_group("Groupe").sessions
    assert line.wall == [
        WallNote(text="Je sais animer un world café", author="Ben", step="Step souhaits"),
        WallNote(text="Trois souhaits :\nécouter\noser", author="Chloé", step="Step souhaits"),
    ]
    group_text = (tmp_path / "logbooks").rglob("_group.toml").__next__().read_text(encoding="utf-8")
    assert "[[sessions.wall]]" in group_text
    for person in TRIO:
        entry = store.load("Groupe", person.name).sessions[0]
        assert "world café" not in entry.model_dump_json()
    for carnet in (tmp_path / "logbooks").rglob("*.toml"):
        if carnet.name != "_group.toml":
            assert "world café" not in carnet.read_text(encoding="utf-8")


def test_the_wall_survives_a_crash_through_the_journal(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup(WALLED))
    _note(control, NoteKind.WALL, "ana", "Excel avancé", "souhaits")
    path = control.engine.journal_path
    assert path is not None
    control.engine.close()  # the terminal closed: nothing but the journal is sure
    engine = SessionEngine.load(path, FakeClock(T0 + 600))
    resumed = SessionController(engine, store=LogbookStore(store.root))
    assert resumed.finish(str(tmp_path)).problems == ()
    (line,) = resumed.store.load_group("Groupe").sessions  # type: ignore[union-attr]
    assert [(note.text, note.author) for note in line.wall] == [("Excel avancé", "Ana")]


# --- The group file stays readable ---------------------------------------------------------------

OLD_GROUP = """format = 1
name = "Groupe"
members = [
  "Ana",
]

[[sessions]]
id = "20240514-0930-aaaaaa"
date = 2024-05-14T09:30:00+02:00
participants = [
  "Ana",
]
"""


def test_an_older_group_file_reads_unchanged_and_a_wall_reads_back_equal(tmp_path: Path) -> None:
    old = parse_file(OLD_GROUP, Path("_group.toml"), GroupFile)
    assert old.sessions[0].wall == []
    line = GroupSession(
        id="20240514-0930-aaaaaa",
        date=dt.datetime(2024, 5, 14, 9, 30, tzinfo=dt.UTC),
        participants=["Ana", "Ben"],
        wall=[
            WallNote(text="Oser", author="Ana", step="Souhaits"),
            WallNote(text='Dire "non"', author="Ben"),
        ],
    )
    text = 'format = 1\nname = "Groupe"\n\n' + render_table(line, "sessions")
    assert text.count("[[sessions.wall]]") == 2
    assert parse_file(text, Path("_group.toml"), GroupFile).sessions[0] == line
    # Without a wall, a line renders as before (no empty table).
    assert "wall" not in render_table(line.model_copy(update={"wall": []}), "sessions")


# --- The report and the export -------------------------------------------------------------------


def test_the_report_shows_the_wall_in_every_format(tmp_path: Path) -> None:
    control, _ = started(tmp_path, trio_setup(WALLED))
    _note(control, NoteKind.WALL, "ben", "Je sais animer", "souhaits")
    report = build_report(control.engine.setup, control.engine.view(), session_id="s1", lang="en")
    assert [(note.text, note.author) for note in report.wall] == [("Je sais animer", "Ben")]
    markdown = to_markdown(report)
    assert "## Group wall" in markdown and "- Je sais animer — *Ben, Step souhaits*" in markdown
    assert '<section id="report-wall">' in to_html(report) and "Je sais animer" in to_html(report)
    rows = [row for row in csv.DictReader(io.StringIO(to_csv(report))) if row["row"] == "wall"]
    assert [(row["number"], row["step_id"], row["author"], row["text"]) for row in rows] == [
        ("1", "souhaits", "Ben", "Je sais animer")
    ]
    # The wall is the group's: in the group's copy, whatever the room was shown.
    assert "Je sais animer" not in "".join(note.text for note in report.notes)


def test_an_attendees_export_has_the_wall_of_their_sessions(tmp_path: Path) -> None:
    control, _ = started(tmp_path, trio_setup(WALLED))
    _note(control, NoteKind.WALL, "chloe", "Atelier tableur", "souhaits")
    assert control.finish(str(tmp_path)).problems == ()
    out = tmp_path / "ben.md"
    assert run(tmp_path, "carnet", "export", "Ben", "-o", str(out)) == 0
    document = out.read_text(encoding="utf-8")
    assert "Group wall" in document and "Atelier tableur" in document and "Chloé" in document
    # Anonymised, the others' words on the wall stay out.
    anonymous = tmp_path / "ben-anonymous.md"
    assert run(tmp_path, "carnet", "export", "Ben", "--anonymise", "-o", str(anonymous)) == 0
    assert "Atelier tableur" not in anonymous.read_text(encoding="utf-8")


def test_a_comment_written_by_hand_in_the_wall_survives_the_next_save(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup(WALLED))
    _note(control, NoteKind.WALL, "ben", "Premier post-it", "souhaits")
    assert control.save_carnets(control.engine.view()) is not None
    group_file = next((tmp_path / "logbooks").rglob("_group.toml"))
    text = group_file.read_text(encoding="utf-8")
    edited = text.replace('text = "Premier post-it"\n', 'text = "Premier post-it"\n# gardé au mur\n')
    assert edited != text
    group_file.write_text(edited, encoding="utf-8")
    _note(control, NoteKind.WALL, "ana", "Second post-it", "souhaits")
    assert control.finish(str(tmp_path)).problems == ()
    after = group_file.read_text(encoding="utf-8")
    assert "# gardé au mur" in after
    (line,) = store.load_group("Groupe").sessions
    assert [note.text for note in line.wall] == ["Premier post-it", "Second post-it"]


def test_a_format_1_protocol_written_out_by_a_journal_validates_again() -> None:
    # A journal writes every key of its protocol, each_commits = false included.
    plain = parse_protocol(HEAD.format(fmt=1) + STEP_1.format(extra=""), "x.toml")
    assert Protocol.model_validate(plain.model_dump(mode="json")) == plain
