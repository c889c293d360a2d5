"""A commitment's objective, resources, deadline and indicator edited afterwards in
``codev carnet``: through the store (hand edits and status kept), in a small form that
refuses a date that is none and keeps what was typed; the commitments list shows them."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from carnet_ui_support import HAND_COMMENT, HAND_KEY, carnet_app, review_screen
from textual.widgets import Input, Label

from codev.core.logbook import LogbookError, LogbookStore
from codev.core.workspace import Workspace
from codev.ui.carnet.action_dialog import ActionDialog
from codev.ui.carnet.render import commitment_row
from codev.ui.carnet.review import ActionEdit, CarnetReview, SessionKey
from codev.ui.carnet.session_screen import SessionScreen
from codev.ui.carnet.widgets import CommitmentList
from codev.ui.dialogs.confirm import ConfirmDialog

S02 = SessionKey("Managers", "s02")


def actions_of(carnet: Path, session_id: str = "s02") -> list[dict[str, Any]]:
    sessions = tomllib.loads(carnet.read_text(encoding="utf-8"))["sessions"]
    found: list[dict[str, Any]] = next(s for s in sessions if s["id"] == session_id)["actions"]
    return found


def test_editing_an_action_writes_its_four_fields_and_keeps_its_status(
    review: CarnetReview, carnet_path: Path
) -> None:
    before = actions_of(carnet_path)[0]
    assert before["status"] == "done"
    edit = ActionEdit("Écrire les messages clés", "une heure avec Marie", dt.date(2025, 2, 12), "une page")
    saved = review.edit_action(S02, "1", edit)
    assert saved.stored and saved.written and not saved.problems
    text = carnet_path.read_text(encoding="utf-8")
    assert HAND_COMMENT in text and HAND_KEY in text
    after = actions_of(carnet_path)[0]
    assert (after["objective"], after["resources"], after["deadline"], after["indicator"]) == (
        "Écrire les messages clés",
        "une heure avec Marie",
        dt.date(2025, 2, 12),
        "une page",
    )
    assert after["status"] == "done" and after.get("status_changed") == before.get("status_changed")
    commitment = review.commitment(S02, "1")
    assert commitment is not None and commitment.action.resources == "une heure avec Marie"
    # Emptied: the deadline goes, the other fields too.
    assert review.edit_action(S02, "1", ActionEdit("Écrire les messages clés")).stored
    after = actions_of(carnet_path)[0]
    assert "deadline" not in after and after.get("resources", "") == "" and after.get("indicator", "") == ""
    assert review.edit_action(S02, "1", ActionEdit("Écrire les messages clés")).written is False


def test_an_action_needs_its_objective_and_an_unknown_one_is_a_problem(
    review: CarnetReview, carnet_path: Path, workspace: Workspace
) -> None:
    before = carnet_path.read_text(encoding="utf-8")
    empty = review.edit_action(S02, "1", ActionEdit("   ", "du temps"))
    assert not empty.stored and "objectif" in empty.problems[0].message
    unknown = review.edit_action(S02, "9", ActionEdit("Autre chose"))
    assert not unknown.stored and "aucune action « 9 »" in unknown.problems[0].message
    assert carnet_path.read_text(encoding="utf-8") == before
    store = LogbookStore.for_workspace(workspace)
    with pytest.raises(LogbookError) as raised:
        store.edit_action("Managers", "Karim Benali", "s02", "1", objective="")
    assert raised.value.problems
    assert carnet_path.read_text(encoding="utf-8") == before


def test_the_commitments_list_shows_the_deadline_and_the_indicator(review: CarnetReview) -> None:
    first = next(item for item in review.commitments if item.commitment.action.id == "1")
    row = commitment_row(first, False, 200).plain
    assert "échéance : 10 févr. 2025" in row and "indicateur : les messages tiennent sur une page" in row
    # A long indicator is shortened, so that the rest of the line stays in view.
    long = review.edit_action(S02, "1", ActionEdit("Écrire", indicator="mot " * 40))
    assert long.stored
    first = next(item for item in review.commitments if item.commitment.action.id == "1")
    row = commitment_row(first, False, 200).plain
    assert "…" in row and "pris le" in row


async def test_the_form_edits_an_action_from_the_commitments_list(
    workspace: Workspace, carnet_path: Path
) -> None:
    async with carnet_app(workspace).run_test(size=(80, 24)) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("e")  # the newest commitment first: n° 3, without details
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ActionDialog)
        frame = dialog.query_one("#dialog").content_region
        for name in ("objective", "resources", "deadline", "indicator", "error"):
            region = dialog.query_one(f"#action-{name}").region
            assert region.height > 0 and frame.contains_region(region), name
        assert dialog.query_one("#action-objective", Input).value == "Ouvrir une boîte à questions anonyme"
        assert dialog.focused is dialog.query_one("#action-objective", Input)
        await pilot.press("tab", *"la boîte de l'accueil", "tab", *"30/02/2025", "tab", *"dix questions")
        await pilot.press("enter")
        # No 30 February: the form stays, with a message and everything typed.
        assert pilot.app.screen is dialog
        assert "30/02/2025" in str(dialog.query_one("#action-error", Label).render())
        assert dialog.focused is dialog.query_one("#action-deadline", Input)
        assert dialog.query_one("#action-indicator", Input).value == "dix questions"
        assert "boîte de l'accueil" not in carnet_path.read_text(encoding="utf-8")
        dialog.query_one("#action-deadline", Input).value = "28/02/2025"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        third = actions_of(carnet_path)[2]
        assert (third["resources"], third["deadline"], third["indicator"], third["status"]) == (
            "la boîte de l'accueil",
            dt.date(2025, 2, 28),
            "dix questions",
            "open",
        )
        text = carnet_path.read_text(encoding="utf-8")
        assert HAND_COMMENT in text and HAND_KEY in text
        # The list shows it at once.
        current = screen.query_one(CommitmentList).current
        assert current is not None and current.commitment.action.indicator == "dix questions"
        # Enter still changes the status, as before.
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ActionDialog)


async def test_the_form_edits_an_action_from_the_session_in_full(
    workspace: Workspace, carnet_path: Path
) -> None:
    async with carnet_app(workspace).run_test(size=(100, 32)) as pilot:
        await review_screen(pilot)
        await pilot.press("down", "down", "down", "enter")  # s02, where Karim was client
        await pilot.pause()
        session = pilot.app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("e")  # the first commitment is focused
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#action-deadline", Input).value == "2025-02-10"
        objective = dialog.query_one("#action-objective", Input)
        objective.value = ""
        await pilot.press("enter")
        assert pilot.app.screen is dialog  # an action needs its objective
        assert str(dialog.query_one("#action-error", Label).render())
        objective.value = "Écrire les deux messages clés"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is session
        first = actions_of(carnet_path)[0]
        assert first["objective"] == "Écrire les deux messages clés" and first["status"] == "done"
        assert "Écrire les deux messages clés" in str(session.focused.render())  # type: ignore[union-attr]
        # Escape leaves it as it is, even after typing.
        await pilot.press("e")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#action-objective", Input).value = "autre chose"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)  # what was typed is not dropped unasked
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is session
        assert actions_of(carnet_path)[0]["objective"] == "Écrire les deux messages clés"
