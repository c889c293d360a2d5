"""Entries kept aside while a carnet or a group file is damaged: where they go, that they come
back entry by entry as soon as the file reads again, that an older copy never replaces a newer
one, and that every outcome says where the entry is."""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

import codev.core.logbook.store as store_module
from codev.core.clock import FakeClock
from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import (
    LogbookError,
    LogbookStore,
    Participant,
    SessionEntry,
    SessionRecord,
    WriteOutcome,
    WriteStatus,
    load_group_file,
    load_logbook,
)
from codev.core.logbook.paths import GROUP_FILE, PENDING_SUFFIX, group_pending_path, pending_path
from codev.core.logbook.toml_render import render_table
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
GROUP = "Managers 2025"
PEOPLE = ("Marie", "Paul")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2025, 6, 1, 12, tzinfo=TZ).timestamp())


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> LogbookStore:
    return LogbookStore(tmp_path / "logbooks", clock=lambda: dt.datetime.fromtimestamp(clock.now(), TZ))


def record(number: int, learnings: tuple[str, ...] = ()) -> SessionRecord:
    return SessionRecord(
        id=f"s{number}",
        date=dt.datetime(2025, 1, number, 9, tzinfo=TZ),
        group=GROUP,
        number=number,
        subject=f"Subject {number}",
        participants=[
            Participant(name="Marie", role=Role.CLIENT, learnings=list(learnings)),
            Participant(name="Paul", role=Role.CONSULTANT),
        ],
    )


def folder_of(store: LogbookStore) -> Path:
    (folder,) = [path.parent for path in store.root.glob(f"*/{GROUP_FILE}")]
    return folder


def carnet(store: LogbookStore) -> Path:
    return store.carnets_of("Marie")[0].path


def damage(path: Path) -> str:
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("format = 1", "format = 9"), encoding="utf-8")
    return good


def messages(outcome: WriteOutcome) -> str:
    return "\n".join(str(problem) for problem in (*outcome.problems, *outcome.notices))


def learnings_of(path: Path, session: str) -> list[str]:
    entry = load_logbook(path).entry(session)
    assert entry is not None
    return entry.learnings


# ------------------------------------------------------------------ the carnet repaired mid-session


def test_a_carnet_repaired_during_the_session_keeps_its_newer_entry_at_the_next_session(
    store: LogbookStore, clock: FakeClock
) -> None:
    store.save_session(record(1))
    path = carnet(store)
    good = damage(path)
    kept = store.save_session(record(2, ("first",))).carnets["Marie"]
    assert kept.status is WriteStatus.KEPT_ASIDE
    path.write_text(good, encoding="utf-8")  # repaired while the session goes on
    clock.advance(60)
    back = store.save_session(record(2, ("first", "second"))).carnets["Marie"]
    assert back.status is WriteStatus.WRITTEN
    assert kept.kept_aside is not None and not kept.kept_aside.exists()
    assert str(kept.kept_aside) in messages(back)
    clock.advance(7 * 86400)
    store.save_session(record(3))  # the next session: nothing stale comes back over s2
    assert learnings_of(path, "s2") == ["first", "second"]


def test_an_older_kept_aside_copy_never_replaces_a_newer_entry(store: LogbookStore, clock: FakeClock) -> None:
    store.save_session(record(1))
    store.save_session(record(2, ("old",)))
    path = carnet(store)
    marie = load_logbook(path)
    entry = marie.entry("s2")
    assert entry is not None and entry.updated is not None
    # A kept-aside copy of s2 written before the one in the carnet (a copy left by hand, or by
    # another codev): it must not win.
    older = entry.model_copy(
        update={"learnings": ["older"], "updated": entry.updated - dt.timedelta(hours=1)}
    )
    pending = pending_path(path.parent, "Marie")
    head = 'format = 1\nparticipant = "Marie"\ngroup = "Managers 2025"\n\n'
    pending.write_text(head + render_table(older, "sessions"), encoding="utf-8")
    clock.advance(60)
    outcome = store.save_session(record(3)).carnets["Marie"]
    assert learnings_of(path, "s2") == ["old"]
    assert not pending.exists()
    assert "older" in messages(outcome) and str(pending) in messages(outcome)


def test_a_newer_kept_aside_copy_comes_back_entry_by_entry(store: LogbookStore, clock: FakeClock) -> None:
    store.save_session(record(1))
    path = carnet(store)
    good = damage(path)
    clock.advance(60)
    store.save_session(record(1, ("kept while damaged",)))
    store.save_session(record(2, ("also kept",)))
    path.write_text(good, encoding="utf-8")
    clock.advance(60)
    outcome = store.save_session(record(3)).carnets["Marie"]
    assert outcome.status is WriteStatus.WRITTEN and outcome.recovered == 2
    assert learnings_of(path, "s1") == ["kept while damaged"]
    assert [entry.id for entry in load_logbook(path).sessions] == ["s1", "s2", "s3"]


def test_completing_a_kept_aside_entry_afterwards_takes_it_back_first(
    store: LogbookStore, clock: FakeClock
) -> None:
    store.save_session(record(1))
    path = carnet(store)
    good = damage(path)
    store.save_session(record(2, ("typed in the session",)))
    path.write_text(good, encoding="utf-8")
    clock.advance(3600)
    outcome = store.update_personal(GROUP, "Marie", "s2", feelings=["relieved"])
    assert outcome.status is WriteStatus.WRITTEN and outcome.recovered == 1
    entry = load_logbook(path).entry("s2")
    assert entry is not None and (entry.learnings, entry.feelings) == (["typed in the session"], ["relieved"])
    assert not pending_path(path.parent, "Marie").exists()


def test_legacy_copies_that_cannot_be_ordered_are_both_kept(store: LogbookStore) -> None:
    # Files from before entries were dated: no way to tell which copy is newer, so the carnet's
    # stays, and the kept-aside one stays aside for the person to compare.
    store.save_session(record(1))
    path = carnet(store)
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("updated =")))
    entry = load_logbook(path).entry("s1")
    assert entry is not None and entry.updated is None
    other = entry.model_copy(update={"learnings": ["which one?"]})
    pending = pending_path(path.parent, "Marie")
    head = 'format = 1\nparticipant = "Marie"\ngroup = "Managers 2025"\n\n'
    pending.write_text(head + render_table(other, "sessions"), encoding="utf-8")
    outcome = store.save_session(record(2)).carnets["Marie"]
    assert learnings_of(path, "s1") == []
    assert learnings_of(pending, "s1") == ["which one?"]
    assert str(pending) in messages(outcome)


# ------------------------------------------------------------------ the group file


def test_a_group_files_kept_aside_history_comes_back(store: LogbookStore, clock: FakeClock) -> None:
    store.save_session(record(1))
    group_file = folder_of(store) / GROUP_FILE
    good = damage(group_file)
    saved = store.save_session(record(2))
    assert saved.group.status is WriteStatus.KEPT_ASIDE
    pending = group_pending_path(group_file.parent)
    assert saved.group.kept_aside == pending and str(pending) in messages(saved.group)
    group_file.write_text(good, encoding="utf-8")
    clock.advance(60)
    back = store.save_session(record(3)).group
    assert back.status is WriteStatus.WRITTEN and back.recovered == 1
    assert [line.id for line in load_group_file(group_file).sessions] == ["s1", "s2", "s3"]
    assert not pending.exists() and str(pending) in messages(back)


def test_members_kept_aside_with_the_history_come_back_too(store: LogbookStore, clock: FakeClock) -> None:
    store.save_session(record(1))
    group_file = folder_of(store) / GROUP_FILE
    good = damage(group_file)
    newcomer = record(2).model_copy(
        update={"participants": [*record(2).participants, Participant(name="Zoé", role=Role.OBSERVER)]}
    )
    store.save_session(newcomer)
    group_file.write_text(good, encoding="utf-8")
    clock.advance(60)
    store.upsert_entry(
        "Paul",
        SessionEntry(id="s9", date=dt.datetime(2025, 2, 1, tzinfo=TZ), group=GROUP, role=Role.CONSULTANT),
    )
    group = load_group_file(group_file)
    assert group.members == ["Marie", "Paul", "Zoé"]
    assert [line.id for line in group.sessions] == ["s1", "s2"]


# ------------------------------------------------------------------ saying where the entry is


def test_the_outcome_names_the_pending_file_and_says_the_entry_will_come_back(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store)
    damage(path)
    outcome = store.save_session(record(2)).carnets["Marie"]
    assert outcome.kept_aside is not None
    text = messages(outcome)
    assert f"kept aside in {outcome.kept_aside}" in text
    saved = store.save_session(record(2))
    assert any(str(outcome.kept_aside) in str(problem) for problem in saved.problems)


def test_when_the_pending_file_is_damaged_too_a_dated_file_keeps_the_entry(
    store: LogbookStore, clock: FakeClock
) -> None:
    store.save_session(record(1))
    path = carnet(store)
    good = damage(path)
    pending = pending_path(path.parent, "Marie")
    # Its head still says whose it is (so it stays Marie's pending file); its body is broken.
    broken = 'format = 1\nparticipant = "Marie"\ngroup = "Managers 2025"\n\n[[sessions]]\nid = \n'
    pending.write_text(broken, encoding="utf-8")
    assert pending_path(path.parent, "Marie") == pending
    outcome = store.save_session(record(2, ("safe somewhere",))).carnets["Marie"]
    assert outcome.status is WriteStatus.KEPT_ASIDE and outcome.saved
    third = outcome.kept_aside
    assert third is not None and third not in (path, pending)
    assert third.name == f"{pending.name.removesuffix(PENDING_SUFFIX)}.20250601-120000{PENDING_SUFFIX}"
    assert learnings_of(third, "s2") == ["safe somewhere"]
    assert pending.read_text(encoding="utf-8") == broken
    assert str(third) in messages(outcome) and str(pending) in messages(outcome)
    # The same session saved again goes to the same file; another store never overwrites it.
    again = store.save_session(record(2, ("safe somewhere", "more"))).carnets["Marie"]
    assert again.kept_aside == third and learnings_of(third, "s2") == ["safe somewhere", "more"]
    other = LogbookStore(store.root, clock=lambda: dt.datetime.fromtimestamp(clock.now(), TZ))
    fourth = other.save_session(record(2, ("from elsewhere",))).carnets["Marie"].kept_aside
    assert fourth is not None and fourth != third
    assert learnings_of(third, "s2") == ["safe somewhere", "more"]
    # Repaired: the newest copy comes back, the dated files go, the damaged pending file stays.
    path.write_text(good, encoding="utf-8")
    clock.advance(60)
    back = store.save_session(record(3)).carnets["Marie"]
    assert back.status is WriteStatus.WRITTEN
    assert learnings_of(path, "s2") == ["from elsewhere"]
    assert not third.exists() and not fourth.exists() and pending.exists()
    assert str(pending) in messages(back)


def test_nothing_is_lost_silently_when_no_file_at_all_can_be_written(
    store: LogbookStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_session(record(1))
    damage(carnet(store))
    real = store_module.atomic_write

    def no_room_aside(path: Path, text: str, **options: object) -> None:
        if path.name.endswith(PENDING_SUFFIX):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "atomic_write", no_room_aside)
    outcome = store.save_session(record(2)).carnets["Marie"]
    assert outcome.status is WriteStatus.FAILED and not outcome.saved
    assert "nowhere" in messages(outcome) and "No space left on device" in messages(outcome)


def test_the_pending_file_never_lists_as_a_carnet(store: LogbookStore) -> None:
    store.save_session(record(1))
    path = carnet(store)
    damage(path)
    pending_path(path.parent, "Marie").write_text("broken = [", encoding="utf-8")
    store.save_session(record(2))
    assert [ref.path for ref in store.carnets(GROUP) if ref.participant == "Marie"] == [path]


def test_a_screen_opening_a_carnet_can_take_its_kept_aside_entries_back(
    store: LogbookStore, clock: FakeClock
) -> None:
    store.save_session(record(1))
    path = carnet(store)
    good = damage(path)
    store.save_session(record(2, ("kept",)))
    with pytest.raises(LogbookError):
        store.take_back(GROUP, "Marie")  # still damaged: nothing to take back into
    path.write_text(good, encoding="utf-8")
    clock.advance(60)
    outcome = store.take_back(GROUP, "Marie")
    assert outcome.status is WriteStatus.WRITTEN and outcome.recovered == 1
    assert "s2" in messages(outcome) and learnings_of(path, "s2") == ["kept"]
    assert store.take_back(GROUP, "Marie").status is WriteStatus.UNCHANGED
