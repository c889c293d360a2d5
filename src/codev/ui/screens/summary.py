"""The end of a session: planned vs actual, airtime, the contract and plan, the learnings, the files.

Shown on the projector while the group takes its leave, so it is as legible as the live
screen: the client's contract and action plan, and what everyone learned.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from codev.core import formatting
from codev.core.i18n import get_lang, t
from codev.core.protocol import NoteKind
from codev.core.session.model import SessionSetup
from codev.core.session.view import SessionView
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.widgets.panels import ChartPanel, airtime_bars


def timing_chart(view: SessionView, width: int) -> Text:
    """Planned vs actual minutes per step, as two bars each."""
    lang = get_lang()
    text = Text()
    longest = max((max(step.budget_seconds, step.actual_seconds) for step in view.steps), default=1.0) or 1.0
    title_width = min(22, width // 3, max(len(step.step.title.get(lang)) for step in view.steps))
    bar_width = max(6, width - title_width - 6)
    for step in view.steps:
        full = step.step.title.get(lang)
        title = (full if len(full) <= title_width else full[: title_width - 1] + "…").ljust(title_width)
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
        Binding("question_mark", "noop", "", show=False),
    ]

    def __init__(
        self,
        setup: SessionSetup,
        view: SessionView,
        written: Sequence[Path],
        problems: Sequence[str],
        kept_aside: Sequence[tuple[Path, Path]] = (),
    ) -> None:
        super().__init__()
        self.setup = setup
        self.view = view
        self.written = list(written)
        self.problems = list(problems)
        self.kept_aside = list(kept_aside)
        """Carnets that could not take their entry, each with the file that keeps it."""

    def compose(self) -> ComposeResult:
        view, setup = self.view, self.setup
        with VerticalScroll(id="summary"):
            # The group's name, file paths and problems are shown as text, never read as markup.
            yield Static(
                t("ui.summary.title", group=setup.group, date=formatting.date(setup.date, "full")),
                id="summary-title",
                markup=False,
            )
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
            for heading, kinds in (
                ("ui.summary.contract", (NoteKind.CONTRACT,)),
                ("ui.summary.actions", (NoteKind.ACTION,)),
                ("ui.summary.learnings", (NoteKind.LEARNING, NoteKind.FEELING)),
            ):
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

    def action_noop(self) -> None:
        """Nothing: the summary has no help of its own."""
