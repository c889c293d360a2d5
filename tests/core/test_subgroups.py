"""Sub-groups (format 2, ``[subgroups]``): the group split into trios, tables of N or one table
per value of an attribute, with steps that run in parallel in every sub-group.

A Troika session of six people (and a facilitator who runs it without consulting, so is in
no trio) runs in two trios; in each round every trio has its own client, and what is given
to a client (contract, suggestions, actions) lands in that trio's round client's carnet.
The journal's header records the sub-groups, so a replay is exact; every new mistake in a
protocol file is refused with its line and field.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from engine_support import T0, make_setup
from owners_support import started
from pydantic import ValidationError
from trio_support import SIX, TROIKA

from codev.cli import main
from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.logbook import LogbookError
from codev.core.logbook.models import GroupFile
from codev.core.logbook.reading import parse_file
from codev.core.protocol.loader import ProtocolError, load_protocol, parse_protocol
from codev.core.protocol.model import NoteKind, Protocol, Role, Step
from codev.core.report import build_report, to_markdown
from codev.core.session import AddNote, Participant, SessionEngine, SessionSetup
from codev.core.session.model import (
    client_of_step,
    default_owner,
    form_subgroups,
    round_clients_of,
    subgroup_pool,
)
from codev.core.session_carnets import session_record
from codev.core.session_controller import SessionController

PROTOCOLS = TROIKA.parent
GROUP = "Groupe « Cap » / 2024"

FACILITATOR = Participant(id="fac", name="Flo")
"""Runs the session and consults nobody: in no trio."""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The CLI's workspace and language come from the environment: isolated from the user's.
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.chdir(tmp_path)
    set_lang("en")


def troika() -> Protocol:
    return load_protocol(TROIKA)


def pool_of(setup_people: tuple[Participant, ...]) -> list[str]:
    return [person.id for person in setup_people]


def troika_setup(**overrides: object) -> SessionSetup:
    proto = troika()
    values: dict[str, Any] = {
        "participants": (FACILITATOR, *SIX),
        "client_id": "ana",
        "facilitator_id": "fac",
        "subgroups": form_subgroups(proto, pool_of(SIX)),
    }
    values.update(overrides)
    return make_setup(proto, **values)


def steps_of(setup: SessionSetup) -> dict[str, Step]:
    return {item.id: item for item in setup.protocol.steps}


# --- The protocol: [subgroups] and parallel -------------------------------------------------


def test_troika_splits_in_trios_and_its_rounds_run_in_parallel() -> None:
    proto = troika()
    assert proto.format == 2
    assert proto.subgroups is not None and proto.subgroups.size == 3
    assert proto.subgroups.label(2, "fr") == "Trio 2"
    assert proto.subgroups.label(1, "en") == "Trio 1"
    rounds = [item for item in proto.steps if item.round is not None]
    assert len(rounds) == 12 and all(item.parallel for item in rounds)
    assert not proto.step("preparation").parallel


def test_a_subgroup_without_a_title_is_named_by_the_catalogue() -> None:
    proto = _subgrouped("size = 2")
    assert proto.subgroups is not None
    assert proto.subgroups.label(3, "en") == "Sub-group 3"
    assert proto.subgroups.label(3, "fr") == "Sous-groupe 3"


def _subgrouped(rule: str, *, step_extra: str = "parallel = true", fmt: int = 2) -> Protocol:
    return parse_protocol(_file(rule, step_extra=step_extra, fmt=fmt), "atelier.toml")


def _file(rule: str, *, step_extra: str = "parallel = true", fmt: int = 2, rounds: str = "") -> str:
    table = f"[subgroups]\n{rule}\n" if rule else ""
    return textwrap.dedent(
        """\
        format = {fmt}
        id = "atelier"
        {rounds}
        title = {{ en = "Workshop" }}
        description = {{ en = "Tables." }}
        {table}
        [[steps]]
        id = "tables"
        minutes = 10
        speakers = "everyone"
        {step_extra}
        title = {{ en = "Tables" }}
        instructions = {{ en = "Talk." }}
        """
    ).format(fmt=fmt, rounds=rounds, table=table, step_extra=step_extra)


def _problems(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "atelier.toml")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _file("size = 3", fmt=1),
            "atelier.toml:6: subgroups: needs format = 2 at the top of the file",
        ),
        (
            _file("", fmt=1),
            "atelier.toml:11: steps.1.parallel: needs format = 2 at the top of the file",
        ),
        (
            _file(""),
            "atelier.toml:11: steps.1.parallel: a parallel step runs in every sub-group:"
            " say how the group splits ([subgroups])",
        ),
        (
            _file('size = 3\nby = "company"'),
            "atelier.toml:8: subgroups.by: give size or by, not both",
        ),
        (
            _file('title = { en = "Table" }'),
            "atelier.toml:6: subgroups: say how the group splits: size = 3 (tables of three)"
            " or by = an attribute",
        ),
        (
            _file('by = "company"\nmix = "city"'),
            "atelier.toml:8: subgroups.mix: mix spreads people across the tables: it needs size",
        ),
        (
            _file("size = 1"),
            "atelier.toml:7: subgroups.size: must be greater than or equal to 2",
        ),
        (
            _file("size = 51"),
            "atelier.toml:7: subgroups.size: must be less than or equal to 50",
        ),
        (
            _file('by = "Company"'),
            "atelier.toml:7: subgroups.by: invalid id: lowercase letters, digits, '-' and '_' only",
        ),
        (
            _file("size = 3", step_extra="parallel = true\nturns = {}"),
            "atelier.toml:14: steps.1.turns: a parallel step cannot have turns:"
            " each sub-group goes round on its own",
        ),
        (
            _file("size = 3", step_extra='parallel = "yes"'),
            "atelier.toml:13: steps.1.parallel: true or false is expected",
        ),
        (
            _file('size = 3\nwithout = ["trainer"]'),
            "atelier.toml:8: subgroups.without.1: no role 'trainer' is declared in roles",
        ),
        (
            _file('size = 3\nwithout = ["facilitator", "facilitator"]'),
            "atelier.toml:8: subgroups.without: an item is listed twice",
        ),
    ],
)
def test_every_subgroup_mistake_is_refused_with_its_line(text: str, expected: str) -> None:
    assert expected in _problems(text), _problems(text)


def test_a_round_with_subgroups_and_a_client_must_run_in_parallel() -> None:
    text = _file("size = 3", step_extra="repeat = true", rounds="rounds = 3").replace(
        'speakers = "everyone"', 'speakers = "client"'
    )
    assert _problems(text) == [
        "atelier.toml:13: steps.1.repeat: each sub-group has its own client in a round:"
        " the steps of a round must be parallel (parallel = true)"
    ]
    # Without a client, a round has nobody to rotate: its steps may stay plain.
    no_client = text.replace("format = 2\n", 'format = 2\nroles = ["consultant", "facilitator"]\n').replace(
        'speakers = "client"', 'speakers = "everyone"'
    )
    assert parse_protocol(no_client, "atelier.toml").rounds == 3


def test_the_refusals_are_translated() -> None:
    set_lang("fr")
    assert _problems(_file("")) == [
        "atelier.toml:11: steps.1.parallel: une étape en parallèle se joue dans chaque sous-groupe\u00a0:"
        " dites comment le groupe se répartit ([subgroups])"
    ]


def test_an_expanded_protocol_validates_again_unchanged() -> None:
    # The journal holds the loaded (expanded) protocol: it must read back as it was.
    proto = troika()
    assert Protocol.model_validate(json.loads(proto.model_dump_json())) == proto


# --- Forming the sub-groups ---------------------------------------------------------------


def test_tables_of_size_are_contiguous_and_as_even_as_possible() -> None:
    proto = troika()
    assert form_subgroups(proto, ["a", "b", "c", "d", "e", "f"]) == (("a", "b", "c"), ("d", "e", "f"))
    assert form_subgroups(proto, list("abcdefg")) == (("a", "b", "c", "d"), ("e", "f", "g"))
    assert form_subgroups(proto, list("abcdefgh")) == (("a", "b", "c", "d"), ("e", "f", "g", "h"))
    assert form_subgroups(proto, list("abcdefghi")) == (("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i"))


def test_a_pool_of_one_table_is_no_split() -> None:
    proto = troika()
    assert form_subgroups(proto, list("abcde")) == ()
    assert form_subgroups(proto, []) == ()
    assert form_subgroups(_subgrouped("size = 4"), list("abcdef")) == ()


def test_a_protocol_without_subgroups_forms_none() -> None:
    assert form_subgroups(troika().model_copy(update={"subgroups": None}), list("abcdef")) == ()


def test_by_gives_one_subgroup_per_value_in_order_of_appearance() -> None:
    proto = _subgrouped('by = "company"')
    companies = {"a": "Acme", "b": "Beta", "c": "Acme", "d": "", "e": "Beta"}
    # Without a value (f, and d's blank): one last sub-group.
    assert form_subgroups(proto, list("abcdef"), companies) == (("a", "c"), ("b", "e"), ("d", "f"))
    assert form_subgroups(proto, list("ace"), companies) == (("a", "c"), ("e",))
    # Everyone of one company: a single sub-group, no split.
    assert form_subgroups(proto, list("ac"), companies) == ()


def test_mix_spreads_each_value_across_the_tables() -> None:
    proto = _subgrouped('size = 3\nmix = "company"')
    companies = {"a": "Acme", "b": "Acme", "c": "Acme", "d": "Beta", "e": "Beta", "f": "Beta"}
    tables = form_subgroups(proto, list("abcdef"), companies)
    assert len(tables) == 2 and sorted(len(table) for table in tables) == [3, 3]
    for table in tables:
        assert {companies[person] for person in table} == {"Acme", "Beta"}
    # Within a table, set-up order.
    assert tables == (("a", "c", "e"), ("b", "d", "f"))
    seven = form_subgroups(proto, list("abcdefg"), {**companies, "g": "Gamma"})
    assert sorted(len(table) for table in seven) == [3, 4]


# --- The setup ----------------------------------------------------------------------------


def test_six_people_run_in_two_trios_each_with_its_own_round_client() -> None:
    setup = troika_setup()
    assert setup.subgroups == (("ana", "ben", "chloe"), ("dora", "eli", "fatou"))
    assert [setup.subgroup_of(p) for p in ("ana", "chloe", "dora", "fatou", "fac")] == [0, 0, 1, 1, None]
    steps = steps_of(setup)
    question = steps["question-r1"]
    assert client_of_step(setup, question) == "ana"
    assert client_of_step(setup, question, "eli") == "dora"
    assert client_of_step(setup, question, "fac") == "ana"  # in no trio: the first
    assert round_clients_of(setup, question) == ("ana", "dora")
    assert round_clients_of(setup, steps["question-r2"]) == ("ben", "eli")
    assert round_clients_of(setup, steps["reflection-r3"]) == ("chloe", "fatou")
    # Outside the rounds: the session's client.
    assert round_clients_of(setup, steps["preparation"]) == ("ana",)
    assert client_of_step(setup, steps["preparation"], "eli") == "ana"
    assert setup.client_ids == ("ana", "dora", "ben", "eli", "chloe", "fatou")


def test_in_a_parallel_step_the_consultants_are_the_subgroups_members_but_its_client() -> None:
    setup = troika_setup()
    consultation = steps_of(setup)["consultation-r2"]
    assert setup.consultants_of(consultation, "dora") == ("dora", "fatou")
    assert setup.consultants_of(consultation, "ana") == ("ana", "chloe")
    assert setup.consultants_of(consultation) == ("ana", "chloe")


def test_a_subgroup_of_four_rotates_its_client_once_each_then_again() -> None:
    seven = (*SIX, Participant(id="gil", name="Gil"))
    proto = troika()
    setup = make_setup(
        proto,
        participants=(FACILITATOR, *seven),
        client_id="ana",
        facilitator_id="fac",
        subgroups=form_subgroups(proto, pool_of(seven)),
    )
    assert setup.subgroups == (("ana", "ben", "chloe", "dora"), ("eli", "fatou", "gil"))
    assert round_clients_of(setup, steps_of(setup)["question-r3"]) == ("chloe", "gil")


def test_an_owner_by_default_follows_the_authors_subgroup() -> None:
    setup = troika_setup()
    contract = steps_of(setup)["question-r2"]
    assert default_owner(setup, contract, NoteKind.CONTRACT, "fatou") == "eli"
    assert default_owner(setup, contract, NoteKind.CONTRACT, "chloe") == "ben"
    assert default_owner(setup, contract, NoteKind.LEARNING, "fatou") == "fatou"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subgroups": (("ana", "ben"), ("zoe", "eli"))}, "“zoe” is not one of the participants"),
        ({"subgroups": (("ana", "ben"), ("ben", "eli"))}, "Ben is in two sub-groups"),
        (
            {"subgroups": (("ana", "ben"), ("dora", "eli")), "observer_ids": ("dora",)},
            "Dora observes: an observer is in no sub-group",
        ),
        ({"subgroups": (("ana", "ben"), ())}, "sub-group 2 has nobody in it"),
        (
            {"round_clients": ("ana", "ben", "chloe")},
            "each sub-group has its own round clients: give no client per round",
        ),
    ],
)
def test_the_subgroups_of_a_setup_are_checked(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        troika_setup(**overrides)
    assert message in str(caught.value)


def test_subgroups_need_a_protocol_that_has_them() -> None:
    with pytest.raises(ValidationError) as caught:
        make_setup(subgroups=(("p0", "p2"), ("p3", "p4")))
    assert "this protocol has no sub-groups" in str(caught.value)


def test_a_setup_without_subgroups_writes_the_header_it_always_did() -> None:
    setup = make_setup()
    assert "subgroups" not in json.loads(setup.model_dump_json())
    assert json.loads(troika_setup().model_dump_json())["subgroups"] == [
        ["ana", "ben", "chloe"],
        ["dora", "eli", "fatou"],
    ]


# --- A session: carnets, consent, replay ----------------------------------------------------


def _note(control: SessionController, kind: NoteKind, author: str, text: str, step_id: str) -> None:
    command = AddNote(kind=kind, author_id=author, text=text, step_id=step_id)
    assert control.send(command) is None


def test_round_two_of_trio_two_lands_in_its_round_clients_carnet(tmp_path: Path) -> None:
    setup = troika_setup()
    control, store = started(tmp_path, setup, at=T0)
    # Round 2: Ben is trio 1's client, Éli trio 2's. Fatou and Dora (trio 2) write for Éli.
    _note(control, NoteKind.CONTRACT, "fatou", "Help me say no", "question-r2")
    _note(control, NoteKind.SUGGESTION, "dora", "Try a script", "consultation-r2")
    _note(control, NoteKind.ACTION, "dora", "Say no once this week", "reflection-r2")
    _note(control, NoteKind.CONTRACT, "chloe", "Help me delegate", "question-r2")
    view = control.view()
    assert [note.owner_id for note in view.notes] == ["eli", "eli", "eli", "ben"]
    path = control.engine.journal_path
    assert path is not None
    assert control.finish(str(tmp_path)).problems == ()
    (eli,) = store.load(GROUP, "Éli").sessions
    assert eli.contract == "Help me say no"
    assert [(s.author, s.text) for s in eli.suggestions_received] == [("Dora", "Try a script")]
    assert [action.objective for action in eli.actions] == ["Say no once this week"]
    (ben,) = store.load(GROUP, "Ben").sessions
    assert ben.contract == "Help me delegate" and ben.actions == []
    for name in ("Dora", "Fatou", "Chloé", "Ana"):
        (entry,) = store.load(GROUP, name).sessions
        assert (entry.contract, entry.actions) == ("", [])

    # The journal's header holds the sub-groups: the replay is the same session.
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["setup"]["subgroups"] == [["ana", "ben", "chloe"], ["dora", "eli", "fatou"]]
    loaded = SessionEngine.load(path, FakeClock(T0 + 3600))
    assert loaded.setup == setup
    assert loaded.view() == SessionEngine.load(path, FakeClock(T0 + 3600)).view()
    assert [note.owner_id for note in loaded.view().notes] == ["eli", "eli", "eli", "ben"]


def test_each_trios_round_client_decides_their_own_consent(tmp_path: Path) -> None:
    control, _ = started(tmp_path, troika_setup(), at=T0)
    assert control.consent(frozenset({"contract"}), client_id="eli") is None
    _note(control, NoteKind.CONTRACT, "fatou", "Help me say no", "question-r2")
    record = session_record(control.engine.setup, control.view(), "s1", T0)
    notes = {person.name: person.notes for person in record.participants}
    assert any("Help me say no" in line for line in notes["Dora"])
    assert not any("Help me say no" in line for line in notes["Éli"])


def test_the_report_lists_the_subgroups_and_each_rounds_clients(tmp_path: Path) -> None:
    control, _ = started(tmp_path, troika_setup(), at=T0)
    report = build_report(control.engine.setup, control.view(), session_id="s1", lang="en")
    assert [(person.name, person.subgroup) for person in report.people] == [
        ("Flo", ""),
        ("Ana", "Trio 1"),
        ("Ben", "Trio 1"),
        ("Chloé", "Trio 1"),
        ("Dora", "Trio 2"),
        ("Éli", "Trio 2"),
        ("Fatou", "Trio 2"),
    ]
    assert [item.client for item in report.rounds] == ["Ana, Dora", "Ben, Éli", "Chloé, Fatou"]
    markdown = to_markdown(report)
    assert "| Éli | client | Trio 2 |" in markdown  # a round client, as in their carnet
    assert "Sub-group" in markdown
    # Without sub-groups the people table keeps its two columns.
    plain = build_report(make_setup(), SessionEngine(make_setup(), FakeClock(T0)).view(), session_id="s2")
    assert all(person.subgroup == "" for person in plain.people)
    assert "Sub-group" not in to_markdown(plain)


# --- Attributes from the group file ----------------------------------------------------------

GROUP_WITH_COMPANIES = """\
format = 1
name = "Assistantes"
members = ["Ana", "Ben", "Chloé"]

[attributes.company]
"Ana" = "Acme"
"Chloé  " = "Beta"
"""


def test_the_group_file_gives_each_members_attributes() -> None:
    group = parse_file(GROUP_WITH_COMPANIES, Path("_group.toml"), GroupFile)
    # Names are normalised like the members'.
    assert group.attributes == {"company": {"Ana": "Acme", "Chloé": "Beta"}}
    assert parse_file('format = 1\nname = "G"\n', Path("_group.toml"), GroupFile).attributes == {}


def test_a_wrong_attribute_value_is_located() -> None:
    text = GROUP_WITH_COMPANIES.replace('"Ana" = "Acme"', '"Ana" = 3.5')  # a whole number is read as text
    with pytest.raises(LogbookError) as caught:
        parse_file(text, Path("_group.toml"), GroupFile)
    assert [(problem.line, problem.field) for problem in caught.value.problems] == [
        (6, "attributes.company.Ana")
    ]


def test_a_new_group_file_is_written_without_attributes(tmp_path: Path) -> None:
    control, store = started(tmp_path, troika_setup(), at=T0)
    assert control.finish(str(tmp_path)).problems == ()
    assert store.load_group(GROUP).attributes == {}


# --- codev protocol show --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "rule", "flag", "heading"),
    [
        (
            "en",
            "Sub-groups: tables of 3 (Trio 1, Trio 2…)",
            "(in parallel in every sub-group)",
            "Rounds 1–3 (× 3) — client: in turn — 10 min a round, 30 min in all",
        ),
        (
            "fr",
            "Sous-groupes\u00a0: tables de 3 (Trio 1, Trio 2…)",
            "(en parallèle dans chaque sous-groupe)",
            "Tours 1–3 (× 3) — client\u00a0: à tour de rôle — 10 min par tour, 30 min en tout",
        ),
    ],
)
def test_show_gives_the_subgroup_rule_and_the_parallel_steps(
    capsys: pytest.CaptureFixture[str], lang: str, rule: str, flag: str, heading: str
) -> None:
    assert main(["--lang", lang, "protocol", "show", str(TROIKA)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert rule in lines and heading in lines
    heads = [line for line in lines if re.match(r"^ *\d+\. ", line)]
    # Four steps written once for three rounds, each running in every trio.
    assert len(heads) == 5
    assert [flag in line for line in heads] == [False, True, True, True, True]


def test_show_gives_a_rule_by_or_mixing_an_attribute(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by = tmp_path / "by.toml"
    by.write_text(_file('by = "company"'), encoding="utf-8")
    mixed = tmp_path / "mix.toml"
    mixed.write_text(_file('size = 4\nmix = "company"\ntitle = { en = "Table" }'), encoding="utf-8")
    assert main(["--lang", "en", "protocol", "show", str(by)]) == 0
    assert "Sub-groups: one per company (Sub-group 1, Sub-group 2…)" in capsys.readouterr().out
    assert main(["--lang", "en", "protocol", "show", str(mixed)]) == 0
    assert "Sub-groups: tables of 4, each company spread across them (Table 1, Table 2…)" in (
        capsys.readouterr().out
    )


def test_check_names_each_subgroup_mistake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "atelier.toml"
    draft.write_text(_file('size = 3\nby = "company"'), encoding="utf-8")
    assert main(["--lang", "en", "protocol", "check", str(draft)]) == 1
    assert f"{draft}:8: subgroups.by: give size or by, not both" in capsys.readouterr().out


def test_the_holders_of_the_roles_without_a_table_sit_at_none() -> None:
    # The skill swap's world café: tables of three to five, the trainer going from one to another.
    troc = load_protocol(PROTOCOLS / "troc-de-competences.toml")
    present = ["ana", "ben", "chloe", "dora", "eli", "fatou", "gael", "hugo", "flo"]
    holders = {Role.CLIENT: ["ana"], Role.FACILITATOR: ["flo"], Role.OBSERVER: []}
    pool = subgroup_pool(troc, present, holders, facilitator_consults=False)
    assert pool == ["ben", "chloe", "dora", "eli", "fatou", "gael", "hugo"]
    assert form_subgroups(troc, pool) == (("ben", "chloe", "dora", "eli"), ("fatou", "gael", "hugo"))
    # A facilitator who consults sits at a table like the others; observers never do.
    consulting = subgroup_pool(
        troika(), ["ana", "ben", "flo", "olga"], {Role.FACILITATOR: ["flo"], Role.OBSERVER: ["olga"]}, True
    )
    assert consulting == ["ana", "ben", "flo"]


def test_cross_company_tables_mix_the_companies() -> None:
    partage = load_protocol(PROTOCOLS / "partage-experiences.toml")
    people = ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2"]
    company = {person: person[0] for person in people}
    tables = form_subgroups(partage, people, company)
    assert len(tables) == 2
    for table in tables:
        assert {company[person] for person in table} == {"a", "b", "c"}
