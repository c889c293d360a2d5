"""Dialogs opened and closed for hours keep nothing alive: Textual's leaks, worked around.

Textual 8.2.8's Footer rebuilds its keys each time a dialog covers or uncovers its screen,
and every key it ever built stays referenced by a watcher on the footer (the key's
``data_bind`` of ``compact``, dropped only when ``compact`` changes: Textualize/textual#6666).
Its ``StylesCache.get_inner_outer`` memoizes (``lru_cache(1024)``) on the line caches of
widgets long removed. These tests count what is retained (objects alive after a garbage
collection, watchers on the footer) rather than memory, which the allocator blurs.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label
from textual.widgets._footer import FooterKey

from codev.ui.app import CodevApp
from codev.ui.screens.live import LiveScreen
from codev.ui.widgets.footer import CodevFooter

CYCLES = 8


@pytest.fixture
def footer_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[weakref.ref[FooterKey]]]:
    """A weak reference to every footer key built during the test."""
    built: list[weakref.ref[FooterKey]] = []
    original = FooterKey.__init__

    def init(self: FooterKey, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        built.append(weakref.ref(self))

    monkeypatch.setattr(FooterKey, "__init__", init)
    yield built


def alive(built: list[weakref.ref[FooterKey]]) -> list[FooterKey]:
    gc.collect()
    return [key for ref in built if (key := ref()) is not None]


def line_caches_alive() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, StylesCache))


def watchers_on(footer: Footer) -> int:
    """The watchers Textual registered on the footer (one per key bound to its ``compact``)."""
    return sum(len(entries) for entries in getattr(footer, "__watchers", {}).values())


class Dialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        yield Label("dialog")


class Main(Screen[None]):
    BINDINGS = [Binding(key, f"press('{key}')", f"key {key}") for key in "abcdefghij"]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer_class = footer
        self.greyed = ""

    def compose(self) -> ComposeResult:
        yield Label("main")
        yield self.footer_class()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters and parameters[0] == self.greyed else True

    def action_press(self, key: str) -> None:
        pass


class Bare(App[None]):
    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer_class = footer

    def on_mount(self) -> None:
        self.push_screen(Main(self.footer_class))


async def cycle_dialogs(app: App[None], pilot: Pilot[None], cycles: int) -> None:
    for _ in range(cycles):
        app.push_screen(Dialog())
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()


async def test_textuals_own_footer_keeps_every_key_it_built(
    footer_keys: list[weakref.ref[FooterKey]],
) -> None:
    """The upstream leak, as pinned: when this fails, CodevFooter's workaround can go."""
    app = Bare(Footer)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        await cycle_dialogs(app, pilot, CYCLES)
        shown = len(footer.query(FooterKey))
        assert len(alive(footer_keys)) > shown + CYCLES
        assert watchers_on(footer) > shown + CYCLES


async def test_dialogs_opened_and_closed_leave_the_footer_as_it_was(
    footer_keys: list[weakref.ref[FooterKey]],
) -> None:
    app = Bare(CodevFooter)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(CodevFooter)
        rebuilds = footer.rebuilds
        await cycle_dialogs(app, pilot, CYCLES)
        assert footer.rebuilds == rebuilds  # the same keys: nothing rebuilt
        assert len(alive(footer_keys)) == len(footer.query(FooterKey))


async def test_a_footer_rebuilt_for_a_change_keeps_only_its_current_keys(
    footer_keys: list[weakref.ref[FooterKey]],
) -> None:
    app = Bare(CodevFooter)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Main)
        footer = screen.query_one(CodevFooter)
        rebuilds = footer.rebuilds
        for index in range(CYCLES):
            screen.greyed = "abcdefghij"[index % 10]  # one key greyed out: a real change
            screen.refresh_bindings()
            await pilot.pause()
        assert footer.rebuilds == rebuilds + CYCLES
        current = list(footer.query(FooterKey))
        assert sorted(map(id, alive(footer_keys))) == sorted(map(id, current))
        assert watchers_on(footer) <= len(current)


async def test_the_live_screens_dialogs_keep_no_old_footer_key_alive(
    app: CodevApp, footer_keys: list[weakref.ref[FooterKey]]
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        footer = screen.query_one(Footer)
        await pilot.press("space")  # started: the footer's keys change once
        await pilot.pause()
        built = len(footer_keys)
        line_caches = line_caches_alive()
        for _ in range(3):
            for key in ("a", "question_mark", "m"):  # a note, the help, a message to the room
                await pilot.press(key)
                await pilot.press("escape")
        assert isinstance(app.screen, LiveScreen)
        assert len(footer_keys) == built  # the same keys: none built again
        assert len(alive(footer_keys)) == len(footer.query(FooterKey))
        assert watchers_on(footer) <= len(footer.query(FooterKey))
        # The dialogs' widgets' line caches, held by Textual's memoized styles: none left.
        assert line_caches_alive() <= line_caches
