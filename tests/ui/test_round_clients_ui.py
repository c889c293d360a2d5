"""The set-up's client per round (a protocol of rounds, Troika): one choice per round,
filled by rotation from the client, each changed from the keyboard at 80×24 and kept when
the facilitator changes; the same person twice refused while the group has enough people;
the choice reaches the session."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select, Static

from codev.core.clock import FakeClock
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import SetupScreen


async def type_new_group(pilot: Pilot[None], screen: SetupScreen, group: str, *members: str) -> None:
    """A new group typed on the set-up from the keyboard, its members added one by one."""
    await pilot.press(*group)
    screen.query_one("#new-member").focus()  # below the fold at 80×24: no click there
    for name in members:
        await pilot.press(*name, "enter")
    await pilot.pause()


async def test_each_round_has_its_client_chosen_on_the_setup(workspace: Workspace, clock: FakeClock) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await type_new_group(pilot, screen, "Trio", "Ana", "Ben", "Chloé", "Dora", "Éli")
        # A protocol without rounds asks for no client per round.
        assert not screen.query_one("#rounds-box").display
        screen.query_one("#protocol", Select).value = "troika"
        screen.query_one("#client", Select).value = "Ben"
        screen.query_one("#facilitator", Select).value = "Éli"
        await pilot.pause()
        rounds = list(screen.query(".round-client").results(Select))
        # By rotation from the client, the facilitator left out.
        assert [select.value for select in rounds] == ["Ben", "Chloé", "Dora"]
        hint = str(screen.query_one("#rounds-hint", Static).render())
        assert hint == "4 clients possibles pour 3 tours : une personne différente par tour."
        for select in rounds:
            assert select.region.width > 0 and select.region.right <= 80
        # Round 3 given to Ben too, from the keyboard: refused, there are people enough.
        rounds[2].focus()
        await pilot.press("enter", "up", "up", "enter")
        await pilot.pause()
        assert rounds[2].value == "Ben"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#setup-error", Static).render())
        assert (
            error
            == "Ben est client de deux tours : avec 4 clients possibles pour 3 tours, chacun l’est une fois."
        )
        assert isinstance(app.screen, SetupScreen)
        rounds[2].focus()
        await pilot.press("enter", "up", "enter")
        await pilot.pause()
        assert [select.value for select in rounds] == ["Ben", "Chloé", "Ana"]
        # Chloé facilitates after all: her round goes to the next in turn, the others stay.
        screen.query_one("#facilitator", Select).value = "Chloé"
        await pilot.pause()
        assert [select.value for select in rounds] == ["Ben", "Dora", "Ana"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.engine is not None
        setup = app.engine.setup
        names = {person.id: person.name for person in setup.participants}
        assert [names[person] for person in setup.round_clients] == ["Ben", "Dora", "Ana"]
        assert names[setup.facilitator_id or ""] == "Chloé"
