"""The live screen's people panel names each slot by the protocol's role for it, in every round."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from codev.core.i18n import set_lang
from codev.core.protocol.library import find_protocol
from codev.core.session import SessionSetup
from codev.core.session.model import Participant, rotating_round_clients, with_role_ids
from codev.ui.screens.live import LiveScreen

PEOPLE = tuple(Participant(id=pid, name=pid.title()) for pid in ("ana", "ben", "chloe", "dora", "eli"))


def _panel(protocol_id: str, step_id: str) -> str:
    protocol = find_protocol(protocol_id, None).protocol
    if protocol.round_role is not None:
        protocol = protocol.with_rounds(3)  # three presenters, as a set-up would give
    ids = [person.id for person in PEOPLE]
    setup = with_role_ids(
        SessionSetup(
            group="G",
            protocol=protocol,
            date=dt.date(2026, 1, 1),
            participants=PEOPLE,
            client_id="ana",
            facilitator_id="eli",
            round_clients=rotating_round_clients(protocol, ids, "ana", ("eli",)),
            subject="S",
        )
    )
    # The panel's text depends only on the setup and the current step: no app needed.
    screen = SimpleNamespace(
        engine=SimpleNamespace(setup=setup),
        _view=SimpleNamespace(current=SimpleNamespace(step=protocol.step(step_id))),
    )
    return LiveScreen._people_text(screen).plain  # type: ignore[arg-type]


@pytest.mark.parametrize(("round_number", "presenter"), [(1, "Ana"), (2, "Ben"), (3, "Chloe")])
def test_each_rounds_presenter_is_named_presenter(round_number: int, presenter: str) -> None:
    set_lang("en")
    assert (
        _panel("action-learning-set", f"point-r{round_number}") == f"Presenter {presenter}\nSet adviser Eli"
    )


def test_built_in_roles_keep_the_catalogue_titles() -> None:
    set_lang("en")
    assert _panel("codev", "expose") == "Client Ana\nFacilitator Eli"
