"""Format 2 roles: roles of a protocol's own (tables), role ids and lists in ``speakers``."""

from __future__ import annotations

import pytest

from codev.core.i18n import set_lang
from codev.core.protocol.loader import ProtocolError, parse_protocol
from codev.core.protocol.model import Role, RoleCount, Speakers

HEAD = 'format = {fmt}\nid = "x"\ntitle = {{ fr = "T" }}\ndescription = {{ en = "D" }}\n{roles}\n'
STEP = (
    '[[steps]]\nid = "s{n}"\ntitle = {{ fr = "A" }}\ninstructions = {{ en = "Do" }}\n'
    "minutes = 5\nspeakers = {speakers}\n"
)
TRAINER = '[[roles]]\nid = "trainer"\nmeaning = "client"\ntitle.fr = "Formateur·rice"\ntitle.en = "Trainer"\n'


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def text_of(fmt: int, roles: str, *speakers: str) -> str:
    steps = "".join(STEP.format(n=n, speakers=value) for n, value in enumerate(speakers, start=1))
    return HEAD.format(fmt=fmt, roles=roles) + steps


def problems(fmt: int, roles: str, *speakers: str) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text_of(fmt, roles, *speakers), "x.toml")
    return [str(problem) for problem in caught.value.problems]


def test_a_declared_role_with_its_title_and_meaning() -> None:
    roles = TRAINER + '[[roles]]\nid = "facilitator"\nmeaning = "facilitator"\n'
    protocol = parse_protocol(text_of(2, roles, '"trainer"', '["trainer", "facilitator"]'), "x.toml")
    trainer, facilitator = protocol.declared_roles
    assert (trainer.id, trainer.meaning, trainer.count) == ("trainer", Role.CLIENT, RoleCount.ONE)
    assert trainer.label("fr") == "Formateur·rice" and trainer.label("en") == "Trainer"
    # A built-in id without a title keeps the catalogue's.
    assert facilitator.label("en") == "facilitator"
    assert protocol.steps[1].speaker_names == ("trainer", Speakers.FACILITATOR)
    assert protocol.demands(Role.CLIENT) and not protocol.has_role(Role.CONSULTANT)


def test_names_and_tables_mix_and_counts_default_by_meaning() -> None:
    # A plain list and [[roles]] cannot both be written in TOML: the mixed form is inline.
    roles = 'roles = ["consultant", "scribe", { id = "host", meaning = "facilitator", title.en = "Host" }]\n'
    protocol = parse_protocol(text_of(2, roles, '"host"'), "x.toml")
    counts = {role.id: role.count for role in protocol.declared_roles}
    assert counts == {"consultant": RoleCount.ANY, "scribe": RoleCount.AT_MOST_ONE, "host": RoleCount.ONE}


def test_a_format_1_file_still_loads_unchanged() -> None:
    protocol = parse_protocol(text_of(1, 'roles = ["client", "consultant"]', '"client"'), "x.toml")
    assert protocol.roles == [Role.CLIENT, Role.CONSULTANT]
    assert protocol.steps[0].speakers is Speakers.CLIENT


@pytest.mark.parametrize(
    ("roles", "speakers", "expected"),
    [
        (TRAINER, '"client"', "x.toml:5: roles.1: needs format = 2 at the top of the file"),
        (
            "",
            '["client", "facilitator"]',
            "x.toml:11: steps.1.speakers: needs format = 2 at the top of the file",
        ),
        (
            "",
            '"trainer"',
            "x.toml:11: steps.1.speakers: unknown value; expected one of: client, consultants, everyone, "
            "facilitator, nobody",
        ),
    ],
)
def test_format_2_keys_in_a_format_1_file(roles: str, speakers: str, expected: str) -> None:
    assert problems(1, roles, speakers) == [expected]


@pytest.mark.parametrize(
    ("roles", "speakers", "expected"),
    [
        (
            TRAINER + '[[roles]]\nid = "x"\nmeaning = "boss"\ntitle.en = "X"\n',
            '"trainer"',
            "x.toml:12: roles.2.meaning: unknown value; expected one of: client, consultant, facilitator, "
            "scribe, timekeeper, observer",
        ),
        (
            TRAINER + '[[roles]]\nid = "trainer"\nmeaning = "observer"\ntitle.en = "X"\n',
            '"trainer"',
            "x.toml:11: roles.2.id: role 'trainer' is already declared (role 1)",
        ),
        (
            TRAINER + '[[roles]]\nid = "client"\nmeaning = "client"\n',
            '"trainer"',
            "x.toml:12: roles.2.meaning: only one role can mean client: role 'trainer' already does",
        ),
        (
            'roles = ["consultant"]',
            '"trainer"',
            "x.toml:11: steps.1.speakers: no role 'trainer' is declared in roles (nor is it one of: client, "
            "consultants, everyone, facilitator, nobody)",
        ),
        (
            TRAINER,
            '["trainer", "learners"]',
            "x.toml:16: steps.1.speakers.2: no role 'learners' is declared in roles (nor is it one of: "
            "client, consultants, everyone, facilitator, nobody)",
        ),
        (
            'roles = ["consultant"]',
            '"client"',
            "x.toml:11: steps.1.speakers: no role of this protocol means client: nobody could ever speak "
            "here",
        ),
        (
            '[[roles]]\nid = "client"\nmeaning = "facilitator"\n',
            '"client"',
            "x.toml:7: roles.1.meaning: 'client' is a built-in role: its meaning can only be client",
        ),
        (
            '[[roles]]\nid = "everyone"\nmeaning = "consultant"\ntitle.en = "All"\n',
            '"client"',
            "x.toml:6: roles.1.id: 'everyone' already says who speaks in a step: choose another id",
        ),
        (
            '[[roles]]\nid = "host"\nmeaning = "facilitator"\n',
            '"host"',
            "x.toml:6: roles.1.id: give role 'host' a title (title.fr, title.en…)",
        ),
        (
            '[[roles]]\nid = "host"\nmeaning = "facilitator"\ncount = "any"\ntitle.en = "Host"\n',
            '"host"',
            "x.toml:8: roles.1.count: one person at most holds a role meaning facilitator: count is one or "
            "at_most_one",
        ),
        (
            '[[roles]]\nid = "guests"\nmeaning = "consultant"\ncount = "one"\ntitle.en = "Guests"\n',
            '"guests"',
            "x.toml:8: roles.1.count: everyone given no other role holds the consultant's role: its count "
            "can only be any",
        ),
        (
            '[[roles]]\nid = "host"\nmeaning = "facilitator"\ncount = "many"\ntitle.en = "Host"\n',
            '"host"',
            "x.toml:8: roles.1.count: unknown value; expected one of: one, at_most_one, any",
        ),
        (
            TRAINER,
            '["trainer", "nobody"]',
            "x.toml:16: steps.1.speakers: nobody cannot speak together with others",
        ),
        (TRAINER, '["trainer", "trainer"]', "x.toml:16: steps.1.speakers: an item is listed twice"),
    ],
)
def test_format_2_mistakes_are_located_and_explained(roles: str, speakers: str, expected: str) -> None:
    assert problems(2, roles, speakers) == [expected]


def test_mistakes_are_translated() -> None:
    set_lang("fr")
    (problem,) = problems(2, 'roles = ["consultant"]', '"trainer"')
    assert "aucun rôle «\u00a0trainer\u00a0» n’est déclaré" in problem


def test_a_mistake_in_a_repeated_step_names_the_files_own_step() -> None:
    text = text_of(2, "rounds = 2\n", '"client"', '"client"', '["client", "learners"]').replace(
        'speakers = "client"\n', 'speakers = "client"\nrepeat = true\n'
    )
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "x.toml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (26, "steps.3.speakers.2")
