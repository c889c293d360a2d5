"""A Troika of six in two trios, as the screens show it: the set-up lists the trios the people
present form (and drops the client per round for the rule), the live screen and the room's
view show every trio with its own client during a parallel step, uncut at 80×24, 78×21 and
160×48; the consent asks about each trio's client; a note's carnet is its author's trio's
client's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Static

from codev.core.clock import FakeClock
from codev.core.protocol.loader import load_protocol
from codev.core.session import NextStep, Participant, SessionEngine, SessionSetup, Start
from codev.core.session.model import form_subgroups
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.dialogs.consent import ConsentDialog
from codev.ui.dialogs.note import NoteDialog
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import SetupScreen
from codev.ui.view_app import ProjectedScreen, ViewConfig, create_view_app
from codev.ui.widgets.room import WhoSpeaks
from codev.ui.widgets.timer import GiantClock

TROIKA = Path(__file__).parents[2] / "protocols" / "troika.toml"
NAMES = ("Flo", "Ana", "Ben", "Chloé", "Dora", "Éli", "Fatou")
NB = "\u00a0"


def troika_setup() -> SessionSetup:
    proto = load_protocol(TROIKA)
    people = tuple(Participant(id=name.lower(), name=name) for name in NAMES)
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


def engine_of(app: object) -> SessionEngine:
    assert isinstance(app, CodevApp) and app.engine is not None
    return app.engine


def rendered(widget: Widget) -> list[str]:
    return str(widget.render()).splitlines()


def uncut(widget: Widget, within: Widget) -> bool:
    """The widget is laid out whole inside ``within``, itself inside the screen."""
    screen = widget.screen.region
    return within.content_region.contains_region(widget.region) and screen.contains_region(within.region)


async def test_the_setup_shows_the_trios_and_replaces_the_client_per_round(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        # The classic protocol does not split: nothing said of sub-groups.
        assert not screen.query_one("#subgroups-box").display
        await pilot.press(*"Trio")
        screen.query_one("#new-member").focus()  # below the fold at 80×24: no click there
        for name in NAMES:
            await pilot.press(*name, "enter")
        screen.query_one("#protocol", Select).value = "troika"
        screen.query_one("#client", Select).value = "Ana"
        screen.query_one("#facilitator", Select).value = "Flo"
        await pilot.pause()
        listing = screen.query_one("#subgroups-list", Static)
        assert screen.query_one("#subgroups-box").display
        assert rendered(listing) == [f"Trio 1{NB}: Ana, Ben, Chloé", f"Trio 2{NB}: Dora, Éli, Fatou"]
        # The client per round gives way to the rule.
        assert not screen.query_one("#rounds-box").display
        assert "le premier nommé au tour 1" in str(screen.query_one("#subgroups-rule", Static).render())
        # Another facilitator: the trios are formed again, from the people now split.
        screen.query_one("#facilitator", Select).value = "Fatou"
        await pilot.pause()
        assert rendered(listing) == [f"Trio 1{NB}: Flo, Ana, Ben", f"Trio 2{NB}: Chloé, Dora, Éli"]
        # Three people away: too few to split, and the client per round is asked again.
        present = screen.query_one("#present", SelectionList)
        for name in ("Dora", "Éli", "Fatou"):
            present.deselect(name)
        await pilot.pause()
        assert "tout le groupe travaille ensemble" in rendered(listing)[0]
        assert screen.query_one("#rounds-box").display
        for name in ("Dora", "Éli", "Fatou"):
            present.select(name)
        screen.query_one("#facilitator", Select).value = "Flo"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        setup = engine_of(app).setup
        names = {person.id: person.name for person in setup.participants}
        assert [[names[person] for person in trio] for trio in setup.subgroups] == [
            ["Ana", "Ben", "Chloé"],
            ["Dora", "Éli", "Fatou"],
        ]
        assert setup.round_clients == ()


async def at_the_first_question(pilot: Pilot[None]) -> LiveScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    await pilot.press("space")
    while screen.controller.view().current.step.id != "question-r1":
        assert screen.send(NextStep())
    await pilot.pause()
    return screen


async def test_the_live_screen_shows_each_trio_and_asks_each_clients_consent(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=troika_setup(), bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_the_first_question(pilot)
        speakers = screen.query_one("#speakers", WhoSpeaks)
        assert rendered(speakers) == [
            f"Parole{NB}: chaque client·e, dans son sous-groupe",
            "Trio 1 — Ana (client·e) · Ben, Chloé",
            "Trio 2 — Dora (client·e) · Éli, Fatou",
        ]
        assert speakers.region.height == 3 and uncut(speakers, screen.query_one("#stage"))
        # The people panel names both clients of the round.
        assert "Ana, Dora" in str(screen.query_one("#people").render())
        await pilot.resize_terminal(78, 21)
        await pilot.press("k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConsentDialog)
        assert dialog.query_one("#consent-client", Select).value == 0  # the first trio's client
        # The choice of client, the parts and both hints, whole at 78×21.
        for part in ("#consent-client", "#consent-parts", "#clients-hint", "#hint"):
            assert uncut(dialog.query_one(part), dialog.query_one("#dialog")), part
        # Ana shares her question; on to Dora (her ticks her own), who shares her contract too.
        await pilot.press("space", "right")
        parts = dialog.query_one("#consent-parts", SelectionList)
        assert parts.selected == []
        assert "Dora" in str(dialog.query_one("#question").render())
        await pilot.press("space", "down", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        consents = engine_of(app).view().consents
        assert consents["ana"] == {"question"} and consents["dora"] == {"question", "contract"}


async def test_a_contract_goes_to_the_carnet_of_its_authors_trio_client(
    workspace: Workspace, clock: FakeClock
) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=troika_setup(), bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_first_question(pilot)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        owner = dialog.query_one("#note-owner", Select)
        await pilot.press(*"Éli")
        await pilot.pause()
        assert dialog.query_one("#note-author", Input).value == "Éli"
        assert owner.value == "dora"  # Éli's trio's client this round
        await pilot.press(*("backspace",) * 3, *"Ben")
        await pilot.pause()
        assert owner.value == "ana"


async def test_the_rooms_view_shows_every_trio_uncut_from_80x24_to_160x48(
    workspace: Workspace, clock: FakeClock
) -> None:
    engine = SessionEngine.create(troika_setup(), clock, workspace)
    control = SessionController(engine)
    assert control.send(Start()) is None
    while engine.view().current.step.id != "consultation-r2":
        assert control.send(NextStep()) is None
    app = create_view_app(ViewConfig(workspace=workspace, journal=engine.journal_path, clock=clock))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for size in ((80, 24), (78, 21), (160, 48)):
                await pilot.resize_terminal(*size)
                app.tick()
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ProjectedScreen)
                speakers = screen.query_one("#view-speakers", WhoSpeaks)
                assert rendered(speakers) == [
                    f"Parole{NB}: les consultants de chaque sous-groupe",
                    "Trio 1 — Ben (client·e) · Ana, Chloé",
                    "Trio 2 — Éli (client·e) · Dora, Fatou",
                ], size
                info = screen.query_one("#view-info")
                for panel in info.children:
                    if panel.display and panel.region:
                        assert uncut(panel, info), (size, panel.id)
                assert speakers.region.height == 3
                # The timer gives way, and is still drawn in large digits.
                assert screen.query_one("#view-timer", GiantClock).glyph_rows >= 5, size
    finally:
        control.close()
