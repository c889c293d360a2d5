"""The logbook store: sessions saved into every carnet, hand edits kept, damaged files never
overwritten (the entry is kept aside, then taken back), follow-ups, rotation, permissions."""

from __future__ import annotations

import datetime as dt
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import (
    Action,
    CommitmentStatus,
    FollowUp,
    FollowUpStatus,
    LogbookError,
    LogbookStore,
    NotFound,
    Participant,
    SessionEntry,
    SessionRecord,
    Suggestion,
    WriteStatus,
    load_logbook,
)
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
GROUP = "Managers 2025"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


@pytest.fixture
def store(tmp_path: Path) -> LogbookStore:
    return LogbookStore(tmp_path / "logbooks", clock=lambda: dt.datetime(2025, 6, 1, 12, tzinfo=TZ))


def record(number: int, client: str = "Marie", **changes: object) -> SessionRecord:
    people = ["Marie", "Paul", "Élise"]
    values: dict[str, object] = {
        "id": f"s{number}",
        "date": dt.datetime(2025, 1, number, 9, tzinfo=TZ),
        "group": GROUP,
        "number": number,
        "protocol": "codev",
        "protocol_title": "Codéveloppement",
        "subject": f"Subject {number}",
        "participants": [
            Participant(name=name, role=Role.CLIENT if name == client else Role.CONSULTANT) for name in people
        ],
        "question": f"Question {number}?",
        "contract": "Help me to delegate",
        "suggestions": [Suggestion(author=name, text=f"idea of {name}") for name in people if name != client],
        "actions": [Action(id="1", objective=f"objective {number}", deadline=dt.date(2025, 2, 1))],
    }
    values.update(changes)
    return SessionRecord.model_validate(values)


def carnet(store: LogbookStore, name: str) -> Path:
    path = store.carnets_of(name)[0].path
    assert path.parent.parent == store.root
    return path


# ------------------------------------------------------------------ writing sessions


def test_a_session_lands_in_every_carnet_and_the_group_history(store: LogbookStore) -> None:
    saved = store.save_session(record(1))
    assert [outcome.status for outcome in saved.outcomes] == [WriteStatus.WRITTEN] * 4
    marie = store.load(GROUP, "Marie")
    (entry,) = marie.sessions
    assert (entry.role, entry.question, entry.contract) == (Role.CLIENT, "Question 1?", "Help me to delegate")
    assert [(s.author, s.text) for s in entry.suggestions_received] == [
        ("Paul", "idea of Paul"),
        ("Élise", "idea of Élise"),
    ]
    assert [a.objective for a in entry.actions] == ["objective 1"]
    group = store.load_group(GROUP)
    assert group.members == ["Marie", "Paul", "Élise"]
    assert [(line.id, line.client, line.subject, line.number) for line in group.sessions] == [
        ("s1", "Marie", "Subject 1", 1)
    ]


def test_a_consultant_keeps_the_subject_not_the_clients_account(store: LogbookStore) -> None:
    store.save_session(record(1))
    (entry,) = store.load(GROUP, "Paul").sessions
    assert (entry.role, entry.subject, entry.client) == (Role.CONSULTANT, "Subject 1", "Marie")
    assert entry.suggestions_given == ["idea of Paul"]
    assert (entry.question, entry.contract, entry.suggestions_received, entry.actions) == ("", "", [], [])
    text = carnet(store, "Paul").read_text(encoding="utf-8")
    assert "Question 1?" not in text and "idea of Élise" not in text


def test_the_client_may_share_their_account_but_never_their_commitments(store: LogbookStore) -> None:
    store.save_session(record(1, share_client_account=True))
    (entry,) = store.load(GROUP, "Paul").sessions
    assert entry.question == "Question 1?" and len(entry.suggestions_received) == 2
    assert entry.actions == []


def test_saving_again_is_an_idempotent_upsert(store: LogbookStore) -> None:
    store.save_session(record(1))
    before = {path: path.read_bytes() for path in store.root.rglob("*.toml")}
    again = store.save_session(record(1))
    assert {outcome.status for outcome in again.outcomes} == {WriteStatus.UNCHANGED}
    assert {path: path.read_bytes() for path in store.root.rglob("*.toml")} == before


def test_incremental_saves_update_the_same_entry(store: LogbookStore) -> None:
    people = [Participant(name="Marie", role=Role.CLIENT), Participant(name="Paul", role=Role.CONSULTANT)]
    store.save_session(record(1, participants=people))
    people[1] = Participant(name="Paul", role=Role.CONSULTANT, learnings=["listen first"])
    saved = store.save_session(record(1, participants=people))
    assert saved.carnets["Paul"].status is WriteStatus.WRITTEN
    assert saved.carnets["Marie"].status is WriteStatus.UNCHANGED
    (entry,) = store.load(GROUP, "Paul").sessions
    assert entry.learnings == ["listen first"]


def test_files_are_private(store: LogbookStore) -> None:
    store.save_session(record(1))
    for path in [store.root, *store.root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_no_temporary_file_is_left_behind(store: LogbookStore) -> None:
    for number in range(1, 4):
        store.save_session(record(number))
    assert not [path for path in store.root.rglob("*") if path.name.endswith(".tmp")]


def test_the_file_is_toml_with_time_zones_and_a_stable_key_order(store: LogbookStore) -> None:
    store.save_session(record(1))
    text = carnet(store, "Marie").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["format"] == 1 and data["participant"] == "Marie" and data["group"] == GROUP
    assert data["sessions"][0]["date"] == dt.datetime(2025, 1, 1, 9, tzinfo=TZ)
    assert "date = 2025-01-01T09:00:00+01:00" in text
    keys = [line.split(" = ")[0] for line in text.split("[[sessions]]")[1].splitlines() if " = " in line]
    assert keys[:9] == [
        "id",
        "date",
        "group",
        "number",
        "protocol",
        "protocol_title",
        "role",
        "client",
        "subject",
    ]
    # When codev wrote it (the store's clock), after what the entry says.
    assert keys[keys.index("progress") + 1] == "updated"
    assert "updated = 2025-06-01T12:00:00+01:00" in text


# ------------------------------------------------------------------ hand edits survive


HAND_EDITS = [
    ("format = 1", '# My carnet, my rules.\nformat = 1\nmood = "curious"  # a key of my own'),
    ('subject = "Subject 1"', 'subject = "Subject 1"  # the hardest one\nreread_on = 2025-03-01'),
    ('objective = "objective 1"', 'objective = "objective 1"\n# ask Paul for help\nbuddy = "Paul"'),
]


def _hand_edit(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    for old, new in HAND_EDITS:
        assert old in text
        text = text.replace(old, new)
    text += '\n# Notes that are not sessions.\n[my_notes]\nbooks = ["Payette & Champagne"]\n'
    path.write_text(text, encoding="utf-8")
    return text


def test_hand_edits_survive_every_kind_of_write(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    _hand_edit(path)
    store.save_session(record(2, client="Paul"))
    store.save_session(record(1, question="A better question?"))
    store.update_personal(GROUP, "Marie", "s1", learnings=["say no sooner"], feelings=["relieved"])
    store.set_commitment_status(GROUP, "Marie", "s1", "1", CommitmentStatus.DONE)
    text = path.read_text(encoding="utf-8")
    for _, new in HAND_EDITS:
        assert new in text
    assert "# Notes that are not sessions.\n[my_notes]" in text
    data = tomllib.loads(text)
    assert data["my_notes"] == {"books": ["Payette & Champagne"]}
    assert data["sessions"][0]["reread_on"] == dt.date(2025, 3, 1)
    assert data["sessions"][0]["actions"][0]["buddy"] == "Paul"
    marie = load_logbook(path)
    first = marie.entry("s1")
    assert first is not None
    assert (first.question, first.learnings, first.feelings) == (
        "A better question?",
        ["say no sooner"],
        ["relieved"],
    )
    assert first.actions[0].status is CommitmentStatus.DONE
    assert [entry.id for entry in marie.sessions] == ["s1", "s2"]


def test_a_merged_key_goes_where_codev_would_write_it(store: LogbookStore) -> None:
    people = [Participant(name="Marie", role=Role.OBSERVER)]
    store.save_session(record(1, participants=people))
    path = carnet(store, "Marie")
    path.write_text(path.read_text(encoding="utf-8").replace('role = "observer"', 'role = "observer" # me'))
    store.save_session(record(1, participants=[Participant(name="Marie", role=Role.OBSERVER, notes=["n"])]))
    text = path.read_text(encoding="utf-8")
    keys = [line.split(" = ")[0] for line in text.split("[[sessions]]")[1].splitlines() if " = " in line]
    assert keys.index("notes") == keys.index("progress") + 1
    assert 'role = "observer" # me' in text


def test_a_removed_field_is_removed_but_hand_keys_stay(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    path.write_text(
        path.read_text(encoding="utf-8").replace("[[sessions.actions]]", "[[sessions.actions]]\nmine = 1")
    )
    store.save_session(record(1, actions=[Action(id="2", objective="other")]))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [(a["id"], a.get("mine")) for a in data["sessions"][0]["actions"]] == [("2", None)]


def test_an_unusual_layout_is_edited_through_tomlkit(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    # Quoted table names: valid TOML that the fast scanner does not follow.
    text = path.read_text(encoding="utf-8").replace("[[sessions]]", '[["sessions"]]  # quoted')
    path.write_text(text, encoding="utf-8")
    store.save_session(record(2, client="Paul"))
    store.save_session(record(1, contract="Changed"))
    after = path.read_text(encoding="utf-8")
    assert '[["sessions"]]  # quoted' in after
    assert [(e.id, e.contract) for e in load_logbook(path).sessions] == [("s1", "Changed"), ("s2", "")]


# ------------------------------------------------------------------ damaged files


DAMAGES = {
    "syntax": lambda text: text.replace('subject = "Subject 1"', 'subject = "Subject 1'),
    "newer format": lambda text: text.replace("format = 1", "format = 2"),
    "no format": lambda text: text.replace("format = 1\n", ""),
    "wrong type": lambda text: text.replace("number = 1", 'number = "one"'),
    "binary": lambda text: text + "\x00",
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_carnet_is_never_overwritten_and_the_entry_is_kept_aside(
    store: LogbookStore, damage: str
) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    damaged = DAMAGES[damage](path.read_text(encoding="utf-8"))
    path.write_text(damaged, encoding="utf-8")

    saved = store.save_session(record(2, client="Paul"))

    assert path.read_text(encoding="utf-8") == damaged
    outcome = saved.carnets["Marie"]
    assert outcome.status is WriteStatus.KEPT_ASIDE and outcome.saved
    assert outcome.kept_aside is not None and outcome.kept_aside.parent == path.parent
    assert outcome.problems and all(problem.file == str(path) for problem in outcome.problems)
    kept = load_logbook(outcome.kept_aside)
    assert (kept.participant, [entry.id for entry in kept.sessions]) == ("Marie", ["s2"])
    # The others are not held back by one damaged carnet.
    assert saved.carnets["Paul"].status is WriteStatus.WRITTEN


def test_the_error_names_the_file_and_the_line(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    lines = path.read_text(encoding="utf-8").splitlines()
    broken_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("number ="))
    path.write_text(DAMAGES["wrong type"]("\n".join(lines) + "\n"), encoding="utf-8")
    with pytest.raises(LogbookError) as caught:
        load_logbook(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(path), broken_line)
    assert str(problem).startswith(f"{path}:{broken_line}: ")


def test_a_newer_format_gets_one_clear_message_in_french(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    path.write_text(DAMAGES["newer format"](path.read_text(encoding="utf-8")), encoding="utf-8")
    set_lang("fr")
    with pytest.raises(LogbookError) as caught:
        load_logbook(path)
    (problem,) = caught.value.problems
    assert problem.line == 4
    assert "format 2 plus récent" in problem.message


def test_kept_aside_entries_come_back_once_the_carnet_is_repaired(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("format = 1", "format = 9"), encoding="utf-8")
    first = store.save_session(record(2, client="Paul")).carnets["Marie"]
    second = store.save_session(record(3, client="Paul")).carnets["Marie"]
    pending = first.kept_aside
    assert pending is not None and second.kept_aside == pending
    assert [e.id for e in load_logbook(pending).sessions] == ["s2", "s3"]

    path.write_text(good, encoding="utf-8")  # the participant repairs the file
    repaired = store.save_session(record(4, client="Paul")).carnets["Marie"]

    assert repaired.status is WriteStatus.WRITTEN and repaired.recovered == 2
    assert [e.id for e in store.load(GROUP, "Marie").sessions] == ["s1", "s2", "s3", "s4"]
    assert not pending.exists()


def test_updating_a_damaged_carnet_raises_and_changes_nothing(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store, "Marie")
    damaged = DAMAGES["syntax"](path.read_text(encoding="utf-8"))
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(LogbookError):
        store.update_personal(GROUP, "Marie", "s1", learnings=["x"])
    assert path.read_text(encoding="utf-8") == damaged


def test_a_write_that_fails_is_reported_not_raised(
    store: LogbookStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_session(record(1))

    def full_disk(path: Path, text: str, **options: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("codev.core.logbook.store.atomic_write", full_disk)
    saved = store.save_session(record(2, client="Paul"))
    outcome = saved.carnets["Marie"]
    assert outcome.status is WriteStatus.FAILED and not outcome.saved
    assert any("No space left on device" in problem.message for problem in outcome.problems)


def test_unknown_group_participant_session_and_action(store: LogbookStore) -> None:
    store.save_session(record(1))
    with pytest.raises(NotFound):
        store.load("Nobody's group", "Marie")
    with pytest.raises(NotFound):
        store.load(GROUP, "Nobody")
    with pytest.raises(LogbookError, match="no session 's9'"):
        store.update_personal(GROUP, "Marie", "s9", learnings=["x"])
    with pytest.raises(LogbookError, match="no action '7'"):
        store.set_commitment_status(GROUP, "Marie", "s1", "7", CommitmentStatus.DONE)


# ------------------------------------------------------------------ follow-up and rotation


def test_follow_ups_close_commitments_and_land_in_the_carnet(store: LogbookStore) -> None:
    store.save_session(record(1))
    report = store.open_commitments(GROUP)
    assert [(item.participant, item.session_id, item.action.id) for item in report.items] == [
        ("Marie", "s1", "1")
    ]
    told = FollowUp(
        session="s1", action="1", objective="objective 1", status=FollowUpStatus.DONE, comment="it worked"
    )
    people = [
        Participant(name="Marie", role=Role.CONSULTANT, followups=[told]),
        Participant(name="Paul", role=Role.CLIENT),
    ]
    store.save_session(record(2, client="Paul", participants=people))
    marie = store.load(GROUP, "Marie")
    first, second = marie.sessions
    assert second.followups == [told]
    assert first.actions[0].status is CommitmentStatus.DONE
    assert first.actions[0].status_changed == second.date
    assert [item.participant for item in store.open_commitments(GROUP).items] == ["Paul"]


def test_saving_again_does_not_undo_a_status_changed_by_hand(store: LogbookStore) -> None:
    store.save_session(record(1))
    told = FollowUp(session="s1", action="1", status=FollowUpStatus.DONE)
    people = [Participant(name="Marie", role=Role.CONSULTANT, followups=[told])]
    store.save_session(record(2, client="Paul", participants=people))
    store.set_commitment_status(GROUP, "Marie", "s1", "1", CommitmentStatus.OPEN)
    store.save_session(record(2, client="Paul", participants=people))
    assert store.load(GROUP, "Marie").sessions[0].actions[0].status is CommitmentStatus.OPEN


def test_record_followups_afterwards(store: LogbookStore) -> None:
    store.save_session(record(1))
    store.save_session(record(2, client="Paul"))
    partly = FollowUp(session="s1", action="1", status=FollowUpStatus.PARTLY, comment="half")
    store.record_followups(GROUP, "Marie", "s2", [partly])
    dropped = partly.model_copy(update={"status": FollowUpStatus.DROPPED, "comment": "no longer relevant"})
    store.record_followups(GROUP, "Marie", "s2", [dropped])
    first, second = store.load(GROUP, "Marie").sessions
    assert second.followups == [dropped]
    assert first.actions[0].status is CommitmentStatus.DROPPED


def test_commitment_status_changes_are_dated(store: LogbookStore) -> None:
    store.save_session(record(1))
    outcome = store.set_commitment_status(GROUP, "Marie", "s1", "1", CommitmentStatus.DONE)
    assert outcome.status is WriteStatus.WRITTEN
    action = store.load(GROUP, "Marie").sessions[0].actions[0]
    assert action.status_changed == dt.datetime(2025, 6, 1, 12, tzinfo=TZ)
    same = store.set_commitment_status(GROUP, "Marie", "s1", "1", CommitmentStatus.DONE)
    assert same.status is WriteStatus.UNCHANGED


def test_rotation_proposes_who_has_not_been_client_then_the_longest_ago(store: LogbookStore) -> None:
    assert store.suggest_next_clients("New group", present=["Ana"]) == ["Ana"]
    assert store.next_session_number(GROUP) == 1
    store.save_session(record(1, client="Paul"))
    assert store.suggest_next_clients(GROUP) == ["Marie", "Élise", "Paul"]
    store.save_session(record(2, client="Élise"))
    store.save_session(record(3, client="Marie"))
    assert store.suggest_next_clients(GROUP) == ["Paul", "Élise", "Marie"]
    assert store.suggest_next_clients(GROUP, present=["Marie", "Élise", "Zoé"]) == ["Zoé", "Élise", "Marie"]
    assert store.next_session_number(GROUP) == 4


def test_upsert_entry_alone_makes_a_member(store: LogbookStore) -> None:
    entry = SessionEntry(id="s1", date=dt.datetime(2025, 1, 1, 9, tzinfo=TZ), group=GROUP, role=Role.OBSERVER)
    outcome = store.upsert_entry("Zoé", entry)
    assert outcome.status is WriteStatus.WRITTEN
    assert store.load_group(GROUP).members == ["Zoé"]
    assert store.upsert_entry("Zoé", entry).status is WriteStatus.UNCHANGED


def test_carnets_across_groups_and_forgiving_lookup(store: LogbookStore) -> None:
    store.save_session(record(1))
    store.save_session(record(1, group="Second group"))
    assert [(ref.participant, ref.group) for ref in store.carnets_of("Élise")] == [
        ("Élise", GROUP),
        ("Élise", "Second group"),
    ]
    assert [ref.name for ref in store.groups()] == [GROUP, "Second group"]
    assert store.match_participants("elise") == ["Élise"]
    assert store.match_participants("ÉLISE") == ["Élise"]
    assert store.match_participants("Pa") == ["Paul"]
    assert store.match_participants("") == ["Élise", "Marie", "Paul"]
    assert store.match_participants("Nobody") == []


def test_a_fresh_store_sees_what_another_wrote(store: LogbookStore) -> None:
    store.save_session(record(1))
    other = LogbookStore(store.root)
    other.update_personal(GROUP, "Marie", "s1", progress=["step by step"])
    # The first store's memory of the file is stale: it must read it again, not overwrite it.
    store.save_session(record(2, client="Paul"))
    marie = store.load(GROUP, "Marie")
    assert marie.sessions[0].progress == ["step by step"] and len(marie.sessions) == 2
