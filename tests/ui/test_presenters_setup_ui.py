"""The set-up of a protocol whose round is repeated once per presenter (Revans' action
learning set): the facilitator says how many present today and who, in order, from the
keyboard at 80×24; the session gets one round per presenter, the first being the client."""

from __future__ import annotations

from test_round_clients_ui import type_new_group
from textual.widgets import Input, Label, Select, Static

from codev.core.clock import FakeClock
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import SetupScreen


async def test_the_presenters_of_the_day_are_chosen_in_order(workspace: Workspace, clock: FakeClock) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await type_new_group(pilot, screen, "Set", "Ana", "Ben", "Chloé", "Dora", "Éli")
        assert not screen.query_one("#round-count-row").display
        screen.query_one("#protocol", Select).value = "action-learning-set"
        screen.query_one("#facilitator", Select).value = "Éli"
        await pilot.pause()
        # The presenters are the rounds' clients: no separate client's field.
        assert not screen.query_one("#client").display
        assert str(screen.query_one("#rounds-label", Label).render()) == (
            "Un tour par présentateur·rice, dans l’ordre"
        )
        assert (
            str(screen.query_one("#round-count-label", Static).render())
            == "Combien aujourd’hui (1–11)\u00a0:"
        )
        assert [select.value for select in screen.query(".round-client").results(Select)] == ["Ana"]
        # Three today, typed from the keyboard: Ana first as chosen, then the next in turn.
        screen.query_one("#round-count", Input).focus()
        await pilot.press("backspace", "3")
        await pilot.pause()
        await pilot.pause()
        rounds = list(screen.query(".round-client").results(Select))
        assert [select.value for select in rounds] == ["Ana", "Ben", "Chloé"]
        for select in rounds:
            assert select.region.width > 0 and select.region.right <= 80
        # One round each: no hint about clients twice.
        assert not screen.query_one("#rounds-hint").display
        # Dora presents first instead of Ana; a fourth presenter then comes in turn.
        rounds[0].focus()
        await pilot.press("enter", "down", "down", "down", "enter")
        await pilot.pause()
        assert [select.value for select in rounds] == ["Dora", "Ben", "Chloé"]
        screen.query_one("#round-count", Input).focus()
        await pilot.press("backspace", "4")
        await pilot.pause()
        await pilot.pause()
        rounds = list(screen.query(".round-client").results(Select))
        assert [select.value for select in rounds] == ["Dora", "Ben", "Chloé", "Ana"]
        # More than the protocol holds: refused, with the numbers.
        screen.query_one("#round-count", Input).focus()
        await pilot.press("backspace", "1", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#setup-error", Static).render())
        assert error == "Indiquez combien de tours aujourd’hui\u00a0: de 1 à 11."
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("backspace", "backspace", "4", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.engine is not None
        setup = app.engine.setup
        names = {person.id: person.name for person in setup.participants}
        assert [names[person] for person in setup.round_clients] == ["Dora", "Ben", "Chloé", "Ana"]
        assert names[setup.client_id or ""] == "Dora"
        assert setup.protocol.round_count == 4
        assert setup.role_of(setup.client_id or "").id == "presenter"


async def test_a_protocol_with_its_own_word_for_the_client_is_set_up_in_that_word(
    workspace: Workspace, clock: FakeClock
) -> None:
    # The networking breakfast's speakers, the skill swap's trainer: not "the client's subject".
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await type_new_group(pilot, screen, "Set", "Ana", "Ben", "Chloé", "Dora")
        assert str(screen.query_one("#subject-label", Label).render()) == "Sujet du client"
        screen.query_one("#protocol", Select).value = "cafe-reseau"
        await pilot.pause()
        assert (
            str(screen.query_one("#rounds-label", Label).render()) == "Pour chaque tour\u00a0: intervenant·e"
        )
        assert str(screen.query_one("#subject-label", Label).render()) == "Sujet (intervenant·e)"
        hint = str(screen.query_one("#rounds-hint", Static).render())
        assert "comme intervenant·e pour 2 tours" in hint and "client" not in hint
        screen.query_one("#protocol", Select).value = "codev"
        await pilot.pause()
        assert str(screen.query_one("#subject-label", Label).render()) == "Sujet du client"
        # Nobody brings a case at a cross-company sharing: the session's theme.
        screen.query_one("#protocol", Select).value = "partage-experiences"
        await pilot.pause()
        assert str(screen.query_one("#subject-label", Label).render()) == "Thème de la séance"
        assert not screen.query_one("#client-hint").display
