"""The session report as Markdown, as one printable HTML page, and as CSV for charts.

Every label comes from the catalogue in the report's language (``report.*`` messages);
dates and durations are the language's own (:mod:`codev.core.formatting`). What people
typed is always text: escaped for Markdown and HTML, never read as markup.

The CSV has one row per step and one per round, under the stable column names of
:data:`CSV_COLUMNS` (documented in ``docs/facilitating.md``): they never change with the
language, so a spreadsheet built on them keeps working.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Sequence

from codev.core import formatting
from codev.core.i18n import t, tn
from codev.core.report.model import ReportNote, ReportStep, SessionReport
from codev.core.session.model import StepStatus

CSV_COLUMNS = (
    "session_id",
    "date",
    "group",
    "row",
    "number",
    "step_id",
    "round",
    "title",
    "status",
    "planned_seconds",
    "budget_seconds",
    "actual_seconds",
    "joker_used",
    "author",
    "text",
)
"""The CSV's header row. ``row`` is ``step``, ``round`` or ``wall`` (a note of the group's
wall: ``author`` and ``text`` are only theirs); seconds are whole seconds; ``status`` is
``done``, ``skipped``, ``running``, ``paused`` or ``ready`` (never translated)."""


# --- What every format says the same way ---------------------------------------------------


def _signed(seconds: int, report: SessionReport) -> str:
    text = formatting.duration(seconds, report.lang)
    return f"+{text}" if seconds > 0 else text


def _status(value: str, report: SessionReport) -> str:
    return t(f"engine.step_status.{value}", report.lang)


def _facts(report: SessionReport) -> list[tuple[str, str]]:
    """The report's heading facts, as (label, value)."""
    lang = report.lang
    facts = [(t("report.field.date", lang), formatting.date(report.date, "full", lang))]
    if report.number is not None:
        facts.append((t("report.field.number", lang), t("report.number", lang, number=report.number)))
    facts.append((t("report.field.protocol", lang), report.protocol_title))
    if report.subject:
        facts.append((t("report.field.subject", lang), report.subject))
    facts.append((t("report.field.status", lang), t(f"engine.status.{report.status.value}", lang)))
    if report.started_at is not None:
        start = formatting.time_of_day(report.started_at, lang)
        end = formatting.time_of_day(report.ended_at, lang) if report.ended_at is not None else "…"
        facts.append((t("report.field.times", lang), f"{start} – {end}"))
    facts.append(
        (
            t("report.field.duration", lang),
            t(
                "report.planned_actual",
                lang,
                planned=formatting.duration(report.planned_seconds, lang),
                actual=formatting.duration(report.actual_seconds, lang),
            ),
        )
    )
    return facts


def _banners(report: SessionReport) -> list[str]:
    lines = []
    if report.rehearsal:
        lines.append(t("report.rehearsal", report.lang, speed=formatting.number(report.speed, report.lang)))
    if report.audience is not None:
        lines.append(t("report.own_copy", report.lang, name=report.audience))
    return lines


def _step_rows(report: SessionReport) -> list[list[str]]:
    return [
        [
            str(step.number),
            step.title,
            formatting.duration(step.planned_seconds, report.lang),
            *_actual_and_difference(step.status, step.actual_seconds, step.planned_seconds, report),
            _step_status(step, report),
        ]
        for step in report.steps
    ]


def _actual_and_difference(
    status: StepStatus, actual: int, planned: int, report: SessionReport
) -> tuple[str, str]:
    """A step (or round) still to come has no actual time yet, and so no difference."""
    if status is StepStatus.READY:
        return "—", ""
    return formatting.duration(actual, report.lang), _signed(actual - planned, report)


def _step_status(step: ReportStep, report: SessionReport) -> str:
    status = _status(step.status.value, report)
    return f"{status} ({t('report.joker', report.lang)})" if step.joker_used else status


def _round_rows(report: SessionReport) -> list[list[str]]:
    return [
        [
            str(item.number),
            formatting.duration(item.planned_seconds, report.lang),
            *_actual_and_difference(item.status, item.actual_seconds, item.planned_seconds, report),
            # Its own words: a round is not a step (French gives them different genders).
            t(f"report.round_status.{item.status.value}", report.lang),
            item.client or "",
        ]
        for item in report.rounds
    ]


def _action_rows(report: SessionReport) -> list[list[str]]:
    return [
        [
            action.objective,
            action.resources,
            formatting.date(action.deadline, "long", report.lang) if action.deadline else "",
            action.indicator,
            action.owner,
        ]
        for action in report.actions
    ]


def _followup_rows(report: SessionReport) -> list[list[str]]:
    return [
        [item.person, t(f"ui.followup.outcome.{item.outcome}", report.lang), item.comment]
        for item in report.followups
    ]


def _withheld_lines(report: SessionReport) -> list[str]:
    return [
        tn(f"report.withheld.{item.part}", item.count, report.lang, owner=item.owner)
        for item in report.withheld
    ]


def _headers(report: SessionReport, *keys: str) -> list[str]:
    return [t(f"report.col.{key}", report.lang) for key in keys]


Table = tuple[str, str, list[str], list[list[str]]]
"""A table: its id, its heading, its header row, its rows."""


def _split(report: SessionReport) -> bool:
    # The sub-group column only for a session that was split: older reports read as before.
    return any(person.subgroup for person in report.people)


def _tables(report: SessionReport) -> list[Table]:
    """The report's tables in order; an empty one is left out."""
    lang = report.lang
    tables: list[Table] = [
        (
            "report-people",
            t("report.heading.people", lang),
            _headers(report, "name", "role", *(("subgroup",) if _split(report) else ())),
            [
                [person.name, person.title or t(f"role.{person.role.value}", lang)]
                + ([person.subgroup] if _split(report) else [])
                for person in report.people
            ],
        ),
        (
            "report-steps",
            t("report.heading.steps", lang),
            _headers(report, "number", "step", "planned", "actual", "difference", "status"),
            _step_rows(report),
        ),
        (
            "report-rounds",
            t("report.heading.rounds", lang),
            _headers(report, "round", "planned", "actual", "difference", "status", "client"),
            _round_rows(report),
        ),
        (
            "report-airtime",
            t("report.heading.airtime", lang),
            _headers(report, "name", "airtime"),
            [[item.name, formatting.duration(item.seconds, lang)] for item in report.airtime],
        ),
    ]
    return [table for table in tables if table[3]]


def _note_sections(report: SessionReport) -> list[tuple[str, str, Sequence[ReportNote]]]:
    lang = report.lang
    sections = [
        ("report-question", t("report.heading.question", lang), report.question),
        ("report-contract", t("report.heading.contract", lang), report.contract),
        ("report-suggestions", t("report.heading.suggestions", lang), report.suggestions),
    ]
    return [section for section in sections if section[2]]


def _later_tables(report: SessionReport) -> list[Table]:
    tables: list[Table] = [
        (
            "report-actions",
            t("report.heading.actions", report.lang),
            _headers(report, "objective", "resources", "deadline", "indicator", "owner"),
            _action_rows(report),
        ),
        (
            "report-followups",
            t("report.heading.followups", report.lang),
            _headers(report, "person", "outcome", "comment"),
            _followup_rows(report),
        ),
    ]
    return [table for table in tables if table[3]]


def _byline(note: ReportNote, report: SessionReport) -> str:
    if note.step_title:
        return t("report.byline_step", report.lang, author=note.author, step=note.step_title)
    return t("report.byline", report.lang, author=note.author)


def _kind_byline(note: ReportNote, report: SessionReport) -> str:
    return f"{t(f'room.kind.{note.kind.value}', report.lang)}, {_byline(note, report)}"


# --- Markdown ----------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """``text`` as Markdown shows it as typed: its markup characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_cell(text: str) -> str:
    return " ".join(_md(text).split()) or " "


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(cell) for cell in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _md_item(text: str) -> str:
    # A note on several lines stays one item: its lines are continued under the bullet.
    return "- " + "  \n  ".join(_md(line) for line in text.splitlines() or [""])


def to_markdown(report: SessionReport) -> str:
    """The report as a Markdown document."""
    lang = report.lang
    lines = [f"# {_md(t('report.title', lang, group=report.group))}", ""]
    lines += [f"*{_md(banner)}*\n" for banner in _banners(report)]
    lines += [
        f"- {t('report.fact', lang, label=_md(label), value=_md(value))}" for label, value in _facts(report)
    ]
    lines.append("")
    for _, heading, header, rows in _tables(report):
        lines += [f"## {_md(heading)}", "", *_md_table(header, rows)]
    for _, heading, notes in _note_sections(report):
        lines += [f"## {_md(heading)}", ""]
        lines += [f"{_md_item(note.text)} — *{_md(_byline(note, report))}*" for note in notes]
        lines.append("")
    for _, heading, header, rows in _later_tables(report):
        lines += [f"## {_md(heading)}", "", *_md_table(header, rows)]
    if report.notes:
        lines += [f"## {_md(t('report.heading.notes', lang))}", ""]
        lines += [f"{_md_item(note.text)} — *{_md(_kind_byline(note, report))}*" for note in report.notes]
        lines.append("")
    if report.wall:
        lines += [f"## {_md(t('report.heading.wall', lang))}", ""]
        lines += [f"{_md_item(note.text)} — *{_md(_byline(note, report))}*" for note in report.wall]
        lines.append("")
    if report.withheld:
        lines += [f"## {_md(t('report.heading.withheld', lang))}", ""]
        lines += [_md_item(line) for line in _withheld_lines(report)]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- HTML --------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.45; margin: 2rem auto; max-width: 56rem;
       padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; margin-bottom: .4rem; }
h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #bbb; }
.banner { background: #fff3c4; border-left: 4px solid #c8a000; padding: .4rem .8rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
.text { white-space: pre-wrap; }
.by { color: #555; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  table, li { break-inside: avoid; }
  .banner { border: 1px solid #000; }
}
""".strip()


def _h(text: str) -> str:
    """``text`` escaped for HTML (control characters, which HTML forbids, replaced)."""
    return html.escape(_CONTROL.sub("\ufffd", text), quote=True)


def _html_table(
    table_id: str, header: list[str], rows: list[list[str]], numeric: Callable[[int], bool]
) -> str:
    head = "".join(f'<th scope="col">{_h(cell)}</th>' for cell in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_h(cell)}</td>' if numeric(index) else f'<td class="text">{_h(cell)}</td>'
            for index, cell in enumerate(row)
        )
        + "</tr>\n"
        for row in rows
    )
    return f'<table id="{table_id}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>'


_NUMERIC: dict[str, set[int]] = {
    "report-steps": {0, 2, 3, 4},
    "report-rounds": {0, 1, 2, 3},
    "report-airtime": {1},
}


def _html_section(table: Table) -> str:
    table_id, heading, header, rows = table
    numeric = _NUMERIC.get(table_id, set())
    table_html = _html_table(table_id, header, rows, numeric.__contains__)
    return f"<section>\n<h2>{_h(heading)}</h2>\n{table_html}\n</section>"


def _html_notes(section_id: str, heading: str, items: list[tuple[str, str]]) -> str:
    lis = "".join(
        f'<li><span class="text">{_h(text)}</span> — <span class="by">{_h(by)}</span></li>\n'
        for text, by in items
    )
    return f'<section id="{section_id}">\n<h2>{_h(heading)}</h2>\n<ul>\n{lis}</ul>\n</section>'


def to_html(report: SessionReport) -> str:
    """The report as one self-contained HTML5 page (no script, no outside file), printable."""
    lang = report.lang
    title = t("report.title", lang, group=report.group)
    parts = [f"<h1>{_h(title)}</h1>"]
    parts += [f'<p class="banner">{_h(banner)}</p>' for banner in _banners(report)]
    facts = "".join(f"<dt>{_h(label)}</dt><dd>{_h(value)}</dd>" for label, value in _facts(report))
    parts.append(f'<dl class="facts">{facts}</dl>')
    parts += [_html_section(table) for table in _tables(report)]
    for section_id, heading, notes in _note_sections(report):
        parts.append(_html_notes(section_id, heading, [(note.text, _byline(note, report)) for note in notes]))
    parts += [_html_section(table) for table in _later_tables(report)]
    if report.notes:
        items = [
            (note.text, f"{t(f'room.kind.{note.kind.value}', lang)}, {_byline(note, report)}")
            for note in report.notes
        ]
        parts.append(_html_notes("report-notes", t("report.heading.notes", lang), items))
    if report.wall:
        items = [(note.text, _byline(note, report)) for note in report.wall]
        parts.append(_html_notes("report-wall", t("report.heading.wall", lang), items))
    if report.withheld:
        lis = "".join(f"<li>{_h(line)}</li>\n" for line in _withheld_lines(report))
        parts.append(
            f'<section id="report-withheld">\n<h2>{_h(t("report.heading.withheld", lang))}</h2>\n'
            f"<ul>\n{lis}</ul>\n</section>"
        )
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_h(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


# --- CSV ---------------------------------------------------------------------------------


def to_csv(report: SessionReport) -> str:
    """One row per step, then one per round, then one per note of the wall, under :data:`CSV_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    common = {"session_id": report.session_id, "date": report.date.isoformat(), "group": report.group}
    for step in report.steps:
        writer.writerow(
            common
            | {
                "row": "step",
                "number": step.number,
                "step_id": step.step_id,
                "round": "" if step.round is None else step.round,
                "title": step.title,
                "status": step.status.value,
                "planned_seconds": step.planned_seconds,
                "budget_seconds": step.budget_seconds,
                "actual_seconds": step.actual_seconds,
                "joker_used": "yes" if step.joker_used else "no",
            }
        )
    for item in report.rounds:
        writer.writerow(
            common
            | {
                "row": "round",
                "number": "",
                "step_id": "",
                "round": item.number,
                "title": t("report.round", report.lang, round=item.number),
                "status": item.status.value,
                "planned_seconds": item.planned_seconds,
                "budget_seconds": item.budget_seconds,
                "actual_seconds": item.actual_seconds,
                "joker_used": "",
            }
        )
    steps = {step.step_id: step for step in report.steps}
    for number, note in enumerate(report.wall, start=1):
        where = steps.get(note.step_id)
        writer.writerow(
            common
            | {
                "row": "wall",
                "number": number,
                "step_id": where.step_id if where is not None else "",
                "round": "" if where is None or where.round is None else where.round,
                "title": note.step_title,
                "author": note.author,
                "text": note.text,
            }
        )
    return buffer.getvalue()
