"""Builders shared by the tests of note owners, consent and roles: a trio, a protocol whose
steps collect every kind a carnet routes, a session written into a throw-away workspace."""

from __future__ import annotations

from pathlib import Path

from engine_support import T0, make_setup, protocol, step

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.session import AddNote, Participant, SessionEngine, SessionSetup, Start
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace


def _collecting(step_id: str, *kinds: str) -> dict[str, object]:
    data = step(step_id, 10)
    data["notes"] = list(kinds)
    return data


OWNED = protocol(
    _collecting("expose", "question", "note"),
    _collecting("contrat", "contract"),
    _collecting("consultation", "suggestion"),
    _collecting("synthese", "action", "learning", "feeling", "note"),
)
"""Every kind a carnet routes, all noted in one step or another (the last collects most)."""

TRIO = (
    Participant(id="ana", name="Ana"),
    Participant(id="ben", name="Ben"),
    Participant(id="chloe", name="Chloé"),
)


def trio_setup(proto: Protocol = OWNED, **overrides: object) -> SessionSetup:
    values: dict[str, object] = {
        "participants": TRIO,
        "client_id": "ana",
        "facilitator_id": "chloe",
        "group": "Groupe",
    }
    values.update(overrides)
    return make_setup(proto, **values)


def started(tmp_path: Path, setup: SessionSetup, at: float = T0) -> tuple[SessionController, LogbookStore]:
    workspace = Workspace(tmp_path)
    engine = SessionEngine.create(setup, FakeClock(at), workspace)
    store = LogbookStore.for_workspace(workspace)
    control = SessionController(engine, store=store)
    assert control.send(Start()) is None
    return control, store


def add(control: SessionController, kind: NoteKind, author: str, text: str, owner: str | None = None) -> None:
    assert (
        control.send(AddNote(kind=kind, author_id=author, text=text, owner_id=owner, step_id="synthese"))
        is None
    )
