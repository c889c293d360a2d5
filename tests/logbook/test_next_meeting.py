"""The group's next meeting: typed at the end of a session, kept in the group file (``next_meeting``)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import LogbookError, LogbookStore, Participant, SessionRecord, WriteStatus
from codev.core.next_meeting import NextMeetingError, NextMeetingPlan, parse_next_meeting
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
GROUP = "Managers 2025"
TODAY = dt.date(2026, 11, 10)


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    before = get_lang()
    set_lang("fr")
    yield
    set_lang(before)


@pytest.fixture
def store(tmp_path: Path) -> LogbookStore:
    store = LogbookStore(tmp_path / "logbooks", clock=lambda: dt.datetime(2026, 11, 10, 12, tzinfo=TZ))
    store.save_session(
        SessionRecord(
            id="s1",
            date=dt.datetime(2026, 11, 10, 9, tzinfo=TZ),
            group=GROUP,
            number=1,
            participants=[
                Participant(name="Marie", role=Role.CLIENT),
                Participant(name="Paul", role=Role.CONSULTANT),
            ],
        )
    )
    return store


def group_path(store: LogbookStore) -> Path:
    (ref,) = store.groups()
    return ref.folder / "_group.toml"


# ------------------------------------------------------------------ what is typed


@pytest.mark.parametrize("typed", ["2026-12-01", "01/12/2026", " 1/12/2026 "])
def test_a_date_typed_as_the_action_dialog_takes_it(typed: str) -> None:
    assert parse_next_meeting(typed, TODAY) == dt.date(2026, 12, 1)


def test_nothing_typed_is_no_date() -> None:
    assert parse_next_meeting("  ", TODAY) is None


def test_today_is_accepted_a_day_in_the_past_is_refused_with_the_date() -> None:
    assert parse_next_meeting("2026-11-10", TODAY) == TODAY
    with pytest.raises(NextMeetingError) as refused:
        parse_next_meeting("2026-11-09", TODAY)
    assert "passé" in refused.value.message and "9 novembre 2026" in refused.value.message


def test_no_date_is_refused_with_what_was_typed() -> None:
    with pytest.raises(NextMeetingError) as refused:
        parse_next_meeting("mardi prochain", TODAY)
    assert "« mardi prochain » n’est pas une date" in refused.value.message


# ------------------------------------------------------------------ the group file


def test_the_date_is_kept_in_the_group_file_and_read_back(store: LogbookStore) -> None:
    outcome = store.set_next_meeting(GROUP, dt.date(2026, 12, 1))
    assert outcome.status is WriteStatus.WRITTEN
    assert store.load_group(GROUP).next_meeting == dt.date(2026, 12, 1)
    data = tomllib.loads(group_path(store).read_text(encoding="utf-8"))
    assert data["next_meeting"] == dt.date(2026, 12, 1)
    # Nothing else changed: members and history as they were.
    assert data["members"] == ["Marie", "Paul"] and [s["id"] for s in data["sessions"]] == ["s1"]
    assert store.set_next_meeting(GROUP, dt.date(2026, 12, 1)).status is WriteStatus.UNCHANGED


def test_a_group_file_without_the_key_reads_as_no_meeting_planned(store: LogbookStore) -> None:
    assert store.load_group(GROUP).next_meeting is None
    assert "next_meeting" not in group_path(store).read_text(encoding="utf-8")


def test_hand_edits_and_comments_stay(store: LogbookStore) -> None:
    path = group_path(store)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'name = "Managers 2025"\n',
        'name = "Managers 2025"  # depuis 2025\nroom = "salle B"\nnext_meeting = 2026-11-24  # à confirmer\n',
    )
    path.write_text(text, encoding="utf-8")
    assert store.set_next_meeting(GROUP, dt.date(2026, 12, 1)).status is WriteStatus.WRITTEN
    after = path.read_text(encoding="utf-8")
    assert after == text.replace("next_meeting = 2026-11-24", "next_meeting = 2026-12-01")
    # The next session's write keeps the date.
    store.save_session(
        SessionRecord(
            id="s2",
            date=dt.datetime(2026, 12, 1, 9, tzinfo=TZ),
            group=GROUP,
            participants=[
                Participant(name="Marie", role=Role.CONSULTANT),
                Participant(name="Zoé", role=Role.CLIENT),
            ],
        )
    )
    final = path.read_text(encoding="utf-8")
    assert "next_meeting = 2026-12-01  # à confirmer" in final and 'room = "salle B"' in final
    assert store.load_group(GROUP).members == ["Marie", "Paul", "Zoé"]


def test_a_damaged_group_file_is_never_overwritten(store: LogbookStore) -> None:
    path = group_path(store)
    path.write_text(path.read_text(encoding="utf-8") + "oops = \n", encoding="utf-8")
    before = path.read_bytes()
    outcome = store.set_next_meeting(GROUP, dt.date(2026, 12, 1))
    assert outcome.status is WriteStatus.FAILED
    (problem,) = outcome.problems
    assert str(path) in str(problem) and ":" in str(problem)
    assert path.read_bytes() == before


def test_a_wrong_value_written_by_hand_is_named_with_its_line(store: LogbookStore) -> None:
    path = group_path(store)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("members = [", 'next_meeting = "bientôt"\nmembers = ['), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index('next_meeting = "bientôt"') + 1
    plan = NextMeetingPlan(store, GROUP, TODAY)
    with pytest.raises(LogbookError) as error:
        store.load_group(GROUP)
    assert f"{path}:{line}:" in str(error.value) and "next_meeting" in str(error.value)
    # In the user's language, not pydantic's English.
    assert "YYYY-MM-DD" in str(error.value) or "AAAA-MM-JJ" in str(error.value), str(error.value)
    # The end of a session still opens: the date is then only not known in advance.
    assert plan.current() is None


def test_the_plan_proposes_only_a_date_still_ahead(store: LogbookStore) -> None:
    plan = NextMeetingPlan(store, GROUP, TODAY)
    assert plan.current() is None
    store.set_next_meeting(GROUP, dt.date(2026, 11, 3))
    assert plan.current() is None
    store.set_next_meeting(GROUP, dt.date(2026, 12, 1))
    assert plan.current() == dt.date(2026, 12, 1)
    assert plan.save(dt.date(2026, 12, 15)) is None
    assert store.load_group(GROUP).next_meeting == dt.date(2026, 12, 15)


def test_the_plan_says_why_a_date_could_not_be_kept(store: LogbookStore) -> None:
    path = group_path(store)
    path.write_text("format = 1\nname = \n", encoding="utf-8")
    problem = NextMeetingPlan(store, GROUP, TODAY).save(dt.date(2026, 12, 1))
    assert problem is not None and str(path) in problem


def test_no_group_can_take_the_reports_folder_and_a_group_named_reports_keeps_its_own(tmp_path: Path) -> None:
    from codev.core.logbook.paths import group_dir
    from codev.core.report.files import REPORTS_FOLDER

    root = tmp_path / "logbooks"
    (root / REPORTS_FOLDER).mkdir(parents=True)
    for name in ("_reports", "Reports", "reports", "_Reports"):
        chosen = group_dir(root, name, create=True)
        assert chosen is not None and chosen.name != REPORTS_FOLDER, (name, chosen)
    # A group called "Reports" (before reports existed, or after) has the usual folder.
    assert group_dir(root, "Reports", create=True) == root / "reports"
