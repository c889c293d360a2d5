"""What the review screen shows: timeline, commitments with follow-ups, the path, search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import Action, CommitmentStatus, FollowUp, FollowUpStatus, Logbook, SessionEntry
from codev.core.logbook.views import commitments, format_date, path_summary, search, timeline
from codev.core.protocol.model import Role

TZ = dt.UTC


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


def day(number: int) -> dt.datetime:
    return dt.datetime(2025, 1, number, 9, tzinfo=TZ)


def carnet() -> Logbook:
    first = SessionEntry(
        id="s1",
        date=day(1),
        group="G",
        number=1,
        role=Role.CLIENT,
        client="Marie",
        subject="Déléguer",
        actions=[
            Action(
                id="1", objective="Écrire la définition", status=CommitmentStatus.DONE, status_changed=day(8)
            ),
            Action(id="2", objective="Dire ce qui peut rester imparfait"),
        ],
        learnings=["Je reprends quand je n'ai rien dit"],
    )
    second = SessionEntry(
        id="s2",
        date=day(8),
        group="G",
        number=2,
        role=Role.CONSULTANT,
        client="Paul",
        subject="Un conflit",
        followups=[FollowUp(session="s1", action="1", status=FollowUpStatus.DONE, comment="fait avec Karim")],
    )
    third = SessionEntry(
        id="s3", date=day(15), group="G", number=3, role=Role.CLIENT, subject="Budget", feelings=["ok"]
    )
    # The file order is the writing order; views sort by date.
    return Logbook(participant="Marie", group="G", sessions=[second, third, first])


def test_timeline_is_chronological_with_open_commitments() -> None:
    rows = timeline(carnet())
    assert [(row.session_id, row.role, row.subject) for row in rows] == [
        ("s1", Role.CLIENT, "Déléguer"),
        ("s2", Role.CONSULTANT, "Un conflit"),
        ("s3", Role.CLIENT, "Budget"),
    ]
    assert [row.open_commitments for row in rows] == [1, 0, 0]
    assert [row.has_reflection for row in rows] == [True, False, True]


def test_commitments_carry_their_follow_ups() -> None:
    items = commitments(carnet())
    assert [(item.session_id, item.action.id) for item in items] == [("s1", "1"), ("s1", "2")]
    assert [(when, followup.comment) for when, followup in items[0].followups] == [
        (day(8), "fait avec Karim")
    ]
    assert items[1].followups == ()


def test_path_summary_counts_roles_and_commitments_kept_over_time() -> None:
    summary = path_summary(carnet())
    assert summary.sessions == 3
    assert summary.by_role == {Role.CLIENT: 2, Role.CONSULTANT: 1}
    assert (summary.commitments, summary.done, summary.dropped, summary.open) == (2, 1, 0, 1)
    assert [(point.made, point.kept) for point in summary.kept_over_time] == [(2, 0), (2, 1), (2, 1)]


def test_search_ignores_case_and_accents_and_needs_every_word() -> None:
    hits = search(carnet(), "DELEGUER")
    assert [(hit.session_id, hit.field) for hit in hits] == [("s1", "subject")]
    assert [hit.field for hit in search(carnet(), "karim fait")] == ["followups"]
    assert [hit.text for hit in search(carnet(), "imparfait")] == ["Dire ce qui peut rester imparfait"]
    assert search(carnet(), "   ") == []


def test_dates_in_both_languages() -> None:
    assert format_date(dt.date(2025, 8, 1)) == "August 1, 2025"
    assert format_date(dt.date(2025, 8, 1), lang="fr") == "1er août 2025"
