"""The demo group (`codev demo`, `codev protocol rehearse`): every protocol gets a set-up it
can run, with someone for each role it demands and as many people as it is for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.library import load_library
from codev.core.protocol.loader import parse_protocol
from codev.core.protocol.model import Protocol, Role
from codev.core.session import NextStep, SessionEngine, SessionStatus, Start
from codev.core.session.model import Finish, setup_refusal
from codev.core.workspace import Workspace
from codev.ui.demo import DEMO_SIZE, demo_setup

TODAY = dt.date(2026, 1, 1)
BUILTIN = sorted(load_library().entries)


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def _runs_to_the_end(protocol: Protocol, tmp_path: Path) -> None:
    setup = demo_setup(protocol, today=TODAY)
    assert setup_refusal(setup) is None
    engine = SessionEngine.create(setup, FakeClock(1_700_000_000.0), Workspace(tmp_path))
    assert engine.apply(Start()) is None
    while engine.apply(NextStep()) is None:
        pass
    assert engine.apply(Finish()) is None
    assert engine.status is SessionStatus.FINISHED
    engine.close()


@pytest.mark.parametrize("protocol_id", BUILTIN)
def test_every_built_in_protocol_gets_a_demo_it_can_run(protocol_id: str, tmp_path: Path) -> None:
    entry = load_library().get(protocol_id)
    assert entry is not None
    protocol = entry.protocol
    setup = demo_setup(protocol, today=TODAY)
    # Each role the protocol demands is held, by a different person.
    for role in protocol.declared_roles:
        if role.required:
            assert setup.holders(role), role.id
    # A role the protocol does not have is nobody's.
    if not protocol.has_role(Role.CLIENT):
        assert setup.client_id is None
    if not protocol.has_role(Role.FACILITATOR):
        assert setup.facilitator_id is None
    _runs_to_the_end(protocol, tmp_path)


def test_the_classic_demo_is_unchanged() -> None:
    protocol = load_library().get("codev")
    assert protocol is not None
    setup = demo_setup(protocol.protocol, today=TODAY)
    assert [person.name for person in setup.participants] == [
        "Hélène Dubois",
        "Karim Benali",
        "Sofía Martínez",
        "Jean-Luc Moreau",
        "Mai Nguyen",
    ]
    assert (setup.client_id, setup.facilitator_id, setup.scribe_id) == ("karim", "hélène", None)
    assert not setup.facilitator_consults


SCRIBED = """\
format = 2
id = "atelier-scribe"
roles = [
  "client",
  "consultant",
  "facilitator",
  { id = "scribe", meaning = "scribe", count = "one" },
  { id = "timer", meaning = "timekeeper", count = "one", title.en = "Timer" },
  { id = "guest", meaning = "observer", count = "one", title.en = "Guest" },
]
PEOPLE
title = { en = "Workshop" }
description = { en = "A workshop with a scribe." }

[[steps]]
id = "notes"
minutes = 5
speakers = ["scribe", "client"]
title = { en = "Notes" }
instructions = { en = "The scribe reads the notes." }
"""


def test_a_protocol_demanding_a_scribe_a_timekeeper_and_an_observer_gets_them(tmp_path: Path) -> None:
    protocol = parse_protocol(SCRIBED.replace("PEOPLE", ""), "atelier.toml")
    setup = demo_setup(protocol, today=TODAY)
    held = [setup.client_id, setup.facilitator_id, setup.scribe_id, setup.timekeeper_id, *setup.observer_ids]
    assert None not in held and len(set(held)) == 5
    # Five roles to give: a sixth person consults.
    assert len(setup.participants) == DEMO_SIZE + 1 and setup.consultant_ids
    assert setup.participant_roles[setup.timekeeper_id or ""] == "timer"
    _runs_to_the_end(protocol, tmp_path)


def test_the_demo_group_follows_the_protocols_people(tmp_path: Path) -> None:
    small = parse_protocol(SCRIBED.replace("PEOPLE", "people = { max = 5 }"), "atelier.toml")
    assert len(demo_setup(small, today=TODAY).participants) == 5
    _runs_to_the_end(small, tmp_path / "small")
    large = parse_protocol(SCRIBED.replace("PEOPLE", "people = { min = 14, max = 30 }"), "atelier.toml")
    setup = demo_setup(large, today=TODAY)
    assert len(setup.participants) == 14
    assert len({person.name for person in setup.participants}) == 14
    _runs_to_the_end(large, tmp_path / "large")
