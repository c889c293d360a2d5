"""Carnets laid out by hand, rewritten by codev: tomllib (a real parser) must read every file
written and find in it exactly what the model says, and every comment, byte-order mark and
CRLF line ending the person wrote must still be there.

The layouts are drawn by hypothesis: comments before, inside and after lists and between
tables, literal and multi-line strings, ``[[sessions]]`` inside strings and comments, dotted
keys and inline tables of the person's own, ``sessions = []`` and inline session lists,
headers written ``[[ sessions ]]`` or ``[["sessions"]]``, CRLF files and a BOM.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codev.core.logbook import (
    Action,
    GroupFile,
    GroupSession,
    Logbook,
    LogbookStore,
    Participant,
    SessionEntry,
    SessionRecord,
    WriteStatus,
)
from codev.core.logbook.toml_edit import EditableText, Layout, find_layout, owned_keys
from codev.core.logbook.toml_render import render_string, render_table
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
GROUP = "G"
BOM = "\ufeff"

TEXTS = [
    "plain",
    "with 'single' quotes",
    'with "double" quotes',
    "multi\nline",
    'line\n[[sessions]]\nid = "evil"',
    "# not a comment",
    "tab\there",
    "a backslash \\",
    "é 王 🌸",
    "",
    "] [x] {y}",
    "'''",
    '"""',
]
COMMENT_TAILS = ["", " [[sessions]]", " a = 1", ' "open', " ]", " '''", " é"]

PROPERTY = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _is_literal_safe(text: str) -> bool:
    return not any(char in text for char in "'\n\r") and all(
        char == "\t" or (ord(char) >= 0x20 and ord(char) != 0x7F) for char in text
    )


@dataclass
class Hand:
    """A hand-written TOML text being built, with what it must keep."""

    data: st.DataObject
    markers: list[str] = field(default_factory=list)
    hand_values: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def draw(self, strategy: st.SearchStrategy[Any]) -> Any:
        return self.data.draw(strategy)

    def maybe(self) -> bool:
        return bool(self.draw(st.booleans()))

    def comment(self) -> str:
        marker = f"#c{len(self.markers)};"
        self.markers.append(marker)
        return marker + self.draw(st.sampled_from(COMMENT_TAILS))

    def comment_lines(self, indent: str = "") -> str:
        return "".join(f"{indent}{self.comment()}\n" for _ in range(self.draw(st.integers(0, 2))))

    def after(self) -> str:
        return f"  {self.comment()}" if self.maybe() else ""

    def string(self, text: str) -> str:
        kinds = ["basic"]
        if _is_literal_safe(text):
            kinds.append("literal")
        if "'" not in text and "\r" not in text and all(c in "\n\t" or ord(c) >= 0x20 for c in text):
            kinds.append("multiline-literal")
        kind = self.draw(st.sampled_from(kinds))
        if kind == "literal":
            return f"'{text}'"
        if kind == "multiline-literal":
            return f"'''\n{text}'''"
        return render_string(text)

    def key(self, name: str) -> str:
        return self.draw(st.sampled_from([name, f'"{name}"', f"{name}  "]))

    def text_list(self, items: list[str]) -> str:
        if not items or not self.maybe():
            return "[" + ", ".join(self.string(item) for item in items) + "]"
        indent = self.draw(st.sampled_from(["  ", "    ", "\t"]))
        lines = ["[" + self.after()]
        for item in items:
            if self.maybe():
                lines.append(self.comment_lines(indent).rstrip("\n"))
            lines.append(f"{indent}{self.string(item)},{self.after()}")
        lines.append(self.comment_lines(indent).rstrip("\n"))
        return "\n".join(line for line in lines if line) + "\n]"

    def hand_keys(self, where: tuple[Any, ...], number: int) -> list[str]:
        """Keys of the person's own: plain, dotted, an inline table."""
        lines = []
        if self.maybe():
            lines.append(f"mine = {number}{self.after()}")
            self.hand_values[(*where, "mine")] = number
        if self.maybe():
            lines.append(f'mine_dotted.note = "n{number}"')
            lines.append(f"\"mine_dotted\".'other' = {number}")
            self.hand_values[(*where, "mine_dotted")] = {"note": f"n{number}", "other": number}
        if self.maybe():
            lines.append(f"extra = {{ a = {number}, b = 'lit', c = [1, 2] }}{self.after()}")
            self.hand_values[(*where, "extra")] = {"a": number, "b": "lit", "c": [1, 2]}
        return lines


def entry_strategy(index: int) -> st.SearchStrategy[SessionEntry]:
    texts = st.lists(st.sampled_from(TEXTS), max_size=3)
    actions = st.lists(st.sampled_from(TEXTS), max_size=2).map(
        lambda objectives: [Action(id=str(i + 1), objective=text) for i, text in enumerate(objectives)]
    )
    return st.builds(
        SessionEntry,
        id=st.just(f"s{index}"),
        date=st.just(dt.datetime(2025, 1, index + 1, 9, tzinfo=TZ)),
        group=st.just(GROUP),
        role=st.just(Role.CONSULTANT),
        subject=st.sampled_from(TEXTS),
        learnings=texts,
        feelings=texts,
        actions=actions,
    )


def write_entry(hand: Hand, entry: SessionEntry, index: int) -> str:
    header = hand.draw(
        st.sampled_from(["[[sessions]]", "[[ sessions ]]", '[["sessions"]]', "[['sessions']]"])
    )
    lines = [header + hand.after()]
    lines.append(f'id = "{entry.id}"')
    lines.append(f"date = {entry.date.isoformat()}{hand.after()}")
    lines.append(hand.comment_lines().rstrip("\n"))
    lines.append(f"{hand.key('group')} = {hand.string(entry.group)}")
    lines.append('role = "consultant"')
    lines.append(f"subject = {hand.string(entry.subject)}{hand.after()}")
    for name in ("learnings", "feelings"):
        lines.append(hand.comment_lines().rstrip("\n"))
        lines.append(f"{hand.key(name)} = {hand.text_list(getattr(entry, name))}{hand.after()}")
    lines += hand.hand_keys(("sessions", index), index)
    text = "\n".join(line for line in lines if line) + "\n"
    if hand.maybe():
        text += f"\n{hand.comment_lines()}[sessions.my_table]\nx = {index}\n"
        hand.hand_values[("sessions", index, "my_table")] = {"x": index}
    for action in entry.actions:
        text += f"\n{hand.comment_lines()}[[sessions.actions]]{hand.after()}\n"
        text += f'id = "{action.id}"\nobjective = {hand.string(action.objective)}{hand.after()}\n'
    return text


def write_inline_entry(hand: Hand, entry: SessionEntry) -> str:
    pairs = [
        f'id = "{entry.id}"',
        f"date = {entry.date.isoformat()}",
        f"group = {render_string(entry.group)}",
        'role = "consultant"',
        f"subject = {render_string(entry.subject)}",
        f"learnings = [{', '.join(render_string(text) for text in entry.learnings)}]",
        f"feelings = [{', '.join(render_string(text) for text in entry.feelings)}]",
    ]
    if entry.actions:
        items = ", ".join(
            f'{{ id = "{a.id}", objective = {render_string(a.objective)} }}' for a in entry.actions
        )
        pairs.append(f"actions = [{items}]")
    return "{ " + ", ".join(pairs) + " }"


def write_carnet(hand: Hand, entries: list[SessionEntry]) -> tuple[str, bool]:
    """A hand-written carnet of ``entries``; True when its sessions are an inline list."""
    text = hand.comment_lines()
    text += f"format = 1{hand.after()}\n"
    text += f"participant = {hand.string('Marie')}\n"
    text += hand.comment_lines()
    text += f"group = {hand.string(GROUP)}{hand.after()}\n"
    for line in hand.hand_keys((), 99):
        text += line + "\n"
    inline = all("\n" not in write_inline_entry(hand, entry) for entry in entries) and hand.maybe()
    if not entries and hand.maybe():
        text += f"sessions = []{hand.after()}\n"
    elif entries and inline:
        text += "sessions = [\n"
        for entry in entries:
            text += hand.comment_lines("  ") if hand.maybe() else ""
            text += f"  {write_inline_entry(hand, entry)},\n"
        text += "]\n"
    blocks = [] if inline else [write_entry(hand, entry, index) for index, entry in enumerate(entries)]
    if hand.maybe():
        position = hand.draw(st.integers(0, len(blocks)))
        notes = f'[my_notes]\ntext = """\n[[sessions]]\nid = "not one"\n"""{hand.after()}\n'
        hand.hand_values[("my_notes",)] = {"text": '[[sessions]]\nid = "not one"\n'}
        blocks.insert(position, notes)
    for block in blocks:
        text += "\n" + hand.comment_lines() + block
    return text, inline


def on_disk(text: str, bom: bool, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return ((BOM if bom else "") + text).encode("utf-8")


def dig(data: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


def check(path: Path, expected: list[SessionEntry], hand: Hand, bom: bool, crlf: bool) -> None:
    """The oracle: a real TOML parser reads the file, and it says what the model says."""
    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith(BOM) == bom
    text = raw.removeprefix(BOM)
    if crlf:
        assert "\n" not in text.replace("\r\n", ""), "a line ending that is not CRLF"
    else:
        assert "\r" not in text
    data = tomllib.loads(text)
    logbook = Logbook.model_validate(data)
    assert [entry.model_copy(update={"updated": None}) for entry in logbook.sessions] == expected
    for marker in hand.markers:
        assert marker in text, f"comment {marker} lost"
    for where, value in hand.hand_values.items():
        assert dig(data, where) == value


def seeded(store: LogbookStore) -> Path:
    seed = SessionEntry(id="seed", date=dt.datetime(2025, 1, 1, tzinfo=TZ), group=GROUP, role=Role.CONSULTANT)
    store.upsert_entry("Marie", seed)
    return store.carnets_of("Marie")[0].path


@PROPERTY
@given(st.data())
def test_every_write_into_a_hand_laid_carnet_reads_back_as_the_model_says(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    store = LogbookStore(
        tmp_path_factory.mktemp("hand") / "logbooks", clock=lambda: dt.datetime(2025, 6, 1, 12, tzinfo=TZ)
    )
    path = seeded(store)
    count = data.draw(st.integers(0, 3))
    entries = [data.draw(entry_strategy(index)) for index in range(count)]
    hand = Hand(data)
    text, _inline = write_carnet(hand, entries)
    bom, crlf = data.draw(st.booleans()), data.draw(st.booleans())
    # The layout itself must be what it claims (a generator bug would make the test meaningless).
    assert Logbook.model_validate(tomllib.loads(text)).sessions == entries
    path.write_bytes(on_disk(text, bom, crlf))
    expected = list(entries)

    if entries:
        index = data.draw(st.integers(0, len(entries) - 1))
        old = entries[index].learnings
        new = data.draw(
            st.sampled_from(
                [
                    [*old, "added"],
                    old[1:],
                    list(reversed(old)),
                    [text if i else "edited" for i, text in enumerate(old)],
                    [],
                ]
            )
        )
        outcome = store.update_personal(GROUP, "Marie", entries[index].id, learnings=new)
        assert outcome.status in (WriteStatus.WRITTEN, WriteStatus.UNCHANGED), outcome.problems
        expected[index] = entries[index].model_copy(update={"learnings": new})
        check(path, expected, hand, bom, crlf)

        changed = data.draw(entry_strategy(index).filter(lambda e: e != expected[index]))
        outcome = store.upsert_entry("Marie", changed)
        assert outcome.status is WriteStatus.WRITTEN, [str(problem) for problem in outcome.problems]
        expected[index] = changed
        check(path, expected, hand, bom, crlf)

    fresh = data.draw(entry_strategy(len(entries)))
    outcome = store.upsert_entry("Marie", fresh)
    assert outcome.status is WriteStatus.WRITTEN, [str(problem) for problem in outcome.problems]
    expected.append(fresh)
    check(path, expected, hand, bom, crlf)


# ------------------------------------------------------------------ group files


def write_group(hand: Hand, members: list[str], lines: list[GroupSession]) -> str:
    text = hand.comment_lines()
    text += f"format = 1{hand.after()}\nname = {hand.string(GROUP)}\n"
    text += hand.comment_lines()
    text += f"members = {hand.text_list(members)}{hand.after()}\n"
    for line in hand.hand_keys((), 7):
        text += line + "\n"
    if not lines and hand.maybe():
        text += f"sessions = []{hand.after()}\n"
    for line in lines:
        text += f"\n{hand.comment_lines()}[[sessions]]{hand.after()}\n"
        text += f'id = "{line.id}"\ndate = {line.date.isoformat()}\n'
        text += f"participants = {hand.text_list(line.participants)}{hand.after()}\n"
    return text


@settings(PROPERTY, max_examples=80)
@given(st.data())
def test_every_write_into_a_hand_laid_group_file_reads_back_as_the_model_says(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    store = LogbookStore(
        tmp_path_factory.mktemp("group") / "logbooks", clock=lambda: dt.datetime(2025, 6, 1, 12, tzinfo=TZ)
    )
    path = seeded(store).parent / "_group.toml"
    names = ["Marie", "Paul", "Élise", "O'Neil"]
    members = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=4))
    count = data.draw(st.integers(0, 2))
    lines = [
        GroupSession(
            id=f"g{index}",
            date=dt.datetime(2025, 2, index + 1, tzinfo=TZ),
            participants=data.draw(st.lists(st.sampled_from(names), unique=True, max_size=3)),
        )
        for index in range(count)
    ]
    hand = Hand(data)
    text = write_group(hand, members, lines)
    bom, crlf = data.draw(st.booleans()), data.draw(st.booleans())
    assert GroupFile.model_validate(tomllib.loads(text)) == GroupFile(
        name=GROUP, members=members, sessions=lines
    )
    path.write_bytes(on_disk(text, bom, crlf))

    newcomer = data.draw(st.sampled_from(["Zoé", *names]))
    entry = SessionEntry(id="x1", date=dt.datetime(2025, 3, 1, tzinfo=TZ), group=GROUP, role=Role.CONSULTANT)
    store.upsert_entry(newcomer, entry)
    expected = [*members, *([newcomer] if newcomer not in members else [])]
    record = SessionRecord(
        id="x2",
        date=dt.datetime(2025, 3, 8, tzinfo=TZ),
        group=GROUP,
        participants=[Participant(name=name, role=Role.CONSULTANT) for name in ("Marie", "Nina")],
    )
    assert store.save_session(record).group.status is WriteStatus.WRITTEN
    expected += [name for name in ("Marie", "Nina") if name not in expected]

    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith(BOM) == bom
    body = raw.removeprefix(BOM)
    assert ("\n" not in body.replace("\r\n", "")) if crlf else ("\r" not in body)
    group = GroupFile.model_validate(tomllib.loads(body))
    assert group.members == expected
    assert [(line.id, line.participants) for line in group.sessions] == [
        *[(line.id, line.participants) for line in lines],
        ("x2", ["Marie", "Nina"]),
    ]
    for marker in hand.markers:
        assert marker in body, f"comment {marker} lost"


# ------------------------------------------------------------------ examples


def _entry(**changes: Any) -> SessionEntry:
    values: dict[str, Any] = {
        "id": "s1",
        "date": dt.datetime(2025, 1, 1, 9, tzinfo=TZ),
        "group": GROUP,
        "role": Role.CONSULTANT,
        "learnings": ["listen first", "ask before advising"],
    }
    values.update(changes)
    return SessionEntry.model_validate(values)


def test_completing_learnings_keeps_comments_crlf_and_the_bom(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks", clock=lambda: dt.datetime(2025, 6, 1, 12, tzinfo=TZ))
    store.upsert_entry("Marie", _entry())
    path = store.carnets_of("Marie")[0].path
    text = path.read_text(encoding="utf-8").replace(
        '  "listen first",\n', '  # from the first round\n  "listen first",  # Paul said it too\n'
    )
    text = text.replace(
        '  "ask before advising",\n]', '  "ask before advising",\n  # more to come\n]  # mine'
    )
    path.write_bytes((BOM + text.replace("\n", "\r\n")).encode("utf-8"))

    outcome = store.update_personal(GROUP, "Marie", "s1", learnings=["listen first", "say no sooner"])

    assert outcome.status is WriteStatus.WRITTEN
    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith(BOM) and "\n" not in raw.replace("\r\n", "")
    after = raw.removeprefix(BOM).replace("\r\n", "\n")
    assert '  # from the first round\n  "listen first",  # Paul said it too\n' in after
    assert '  "say no sooner",\n' in after
    for comment in ("# more to come", "]  # mine"):
        assert comment in after
    entry = Logbook.model_validate(tomllib.loads(after)).entry("s1")
    assert entry is not None and entry.learnings == ["listen first", "say no sooner"]


def test_a_cut_that_is_not_one_session_is_never_spliced() -> None:
    first, second = _entry(), _entry(id="s2")
    head = 'format = 1\nparticipant = "Marie"\ngroup = "G"\n\n'
    text = head + render_table(first, "sessions") + "\n" + render_table(second, "sessions")
    layout = find_layout(text)
    assert layout is not None
    (start, middle), (_, end) = layout.segments
    # A cut five characters off, as a scanner misreading a layout would make it.
    wrong = Layout(layout.preamble_end, [(start, middle + 5), (middle + 5, end)])
    editable = EditableText(text, ["s1", "s2"], wrong)
    changed = first.model_copy(update={"learnings": ["changed"]})
    editable.upsert("s1", render_table(changed, "sessions"), owned_keys(SessionEntry), lambda _: False)
    assert not editable.segmented  # edited whole, through tomlkit, from then on
    assert Logbook.model_validate(tomllib.loads(editable.text)).sessions == [changed, second]
