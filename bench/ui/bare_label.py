"""Reference for ``bench/ui_bench.py``: the barest Textual app, one label on the screen.

What Textual itself costs to start and to hold in memory, with nothing of codev: the
benchmark times how long this takes to paint its label, next to ``codev demo``.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

MARKER = "BARE-LABEL-PAINTED"
"""The label's text; ``ui_bench.py`` looks for it in the terminal output."""


class BareLabelApp(App[None]):
    """One label, default styles."""

    def compose(self) -> ComposeResult:
        yield Label(MARKER)


if __name__ == "__main__":
    BareLabelApp().run()
