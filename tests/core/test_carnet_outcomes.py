"""What the end of a session says about each carnet: written, kept aside (and where), or held
only by the session's journal — never "written" for a carnet that was not."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, make_setup

import codev.core.logbook.store as store_module
from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import NoteKind
from codev.core.session import AddNote, Finish, SessionEngine, Start
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace


def session(tmp_path: Path) -> tuple[SessionController, Workspace]:
    workspace = Workspace(tmp_path / "ws")
    engine = SessionEngine.create(make_setup(CLASSIC, people=3), FakeClock(T0), workspace)
    control = SessionController(engine, store=LogbookStore.for_workspace(workspace))
    assert control.send(Start()) is None
    assert control.send(AddNote(kind=NoteKind.LEARNING, author_id="p2", text="écouter d'abord")) is None
    assert control.flush(10)
    return control, workspace


def carnet_of(workspace: Workspace, name: str) -> Path:
    (ref,) = LogbookStore.for_workspace(workspace).carnets_of(name)
    return ref.path


def test_a_kept_aside_carnet_is_not_listed_as_written_and_the_summary_says_where(tmp_path: Path) -> None:
    control, workspace = session(tmp_path)
    path = carnet_of(workspace, "Céline 🌸")
    path.write_text(path.read_text("utf-8").replace("format = 1", "format = 7"), "utf-8")
    assert control.send(AddNote(kind=NoteKind.FEELING, author_id="p2", text="soulagée")) is None
    assert control.send(Finish()) is None
    outcome = control.finish(str(workspace.root))
    shown = str(path.relative_to(workspace.root))
    assert shown not in outcome.written
    ((carnet, pending),) = outcome.kept_aside
    assert (
        carnet == shown
        and pending.endswith(".pending.toml")
        and "soulagée" in (workspace.root / pending).read_text("utf-8")
    )
    assert any(f"kept aside in {workspace.root / pending}" in problem for problem in outcome.problems)


def test_a_carnet_saved_nowhere_says_only_the_journal_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    control, workspace = session(tmp_path)
    path = carnet_of(workspace, "Céline 🌸")
    path.write_text(path.read_text("utf-8").replace("format = 1", "format = 7"), "utf-8")
    real = store_module.atomic_write

    def no_room_aside(target: Path, text: str, **options: object) -> None:
        if target.name.endswith(".pending.toml"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(target, text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "atomic_write", no_room_aside)
    assert control.send(AddNote(kind=NoteKind.FEELING, author_id="p2", text="soulagée")) is None
    assert control.send(Finish()) is None
    outcome = control.finish(str(workspace.root))
    assert str(path.relative_to(workspace.root)) not in outcome.written
    assert not outcome.kept_aside
    assert any("journal" in problem and str(path) in problem for problem in outcome.problems)
