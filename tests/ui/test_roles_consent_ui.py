"""What only the screens show about roles and consent: the set-up refuses the client as
facilitator and lets observers be assigned; the live screen's `k` opens the client's consent,
at the contract step only, and the choice reaches the session."""

from __future__ import annotations

from textual.widgets import Select, SelectionList, Static

from codev.core.clock import FakeClock
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.dialogs.consent import ConsentDialog
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import SetupScreen


async def test_the_setup_refuses_the_client_as_facilitator_and_assigns_observers(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.press(*"Trio")
        await pilot.click("#new-member")
        for name in ("Ana", "Ben", "Chloé", "Dora"):
            await pilot.press(*name, "enter")
        await pilot.pause()
        # The default protocol has no observers: the list is not offered.
        assert not screen.query_one("#observers-box").display
        screen.query_one("#protocol", Select).value = "kollegiale-beratung"
        await pilot.pause()
        assert screen.query_one("#observers-box").display
        screen.query_one("#client", Select).value = "Ana"
        screen.query_one("#facilitator", Select).value = "Ana"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#setup-error", Static).render())
        assert "Ana ne peut pas être à la fois client et animateur dans ce protocole" in error
        assert isinstance(app.screen, SetupScreen)
        screen.query_one("#facilitator", Select).value = "Ben"
        screen.query_one("#observers", SelectionList).select("Dora")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.engine is not None
        setup = app.engine.setup
        names = {person.id: person.name for person in setup.participants}
        assert [names[person] for person in setup.observer_ids] == ["Dora"]
        assert (names[setup.client_id or ""], names[setup.facilitator_id or ""]) == ("Ana", "Ben")


async def test_k_asks_the_clients_consent_at_the_contract_step(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")  # start: the presentation collects no contract
        await pilot.press("k")
        await pilot.pause()
        assert not isinstance(app.screen, ConsentDialog)
        await pilot.press("n", "n")  # the contract step
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConsentDialog)
        labels = [str(dialog.query_one(SelectionList).get_option_at_index(i).prompt) for i in range(3)]
        assert labels == ["la question", "le contrat", "les suggestions reçues"]
        assert "titre du sujet" in str(dialog.query_one("#hint", Static).render())
        await pilot.press("space", "down", "down", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.engine is not None
        assert app.engine.view().consent == {"question", "suggestions"}
        # Opened again, it shows the choice; Escape changes nothing.
        await pilot.press("k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConsentDialog)
        assert set(dialog.query_one(SelectionList).selected) == {"question", "suggestions"}
        await pilot.press("space", "escape")
        await pilot.pause()
        assert app.engine.view().consent == {"question", "suggestions"}


SKILL_SWAP = """\
format = 2
id = "skill-swap"
title = { fr = "Troc de savoirs", en = "Skill swap" }
description = { fr = "On apprend les uns des autres." }
roles = [
  { id = "trainer", meaning = "client", title = { fr = "Formateur·rice", en = "Trainer" } },
  { id = "host", meaning = "facilitator", count = "at_most_one", title = { fr = "Hôte" } },
  "consultant",
]

[[steps]]
id = "demo"
title = { fr = "Démonstration" }
instructions = { fr = "La formatrice montre." }
minutes = 10
speakers = ["trainer", "host"]
"""


async def test_the_setup_asks_a_format_2_protocols_roles_by_their_titles(
    workspace: Workspace, clock: FakeClock
) -> None:
    workspace.protocols_dir.mkdir(parents=True)
    (workspace.protocols_dir / "skill-swap.toml").write_text(SKILL_SWAP, encoding="utf-8")
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.press(*"Atelier")
        await pilot.click("#new-member")
        for name in ("Ana", "Ben", "Chloé"):
            await pilot.press(*name, "enter")
        screen.query_one("#protocol", Select).value = "skill-swap"
        await pilot.pause()
        assert str(screen.query_one("#client-label", Static).render()) == "Formateur·rice"
        assert str(screen.query_one("#facilitator-label", Static).render()) == "Hôte"
        assert not screen.query_one("#scribe-box").display
        screen.query_one("#client", Select).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choisissez qui tient le rôle «\u00a0Formateur·rice\u00a0»." in str(
            screen.query_one("#setup-error", Static).render()
        )
        # The host is at most one: nobody hosting is fine.
        screen.query_one("#client", Select).value = "Ben"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.engine is not None
        setup = app.engine.setup
        names = {person.id: person.name for person in setup.participants}
        assert {names[person]: role for person, role in setup.participant_roles.items()} == {
            "Ana": "consultant",
            "Ben": "trainer",
            "Chloé": "consultant",
        }
        assert setup.facilitator_id is None
