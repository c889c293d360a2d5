"""The client's consent: what the other carnets may keep of her account.

By default they keep the subject's title only; at the contract or synthesis step the client
may share the question, the contract and the suggestions received. The choice is journaled
(a replay, a resumed session and ``codev view`` agree) and honoured by every carnet and every
export; the action plan is never shared.
"""

from __future__ import annotations

import json
from pathlib import Path

from engine_support import T0
from owners_support import OWNED, add, started, trio_setup

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.logbook.export import to_markdown
from codev.core.protocol.model import NoteKind
from codev.core.session import NextStep, SessionEngine, SessionStatus, Start
from codev.core.session.model import SetConsent
from codev.core.session_controller import SessionController


def _account(control: SessionController) -> None:
    add(control, NoteKind.QUESTION, "ana", "Comment déléguer ?")
    add(control, NoteKind.CONTRACT, "ana", "Aidez-moi à lâcher le budget")
    add(control, NoteKind.SUGGESTION, "ben", "Lister ce qui peut partir")
    add(control, NoteKind.ACTION, "ana", "Confier le budget à Lina")


def test_by_default_the_others_keep_the_title_only(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup())
    _account(control)
    assert control.view().consent == frozenset()
    assert control.finish(str(tmp_path)).problems == ()
    for name in ("Ben", "Chloé"):
        (entry,) = store.load("Groupe", name).sessions
        assert entry.subject == "Déléguer sans tout reprendre" and entry.client == "Ana"
        assert (entry.question, entry.contract, entry.suggestions_received, entry.actions) == ("", "", [], [])
    (ana,) = store.load("Groupe", "Ana").sessions
    assert ana.question and ana.contract and ana.suggestions_received and ana.actions


def test_what_the_client_shares_reaches_every_carnet_and_export_but_never_her_plan(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup())
    _account(control)
    assert control.consent(frozenset({"question", "suggestions"})) is None
    assert control.view().consent == {"question", "suggestions"}
    assert control.finish(str(tmp_path)).problems == ()
    for name in ("Ben", "Chloé"):
        logbook = store.load("Groupe", name)
        (entry,) = logbook.sessions
        assert entry.question == "Comment déléguer ?"
        assert [(s.author, s.text) for s in entry.suggestions_received] == [
            ("Ben", "Lister ce qui peut partir")
        ]
        assert (entry.contract, entry.actions) == ("", [])
        exported = to_markdown([logbook])
        assert "Comment déléguer ?" in exported
        assert "lâcher le budget" not in exported and "Confier le budget" not in exported


def test_the_choice_is_journaled_and_taken_back_by_the_next_save(tmp_path: Path) -> None:
    control, store = started(tmp_path, trio_setup())
    _account(control)
    assert control.consent(frozenset({"question", "contract", "suggestions"})) is None
    assert control.flush(10)
    (entry,) = store.load("Groupe", "Ben").sessions
    assert entry.contract == "Aidez-moi à lâcher le budget"
    # She changes her mind: title only again, and the carnets follow at once.
    assert control.consent(frozenset()) is None
    assert control.flush(10)
    (entry,) = store.load("Groupe", "Ben").sessions
    assert (entry.question, entry.contract, entry.suggestions_received) == ("", "", [])
    assert control.consent(frozenset({"contract", "question"})) is None
    path = control.engine.journal_path
    assert path is not None
    control.finish(str(tmp_path))
    last = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    # Sorted, so that the same choice always writes the same line.
    assert last["entry"] == {"op": "set_consent", "share": ["contract", "question"]}
    replayed = SessionEngine.load(path, FakeClock(T0 + 3600))
    assert replayed.view().consent == {"contract", "question"}


def test_consent_is_asked_at_the_contract_and_synthesis_steps_of_a_live_session(tmp_path: Path) -> None:
    workspace_store = LogbookStore(tmp_path / "logbooks")
    engine = SessionEngine(trio_setup(), FakeClock(T0))
    control = SessionController(engine, store=workspace_store)
    refusal = control.consent(frozenset({"question"}))
    assert refusal is not None and refusal.message == "The session has not started yet."
    assert control.send(Start()) is None
    asked = []
    for _ in OWNED.steps:
        asked.append(control.collects_consent(control.view()))
        control.send(NextStep())
    assert asked == [False, True, False, True]
    assert control.view().status is SessionStatus.RUNNING
    assert control.send(SetConsent(share=frozenset({"question"}))) is None
