"""The demo session: five fictional participants on the classic protocol, straight to the live screen."""

from __future__ import annotations

import datetime as dt

from codev.core.i18n import t
from codev.core.protocol.model import Protocol
from codev.core.session.model import Participant, SessionSetup

DEMO_PEOPLE = (
    ("hélène", "Hélène Dubois"),
    ("karim", "Karim Benali"),
    ("sofia", "Sofía Martínez"),
    ("jean-luc", "Jean-Luc Moreau"),
    ("mai", "Mai Nguyen"),
)


def demo_group() -> str:
    """The demo group's name, in the current language."""
    return t("demo.group")


def demo_setup(
    protocol: Protocol, speed: float = 1.0, today: dt.date | None = None, number: int | None = 1
) -> SessionSetup:
    """A ready-to-run session: Karim is the client, Hélène facilitates.

    ``number``: the session's number in the demo group (the group's next one in a workspace
    that keeps the demo's carnets; 1 in a throw-away one).
    """
    participants = tuple(Participant(id=pid, name=name) for pid, name in DEMO_PEOPLE)
    return SessionSetup(
        group=demo_group(),
        protocol=protocol,
        date=today or dt.date.today(),
        participants=participants,
        client_id="karim",
        facilitator_id="hélène",
        subject=t("demo.subject"),
        number=number,
        speed=speed,
    )
