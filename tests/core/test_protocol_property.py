"""Property: any valid format 2 protocol runs from start to finish.

Hypothesis writes protocols from the format's schema — roles tables with their meanings and
counts, speakers as role ids, lists or nobody, rounds of repeated steps, protected and
optional steps, turns, sub-groups and parallel steps, who the protocol is for and its time
box — with a group that matches and a set-up for it. The session is then driven through the
controller on a fake clock (notes of several kinds in every step, optional steps skipped, a
pause, time added and taken), finished, and:

- the session is finished;
- its journal replays to the very same state and view;
- every contract, suggestion and action written in a round is in that round's client's
  carnet (the sub-group's client in a round with sub-groups; the author's own when there is
  no client, or for an action in a step where everyone commits), read back from the store.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import NoteKind, Protocol, Role, Step
from codev.core.session import (
    AddNote,
    AdjustTime,
    NextStep,
    Participant,
    Pause,
    Resume,
    SessionEngine,
    SessionSetup,
    SessionStatus,
    SkipStep,
    Start,
)
from codev.core.session.model import (
    Finish,
    form_subgroups,
    round_client_pool,
    setup_refusal,
    with_role_ids,
)
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace

T0 = 1_700_000_000.0
NAMES = ("Ana", "Ben", "Chloé", "Dora", "Éli", "Fatou", "Gus", "Hana")
GROUP = "Groupe"
ROUTED = (NoteKind.CONTRACT, NoteKind.SUGGESTION, NoteKind.ACTION)
"""The kinds given to the client: where they land is what the property checks."""

SUBGROUPS = "subgroups" in Protocol.model_fields
EACH_COMMITS = "each_commits" in Step.model_fields


def _text(word: str) -> dict[str, str]:
    return {"fr": word, "en": word}


# --- The protocol ---------------------------------------------------------------------------


@st.composite
def roles(draw: st.DrawFn) -> list[Any]:
    """A roles list: built-in names and tables, one role per meaning, consultants always."""
    found: list[Any] = []
    client = draw(st.sampled_from(["none", "client", "trainer"]))
    if client == "client":
        found.append("client")
    elif client == "trainer":
        count = draw(st.sampled_from(["one", "at_most_one"]))
        found.append({"id": "trainer", "meaning": "client", "count": count, "title": _text("Formateur")})
    found.append(
        draw(st.sampled_from(["consultant", {"id": "peer", "meaning": "consultant", "title": _text("Pair")}]))
    )
    facilitator = draw(st.sampled_from(["none", "facilitator", "host"]))
    if facilitator == "facilitator":
        found.append("facilitator")
    elif facilitator == "host":
        count = draw(st.sampled_from(["one", "at_most_one"]))
        found.append({"id": "host", "meaning": "facilitator", "count": count, "title": _text("Hôte")})
    if draw(st.booleans()):
        count = draw(st.sampled_from(["one", "at_most_one"]))
        found.append({"id": "scribe", "meaning": "scribe", "count": count})
    if draw(st.booleans()):
        found.append("timekeeper")
    if draw(st.booleans()):
        count = draw(st.sampled_from(["one", "at_most_one", "any"]))
        found.append({"id": "guest", "meaning": "observer", "count": count, "title": _text("Invité")})
    return draw(st.permutations(found))


def _role_ids(items: Sequence[Any]) -> list[str]:
    return [item if isinstance(item, str) else item["id"] for item in items]


def _meanings(items: Sequence[Any]) -> set[str]:
    return {item if isinstance(item, str) else item["meaning"] for item in items}


def _required(items: Sequence[Any]) -> int:
    count = 0
    for item in items:
        meaning = item if isinstance(item, str) else item["meaning"]
        default = "one" if meaning in ("client", "facilitator") else "other"
        written = default if isinstance(item, str) else item.get("count", default)
        count += written == "one"
    return count


@st.composite
def a_step(
    draw: st.DrawFn, index: int, speakers: list[str], in_round: bool, parallel: bool | None
) -> dict[str, Any]:
    """Step ``index``: its timing, who speaks, what it collects; ``parallel`` None: drawn."""
    minutes = draw(st.sampled_from([0.5, 1, 2.5, 5, 10]))
    data: dict[str, Any] = {
        "id": f"s{index}",
        "title": _text(f"Étape {index}"),
        "instructions": _text("Faire."),
        "minutes": minutes,
    }
    chosen = draw(st.lists(st.sampled_from(speakers), min_size=1, max_size=3, unique=True))
    if "nobody" in chosen or draw(st.booleans()):
        chosen = chosen[:1]
    data["speakers"] = chosen if len(chosen) > 1 or draw(st.booleans()) else chosen[0]
    data["notes"] = draw(
        st.lists(st.sampled_from(list(NoteKind)), max_size=4, unique=True).map(
            lambda kinds: kinds if draw(st.booleans()) else [*ROUTED, *(k for k in kinds if k not in ROUTED)]
        )
    )
    data["optional"] = draw(st.booleans())
    if draw(st.booleans()):
        data["protected"] = True
    elif draw(st.booleans()):
        data["min_minutes"] = minutes / 2
    if draw(st.booleans()):
        data["wrap_up_minutes"] = minutes / 4
    if in_round:
        data["repeat"] = True
    is_parallel = draw(st.booleans()) if parallel is None else parallel
    if is_parallel:
        data["parallel"] = True
    if EACH_COMMITS and draw(st.booleans()):
        data["each_commits"] = True
    if chosen != ["nobody"] and not is_parallel and draw(st.booleans()):
        turns: dict[str, Any] = {"who": draw(st.sampled_from(["consultants", "everyone"]))}
        if draw(st.booleans()):
            turns["seconds"] = draw(st.sampled_from([10, 60]))
        data["turns"] = turns
    return data


@st.composite
def protocols(draw: st.DrawFn, people: int, role_items: list[Any]) -> Protocol:
    """A valid format 2 protocol with these roles, for a group of ``people``."""
    meanings = _meanings(role_items)
    speakers = ["consultants", "everyone", "nobody", *_role_ids(role_items)]
    speakers += [name for name in ("client", "facilitator") if name in meanings]
    count = draw(st.integers(1, 6))
    rounds = draw(st.sampled_from([None, 2, 3]))
    first = draw(st.integers(0, count - 1))
    last = draw(st.integers(first + 1, count))
    size = draw(st.sampled_from([None, 2, 3])) if SUBGROUPS else None
    steps = []
    for index in range(count):
        in_round = rounds is not None and first <= index < last
        parallel: bool | None = None if size is not None else False
        if size is not None and in_round and "client" in meanings:
            parallel = True  # each sub-group has its own client in a round
        steps.append(draw(a_step(index + 1, speakers, in_round, parallel)))
    data: dict[str, Any] = {
        "format": 2,
        "id": "genere",
        "title": _text("Généré"),
        "description": _text("Un protocole généré."),
        "roles": role_items,
        "wrap_up_minutes": draw(st.sampled_from([0, 1, 2])),
        "steps": steps,
    }
    if rounds is not None:
        data["rounds"] = rounds
    if size is not None:
        data["subgroups"] = {"size": size} | ({"title": _text("Table")} if draw(st.booleans()) else {})
    if draw(st.booleans()):
        data["joker_minutes"] = draw(st.sampled_from([1, 2.5]))
    if draw(st.booleans()):
        low = draw(st.integers(1, people))
        high = draw(st.integers(max(people, size or 1), 100))
        data["people"] = {"min": low, "max": high}
    protocol = Protocol.model_validate(data)
    if draw(st.booleans()):
        # A time box the session fits in: the check refuses one it does not.
        box = min(1440, protocol.total_minutes + draw(st.sampled_from([0, 5])))
        protocol = Protocol.model_validate(data | {"time_box_minutes": box})
    return protocol


# --- The group and its set-up ---------------------------------------------------------------


@st.composite
def setups(draw: st.DrawFn) -> SessionSetup:
    """A protocol, a group that fits it and a set-up giving every role it demands."""
    role_items = draw(roles())
    people = draw(st.integers(max(2, _required(role_items) + 1), len(NAMES)))
    protocol = draw(protocols(people, role_items))
    participants = tuple(Participant(id=f"p{i}", name=NAMES[i]) for i in range(people))
    free = draw(st.permutations([person.id for person in participants]))

    watching = protocol.role_for(Role.OBSERVER)
    # Places kept for the roles still to give that must be given (and for one consultant):
    # a role nobody must hold is given only from the people left over.
    must = [role for role in protocol.declared_roles if role.required and role.meaning is not Role.CONSULTANT]

    def given_to(meaning: Role) -> str | None:
        role = protocol.role_for(meaning)
        if role is None or not free:
            return None
        still_due = sum(1 for other in must if other.meaning is not meaning) - sum(
            1 for other in must if other.meaning in done
        )
        if not role.required and (len(free) <= still_due + 1 or not draw(st.booleans())):
            return None
        done.add(meaning)
        return free.pop()

    done: set[Role] = set()

    client, facilitator = given_to(Role.CLIENT), given_to(Role.FACILITATOR)
    scribe, timekeeper = given_to(Role.SCRIBE), given_to(Role.TIMEKEEPER)
    observers: tuple[str, ...] = ()
    if watching is not None:
        most = {"one": 1, "at_most_one": 1}.get(watching.count.value, 2)
        wanted = 1 if watching.required else draw(st.integers(0, most))
        observers = tuple(free.pop() for _ in range(min(wanted, len(free) - 1)))
    consults = draw(st.booleans())
    values: dict[str, Any] = {
        "group": GROUP,
        "protocol": protocol,
        "date": dt.date(2026, 3, 2),
        "participants": participants,
        "client_id": client,
        "facilitator_id": facilitator,
        "scribe_id": scribe,
        "timekeeper_id": timekeeper,
        "observer_ids": observers,
        "facilitator_consults": consults,
        "subject": "Déléguer",
    }
    left_out = {*observers, *((facilitator,) if facilitator is not None and not consults else ())}
    subgroups = form_subgroups(protocol, [p.id for p in participants if p.id not in left_out])
    if subgroups:
        values["subgroups"] = subgroups
    setup = SessionSetup(**values)
    rounds = protocol.rounds
    if isinstance(rounds, int) and protocol.has_role(Role.CLIENT) and not subgroups and draw(st.booleans()):
        pool = list(round_client_pool(setup))
        if pool:
            order = draw(st.permutations(pool))
            chosen = [order[number % len(order)] for number in range(rounds)]
            setup = SessionSetup(**(values | {"round_clients": tuple(chosen)}))
    return with_role_ids(setup)


# --- Expected owners, computed from the setup alone -----------------------------------------------


def _round_client(setup: SessionSetup, step: Step, author: str) -> str | None:
    """The client while ``step`` runs, as the author sees it (their sub-group's in a round)."""
    if step.round is not None and setup.subgroups and setup.protocol.has_role(Role.CLIENT):
        # Each sub-group's members are client in turn, a facilitator among them never; an
        # author in no sub-group is asked whose carnet it is (the default is their own).
        members = next((group for group in setup.subgroups if author in group), None)
        eligible = [person for person in members or () if person != setup.facilitator_id]
        return eligible[(step.round - 1) % len(eligible)] if eligible else None
    if step.round is not None and setup.round_clients:
        return setup.round_clients[step.round - 1]
    return setup.client_id


def _expected_owner(setup: SessionSetup, step: Step, kind: NoteKind, author: str) -> str:
    if kind is NoteKind.ACTION and getattr(step, "each_commits", False):
        return author
    return _round_client(setup, step, author) or author


# --- The property -----------------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(setup=setups(), data=st.data())
def test_any_valid_protocol_runs_replays_and_routes_each_rounds_notes(
    setup: SessionSetup, data: st.DataObject
) -> None:
    assert setup_refusal(setup) is None
    # What the examples cover (pytest --hypothesis-show-statistics).
    protocol = setup.protocol
    event(f"rounds: {protocol.rounds is not None}, sub-groups split: {bool(setup.subgroups)}")
    event(f"round clients: {bool(setup.round_clients)}, client: {setup.client_id is not None}")
    event(f"people: {protocol.people is not None}, time box: {protocol.time_box_minutes is not None}")
    with tempfile.TemporaryDirectory(prefix="codev-property-") as folder:
        workspace = Workspace(Path(folder))
        clock = FakeClock(T0)
        engine = SessionEngine.create(setup, clock, workspace)
        store = LogbookStore.for_workspace(workspace)
        control = SessionController(engine, store=store)
        ids = [person.id for person in setup.participants]
        written: list[tuple[NoteKind, str, str, Step]] = []
        paused = False
        assert control.send(Start()) is None
        while True:
            step = control.view().current.step
            clock.advance(data.draw(st.sampled_from([5.0, 30.0, 90.0])))
            kinds = data.draw(st.lists(st.sampled_from([*step.notes, *ROUTED]), max_size=4))
            for kind in kinds:
                author = data.draw(st.sampled_from(ids))
                text = f"{kind.value} {len(written) + 1} ({step.id})"
                assert control.send(AddNote(kind=kind, author_id=author, text=text, step_id=step.id)) is None
                written.append((kind, text, author, step))
            if not paused and data.draw(st.booleans()):
                paused = True
                assert control.send(Pause()) is None
                clock.advance(60)
                assert control.send(Resume()) is None
            seconds = data.draw(st.sampled_from([None, 60.0, -30.0]))
            if seconds is not None:
                refusal = control.send(AdjustTime(seconds=seconds))
                assert refusal is None or refusal.key == "engine.refuse.no_time_left"
            if control.view().current.index == len(setup.protocol.steps) - 1:
                break
            skip = step.optional and data.draw(st.booleans())
            assert control.send(SkipStep() if skip else NextStep()) is None
        assert control.send(Finish()) is None
        outcome = control.finish(folder)
        assert outcome.problems == ()
        assert control.engine.status is SessionStatus.FINISHED

        # The journal replays to the very same session.
        path = control.engine.journal_path
        assert path is not None
        replayed = SessionEngine.load(path, FakeClock(clock.now()))
        assert replayed.setup == control.engine.setup
        assert replayed._state == control.engine._state
        assert replayed.view() == control.engine.view()

        # Each round's contract, suggestions and actions are in that round's client's carnet.
        names = {person.id: person.name for person in setup.participants}
        entries = {pid: store.load(GROUP, name).sessions[-1] for pid, name in names.items()}
        for kind, text, author, step in written:
            if kind not in ROUTED:
                continue
            owner = _expected_owner(setup, step, kind, author)
            entry = entries[owner]
            kept = {
                NoteKind.CONTRACT: entry.contract.split("\n"),
                NoteKind.SUGGESTION: [item.text for item in entry.suggestions_received],
                NoteKind.ACTION: [item.objective for item in entry.actions],
            }[kind]
            assert text in kept, (kind, text, names[owner])
            if kind is NoteKind.ACTION:
                # A commitment is its owner's alone.
                others = [pid for pid, other in entries.items() if pid != owner]
                assert all(text not in [a.objective for a in entries[pid].actions] for pid in others)
