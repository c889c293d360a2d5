"""The set-up of a Troika of six in two trios, as a tester found it: the rotation's suggested
client (Ben) is not asked nor recorded while the trios name each round's clients — the session's
client is trio 1's round-1 client — and comes back with the per-round pickers when the people
present fit one table; the optional facilitator reads "(facultatif)" with "Personne"; the hint
of who has not been client yet says when it names only some of them."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.widgets import Label, Select, SelectionList, Static

from codev.core.protocol.library import load_library
from codev.core.session.model import SessionSetup
from codev.ui.screens.setup import GroupInfo, SetupScreen

SIX = ("Ana", "Ben", "Chloé", "Dora", "Éli", "Fatou")
NB = "\u00a0"


def shown(widget: Select[str] | Label | Static) -> str:
    """What a field reads as: a list shows its choice (or its prompt) in its label."""
    if isinstance(widget, Select):
        return str(widget.query_one("SelectCurrent #label", Static).render())
    return str(widget.render())


def host(screen: SetupScreen) -> App[None]:
    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    return Host()


def names_of(setup: SessionSetup, ids: tuple[str | None, ...]) -> list[str | None]:
    names = {person.id: person.name for person in setup.participants}
    return [names.get(person or "") for person in ids]


async def test_trios_in_rounds_ask_no_client_and_record_trio_1s_first() -> None:
    # The rotation suggests Ben first (the least recent client), then everyone else.
    groups = [GroupInfo("Trio", SIX, suggested_clients=("Ben", "Ana", "Chloé", "Dora", "Éli", "Fatou"))]
    screen = SetupScreen(load_library(), groups, today=dt.date(2026, 1, 1))
    async with host(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Trio")
        await pilot.pause()
        # The classic protocol asks for the client: Ben pre-selected, the hint cut and saying so.
        assert screen.query_one("#client").display
        assert screen.query_one("#client", Select).value == "Ben"
        hint = shown(screen.query_one("#client-hint", Static))
        assert hint == f"Pas encore clients dans ce groupe{NB}: Ben, Ana, Chloé, Dora et 2 autres"
        screen.query_one("#protocol", Select).value = "troika"
        await pilot.pause()
        await pilot.pause()
        # Six without a facilitator: two trios, each member client in turn — no client asked.
        for widget_id in ("#client-label", "#client", "#client-hint", "#rounds-box"):
            assert not screen.query_one(widget_id).display, widget_id
        # Troika's facilitator is optional (at_most_one): said as for the scribe, "Personne".
        assert shown(screen.query_one("#facilitator-label", Label)) == "Animateur (facultatif)"
        assert shown(screen.query_one("#facilitator", Select)) == "Personne"
        setup = screen.build_setup()
        assert isinstance(setup, SessionSetup), setup
        assert [names_of(setup, trio) for trio in setup.subgroups] == [
            ["Ana", "Ben", "Chloé"],
            ["Dora", "Éli", "Fatou"],
        ]
        assert names_of(setup, (setup.client_id,)) == ["Ana"]
        assert setup.round_clients == ()
        # Two away: four fit one table, so the client and each round's client are asked again.
        present = screen.query_one("#present", SelectionList)
        present.deselect("Éli")
        present.deselect("Fatou")
        await pilot.pause()
        await pilot.pause()
        for widget_id in ("#client-label", "#client", "#rounds-box"):
            assert screen.query_one(widget_id).display, widget_id
        rounds = list(screen.query(".round-client").results(Select))
        assert [select.value for select in rounds] == ["Ben", "Chloé", "Dora"]
        setup = screen.build_setup()
        assert isinstance(setup, SessionSetup), setup
        assert setup.subgroups == ()
        assert names_of(setup, (setup.client_id,)) == ["Ben"]
        assert names_of(setup, setup.round_clients) == ["Ben", "Chloé", "Dora"]
        # Back to the classic protocol: its facilitator is required again.
        screen.query_one("#protocol", Select).value = "codev"
        await pilot.pause()
        assert shown(screen.query_one("#facilitator-label", Label)) == "Animateur"
        assert shown(screen.query_one("#facilitator", Select)) == "Choisir…"


async def test_the_hint_names_only_who_has_never_been_client() -> None:
    # Ben and Ana were clients (a round's client counts): the rotation still proposes Ben first,
    # the least recent, but the hint of who has not been client yet leaves them out.
    groups = [
        GroupInfo(
            "Trio",
            SIX,
            suggested_clients=("Chloé", "Dora", "Éli", "Fatou", "Ben", "Ana"),
            been_clients=frozenset({"Ben", "Ana"}),
        )
    ]
    screen = SetupScreen(load_library(), groups, today=dt.date(2026, 1, 1))
    async with host(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Trio")
        await pilot.pause()
        hint = shown(screen.query_one("#client-hint", Static))
        assert hint == f"Pas encore clients dans ce groupe{NB}: Chloé, Dora, Éli, Fatou"
