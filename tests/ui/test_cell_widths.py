"""Names and titles padded into columns are measured in terminal cells, not characters: an
emoji or a CJK name takes two cells, and the bars after it must still line up."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, cast

from rich.cells import cell_len

from codev.core.protocol.model import Protocol
from codev.core.session import Participant, SessionSetup
from codev.core.session.view import SessionView
from codev.ui.screens.summary import timing_chart
from codev.ui.widgets.panels import airtime_bars, fit_cells

NAMES = ("Ana 🌻", "Ben", "李小龍", "Zoé🎉🎉🎉🎉🎉🎉🎉🎉")


def _setup(protocol: Protocol) -> SessionSetup:
    people = tuple(Participant(id=f"p{index}", name=name) for index, name in enumerate(NAMES))
    return SessionSetup(
        group="G",
        protocol=protocol,
        date=dt.date(2026, 1, 1),
        participants=people,
        client_id="p1",
        facilitator_id="p0",
    )


def _bar_starts(lines: list[str]) -> set[int]:
    # The cell where each line's bar begins (its first █, ░ or ▒).
    starts = set()
    for line in lines:
        index = min(i for i in (line.find("█"), line.find("░"), line.find("▒")) if i >= 0)
        starts.add(cell_len(line[:index]))
    return starts


def test_fit_cells_pads_and_cuts_by_cells() -> None:
    assert fit_cells("Ben", 5) == "Ben  "
    assert fit_cells("🌻🌻", 5) == "🌻🌻 "
    assert cell_len(fit_cells("🌻🌻🌻🌻", 5)) == 5 and fit_cells("🌻🌻🌻🌻", 5).endswith("…")
    assert cell_len(fit_cells("李小龍李小龍", 4)) == 4  # a wide character never half cut


def test_speaking_time_bars_line_up_whatever_the_names(classic: Protocol) -> None:
    setup = _setup(classic)
    order = tuple(person.id for person in setup.participants)
    airtime = {"p0": 90.0, "p1": 30.0, "p2": 60.0, "p3": 10.0}
    for width in (40, 76):
        lines = airtime_bars(setup, airtime, order, width).plain.splitlines()
        assert len(lines) == 4
        assert len(_bar_starts(lines)) == 1, lines
        assert {cell_len(line) for line in lines} == {cell_len(lines[0])}, lines
        assert all(cell_len(line) <= width for line in lines), lines


def test_the_summary_chart_lines_up_whatever_the_titles() -> None:
    titles = ("Accueil ☕", "Contrat", "李小龍的步驟", "Synthèse 🎯🎯🎯🎯🎯🎯🎯🎯🎯🎯🎯🎯")
    steps = [
        SimpleNamespace(
            step=SimpleNamespace(title=SimpleNamespace(get=lambda lang, title=title: title)),
            budget_seconds=600.0,
            original_seconds=600.0,
            actual_seconds=300.0 * (index + 1),
        )
        for index, title in enumerate(titles)
    ]
    view = cast(SessionView, cast(Any, SimpleNamespace(steps=steps)))
    lines = timing_chart(view, 90).plain.splitlines()
    assert len(lines) == 8
    assert len(_bar_starts(lines)) == 1, lines
