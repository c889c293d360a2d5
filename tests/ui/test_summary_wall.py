"""The summary's "Group wall" section: the notes the whole group built, with their authors."""

from __future__ import annotations

import datetime as dt

from textual.app import App
from textual.widgets import Static

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.session import AddNote, Participant, SessionEngine, SessionSetup, Start
from codev.ui.screens.summary import SummaryScreen

WALLED = Protocol.model_validate(
    {
        "format": 2,
        "id": "wall-test",
        "title": {"en": "Wall"},
        "description": {"en": "A test."},
        "steps": [
            {
                "id": "wishes",
                "title": {"en": "Three wishes"},
                "instructions": {"en": "Post them."},
                "minutes": 10,
                "speakers": "everyone",
                "notes": ["wall"],
            }
        ],
    }
)


async def test_the_summary_shows_the_group_wall_with_its_authors() -> None:
    set_lang("en")
    setup = SessionSetup(
        group="Groupe",
        protocol=WALLED,
        date=dt.date(2026, 1, 1),
        participants=(Participant(id="ana", name="Ana"), Participant(id="ben", name="Ben")),
        client_id="ana",
        facilitator_id="ben",
    )
    engine = SessionEngine(setup, FakeClock(1_767_258_000.0))
    assert engine.apply(Start()) is None
    assert engine.apply(AddNote(kind=NoteKind.WALL, author_id="ben", text="Excel avancé")) is None
    screen = SummaryScreen(setup, engine.view(), [], [])

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async with Host().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        texts = [str(widget.render()) for widget in screen.query(Static)]
        heading = texts.index("Group wall")
        assert "• Excel avancé — Ben" in texts[heading + 1]
