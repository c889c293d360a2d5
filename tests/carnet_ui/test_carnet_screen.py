"""The review screen driven as a participant drives it: keys in, screen and file checked."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from carnet_ui_support import HAND_COMMENT, HAND_KEY, carnet_app, karim_sessions, open_review, review_screen
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent, TextArea

from codev.core.i18n import set_lang
from codev.core.logbook import LogbookStore
from codev.core.workspace import Workspace
from codev.ui.carnet.personal_dialog import PersonalDialog
from codev.ui.carnet.problems_dialog import ProblemsDialog
from codev.ui.carnet.review import CarnetReview, PersonalField, SessionKey
from codev.ui.carnet.screen import CarnetScreen
from codev.ui.carnet.session_screen import SessionScreen
from codev.ui.carnet.status_dialog import StatusDialog
from codev.ui.carnet.widgets import BlockView, CommitmentList, HitList, SearchBox, TimelineList
from codev.ui.dialogs.confirm import ConfirmDialog

SIZE = (100, 32)


def session_of(carnet: Path, session_id: str) -> dict[str, Any]:
    """A session as the file on disk says it."""
    sessions = tomllib.loads(carnet.read_text(encoding="utf-8"))["sessions"]
    found: dict[str, Any] = next(session for session in sessions if session["id"] == session_id)
    return found


async def session_screen(pilot: Pilot[None]) -> SessionScreen:
    """The session shown in full, once it is open."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def focused_block(screen: SessionScreen) -> BlockView:
    """The part of the session that has the focus."""
    focused = screen.focused
    assert isinstance(focused, BlockView)
    return focused


async def test_browsing_the_timeline_and_opening_sessions(workspace: Workspace) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        timeline = screen.query_one(TimelineList)
        # Newest first, under the cursor: the session a participant comes back to complete.
        assert timeline.has_focus and timeline.current is not None
        assert [row.key.session_id for row in timeline.rows] == ["s05", "s04", "s03", "s02", "s01"]
        assert timeline.current.key == SessionKey("Managers", "s05")
        await pilot.press("down", "down", "down", "enter")
        session = await session_screen(pilot)
        assert session.key == SessionKey("Managers", "s02")
        assert str(session.query_one("#session-title", Static).content) == "Séance 2 — 28 janvier 2025"
        shown = "\n".join(str(block.content) for block in session.query(BlockView))
        assert "Comment annoncer la réorganisation" in shown and "Plan d’action" in shown
        # The first thing that can be changed has the focus: the plan's first commitment.
        assert getattr(focused_block(session).block.target, "action_id", None) == "1"
        await pilot.press("down", "down", "down")
        assert focused_block(session).block.target is PersonalField.LEARNINGS
        await pilot.press("right")
        await pilot.pause()
        assert session.key == SessionKey("Managers", "s03")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CarnetScreen)
        # Back on the timeline, the cursor is on the session shown last.
        assert timeline.current is not None and timeline.current.key == SessionKey("Managers", "s03")


async def test_the_three_views_by_number(workspace: Workspace) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "commitments"
        assert screen.query_one(CommitmentList).has_focus
        await pilot.press("3")
        await pilot.pause()
        picture = str(screen.query_one("#path-picture", Static).content)
        assert "Séances : 5" in picture and "Engagements tenus au fil du temps" in picture
        await pilot.press("1")
        await pilot.pause()
        assert screen.query_one(TimelineList).has_focus


async def test_search_then_open_the_session_where_it_was_found(workspace: Workspace) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("slash")
        assert screen.query_one(SearchBox).has_focus
        await pilot.press(*"controler")
        await pilot.pause()
        hits = screen.query_one(HitList)
        assert hits.display and not screen.query_one(TimelineList).display
        assert [(hit.key.session_id, hit.hit.field) for hit in hits.rows] == [("s02", "learnings")]
        assert "Résultats pour « controler » : 1" in str(screen.query_one("#timeline-head", Static).content)
        await pilot.press("enter")  # to the results
        assert hits.has_focus
        await pilot.press("enter")  # open it
        session = await session_screen(pilot)
        assert session.key == SessionKey("Managers", "s02")
        assert focused_block(session).block.target is PersonalField.LEARNINGS
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # clears the search
        await pilot.pause()
        assert screen.query_text == "" and screen.query_one(TimelineList).display
        await pilot.press("slash", *"introuvable")
        await pilot.pause()
        assert hits.rows == [] and hits.empty == "Rien trouvé. Échap efface la recherche."


async def test_changing_a_commitments_status_writes_the_file(workspace: Workspace, carnet_path: Path) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("2")
        await pilot.pause()
        commitments = screen.query_one(CommitmentList)
        await pilot.press("enter")  # the newest commitment first
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, StatusDialog) and dialog.objective == "Ouvrir une boîte à questions anonyme"
        await pilot.press("down", "enter")  # open → done
        await pilot.pause()
        assert pilot.app.screen is screen
        assert [a["status"] for a in session_of(carnet_path, "s02")["actions"]] == ["done", "open", "done"]
        text = carnet_path.read_text(encoding="utf-8")
        assert HAND_COMMENT in text and HAND_KEY in text
        assert commitments.current is not None and commitments.current.commitment.action.id == "3"
        assert "tenus : 2" in str(screen.query_one("#commitments-head", Static).content)
        # Escape leaves it as it is.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert session_of(carnet_path, "s02")["actions"][2]["status"] == "done"


async def test_changing_a_status_from_the_session_in_full(workspace: Workspace, carnet_path: Path) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        await review_screen(pilot)
        await pilot.press("down", "down", "down", "enter")
        session = await session_screen(pilot)
        await pilot.press("down", "enter")  # the second commitment
        await pilot.pause()
        assert isinstance(pilot.app.screen, StatusDialog)
        await pilot.press("down", "down", "enter")  # dropped
        await pilot.pause()
        assert session_of(carnet_path, "s02")["actions"][1]["status"] == "dropped"
        # Redrawn, the same commitment still focused, its new status shown.
        block = focused_block(session)
        assert getattr(block.block.target, "action_id", None) == "2"
        assert "✗ abandonné" in str(block.content)


async def test_completing_a_learning_afterwards(workspace: Workspace, carnet_path: Path) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("enter")  # the latest session, s05: nothing written yet
        session = await session_screen(pilot)
        assert focused_block(session).block.target is PersonalField.LEARNINGS
        await pilot.press("enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PersonalDialog)
        assert str(dialog.query_one("#question").render()) == "Enseignements — Séance 5 — 11 mars 2025"
        await pilot.press(*"Les faits d'abord.", "enter", *"Puis ce que j'en pense.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session_of(carnet_path, "s05")["learnings"] == [
            "Les faits d'abord.",
            "Puis ce que j'en pense.",
        ]
        assert HAND_COMMENT in carnet_path.read_text(encoding="utf-8")
        assert "• Les faits d'abord." in str(focused_block(session).content)
        # Completing again adds on a fresh line; the earlier text is kept.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Et une troisième.", "ctrl+s")
        await pilot.pause()
        assert session_of(carnet_path, "s05")["learnings"][-1] == "Et une troisième."
        assert len(session_of(carnet_path, "s05")["learnings"]) == 3
        await pilot.press("escape")
        await pilot.pause()
        # The timeline no longer invites to complete that session.
        row = screen.query_one(TimelineList).current
        assert row is not None and row.row.has_reflection


async def test_leaving_a_typed_text_asks_first(workspace: Workspace, carnet_path: Path) -> None:
    before = carnet_path.read_text(encoding="utf-8")
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        await review_screen(pilot)
        await pilot.press("enter")
        await session_screen(pilot)
        await pilot.press("down", "enter")  # ressentis
        await pilot.pause()
        await pilot.press(*"Fatigué", "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # keep writing
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PersonalDialog) and dialog.text.strip() == "Fatigué"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SessionScreen)
    assert carnet_path.read_text(encoding="utf-8") == before


async def test_a_write_into_a_damaged_carnet_keeps_the_text_and_says_why(
    workspace: Workspace, carnet_path: Path
) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        await review_screen(pilot)
        await pilot.press("enter")
        await session_screen(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Une idée à garder")
        # Meanwhile someone breaks the file by hand.
        text = carnet_path.read_text(encoding="utf-8")
        carnet_path.write_text(text.replace("format = 1", "format = 7"), encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PersonalDialog)
        assert dialog.text.strip() == "Une idée à garder"
        problems = str(dialog.query_one("#personal-problems", Static).content)
        assert f"{carnet_path}:4: format 7 plus récent" in problems
        assert "Une idée" not in carnet_path.read_text(encoding="utf-8")
        # Repaired, the same text is saved.
        carnet_path.write_text(text, encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SessionScreen)
        assert session_of(carnet_path, "s05")["learnings"] == ["Une idée à garder"]


async def test_a_status_change_into_a_damaged_carnet_shows_the_problem(
    workspace: Workspace, carnet_path: Path
) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("2")
        await pilot.pause()
        carnet_path.write_text(carnet_path.read_text(encoding="utf-8") + "\n[[sessions\n", encoding="utf-8")
        await pilot.press("down", "enter", "down", "enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ProblemsDialog)
        assert str(dialog.problems[0]).startswith(f"{carnet_path}:")
        assert "Le carnet n’a pas été modifié" in str(dialog.query_one("#question").render())
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        # The screen still shows the carnet as it was.
        assert screen.review.path.open == 2


async def test_reloading_after_a_hand_edit(workspace: Workspace, carnet_path: Path) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        text = carnet_path.read_text(encoding="utf-8")
        carnet_path.write_text(
            text.replace('subject = "Recruter un profil rare"', 'subject = "Recruter une perle rare"'),
            encoding="utf-8",
        )
        await pilot.press("r")
        await pilot.pause()
        assert screen.review.rows[2].row.subject == "Recruter une perle rare"
        carnet_path.write_text("format = [", encoding="utf-8")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ProblemsDialog)
        await pilot.press("escape")
        await pilot.pause()
        # What was shown stays shown.
        assert len(screen.review.rows) == 5


async def test_several_groups_in_one_timeline(second_group: Workspace) -> None:
    async with carnet_app(second_group).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        timeline = screen.query_one(TimelineList)
        assert timeline.current is not None and timeline.current.key == SessionKey("Direction 2025", "d01")
        assert "Groupe" in str(screen.query_one("#timeline-head", Static).content)
        await pilot.press("enter")
        session = await session_screen(pilot)
        assert str(session.query_one("#session-group", Static).content) == "Direction 2025"


async def test_english(workspace: Workspace) -> None:
    set_lang("en")
    async with carnet_app(workspace, open_review(workspace)).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        assert "sessions: 5" in str(screen.query_one("#carnet-summary", Static).content)
        await pilot.press("enter", "enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PersonalDialog)
        assert "One item per line" in str(dialog.query_one("#hint").render())
        assert dialog.query_one(TextArea).has_focus


async def test_a_hit_in_the_plan_lands_on_its_commitment(workspace: Workspace) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("slash", *"boite")
        await pilot.pause()
        hits = screen.query_one(HitList)
        assert [(hit.key.session_id, hit.hit.field) for hit in hits.rows] == [("s02", "actions")]
        screen.query_one(HitList).focus()
        await pilot.press("enter")
        session = await session_screen(pilot)
        assert getattr(focused_block(session).block.target, "action_id", None) == "3"


async def test_the_palette_offers_the_screens_actions(workspace: Workspace) -> None:
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        names = [command.title for command in pilot.app.get_system_commands(screen)]
        assert {
            "Chercher dans le carnet",
            "Voir les engagements",
            "Relire le carnet depuis son fichier",
        } <= set(names)
        (show_path,) = [c for c in pilot.app.get_system_commands(screen) if c.title == "Voir le parcours"]
        await show_path.callback()  # type: ignore[misc]
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "path"


async def test_an_empty_carnet(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    store = LogbookStore.for_workspace(workspace)
    store.upsert_entry("Zoé", karim_sessions()[0])
    (ref,) = store.carnets_of("Zoé")
    ref.path.write_text('format = 1\nparticipant = "Zoé"\ngroup = "Managers"\n', encoding="utf-8")
    review = CarnetReview.load(store, [ref])
    async with carnet_app(workspace, review).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        assert screen.query_one(TimelineList).rows == []
        await pilot.press("enter", "2", "enter", "3")
        await pilot.pause()
        assert "Aucun pour l’instant" in str(screen.query_one("#path-picture", Static).content)
        assert isinstance(pilot.app.screen, CarnetScreen)


async def test_names_and_texts_are_never_markup(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    store = LogbookStore.for_workspace(workspace)
    hostile = "[/] [bold]Équipe[/bold] <script>"
    session = karim_sessions()[1].model_copy(
        update={"group": hostile, "subject": "[red]x[/", "learnings": ["[link=x]y[/link]"]}
    )
    store.upsert_entry("Karim Benali", session)
    async with carnet_app(workspace).run_test(size=SIZE) as pilot:
        screen = await review_screen(pilot)
        assert hostile in str(screen.query_one("#carnet-summary", Static).content)
        await pilot.press("enter")
        session_view = await session_screen(pilot)
        assert str(session_view.query_one("#session-group", Static).content) == hostile
        shown = "\n".join(str(block.content) for block in session_view.query(BlockView))
        assert "[red]x[/" in shown and "[link=x]y[/link]" in shown
