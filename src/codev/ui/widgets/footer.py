"""Textual's key footer, rebuilt only when the keys it shows change, and without its leak.

Textual 8.2.8's Footer rebuilds all its keys whenever its screen's bindings *may* have
changed: each focus change, and each time a dialog covers or uncovers the screen (twice per
dialog), even when every key stays as it was. Each rebuild binds every new key's
``compact`` to the footer (``data_bind``), which adds a watcher on the footer holding the
key; the watchers of the keys removed are only dropped when ``compact`` changes, which
never happens (Textualize/textual#6666). Every dialog opened kept some twenty dead keys
alive, about half a megabyte with codev's ten-key footer.

:class:`CodevFooter` compares what it would show with what it shows and rebuilds only on
a difference; when it does rebuild, it drops the watchers of the keys it removed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[Binding, bool, str], ...]
"""What the footer draws: each binding shown, enabled or not, with its tooltip."""


class CodevFooter(Footer):
    """A Footer that rebuilds only when its keys change and keeps no removed key alive."""

    def __init__(
        self,
        *,
        id: str | None = None,
        classes: str | None = None,
        show_command_palette: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(id=id, classes=classes, show_command_palette=show_command_palette, compact=compact)
        self._shown: Shown | None = None
        self.rebuilds = 0
        """How many times the keys were built (once at the start, then on each change)."""

    def _what_it_shows(self) -> Shown:
        # What Footer.compose reads: the bindings shown, then the command palette's (hidden,
        # but drawn at the right end).
        active = self.screen.active_bindings
        shown = [
            (binding, enabled, tooltip) for (_, binding, enabled, tooltip) in active.values() if binding.show
        ]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            shown.append((palette.binding, palette.enabled, palette.tooltip))
        return tuple(shown)

    def compose(self) -> ComposeResult:
        """The keys, from the first compose on.

        Textual's Footer composes empty, then fills itself after its screen's first refresh
        (when the screen says its bindings are ready): the first screen painted has no footer,
        and a second layout and paint follow ~90 ms later. The screen's bindings are known as
        soon as the footer is mounted in it, so they are shown at once; the signal that follows
        finds them unchanged and rebuilds nothing.
        """
        if not self._bindings_ready:
            self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._what_it_shows()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed: rebuild after the refresh if they did."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._what_it_shows()
        if shown == self._shown:
            return
        self._shown = shown
        self.rebuilds += 1
        await self.recompose()
        self._drop_dead_watchers()

    def _drop_dead_watchers(self) -> None:
        # Textual's own rule, which it applies only when the watched value changes: a watcher
        # whose widget is closing or closed is dropped. The footer's keys were just removed.
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
            ]
