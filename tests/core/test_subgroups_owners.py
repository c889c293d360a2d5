"""Whose carnet a note goes to in a round with sub-groups, and who may be a round's client.

In a round of Troika in two trios there are two clients at once: a contract or a suggestion
written by someone in a trio goes to that trio's client, but one written by someone in no
trio (the facilitator who does not consult, an observer) has no client to guess — the
facilitator chooses. And a facilitator who consults (a small group) sits in a sub-group
without ever being its round's client, as elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_support import make_setup
from trio_support import SIX, TROIKA

from codev.core.protocol.loader import load_protocol
from codev.core.protocol.model import NoteKind, Protocol, Step
from codev.core.session import Participant, SessionSetup
from codev.core.session.model import (
    client_of_step,
    default_owner,
    form_subgroups,
    owner_to_choose,
    round_clients_of,
)

FLO = Participant(id="flo", name="Flo")
OLGA = Participant(id="olga", name="Olga")


def troika(size: int = 3) -> Protocol:
    proto = load_protocol(TROIKA)
    assert proto.subgroups is not None
    return proto.model_copy(update={"subgroups": proto.subgroups.model_copy(update={"size": size})})


def troika_of_seven(**overrides: Any) -> SessionSetup:
    """Flo facilitates without consulting; six people in two trios (Olga may observe)."""
    proto = troika()
    values: dict[str, Any] = {
        "participants": (FLO, *SIX),
        "client_id": "ana",
        "facilitator_id": "flo",
        "subgroups": form_subgroups(proto, [person.id for person in SIX]),
    }
    values.update(overrides)
    return make_setup(proto, **values)


def step_of(setup: SessionSetup, step_id: str) -> Step:
    return setup.protocol.step(step_id)


@pytest.mark.parametrize("kind", [NoteKind.CONTRACT, NoteKind.QUESTION, NoteKind.SUGGESTION, NoteKind.ACTION])
def test_a_note_by_someone_in_no_trio_guesses_no_trios_client(kind: NoteKind) -> None:
    setup = troika_of_seven()
    clarifying = step_of(setup, "clarifying-r2")
    # Two clients this round (Ben, Éli): the facilitator's note is neither's by default.
    assert owner_to_choose(setup, clarifying, kind, "flo")
    assert owner_to_choose(setup, clarifying, kind, None)
    assert owner_to_choose(setup, clarifying, kind, "")
    # Headless (the engine, a replay): the author, as a last resort — never trio 1's client.
    assert default_owner(setup, clarifying, kind, "flo") == "flo"
    # Someone in a trio: that trio's round client, as before.
    assert not owner_to_choose(setup, clarifying, kind, "fatou")
    assert default_owner(setup, clarifying, kind, "fatou") == "eli"
    assert default_owner(setup, clarifying, kind, "chloe") == "ben"


def test_an_observers_suggestion_is_not_guessed_either() -> None:
    setup = troika_of_seven(participants=(FLO, *SIX, OLGA), observer_ids=("olga",))
    consultation = step_of(setup, "consultation-r1")
    assert owner_to_choose(setup, consultation, NoteKind.SUGGESTION, "olga")
    assert default_owner(setup, consultation, NoteKind.SUGGESTION, "olga") == "olga"


def test_nothing_is_to_choose_outside_the_rounds_or_for_an_authors_own_kind() -> None:
    setup = troika_of_seven()
    # Before the rounds: the session's one client.
    preparation = step_of(setup, "preparation")
    assert not owner_to_choose(setup, preparation, NoteKind.CONTRACT, "flo")
    assert default_owner(setup, preparation, NoteKind.CONTRACT, "flo") == "ana"
    # A learning is its author's, in a round too.
    clarifying = step_of(setup, "clarifying-r2")
    assert not owner_to_choose(setup, clarifying, NoteKind.LEARNING, "flo")
    assert not owner_to_choose(setup, clarifying, NoteKind.NOTE, None)
    # No step known: nothing to choose.
    assert not owner_to_choose(setup, None, NoteKind.CONTRACT, "flo")


def test_without_a_split_the_round_has_one_client_to_guess() -> None:
    proto = troika()
    five = make_setup(proto, participants=(FLO, *SIX[:5]), client_id="ana", facilitator_id="flo")
    assert five.subgroups == ()
    clarifying = step_of(five, "clarifying-r2")
    assert not owner_to_choose(five, clarifying, NoteKind.SUGGESTION, "flo")
    assert default_owner(five, clarifying, NoteKind.SUGGESTION, "flo") == client_of_step(five, clarifying)


# --- A facilitator who consults sits in a sub-group, never as its round client ------------


def pairs_of_four() -> SessionSetup:
    """Four present: Flo facilitates and consults (a small group), so sits in a pair."""
    proto = troika(size=2)
    people = (FLO, *SIX[:3])
    return make_setup(
        proto,
        participants=people,
        client_id="ana",
        facilitator_id="flo",
        facilitator_consults=True,
        subgroups=form_subgroups(proto, [person.id for person in people]),
    )


def test_a_facilitator_in_a_pair_is_never_its_round_client() -> None:
    setup = pairs_of_four()
    assert setup.subgroups == (("flo", "ana"), ("ben", "chloe"))
    clients = [round_clients_of(setup, step_of(setup, f"question-r{number}")) for number in (1, 2, 3)]
    # Flo's pair has one client each round (Ana); the other pair rotates as before.
    assert clients == [("ana", "ben"), ("ana", "chloe"), ("ana", "ben")]
    assert "flo" not in setup.client_ids
    question = step_of(setup, "question-r1")
    assert client_of_step(setup, question, "flo") == "ana"
    # Flo consults in the pair; Ana is its client.
    assert setup.consultants_of(question, "flo") == ("flo",)
    assert default_owner(setup, question, NoteKind.CONTRACT, "flo") == "ana"


def test_a_subgroup_made_of_its_facilitator_alone_has_no_round_client() -> None:
    # By an attribute, the facilitator may be alone at a table: it has no client, no owner guessed.
    proto = troika().model_copy(
        update={"subgroups": troika().subgroups.model_copy(update={"size": None, "by": "company"})}  # type: ignore[union-attr]
    )
    people = (FLO, *SIX[:2])
    setup = make_setup(
        proto,
        participants=people,
        client_id="ana",
        facilitator_id="flo",
        facilitator_consults=True,
        subgroups=(("flo",), ("ana", "ben")),
    )
    question = step_of(setup, "question-r2")
    assert round_clients_of(setup, question) == ("ben",)
    assert client_of_step(setup, question, "flo") is None
    assert owner_to_choose(setup, question, NoteKind.CONTRACT, "flo")
