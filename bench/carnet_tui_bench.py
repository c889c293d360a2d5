"""Benchmark of the carnet review screen: a carnet of 1,000 sessions, opened and painted.

Target (issue 5): a carnet of 1,000 sessions loads and its timeline renders in under
0.5 s. Measured in one process, as ``codev carnet NAME`` does it: the carnet is read
(``CarnetReview.load``: tomllib, pydantic, the timeline, commitments and path data), the
application starts headless (``run_test``) and the clock stops when the timeline paints
the row under its cursor — the latest session, at the bottom of the list. The first run
pays Textual's own start-up (imports, stylesheets) as a real launch does; the others show
the steady cost. For comparison, the same rows in Textual's OptionList.

Run from the repository root (the carnet is generated with ``bench/logbook_bench.py``'s
entries, under a temporary folder):

    python bench/carnet_tui_bench.py            # prints a Markdown table
    python bench/carnet_tui_bench.py --repeat 9
    python bench/carnet_tui_bench.py --sessions 5000   # how each list grows
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from logbook_bench import _fill  # the same realistic 1,000-session carnet
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList

from codev.core.i18n import set_lang
from codev.core.logbook import CarnetRef, CommitmentStatus, LogbookStore
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.carnet.render import timeline_columns, timeline_row
from codev.ui.carnet.review import CarnetReview
from codev.ui.carnet.widgets import TimelineList

SIZES = [(80, 24), (160, 48)]
PARTICIPANT = "Marie Dupont"


PaintCheck = Callable[[Any, int], bool]
"""Whether line ``y`` of the list widget is the row under its cursor."""


async def time_to_paint(
    make_app: Callable[[CarnetReview], App[None]],
    widget: type[Widget],
    is_cursor_row: PaintCheck,
    workspace: Workspace,
    refs: list[CarnetRef],
    size: tuple[int, int],
) -> tuple[float, float]:
    """Seconds to load the carnet, and to the list's first paint of the row under its cursor."""
    painted = asyncio.Event()
    stamps: dict[str, float] = {}
    render_line = widget.render_line

    def spy(self: Widget, y: int) -> Strip:
        strip = render_line(self, y)
        if "painted" not in stamps and is_cursor_row(self, y):
            stamps["painted"] = time.perf_counter()
            painted.set()
        return strip

    start = time.perf_counter()
    review = CarnetReview.load(LogbookStore.for_workspace(workspace), refs)
    loaded = time.perf_counter()
    widget.render_line = spy  # type: ignore[method-assign]
    try:
        async with make_app(review).run_test(size=size):
            await asyncio.wait_for(painted.wait(), timeout=30)
    finally:
        widget.render_line = render_line  # type: ignore[method-assign]
    return loaded - start, stamps["painted"] - start


def review_app(workspace: Workspace) -> Callable[[CarnetReview], App[None]]:
    """``codev carnet NAME``'s application."""
    return lambda review: create_app(AppConfig(workspace=workspace, carnet=review))


def timeline_cursor(timeline: TimelineList, y: int) -> bool:
    """The review's timeline paints its cursor row."""
    return bool(timeline.rows) and (timeline.scroll_offset.y + y) // timeline.row_height == timeline.cursor


class OptionListApp(App[None]):
    """For comparison: the same timeline rows, newest first, in Textual's OptionList."""

    CSS = "OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, review: CarnetReview) -> None:
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        columns = timeline_columns(self.review.rows, False)
        rows = self.review.rows[::-1]
        yield OptionList(*(timeline_row(row, columns, 200) for row in rows))

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0


def option_list_cursor(options: OptionList, y: int) -> bool:
    """The OptionList paints its highlighted option (its line table is built by then)."""
    lines = options._lines  # a benchmark may peek: this is how OptionList maps lines to options
    line = options.scroll_offset.y + y
    return line < len(lines) and lines[line][0] == options.highlighted


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table of the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=1000, help="the carnet's length (default 1,000)")
    args = parser.parse_args(argv)
    set_lang("fr")  # the longer texts
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        store = LogbookStore.for_workspace(workspace)
        _fill(store, PARTICIPANT, args.sessions)
        refs = store.carnets_of(PARTICIPANT)
        size_kib = refs[0].path.stat().st_size / 1024

        for size in SIZES:
            runs = [
                asyncio.run(
                    time_to_paint(review_app(workspace), TimelineList, timeline_cursor, workspace, refs, size)
                )
                for _ in range(args.repeat)
            ]
            label = f"{size[0]}×{size[1]}"
            first_load, first_paint = runs[0]
            rows.append(
                (
                    f"first run ({label}): load / load + first paint",
                    f"{first_load * 1000:.0f}",
                    f"{first_paint * 1000:.0f}",
                )
            )
            loads = [load for load, _ in runs[1:]] or [first_load]
            paints = [paint for _, paint in runs[1:]] or [first_paint]
            rows.append(
                (
                    f"next runs ({label}), median: load / load + first paint",
                    f"{statistics.median(loads) * 1000:.0f}",
                    f"{statistics.median(paints) * 1000:.0f}",
                )
            )

        listed = [
            asyncio.run(
                time_to_paint(OptionListApp, OptionList, option_list_cursor, workspace, refs, (160, 48))
            )
            for _ in range(max(2, args.repeat // 2))
        ]
        rows.append(
            (
                "for comparison: the same rows in an OptionList (160×48), next runs, median",
                f"{statistics.median(load for load, _ in listed[1:]) * 1000:.0f}",
                f"{statistics.median(paint for _, paint in listed[1:]) * 1000:.0f}",
            )
        )

        review = CarnetReview.load(store, refs)
        searches = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            review.search("reprends travail")
            searches.append(time.perf_counter() - start)
        rows.append(("one search keystroke", "", f"{statistics.median(searches) * 1000:.0f}"))
        item = next(
            item for item in review.commitments if item.commitment.action.status is CommitmentStatus.OPEN
        )
        changes = []
        for index in range(args.repeat):
            status = CommitmentStatus.DONE if index % 2 == 0 else CommitmentStatus.OPEN
            start = time.perf_counter()
            saved = review.set_commitment_status(item.key, item.commitment.action.id, status)
            changes.append(time.perf_counter() - start)
            assert saved.written, saved.problems
        rows.append(
            (
                "change a commitment's status: write + read back",
                "",
                f"{statistics.median(changes) * 1000:.0f}",
            )
        )

    print(
        f"Python {sys.version.split()[0]}; a carnet of {args.sessions:,} sessions ({size_kib:.0f} KiB); "
        f"{args.repeat} runs\n"
    )
    print("| measure | load (ms) | until painted (ms) |")
    print("| --- | ---: | ---: |")
    for label, load, paint in rows:
        print(f"| {label} | {load} | {paint} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
