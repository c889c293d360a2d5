"""Drive whole sessions through the real interface, by keys alone, on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from codev.core.clock import FakeClock
from codev.core.logbook import LogbookStore
from codev.core.protocol.model import Protocol
from codev.core.session import SessionStatus
from codev.core.workspace import Workspace
from codev.ui.app import CodevApp
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.note import NoteDialog
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.summary import SummaryScreen
from codev.ui.widgets.timer import GiantClock


async def settle(pilot: Pilot[None]) -> LiveScreen:
    """Let the interface catch up with the clock and return the live screen."""
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, LiveScreen):
        screen.refresh_view()
        await pilot.pause()
    return screen  # type: ignore[return-value]


def engine_of(app: CodevApp):  # type: ignore[no-untyped-def]
    assert app.engine is not None
    return app.engine


async def test_the_demo_opens_on_the_live_screen_ready_to_start(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        assert isinstance(screen, LiveScreen)
        assert engine_of(app).status is SessionStatus.NOT_STARTED
        assert screen.query_one("#big-timer", GiantClock).text == "10:00"
        assert "Page↓ pour commencer" in str(screen.query_one("#start-hint").render())


async def test_timer_counts_down_then_wraps_up_then_counts_overtime(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        clock.advance(61)
        screen = await settle(pilot)
        timer = screen.query_one("#big-timer", GiantClock)
        assert timer.text == "08:59"
        assert timer.has_class("-normal")
        clock.advance(8 * 60 + 30)  # 29 s left: inside the 2-minute wrap-up
        screen = await settle(pilot)
        assert timer.text == "00:29"
        assert timer.has_class("-wrap-up")
        clock.advance(29 + 73)  # 1:13 past the end
        screen = await settle(pilot)
        assert timer.text == "+01:13"
        assert timer.has_class("-overtime")
        await pilot.press("space")  # pause: the timer stops exactly
        clock.advance(600)
        screen = await settle(pilot)
        assert timer.text == "+01:13"
        assert timer.has_class("-paused")


async def test_a_note_typed_in_the_dialog_reaches_the_carnet(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"2")  # author by number: Karim, the client
        await pilot.press("enter")
        await pilot.press(*"Je veux garder Lina")
        await pilot.press("enter")
        screen = await settle(pilot)
        notes = engine_of(app).view().notes
        assert [(note.author_id, note.text) for note in notes] == [("karim", "Je veux garder Lina")]
        assert "Je veux garder Lina" in str(screen.query_one("#notes").render())
        # Written to the client's carnet at once, before the end of the session.
        await pilot.pause()
        carnet = LogbookStore.for_workspace(workspace).load("Démo", "Karim Benali")
        assert carnet.sessions[0].question == "Je veux garder Lina"


async def test_round_the_table_shows_speaker_and_airtime(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        for _ in range(3):
            await pilot.press("n")
        screen = await settle(pilot)
        assert engine_of(app).view().current.step.id == "consultation"
        assert "personne n’a la parole" in str(screen.query_one("#speakers").render())
        await pilot.press("t")  # opens the round: the floor to Sofía
        clock.advance(90)
        await pilot.press("t")
        clock.advance(30)
        screen = await settle(pilot)
        turns = str(screen.query_one("#speakers").render())
        assert "▶ Jean-Luc Moreau" in turns  # Sofía spoke first, then the floor moved on
        airtime = str(screen.query_one("#airtime").render())
        assert "01:30" in airtime and "00:30" in airtime


async def test_quitting_keeps_the_session_resumable(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    journal = engine_of(app).journal_path
    assert journal is not None and journal.exists()
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert '"pause"' in lines[-1]


async def test_focus_mode_shows_only_the_timer(app: CodevApp, workspace: Workspace, clock: FakeClock) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        giant = screen.query_one("#giant", GiantClock)
        assert giant.display and giant.region.height > 20
        assert not screen.query_one("#body").display or screen.query_one("#body").region.height == 0
        await pilot.press("f")


async def test_the_timer_is_as_large_as_the_room_allows_and_keeps_its_size_in_overtime(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot)
        timer = screen.query_one("#big-timer", GiantClock)
        assert timer.glyph_rows >= 5  # a projector at 80x24 reads block digits, not a thin line
        await pilot.press("pagedown")
        clock.advance(10 * 60 + 10 * 60 + 25)  # +10:25
        screen = await settle(pilot)
        counting_down = 5
        assert timer.text == "+10:25" and timer.glyph_rows >= counting_down
        await pilot.resize_terminal(78, 21)
        await settle(pilot)
        assert timer.glyph_rows >= 5
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert timer.glyph_rows >= 10
        await pilot.resize_terminal(14, 12)
        await settle(pilot)
        assert timer.glyph_rows == 1  # nothing fits: the time on one line, never cropped digits


async def test_setup_remembers_the_group_and_suggests_the_next_client(
    workspace: Workspace, clock: FakeClock
) -> None:
    from textual.widgets import Input, Select

    from codev.ui.app import AppConfig, create_app
    from codev.ui.screens.setup import SetupScreen

    async def run_setup(members: list[str], client: str | None) -> CodevApp:
        app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
        async with app.run_test(size=(120, 50)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SetupScreen)
            await pilot.press(*"Managers / Lyon 🚀")
            await pilot.pause()
            await pilot.click("#new-member")
            for name in members:
                await pilot.press(*name, "enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SetupScreen)
            if client is not None:
                screen.query_one("#client", Select).value = client
            screen.query_one("#facilitator", Select).value = "Hélène"
            screen.query_one("#subject", Input).value = "Déléguer sans tout reprendre"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, LiveScreen)
            clock.advance(60)
            await pilot.press("space", "a")
            await pilot.pause()
            await pilot.press(*"1", "enter", *"Une note", "enter")
            await pilot.pause()
            await pilot.press("q", "enter")
            await pilot.pause()
        return app

    first = await run_setup(["Hélène", "Karim", "Sofía"], "Karim")
    assert first.engine is not None and first.engine.setup.group == "Managers / Lyon 🚀"
    # The group file now holds its members: the next set-up knows them and proposes a client
    # who has not been client yet.
    from codev.core.logbook import LogbookStore

    store = LogbookStore.for_workspace(workspace)
    assert store.load_group("Managers / Lyon 🚀").members == ["Hélène", "Karim", "Sofía"]
    assert store.suggest_next_clients("Managers / Lyon 🚀")[0] == "Hélène"
    files = [path for path in workspace.logbooks_dir.rglob("*") if path.is_file()]
    assert all(workspace.logbooks_dir in path.parents for path in files)


async def test_command_palette_speaks_french(app: CodevApp) -> None:
    from textual.command import CommandInput, CommandList

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Chercher une commande…"
        await pilot.press(*"zzqx")
        await pilot.pause(0.8)
        commands = app.screen.query_one(CommandList)
        prompts = [commands.get_option_at_index(index).prompt for index in range(commands.option_count)]
        texts = [str(getattr(prompt, "renderable", prompt)) for prompt in prompts]
        assert "Aucune commande trouvée" in texts
        # Each command once, capitalised, its key named as the footer names it.
        offered = list(app.get_system_commands(app.screen_stack[-2]))
        names = [command.title for command in offered]
        assert [name.casefold() for name in names].count("quitter") == 1
        assert all(name[:1].isupper() for name in names), names
        assert any(command.help == "Espace" for command in offered), [c.help for c in offered]


async def test_late_session_offers_a_catch_up_plan_accepted_with_one_key(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        clock.advance(25 * 60)  # the 10-minute exposé ran 15 minutes over
        screen = await settle(pilot)
        panel = screen.query_one("#catch-up")
        assert panel.display
        assert "Retard 15 min" in str(panel.render())
        # At 80x24 the whole box is on screen, its "accept" line included.
        assert "accepter" in str(panel.render()) and panel.region.bottom <= screen.size.height - 1
        assert screen.check_action("catch_up", ()) is True
        # The footer says so as soon as the plan appears, before any other key is pressed.
        await pilot.pause()
        footer_key = next(key for key in screen.query(FooterKey) if key.action == "catch_up")
        assert not footer_key.has_class("-disabled")
        before = engine_of(app).view().remaining_seconds
        await pilot.press("c")
        screen = await settle(pilot)
        view = engine_of(app).view()
        assert view.remaining_seconds < before
        assert view.late_seconds < 60  # the new plan ends (nearly) on time
        assert not screen.query_one("#catch-up").display


async def test_ctrl_q_asks_before_leaving_a_session(app: CodevApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)


async def test_setup_refuses_what_the_session_would_refuse_with_a_message(
    workspace: Workspace, clock: FakeClock
) -> None:
    from textual.events import Paste
    from textual.widgets import Input, Select, Static

    from codev.core.session.model import MAX_NAME_CHARS
    from codev.ui.app import AppConfig, create_app
    from codev.ui.screens.setup import SetupScreen

    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        group = screen.query_one("#group", Input)
        group.focus()
        await pilot.pause()
        group.post_message(Paste("G" * (MAX_NAME_CHARS + 1)))  # a stray paste is refused whole
        await pilot.pause()
        assert group.value == ""
        group.post_message(Paste("G" * MAX_NAME_CHARS))
        await pilot.pause()
        assert group.value == "G" * MAX_NAME_CHARS
        new_member = screen.query_one("#new-member", Input)
        for name in ("Hélène", "Karim\x07"):  # a control character only a paste brings
            new_member.value = name
            new_member.focus()
            await pilot.press("enter")
        await pilot.pause()
        # Refused as it is added, with the reason; the text stays in the field to be corrected.
        assert "Karim" in str(screen.query_one("#setup-error", Static).render())
        assert screen.members == ["Hélène"] and new_member.value == "Karim\x07"
        screen.query_one("#facilitator", Select).value = "Hélène"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # still on the form, nothing started
        assert app.engine is None


async def test_every_clicker_key_runs_the_session_even_with_the_notes_overflowing(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    """PageDown, PageUp, '.', b, F5, Shift+F5, Escape at 80x24, with eight notes in the
    consultation: no panel takes the clicker's keys, from "not started" to the summary."""
    from codev.core.protocol.model import NoteKind
    from codev.core.session import AddNote, RoomScreen

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot)
        await pilot.press("f5")  # start
        assert engine_of(app).status is SessionStatus.RUNNING
        await pilot.press("escape")  # the R400's same button, next press: pause
        assert engine_of(app).status is SessionStatus.PAUSED
        await pilot.press("f5")
        assert engine_of(app).status is SessionStatus.RUNNING
        for _ in range(3):
            clock.advance(120)
            await pilot.press("pagedown")
        screen = await settle(pilot)
        view = engine_of(app).view()
        assert view.current.step.id == "consultation"
        consultants = view.turns.order if view.turns else ()
        for index in range(8):
            author = consultants[index % len(consultants)]
            screen.send(AddNote(kind=NoteKind.SUGGESTION, author_id=author, text=f"Piste numéro {index + 1}"))
        screen = await settle(pilot)
        assert "Piste numéro 8" in str(screen.query_one("#notes").render())  # the newest in sight
        first = engine_of(app).view().turns
        assert first is not None and first.speaker_id is None  # nobody has the floor yet
        await pilot.press("shift+f5")  # the floor to the next consultant
        assert engine_of(app).view().turns.speaker_id == first.next_speaker_id  # type: ignore[union-attr]
        await pilot.press("full_stop")
        assert engine_of(app).view().room.screen is RoomScreen.BLANK
        await pilot.press("b")
        assert engine_of(app).view().room.screen is RoomScreen.SESSION
        screen.query_one("#notes-box").focus()  # even a focused, overflowing panel
        clock.advance(60)
        await pilot.press("pagedown")
        await settle(pilot)
        assert engine_of(app).view().current.step.id == "synthese"
        clock.advance(30)
        await pilot.press("pageup")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("pageup")  # no: stay
        await settle(pilot)
        assert engine_of(app).view().current.step.id == "synthese"
        clock.advance(60)
        await pilot.press("pagedown")
        await pilot.press("pagedown")  # on the last step: asks to finish
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len([n for n in engine_of(app).view().notes if n.kind is NoteKind.SUGGESTION]) == 8
        files = sorted(path.name for path in (workspace.logbooks_dir).rglob("*.toml"))
        assert len(files) == 6  # the group file and five carnets
        await pilot.press("pagedown", "f5", "escape")  # clicks too many: the summary stays up
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_at_zero_page_up_grants_the_joker_and_page_down_moves_on(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("pagedown")
        clock.advance(10 * 60 + 5)
        screen = await settle(pilot)
        prompt = str(screen.query_one("#zero").render())
        assert "Temps écoulé" in prompt and "+2′" in prompt
        await pilot.press("pageup")
        screen = await settle(pilot)
        assert screen.query_one("#big-timer", GiantClock).text == "02:00"
        assert screen.query_one("#zero").has_class("-empty")
        clock.advance(121)
        screen = await settle(pilot)
        assert "joker déjà donné" in str(screen.query_one("#zero").render())
        await pilot.press("pagedown")
        await settle(pilot)
        assert engine_of(app).view().current.step.id == "clarification"


async def test_the_facilitator_writes_to_the_room_and_chooses_the_notes_it_sees(
    app: CodevApp, workspace: Workspace, clock: FakeClock
) -> None:
    from codev.core.protocol.model import NoteKind
    from codev.ui.dialogs.message import RoomMessageDialog
    from codev.ui.dialogs.room_notes import RoomNotesDialog

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, RoomMessageDialog)
        await pilot.press(*"Pause, retour à 10 h 40", "enter")
        screen = await settle(pilot)
        assert engine_of(app).view().room.message == "Pause, retour à 10 h 40"
        assert "Pause, retour à 10 h 40" in str(screen.query_one("#message").render())
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")  # emptied: the message goes
        await settle(pilot)
        assert engine_of(app).view().room.message == ""
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, RoomNotesDialog)
        await pilot.press("space", "enter")  # the first kind (questions) ticked as well
        await settle(pilot)
        assert engine_of(app).view().room.note_kinds == (
            NoteKind.QUESTION,
            NoteKind.CONTRACT,
            NoteKind.SUGGESTION,
            NoteKind.WALL,
        )


async def test_the_joker_lasts_what_the_settings_file_says(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as dt

    from codev.ui.app import AppConfig, create_app
    from codev.ui.demo import demo_setup

    settings = tmp_path / "config.toml"
    settings.write_text("[session]\njoker_minutes = 5\n", encoding="utf-8")
    monkeypatch.setenv("CODEV_CONFIG", str(settings))
    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("pagedown")
        clock.advance(10 * 60 + 5)
        screen = await settle(pilot)
        assert "+5′" in str(screen.query_one("#zero").render())
        await pilot.press("pageup")
        screen = await settle(pilot)
        assert screen.query_one("#big-timer", GiantClock).text == "05:00"
