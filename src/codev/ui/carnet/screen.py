"""The review screen of a participant's carnet (``codev carnet NAME``).

Three views, one key each: **1** the timeline of sessions (date, role, subject) with the
search above it and, on a wide terminal, the highlighted session in full beside it; **2**
the commitments with their status, which Enter changes (e rewrites one: objective, resources,
deadline, indicator); **3** the path — sessions by role
and commitments kept over time. Enter on a session opens it in full, where the personal
fields are completed. Everything is written at once, through the logbook store.

The lists show the newest first: the latest session is the one a participant comes back
to complete, and it is under the cursor in the very first frame, however long the carnet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from codev.core.i18n import t
from codev.core.logbook.views import SearchHit
from codev.ui.carnet.edits import change_status, edit_action
from codev.ui.carnet.palette import palette_entries
from codev.ui.carnet.problems_dialog import ProblemsDialog
from codev.ui.carnet.render import (
    HitColumns,
    TimelineColumns,
    commitment_row,
    hit_columns,
    hit_row,
    path_picture,
    session_text,
    summary_line,
    timeline_columns,
    timeline_header,
    timeline_legend,
    timeline_row,
)
from codev.ui.carnet.review import CarnetReview, CommitmentItem, Hit, Row, SessionKey
from codev.ui.carnet.session_screen import SessionScreen
from codev.ui.carnet.widgets import CommitmentList, HitList, SearchBox, TimelineList
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.widgets.panels import ViewPanel

if TYPE_CHECKING:
    pass

PALETTE = [
    ("search", "search", "/"),
    ("sessions", "view('sessions')", "1"),
    ("commitments", "view('commitments')", "2"),
    ("path", "view('path')", "3"),
    ("reload", "reload", "r"),
]
"""The review's actions in the command palette: message id, action, key."""


class CarnetScreen(Screen[None], TranslatedBindingsMixin):
    """A participant's carnets: timeline and search, commitments, path."""

    # Wide: the session in full beside the lists. Short: secondary lines go.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    BINDINGS = [
        Binding("slash", "search", "key.carnet.search", key_display="/", id="carnet.search"),
        Binding("escape", "clear_search", "key.carnet.clear_search", id="carnet.clear_search"),
        Binding("1", "view('sessions')", "key.carnet.sessions", show=False, id="carnet.view_sessions"),
        Binding(
            "2", "view('commitments')", "key.carnet.commitments", show=False, id="carnet.view_commitments"
        ),
        Binding("3", "view('path')", "key.carnet.path", show=False, id="carnet.view_path"),
        Binding("r", "reload", "key.carnet.reload", id="carnet.reload"),
        Binding("q", "quit", "key.quit", id="carnet.quit"),
    ]

    def __init__(self, review: CarnetReview) -> None:
        super().__init__()
        self.review = review
        self.query_text = ""
        self._columns: TimelineColumns = timeline_columns(review.rows, review.several_groups)
        self._hit_columns = HitColumns(0, 0, 0)
        self._shown_version = -1

    # --- Layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Textual sets the breakpoint classes at the first resize, after a first frame drawn
        # without them; set them now, so that the first frame is laid out as it will stay.
        width, height = self.app.size
        for breakpoints, dimension in (
            (self.HORIZONTAL_BREAKPOINTS, width),
            (self.VERTICAL_BREAKPOINTS, height),
        ):
            reached = max((limit, name) for limit, name in breakpoints if dimension >= limit)[1]
            for _, name in breakpoints:
                self.set_class(name == reached, name)
        review = self.review
        with Horizontal(id="carnet-top"):
            yield Static(t("carnet.review.title"), id="carnet-label")
            yield Static(Text(review.participant), id="carnet-name")
            yield ViewPanel(id="carnet-summary")
        with TabbedContent(id="carnet-views"):
            with TabPane(t("carnet.review.tab.sessions"), id="sessions"):
                yield SearchBox(placeholder=t("carnet.review.search_placeholder"), id="search")
                with Horizontal(id="sessions-body"):
                    with Vertical(id="timeline-side"):
                        yield ViewPanel(id="timeline-head")
                        yield TimelineList(
                            self._timeline_row, empty=t("carnet.review.no_sessions"), id="timeline"
                        )
                        yield HitList(self._hit_row, empty=t("carnet.review.no_hits"), id="hits")
                        yield Static(timeline_legend(), id="timeline-legend")
                    with VerticalScroll(id="preview", classes="preview"):
                        yield ViewPanel(id="preview-text")
            with TabPane(t("carnet.review.tab.commitments"), id="commitments"):
                yield ViewPanel(id="commitments-head")
                with Horizontal(id="commitments-body"):
                    yield CommitmentList(
                        self._commitment_row,
                        row_height=2,
                        empty=t("carnet.review.no_commitments"),
                        id="commitment-list",
                    )
                    with VerticalScroll(id="commitment-preview", classes="preview"):
                        yield ViewPanel(id="commitment-preview-text")
            with TabPane(t("carnet.review.tab.path"), id="path"), VerticalScroll(id="path-scroll"):
                yield ViewPanel(id="path-picture")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(HitList).display = False
        self.show_review()
        self.query_one(TimelineList).focus()

    # --- Rows ---------------------------------------------------------------------------

    def _timeline_row(self, row: Row, width: int) -> Text:
        return timeline_row(row, self._columns, width)

    def _hit_row(self, hit: Hit, width: int) -> Text:
        return hit_row(hit, self.query_text, self._hit_columns, width)

    def _commitment_row(self, item: CommitmentItem, width: int) -> Text:
        return commitment_row(item, self.review.several_groups, width)

    # --- Showing the review -------------------------------------------------------------

    def show_review(self, cursor_key: SessionKey | None = None) -> None:
        """Bring every view up to date with the review; the timeline's cursor on ``cursor_key``."""
        review = self.review
        self._shown_version = review.version
        self._columns = timeline_columns(review.rows, review.several_groups)
        # As Text: group names are the participants' words, never markup.
        self.query_one("#carnet-summary", ViewPanel).show(Text(summary_line(review)))
        timeline = self.query_one(TimelineList)
        if cursor_key is None and timeline.current is not None:
            cursor_key = timeline.current.key
        rows = review.rows[::-1]
        index = next((index for index, row in enumerate(rows) if row.key == cursor_key), 0)
        timeline.show(rows, cursor=index)
        self._show_head()
        self.query_one(CommitmentList).show(review.commitments[::-1])
        path = review.path
        head = t(
            "carnet.review.commitments_head",
            count=path.commitments,
            done=path.done,
            dropped=path.dropped,
            open=path.open,
        )
        self.query_one("#commitments-head", ViewPanel).show(head)
        self._show_path()
        if self.query_text:
            self._run_search(keep_cursor=True)
        self._show_preview()

    def _show_head(self) -> None:
        head = self.query_one("#timeline-head", ViewPanel)
        if self.query_text:
            hits = self.query_one(HitList).rows
            head.show(Text(t("carnet.review.hits", query=self.query_text, count=len(hits)), style="bold"))
        else:
            head.show(timeline_header(self._columns), key=("header", self._columns))

    def _show_path(self) -> None:
        panel = self.query_one("#path-picture", ViewPanel)
        width = max(40, self.query_one("#path-scroll").scrollable_content_region.width or self.size.width - 4)
        panel.show(path_picture(self.review, width), key=(self.review.version, width))

    def _show_preview(self) -> None:
        """The highlighted session in full beside the list (wide terminals only)."""
        if not self.has_class("-wide"):
            return
        for panel_id, key in (
            ("#preview-text", self._current_key()),
            ("#commitment-preview-text", self._commitment_key()),
        ):
            preview = self.query_one(panel_id, ViewPanel)
            if key is None:
                preview.show(Text(t("carnet.review.preview_empty"), style="dim italic"))
            else:
                preview.show(session_text(self.review, key), key=(self.review.version, key))

    def _current_key(self) -> SessionKey | None:
        if self.query_text:
            hit = self.query_one(HitList).current
            return hit.key if hit is not None else None
        row = self.query_one(TimelineList).current
        return row.key if row is not None else None

    def _commitment_key(self) -> SessionKey | None:
        item = self.query_one(CommitmentList).current
        return item.key if item is not None else None

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._show_path)
        self.call_after_refresh(self._show_preview)

    def on_screen_resume(self) -> None:
        # A session shown in full may have changed the carnet.
        if self._shown_version != self.review.version:
            self.show_review()

    # --- Search -------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.query_text = event.value.strip()
            self._run_search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self._focus_list()

    def on_search_box_leave(self, event: SearchBox.Leave) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        (self.query_one(HitList) if self.query_text else self.query_one(TimelineList)).focus()

    def _run_search(self, keep_cursor: bool = False) -> None:
        hits_list = self.query_one(HitList)
        timeline = self.query_one(TimelineList)
        searching = bool(self.query_text)
        hits_list.display = searching
        timeline.display = not searching
        self.query_one("#timeline-legend").display = not searching
        if searching:
            hits = self.review.search(self.query_text)[::-1]
            self._hit_columns = hit_columns(hits, self.review.several_groups)
            hits_list.show(hits, cursor=None if keep_cursor else 0)
        self._show_head()
        self._show_preview()
        self.refresh_bindings()

    def action_search(self) -> None:
        """Go to the search field (on the sessions view)."""
        self.action_view("sessions")
        self.query_one(SearchBox).focus()

    def action_clear_search(self) -> None:
        """Empty the search field: the whole timeline again."""
        box = self.query_one(SearchBox)
        box.value = ""
        self.query_text = ""
        self._run_search()
        self.query_one(TimelineList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_search":
            return bool(self.query_text)
        return True

    # --- Choosing -----------------------------------------------------------------------

    def on_row_list_highlighted(self, event: TimelineList.Highlighted) -> None:
        self._show_preview()

    def on_row_list_chosen(self, event: TimelineList.Chosen) -> None:
        event.stop()
        row_list = event.row_list
        if isinstance(row_list, TimelineList):
            row = row_list.current
            if row is not None:
                self.open_session(row.key)
        elif isinstance(row_list, HitList):
            hit = row_list.current
            if hit is not None:
                self.open_session(hit.key, found=hit.hit)
        elif isinstance(row_list, CommitmentList):
            item = row_list.current
            if item is not None:
                change_status(self, self.review, item.key, item.commitment.action.id, self.show_review)

    def on_commitment_list_edit_action(self, event: CommitmentList.EditAction) -> None:
        event.stop()
        item = self.query_one(CommitmentList).current
        if item is not None:
            edit_action(self, self.review, item.key, item.commitment.action.id, self.show_review)

    def open_session(self, key: SessionKey, found: SearchHit | None = None) -> None:
        """Show a session in full (at what a search found); back here, the timeline's cursor
        is on the last one shown."""
        self.app.push_screen(SessionScreen(self.review, key, found=found), self._session_closed)

    def _session_closed(self, key: SessionKey | None) -> None:
        if key is not None and not self.query_text:
            timeline = self.query_one(TimelineList)
            index = next((index for index, row in enumerate(timeline.rows) if row.key == key), None)
            if index is not None:
                timeline.move_to(index)

    # --- Views and the rest -------------------------------------------------------------

    def action_view(self, view: str) -> None:
        """Show one of the three views, its list focused."""
        self.query_one(TabbedContent).active = view
        if view == "sessions":
            self._focus_list()
        elif view == "commitments":
            self.query_one(CommitmentList).focus()
        else:
            self.query_one("#path-scroll").focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "path":
            self.call_after_refresh(self._show_path)

    def action_reload(self) -> None:
        """Read the carnets again from disk (after editing them by hand, say)."""
        problems = self.review.reload()
        self.show_review()
        if problems:
            self.app.push_screen(ProblemsDialog(t("carnet.review.problems.reload_title"), problems))
        else:
            self.notify(t("carnet.review.reloaded"))

    def action_quit(self) -> None:
        """Leave codev: every change is already written."""
        self.app.exit()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The review's actions, for the command palette."""
        return palette_entries(self, PALETTE)
