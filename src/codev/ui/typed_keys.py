"""Every key acts on the screen it was typed on, or on none.

Textual looks a key's priority bindings up when the key arrives, then hands it to the
focused widget; the key's other bindings are looked up only once it comes back up from
that widget, against whatever screen is on top *then*. Keys typed in a burst (a clicker, a
fast typist, a key held down) are all handed over before the first one has acted: when that
first one opens a dialog, the next ones are read as the dialog's keys (Space, Tab and
PageUp paged its kind list before it was laid out, a crash); when it closes one, as the
keys of the screen below (a second Escape paused the session).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict

from textual import events
from textual.app import App
from textual.screen import Screen

KEYS_TRACKED = 64
"""Keys remembered between their arrival and their return (a burst is a few keys; a key a
widget keeps, a letter in a field, never comes back and is forgotten with the oldest)."""


class ScreenBoundKeys(App[None]):
    """An App whose keys act only on the screen that was on top when they arrived."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The screen each key arrived on, by key event (events are not weak-referenceable:
        # the event itself is kept, with a weak reference to the screen, until it comes back).
        self._typed_on: OrderedDict[int, tuple[events.Key, weakref.ref[Screen[object]]]] = OrderedDict()

    async def on_event(self, event: events.Event) -> None:
        """Note the screen on top when a key arrives from the terminal."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._typed_on[id(event)] = (event, weakref.ref(self.screen))
            while len(self._typed_on) > KEYS_TRACKED:
                self._typed_on.popitem(last=False)
        await super().on_event(event)

    def _typed_for_another_screen(self, event: events.Key) -> bool:
        entry = self._typed_on.pop(id(event), None)
        if entry is None or entry[0] is not event:
            return False  # not a key from the terminal (a test posting to a widget), or forgotten
        return entry[1]() is not self.screen

    async def _on_key(self, event: events.Key) -> None:
        # Runs before Textual's own App._on_key (which looks the bindings up): stopping the
        # default here keeps a key typed on a screen since covered or closed from acting on
        # the screen on top now.
        if self._typed_for_another_screen(event):
            event.prevent_default()
