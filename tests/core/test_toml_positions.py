"""TomlPositions: the line of each table and key of a TOML text, for FILE:LINE messages."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from codev.core.toml_positions import KeyPath, TomlPositions

PROTOCOL = """\
format = 1
title.fr = "Codéveloppement"
title.en = "Peer consulting"

[[steps]]
id = "listen"
minutes = 10

[steps.help]
fr = "Écouter"

[[steps]]
id = "ask"
text = \"\"\"
[not.a.table]
minutes = 99
\"\"\"
minutes = 5
"""


def test_tables_keys_and_array_elements_have_their_lines() -> None:
    positions = TomlPositions(PROTOCOL)
    assert positions.line_of(("format",)) == 1
    assert positions.line_of(("title",)) == 2
    assert positions.line_of(("title", "en")) == 3
    assert positions.line_of(("steps", 0)) == 5
    assert positions.line_of(("steps", 0, "minutes")) == 7
    assert positions.line_of(("steps", 0, "help")) == 9
    assert positions.line_of(("steps", 0, "help", "fr")) == 10
    assert positions.line_of(("steps", 1)) == 12
    assert positions.line_of(("steps", 1, "minutes")) == 18


def test_an_unwritten_key_points_at_its_closest_written_ancestor() -> None:
    positions = TomlPositions(PROTOCOL)
    assert positions.line_of(("steps", 1, "turns")) == 12
    assert positions.line_of(("steps", 0, "help", "de")) == 9
    assert positions.line_of(("steps",)) is None  # [[steps]] writes elements, not the list
    assert positions.line_of(("nothing", "here")) is None
    assert positions.line_of(()) is None


def test_keys_are_matched_as_tomllib_reads_them() -> None:
    text = '\ufeff"" = 1\n" a " = 2\n"\\u00e9t\\u00e9" = 3\n["x]y"]\nk = """a \\""" b\n[z]\n"""\nz = 4\n'
    assert tomllib.loads(text.removeprefix("\ufeff"))["x]y"]["z"] == 4
    positions = TomlPositions(text)
    assert positions.line_of(("",)) == 1  # on the line after the byte-order mark
    assert positions.line_of((" a ",)) == 2
    assert positions.line_of(("été",)) == 3
    assert positions.line_of(("x]y", "k")) == 5
    assert positions.line_of(("x]y", "z")) == 8


def test_a_key_of_ten_thousand_parts_is_mapped() -> None:
    parts: KeyPath = ("a",) * 10_001
    positions = TomlPositions("b = 1\n" + "a." * 10_000 + "a = 1\n")
    assert positions.line_of(parts) == 2
    assert positions.line_of((*parts, "deeper")) == 2
    assert positions.line_of(("b",)) == 1


# ---------------------------------------------------------------------------- property

_BARE = re.compile(r"[A-Za-z0-9_-]+\Z")
KEY_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=6)


@st.composite
def written_key(draw: st.DrawFn, part: str) -> str:
    """``part`` as a TOML key: bare when it can be, else a basic or literal string."""
    if _BARE.match(part) and draw(st.booleans()):
        return part
    literal_ok = "'" not in part and all(c == "\t" or (ord(c) >= 0x20 and ord(c) != 0x7F) for c in part)
    if literal_ok and draw(st.booleans()):
        return f"'{part}'"
    escaped = []
    for char in part:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F or draw(st.integers(0, 5)) == 0:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


VALUES = [
    "1",
    "true",
    '"a # [b] \\" [[c]]"',
    "'lit # [d] \"'",
    '[1, [2], { k = "]" }]',
    "{ a = 1, b = '}' }",
    '"""\n[not.a.table]\nk = 1\nsay "hi" ""twice"" \\"""\n# none"""""',
    "'''\n[[sessions]]\nit's \\'''",
    '[ # opens [\n  1, # ] no\n  "]",\n  [2, 3],\n]',
    '[\n  "one",\n  "two", # [x]\n]',
]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[KeyPath, int]]:
    """A TOML text and the line where each of its key paths is first written."""
    names = draw(st.lists(KEY_TEXT, min_size=1, max_size=8, unique=True))
    lines: list[str] = []
    expected: dict[KeyPath, int] = {}

    def keys(table: KeyPath, avoid: list[str]) -> None:
        firsts = draw(st.lists(KEY_TEXT.filter(lambda key: key not in avoid), max_size=4, unique=True))
        for first in firsts:
            parts = [first, *draw(st.lists(KEY_TEXT, max_size=2))]
            path = table
            for part in parts:
                path = (*path, part)
                expected.setdefault(path, len(lines) + 1)
            written = draw(st.sampled_from([".", " . "])).join(draw(written_key(part)) for part in parts)
            lines.extend(f"{written} = {draw(st.sampled_from(VALUES))}".split("\n"))
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# [x] k = 1", "  "])))

    keys((), names)
    for name in names:
        header = draw(written_key(name))
        if draw(st.booleans()):
            for index in range(draw(st.integers(1, 3))):
                expected.setdefault((name, index), len(lines) + 1)
                lines.append(f"[[{header}]]")
                keys((name, index), ["sub"])
                if draw(st.booleans()):
                    expected.setdefault((name, index, "sub"), len(lines) + 1)
                    lines.append(f"[ {header} . sub ]")
                    keys((name, index, "sub"), [])
        else:
            expected.setdefault((name,), len(lines) + 1)
            lines.append(f"[{header}]")
            keys((name,), [])
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + newline.join(lines) + newline, expected


def _paths(data: Any, prefix: KeyPath = ()) -> set[KeyPath]:
    found = {prefix} if prefix else set()
    if isinstance(data, dict):
        for key, value in data.items():
            found |= _paths(value, (*prefix, key))
    elif isinstance(data, list) and all(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            found |= _paths(item, (*prefix, index))
    return found


@settings(max_examples=300)
@given(documents())
def test_every_key_of_a_document_is_found_at_its_line(document: tuple[str, dict[KeyPath, int]]) -> None:
    text, expected = document
    data = tomllib.loads(text.removeprefix("\ufeff"))
    assert set(expected) <= _paths(data)  # the document is what the test believes it wrote
    positions = TomlPositions(text)
    for path, line in expected.items():
        assert positions.line_of(path) == line, path
