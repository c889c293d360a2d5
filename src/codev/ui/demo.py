"""The demo session: five fictional participants on the classic protocol, straight to the live screen."""

from __future__ import annotations

import datetime as dt

from codev.core.i18n import get_lang
from codev.core.protocol import Protocol
from codev.core.session.model import Participant, SessionSetup

DEMO_PEOPLE = (
    ("hélène", "Hélène Dubois"),
    ("karim", "Karim Benali"),
    ("sofia", "Sofía Martínez"),
    ("jean-luc", "Jean-Luc Moreau"),
    ("mai", "Mai Nguyen"),
)

DEMO_SUBJECT = {
    "fr": "Comment retenir un agent à potentiel qui veut partir ?",
    "en": "How do I keep a promising colleague who wants to leave?",
}


def demo_setup(protocol: Protocol, speed: float = 1.0, today: dt.date | None = None) -> SessionSetup:
    """A ready-to-run session: Karim is the client, Hélène facilitates."""
    participants = tuple(Participant(id=pid, name=name) for pid, name in DEMO_PEOPLE)
    return SessionSetup(
        group="Démo" if get_lang() == "fr" else "Demo",
        protocol=protocol,
        date=today or dt.date.today(),
        participants=participants,
        client_id="karim",
        facilitator_id="hélène",
        subject=DEMO_SUBJECT[get_lang()],
        number=1,
        speed=speed,
    )
