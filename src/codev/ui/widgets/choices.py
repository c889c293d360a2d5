"""A list of choices whose ticks read without colour."""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

ValueT = TypeVar("ValueT")


class ChoiceList(SelectionList[ValueT]):
    """Textual's SelectionList, with an ``X`` only in the boxes that are ticked.

    Textual draws an ``X`` in every box and tells ticked from unticked by colour alone: on a
    projector, in 16 colours or for a colour-blind facilitator the three boxes of the consent
    dialog all read "ticked". Here an unticked box is empty.
    """

    def render_line(self, y: int) -> Strip:
        """The line as Textual draws it, the box emptied when its choice is not ticked."""
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if selection.value in self.selected or len(segments) < 2:
            return line
        box = segments[1]
        segments[1] = Segment(" " * len(box.text), box.style, box.control)
        return Strip(segments, line.cell_length)
