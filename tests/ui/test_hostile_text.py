"""Text typed by people or written by trainers is shown as it is, never read as markup.

Square brackets are ordinary in both: "Interdit : [conseils]", a group called "[/]", a
name pasted from a chat with "[b]". Read as markup, the first loses its brackets and the
others stop the application in front of the room. Each test drives a screen with such
texts and reads what is really drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select

from codev.core.clock import FakeClock
from codev.core.logbook import Action, LogbookStore, SessionRecord
from codev.core.logbook import Participant as CarnetParticipant
from codev.core.protocol.library import load_library
from codev.core.protocol.loader import load_protocol
from codev.core.protocol.model import Protocol, Role
from codev.core.session.journal import sessions_dir
from codev.core.session.model import Participant, SessionSetup
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.followup import FollowUpDialog
from codev.ui.dialogs.note import NoteDialog
from codev.ui.dialogs.notes import NotesDialog
from codev.ui.dialogs.resume import ResumeDialog
from codev.ui.screens.help import HelpScreen
from codev.ui.screens.live import LiveScreen
from codev.ui.screens.setup import SetupScreen
from codev.ui.screens.summary import SummaryScreen
from hostile_protocol import CLOSING_TAG_TITLES, HOSTILE_PROTOCOL

ScreenText = Callable[..., str]
"""The ``screen_text`` fixture (tests/conftest.py): the screen, or one widget of it, as text."""

GROUP = "[/]"
ZOE = "[b]Zoé[/b]"
ANA = "Ana [/]"
SUBJECT = "Comment [dire] non ? [/]"
NOTE = "[red]x[/]"
LEARNING = "[i]oser[/i] dire non"
OBJECTIVE = "[optionnel] relancer Lina [/]"
SIZE = (140, 50)


@pytest.fixture
def hostile_protocol(workspace: Workspace) -> Protocol:
    """A trainer's protocol whose texts are full of square brackets, in the workspace."""
    workspace.protocols_dir.mkdir(parents=True, exist_ok=True)
    path = workspace.protocols_dir / "atelier.toml"
    path.write_text(HOSTILE_PROTOCOL, encoding="utf-8")
    return load_protocol(path)


def hostile_setup(protocol: Protocol) -> SessionSetup:
    return SessionSetup(
        group=GROUP,
        protocol=protocol,
        date=dt.date(2026, 1, 1),
        participants=(
            Participant(id="zoe", name=ZOE),
            Participant(id="ana", name=ANA),
            Participant(id="marc", name="Marc"),
        ),
        client_id="zoe",
        facilitator_id="ana",
        subject=SUBJECT,
        number=2,
    )


def live_app(workspace: Workspace, clock: FakeClock, setup: SessionSetup) -> CodevApp:
    return create_app(AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False))


def earlier_session(workspace: Workspace) -> None:
    """Zoé was the client of the group's first session and promised something."""
    LogbookStore.for_workspace(workspace).save_session(
        SessionRecord(
            id="20251201-0900-abc123",
            date=dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC),
            group=GROUP,
            number=1,
            protocol="codev",
            subject=SUBJECT,
            participants=[
                CarnetParticipant(name=ZOE, role=Role.CLIENT),
                CarnetParticipant(name=ANA, role=Role.FACILITATOR),
            ],
            actions=[Action(id="a1", objective=OBJECTIVE)],
        )
    )


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, LiveScreen):
        screen.refresh_view()
        await pilot.pause()


def dialog(app: CodevApp) -> Widget:
    """The dialog on show: read alone, since the screen behind it may show the same texts."""
    return app.screen.query_one("#dialog")


def toasts(app: CodevApp) -> str:
    """The notifications on show, each as drawn (read whole: they wrap long paths anywhere)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def shows(text: str, *expected: str) -> None:
    missing = [item for item in expected if item not in text]
    assert not missing, f"not on screen: {missing}\n{text}"


async def test_setup_shows_names_group_protocol_and_subject_as_typed(
    workspace: Workspace, clock: FakeClock, hostile_protocol: Protocol, screen_text: ScreenText
) -> None:
    earlier_session(workspace)
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        await pilot.press(*GROUP)  # the group is known: its members are ticked, Ana is suggested
        await pilot.pause()
        await pilot.click("#new-member")
        await pilot.press(*"Marc", "enter")
        screen.query_one("#protocol", Select).value = "atelier"
        screen.query_one("#facilitator", Select).value = ZOE
        screen.query_one("#subject", Input).focus()
        await pilot.press(*SUBJECT)
        await pilot.pause()
        text = screen_text(app)
        shows(text, ZOE, ANA, "[optionnel] Atelier [/]", SUBJECT)
        assert screen.query_one("#client", Select).value == ANA
        await pilot.click("#client")  # the drop-down lists the people present
        await pilot.pause()
        shows(screen_text(app, screen.query_one("#client SelectOverlay")), f" {ZOE} ", f" {ANA} ")
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LiveScreen)
        engine = app.engine
        assert engine is not None
        assert (engine.setup.group, engine.setup.subject) == (GROUP, SUBJECT)
        assert [person.name for person in engine.setup.participants] == [ZOE, ANA, "Marc"]
        shows(
            screen_text(app), SUBJECT, "[optionnel] Atelier [/]", "Interdit : [conseils]", "Et ensuite ? [/]"
        )


async def test_notes_dialogs_help_and_summary_show_texts_as_typed(
    workspace: Workspace, clock: FakeClock, hostile_protocol: Protocol, screen_text: ScreenText
) -> None:
    app = live_app(workspace, clock, hostile_setup(hostile_protocol))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shows(screen_text(app), GROUP, SUBJECT, "EXPOSÉ [OPTIONNEL]", "Questions [optionnel]", "[en bref]")
        await pilot.press("space", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        shows(screen_text(app, dialog(app)), f"1·{ZOE}", f"2·{ANA}")
        await pilot.press("1", "enter", *NOTE, "enter")
        await settle(pilot)
        assert [note.text for note in app.engine.view().notes] == [NOTE]  # type: ignore[union-attr]
        shows(screen_text(app), NOTE)

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesDialog)
        shows(screen_text(app, dialog(app)), f"({ZOE}) {NOTE}")
        await pilot.press("delete")  # asks first, quoting the note
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        shows(screen_text(app, dialog(app)), NOTE)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # rewrite it
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        shows(screen_text(app, dialog(app)), f"1·{ZOE}", NOTE)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("n")  # the review: a learning, then the end
        await settle(pilot)
        shows(screen_text(app), "BILAN [B]")
        await pilot.press("a", "2", "enter", *LEARNING, "enter")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shows(screen_text(app), GROUP, f"{LEARNING} — {ANA}", "Exposé [optionnel]")


async def test_unfinished_session_is_offered_with_its_group_and_subject_as_typed(
    workspace: Workspace, clock: FakeClock, hostile_protocol: Protocol, screen_text: ScreenText
) -> None:
    app = live_app(workspace, clock, hostile_setup(hostile_protocol))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        clock.advance(60)
        await pilot.press("q", "enter")  # left before the end: resumable
        await pilot.pause()
    # As when that terminal is closed: the journal is no longer held open.
    engine = app.engine
    assert engine is not None
    engine.close()
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        shows(screen_text(app, dialog(app)), GROUP, SUBJECT, "Exposé [optionnel]")


async def test_earlier_commitments_show_names_and_objectives_as_typed(
    workspace: Workspace, clock: FakeClock, screen_text: ScreenText
) -> None:
    earlier_session(workspace)
    entry = load_library().get("codev-suivi")
    assert entry is not None
    app = live_app(workspace, clock, hostile_setup(entry.protocol))
    async with app.run_test(size=(220, 60)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        shows(screen_text(app), f"{ZOE} : {OBJECTIVE}")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog)
        shows(screen_text(app, dialog(app)), f"{ZOE} : {OBJECTIVE}")


async def test_file_names_in_messages_are_shown_as_they_are(workspace: Workspace, clock: FakeClock) -> None:
    # A broken protocol and a damaged journal, named with brackets: both are reported.
    workspace.protocols_dir.mkdir(parents=True)
    (workspace.protocols_dir / "atelier [optionnel].toml").write_text("format = [", encoding="utf-8")
    journals = sessions_dir(workspace)
    journals.mkdir(parents=True)
    (journals / "séance [b].jsonl").write_text("{ pas du json\n", encoding="utf-8")
    app = create_app(AppConfig(workspace=workspace, clock=clock, bell=False))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        shows(toasts(app), "atelier [optionnel].toml", "séance [b].jsonl")


async def test_a_step_title_with_a_closing_tag_shows_in_the_step_rail(
    workspace: Workspace, clock: FakeClock, screen_text: ScreenText
) -> None:
    # Apart from the tests above, whose step titles avoid "[/]": the rail is a Rich table.
    workspace.protocols_dir.mkdir(parents=True, exist_ok=True)
    path = workspace.protocols_dir / "atelier.toml"
    path.write_text(CLOSING_TAG_TITLES, encoding="utf-8")
    app = live_app(workspace, clock, hostile_setup(load_protocol(path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shows(screen_text(app, app.screen.query_one("#rail")), "1. Exposé [/]", "2. Bilan [b]")
