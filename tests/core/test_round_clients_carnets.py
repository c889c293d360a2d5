"""Every client of a session is a client in their own carnet, in the group's history and in
the report: a Troika's round clients (with or without trios) and each presenter of rounds
once per presenter, not only the session's client.

A Troika of six in two trios has six clients: Dora, trio 2's first round client, never sat
with Ana, the session's client; her carnet says she was the client (of her own case), the
group file names all six, and the next set-up proposes someone who has not been client.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from engine_support import T0, make_setup
from owners_support import started
from trio_support import SIX

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.logbook import LogbookStore, paths
from codev.core.logbook.models import GroupFile, GroupSession
from codev.core.logbook.reading import parse_file
from codev.core.logbook.session_record import Participant as CarnetParticipant
from codev.core.logbook.session_record import SessionRecord, entries_for_session
from codev.core.protocol.loader import load_protocol
from codev.core.protocol.model import NoteKind, Role
from codev.core.report import build_report, to_markdown
from codev.core.session import AddNote, Participant, SessionEngine, SessionSetup, Start
from codev.core.session.model import form_subgroups, with_role_ids
from codev.core.session_carnets import session_record
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

PROTOCOLS = Path(__file__).parents[2] / "protocols"
GROUP = "Groupe « Cap » / 2024"

FACILITATOR = Participant(id="fac", name="Flo")


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def _trios(**overrides: object) -> SessionSetup:
    proto = load_protocol(PROTOCOLS / "troika.toml")
    values: dict[str, Any] = {
        "participants": (FACILITATOR, *SIX),
        "client_id": "ana",
        "facilitator_id": "fac",
        "subgroups": form_subgroups(proto, [person.id for person in SIX]),
    }
    values.update(overrides)
    # As the set-up writes it: each participant's role id recorded (a round client's is a member's).
    return with_role_ids(make_setup(proto, **values))


def _note(control: SessionController, kind: NoteKind, author: str, text: str, step_id: str) -> None:
    assert control.send(AddNote(kind=kind, author_id=author, text=text, step_id=step_id)) is None


def _entries(store: LogbookStore, group: str, names: list[str]) -> dict[str, Any]:
    return {name: store.load(group, name).sessions[0] for name in names}


# --- Sub-groups: two trios, six clients -------------------------------------------------------


def test_each_trios_round_clients_carnet_says_they_were_the_client(tmp_path: Path) -> None:
    control, store = started(tmp_path, _trios(), at=T0)
    # Round 1: Dora is trio 2's client; Fatou gives her a contract and a suggestion.
    _note(control, NoteKind.CONTRACT, "fatou", "Help me say no", "question-r1")
    _note(control, NoteKind.SUGGESTION, "eli", "Try a script", "consultation-r1")
    _note(control, NoteKind.CONTRACT, "chloe", "Help me delegate", "question-r2")
    assert control.finish(str(tmp_path)).problems == ()
    entries = _entries(store, GROUP, ["Ana", "Ben", "Chloé", "Dora", "Éli", "Fatou", "Flo"])
    for name in ("Ana", "Ben", "Chloé", "Dora", "Éli", "Fatou"):
        assert (entries[name].role, entries[name].client) == (Role.CLIENT, name), name
    assert (entries["Flo"].role, entries["Flo"].client) == (Role.FACILITATOR, "Ana")
    # Their own case, and nobody else's.
    dora = entries["Dora"]
    assert dora.contract == "Help me say no"
    assert [(s.author, s.text) for s in dora.suggestions_received] == [("Éli", "Try a script")]
    assert entries["Ben"].contract == "Help me delegate"
    assert entries["Ana"].contract == ""
    assert entries["Éli"].suggestions_given == ["Try a script"]


def test_the_group_history_names_every_client_and_the_rotation_counts_them(tmp_path: Path) -> None:
    control, store = started(tmp_path, _trios(), at=T0)
    assert control.finish(str(tmp_path)).problems == ()
    group = store.load_group(GROUP)
    (line,) = group.sessions
    assert line.client == "Ana"
    # In round order (trio 1's then trio 2's in each round), once each, the session's client left out.
    assert line.round_clients == ["Dora", "Ben", "Éli", "Chloé", "Fatou"]
    text = (tmp_path / "logbooks").rglob("_group.toml")
    written = next(iter(text)).read_text(encoding="utf-8")
    assert parse_file(written, Path("_group.toml"), GroupFile).sessions[0].round_clients == line.round_clients
    assert written.index("client = ") < written.index("round_clients = ") < written.index("participants = ")
    # Flo, the only one never client, comes first; then the others, the earliest rounds first.
    assert store.suggest_next_clients(GROUP) == ["Flo", "Ana", "Dora", "Ben", "Éli", "Chloé", "Fatou"]


def test_the_reports_people_table_says_client_for_every_round_client(tmp_path: Path) -> None:
    control, _ = started(tmp_path, _trios(), at=T0)
    report = build_report(control.engine.setup, control.view(), session_id="s1", lang="en")
    assert [(person.name, person.role) for person in report.people] == [
        ("Flo", Role.FACILITATOR),
        *((person.name, Role.CLIENT) for person in SIX),
    ]
    markdown = to_markdown(report)
    assert "| Éli | client | Trio 2 |" in markdown
    assert "| Éli | consultant |" not in markdown


def test_a_member_never_client_at_another_table_names_their_tables_client() -> None:
    # Seven at the tables (4 + 3), three rounds: Fatou's table of four has a member never
    # client (Gil), who never sat with Ana either.
    seven = (*SIX, Participant(id="gil", name="Gil"))
    proto = load_protocol(PROTOCOLS / "troika.toml")
    setup = make_setup(
        proto,
        participants=(FACILITATOR, *seven),
        client_id="ana",
        facilitator_id="fac",
        subgroups=(("ana", "ben", "chloe"), ("dora", "eli", "fatou", "gil")),
    )
    record = session_record(setup, SessionEngine(setup, FakeClock(T0)).view(), "s1", T0)
    entries = entries_for_session(record)
    assert (entries["Gil"].role, entries["Gil"].client) == (Role.CONSULTANT, "Dora")
    assert record.history_line().round_clients == ["Dora", "Ben", "Éli", "Chloé", "Fatou"]


# --- Rounds without sub-groups: round_clients -------------------------------------------------

QUARTET = SIX[:4]


def test_a_troikas_round_clients_without_trios_are_clients_in_their_carnets(tmp_path: Path) -> None:
    proto = load_protocol(PROTOCOLS / "troika.toml")
    setup = make_setup(
        proto,
        participants=QUARTET,
        client_id="ana",
        facilitator_id="dora",
        round_clients=("ana", "ben", "chloe"),
    )
    control, store = started(tmp_path, setup, at=T0)
    _note(control, NoteKind.QUESTION, "ana", "How do I start?", "question-r1")
    _note(control, NoteKind.QUESTION, "ben", "How do I stop?", "question-r2")
    assert control.finish(str(tmp_path)).problems == ()
    entries = _entries(store, GROUP, ["Ana", "Ben", "Chloé", "Dora"])
    assert [(entries[n].role, entries[n].client) for n in ("Ana", "Ben", "Chloé")] == [
        (Role.CLIENT, "Ana"),
        (Role.CLIENT, "Ben"),
        (Role.CLIENT, "Chloé"),
    ]
    assert (entries["Dora"].role, entries["Dora"].client) == (Role.FACILITATOR, "Ana")
    # Ben's question is his, and the session's client's is not his.
    assert (entries["Ben"].question, entries["Chloé"].question) == ("How do I stop?", "")
    (line,) = store.load_group(GROUP).sessions
    assert (line.client, line.round_clients) == ("Ana", ["Ben", "Chloé"])


def test_a_round_client_without_a_case_yet_keeps_no_one_elses_shared_account(tmp_path: Path) -> None:
    proto = load_protocol(PROTOCOLS / "troika.toml")
    setup = make_setup(
        proto,
        participants=QUARTET,
        client_id="ana",
        facilitator_id="dora",
        round_clients=("ana", "ben", "chloe"),
    )
    control, store = started(tmp_path, setup, at=T0)
    assert control.consent(frozenset({"question", "contract"}), client_id="ana") is None
    _note(control, NoteKind.QUESTION, "ana", "How do I start?", "question-r1")
    assert control.finish(str(tmp_path)).problems == ()
    entries = _entries(store, GROUP, ["Ben", "Dora"])
    # Ben is a client: his question slot is his own (empty), Ana's shared words are named notes.
    assert entries["Ben"].question == ""
    assert any("How do I start?" in line and "Ana" in line for line in entries["Ben"].notes)
    # Dora (the facilitator, no case of her own) keeps what Ana shared, as before.
    assert entries["Dora"].question == "How do I start?"


# --- Rounds once per presenter ----------------------------------------------------------------


def test_each_presenter_is_a_presenter_in_their_carnet_and_the_history(tmp_path: Path) -> None:
    set_lang("fr")
    people = (*SIX[:5], Participant(id="fatou", name="Fatou"))
    presenters = ("ben", "dora", "ana")
    setup = with_role_ids(
        SessionSetup(
            group="Set Revans",
            protocol=load_protocol(PROTOCOLS / "action-learning-set.toml").with_rounds(3),
            date=dt.date(2025, 1, 14),
            participants=people,
            client_id=presenters[0],
            facilitator_id="fatou",
            round_clients=presenters,
        )
    )
    workspace = Workspace(tmp_path)
    engine = SessionEngine.create(setup, FakeClock(T0), workspace)
    store = LogbookStore.for_workspace(workspace)
    control = SessionController(engine, store=store)
    assert control.send(Start()) is None
    assert control.finish(str(tmp_path)).problems == ()
    client_role = setup.protocol.role_or_builtin(Role.CLIENT)
    title = client_role.label("fr") if client_role.title is not None else ""
    entries = _entries(store, "Set Revans", ["Ana", "Ben", "Chloé", "Dora", "Éli"])
    for name in ("Ben", "Dora", "Ana"):
        assert (entries[name].role, entries[name].role_title, entries[name].client) == (
            Role.CLIENT,
            title,
            name,
        ), name
    for name in ("Chloé", "Éli"):
        assert (entries[name].role, entries[name].client) == (Role.CONSULTANT, "Ben"), name
    (line,) = store.load_group("Set Revans").sessions
    assert (line.client, line.round_clients) == ("Ben", ["Dora", "Ana"])
    report = build_report(setup, control.view(), session_id="s1", lang="fr")
    people_rows = {person.name: (person.role, person.title) for person in report.people}
    assert people_rows["Dora"] == (Role.CLIENT, title)


# --- Older files read unchanged -----------------------------------------------------------------

OLD_GROUP = """\
format = 1
name = "G"
members = ["Ana", "Ben", "Chloé"]

[[sessions]]
id = "s1"
date = 2025-01-14T09:30:00+01:00
client = "Ana"
participants = ["Ana", "Ben", "Chloé"]

[[sessions]]
id = "s2"
date = 2025-02-14T09:30:00+01:00
client = "Chloé"
round_clients = ["Ben"]
participants = ["Ana", "Ben", "Chloé"]
"""


def test_a_group_file_without_round_clients_reads_unchanged() -> None:
    group = parse_file(OLD_GROUP, Path("_group.toml"), GroupFile)
    assert [(line.client, line.round_clients) for line in group.sessions] == [
        ("Ana", []),
        ("Chloé", ["Ben"]),
    ]
    # A history line with no other client writes no round_clients key.
    line = GroupSession(id="s3", date=dt.datetime(2025, 3, 1, tzinfo=dt.UTC), client="Ana")
    assert "round_clients" not in line.model_dump(exclude_defaults=True)


def test_the_rotation_counts_a_round_client_of_an_older_session(tmp_path: Path) -> None:
    store = LogbookStore.for_workspace(Workspace(tmp_path))
    folder = paths.group_dir(store.root, "G", create=True)
    assert folder is not None
    folder.mkdir(parents=True)
    (folder / paths.GROUP_FILE).write_text(OLD_GROUP, encoding="utf-8")
    # Ana in January, Chloé and Ben in February: Ana's time is the oldest.
    assert store.suggest_next_clients("G") == ["Ana", "Chloé", "Ben"]


def test_a_record_with_one_client_gives_the_same_entries_as_before() -> None:
    # A record built as before round clients existed: one client, the others consultants.
    record = SessionRecord(
        id="s1",
        date=dt.datetime(2025, 1, 14, 9, 30, tzinfo=dt.UTC),
        group="G",
        participants=[
            CarnetParticipant(name="Ben", role=Role.CONSULTANT),
            CarnetParticipant(name="Ana", role=Role.CLIENT),
        ],
        question="Q",
        shared=["question"],
    )
    entries = entries_for_session(record)
    assert (entries["Ben"].client, entries["Ben"].question) == ("Ana", "Q")
    assert (entries["Ana"].client, entries["Ana"].question) == ("Ana", "Q")
    assert record.history_line().round_clients == []


def test_a_session_with_one_client_writes_no_round_clients(tmp_path: Path) -> None:
    control, store = started(tmp_path, make_setup(), at=T0)
    assert control.finish(str(tmp_path)).problems == ()
    written = next((tmp_path / "logbooks").rglob("_group.toml")).read_text(encoding="utf-8")
    assert "client = " in written and "round_clients" not in written
    (line,) = store.load_group(GROUP).sessions
    assert line.round_clients == []
