"""The live screen's header: a long step title wraps beside the phase badge, never against it
(at 78×21 "… FORMER LES" ran into "PAS COMMENCÉE", read as one title)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.cells import cell_len
from textual.geometry import Region

from codev.core.clock import FakeClock
from codev.core.protocol.loader import load_protocol
from codev.core.session import Participant, SessionSetup
from codev.core.session.model import form_subgroups
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.screens.live import LiveScreen

TROIKA = Path(__file__).parents[2] / "protocols" / "troika.toml"

GAP = 2
"""Blank cells at least between the title's text and the badge."""


def troika_setup() -> SessionSetup:
    """Troika's first step, "Préparation — former les trios": long enough to wrap at 78×21."""
    proto = load_protocol(TROIKA)
    people = tuple(Participant(id=name.lower(), name=name) for name in ("Flo", "Ana", "Ben", "Chloé"))
    return SessionSetup(
        group="Trio",
        protocol=proto,
        date=dt.date(2026, 1, 1),
        participants=people,
        client_id="ana",
        facilitator_id="flo",
        facilitator_consults=False,
        subgroups=form_subgroups(proto, [person.id for person in people[1:]]),
    )


async def test_a_long_title_keeps_a_clear_gap_before_the_phase(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=troika_setup(), bell=False))
    async with app.run_test(size=(78, 21)) as pilot:
        for size in ((78, 21), (80, 24), (160, 48)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LiveScreen)
            title, phase = screen.query_one("#step-title"), screen.query_one("#phase")
            assert str(phase.render()) == "PAS COMMENCÉE"
            width, height = title.region.width, title.region.height
            lines = [strip.text.rstrip() for strip in title.render_lines(Region(0, 0, width, height))]
            # The badge's row: the title's text there ends GAP cells before the badge at least.
            row = phase.region.y - title.region.y
            end = title.region.x + cell_len(lines[row])
            assert phase.region.x - end >= GAP, (size, lines, phase.region)
            assert phase.region.y == title.region.y  # the badge on the title's first line still
            assert "TRIOS" in " ".join(lines)  # the whole title, wrapped
