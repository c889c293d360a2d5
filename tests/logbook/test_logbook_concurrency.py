"""Two codev processes writing the same carnets at the same time never lose an entry."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from codev.core.logbook import LogbookStore, load_group_file, load_logbook

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    from codev.core.logbook import LogbookStore, Participant, SessionEntry, SessionRecord, WriteStatus
    from codev.core.protocol.model import Role

    root, who, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():  # start together, so that the writes really overlap
        time.sleep(0.001)
    store = LogbookStore(root)
    for index in range(count):
        when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=index)
        session = f"{who.lower()}-{index}"
        entry = SessionEntry(id=session, date=when, group="Shared", role=Role.CONSULTANT, subject=session)
        assert store.upsert_entry("Marie", entry).status is WriteStatus.WRITTEN
        people = [Participant(name="Paul", role=Role.CLIENT), Participant(name=who, role=Role.CONSULTANT)]
        record = SessionRecord(id=session, date=when, group="Shared", participants=people, subject=session)
        saved = store.save_session(record)
        assert all(outcome.saved for outcome in saved.outcomes), saved
    """
)


def test_two_processes_appending_to_the_same_carnets_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "logbooks"
    go = tmp_path / "go"
    count = 25
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), who, str(count), str(go)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("Ana", "Bea")
    ]
    time.sleep(0.2)  # let both start and wait; correctness does not depend on it
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors

    expected = {f"{who}-{index}" for who in ("ana", "bea") for index in range(count)}
    store = LogbookStore(root)
    for name in ("Marie", "Paul"):
        (ref,) = store.carnets_of(name)
        assert {entry.id for entry in load_logbook(ref.path).sessions} == expected
    group = load_group_file(store.root / "shared" / "_group.toml")
    assert {line.id for line in group.sessions} == expected
    assert sorted(group.members) == ["Ana", "Bea", "Marie", "Paul"]
    assert not [path for path in root.rglob("*") if path.name.endswith((".tmp", ".pending.toml"))]
