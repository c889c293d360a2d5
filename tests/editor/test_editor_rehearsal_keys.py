"""`p` opens one rehearsal at most: presses typed while one is opening or open (a double
press, a key held down) are dropped, not run one after the other once it ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.app import App

from codev.core.i18n import set_lang
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.editor import screen as editor_screen
from codev.ui.editor.screen import EditorScreen

PROTOCOL = (Path(__file__).parents[2] / "protocols" / "codev.toml").read_text(encoding="utf-8")


def queue_keys(app: App[object], *keys: str) -> None:
    """Hand ``keys`` to the app at once, as a terminal delivers a burst."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)


async def test_fast_p_presses_open_one_rehearsal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    set_lang("en")
    workspace = Workspace(tmp_path / "ws")
    workspace.protocols_dir.mkdir(parents=True)
    path = workspace.protocols_dir / "mine.toml"
    path.write_text(PROTOCOL, encoding="utf-8")
    rehearsals: list[str] = []

    def rehearse(app: object, text: str, *rest: object) -> bool:
        # As the real one: the editor waits, its keys queued, until the rehearsal quits.
        rehearsals.append(text)
        return True

    monkeypatch.setattr(editor_screen, "rehearse", rehearse)
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        queue_keys(app, "p", "p", "p")
        await pilot.pause()
        await pilot.pause()
        assert len(rehearsals) == 1
        assert app.screen is screen  # no dialog either
        await pilot.press("p")  # a press after the rehearsal: another one
        await pilot.pause()
        assert len(rehearsals) == 2
