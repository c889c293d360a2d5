"""One session in full, as the carnet keeps it; its commitments and personal fields editable.

Reached from the timeline (Enter) or a search result; ←/→ go through the sessions in
date order. ↑/↓ move between the parts that can be changed — the commitments of the plan
(Enter: their status; e: their objective, resources, deadline and indicator) and the
personal fields (Enter: complete them).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from codev.core.i18n import t
from codev.core.logbook.views import SearchHit
from codev.ui.carnet.edits import change_status, complete_field, edit_action
from codev.ui.carnet.palette import palette_entries
from codev.ui.carnet.render import ActionRef, EditTarget, session_blocks, session_title
from codev.ui.carnet.review import CarnetReview, PersonalField, SessionKey
from codev.ui.carnet.widgets import ActionBlock, BlockView, SessionBody, block_view
from codev.ui.i18n import TranslatedBindingsMixin

# Where a search hit lands: the part that shows the field it was found in.
_HIT_TARGETS: dict[str, EditTarget] = {field.value: field for field in PersonalField}
_HIT_PARTS = {"client": "subject"}


class SessionScreen(Screen[SessionKey], TranslatedBindingsMixin):
    """A session of the carnet in full; closes with the session shown last (←/→ move)."""

    BINDINGS = [
        Binding("escape,q", "back", "key.carnet.back", id="carnet.back"),
        Binding("left", "other(-1)", "key.carnet.previous_session", key_display="←", id="carnet.previous"),
        Binding("right", "other(1)", "key.carnet.next_session", key_display="→", id="carnet.next"),
    ]

    def __init__(self, review: CarnetReview, key: SessionKey, *, found: SearchHit | None = None) -> None:
        super().__init__()
        self.review = review
        self.key = key
        self.found_in = found.field if found is not None else None
        """The field a search found text in: that part is focused, or shown, first."""
        self._focus_target: EditTarget | None = self._target_of(found) if found is not None else None

    def _target_of(self, found: SearchHit) -> EditTarget | None:
        """The part to focus for a search hit: its personal field, or the commitment it is in."""
        if found.field in _HIT_TARGETS:
            return _HIT_TARGETS[found.field]
        entry = self.review.entry(self.key)
        if found.field == "actions" and entry is not None:
            for action in entry.actions:
                if found.text in (action.objective, action.resources, action.indicator):
                    return ActionRef(action.id)
        return None

    def compose(self) -> ComposeResult:
        entry = self.review.entry(self.key)
        with Horizontal(id="session-top"):
            yield Static(Text(session_title(entry) if entry else ""), id="session-title")
            yield Static(Text(self.key.group), id="session-group")
        with SessionBody(id="session-body"):
            for block in session_blocks(self.review, self.key):
                yield block_view(block)
            yield Static(t("carnet.review.session.hint"), id="session-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._settle()

    def _settle(self) -> None:
        """Focus the part to edit first, keeping the top of the session in view."""
        body = self.query_one(SessionBody)
        blocks = body.editable()
        wanted = next((block for block in blocks if block.block.target == self._focus_target), None)
        if wanted is not None:
            wanted.focus()
            return
        if blocks:
            blocks[0].focus(scroll_visible=False)
        else:
            body.focus()
        if self.found_in:
            # A hit in a part that cannot be edited (the question, a suggestion…): show it.
            part = _HIT_PARTS.get(self.found_in, self.found_in)
            shown = [view for view in self.query(BlockView) if view.block.field == part]
            if shown:
                self.call_after_refresh(body.scroll_to_widget, shown[0], animate=False, top=True)
                return
        body.scroll_home(animate=False)

    async def redraw(self) -> None:
        """Show the session again (after a change), the same part focused."""
        focused = self.focused
        self._focus_target = focused.block.target if isinstance(focused, BlockView) else None
        self.found_in = None
        await self.recompose()
        self._settle()

    def on_block_view_edit_requested(self, event: BlockView.EditRequested) -> None:
        event.stop()
        target = event.target
        if isinstance(target, ActionRef):
            change_status(self, self.review, self.key, target.action_id, self._changed)
        else:
            complete_field(self, self.review, self.key, target, self._changed)

    def on_action_block_edit_action(self, event: ActionBlock.EditAction) -> None:
        event.stop()
        if isinstance(event.target, ActionRef):
            edit_action(self, self.review, self.key, event.target.action_id, self._changed)

    def _changed(self) -> None:
        self.run_worker(self.redraw(), exclusive=True, group="redraw")

    async def action_other(self, delta: int) -> None:
        """The previous (-1) or next (1) session in date order."""
        index = self.review.index_of(self.key)
        if index is None:
            return
        target = index + delta
        if 0 <= target < len(self.review.rows):
            self.key = self.review.rows[target].key
            self._focus_target = None
            self.found_in = None
            await self.recompose()
            self._settle()

    def action_back(self) -> None:
        """Back to the timeline, its cursor on this session."""
        self.dismiss(self.key)

    def action_quit(self) -> None:
        """Ctrl+Q: leave codev (every change is already written)."""
        self.app.exit()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Going through the sessions, for the command palette."""
        back = t("key.name.escape")
        entries = [("previous", "other(-1)", "←"), ("next", "other(1)", "→"), ("back", "back", back)]
        return palette_entries(self, entries)
