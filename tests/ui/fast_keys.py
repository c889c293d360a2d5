"""Keys as a terminal delivers a burst: all queued before the application handles the first.

``pilot.press`` waits for the app to be idle after every key, so a key always finds the
screen the previous one opened fully mounted; a clicker or a fast typist does not wait.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot

_CHARACTERS = {
    "space": " ",
    "full_stop": ".",
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
}


def character(key: str) -> str | None:
    """The character a key types (None for Enter, Tab, PageUp…), as the terminal driver sends it."""
    return key if len(key) == 1 else _CHARACTERS.get(key)


def queue_keys(app: App[Any], *keys: str) -> None:
    """Hand ``keys`` to the app at once, as the terminal driver does, without waiting."""
    for key in keys:
        event = events.Key(key, character(key))
        event.set_sender(app)
        app.post_message(event)


async def type_fast(pilot: Pilot[Any], *keys: str) -> None:
    """Type ``keys`` with no pause between them, then let the app handle them all."""
    queue_keys(pilot.app, *keys)
    await pilot.pause()
    await pilot.pause()
