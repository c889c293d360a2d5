"""The one string catalog: every user-facing text of codev, in French and English.

Each section module (one per area of the product) defines ``MESSAGES``: a mapping from a
message id to its French and English text. Sections exist so that areas can grow their
strings without touching each other; ``MESSAGES`` here is their union, and a test checks
that ids never collide and that both languages carry the same placeholders.
"""

from __future__ import annotations

from types import MappingProxyType

from codev.core.catalog import (
    carnet,
    carnet_ui,
    cli,
    config,
    editor,
    engine,
    files,
    follower,
    protocol,
    room,
    serve,
    sessions,
    ui,
)
from codev.core.catalog._types import Entry

SECTIONS: dict[str, dict[str, Entry]] = {
    "cli": cli.MESSAGES,
    "config": config.MESSAGES,
    "files": files.MESSAGES,
    "protocol": protocol.MESSAGES,
    "engine": engine.MESSAGES,
    "follower": follower.MESSAGES,
    "carnet": carnet.MESSAGES,
    "carnet_ui": carnet_ui.MESSAGES,
    "ui": ui.MESSAGES,
    "room": room.MESSAGES,
    "serve": serve.MESSAGES,
    "sessions": sessions.MESSAGES,
    "editor": editor.MESSAGES,
}


def _merge() -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    for section in SECTIONS.values():
        for key, entry in section.items():
            if key in merged:
                raise RuntimeError(f"message id defined twice in the catalog: {key}")
            merged[key] = entry
    return merged


MESSAGES = MappingProxyType(_merge())

__all__ = ["MESSAGES", "SECTIONS", "Entry"]
