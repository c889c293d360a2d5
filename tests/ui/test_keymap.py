"""The ``[keymap]`` of the settings file, applied to the running app: keys, footer, help."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

import codev.ui
from codev.core.clock import FakeClock
from codev.core.i18n import t
from codev.core.session import SessionStatus
from codev.core.user_config import BINDING_IDS, workspace_config_path
from codev.ui.app import CodevApp
from codev.ui.i18n import key_help
from codev.ui.keymap import apply_keymap, keymap_of
from codev.ui.screens.live import LiveScreen

DOCS = Path(__file__).parents[2] / "docs" / "configuration.md"


async def live_screen(pilot: Pilot[None]) -> LiveScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    screen.refresh_view()
    await pilot.pause()
    return screen


def status(app: CodevApp) -> SessionStatus:
    assert app.engine is not None
    return app.engine.status


def help_keys(app: CodevApp) -> dict[str, str]:
    """Description → keys, as the live screen's help shows them with the app's keymap."""
    pairs = key_help([*LiveScreen.BINDINGS, *app.BINDINGS], app.get_key_display, keymap_of(app))
    return {description: keys for keys, description in pairs}


async def test_remapping_next_to_x(app: CodevApp, clock: FakeClock, no_user_config: Path) -> None:
    no_user_config.write_text('[keymap]\nnext = "x"\n', encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        # The app applies the settings when it starts; applying them again changes nothing.
        assert apply_keymap(app, app.config.workspace) == {"next": "x"}
        screen = await live_screen(pilot)
        assert app.engine is not None
        await pilot.press("n")  # no longer "next": the keymap replaces the default keys
        await live_screen(pilot)
        assert status(app) is SessionStatus.NOT_STARTED
        await pilot.press("x")  # start
        await live_screen(pilot)
        assert status(app) is SessionStatus.RUNNING
        clock.advance(60)
        await pilot.press("x")  # the next step
        screen = await live_screen(pilot)
        assert app.engine.view().current_index == 1
        await pilot.press("pageup")  # the other bindings keep their keys
        screen = await live_screen(pilot)
        assert app.engine.view().current_index == 0
        # The footer shows the key in force; so does the help.
        assert [key.key for key in screen.query(FooterKey) if key.action == "next"] == ["x"]
        keys = help_keys(app)
        assert keys[t("key.next")] == "x"
        assert keys[t("key.previous")] == "p ← Page↑"
        assert keys[t("key.help")] == "?"  # its declared key_display, not remapped


async def test_bad_entries_are_notified_and_keep_their_default_keys(
    app: CodevApp, no_user_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_user_config.write_text('[keymap]\nnext = ""\nnxt = "x"\nblank = "z"\n', encoding="utf-8")
    workspace = app.config.workspace
    workspace.root.mkdir(parents=True, exist_ok=True)
    workspace_config_path(workspace).write_text('[keymap]\nblank = "w"\n', encoding="utf-8")
    notified: list[tuple[str, dict[str, Any]]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **options: notified.append((message, options)))
        assert apply_keymap(app, workspace) == {"blank": "w"}  # the workspace's wins
        assert [message for message, _ in notified] == [
            f"{no_user_config}:2: keymap.next: aucune touche donnée ; touches par défaut gardées",
            f"{no_user_config}:3: keymap.nxt: identifiant de raccourci inconnu, ignoré — "
            "vouliez-vous dire « next » ?",
        ]
        assert all(options == {"severity": "warning", "timeout": 10} for _, options in notified)
        notified.clear()
        assert apply_keymap(app, workspace, report=False) == {"blank": "w"}
        assert notified == []
        await live_screen(pilot)
        await pilot.press("n")  # the bad entry left "next" its default keys
        await live_screen(pilot)
        assert status(app) is SessionStatus.RUNNING
        assert help_keys(app)[t("key.next")] == "n → Page↓"
        assert help_keys(app)[t("key.blank")] == "w"


async def test_keymap_of_is_what_textual_applies(app: CodevApp) -> None:
    async with app.run_test(size=(80, 24)):
        app.set_keymap({"help": "?,h", "next": "x"})
        # Textual keeps the keymap normalised: single characters by their names.
        assert dict(keymap_of(app)) == {"help": "question_mark,h", "next": "x"}


# --- The help, without an app ----------------------------------------------------------------


def shown(binding: Binding) -> str:
    return binding.key_display or binding.key


BINDINGS = [
    Binding("n,right", "next", "next step", id="next"),
    Binding("question_mark", "help", "help", key_display="?", id="help"),
    Binding("z", "other", "other"),
]


def test_key_help_without_a_keymap_shows_the_declared_keys() -> None:
    assert key_help(BINDINGS, shown) == [("n right", "next step"), ("?", "help"), ("z", "other")]


def test_key_help_shows_the_remapped_keys() -> None:
    keymap = {"next": "x, pagedown", "help": "h", "other": "y"}
    # A remapped key loses the declared key_display ("?" described question_mark, not h).
    assert key_help(BINDINGS, shown, keymap) == [("x pagedown", "next step"), ("h", "help"), ("z", "other")]


def test_key_help_ignores_empty_entries_as_textual_does() -> None:
    assert key_help(BINDINGS, shown, {"next": "", "help": " , "}) == key_help(BINDINGS, shown)


# --- Every remappable binding is known to the core and in the docs --------------------------


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def declared_bindings() -> list[tuple[str, Binding]]:
    """(class, binding) for every binding with an id that the interface declares."""
    for module in pkgutil.walk_packages(codev.ui.__path__, "codev.ui."):
        importlib.import_module(module.name)
    found = []
    for cls in sorted(set(_subclasses(DOMNode)), key=lambda cls: cls.__qualname__):
        if cls.__module__.startswith("codev.ui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id is not None:
                    found.append((cls.__qualname__, binding))
    return found


def test_the_core_knows_every_binding_id_the_interface_declares() -> None:
    declared = {binding.id for _, binding in declared_bindings()}
    assert declared == BINDING_IDS


def test_ids_are_unique_per_class() -> None:
    per_class: dict[str, list[str | None]] = {}
    for cls, binding in declared_bindings():
        per_class.setdefault(cls, []).append(binding.id)
    assert {cls: ids for cls, ids in per_class.items() if len(ids) != len(set(ids))} == {}


def test_the_docs_list_every_binding_with_its_default_keys() -> None:
    rows = [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    documented = {
        (match.group(1), match.group(2))
        for row in rows
        if (match := re.match(r"\| `([^`]+)` \|(?: [^|]* \|)? `([^`]+)` \|", row))
    }
    missing = [
        f"{cls}: {binding.id} = {binding.key}"
        for cls, binding in declared_bindings()
        if (binding.id, binding.key) not in documented
    ]
    assert missing == []
