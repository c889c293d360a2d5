"""Roles as the protocol has them: scribe, timekeeper and observer recorded as such in the
carnets; the client never also the facilitator unless the protocol allows it; a protocol
without a facilitator (or a client) does not demand one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_support import CLASSIC, NAMES, make_setup, protocol, step
from owners_support import started
from pydantic import ValidationError

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.model import NoteKind, Role
from codev.core.session import AddNote, SessionEngine, SetupRefused, Start
from codev.core.session.model import setup_refusal
from codev.core.session_carnets import role_of
from codev.core.workspace import Workspace

WITH_EVERY_ROLE = protocol(step("tour", 10, turns="consultants"), step("fin", 5)).model_copy(
    update={"roles": list(Role)}
)
NO_FACILITATOR = WITH_EVERY_ROLE.model_copy(update={"roles": [Role.CLIENT, Role.CONSULTANT, Role.TIMEKEEPER]})
NO_CLIENT = WITH_EVERY_ROLE.model_copy(update={"roles": [Role.CONSULTANT, Role.FACILITATOR]})


def test_scribe_timekeeper_and_observer_are_recorded_as_such_in_their_carnets(tmp_path: Path) -> None:
    setup = make_setup(
        WITH_EVERY_ROLE, scribe_id="p2", timekeeper_id="p3", observer_ids=("p5",), group="Groupe"
    )
    assert [role_of(setup, person.id) for person in setup.participants] == [
        Role.CLIENT,
        Role.FACILITATOR,
        Role.SCRIBE,
        Role.TIMEKEEPER,
        Role.CONSULTANT,
        Role.OBSERVER,
    ]
    control, store = started(tmp_path, setup)
    assert control.finish(str(tmp_path)).problems == ()
    roles = {name: store.load("Groupe", name).sessions[0].role for name in NAMES}
    assert roles == {
        "Ana": Role.CLIENT,
        "Bruno": Role.FACILITATOR,
        "Céline 🌸": Role.SCRIBE,
        "Dany/Ève": Role.TIMEKEEPER,
        "Émile": Role.CONSULTANT,
        "Fatou": Role.OBSERVER,
    }
    # The scribe and the timekeeper still take their consultant's turn; the observer never does.
    assert setup.speaking_order(setup.protocol.steps[0]) == ("p2", "p3", "p4")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "Ana cannot be both the client and the facilitator in this protocol: choose another facilitator.",
        ),
        (
            "fr",
            "Ana ne peut pas être à la fois client et animateur dans ce protocole : "
            "choisissez un autre animateur.",
        ),
    ],
)
def test_the_client_cannot_also_facilitate(lang: str, message: str) -> None:
    set_lang(lang)  # type: ignore[arg-type]
    refusal = setup_refusal(make_setup(WITH_EVERY_ROLE, facilitator_id="p0"))
    assert refusal is not None and refusal.message == message
    assert setup_refusal(make_setup(WITH_EVERY_ROLE)) is None
    # A protocol without a facilitator's role lets whoever runs the session be its client.
    assert setup_refusal(make_setup(NO_FACILITATOR, facilitator_id="p0")) is None


def test_an_observer_is_neither_the_client_nor_the_facilitator() -> None:
    refusal = setup_refusal(make_setup(WITH_EVERY_ROLE, observer_ids=("p1",)))
    assert refusal is not None
    assert refusal.message == "Bruno cannot observe: they are the facilitator."
    refusal = setup_refusal(make_setup(WITH_EVERY_ROLE, observer_ids=("p0",)))
    assert refusal is not None and refusal.message == "Ana cannot observe: they are the client."


def test_a_protocol_without_a_facilitator_does_not_demand_one(tmp_path: Path) -> None:
    setup = make_setup(NO_FACILITATOR, facilitator_id=None, group="Groupe")
    assert setup.facilitator_id is None and setup_refusal(setup) is None
    assert setup.consultant_ids == ("p1", "p2", "p3", "p4", "p5")
    control, store = started(tmp_path, setup)
    assert control.finish(str(tmp_path)).problems == ()
    assert store.load_group("Groupe").sessions[0].facilitator == ""
    # A protocol that has a facilitator demands one, in words.
    with pytest.raises(ValidationError) as raised:
        make_setup(WITH_EVERY_ROLE, facilitator_id=None)
    assert "This protocol needs a facilitator: choose one." in str(raised.value)


def test_a_protocol_without_a_client_does_not_demand_one() -> None:
    values: dict[str, Any] = {"client_id": None}
    setup = make_setup(NO_CLIENT, **values)
    assert setup.client_id is None and setup_refusal(setup) is None
    engine = SessionEngine(setup, FakeClock(0.0))
    engine.apply(Start())
    # Nobody's contract but its author's when there is no client.
    assert engine.apply(AddNote(kind=NoteKind.CONTRACT, author_id="p3", text="aidez-moi")) is None
    assert engine.view().notes[0].owner_id == "p3"
    with pytest.raises(ValidationError) as raised:
        make_setup(WITH_EVERY_ROLE, client_id=None)
    assert "This protocol needs a client: choose one." in str(raised.value)


def test_a_session_cannot_be_created_with_the_client_facilitating(tmp_path: Path) -> None:
    # The set-up form refuses it first; the engine keeps the rule for every other way in.
    setup = make_setup(CLASSIC, people=4)
    both = setup.model_copy(update={"facilitator_id": setup.client_id})
    with pytest.raises(SetupRefused, match=r"Karim|p0|client"):
        SessionEngine.create(both, FakeClock(1_800_000_000.0), Workspace(tmp_path))
    assert not (tmp_path / "logbooks" / "sessions").exists()
