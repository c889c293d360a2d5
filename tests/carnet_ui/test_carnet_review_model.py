"""The review's model and texts, without the interface: merged carnets, changes on disk, search."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from carnet_ui_support import HAND_COMMENT, HAND_KEY, KARIM, entry, open_review

from codev.core.logbook import CommitmentStatus, LogbookStore
from codev.core.protocol.model import Role
from codev.core.workspace import Workspace
from codev.ui.carnet.personal_dialog import by_paragraph, draft_to_texts, texts_to_draft
from codev.ui.carnet.render import (
    hit_columns,
    hit_row,
    match_spans,
    path_picture,
    session_blocks,
    session_text,
    short_date,
    summary_line,
    timeline_columns,
    timeline_header,
    timeline_row,
)
from codev.ui.carnet.review import CarnetReview, PersonalField, SessionKey

S02 = SessionKey("Managers", "s02")


def test_timeline_in_date_order_with_marks(review: CarnetReview) -> None:
    assert [row.key.session_id for row in review.rows] == ["s01", "s02", "s03", "s04", "s05"]
    columns = timeline_columns(review.rows, review.several_groups)
    assert columns.group == 0
    lines = [timeline_row(row, columns, 100).plain for row in review.rows]
    # s02: two commitments still open (one was done at s03); s03 and s05: nothing reflected yet.
    assert lines[1].startswith(" ● 28 janv. 2025   2  client")
    assert lines[2].startswith("✎  11 févr. 2025")
    assert "Recruter un profil rare — Paul Martin" in lines[2]
    assert timeline_header(columns).plain.split() == ["Date", "N°", "Rôle", "Sujet"]


def test_several_groups_are_one_timeline_with_the_group_on_each_row(second_group: Workspace) -> None:
    review = open_review(second_group)
    assert review.several_groups and review.groups == ["Direction 2025", "Managers"]
    assert [row.key for row in review.rows][-1] == SessionKey("Direction 2025", "d01")
    columns = timeline_columns(review.rows, True)
    assert "Direction 2025" in timeline_row(review.rows[-1], columns, 120).plain
    assert review.path.sessions == 6 and review.path.by_role[Role.CLIENT] == 2
    assert [item.key.group for item in review.commitments] == ["Managers"] * 3 + ["Direction 2025"]
    assert summary_line(review) == "groupes : 2 · séances : 6 · engagements tenus : 1/4"
    assert open_review(second_group, "Managers").groups == ["Managers"]


def test_changing_a_status_writes_the_file_and_keeps_hand_edits(
    review: CarnetReview, carnet_path: Path
) -> None:
    saved = review.set_commitment_status(S02, "3", CommitmentStatus.DROPPED)
    assert saved.stored and saved.written and not saved.problems
    text = carnet_path.read_text(encoding="utf-8")
    assert HAND_COMMENT in text and HAND_KEY in text
    (session,) = [s for s in tomllib.loads(text)["sessions"] if s["id"] == "s02"]
    assert [action["status"] for action in session["actions"]] == ["done", "open", "dropped"]
    # The review shows the file as it is now.
    assert review.commitment(S02, "3").action.status is CommitmentStatus.DROPPED  # type: ignore[union-attr]
    assert review.path.dropped == 1
    again = review.set_commitment_status(S02, "3", CommitmentStatus.DROPPED)
    assert again.stored and not again.written


def test_completing_a_personal_field(review: CarnetReview, carnet_path: Path) -> None:
    key = SessionKey("Managers", "s05")
    learnings = ["Les faits d'abord.", "Puis les ressentis."]
    saved = review.update_personal(key, PersonalField.LEARNINGS, learnings)
    assert saved.stored and saved.written
    (session,) = [s for s in tomllib.loads(carnet_path.read_text("utf-8"))["sessions"] if s["id"] == "s05"]
    assert session["learnings"] == learnings
    assert review.rows[-1].row.has_reflection


def test_a_damaged_carnet_refuses_the_change_and_names_file_and_line(
    review: CarnetReview, carnet_path: Path
) -> None:
    text = carnet_path.read_text(encoding="utf-8")
    carnet_path.write_text(text.replace('role = "consultant"', 'role = "consultant', 1), encoding="utf-8")
    saved = review.update_personal(SessionKey("Managers", "s05"), PersonalField.FEELINGS, ["Content."])
    assert not saved.stored and saved.problems
    assert saved.problems[0].file == str(carnet_path) and saved.problems[0].line == 15
    # Nothing was written, and the review still shows what it showed.
    assert "Content." not in carnet_path.read_text(encoding="utf-8")
    assert len(review.rows) == 5
    assert review.reload()[0].line == 15


def test_a_carnet_gone_or_an_unknown_action_is_a_problem_not_a_crash(
    review: CarnetReview, carnet_path: Path
) -> None:
    unknown = review.set_commitment_status(S02, "9", CommitmentStatus.DONE)
    assert not unknown.stored and "aucune action « 9 »" in unknown.problems[0].message
    carnet_path.unlink()
    gone = review.set_commitment_status(S02, "2", CommitmentStatus.DONE)
    assert not gone.stored and gone.problems


def test_search_ignores_case_and_accents_and_highlights(review: CarnetReview) -> None:
    hits = review.search("ECOUTER reponse")
    assert [(hit.key.session_id, hit.hit.field) for hit in hits] == [("s01", "learnings")]
    line = hit_row(hits[0], "ECOUTER reponse", hit_columns(hits, False), 100)
    assert line.plain.startswith("14 janv. 2025  Enseignements  Écouter sans préparer ma réponse.")
    highlighted = [line.plain[span.start : span.end] for span in line.spans if span.style == "reverse"]
    assert highlighted == ["Écouter", "réponse"]
    assert review.search("   ") == []


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("Déléguer, œuvrer", "deleguer", ["Déléguer"]),
        ("Straße", "strasse", ["Straße"]),
        ("a b a", "a", ["a", "a"]),
    ],
)
def test_match_spans_follow_the_original_text(text: str, query: str, found: list[str]) -> None:
    assert [text[start:end] for start, end in match_spans(text, query)] == found


def test_a_session_in_full_marks_what_can_be_edited(review: CarnetReview) -> None:
    blocks = session_blocks(review, S02)
    targets = [block.target for block in blocks if block.target is not None]
    assert [getattr(target, "action_id", target) for target in targets] == [
        "1",
        "2",
        "3",
        PersonalField.LEARNINGS,
        PersonalField.FEELINGS,
        PersonalField.PROGRESS,
        PersonalField.NOTES,
    ]
    text = session_text(review, S02).plain
    assert text.startswith("Séance 2 — 28 janvier 2025")
    assert "↳ suivi : fait (11 février 2025) — relus avec Marie, très utile" in text
    assert "Paul Martin — Prévoir un temps de questions anonymes." in text
    # A consultant's session keeps the client's name and what they gave.
    assert "Client : Marie Dupont" in session_text(review, SessionKey("Managers", "s01")).plain


def test_the_path_picture(review: CarnetReview) -> None:
    picture = path_picture(review, 70).plain
    assert "Séances : 5" in picture and "Engagements : 3" in picture
    assert "tenus : 1, abandonnés : 0, en cours : 2" in picture
    lines = picture.splitlines()
    strip = next(line for line in lines if "◆" in line and "○" in line and "client" not in line)
    assert strip.split() == ["○", "◆", "○", "·", "○"]
    assert "14 janv. 2025" in picture and "11 mars 2025" in picture


def test_the_path_of_a_long_carnet_groups_sessions(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    for number in range(1, 201):
        role = Role.CLIENT if number % 8 == 0 else Role.CONSULTANT
        store.upsert_entry(KARIM, entry(number, number * 7, role, KARIM, f"Sujet {number}"))
    review = CarnetReview.load(store, store.carnets_of(KARIM))
    picture = path_picture(review, 60).plain
    assert "(une marque pour 5 séances, de la première à la dernière)" in picture


def test_short_dates() -> None:
    assert short_date(dt.date(2025, 9, 14)) == "14 sept. 2025"


@pytest.mark.parametrize(
    ("texts", "draft"),
    [
        (["Un.", "Deux."], "Un.\nDeux."),
        (["Un\nsur deux lignes.", "Deux."], "Un\nsur deux lignes.\n\nDeux."),
        ([], ""),
    ],
)
def test_personal_texts_round_trip_through_the_editor(texts: list[str], draft: str) -> None:
    assert texts_to_draft(texts) == draft
    assert draft_to_texts(draft + "\n\n  \n", by_paragraph(texts)) == texts


def test_a_review_needs_a_carnet() -> None:
    with pytest.raises(ValueError):
        CarnetReview(LogbookStore(Path("/nonexistent")), [])


def test_the_kept_curve_ends_with_commitments_kept_since_the_last_session(review: CarnetReview) -> None:
    assert review.set_commitment_status(S02, "3", CommitmentStatus.DONE).stored
    lines = path_picture(review, 70).plain.splitlines()
    (kept,) = [line for line in lines if line.split()[:1] == ["tenus"] and ":" not in line]  # the curve
    assert kept.split()[-1] == "2"
