"""The step countdown: large enough to read from the back of the room, at any size.

``GiantClock`` draws the time in a block font scaled to the largest size that fits the room
it is given: five rows tall at the least, as soon as five rows are there (80×24 included),
and as tall as the window allows on a projector. The overtime (``+10:25``) is sized like the
countdown: the room keeps the same digits when the time runs out.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

PHASE_CLASSES = ("-normal", "-wrap-up", "-overtime", "-paused", "-idle")


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


def clock_scales(text: str, size: Size) -> tuple[int, int] | None:
    """The (row, column) multipliers that draw ``text`` as large as ``size`` allows, or None
    when not even the five-row font fits (the clock then writes the time on one line).

    Cells are about twice as tall as wide, so columns are doubled where the width allows.
    Height is given up only to keep digits from turning into thin posts (columns at least
    1.5 times the rows), and never below five rows. The width is reserved for an overtime
    sign even while counting down, so that the digits keep their size when the time is up.
    """
    sized = text if text.startswith("+") else "+" + text.lstrip("-")
    width = max(1, len(render_block_text(sized)[0]))
    columns = size.width // width
    rows = min(size.height // _GLYPH_ROWS, columns)
    if rows < 1:
        return None
    while rows > 1 and columns * 2 < rows * 3:
        rows -= 1
    return rows, min(rows * 2, columns)


class GiantClock(Widget):
    """The time in a block font, scaled to the largest size that fits the widget."""

    DEFAULT_CSS = "GiantClock { width: 1fr; height: 1fr; }"

    text: reactive[str] = reactive("00:00", layout=False)

    _drawn: tuple[str, Size, tuple[int, int] | None, list[str]] | None = None
    """The last text and size laid out, with their scales and rows: worked out once per
    change, not for each of the lines drawn."""

    def _layout(self) -> tuple[tuple[int, int] | None, list[str]]:
        drawn = self._drawn
        if drawn is None or drawn[0] != self.text or drawn[1] != self.size:
            drawn = (self.text, self.size, clock_scales(self.text, self.size), render_block_text(self.text))
            self._drawn = drawn
        return drawn[2], drawn[3]

    def show(self, text: str, phase: str) -> None:
        """Display ``text`` with the colour of ``phase``."""
        self.text = text  # a reactive: repaints only when it changes
        for name in PHASE_CLASSES:
            self.set_class(name == f"-{phase}", name)

    @property
    def glyph_rows(self) -> int:
        """How many rows tall the digits are drawn now (1 for the one-line fallback)."""
        scales, _ = self._layout()
        return 1 if scales is None else scales[0] * _GLYPH_ROWS

    def render_line(self, y: int) -> Strip:
        size = self.size
        rich_style = self.rich_style
        style = Style.from_color(rich_style.color, rich_style.bgcolor)
        scales, rows = self._layout()
        blank = Strip([Segment(" " * size.width, style)], size.width)
        if scales is None:
            # Too little room for the block font: the time in bold on the middle line.
            if y != size.height // 2:
                return blank
            return Strip([Segment(self.text.center(size.width)[: size.width], style + Style(bold=True))])
        y_scale, x_scale = scales
        block_height = _GLYPH_ROWS * y_scale
        top = max(0, (size.height - block_height) // 2)
        if not top <= y < top + block_height:
            return blank
        row = rows[(y - top) // y_scale]
        line = "".join(char * x_scale for char in row)
        left = max(0, (size.width - len(line)) // 2)
        text = (" " * left + line)[: size.width].ljust(size.width)
        return Strip([Segment(text, style)], size.width)
