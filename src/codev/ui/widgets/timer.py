"""The step countdown: large enough to read from the back of the room.

``StepTimer`` shows the time with Textual's ``Digits`` (three rows) and falls back to a
single bold line when ``Digits`` would be cropped. ``GiantClock`` draws the same text in a
block font scaled to fill whatever room it has — the focus mode, for big rooms.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits, Static

from codev.ui.widgets.panels import same_shape

PHASE_CLASSES = ("-normal", "-wrap-up", "-overtime", "-paused", "-idle")


def digits_width(text: str) -> int:
    """Columns that ``Digits`` needs for ``text`` (three per glyph, one for ':' and '.')."""
    return sum(1 if char in ":." else 3 for char in text)


class StepTimer(Widget):
    """The current step's countdown, in ``Digits`` when it fits, else on one line."""

    DEFAULT_CSS = """
    StepTimer { height: auto; width: auto; }
    StepTimer Digits { width: auto; }
    StepTimer #timer-line { display: none; text-style: bold; }
    StepTimer.-compact Digits { display: none; }
    StepTimer.-compact #timer-line { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = "00:00"

    def compose(self) -> ComposeResult:
        yield Digits(self.text, id="timer-digits")
        yield Static(self.text, id="timer-line")

    def show(self, text: str, phase: str) -> None:
        """Display ``text`` with the colour of ``phase`` (one of :data:`PHASE_CLASSES` minus '-')."""
        for name in PHASE_CLASSES:
            self.set_class(name == f"-{phase}", name)
        if text != self.text:
            line = self.query_one("#timer-line", Static)
            # Hidden (Digits fit), the line needs no layout: showing it later makes one.
            layout = line.display and not same_shape(self.text, text, line.content_size.width)
            self.text = text
            self.query_one(Digits).update(text)  # Digits asks for a layout only when it must
            line.update(text, layout=layout)
            self.fit()

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Choose Digits or the one-line fallback for the room there is (call on resize)."""
        # Digits is cropped, never scaled: below its width, one readable line beats half a
        # digit. The room available is the container's (this widget is as wide as its text).
        parent = self.parent
        room = parent.size.width if isinstance(parent, Widget) else self.screen.size.width
        self.set_class(0 < room < digits_width(self.text) + 2, "-compact")


# A 3×5 block font: clean when scaled by repeating cells, unlike box-drawing glyphs.
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", " ██", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", " █ ", " █ "),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": (" ", "█", " ", "█", " "),
    "+": ("   ", " █ ", "███", " █ ", "   "),
    "-": ("   ", "   ", "███", "   ", "   "),
    " ": ("  ", "  ", "  ", "  ", "  "),
}
_GLYPH_ROWS = 5


def render_block_text(text: str) -> list[str]:
    """The five rows of ``text`` in the block font (unknown characters become spaces)."""
    glyphs = [_FONT.get(char, _FONT[" "]) for char in text]
    return [" ".join(glyph[row] for glyph in glyphs) for row in range(_GLYPH_ROWS)]


class GiantClock(Widget):
    """The time in a block font, scaled to the largest size that fits the widget."""

    DEFAULT_CSS = "GiantClock { width: 1fr; height: 1fr; }"

    text: reactive[str] = reactive("00:00", layout=False)

    def show(self, text: str, phase: str) -> None:
        """Display ``text`` with the colour of ``phase``."""
        self.text = text  # a reactive: repaints only when it changes
        for name in PHASE_CLASSES:
            self.set_class(name == f"-{phase}", name)

    def scale_for(self, size: Size) -> int:
        """The largest whole scale at which the text fits in ``size`` (terminal cells are ~2:1)."""
        rows = render_block_text(self.text)
        width = len(rows[0])
        by_width = size.width // max(1, width * 2)
        by_height = size.height // _GLYPH_ROWS
        return max(1, min(by_width, by_height))

    def render_line(self, y: int) -> Strip:
        size = self.size
        rows = render_block_text(self.text)
        scale = self.scale_for(size)
        # Cells are about twice as tall as wide: double the horizontal scale to keep proportions.
        x_scale = scale * 2
        block_height = _GLYPH_ROWS * scale
        top = max(0, (size.height - block_height) // 2)
        style = Style.from_color(self.rich_style.color, self.rich_style.bgcolor)
        if not top <= y < top + block_height:
            return Strip([Segment(" " * size.width, style)], size.width)
        row = rows[(y - top) // scale]
        line = "".join(char * x_scale for char in row)
        left = max(0, (size.width - len(line)) // 2)
        text = (" " * left + line)[: size.width].ljust(size.width)
        return Strip([Segment(text, style)], size.width)
