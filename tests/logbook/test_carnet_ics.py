"""``codev carnet export --format ics``: open commitments' deadlines and the group's next meeting."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from carnet_cli_support import run

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import Action, CommitmentStatus, Logbook, LogbookStore, SessionEntry
from codev.core.logbook.calendar_export import carnet_events, to_calendar
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
TODAY = dt.date(2026, 11, 10)


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    before = get_lang()
    set_lang("fr")
    yield
    set_lang(before)


def entry(session_id: str = "s1", group: str = "Managers", *actions: Action) -> SessionEntry:
    return SessionEntry(
        id=session_id,
        date=dt.datetime(2026, 11, 3, 9, 30, tzinfo=TZ),
        group=group,
        number=3,
        role=Role.CLIENT,
        client="Marie",
        subject="Déléguer",
        actions=list(actions),
    )


def actions() -> list[Action]:
    return [
        Action(
            id="1",
            objective="Écrire la définition\nde fini",
            resources="30 min avec Karim",
            deadline=dt.date(2026, 11, 30),
            indicator="Le reporting part seul",
        ),
        Action(id="2", objective="Sans échéance"),
        Action(id="3", objective="Tenu", deadline=dt.date(2026, 11, 20), status=CommitmentStatus.DONE),
        Action(
            id="4", objective="Abandonné", deadline=dt.date(2026, 11, 21), status=CommitmentStatus.DROPPED
        ),
        Action(id="5", objective="En retard", deadline=dt.date(2026, 11, 5)),
    ]


def marie(group: str = "Managers") -> Logbook:
    return Logbook(participant="Marie", group=group, sessions=[entry("s1", group, *actions())])


def test_open_commitments_with_a_deadline_become_all_day_events() -> None:
    events = carnet_events([marie()], {}, TODAY)
    # Done and dropped ones are no longer due; one without a deadline has no day; an overdue
    # one is still open, so still in the calendar.
    assert [(event.day, event.title) for event in events] == [
        (dt.date(2026, 11, 30), "Échéance : Écrire la définition de fini"),
        (dt.date(2026, 11, 5), "Échéance : En retard"),
    ]
    description = events[0].description
    assert "Ressources : 30 min avec Karim" in description
    assert "Indicateur : Le reporting part seul" in description
    assert "3 novembre 2026" in description and "Managers" in description


def test_the_groups_next_meeting_is_an_event_while_it_is_still_to_come() -> None:
    (meeting,) = [
        e for e in carnet_events([marie()], {"Managers": dt.date(2026, 12, 1)}, TODAY) if "Séance" in e.title
    ]
    assert (meeting.day, meeting.title) == (dt.date(2026, 12, 1), "Séance de codéveloppement — Managers")
    past = carnet_events([marie()], {"Managers": dt.date(2026, 11, 3)}, TODAY)
    assert not [e for e in past if "Séance" in e.title]


def test_uids_are_stable_and_distinct() -> None:
    first = carnet_events([marie(), marie("Second")], {"Managers": dt.date(2026, 12, 1)}, TODAY)
    again = carnet_events([marie(), marie("Second")], {"Managers": dt.date(2026, 12, 1)}, TODAY)
    assert [e.uid for e in first] == [e.uid for e in again]
    assert len({e.uid for e in first}) == len(first) == 5
    # Another person's commitment of the same session (same ids) is another event; the
    # group's meeting is the same event in every member's calendar.
    paul = Logbook(participant="Paul", group="Managers", sessions=[entry("s1", "Managers", *actions())])
    theirs = carnet_events([paul], {"Managers": dt.date(2026, 12, 1)}, TODAY)
    assert {e.uid for e in theirs} & {e.uid for e in first} == {e.uid for e in first if "Séance" in e.title}
    # A changed objective or deadline is the same commitment: the calendar updates it.
    moved = marie().sessions[0].actions[0].model_copy(update={"deadline": dt.date(2026, 12, 4)})
    changed = Logbook(participant="Marie", group="Managers", sessions=[entry("s1", "Managers", moved)])
    assert carnet_events([changed], {}, TODAY)[0].uid == first[0].uid


def test_the_calendar_file_reads_back() -> None:
    data = to_calendar([marie()], {"Managers": dt.date(2026, 12, 1)}, TODAY)
    calendar = icalendar.Calendar.from_ical(data)
    assert "Marie" in calendar["X-WR-CALNAME"].to_ical().decode()
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == [
        "Séance de codéveloppement — Managers",
        "Échéance : En retard",
        "Échéance : Écrire la définition de fini",
    ]


def test_english_titles() -> None:
    set_lang("en")
    events = carnet_events([marie()], {"Managers": dt.date(2026, 12, 1)}, TODAY)
    assert events[0].title == "Deadline: Écrire la définition de fini"
    assert events[-1].title == "Co-development session — Managers"


# ------------------------------------------------------------------ the command


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store = LogbookStore(tmp_path / "logbooks")
    soon = dt.date.today() + dt.timedelta(days=20)
    store.upsert_entry(
        "Marie", entry("s1", "Managers", Action(id="1", objective="Écrire à Karim", deadline=soon))
    )
    store.set_next_meeting("Managers", dt.date.today() + dt.timedelta(days=30))
    return tmp_path


def test_export_a_calendar_to_a_private_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = workspace / "marie.ics"
    assert run(workspace, "carnet", "export", "Marie", "-o", str(target)) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    days = sorted(event.decoded("DTSTART") for event in calendar.walk("VEVENT"))
    assert days == [dt.date.today() + dt.timedelta(days=20), dt.date.today() + dt.timedelta(days=30)]
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert str(target) in capsys.readouterr().err


def test_export_a_calendar_to_stdout(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(workspace, "carnet", "export", "Marie", "--format", "ics") == 0
    out = capsys.readouterr().out
    assert out.startswith("BEGIN:VCALENDAR") and "SUMMARY:Échéance : Écrire à Karim" in out


def test_a_damaged_group_file_leaves_the_meeting_out_and_says_so(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ref,) = LogbookStore(workspace / "logbooks").groups()
    group_file = ref.folder / "_group.toml"
    text = group_file.read_text(encoding="utf-8").replace("next_meeting = ", 'next_meeting = "bientôt"\n#')
    group_file.write_text(text, encoding="utf-8")
    line = text.splitlines().index('next_meeting = "bientôt"') + 1
    assert run(workspace, "carnet", "export", "Marie", "--format", "ics") == 0
    captured = capsys.readouterr()
    assert "SUMMARY:Échéance : Écrire à Karim" in captured.out and "Séance de" not in captured.out
    assert "la prochaine séance du groupe « Managers » n’est pas dans le calendrier" in captured.err
    assert f"{group_file}:{line}:" in captured.err and "Traceback" not in captured.err
