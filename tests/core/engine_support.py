"""Builders shared by the session engine tests: protocols, setups, engines on a fake clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.session import Participant, SessionEngine, SessionSetup

T0 = 1_700_000_000.0


def step(
    step_id: str,
    minutes: float,
    *,
    floor: float | None = None,
    wrap_up: float | None = None,
    turns: str | None = None,
    turn_seconds: int | None = None,
    optional: bool = False,
    speakers: str = "client",
) -> dict[str, Any]:
    """A protocol step as the TOML file would give it."""
    data: dict[str, Any] = {
        "id": step_id,
        "title": {"fr": f"Étape {step_id}", "en": f"Step {step_id}"},
        "instructions": {"fr": "Faire.", "en": "Do."},
        "minutes": minutes,
        "speakers": speakers,
        "notes": ["note", "suggestion"],
        "optional": optional,
    }
    if floor is not None:
        data["min_minutes"] = floor
    if wrap_up is not None:
        data["wrap_up_minutes"] = wrap_up
    if turns is not None:
        data["speakers"] = turns
        data["turns"] = {"who": turns} | ({"seconds": turn_seconds} if turn_seconds else {})
    return data


def protocol(*steps: dict[str, Any], wrap_up: float = 2) -> Protocol:
    """A protocol made of ``steps``."""
    return Protocol.model_validate(
        {
            "id": "test",
            "title": {"fr": "Test", "en": "Test"},
            "description": {"fr": "Un protocole de test.", "en": "A test protocol."},
            "wrap_up_minutes": wrap_up,
            "steps": list(steps),
        }
    )


CLASSIC = protocol(
    step("expose", 10, floor=5),
    step("clarification", 20, floor=10, speakers="consultants"),
    step("contrat", 10, floor=5),
    step("consultation", 30, floor=20, turns="consultants", turn_seconds=120),
    step("synthese", 15, floor=10),
    step("feedback", 15, floor=10, turns="everyone"),
)
"""The classic six steps (100 min), with turns in consultation and feedback."""

WITH_OPTIONAL = protocol(
    step("meteo", 10, floor=5, turns="everyone", turn_seconds=60, optional=True),
    step("expose", 10, floor=5),
    step("choix", 5, optional=True),
    step("consultation", 20, floor=10, turns="consultants"),
    step("bilan", 5, optional=True, turns="everyone"),
    step("fin", 5),
)
"""Optional steps at the start, in the middle and next to the end."""

NAMES = ("Ana", "Bruno", "Céline 🌸", "Dany/Ève", "Émile", "Fatou")


def make_setup(proto: Protocol = CLASSIC, people: int = 6, **overrides: Any) -> SessionSetup:
    """A setup with ``people`` participants: p0 is the client, p1 the facilitator."""
    values: dict[str, Any] = {
        "group": "Groupe « Cap » / 2024",
        "protocol": proto,
        "date": dt.date(2024, 5, 14),
        "participants": tuple(Participant(id=f"p{i}", name=NAMES[i % len(NAMES)]) for i in range(people)),
        "client_id": "p0",
        "facilitator_id": "p1",
        "subject": "Déléguer sans tout reprendre",
    }
    values.update(overrides)
    return SessionSetup(**values)


def make_engine(
    proto: Protocol = CLASSIC, start: float = T0, **overrides: Any
) -> tuple[SessionEngine, FakeClock]:
    """An engine without journal, on a fake clock."""
    clock = FakeClock(start)
    return SessionEngine(make_setup(proto, **overrides), clock), clock
