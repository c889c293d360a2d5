"""find_layout over the shared TOML scanner: the cut into ``[[sessions]]`` segments reads
keys as ``tomllib`` does, and nothing hidden in a value is taken for a header."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from codev.core.logbook import Logbook, LogbookStore, SessionEntry, WriteStatus
from codev.core.logbook.toml_edit import find_layout
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
HEAD = 'format = 1\nparticipant = "Marie"\ngroup = "G"\n'


def _entry(entry_id: str) -> SessionEntry:
    return SessionEntry(
        id=entry_id, date=dt.datetime(2025, 1, 1, 9, tzinfo=TZ), group="G", role=Role.CONSULTANT
    )


def test_segments_are_cut_at_each_session_and_its_sub_tables() -> None:
    first = '[[sessions]]\nid = "s1"\nnote = """\n[[sessions]]\n"""\n[[sessions.actions]]\nid = "1"\n\n'
    second = '[[ \'sessions\' ]]  # hers\nid = "s2"\nl = [\n  "]", # [[sessions]]\n]\n'
    other = "[other]\nk = 1\n"
    text = HEAD + "\n" + first + second + other
    layout = find_layout(text)
    assert layout is not None
    start = len(HEAD) + 1
    assert layout.preamble_end == start
    assert layout.segments == [
        (start, start + len(first)),
        (start + len(first), start + len(first) + len(second)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "sessions = []\n",
        HEAD + '"sessions" = []\n',
        # Written with an escape, it is still the key ``sessions``: a list, not tables.
        HEAD + '"\\u0073essions" = []\n',
        HEAD + '[sessions]\nid = "s1"\n',
        HEAD + '[sessions.x]\nid = "s1"\n',
        HEAD + '[[sessions]]\nid = "s1"\nl = [\n',
        HEAD + '[[sessions]]\nnote = """\nnever closed\n',
    ],
)
def test_a_layout_it_cannot_cut_is_left_to_tomlkit(text: str) -> None:
    assert find_layout(text) is None


def test_a_session_list_whose_key_is_written_with_an_escape_stays_valid(tmp_path: Path) -> None:
    def clock() -> dt.datetime:
        return dt.datetime(2025, 6, 1, 12, tzinfo=TZ)

    store = LogbookStore(tmp_path / "logbooks", clock=clock)
    store.upsert_entry("Marie", _entry("s1"))
    path = store.carnets_of("Marie")[0].path
    head = path.read_text(encoding="utf-8").partition("[[sessions]]")[0]
    # tomllib reads "\u0073essions" as ``sessions``: an empty inline list of sessions.
    path.write_text(head + '"\\u0073essions" = []  # none yet\n', encoding="utf-8")

    outcome = LogbookStore(tmp_path / "logbooks", clock=clock).upsert_entry("Marie", _entry("s2"))

    assert outcome.status is WriteStatus.WRITTEN
    after = path.read_text(encoding="utf-8")
    assert [entry.id for entry in Logbook.model_validate(tomllib.loads(after)).sessions] == ["s2"]
    assert "# none yet" in after
