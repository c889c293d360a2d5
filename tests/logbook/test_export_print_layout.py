"""The carnet's print layout (HTML export): sessions follow one another on the page.

A short session is kept whole (moved to the next page only when it does not fit on what is
left of this one); a long one is not moved as a block — that left page 1 nearly empty when
the first session was long — it flows on, breaking between its parts, never between a
heading and what it introduces nor inside an item. No page break is ever forced.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from codev.core.logbook import Logbook, SessionEntry
from codev.core.logbook.export import to_html
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 10, 18, tzinfo=TZ)


def session(number: int, learnings: int) -> SessionEntry:
    return SessionEntry(
        id=f"s{number}",
        date=dt.datetime(2026, 10, number, 9, tzinfo=TZ),
        group="Managers",
        number=number,
        role=Role.CONSULTANT,
        client="Paul",
        subject=f"Sujet {number}",
        learnings=[
            f"Enseignement {i} : " + "une phrase assez longue pour tenir une ligne. " * 2
            for i in range(learnings)
        ],
    )


def page(*sessions: SessionEntry) -> str:
    return to_html([Logbook(participant="Marie", group="Managers", sessions=list(sessions))], now=NOW)


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.classes: list[set[str]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.classes.append(set((dict(attrs).get("class") or "").split()))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def parsed(html: str) -> _Sections:
    parser = _Sections()
    parser.feed(html)
    return parser


def print_rules(style: str) -> dict[str, str]:
    """The rules inside ``@media print { … }``: selector → declarations."""
    start = style.index("@media print")
    body = style[style.index("{", start) + 1 :]
    depth, end = 1, 0
    while depth:
        depth += {"{": 1, "}": -1}.get(body[end], 0)
        end += 1
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", body[: end - 1])
    return {" ".join(selector.split()): " ".join(declarations.split()) for selector, declarations in rules}


def test_a_short_session_is_kept_whole_a_long_one_flows() -> None:
    sections = parsed(page(session(1, 2), session(2, 60))).classes
    assert len(sections) == 2
    assert "keep" in sections[0] and "keep" not in sections[1]


def test_only_a_session_kept_whole_avoids_breaks_inside() -> None:
    rules = print_rules(parsed(page(session(1, 2))).style)
    assert "break-inside: avoid-page" in rules["section.keep"]
    # Not every session: a long one moved whole to the next page left this one empty.
    assert not [s for s, d in rules.items() if re.fullmatch(r"section", s) and "break-inside: avoid" in d]


def test_no_page_break_is_forced() -> None:
    style = parsed(page(session(1, 2), session(2, 60))).style
    assert not re.search(r"break-before\s*:\s*(page|always|left|right)", style)
    assert not re.search(r"page-break-(before|after)\s*:\s*always", style)
    assert not re.search(r"break-after\s*:\s*(page|always|left|right)", style)


def test_headings_stay_with_their_content_and_items_stay_whole() -> None:
    rules = print_rules(parsed(page(session(1, 2))).style)
    (headings,) = [d for s, d in rules.items() if "h3" in s.split(", ") and "h4" in s.split(", ")]
    assert "break-after: avoid-page" in headings
    assert any("li" in s.split(", ") and "break-inside: avoid-page" in d for s, d in rules.items())
