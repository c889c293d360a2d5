"""Rounds once per presenter in a protocol with a time box: the facilitator who types more
presenters than the time box holds is told so on the set-up, with both numbers (never a
traceback), and the demo gives a rehearsal only the presenters that fit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.loader import parse_protocol
from codev.core.session.model import setup_refusal
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.demo import demo_setup
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import SetupScreen

BOXED = """\
format = 2
id = "boxed"
title = { fr = "Séance minutée", en = "Boxed" }
description = { fr = "d", en = "d" }
roles = [
    "consultant",
    "facilitator",
    { id = "presenter", meaning = "client", title = { fr = "Présentateur", en = "Presenter" } },
]
rounds = "presenter"
time_box_minutes = 120

[[steps]]
id = "open"
minutes = 20
speakers = "facilitator"
title = { fr = "Ouverture", en = "Opening" }
instructions = { fr = "i", en = "i" }

[[steps]]
id = "slot"
minutes = 50
repeat = true
speakers = "presenter"
notes = ["contract", "action"]
title = { fr = "Créneau", en = "Slot" }
instructions = { fr = "i", en = "i" }
"""


async def test_more_presenters_than_the_time_box_holds_are_refused(
    workspace: Workspace, clock: FakeClock
) -> None:
    (workspace.root / "protocols").mkdir(parents=True)
    (workspace.root / "protocols" / "boxed.toml").write_text(BOXED, encoding="utf-8")
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.press(*"Set")
        screen.query_one("#new-member").focus()
        for name in ("Ana", "Ben", "Chloé", "Dora", "Éli"):
            await pilot.press(*name, "enter")
        screen.query_one("#protocol", Select).value = "boxed"
        screen.query_one("#facilitator", Select).value = "Éli"
        await pilot.pause()
        # Typing three: the form keeps working and says why at once.
        screen.query_one("#round-count", Input).focus()
        await pilot.press("backspace", "3")
        await pilot.pause()
        await pilot.pause()
        message = (
            "Avec 3 tours (un par présentateur), la séance dure 170 min, plus que le temps imparti"
            " par ce protocole (120 min)\u00a0: 2 tours au plus"
        )
        hint = screen.query_one("#rounds-hint", Static)
        assert hint.display and str(hint.render()) == message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(screen.query_one("#setup-error", Static).render()) == message
        assert isinstance(app.screen, SetupScreen)
        # Two fit: the session starts with two rounds.
        screen.query_one("#round-count", Input).focus()
        await pilot.press("backspace", "2")
        await pilot.pause()
        await pilot.pause()
        assert not screen.query_one("#rounds-hint", Static).display
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.engine is not None and app.engine.setup.protocol.round_count == 2


def test_the_demo_gives_only_the_presenters_that_fit(tmp_path: Path) -> None:
    set_lang("en")
    protocol = parse_protocol(BOXED, "boxed.toml")
    setup = demo_setup(protocol)
    assert setup_refusal(setup) is None
    assert setup.protocol.round_count == 2 and len(setup.round_clients) == 2
