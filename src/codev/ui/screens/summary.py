"""The end of a session: planned vs actual, airtime, the contract and plan, the learnings, the files.

Shown on the projector while the group takes its leave, so it is as legible as the live
screen: the client's contract and action plan, and what everyone learned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from codev.core import formatting
from codev.core.i18n import get_lang, t
from codev.core.next_meeting import NextMeetingPlan
from codev.core.protocol.model import NoteKind
from codev.core.session.model import SessionSetup
from codev.core.session.view import SessionView
from codev.core.workspace import Workspace
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.widgets.panels import ChartPanel, airtime_bars, fit_cells


def timing_chart(view: SessionView, width: int) -> Text:
    """Planned vs actual minutes per step, as two bars each."""
    lang = get_lang()
    text = Text()
    longest = max((max(step.budget_seconds, step.actual_seconds) for step in view.steps), default=1.0) or 1.0
    title_width = min(22, width // 3, max(cell_len(step.step.title.get(lang)) for step in view.steps))
    bar_width = max(6, width - title_width - 6)
    for step in view.steps:
        title = fit_cells(step.step.title.get(lang), title_width)
        planned = round(bar_width * step.original_seconds / longest)
        actual = round(bar_width * step.actual_seconds / longest)
        over = step.actual_seconds > step.original_seconds + 30
        text.append(f"{title} ")
        text.append("▒" * planned, style="dim")
        text.append(f" {formatting.number(round(step.original_seconds / 60))}′\n", style="dim")
        text.append(" " * (title_width + 1))
        text.append("█" * actual, style="bold red" if over else "bold")
        text.append(f" {formatting.number(round(step.actual_seconds / 60))}′\n")
    text.rstrip()
    return text


def notes_of_kinds(setup: SessionSetup, view: SessionView, kinds: Sequence[NoteKind]) -> Text:
    """Every note of these kinds, with its author."""
    names = {person.id: person.name for person in setup.participants}
    text = Text()
    for note in view.notes:
        if note.kind in kinds:
            text.append("• ")
            text.append(note.text)
            text.append(f" — {names.get(note.author_id, '?')}\n", style="italic")
    text.rstrip()
    return text


class SummaryScreen(Screen[None], TranslatedBindingsMixin):
    """The session's summary, and where its carnets were written."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        # Neither PageDown nor Escape: a clicker sends both (F5 and Escape alternate on one
        # button), and a click once too often must not close the summary the room is reading.
        Binding("q", "close", "key.close_summary", id="close"),
        Binding("r", "write_report", "key.write_report", id="write_report"),
        # A key, not a field: the room reads the summary, and a field would take `q` and the
        # clicker's keys as text. Asked by the line under the title; optional.
        Binding("d", "next_meeting", "key.next_meeting", id="next_meeting"),
        Binding("question_mark", "noop", "", show=False),
    ]

    def __init__(
        self,
        setup: SessionSetup,
        view: SessionView,
        written: Sequence[Path],
        problems: Sequence[str],
        kept_aside: Sequence[tuple[Path, Path]] = (),
        *,
        workspace: Workspace | None = None,
        session_id: str = "",
        next_meeting: NextMeetingPlan | None = None,
    ) -> None:
        super().__init__()
        self.next_meeting = next_meeting
        """Where the next meeting's date is kept (None: the app's session's, if it writes carnets)."""
        self._planned: dt.date | None = None
        self._next_typed = ""
        """What was typed in the next meeting's dialog and not kept, offered again."""
        self.setup = setup
        self.view = view
        self.written = list(written)
        self.problems = list(problems)
        self.kept_aside = list(kept_aside)
        """Carnets that could not take their entry, each with the file that keeps it."""
        self.workspace = workspace
        """Where the report is written (None: the app's workspace)."""
        self.session_id = session_id
        """The session's journal id, which names the report (empty: the app's session)."""

    def compose(self) -> ComposeResult:
        view, setup = self.view, self.setup
        with VerticalScroll(id="summary"):
            # The group's name, file paths and problems are shown as text, never read as markup.
            yield Static(
                t("ui.summary.title", group=setup.group, date=formatting.date(setup.date, "full")),
                id="summary-title",
                markup=False,
            )
            plan = self._next_meeting_plan()
            if plan is not None:
                self._planned = plan.current()
                yield Static(self._next_meeting_line(), id="summary-next", markup=False)
            with Horizontal(id="summary-top"):
                with Vertical(classes="summary-col"):
                    yield Static(t("ui.summary.timing"), classes="summary-heading")
                    yield ChartPanel(lambda width: timing_chart(view, width), id="summary-timing")
                with Vertical(classes="summary-col"):
                    yield Static(t("ui.summary.airtime"), classes="summary-heading")
                    order = tuple(person.id for person in setup.participants)
                    yield ChartPanel(
                        lambda width: airtime_bars(setup, view.airtime_session, order, width),
                        id="summary-airtime",
                    )
            sections = [
                ("ui.summary.contract", (NoteKind.CONTRACT,)),
                ("ui.summary.actions", (NoteKind.ACTION,)),
                ("ui.summary.learnings", (NoteKind.LEARNING, NoteKind.FEELING)),
            ]
            # The group's wall has its own section where the protocol builds one (or a note
            # was put there): a summary without a wall stays as it was.
            walled = any(NoteKind.WALL in step.step.notes for step in view.steps)
            if walled or any(note.kind is NoteKind.WALL for note in view.notes):
                sections.append(("ui.summary.wall", (NoteKind.WALL,)))
            for heading, kinds in sections:
                yield Static(t(heading), classes="summary-heading")
                content = notes_of_kinds(setup, view, kinds)
                yield Static(content if content.plain else t("ui.summary.none"), classes="summary-notes")
            yield Static(t("ui.summary.files"), classes="summary-heading")
            lines = [str(path) for path in self.written]
            # Never listed as written: a carnet kept aside says where its entry is.
            lines += [t("ui.summary.kept_aside", file=file, pending=aside) for file, aside in self.kept_aside]
            files = "\n".join(lines) or t("ui.summary.no_files")
            yield Static(files, id="summary-files", markup=False)
            if self.problems:
                yield Static("\n".join(self.problems), id="summary-problems", markup=False)
        yield Footer()

    def action_close(self) -> None:
        """Leave codev: the session is over and saved."""
        self.app.exit()

    def action_write_report(self) -> None:
        """Write the session's report (HTML, the CSV beside it) into the workspace; say where."""
        from codev.core.report import build_report, write_reports

        config = getattr(self.app, "config", None)
        workspace = self.workspace or getattr(config, "workspace", None)
        session_id = self.session_id or getattr(self.app, "engine_session_id", None) or ""
        if not isinstance(workspace, Workspace):
            self.notify(t("ui.summary.report_failed", reason="?"), severity="error", markup=False)
            return
        try:
            report = build_report(self.setup, self.view, session_id=session_id)
            html_path, csv_path = write_reports(report, workspace)
        except (OSError, ValueError) as error:
            # A link in the way, a full disk, a read-only workspace: said, and the summary stays.
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            message = t("ui.summary.report_failed", reason=reason)
            self.notify(message, severity="error", timeout=15, markup=False)
            return

        def shown(path: Path) -> str:
            return str(path.relative_to(workspace.root) if path.is_relative_to(workspace.root) else path)

        message = t("ui.summary.report_written", html=shown(html_path), csv=shown(csv_path))
        self.notify(message, timeout=15, markup=False)

    def _next_meeting_plan(self) -> NextMeetingPlan | None:
        """The plan given, else the session's: none for a rehearsal (its controller has no
        store), so a rehearsal's summary never asks and writes no group file."""
        if self.next_meeting is None:
            store = getattr(getattr(self.app, "controller", None), "store", None)
            clock = getattr(getattr(self.app, "config", None), "clock", None)
            if store is not None and clock is not None:
                today = dt.date.fromtimestamp(clock.now())
                self.next_meeting = NextMeetingPlan(store, self.setup.group, today)
        return self.next_meeting

    def _next_meeting_line(self) -> str:
        if self._planned is None:
            return t("ui.summary.next_meeting_unset")
        return t("ui.summary.next_meeting", date=formatting.date(self._planned, "full"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The next meeting's key only where there is a group file to keep it in."""
        if action == "next_meeting":
            return self.next_meeting is not None
        return True

    def action_next_meeting(self) -> None:
        """Ask for the next meeting's date (the group's file keeps it)."""
        from codev.ui.dialogs.next_meeting import NextMeetingDialog

        plan = self.next_meeting
        if plan is None:
            return
        typed = self._next_typed or (self._planned.isoformat() if self._planned else "")

        def remember(text: str) -> None:
            self._next_typed = text

        def kept(day: dt.date | None) -> None:
            if day is not None:
                self._planned = day
                self.query_one("#summary-next", Static).update(self._next_meeting_line())

        dialog = NextMeetingDialog(self.setup.group, plan.today, typed, plan.save, remember)
        self.app.push_screen(dialog, kept)

    def action_noop(self) -> None:
        """Nothing: the summary has no help of its own."""
