"""What the room sees of a session in sub-groups: during a parallel step, every sub-group with
its members and its own client (in a round: that sub-group's round client), and who speaks
said once for every table; outside parallel steps, or without a split, the usual picture."""

from __future__ import annotations

import pytest
from engine_support import make_setup
from trio_support import SIX, TROIKA

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.loader import load_protocol, parse_protocol
from codev.core.protocol.model import Protocol, Role
from codev.core.room import RoomPicture, room_picture
from codev.core.session import NextStep, Participant, SessionEngine, SessionSetup, Start
from codev.core.session.model import form_subgroups, subgroup_pool

FLO = Participant(id="flo", name="Flo")


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def troika_setup(proto: Protocol | None = None, people: tuple[Participant, ...] = SIX) -> SessionSetup:
    proto = proto or load_protocol(TROIKA)
    return make_setup(
        proto,
        participants=(FLO, *people),
        client_id=people[0].id,
        facilitator_id="flo",
        subgroups=form_subgroups(proto, [person.id for person in people]),
    )


def picture_at(setup: SessionSetup, step_id: str) -> RoomPicture:
    engine = SessionEngine(setup, FakeClock(1_700_000_000.0))
    engine.apply(Start())
    while engine.view().current.step.id != step_id:
        engine.apply(NextStep())
    return room_picture(setup, engine.view())


def test_a_parallel_round_step_shows_each_trio_with_its_own_client() -> None:
    setup = troika_setup()
    first = picture_at(setup, "question-r1")
    assert first.speakers == "each client, in their sub-group"
    assert [line.text for line in first.subgroups] == [
        "Trio 1 — Ana (client) · Ben, Chloé",
        "Trio 2 — Dora (client) · Éli, Fatou",
    ]
    # The next round, the next member of each trio; the consultants said for every table.
    second = picture_at(setup, "clarifying-r2")
    assert second.speakers == "the consultants of each sub-group"
    assert [line.text for line in second.subgroups] == [
        "Trio 1 — Ben (client) · Ana, Chloé",
        "Trio 2 — Éli (client) · Dora, Fatou",
    ]


def test_in_french_the_client_is_named_as_the_room_knows_it() -> None:
    set_lang("fr")
    lines = picture_at(troika_setup(), "reflection-r3").subgroups
    assert [line.text for line in lines] == [
        "Trio 1 — Chloé (client·e) · Ana, Ben",
        "Trio 2 — Fatou (client·e) · Dora, Éli",
    ]


def test_outside_parallel_steps_and_without_a_split_the_picture_is_the_usual_one() -> None:
    setup = troika_setup()
    preparation = picture_at(setup, "preparation")
    assert preparation.speakers == "Flo (facilitator)"
    # Four people by three: one table, no split; the parallel steps run as plain ones.
    small = troika_setup(people=SIX[:4])
    assert small.subgroups == ()
    plain = picture_at(small, "question-r2")
    assert plain.subgroups == ()
    assert plain.speakers == "Ana (client)"


def test_the_step_before_the_first_parallel_one_shows_the_sub_groups_to_form() -> None:
    # Troika's "forming the trios": the room sees who sits with whom, and who starts.
    setup = troika_setup()
    assert [line.text for line in picture_at(setup, "preparation").subgroups] == [
        "Trio 1 — Ana (client) · Ben, Chloé",
        "Trio 2 — Dora (client) · Éli, Fatou",
    ]
    engine = SessionEngine(setup, FakeClock(1_700_000_000.0))
    engine.apply(Start())
    while engine.view().current_index < len(engine.view().steps) - 1:
        engine.apply(NextStep())
    assert room_picture(setup, engine.view()).subgroups != ()  # the last step is a parallel one


SPLIT = """\
format = 2
id = "tables"
title = { en = "Tables" }
description = { en = "Work at tables." }
roles = [
  { id = "presenter", meaning = "client", title = { en = "Presenter" } },
  "consultant",
  "facilitator",
]
rounds = 2

[subgroups]
size = 2

[[steps]]
id = "pitch"
repeat = true
parallel = true
minutes = 3
speakers = ["presenter", "facilitator"]
title = { en = "Pitch" }
instructions = { en = "Pitch." }

[[steps]]
id = "talk"
parallel = true
minutes = 3
speakers = "everyone"
title = { en = "Talk" }
instructions = { en = "Talk." }
"""


def test_a_role_of_the_protocol_is_named_by_its_title_and_default_labels_number_the_tables() -> None:
    proto = parse_protocol(SPLIT, "tables.toml")
    setup = troika_setup(proto, SIX[:4])
    pitch = picture_at(setup, "pitch-r2")
    # The facilitator speaks to every table at once: named as in any step.
    assert pitch.speakers == "Presenter, in each sub-group · Flo (facilitator)"
    assert [line.text for line in pitch.subgroups] == [
        "Sub-group 1 — Ben (Presenter) · Ana",
        "Sub-group 2 — Dora (Presenter) · Chloé",
    ]
    # Outside a round, a table has a client only if the session's client sits at it.
    talk = picture_at(setup, "talk")
    assert talk.speakers == "everyone, in each sub-group"
    assert [line.text for line in talk.subgroups] == [
        "Sub-group 1 — Ana (Presenter) · Ben",
        "Sub-group 2 — Chloé, Dora",
    ]


def test_six_people_without_a_facilitator_make_two_trios_and_nobody_is_made_up() -> None:
    # Troika's facilitator is optional: six people, one of them at the keyboard, form two trios.
    proto = load_protocol(TROIKA)
    assert not proto.demands(Role.FACILITATOR)
    setup = make_setup(
        proto,
        participants=SIX,
        client_id="ana",
        facilitator_id=None,
        subgroups=form_subgroups(proto, subgroup_pool(proto, [p.id for p in SIX], {}, False)),
    )
    assert setup.subgroups == (("ana", "ben", "chloe"), ("dora", "eli", "fatou"))
    preparation = picture_at(setup, "preparation")
    assert preparation.speakers == "nobody (no facilitator)"
    assert [line.text for line in picture_at(setup, "question-r3").subgroups] == [
        "Trio 1 — Chloé (client) · Ana, Ben",
        "Trio 2 — Fatou (client) · Dora, Éli",
    ]
