"""The review screens' actions in the command palette (Ctrl+P), in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

from codev.core.i18n import t


def palette_entries(screen: Screen[Any], entries: Sequence[tuple[str, str, str]]) -> Iterable[SystemCommand]:
    """One command per ``(message id, action, key)``: it runs the action on ``screen``."""
    for name, action, key in entries:

        async def run(action: str = action) -> None:
            await screen.run_action(action)

        yield SystemCommand(t(f"carnet.review.cmd.{name}"), t("carnet.review.cmd.key", key=key), run)
