"""The changes a participant makes from the review: a commitment's status or its fields, a personal field.

The same flows serve the list of commitments, the session in full and the timeline: ask
with a dialog, write through the review (the store), then say what happened — the file
written, or why nothing was (with the file and the line), the typed text kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from textual.screen import Screen

from codev.core.i18n import t
from codev.core.logbook import CommitmentStatus
from codev.core.problems import Problem
from codev.ui.carnet.action_dialog import ActionDialog
from codev.ui.carnet.personal_dialog import PersonalDialog, PersonalEdit
from codev.ui.carnet.problems_dialog import ProblemsDialog
from codev.ui.carnet.render import STATUS_GLYPHS, field_label, session_title, status_label
from codev.ui.carnet.review import ActionEdit, CarnetReview, PersonalField, Saved, SessionKey
from codev.ui.carnet.status_dialog import StatusDialog


def shown_path(review: CarnetReview, path: Path | None) -> str:
    """A file named relative to the workspace: short enough to read at a glance."""
    if path is None:
        return ""
    workspace = review.store.root.parent
    return str(path.relative_to(workspace)) if path.is_relative_to(workspace) else str(path)


def report(screen: Screen[Any], review: CarnetReview, saved: Saved) -> bool:
    """Say what became of a change; False (and the problems shown) when it was not stored."""
    if not saved.stored:
        screen.app.push_screen(ProblemsDialog(t("carnet.review.problems.title"), saved.problems))
        return False
    if saved.problems:
        lines = [t("carnet.review.read_back_problems"), *(str(problem) for problem in saved.problems)]
        screen.notify("\n".join(lines), severity="warning", timeout=15)
    elif saved.written:
        screen.notify(t("carnet.review.saved", file=shown_path(review, saved.path)))
    else:
        screen.notify(t("carnet.review.unchanged"))
    return True


def change_status(
    screen: Screen[Any], review: CarnetReview, key: SessionKey, action_id: str, done: Callable[[], None]
) -> None:
    """Ask where a commitment stands and write it; ``done`` runs once the carnet changed."""
    commitment = review.commitment(key, action_id)
    if commitment is None:
        return
    action = commitment.action

    def chosen(status: CommitmentStatus | None) -> None:
        if status is None or status is action.status:
            return
        if report(screen, review, review.set_commitment_status(key, action_id, status)):
            done()

    screen.app.push_screen(StatusDialog(action.objective, action.status), chosen)


def edit_action(
    screen: Screen[Any],
    review: CarnetReview,
    key: SessionKey,
    action_id: str,
    done: Callable[[], None],
    *,
    typed: ActionEdit | None = None,
    problems: Sequence[Problem] = (),
) -> None:
    """Rewrite a commitment's objective, resources, deadline and indicator; a failed write
    offers what was typed again, with the reason."""
    commitment = review.commitment(key, action_id)
    entry = review.entry(key)
    if commitment is None or entry is None:
        return
    action = commitment.action
    current = ActionEdit(action.objective, action.resources, action.deadline, action.indicator)
    title = t("carnet.review.action.title", session=session_title(entry))
    status = f"{STATUS_GLYPHS[action.status]} {status_label(action.status)}"

    def written(edit: ActionEdit | None) -> None:
        if edit is None:
            return
        saved = review.edit_action(key, action_id, edit)
        if not saved.stored:
            # Nothing is lost: the form comes back with what was typed and the reason.
            edit_action(screen, review, key, action_id, done, typed=edit, problems=saved.problems)
            return
        report(screen, review, saved)
        done()

    dialog = ActionDialog(
        title, current, status=t("carnet.review.action.status", status=status), typed=typed, problems=problems
    )
    screen.app.push_screen(dialog, written)


def complete_field(
    screen: Screen[Any],
    review: CarnetReview,
    key: SessionKey,
    field: PersonalField,
    done: Callable[[], None],
    *,
    typed: PersonalEdit | None = None,
    problems: Sequence[Problem] = (),
) -> None:
    """Edit a personal field of a session and write it; a failed write offers the text again."""
    entry = review.entry(key)
    if entry is None:
        return
    title = t("carnet.review.personal.title", field=field_label(field.value), session=session_title(entry))
    texts: list[str] = getattr(entry, field.value)
    draft = typed.draft if typed is not None else None

    def written(edit: PersonalEdit | None) -> None:
        if edit is None:
            return
        saved = review.update_personal(key, field, edit.texts)
        if not saved.stored:
            # Nothing is lost: the dialog comes back with the text and the reason.
            complete_field(screen, review, key, field, done, typed=edit, problems=saved.problems)
            return
        report(screen, review, saved)
        done()

    screen.app.push_screen(PersonalDialog(title, texts, draft=draft, problems=problems), written)
