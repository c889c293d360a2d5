"""The optional ``role_title`` of a carnet entry: a role of the protocol's own (format 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from codev.core.logbook import LogbookStore, Participant, SessionRecord
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
GROUP = "Atelier"


def record(number: int, title: str = "Formateur·rice") -> SessionRecord:
    return SessionRecord.model_validate(
        {
            "id": f"s{number}",
            "date": dt.datetime(2025, 1, number, 9, tzinfo=TZ),
            "group": GROUP,
            "protocol": "skill-swap",
            "subject": "Transmettre",
            "participants": [
                Participant(name="Ana", role=Role.CLIENT, role_title=title),
                Participant(name="Ben", role=Role.CONSULTANT),
            ],
        }
    )


def test_the_title_is_written_read_back_and_a_hand_edit_is_kept(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks", clock=lambda: dt.datetime(2025, 6, 1, 12, tzinfo=TZ))
    store.save_session(record(1))
    path = store.carnets_of("Ana")[0].path
    text = path.read_text(encoding="utf-8")
    assert 'role = "client"\nrole_title = "Formateur·rice"\n' in text
    # A built-in role writes no title: older carnets and format 1 sessions look the same.
    assert "role_title" not in store.carnets_of("Ben")[0].path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('role_title = "Formateur·rice"', 'role_title = "Formatrice"'), encoding="utf-8"
    )
    store.save_session(record(2))
    first, second = store.load(GROUP, "Ana").sessions
    assert (first.role_title, second.role_title) == ("Formatrice", "Formateur·rice")


def test_a_carnet_without_the_key_reads_unchanged(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks", clock=lambda: dt.datetime(2025, 6, 1, 12, tzinfo=TZ))
    store.save_session(record(1, title=""))
    (entry,) = store.load(GROUP, "Ana").sessions
    assert (entry.role, entry.role_title) == (Role.CLIENT, "")
