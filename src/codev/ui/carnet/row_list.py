"""A cursor over many rows, drawn lazily: only the rows on screen are ever rendered.

Textual's OptionList measures every option when it is filled: about 70 µs a row here
(80 ms for a carnet of 1,000 sessions, 0.7 s for 5,000: ``bench/carnet_tui_bench.py``).
Here a row becomes text only when it scrolls into view, so opening a carnet costs the same
whatever its length. Rows have a fixed height (one or two lines) and are cropped with an
ellipsis, never wrapped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from codev.ui.i18n import TranslatedBindingsMixin

RowT = TypeVar("RowT")

RowRenderer = Callable[[RowT, int], Text]
"""Draws one row at a width (in cells); lines beyond the row's height are dropped."""


class RowList(ScrollView, TranslatedBindingsMixin, Generic[RowT], can_focus=True):
    """A list of rows with a cursor; Enter (or a click) chooses the row under it.

    Subclasses bind Enter again with a description saying what choosing does.
    """

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--cursor-blurred", "row-list--empty"}
    # Styled in carnet.tcss (the cursor: the theme's block cursor, as in Textual's lists).
    BINDINGS = [
        Binding("up", "move(-1)", show=False, id="carnet.list.up"),
        Binding("down", "move(1)", show=False, id="carnet.list.down"),
        Binding("pageup", "page(-1)", show=False, id="carnet.list.page_up"),
        Binding("pagedown", "page(1)", show=False, id="carnet.list.page_down"),
        Binding("home", "jump(0)", show=False, id="carnet.list.first"),
        Binding("end", "jump(-1)", show=False, id="carnet.list.last"),
        Binding("enter", "choose", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row."""

        row_list: RowList[object]
        index: int

        @property
        def control(self) -> RowList[object]:
            """The list whose cursor moved."""
            return self.row_list

    @dataclass
    class Chosen(Message):
        """A row was chosen (Enter or a click)."""

        row_list: RowList[object]
        index: int

        @property
        def control(self) -> RowList[object]:
            """The list where the row was chosen."""
            return self.row_list

    def __init__(
        self,
        render_row: RowRenderer[RowT],
        *,
        row_height: int = 1,
        empty: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._render_row = render_row
        self.row_height = row_height
        self.empty = empty
        """What the list says when it has no rows."""
        self.rows: Sequence[RowT] = ()
        self.cursor = 0
        self._cache: dict[tuple[int, int, bool, bool], list[Strip]] = {}

    # --- Content ----------------------------------------------------------------------

    def show(self, rows: Sequence[RowT], cursor: int | None = None) -> None:
        """Show ``rows``, the cursor on ``cursor`` (kept where it was if None)."""
        self.rows = rows
        self._cache.clear()
        self._update_virtual_size()
        wanted = self.cursor if cursor is None else cursor
        self.move_to(wanted, force=True)
        self.refresh()

    @property
    def current(self) -> RowT | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.size.width, max(1, len(self.rows)) * self.row_height)

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._update_virtual_size()
        # At once, not after a refresh: the first frame must already show the cursor's row.
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._cache.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._cache.clear()
        self.refresh()

    # --- Cursor -----------------------------------------------------------------------

    def move_to(self, index: int, *, force: bool = False) -> None:
        """Put the cursor on row ``index`` (clamped) and bring it into view."""
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor and not force:
            return
        self.cursor = index
        self._cache.clear()
        self.refresh()
        self._scroll_to_cursor()
        if self.rows:
            self.post_message(self.Highlighted(self, index))  # type: ignore[arg-type]

    def _scroll_to_cursor(self) -> None:
        if self.rows and self.size.height:
            region = Region(0, self.cursor * self.row_height, 1, self.row_height)
            self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def action_move(self, delta: int) -> None:
        """One row up (-1) or down (1)."""
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """A screenful up (-1) or down (1)."""
        per_page = max(1, self.scrollable_content_region.height // self.row_height - 1)
        self.move_to(self.cursor + direction * per_page)

    def action_jump(self, index: int) -> None:
        """The first row (0) or the last one (-1)."""
        self.move_to(len(self.rows) - 1 if index < 0 else index)

    def action_choose(self) -> None:
        """Choose the row under the cursor."""
        if self.rows:
            self.post_message(self.Chosen(self, self.cursor))  # type: ignore[arg-type]

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // self.row_height
        if 0 <= index < len(self.rows):
            self.move_to(index)
            self.action_choose()

    # --- Drawing ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = self.scroll_offset.y + y
        if not self.rows:
            if line == 0 and self.empty:
                style = base + self.get_component_rich_style("row-list--empty")
                return self._strip(Text(self.empty), style, width)
            return Strip.blank(width, base)
        index, offset = divmod(line, self.row_height)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        return self._row_strips(index, width, base)[offset]

    def _row_strips(self, index: int, width: int, base: Style) -> list[Strip]:
        selected = index == self.cursor
        key = (index, width, selected, self.has_focus)
        strips = self._cache.get(key)
        if strips is None:
            if len(self._cache) > 512:
                self._cache.clear()
            style = base
            if selected:
                name = "row-list--cursor" if self.has_focus else "row-list--cursor-blurred"
                style = base + self.get_component_rich_style(name)
            text = self._render_row(self.rows[index], width)
            lines = text.split("\n", allow_blank=True)[: self.row_height]
            lines += [Text()] * (self.row_height - len(lines))
            strips = [self._strip(piece, style, width) for piece in lines]
            self._cache[key] = strips
        return strips

    def _strip(self, line: Text, style: Style, width: int) -> Strip:
        """One line of text, cut to ``width`` with an ellipsis, over ``style``."""
        line.truncate(width, overflow="ellipsis")
        # Under the text's own styles; Text.render ignores a base style (Text.style) entirely
        # when the text has no spans, so the style is given as a span.
        line.stylize_before(style)
        return Strip(line.render(self.app.console)).crop_extend(0, width, style)
