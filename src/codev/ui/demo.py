"""The demo session: fictional participants on any protocol, straight to the live screen.

Five people by default (Karim is the client, Hélène facilitates), more or fewer when the
protocol says who it is for (``people``), and someone for every role the protocol demands
(a scribe, an observer, a trainer…), so that every valid protocol rehearses.
"""

from __future__ import annotations

import datetime as dt

from codev.core.i18n import t
from codev.core.protocol.model import Protocol, Role
from codev.core.session.model import (
    Participant,
    SessionSetup,
    form_subgroups,
    rotating_round_clients,
    subgroup_pool,
    with_role_ids,
)

DEMO_PEOPLE = (
    ("hélène", "Hélène Dubois"),
    ("karim", "Karim Benali"),
    ("sofia", "Sofía Martínez"),
    ("jean-luc", "Jean-Luc Moreau"),
    ("mai", "Mai Nguyen"),
    ("tomasz", "Tomasz Kowalski"),
    ("amina", "Amina Diallo"),
    ("lars", "Lars Eriksen"),
    ("chiara", "Chiara Romano"),
    ("david", "David Cohen"),
    ("ines", "Inês Almeida"),
    ("yuki", "Yuki Tanaka"),
)
"""The demo group, in speaking order; the first five make the usual demo."""

DEMO_SIZE = 5
"""How many come to a demo when the protocol does not say otherwise."""

DEMO_PRESENTERS = 3
"""How many present in a protocol whose round is repeated once per presenter (Revans'
action learning set): enough to see the round's client change."""

_SINGLE_ROLES = (Role.CLIENT, Role.FACILITATOR, Role.SCRIBE, Role.TIMEKEEPER, Role.OBSERVER)
_PREFERRED = {Role.CLIENT: "karim", Role.FACILITATOR: "hélène"}


def demo_group() -> str:
    """The demo group's name, in the current language."""
    return t("demo.group")


def demo_people(count: int) -> tuple[Participant, ...]:
    """``count`` demo participants: the demo group, then (for a large protocol) its members
    again with a number, so that every name stays unique."""
    people: list[Participant] = []
    for index in range(count):
        person_id, name = DEMO_PEOPLE[index % len(DEMO_PEOPLE)]
        lap = index // len(DEMO_PEOPLE)
        suffix = f"-{lap + 1}" if lap else ""
        people.append(Participant(id=person_id + suffix, name=f"{name} {lap + 1}" if lap else name))
    return tuple(people)


def demo_size(protocol: Protocol) -> int:
    """How many demo people come: five, or what the protocol's ``people`` allows, and always
    one more than the roles it demands (someone is left to consult), when it allows that."""
    required = sum(1 for role in protocol.declared_roles if role.required)
    wanted = max(DEMO_SIZE, required + 1)
    if protocol.people is not None:
        wanted = min(max(wanted, protocol.people.min), protocol.people.max)
    return wanted


def demo_setup(
    protocol: Protocol, speed: float = 1.0, today: dt.date | None = None, number: int | None = 1
) -> SessionSetup:
    """A ready-to-run session: Karim is the client, Hélène facilitates, and the next people
    hold the other roles the protocol demands (count one), in turn.

    A role the protocol does not have is given to nobody (a workshop without a client);
    rounds once per presenter get three presenters (fewer when the time box holds fewer);
    sub-groups are formed as the set-up would. ``number``: the session's number in the demo
    group (the group's next one in a workspace that keeps the demo's carnets; 1 in a
    throw-away one).
    """
    participants = demo_people(demo_size(protocol))
    free = [person.id for person in participants]

    def given(meaning: Role) -> str | None:
        role = protocol.role_for(meaning)
        # The client and the facilitator as always; the other roles only when demanded.
        wanted = role is not None and (role.required or meaning in _PREFERRED)
        if not wanted or not free:
            return None
        chosen = _PREFERRED.get(meaning)
        chosen = chosen if chosen in free else free[0]
        free.remove(chosen)
        return chosen

    holders = {meaning: given(meaning) for meaning in _SINGLE_ROLES}
    client, facilitator, observer = holders[Role.CLIENT], holders[Role.FACILITATOR], holders[Role.OBSERVER]
    observers = (observer,) if observer is not None else ()
    ids = [person.id for person in participants]
    if protocol.round_role is not None:
        # Rounds once per presenter: three present (the client first, then the next people
        # who may), each in their own round, and the session records the protocol written
        # out three times, as the set-up does.
        pool = [person for person in ids if person not in {facilitator, *observers}]
        # As many as the protocol's time box holds (a loaded protocol always holds one).
        count = max(1, min(DEMO_PRESENTERS, protocol.rounds_in_time_box, len(pool)))
        protocol = protocol.with_rounds(count)
    # As the set-up form does: the facilitator consults in a group of four at most, and
    # sub-groups split everyone but the observers and a facilitator who does not consult.
    consults = len(participants) <= 4
    held = {meaning: [person] for meaning, person in holders.items() if person is not None}
    subgroups = form_subgroups(protocol, subgroup_pool(protocol, ids, held, consults))
    # Each round its own client, in turn (Troika's each member once), unless each sub-group
    # has its own (rounds then rotate within the sub-groups).
    round_clients = (
        () if subgroups else rotating_round_clients(protocol, ids, client, skip=(facilitator, *observers))
    )
    setup = SessionSetup(
        group=demo_group(),
        protocol=protocol,
        date=today or dt.date.today(),
        participants=participants,
        client_id=client,
        facilitator_id=facilitator,
        scribe_id=holders[Role.SCRIBE],
        timekeeper_id=holders[Role.TIMEKEEPER],
        observer_ids=observers,
        round_clients=round_clients,
        subgroups=subgroups,
        facilitator_consults=consults,
        subject=t("demo.subject"),
        number=number,
        speed=speed,
    )
    return with_role_ids(setup)
