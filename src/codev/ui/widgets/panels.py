"""The live screen's text panels: the step rail, airtime bars, notes, the session clock.

Each panel renders from a :class:`SessionView` and only repaints when what it shows
changed — the screen asks several times a second, and most of the time nothing did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from rich.cells import cell_len, set_cell_size
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from codev.core import formatting
from codev.core.i18n import get_lang, t, tn
from codev.core.session.model import SessionSetup, StepStatus
from codev.core.session.view import NoteView, SessionView

STEP_ICONS = {
    StepStatus.READY: "·",
    StepStatus.RUNNING: "▶",
    StepStatus.PAUSED: "⏸",
    StepStatus.DONE: "✓",
    StepStatus.SKIPPED: "↷",
}


class ViewPanel(Static):
    """A Static that repaints only when its content changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        # Panels show what people typed and what trainers wrote ("[optionnel]", a subject
        # with "[/]"): as text, never parsed as markup.
        super().__init__("", id=id, classes=classes, markup=False)
        self._shown: object = None

    def show(self, content: RenderableType, key: object = None) -> None:
        """Display ``content`` unless it is already displayed.

        ``key`` identifies the content when it cannot be compared itself (a Rich table).
        """
        identity = content if key is None else key
        if identity != self._shown:
            # A layout of the whole screen each second (the session clock ticks) costs more
            # than the repaint itself: skipped when the new text takes exactly the old room.
            layout = not same_shape(self._shown, identity, self.content_size.width)
            self._shown = identity
            self.update(content, layout=layout)


def same_shape(old: object, new: object, width: int) -> bool:
    """Whether text ``new`` takes exactly the room ``old`` took, ``width`` columns wide.

    True only for two plain strings with the same number of lines, each as wide as before,
    none wider than ``width`` (a wrapped line could wrap differently).
    """
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    old_widths = [cell_len(line) for line in old.split("\n")]
    new_widths = [cell_len(line) for line in new.split("\n")]
    return old_widths == new_widths and max(new_widths) <= width


class ChartPanel(Static):
    """A text chart drawn for the width it actually has (redrawn when resized)."""

    def __init__(self, draw: Callable[[int], Text], *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._draw = draw

    def on_resize(self) -> None:
        self.update(self._draw(max(20, self.content_size.width)))


def _minutes_of(seconds: float) -> str:
    return formatting.number(round(seconds / 60))


def step_rail(view: SessionView) -> tuple[Table, tuple[object, ...]]:
    """Every step with its state, planned and actual minutes; and a key that changes with it."""
    lang = get_lang()
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column(width=2, no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(justify="right", no_wrap=True)
    key: list[object] = []
    for step in view.steps:
        current = step.index == view.current_index and not view.status.is_over
        style = "bold reverse" if current else ("dim" if step.status is StepStatus.SKIPPED else "")
        planned = _minutes_of(step.budget_seconds)
        if step.status in (StepStatus.DONE, StepStatus.RUNNING, StepStatus.PAUSED) or step.actual_seconds:
            timing = f"{_minutes_of(step.actual_seconds)}/{planned}′"
        else:
            timing = f"{planned}′"
        if step.planned_seconds != step.original_seconds:
            timing += "*"  # replanned by a catch-up
        row = (STEP_ICONS[step.status], f"{step.index + 1}. {step.step.title.get(lang)}", timing)
        # Text cells: a trainer's title ("Exposé [/]") is text, never Rich markup.
        table.add_row(*(Text(cell) for cell in row), style=style)
        key.append((row, style))
    return table, tuple(key)


def session_clock(view: SessionView) -> str:
    """Elapsed, remaining and the forecast end, on three short lines."""
    lines = [
        t("ui.live.elapsed", value=formatting.clock(view.elapsed_seconds)),
        t("ui.live.remaining", value=formatting.clock(view.remaining_seconds)),
    ]
    if view.forecast_end is not None:
        end = dt.datetime.fromtimestamp(view.forecast_end).strftime("%H:%M")
        lines.append(t("ui.live.forecast_end", time=end))
    if view.late_seconds >= 60:
        lines.append(t("ui.live.late", minutes=_minutes_of(view.late_seconds)))
    elif view.late_seconds <= -60:
        lines.append(t("ui.live.ahead", minutes=_minutes_of(-view.late_seconds)))
    return "\n".join(lines)


def fit_cells(text: str, width: int) -> str:
    """``text`` padded or cut (ending in "…") to exactly ``width`` terminal cells.

    Measured in cells, not characters: an emoji or a CJK letter takes two, and a column of
    names padded by characters no longer lines up the bars after it.
    """
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    # set_cell_size pads a wide character cut in half with a space: never half a glyph.
    return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""


def airtime_bars(
    setup: SessionSetup, airtime: Mapping[str, float], order: tuple[str, ...], width: int
) -> Text:
    """One bar per speaker, proportional to their share of the floor."""
    text = Text()
    names = {person.id: person.name for person in setup.participants}
    longest = max(airtime.values(), default=0.0)
    name_width = min(14, max((cell_len(names.get(pid, pid)) for pid in order), default=4))
    bar_width = max(4, width - name_width - 9)
    for pid in order:
        seconds = airtime.get(pid, 0.0)
        filled = round(bar_width * seconds / longest) if longest > 0 else 0
        name = fit_cells(names.get(pid, pid), name_width)
        text.append(f"{name} ")
        text.append("█" * filled, style="bold")
        text.append("░" * (bar_width - filled), style="dim")
        text.append(f" {formatting.clock(seconds)}\n")
    text.rstrip()
    return text


def notes_text(setup: SessionSetup, notes: tuple[NoteView, ...], limit: int) -> Text:
    """The latest ``limit`` notes of the current step, newest first: kind, author (and the
    owner, "Ben → Ana", when the note goes to someone else's carnet), text.

    Newest first so that the note just written is in sight however small the panel is.
    """
    names = {person.id: person.name for person in setup.participants}
    text = Text()
    shown = notes[-limit:] if limit > 0 else ()
    for note in reversed(shown):
        text.append(f"{t(f'note.kind.{note.kind.value}')} ", style="bold")
        who = names.get(note.author_id, "?")
        if note.owner_id and note.owner_id != note.author_id:
            # Where the words go, in sight of the facilitator before the carnets are written.
            who = t("ui.live.note_owner", author=who, owner=names.get(note.owner_id, "?"))
        text.append(f"({who}) ", style="italic")
        text.append(note.text.replace("\n", " ") + "\n")
    if len(notes) > len(shown):
        text.append(tn("ui.live.more_notes", len(notes) - len(shown)), style="dim")
    text.rstrip()
    return text
