"""The file format: rendering round-trips, the segment scanner agrees with tomllib, merges keep
what people wrote, and the documented example is a valid carnet that survives codev's writes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from pathlib import Path

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

import codev
from codev.core.logbook import (
    Action,
    CommitmentStatus,
    FollowUp,
    FollowUpStatus,
    GroupFile,
    Logbook,
    LogbookStore,
    Participant,
    SessionEntry,
    SessionRecord,
    Suggestion,
    WriteStatus,
    load_logbook,
)
from codev.core.logbook.models import FORMAT_VERSION
from codev.core.logbook.toml_edit import EditableText, find_layout, merge_entry_text, owned_keys
from codev.core.logbook.toml_render import render_string, render_table
from codev.core.protocol.model import Role

DOC = Path(codev.__file__).parents[2] / "docs" / "logbook-format.md"

# Texts that try to break the format: quotes, escapes, control characters, triple quotes,
# lines that look like table headers, comments.
TRICKY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            '"""',
            "'''",
            '""""',
            "a\\",
            "\\n",
            'line\n[[sessions]]\nid = "evil"',
            "# not a comment",
            "multi\nline\n\n  indented",
            "tab\there\r\nCRLF",
            "\x00\x1b\x7f",
            '\n"quoted"\n',
        ]
    ),
)
IDS = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,20}\Z")
DATES = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda value: value.replace(microsecond=0))
NAMES = st.sampled_from(["Marie", "Paul", "Élise", "王小明", 'O\'Neil "the" Great'])


@st.composite
def entries(draw: st.DrawFn, session_id: str | None = None) -> SessionEntry:
    texts = st.lists(TRICKY, max_size=3)
    return SessionEntry(
        id=session_id or draw(IDS),
        date=draw(DATES),
        group=draw(NAMES),
        number=draw(st.none() | st.integers(1, 500)),
        protocol=draw(st.sampled_from(["", "codev"])),
        protocol_title=draw(TRICKY),
        role=draw(st.sampled_from(list(Role))),
        client=draw(st.sampled_from(["", "Marie"])),
        subject=draw(TRICKY),
        question=draw(TRICKY),
        contract=draw(TRICKY),
        suggestions_given=draw(texts),
        learnings=draw(texts),
        feelings=draw(texts),
        progress=draw(texts),
        notes=draw(texts),
        suggestions_received=draw(st.lists(st.builds(Suggestion, author=NAMES, text=TRICKY), max_size=2)),
        actions=draw(
            st.lists(
                st.builds(
                    Action,
                    id=IDS,
                    objective=TRICKY,
                    resources=TRICKY,
                    deadline=st.none() | st.dates(),
                    indicator=TRICKY,
                    status=st.sampled_from(list(CommitmentStatus)),
                    status_changed=st.none() | DATES,
                ),
                max_size=2,
                unique_by=lambda action: action.id,
            )
        ),
        followups=draw(
            st.lists(
                st.builds(
                    FollowUp,
                    session=IDS,
                    action=IDS,
                    status=st.sampled_from(list(FollowUpStatus)),
                    comment=TRICKY,
                ),
                max_size=2,
            )
        ),
    )


def _as_entry(text: str) -> SessionEntry:
    return SessionEntry.model_validate(tomllib.loads(text)["sessions"][0])


@given(entries())
def test_rendering_round_trips_through_tomllib(entry: SessionEntry) -> None:
    assert _as_entry(render_table(entry, "sessions")) == entry


@given(TRICKY)
def test_strings_round_trip(text: str) -> None:
    assert tomllib.loads(f"value = {render_string(text)}")["value"] == text


@settings(max_examples=60)
@given(st.lists(entries(), min_size=0, max_size=4, unique_by=lambda entry: entry.id), st.booleans())
def test_the_scanner_cuts_where_tomllib_sees_sessions(items: list[SessionEntry], foreign_table: bool) -> None:
    text = 'format = 1\nparticipant = "M"\ngroup = "G"\nnote = """\n[[sessions]]\n"""\n'
    text += "".join("\n" + render_table(entry, "sessions") for entry in items)
    if foreign_table:
        text += '\n[mine]\nx = """\n[[sessions]]\n"""\n'
    layout = find_layout(text)
    assert layout is not None and len(layout.segments) == len(items)
    for (start, end), entry in zip(layout.segments, items, strict=True):
        assert _as_entry(text[start:end]) == entry
    assert tomllib.loads(text[: layout.preamble_end])["note"] == "[[sessions]]\n"


@settings(max_examples=60)
@given(st.lists(entries(), min_size=1, max_size=3, unique_by=lambda entry: entry.id), st.data())
def test_upserts_edit_one_entry_and_keep_the_rest_byte_for_byte(
    items: list[SessionEntry], data: st.DataObject
) -> None:
    head = "# mine\nformat = 1\n"
    text = head + "".join("\n" + render_table(entry, "sessions") for entry in items)
    editable = EditableText(text, [entry.id for entry in items], find_layout(text))
    index = data.draw(st.integers(0, len(items) - 1))
    replacement = data.draw(entries(session_id=items[index].id))
    owned = owned_keys(SessionEntry)
    editable.upsert(replacement.id, render_table(replacement, "sessions"), owned, lambda _: True)
    expected = [replacement if i == index else entry for i, entry in enumerate(items)]
    parsed = tomllib.loads(editable.text)
    assert [SessionEntry.model_validate(raw) for raw in parsed["sessions"]] == expected
    assert editable.text.startswith(head)
    new = data.draw(entries().filter(lambda entry: entry.id not in {item.id for item in items}))
    before = editable.text
    editable.upsert(new.id, render_table(new, "sessions"), owned, lambda _: True)
    assert editable.text.startswith(before)
    assert SessionEntry.model_validate(tomllib.loads(editable.text)["sessions"][-1]) == new


@given(entries(), st.data())
def test_a_merge_gives_codevs_values_and_keeps_the_persons(entry: SessionEntry, data: st.DataObject) -> None:
    text = render_table(entry, "sessions").replace("[[sessions]]\n", "[[sessions]]\n# mine\nmine = 1\n", 1)
    new = data.draw(entries(session_id=entry.id))
    merged = merge_entry_text(text, render_table(new, "sessions"), owned_keys(SessionEntry))
    assert _as_entry(merged) == new
    assert "# mine\nmine = 1\n" in merged


def test_a_multiline_text_with_a_header_inside_does_not_cut_the_file(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    tricky = 'first line\n[[sessions]]\nid = "fake"\n"""'
    base = SessionEntry(id="s1", date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), group="G", role=Role.CONSULTANT)
    store.upsert_entry("Marie", base.model_copy(update={"learnings": [tricky]}))
    store.upsert_entry("Marie", base.model_copy(update={"id": "s2"}))
    store.update_personal("G", "Marie", "s1", feelings=["ok"])
    marie = store.load("G", "Marie")
    assert [(e.id, e.learnings, e.feelings) for e in marie.sessions] == [
        ("s1", [tricky], ["ok"]),
        ("s2", [], []),
    ]


# ------------------------------------------------------------------ the documented example


def _doc_examples() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_documented_examples_are_valid() -> None:
    carnet_text, group_text = _doc_examples()
    carnet = Logbook.model_validate(tomllib.loads(carnet_text))
    group = GroupFile.model_validate(tomllib.loads(group_text))
    assert carnet.format == group.format == FORMAT_VERSION
    assert [entry.role for entry in carnet.sessions] == [Role.CLIENT, Role.CONSULTANT]
    assert [line.id for line in group.sessions] == [entry.id for entry in carnet.sessions]


def test_the_documented_example_is_laid_out_as_codev_writes_it() -> None:
    carnet_text, _ = _doc_examples()
    carnet = Logbook.model_validate(tomllib.loads(carnet_text))
    # The consultant entry has nothing added by hand: it is exactly what codev writes.
    second = carnet.sessions[1]
    assert render_table(second, "sessions") in carnet_text


def test_the_documented_example_survives_codevs_writes(tmp_path: Path) -> None:
    carnet_text, group_text = _doc_examples()
    folder = tmp_path / "logbooks" / "managers-2025"
    folder.mkdir(parents=True)
    (folder / "_group.toml").write_text(group_text, encoding="utf-8")
    (folder / "marie-dupont.toml").write_text(carnet_text, encoding="utf-8")
    store = LogbookStore(tmp_path / "logbooks")
    assert store.carnets_of("Marie Dupont")[0].path == folder / "marie-dupont.toml"
    assert store.suggest_next_clients("Managers 2025") == ["Élise", "Marie Dupont", "Paul Martin"]
    assert [item.action.id for item in store.open_commitments("Managers 2025").items] == ["2"]

    people = [
        Participant(name="Marie Dupont", role=Role.CONSULTANT),
        Participant(name="Élise", role=Role.CLIENT),
    ]
    record = SessionRecord(
        id="20250311-0930-aa00bb",
        date=dt.datetime(2025, 3, 11, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        group="Managers 2025",
        number=5,
        participants=people,
        subject="Prendre la parole en comité",
    )
    assert store.save_session(record).carnets["Marie Dupont"].status is WriteStatus.WRITTEN
    store.update_personal(
        "Managers 2025", "Marie Dupont", "20250114-0930-7f3a2c", progress=["Karim est autonome."]
    )
    text = (folder / "marie-dupont.toml").read_text(encoding="utf-8")
    for kept in (
        "# the hardest one so far",
        "reread_on = 2025-03-01",
        "# Karim était partant.",
        'buddy = "Paul Martin"',
    ):
        assert kept in text
    assert text.startswith(carnet_text.split("[[sessions]]")[0])
    marie = load_logbook(folder / "marie-dupont.toml")
    assert [e.id for e in marie.sessions][-1] == "20250311-0930-aa00bb"
    assert marie.sessions[0].progress == ["Karim est autonome."]
    document = tomlkit.parse(text)
    assert document["sessions"][0]["reread_on"] == dt.date(2025, 3, 1)


def test_the_example_copied_into_a_workspace_exports(tmp_path: Path) -> None:
    carnet_text, group_text = _doc_examples()
    folder = tmp_path / "managers-2025"
    folder.mkdir()
    (folder / "_group.toml").write_text(group_text, encoding="utf-8")
    shutil.copyfile(DOC, tmp_path / "unrelated.md")
    (folder / "marie-dupont.toml").write_text(carnet_text, encoding="utf-8")
    store = LogbookStore(tmp_path)
    assert [ref.participant for ref in store.carnets()] == ["Marie Dupont"]
