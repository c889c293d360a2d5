"""A carnet as a document to keep or send: Markdown, or standalone printable HTML.

The document is first built as a few plain blocks (headings, labelled values, texts,
lists), then written out by one small renderer per format, so that both formats always
say the same thing. Every text from the carnet is escaped for its format: a participant's
``<script>`` or ``**`` stays text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from codev.core.i18n import get_lang, t, tn
from codev.core.logbook.formats import ExportFormat
from codev.core.logbook.models import Action, Logbook, SessionEntry, WallNote
from codev.core.logbook.views import chronological, format_date, path_summary
from codev.core.protocol.model import Role

# ---------------------------------------------------------------------------- document

Walls = Mapping[tuple[str, str], Sequence[WallNote]]
"""The group's wall of each session, by ``(group, session id)``, from the group files: a
carnet does not keep it (it is the group's), the export shows it for the sessions attended."""


@dataclass(frozen=True)
class Heading:
    """A title; level 1 is the document's."""

    level: int
    text: str


@dataclass(frozen=True)
class Fields:
    """Labelled values (``Rôle : client``)."""

    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Text:
    """A text as the participant wrote it (line breaks kept)."""

    text: str


@dataclass(frozen=True)
class Item:
    """A list item: an optional lead in bold, a text, and labelled details."""

    text: str
    lead: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Items:
    """A bulleted (or numbered) list."""

    items: list[Item]
    numbered: bool = False


@dataclass(frozen=True)
class Section:
    """A part of the document that reads on its own (one session): kept on one page if short."""

    blocks: list[Block]


Block = Heading | Fields | Text | Items | Section


def _label(key: str) -> str:
    return t(f"carnet.field.{key}")


def _action_item(action: Action) -> Item:
    deadline = format_date(action.deadline) if action.deadline is not None else ""
    pairs = [
        ("resources", action.resources),
        ("deadline", deadline),
        ("indicator", action.indicator),
        ("status", t(f"carnet.status.{action.status.value}")),
    ]
    details = [(_label(name), value) for name, value in pairs if value]
    return Item(action.objective, details=details)


def _session_blocks(entry: SessionEntry, level: int, wall: Sequence[WallNote] = ()) -> list[Block]:
    title = t("carnet.export.session_title", date=format_date(entry.date))
    if entry.number is not None:
        title = t("carnet.export.session_number_title", number=entry.number, date=format_date(entry.date))
    blocks: list[Block] = [Heading(level, title)]
    pairs = [
        (_label("subject"), entry.subject),
        (_label("role"), entry.role_title or t(f"role.{entry.role.value}")),
    ]
    if entry.client and entry.role is not Role.CLIENT:
        pairs.append((_label("client"), entry.client))
    pairs.append((_label("protocol"), entry.protocol_title or entry.protocol))
    blocks.append(Fields([(label, value) for label, value in pairs if value]))
    sub = level + 1
    for key in ("question", "contract"):
        value = getattr(entry, key)
        if value:
            blocks += [Heading(sub, _label(key)), Text(value)]
    if entry.suggestions_received:
        items = [Item(s.text, lead=s.author) for s in entry.suggestions_received]
        blocks += [Heading(sub, _label("suggestions_received")), Items(items)]
    if entry.actions:
        blocks += [
            Heading(sub, _label("actions")),
            Items([_action_item(a) for a in entry.actions], numbered=True),
        ]
    if entry.suggestions_given:
        blocks += [
            Heading(sub, _label("suggestions_given")),
            Items([Item(s) for s in entry.suggestions_given]),
        ]
    if entry.followups:
        items = [
            Item(f.comment, lead=f"{f.objective or f.action} — {t(f'carnet.followup.{f.status.value}')}")
            for f in entry.followups
        ]
        blocks += [Heading(sub, _label("followups")), Items(items)]
    for key in ("learnings", "feelings", "progress", "notes"):
        texts: list[str] = getattr(entry, key)
        if texts:
            blocks += [Heading(sub, _label(key)), Items([Item(text) for text in texts])]
    if wall:
        blocks += [Heading(sub, _label("wall")), Items([Item(note.text, lead=note.author) for note in wall])]
    return [Section(blocks)]


def _summary_blocks(logbook: Logbook, level: int) -> list[Block]:
    summary = path_summary(logbook)
    roles = ", ".join(
        t("carnet.export.role_count", role=t(f"role.{role.value}"), count=count)
        for role, count in sorted(summary.by_role.items(), key=lambda pair: -pair[1])
    )
    pairs = [(t("carnet.export.sessions"), f"{summary.sessions}" + (f" — {roles}" if roles else ""))]
    if summary.commitments:
        counts = t(
            "carnet.export.commitment_counts",
            done=summary.done,
            dropped=summary.dropped,
            open=summary.open,
        )
        pairs.append((t("carnet.export.commitments"), f"{summary.commitments} — {counts}"))
    return [Heading(level, t("carnet.export.path")), Fields(pairs)]


def build_document(
    logbooks: Sequence[Logbook], now: dt.datetime | None = None, walls: Walls | None = None
) -> tuple[str, list[Block]]:
    """The document's title and blocks for one participant's carnets (one per group), with
    the group's wall of each session when ``walls`` has it."""
    if not logbooks:
        raise ValueError("no carnet to export")
    participant = logbooks[0].participant
    title = t("carnet.export.title", participant=participant)
    when = format_date(now or dt.datetime.now().astimezone())
    groups = ", ".join(logbook.group for logbook in logbooks)
    blocks: list[Block] = [
        Heading(1, title),
        Fields([(tn("carnet.export.groups", len(logbooks)), groups), (t("carnet.export.exported"), when)]),
    ]
    several = len(logbooks) > 1
    for logbook in logbooks:
        level = 2
        if several:
            blocks.append(Heading(2, t("carnet.export.group_title", group=logbook.group)))
            level = 3
        blocks += _summary_blocks(logbook, level)
        for entry in chronological(logbook):
            blocks += _session_blocks(entry, level, (walls or {}).get((logbook.group, entry.id), ()))
        if not logbook.sessions:
            blocks.append(Text(t("carnet.export.no_sessions")))
    return title, blocks


# ---------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s|$)")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, link, heading or list by accident)."""
    lines = []
    for line in _MD_SPECIAL.sub(r"\\\1", text).split("\n"):
        lines.append(_MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", line))
    return "\n".join(lines)


def _md_multiline(text: str, indent: str) -> str:
    # Two trailing spaces keep the participant's line breaks; continuation lines are
    # indented so that they stay inside their list item.
    return f"  \n{indent}".join(md_escape(text).split("\n"))


def _md_label(label: str) -> str:
    return md_escape(t("carnet.export.label", label=label))


def _md_blocks(blocks: Sequence[Block], out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Section):
            _md_blocks(block.blocks, out)
        elif isinstance(block, Heading):
            out.append(f"{'#' * block.level} {md_escape(block.text)}")
        elif isinstance(block, Fields):
            out.append(
                "  \n".join(
                    f"**{_md_label(label)}** {_md_multiline(value, '')}" for label, value in block.pairs
                )
            )
        elif isinstance(block, Text):
            out.append(_md_multiline(block.text, ""))
        else:
            lines = []
            for number, item in enumerate(block.items, start=1):
                marker = f"{number}." if block.numbered else "-"
                indent = " " * (len(marker) + 1)
                text = _md_multiline(item.text, indent)
                lead = f"**{md_escape(item.lead)}**" if item.lead else ""
                line = f"{marker} {lead}{' — ' if lead and text else ''}{text}"
                lines.append(line)
                lines.extend(
                    f"{indent}- *{_md_label(label)}* {_md_multiline(value, indent + '  ')}"
                    for label, value in item.details
                )
            out.append("\n".join(lines))


def to_markdown(
    logbooks: Sequence[Logbook], now: dt.datetime | None = None, walls: Walls | None = None
) -> str:
    """The carnets as a Markdown document."""
    _, blocks = build_document(logbooks, now, walls)
    out: list[str] = []
    _md_blocks(blocks, out)
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------- HTML

_STYLE = """
:root { color-scheme: light; --accent: #2c5d8f; --muted: #5a6470; --rule: #d9dee4; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
       color: #1d232a; max-width: 46rem; margin: 2.5rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.8rem; margin: 0 0 .4rem; color: var(--accent); }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
     border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
h4, h5 { font-size: 1rem; margin: 1.1rem 0 .3rem; color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0 1rem; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
section { margin-top: 1.5rem; padding-top: .2rem; }
ul, ol { padding-left: 1.4rem; }
li { margin: .25rem 0; }
li .details { margin: .15rem 0 0; font-size: .95em; }
.text { white-space: pre-wrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  section.keep { break-inside: avoid-page; }
  h1, h2, h3, h4, h5 { break-after: avoid-page; }
  li, dl { break-inside: avoid-page; }
  p, li { orphans: 3; widows: 3; }
}
""".strip()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _html_fields(pairs: Sequence[tuple[str, str]], css: str = "") -> str:
    rows = "".join(f'<dt>{_esc(label)}</dt><dd class="text">{_esc(value)}</dd>' for label, value in pairs)
    opening = f'<dl class="{css}">' if css else "<dl>"
    return f"{opening}{rows}</dl>"


# Print layout. A session is one <section>, never preceded by a forced page break. A short
# one is kept whole (class "keep"): the browser moves it to the next page only when it does
# not fit on what is left of this one, so at most a short session's height is left blank.
# A long one is not kept whole: moved as a block, it would leave the page before it nearly
# empty (page 1 under the title, with a long first session); it flows on instead, and
# breaks only between its parts — a heading stays with what it introduces, an item or a
# list of labelled values stays whole. CSS cannot measure, hence this estimate.
_PRINT_LINES_PER_PAGE = 50
"""About as many lines of about :data:`_PRINT_CHARS_PER_LINE` characters on an A4 or
Letter page at 11 points with the browser's margins."""
_PRINT_CHARS_PER_LINE = 90
_KEPT_WHOLE_LINES = _PRINT_LINES_PER_PAGE // 2
"""Sessions up to half a page are kept whole: the space moving one may leave blank."""


def _text_lines(text: str) -> int:
    return sum(max(1, -(-len(line) // _PRINT_CHARS_PER_LINE)) for line in text.split("\n"))


def _printed_lines(blocks: Sequence[Block]) -> int:
    """An estimate of the lines ``blocks`` take on paper (headings' margins counted as lines)."""
    lines = 0
    for block in blocks:
        if isinstance(block, Section):
            lines += _printed_lines(block.blocks)
        elif isinstance(block, Heading):
            lines += 2
        elif isinstance(block, Fields):
            lines += sum(_text_lines(f"{label} {value}") for label, value in block.pairs) + 1
        elif isinstance(block, Text):
            lines += _text_lines(block.text) + 1
        else:
            for item in block.items:
                lines += _text_lines(f"{item.lead} — {item.text}" if item.lead else item.text)
                lines += sum(_text_lines(f"{label} {value}") for label, value in item.details)
            lines += 1
    return lines


def _html_blocks(blocks: Sequence[Block], out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Section):
            keep = _printed_lines(block.blocks) <= _KEPT_WHOLE_LINES
            out.append('<section class="keep">' if keep else "<section>")
            _html_blocks(block.blocks, out)
            out.append("</section>")
        elif isinstance(block, Heading):
            out.append(f"<h{block.level}>{_esc(block.text)}</h{block.level}>")
        elif isinstance(block, Fields):
            out.append(_html_fields(block.pairs))
        elif isinstance(block, Text):
            out.append(f'<p class="text">{_esc(block.text)}</p>')
        else:
            tag = "ol" if block.numbered else "ul"
            out.append(f"<{tag}>")
            for item in block.items:
                lead = f"<strong>{_esc(item.lead)}</strong>" if item.lead else ""
                separator = " — " if lead and item.text else ""
                details = _html_fields(item.details, "details") if item.details else ""
                out.append(f'<li><span class="text">{lead}{separator}{_esc(item.text)}</span>{details}</li>')
            out.append(f"</{tag}>")


def to_html(logbooks: Sequence[Logbook], now: dt.datetime | None = None, walls: Walls | None = None) -> str:
    """The carnets as a standalone HTML page, with a small stylesheet fit for printing."""
    title, blocks = build_document(logbooks, now, walls)
    body: list[str] = []
    _html_blocks(blocks, body)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{get_lang()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def export(
    logbooks: Sequence[Logbook], fmt: ExportFormat, now: dt.datetime | None = None, walls: Walls | None = None
) -> str:
    """The carnets in the chosen format (a document: a calendar is :mod:`.calendar_export`'s),
    with the group's wall of each session in ``walls``."""
    if fmt is ExportFormat.ICS:
        raise ValueError("a calendar needs the group files: see codev.core.logbook.calendar_export")
    if fmt is ExportFormat.HTML:
        return to_html(logbooks, now, walls)
    return to_markdown(logbooks, now, walls)
