"""The people of the sub-groups tests: six who split into two trios (Troika), and the path of
the built-in Troika, shared by the tests of sub-groups, their owners, the room and the carnets."""

from __future__ import annotations

from pathlib import Path

from codev.core.session import Participant

TROIKA = Path(__file__).parents[2] / "protocols" / "troika.toml"

SIX = tuple(
    Participant(id=person_id, name=name)
    for person_id, name in (
        ("ana", "Ana"),
        ("ben", "Ben"),
        ("chloe", "Chloé"),
        ("dora", "Dora"),
        ("eli", "Éli"),
        ("fatou", "Fatou"),
    )
)
"""Trio 1: Ana, Ben, Chloé; trio 2: Dora, Éli, Fatou (tables of three, in this order)."""
