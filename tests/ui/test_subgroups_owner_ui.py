"""What the facilitator sees of whose carnet a note goes to in a round with sub-groups, and of
the attribute the protocol splits by: in a parallel round there is a client per trio, so a
note by someone in no trio (or by nobody typed yet) names no owner — "to be chosen" — and
Enter does not save it until one is chosen; the set-up says who present has no value of the
attribute the sub-groups are formed by."""

from __future__ import annotations

import datetime as dt

from test_subgroups_ui import at_the_first_question, engine_of, troika_setup
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, SelectionList, Static

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.library import load_library
from codev.core.protocol.model import NoteKind
from codev.core.session import NextStep
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.dialogs.note import NoteDialog
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import GroupInfo, SetupScreen

NB = "\u00a0"


async def note_dialog_at(pilot: Pilot[None], step_id: str) -> NoteDialog:
    screen = await at_the_first_question(pilot)
    while screen.controller.view().current.step.id != step_id:
        assert screen.send(NextStep())
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, NoteDialog)
    return dialog


def shown(widget: Select[str] | Label | Static) -> str:
    """What a field reads as: a list shows its choice (or its prompt) in its label."""
    if isinstance(widget, Select):
        return str(widget.query_one("SelectCurrent #label", Static).render())
    return str(widget.render())


async def test_a_note_by_nobody_in_a_trio_asks_whose_carnet(workspace: Workspace, clock: FakeClock) -> None:
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=troika_setup(), bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await note_dialog_at(pilot, "consultation-r2")
        owner = dialog.query_one("#note-owner", Select)
        assert dialog.query_one("#note-kind", Select).value is NoteKind.SUGGESTION
        # No speaker in a parallel step: no author, so no trio's client guessed.
        assert owner.value is Select.NULL
        assert "Choisir…" in shown(owner)
        # Flo facilitates in no trio: still to be chosen, and Enter does not save.
        await pilot.press(*"Flo", "enter", *"Essayer un script", "enter")
        await pilot.pause()
        assert app.screen is dialog
        error = shown(dialog.query_one("#note-error", Label))
        assert error == "Le carnet de qui\u202f? Plusieurs clients à ce tour"
        assert dialog.focused is owner
        assert engine_of(app).view().notes == ()
        # Fatou is in trio 2: its client this round, Éli, as before.
        author = dialog.query_one("#note-author", Input)
        author.value = "Fatou"
        await pilot.pause()
        assert owner.value == "éli"
        author.value = "Flo"
        await pilot.pause()
        assert owner.value is Select.NULL
        # The facilitator picks Ben (trio 1's client): saved, in Ben's carnet.
        owner.value = "ben"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        (note,) = engine_of(app).view().notes
        assert (note.author_id, note.owner_id, note.text) == ("flo", "ben", "Essayer un script")


async def test_an_authors_own_kind_needs_no_choice_and_the_prompt_comes_back(
    workspace: Workspace, clock: FakeClock
) -> None:
    set_lang("en")
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=troika_setup(), bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await note_dialog_at(pilot, "reflection-r2")
        owner = dialog.query_one("#note-owner", Select)
        kind = dialog.query_one("#note-kind", Select)
        assert kind.value is NoteKind.ACTION
        assert "Choose…" in shown(owner)
        # A learning is its author's: the usual "default", nothing to choose.
        kind.value = NoteKind.LEARNING
        await pilot.pause()
        assert owner.value is Select.NULL
        assert "default" in shown(owner)
        await pilot.press(*"Flo", "enter", *"Se taire aide", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        (note,) = engine_of(app).view().notes
        assert (note.kind, note.owner_id) == (NoteKind.LEARNING, "flo")


async def test_the_set_up_says_who_present_has_no_value_of_the_attribute() -> None:
    members = ("Flo", "Ana", "Ben", "Chloé", "Dora", "Éli", "Fatou", "Gaël", "Hugo")
    companies = {
        "Chloé": "Acme",
        "Dora": "Beta",
        "Éli": "Acme",
        "Fatou": "Beta",
        "Gaël": "Gamma",
        "Hugo": "Acme",
    }
    groups = [GroupInfo("Inter", members, attributes={"company": companies})]
    screen = SetupScreen(load_library(), groups, today=dt.date(2026, 1, 1))

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async with Host().run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press(*"Inter")
        await pilot.pause()
        present = screen.query_one("#present", SelectionList)
        for name in members:
            present.select(name)
        screen.query_one("#protocol", Select).value = "partage-experiences"
        screen.query_one("#facilitator", Select).value = "Flo"
        await pilot.pause()
        missing = screen.query_one("#subgroups-missing", Static)
        # Flo facilitates at no table: not counted among those without a company.
        assert missing.display
        assert shown(missing) == f"Sans «{NB}company{NB}»{NB}: Ana, Ben"
        present.deselect("Ana")
        present.deselect("Ben")
        await pilot.pause()
        assert not missing.display
        # A protocol that splits by size only says nothing of attributes.
        present.select("Ana")
        screen.query_one("#protocol", Select).value = "troika"
        await pilot.pause()
        assert not missing.display
