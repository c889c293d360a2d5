"""The review screen's texts: timeline rows, search hits, commitments, a session in full, the path.

Plain Rich text built from the review's data, in the user's language; the widgets only
place it. Every text from the carnet is added as text, never parsed as markup: a
participant's ``[bold]`` stays as they wrote it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from codev.core import formatting
from codev.core.i18n import t
from codev.core.logbook import Action, CommitmentStatus, SessionEntry
from codev.core.logbook.names import loose_key
from codev.core.logbook.views import Commitment, PathPoint, PathSummary, format_date
from codev.core.protocol.model import Role
from codev.ui.carnet.review import CarnetReview, CommitmentItem, Hit, PersonalField, Row, SessionKey

TO_COMPLETE = "✎"
"""Marks a session whose personal fields are all empty: an invitation to complete them."""
OPEN_MARK = "●"
"""Marks a client session with commitments still open."""

STATUS_GLYPHS = {CommitmentStatus.OPEN: "●", CommitmentStatus.DONE: "✓", CommitmentStatus.DROPPED: "✗"}
STATUS_STYLES = {CommitmentStatus.OPEN: "bold", CommitmentStatus.DONE: "", CommitmentStatus.DROPPED: "dim"}
ROLE_GLYPHS = {Role.CLIENT: "◆", Role.CONSULTANT: "○"}
OTHER_ROLE_GLYPH = "·"
SPARK = " ▁▂▃▄▅▆▇█"
GAP = "  "


def role_label(role: Role) -> str:
    """A role in the user's language (``consultant``, ``animateur``…)."""
    return t(f"role.{role.value}")


def status_label(status: CommitmentStatus) -> str:
    """A commitment's status in the user's language (``en cours``, ``tenu``, ``abandonné``)."""
    return t(f"carnet.status.{status.value}")


def field_label(field: str) -> str:
    """A carnet field's label (``Enseignements``, ``Plan d'action``…)."""
    return t(f"carnet.field.{field}")


def short_date(value: dt.date) -> str:
    """A date for the lists: ``14 janv. 2025``, ``Jan 14, 2025``."""
    return formatting.date(value, "medium")


def session_title(entry: SessionEntry) -> str:
    """``Séance 12 — 14 janvier 2025``, or ``Séance du 14 janvier 2025`` without a number."""
    date = format_date(entry.date)
    if entry.number is not None:
        return t("carnet.export.session_number_title", number=entry.number, date=date)
    return t("carnet.export.session_title", date=date)


def _cell(text: str, width: int) -> str:
    """``text`` padded, or cut with an ellipsis, to exactly ``width`` cells."""
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis", pad=True)
    return cut.plain


# ---------------------------------------------------------------------------- the timeline


@dataclass(frozen=True)
class TimelineColumns:
    """Column widths of the timeline, from the rows it shows (the subject takes the rest)."""

    date: int
    number: int
    role: int
    group: int
    """0 when the carnet has one group: no group column."""


def timeline_columns(rows: Sequence[Row], several_groups: bool) -> TimelineColumns:
    """Widths that fit every row's date, number, role and group (and their headers)."""
    date = max((cell_len(short_date(item.row.date)) for item in rows), default=0)
    roles = {item.row.role for item in rows}
    numbers = [item.row.number for item in rows if item.row.number is not None]
    group = max((cell_len(item.key.group) for item in rows), default=0) if several_groups else 0
    return TimelineColumns(
        date=max(date, cell_len(t("carnet.review.col.date"))),
        number=max(len(str(max(numbers))), cell_len(t("carnet.review.col.number"))) if numbers else 0,
        role=max([cell_len(role_label(role)) for role in roles] + [cell_len(t("carnet.review.col.role"))]),
        group=min(24, max(group, cell_len(t("carnet.review.col.group")))) if several_groups else 0,
    )


def timeline_header(columns: TimelineColumns) -> Text:
    """The column titles above the timeline."""
    cells = [_cell(t("carnet.review.col.date"), columns.date)]
    if columns.number:
        cells.append(t("carnet.review.col.number").rjust(columns.number))
    cells.append(_cell(t("carnet.review.col.role"), columns.role))
    if columns.group:
        cells.append(_cell(t("carnet.review.col.group"), columns.group))
    cells.append(t("carnet.review.col.subject"))
    # Three columns for the marks in front of the rows (see timeline_row).
    return Text("   " + GAP.join(cells), style="bold", no_wrap=True)


def timeline_row(item: Row, columns: TimelineColumns, width: int) -> Text:
    """One session: marks, date, number, role, group, subject (and whose subject it is)."""
    row = item.row
    text = Text(no_wrap=True)
    text.append(TO_COMPLETE if not row.has_reflection else " ", style="bold")
    text.append(OPEN_MARK if row.open_commitments else " ", style="bold")
    text.append(" ")
    cells = [_cell(short_date(row.date), columns.date)]
    if columns.number:
        cells.append((str(row.number) if row.number is not None else "").rjust(columns.number))
    text.append(GAP.join(cells) + GAP)
    text.append(_cell(role_label(row.role), columns.role), style="bold" if row.role is Role.CLIENT else "")
    text.append(GAP)
    if columns.group:
        text.append(_cell(item.key.group, columns.group) + GAP, style="italic")
    if row.subject:
        text.append(row.subject)
    else:
        text.append(t("carnet.review.no_subject"), style="dim italic")
    if row.client and row.role is not Role.CLIENT:
        text.append(f" — {row.client}", style="dim")
    return text


def timeline_legend() -> Text:
    """What the marks in front of the rows mean."""
    text = Text(no_wrap=True)
    text.append(TO_COMPLETE, style="bold")
    text.append(f" {t('carnet.review.legend.to_complete')}{GAP}")
    text.append(OPEN_MARK, style="bold")
    text.append(f" {t('carnet.review.legend.open')}")
    return text


# ---------------------------------------------------------------------------- search


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` without case or accents, and for each folded character its index in ``text``."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKD", char.casefold())
        for piece in folded:
            if not unicodedata.combining(piece):
                chars.append(piece)
                origin.append(index)
    return "".join(chars), origin


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the words of ``query`` occur in ``text`` (ignoring case and accents, as the search does)."""
    folded, origin = _folded(text)
    spans = []
    for word in loose_key(query).split():
        start = folded.find(word)
        while start >= 0 and word:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    return sorted(spans)


@dataclass(frozen=True)
class HitColumns:
    """Column widths of the search results."""

    date: int
    field: int
    group: int


def hit_columns(hits: Sequence[Hit], several_groups: bool) -> HitColumns:
    """Widths that fit every hit's date, field label and group."""
    return HitColumns(
        date=max((cell_len(short_date(hit.date)) for hit in hits), default=0),
        field=max((cell_len(field_label(hit.hit.field)) for hit in hits), default=0),
        group=min(24, max((cell_len(hit.key.group) for hit in hits), default=0)) if several_groups else 0,
    )


def hit_row(hit: Hit, query: str, columns: HitColumns, width: int) -> Text:
    """A search result: date, where it was found, and the text around the first match, highlighted."""
    text = Text(no_wrap=True)
    text.append(_cell(short_date(hit.date), columns.date) + GAP)
    if columns.group:
        text.append(_cell(hit.key.group, columns.group) + GAP, style="italic")
    text.append(_cell(field_label(hit.hit.field), columns.field) + GAP, style="bold")
    found = hit.hit.text.replace("\n", " ")
    spans = match_spans(found, query)
    room = max(10, width - text.cell_len)
    start = 0
    if spans and spans[0][1] > room - 1:
        # The first match would be cut off: start the text later, the match two thirds in.
        start = max(0, spans[0][1] - room * 2 // 3)
    snippet = Text(("…" if start else "") + found[start:])
    shift = 1 if start else 0
    for first, last in spans:
        if last > start:
            snippet.stylize("reverse", max(first, start) - start + shift, last - start + shift)
    text.append_text(snippet)
    return text


# ---------------------------------------------------------------------------- commitments


def _followup_line(commitment: Commitment) -> str:
    if not commitment.followups:
        return ""
    date, last = commitment.followups[-1]
    said = t(f"carnet.followup.{last.status.value}")
    line = t("carnet.review.followup", status=said, date=short_date(date))
    return t("carnet.review.with_comment", text=line, comment=last.comment) if last.comment else line


INDICATOR_CELLS = 40
"""An indicator in the list is cut there: the last follow-up and the session stay in view."""


def _short(text: str, cells: int) -> str:
    """``text`` on one line, cut with an ellipsis past ``cells`` cells."""
    line = " ".join(text.split())
    return line if cell_len(line) <= cells else _cell(line, cells)


def commitment_row(item: CommitmentItem, several_groups: bool, width: int) -> Text:
    """Two lines: the status and the objective; then the deadline, the indicator, the last
    follow-up, the session."""
    commitment = item.commitment
    action = commitment.action
    status = action.status
    text = Text(no_wrap=True)
    text.append(f" {STATUS_GLYPHS[status]} ", style=STATUS_STYLES[status] or None)
    label_width = max(cell_len(status_label(value)) for value in CommitmentStatus)
    text.append(_cell(status_label(status), label_width) + GAP, style=STATUS_STYLES[status] or None)
    text.append(action.objective or t("carnet.review.no_objective"))
    # What matters most first: by when, and how it went; then where it comes from.
    details = []
    if action.deadline is not None:
        details.append(t("carnet.review.deadline", date=short_date(action.deadline)))
    if action.indicator:
        details.append(t("carnet.review.indicator", text=_short(action.indicator, INDICATOR_CELLS)))
    followup = _followup_line(commitment)
    if followup:
        details.append(followup)
    details.append(t("carnet.review.made_on", date=short_date(commitment.session_date)))
    if several_groups:
        details.append(item.key.group)
    text.append("\n" + " " * (3 + label_width + len(GAP)) + " · ".join(details), style="dim")
    return text


# ---------------------------------------------------------------------------- a session in full


@dataclass(frozen=True)
class ActionRef:
    """An action of the session's plan (a commitment), to change its status."""

    action_id: str


EditTarget = PersonalField | ActionRef


@dataclass(frozen=True)
class Block:
    """A part of a session shown in full: a heading, a body, and what Enter edits there (if anything)."""

    title: str = ""
    body: Text | None = None
    target: EditTarget | None = None
    field: str = ""
    """The carnet field shown (as in :class:`SearchHit`), to find the part a search hit is in."""


def _bullets(texts: Sequence[str]) -> Text:
    text = Text()
    for index, item in enumerate(texts):
        if index:
            text.append("\n")
        text.append("• ")
        text.append(item.replace("\n", "\n  "))
    return text


def _labelled(pairs: Sequence[tuple[str, str]]) -> Text:
    text = Text()
    for index, (label, value) in enumerate(pairs):
        if index:
            text.append("\n")
        text.append(t("carnet.export.label", label=label) + " ", style="bold")
        text.append(value)
    return text


def action_text(number: int, action: Action, commitment: Commitment | None) -> Text:
    """One commitment of the plan: objective and status, details, what later sessions said."""
    status = action.status
    text = Text()
    text.append(f"{number}. ", style="bold")
    text.append(action.objective or t("carnet.review.no_objective"))
    text.append(f"   {STATUS_GLYPHS[status]} {status_label(status)}", style=STATUS_STYLES[status] or "bold")
    details = [
        (field_label("resources"), action.resources),
        (field_label("deadline"), format_date(action.deadline) if action.deadline else ""),
        (field_label("indicator"), action.indicator),
    ]
    for label, value in details:
        if value:
            text.append("\n   ")
            text.append(t("carnet.export.label", label=label) + " ", style="italic")
            text.append(value.replace("\n", "\n   "))
    for date, followup in commitment.followups if commitment is not None else ():
        said = t(f"carnet.followup.{followup.status.value}")
        text.append("\n   ↳ " + t("carnet.review.followup", status=said, date=format_date(date)), style="dim")
        if followup.comment:
            text.append(" — " + followup.comment, style="dim")
    return text


def session_blocks(review: CarnetReview, key: SessionKey) -> list[Block]:
    """Everything the carnet keeps of a session, in the export's order; editable parts have a target."""
    entry = review.entry(key)
    if entry is None:
        return [Block(body=Text(t("carnet.error.unknown_session", session=key.session_id)))]
    facts = [
        (field_label("subject"), entry.subject),
        (field_label("role"), entry.role_title or role_label(entry.role)),
    ]
    if entry.client and entry.role is not Role.CLIENT:
        facts.append((field_label("client"), entry.client))
    facts.append((field_label("protocol"), entry.protocol_title or entry.protocol))
    facts.append((t("carnet.review.col.group"), key.group))
    blocks = [Block(body=_labelled([(label, value) for label, value in facts if value]), field="subject")]
    for name in ("question", "contract"):
        value = getattr(entry, name)
        if value:
            blocks.append(Block(field_label(name), Text(value), field=name))
    if entry.suggestions_received:
        received = Text()
        for index, suggestion in enumerate(entry.suggestions_received):
            received.append(("\n" if index else "") + "• ")
            received.append(suggestion.author, style="bold")
            received.append(" — " + suggestion.text.replace("\n", "\n  "))
        blocks.append(Block(field_label("suggestions_received"), received, field="suggestions_received"))
    if entry.actions:
        blocks.append(Block(field_label("actions"), field="actions"))
        for number, action in enumerate(entry.actions, start=1):
            body = action_text(number, action, review.commitment(key, action.id))
            blocks.append(Block(body=body, target=ActionRef(action.id), field="actions"))
    if entry.suggestions_given:
        given = _bullets(entry.suggestions_given)
        blocks.append(Block(field_label("suggestions_given"), given, field="suggestions_given"))
    if entry.followups:
        told = Text()
        for index, followup in enumerate(entry.followups):
            told.append(("\n" if index else "") + "• ")
            told.append(followup.objective or followup.action, style="bold")
            said = t(f"carnet.followup.{followup.status.value}")
            if followup.comment:
                said = t("carnet.review.with_comment", text=said, comment="")
            told.append(" — " + said)
            told.append(followup.comment)
        blocks.append(Block(field_label("followups"), told, field="followups"))
    for field in PersonalField:
        texts: list[str] = getattr(entry, field.value)
        body = _bullets(texts) if texts else Text(t("carnet.review.empty_field"), style="dim italic")
        blocks.append(Block(field_label(field.value), body, field, field=field.value))
    return blocks


def session_text(review: CarnetReview, key: SessionKey) -> Text:
    """A session in full as one text (the preview beside the timeline)."""
    entry = review.entry(key)
    text = Text()
    if entry is not None:
        text.append(session_title(entry) + "\n", style="bold underline")
    for block in session_blocks(review, key):
        if block.title:
            text.append("\n" + block.title + "\n", style="bold")
        if block.body is not None:
            text.append_text(block.body)
            text.append("\n")
    text.rstrip()
    return text


# ---------------------------------------------------------------------------- the path


def summary_line(review: CarnetReview) -> str:
    """One line for the top of the screen: the group (or how many), sessions, commitments kept."""
    path = review.path
    groups = (
        t("carnet.review.groups_count", count=len(review.groups))
        if review.several_groups
        else review.groups[0]
    )
    sessions = t("carnet.review.sessions_count", count=path.sessions)
    if not path.commitments:
        return f"{groups} · {sessions}"
    kept = t("carnet.review.kept_count", done=path.done, total=path.commitments)
    return f"{groups} · {sessions} · {kept}"


def _bar(value: int, total: int, width: int) -> Text:
    filled = round(width * value / total) if total else 0
    text = Text()
    text.append("█" * filled, style="bold")
    text.append("░" * (width - filled), style="dim")
    return text


@dataclass(frozen=True)
class _Scale:
    """How sessions map to the columns of a chart: runs of sessions, and cells per run."""

    runs: list[range]
    cells: int

    @classmethod
    def fit(cls, count: int, width: int) -> _Scale:
        """One run per session (wider when there are few), or runs of several when they are many."""
        if count <= width:
            cells = max(1, min(4, width // count)) if count else 1
            return cls([range(index, index + 1) for index in range(count)], cells)
        bounds = [round(index * count / width) for index in range(width + 1)]
        return cls([range(bounds[index], bounds[index + 1]) for index in range(width)], 1)

    @property
    def width(self) -> int:
        """The cells the chart takes."""
        return len(self.runs) * self.cells


def _role_strip(roles: Sequence[Role], scale: _Scale) -> Text:
    text = Text(no_wrap=True)
    for run in scale.runs:
        present = {roles[index] for index in run}
        # A run of sessions shows its most telling role: client first, then consultant.
        if Role.CLIENT in present:
            text.append(ROLE_GLYPHS[Role.CLIENT].ljust(scale.cells), style="bold")
        elif Role.CONSULTANT in present:
            text.append(ROLE_GLYPHS[Role.CONSULTANT].ljust(scale.cells))
        else:
            text.append(OTHER_ROLE_GLYPH.ljust(scale.cells), style="dim")
    return text


def _sparkline(values: Sequence[int], top: int, scale: _Scale) -> str:
    # The last value of each run: the series are cumulative.
    steps = len(SPARK) - 1
    levels = [min(steps, round(steps * values[run[-1]] / top)) if top else 0 for run in scale.runs]
    return "".join(SPARK[level] * scale.cells for level in levels)


def path_picture(review: CarnetReview, width: int) -> Text:
    """The participant's path: sessions by role, roles over time, commitments kept over time."""
    path: PathSummary = review.path
    labels = [role_label(role) for role in path.by_role]
    labels += [t("carnet.review.path.made"), t("carnet.review.path.kept")]
    label_width = max(cell_len(label) for label in labels)
    number_width = len(str(max(path.sessions, path.commitments, 1)))
    # Charts stop growing at 64 cells: across a wide terminal, a bar is harder to read.
    chart = max(8, min(64, width - label_width - number_width - 6))
    indent = " " * (label_width + 3)
    text = Text()
    text.append(t("carnet.review.path.sessions", count=path.sessions) + "\n", style="bold")
    for role, count in sorted(path.by_role.items(), key=lambda pair: -pair[1]):
        text.append("  " + _cell(role_label(role), label_width) + " ")
        text.append_text(_bar(count, path.sessions, chart))
        text.append(f" {formatting.number(count).rjust(number_width)}\n")
    if path.sessions:
        roles = [item.row.role for item in review.rows]
        scale = _Scale.fit(len(roles), chart)
        per_run = len(scale.runs[0]) if scale.runs else 1
        per = "carnet.review.path.strip_one" if per_run == 1 else "carnet.review.path.strip_many"
        text.append("\n" + t("carnet.review.path.over_time") + "  ", style="bold")
        text.append(t(per, count=per_run) + "\n", style="dim")
        text.append(indent)
        text.append_text(_role_strip(roles, scale))
        text.append("\n" + indent)
        text.append(f"{ROLE_GLYPHS[Role.CLIENT]} {role_label(Role.CLIENT)}   ", style="dim")
        text.append(f"{ROLE_GLYPHS[Role.CONSULTANT]} {role_label(Role.CONSULTANT)}   ", style="dim")
        text.append(f"{OTHER_ROLE_GLYPH} {t('carnet.review.path.other_role')}\n", style="dim")
    text.append("\n" + t("carnet.review.path.commitments", count=path.commitments) + "\n", style="bold")
    if not path.commitments:
        text.append("  " + t("carnet.review.path.no_commitments"), style="dim italic")
        return text
    counts = t("carnet.export.commitment_counts", done=path.done, dropped=path.dropped, open=path.open)
    text.append("  " + counts + "\n")
    points = list(path.kept_over_time)
    marked = [
        item.commitment.action.status_changed
        for item in review.commitments
        if item.commitment.action.status is CommitmentStatus.DONE and item.commitment.action.status_changed
    ]
    if path.done > points[-1].kept and marked:
        # Kept since the last session (marked done here, say): the curve goes on to that day,
        # so that it ends where the counts above say.
        points.append(PathPoint(max(marked), points[-1].made, path.done))
    scale = _Scale.fit(len(points), chart)
    text.append("\n" + t("carnet.review.path.kept_over_time") + "\n", style="bold")
    for label, values, style in (
        (t("carnet.review.path.made"), [point.made for point in points], "dim"),
        (t("carnet.review.path.kept"), [point.kept for point in points], "bold"),
    ):
        text.append("  " + _cell(label, label_width) + " ")
        text.append(_sparkline(values, path.commitments, scale), style=style)
        text.append(f" {str(values[-1]).rjust(number_width)}\n")
    text.append(indent)
    text.append(_span_of(points[0].date, points[-1].date, scale.width), style="dim")
    return text


def _span_of(first: dt.datetime, last: dt.datetime, width: int) -> str:
    """The first and last dates under a chart, at its two ends."""
    start, end = short_date(first), short_date(last)
    if first.date() == last.date():
        return start
    room = width - cell_len(start) - cell_len(end)
    return start + " " * room + end if room > 0 else f"{start} → {end}"
