"""The editor's left column: the protocol, then its steps with their minutes and running total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.widgets import OptionList

from codev.core import formatting
from codev.core.i18n import t
from codev.core.protocol.draft import StepSummary
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.widgets.panels import ViewPanel

MINUTES_WIDTH = 5
TOTAL_WIDTH = 5


@dataclass(frozen=True)
class StepRow:
    """One line of the list: a step, where it ends in the session, whether it has problems."""

    number: int
    summary: StepSummary
    ends_at: float | None
    """Minutes from the start of the session to the end of this step; None once a duration is unknown."""
    invalid: bool


def step_rows(summaries: Sequence[StepSummary], invalid_steps: set[int]) -> list[StepRow]:
    """The rows for ``summaries``, with the running total (0-based ``invalid_steps``)."""
    rows = []
    total: float | None = 0.0
    for index, summary in enumerate(summaries):
        total = None if total is None or summary.minutes is None else total + summary.minutes
        rows.append(StepRow(index + 1, summary, total, index in invalid_steps))
    return rows


def _fit(text: str, width: int) -> str:
    """``text`` cut with an ellipsis (or padded) to ``width`` cells."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut + "…" + " " * (width - 1 - cell_len(cut))


def _number(value: float | None) -> str:
    return "?" if value is None else formatting.number(value)


def heading(width: int) -> str:
    """The column headings, aligned with the rows."""
    title_width = max(4, width - 4 - MINUTES_WIDTH - TOTAL_WIDTH)
    return f"    {_fit(t('editor.steps'), title_width)}{'min':>{MINUTES_WIDTH}}{'Σ':>{TOTAL_WIDTH}}"


def row_content(row: StepRow, width: int) -> Content:
    """One step as a line of ``width`` cells: mark, number, title, minutes, running total."""
    title_width = max(4, width - 4 - MINUTES_WIDTH - TOTAL_WIDTH)
    title = row.summary.title or row.summary.id or "?"
    return Content.assemble(
        ("✗" if row.invalid else " ", "$text-error bold"),
        f"{row.number:>2} ",
        (_fit(title, title_width), "italic $text-muted" if row.summary.optional else ""),
        f"{_number(row.summary.minutes):>{MINUTES_WIDTH}}",
        (f"{_number(row.ends_at):>{TOTAL_WIDTH}}", "$text-muted"),
    )


def protocol_content(invalid: bool, width: int) -> Content:
    """The first line, which opens the protocol's own fields."""
    return Content.assemble(
        ("✗" if invalid else " ", "$text-error bold"),
        ("⚙ ", ""),
        (_fit(t("editor.protocol_row"), max(4, width - 3)), "bold"),
    )


class StepList(OptionList, TranslatedBindingsMixin):
    """The protocol (first line), then each step; the keys that change the steps live here."""

    # Saving and leaving come first, so that a narrow footer still shows them.
    BINDINGS = [
        # Shown here for its place in the footer; the screen's priority binding does the work.
        Binding("ctrl+s", "screen.save", "key.editor.save", id="editor.list_save"),
        Binding("escape,q", "screen.quit", "key.editor.quit", key_display="esc", id="editor.quit"),
        Binding("a,insert", "screen.add_step", "key.editor.add", id="editor.add_step"),
        Binding("d", "screen.duplicate_step", "key.editor.duplicate", id="editor.duplicate_step"),
        Binding(
            "delete,x", "screen.remove_step", "key.editor.remove", key_display="del", id="editor.remove_step"
        ),
        Binding(
            "shift+up", "screen.move_step(-1)", "key.editor.move", key_display="⇧↑↓", id="editor.move_up"
        ),
        Binding(
            "shift+down", "screen.move_step(1)", "key.editor.move_down", show=False, id="editor.move_down"
        ),
        Binding("p", "screen.preview", "key.editor.preview", id="editor.preview"),
    ]

    def __init__(self, *, heading: ViewPanel | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[StepRow] = []
        self._protocol_invalid = False
        self._heading = heading
        """The column headings above the list, kept to the list's width."""

    @property
    def row_width(self) -> int:
        """The cells available to a row."""
        return max(20, self.scrollable_content_region.width - 1)

    def show(self, rows: list[StepRow], protocol_invalid: bool) -> None:
        """Show ``rows``; lines are rewritten in place when the number of steps is unchanged,
        so that the highlight (and the form it opened) stays where it is."""
        same_shape = len(rows) == len(self._rows) and self.option_count == len(rows) + 1
        self._rows, self._protocol_invalid = rows, protocol_invalid
        if not self.size.width:
            # Not laid out yet: the lines are cut to the real width once it is known.
            self.call_after_refresh(self._rewrite)
        if same_shape:
            self._rewrite()
            return
        highlighted = self.highlighted
        if self._heading is not None:
            self._heading.show(heading(self.row_width))
        self.set_options([protocol_content(protocol_invalid, self.row_width)])
        self.add_options([row_content(row, self.row_width) for row in rows])
        if highlighted is not None:
            self.highlighted = min(highlighted, self.option_count - 1)

    def _rewrite(self) -> None:
        width = self.row_width
        if self._heading is not None:
            self._heading.show(heading(width))
        lines = [protocol_content(self._protocol_invalid, width)]
        lines += [row_content(row, width) for row in self._rows]
        for index, line in enumerate(lines):
            # Only the lines that changed: this runs at every keystroke in the form.
            if self.get_option_at_index(index).prompt != line:
                self.replace_option_prompt_at_index(index, line)

    def on_resize(self, event: Resize) -> None:
        if self.option_count:
            self._rewrite()
