"""The TOML line scanner (codev.core.toml_scan): what can hide a key or a header never
fools it — strings, multi-line strings, arrays over lines, comments — and keys are read as
``tomllib`` reads them."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codev.core.toml_scan import ARRAY, KEY, TABLE, UNCLOSED, ScanLine, scan


def lines_of(text: str) -> list[tuple[str, int, tuple[str, ...] | None]]:
    """What the scanner yields, without the offsets."""
    return [(kind, number, keys) for kind, number, _start, keys in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'a = "x # [y] [[z]]"\n[t]\nb = \'c # [[d]] "\'  # [e]\nc = "\\"[f]"\n',
            [(KEY, 1, ("a",)), (TABLE, 2, ("t",)), (KEY, 3, ("b",)), (KEY, 4, ("c",))],
        ),
        (
            't = """\nsay "hi" and ""twice""\n[not.a.table]\nk = 1\n# no comment\n"""\nafter = 1\n',
            [(KEY, 1, ("t",)), (KEY, 7, ("after",))],
        ),
        # An escaped delimiter does not close a basic multi-line string…
        ('t = """a \\""" b\n[x]\n"""\nafter = 1\n', [(KEY, 1, ("t",)), (KEY, 4, ("after",))]),
        # … nor does an escaped backslash hide the one that closes it.
        ('t = """a \\\\"""\n[x]\n', [(KEY, 1, ("t",)), (TABLE, 2, ("x",))]),
        # A literal one knows no escapes: the backslash is text, the delimiter closes.
        ("t = '''a \\'''\n[x]\n", [(KEY, 1, ("t",)), (TABLE, 2, ("x",))]),
        ("t = '''\nit's \"so\" ''twice''\n[[sessions]]\n'''\n[x]\n", [(KEY, 1, ("t",)), (TABLE, 5, ("x",))]),
        # Up to two quotes of the value may come before the closing delimiter.
        ('t = """x"""""\n[x]\n', [(KEY, 1, ("t",)), (TABLE, 2, ("x",))]),
        ("t = '''\nx'''''\n[x]\n", [(KEY, 1, ("t",)), (TABLE, 3, ("x",))]),
        ('t = """"""\n[x]\n', [(KEY, 1, ("t",)), (TABLE, 2, ("x",))]),
        (
            'a = [ # open [\n  1, # ] not closing\n  "]", # x\n  [2, [3]],\n  { k = "}" },\n]\n[t]\n',
            [(KEY, 1, ("a",)), (TABLE, 7, ("t",))],
        ),
        ('a = [\n  "one",\n  "two", # [x]\n]\nb = 1\n', [(KEY, 1, ("a",)), (KEY, 5, ("b",))]),
        ('a = [ """\n] [x]\n""" ]\nb = 1\n', [(KEY, 1, ("a",)), (KEY, 4, ("b",))]),
        ('i = { a = "]", b = [1] }\n[t]\n', [(KEY, 1, ("i",)), (TABLE, 2, ("t",))]),
        ("# [t]\n  # k = 1\n\n[[ a . b ]]\n", [(ARRAY, 4, ("a", "b"))]),
    ],
)
def test_what_hides_a_key_or_a_header_is_followed(text: str, expected: list[object]) -> None:
    assert tomllib.loads(text) is not None  # each case is valid TOML
    assert lines_of(text) == expected


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("a.b.c", ("a", "b", "c")),
        ("a . \"b.c\" . 'd'", ("a", "b.c", "d")),
        ('"" ', ("",)),
        ('" a "', (" a ",)),
        ('"\\u00e9\\n\\"\\\\\\U0001F600"', ('é\n"\\\U0001f600',)),
        ("'\\u00e9'", ("\\u00e9",)),
        ("a.\"#\".'='", ("a", "#", "=")),
        ("b-2_x.3", ("b-2_x", "3")),
    ],
)
def test_dotted_and_quoted_keys_are_read_as_tomllib_reads_them(key: str, parts: tuple[str, ...]) -> None:
    data: Any = tomllib.loads(f"{key} = 1\n")
    for part in parts:
        data = data[part]
    assert data == 1
    assert lines_of(f"{key} = 1\n") == [(KEY, 1, parts)]
    assert lines_of(f"[{key}]\n") == [(TABLE, 1, parts)]
    assert lines_of(f"[[{key}]]\n") == [(ARRAY, 1, parts)]


def test_a_bracket_inside_a_quoted_header_does_not_end_it() -> None:
    assert lines_of('["a]b".c]\n[["]]"]]\n') == [(TABLE, 1, ("a]b", "c")), (ARRAY, 2, ("]]",))]


def test_crlf_lines_read_like_lf_lines() -> None:
    text = 'a = 1\n[t]\nm = """\n[x]\n"""\nl = [\n  1,  # ]\n]\n"q.k" = 2\n'
    crlf = text.replace("\n", "\r\n")
    assert (
        lines_of(crlf)
        == lines_of(text)
        == [
            (KEY, 1, ("a",)),
            (TABLE, 2, ("t",)),
            (KEY, 3, ("m",)),
            (KEY, 6, ("l",)),
            (KEY, 9, ("q.k",)),
        ]
    )
    line_starts = [0, *(index + 1 for index, char in enumerate(crlf) if char == "\n")]
    assert [start for _, number, start, _ in scan(crlf)] == [line_starts[n - 1] for n in (1, 2, 3, 6, 9)]


def test_a_byte_order_mark_is_skipped_and_offsets_stay_those_of_the_text() -> None:
    text = "\ufeff[t]\nk = 1\n"
    found = list(scan(text))
    assert found == [(TABLE, 1, 1, ("t",)), (KEY, 2, 5, ("k",))]
    assert list(scan("\ufeffk = 1\n")) == [(KEY, 1, 1, ("k",))]


def test_only_a_line_feed_ends_a_line() -> None:
    # str.splitlines would also break at these, which TOML keeps inside strings.
    text = 'a = "x\u2028[t]\x85y\x0c"\nb = 1\n'
    assert lines_of(text) == [(KEY, 1, ("a",)), (KEY, 2, ("b",))]


def test_a_line_it_cannot_read_says_so() -> None:
    assert lines_of('not a key\n"open = 1\n["open]\n[]\na..b = 1\n') == [
        (KEY, 1, None),
        (KEY, 2, None),
        (TABLE, 3, None),
        (TABLE, 4, None),
        (KEY, 5, None),
    ]


@pytest.mark.parametrize(
    ("text", "opened"),
    [("a = [\n  1,\n", 1), ('x = 1\nm = """\nno end\n', 2), ("x = 1\nm = '''\n", 2), ("l = [ [1],\n", 1)],
)
def test_a_text_ending_inside_a_value_ends_with_unclosed(text: str, opened: int) -> None:
    *_, last = scan(text)
    start = sum(len(line) + 1 for line in text.split("\n")[: opened - 1])
    assert last == (UNCLOSED, opened, start, None)


def test_offsets_are_where_lines_start() -> None:
    text = "a = 1\n\n  [t]  # c\n  b.c = 2\n[[u]]\n"
    for _kind, number, start, _keys in scan(text):
        assert start == 0 or text[start - 1] == "\n"
        assert text.count("\n", 0, start) + 1 == number


def test_a_key_of_ten_thousand_parts_is_read_whole() -> None:
    # What a hostile protocol holds (an 800 KB file with such a key): read in one pass.
    assert lines_of("a." * 10_000 + "a = 1\n") == [(KEY, 1, ("a",) * 10_001)]
    assert lines_of('"a".' * 10_000 + "'a' = 1\n") == [(KEY, 1, ("a",) * 10_001)]
    assert lines_of("[" + "a." * 10_000 + "a]\n") == [(TABLE, 1, ("a",) * 10_001)]


@given(st.text(alphabet="ab=.\"'#[]{},\\ \n\r\t\ufeff\u2028x", max_size=80))
def test_any_text_is_scanned_without_error(text: str) -> None:
    found: list[ScanLine] = list(scan(text))
    numbers = [number for kind, number, _start, _keys in found if kind != UNCLOSED]
    assert numbers == sorted(set(numbers))
    assert all(kind == UNCLOSED for kind, *_ in found[-1:]) or all(kind != UNCLOSED for kind, *_ in found)


@pytest.mark.parametrize(
    "text",
    [
        "a = 1" + " " * 100_000 + "x\n",
        "a = 1 " + "2 " * 50_000 + " x\n",
        'l = [\n  "x"' + " " * 100_000 + "y\n]\n",
        'l = [\n  "x",' + " " * 100_000 + "y\n]\n",
    ],
)
def test_a_long_line_that_almost_matches_a_fast_path_is_read_in_one_pass(text: str) -> None:
    # Its regular expressions once shared runs of spaces between two quantifiers: a line
    # like these took minutes. Read now in milliseconds, as the rest of the scanner.
    assert lines_of(text)[0] == (KEY, 1, (text[0],))
