"""The review's widgets: its three lists, the search box, and the parts of a session in full."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from codev.ui.carnet.render import Block, EditTarget
from codev.ui.carnet.review import CommitmentItem, Hit, PersonalField, Row
from codev.ui.carnet.row_list import RowList
from codev.ui.i18n import TranslatedBindingsMixin


class TimelineList(RowList[Row]):
    """The sessions, oldest first; Enter opens the one under the cursor."""

    BINDINGS = [Binding("enter", "choose", "key.carnet.open", id="carnet.open")]


class HitList(RowList[Hit]):
    """Search results; Enter opens the session where the text was found."""

    BINDINGS = [Binding("enter", "choose", "key.carnet.open", id="carnet.open_hit")]


class CommitmentList(RowList[CommitmentItem]):
    """Every commitment, oldest first; Enter changes the status of the one under the cursor,
    e its objective, resources, deadline and indicator."""

    BINDINGS = [
        Binding("enter", "choose", "key.carnet.status", id="carnet.status"),
        Binding("e", "edit_action", "key.carnet.edit_action", id="carnet.edit_action"),
    ]

    class EditAction(Message):
        """The person wants to rewrite the commitment under the cursor."""

    def action_edit_action(self) -> None:
        """Rewrite the commitment under the cursor."""
        if self.current is not None:
            self.post_message(self.EditAction())


class SearchBox(Input, TranslatedBindingsMixin):
    """The search field; ↓ (or Enter) goes to the results."""

    BINDINGS = [Binding("down", "to_list", "key.carnet.to_list", show=False, id="carnet.to_list")]

    class Leave(Message):
        """The person wants to go from the search field to the results."""

    def action_to_list(self) -> None:
        """Go to the results."""
        self.post_message(self.Leave())


class BlockView(Static):
    """A part of a session: a heading and a body. Parts that can be edited take the focus."""

    @dataclass
    class EditRequested(Message):
        """Enter was pressed on an editable part."""

        target: EditTarget

    def __init__(self, block: Block) -> None:
        text = Text()
        if block.title:
            text.append(block.title, style="bold")
            if block.body is not None:
                text.append("\n")
        if block.body is not None:
            text.append_text(block.body)
        classes = "block"
        if block.title and block.body is None:
            classes += " -heading"
        if block.target is not None:
            classes += " -editable -action" if block.field == "actions" else " -editable"
        super().__init__(text, classes=classes)
        self.block = block
        self.can_focus = block.target is not None

    def action_edit(self) -> None:
        """Edit this part (its field, or its commitment's status)."""
        if self.block.target is not None:
            self.post_message(self.EditRequested(self.block.target))


class PersonalBlock(BlockView, TranslatedBindingsMixin):
    """Enseignements, ressentis, progrès or notes: Enter completes them."""

    BINDINGS = [Binding("enter", "edit", "key.carnet.complete", id="carnet.complete")]


class ActionBlock(BlockView, TranslatedBindingsMixin):
    """A commitment of the session's plan: Enter changes its status, e its fields."""

    BINDINGS = [
        Binding("enter", "edit", "key.carnet.status", id="carnet.action_status"),
        # Not in the footer: at 80 columns it pushed ← → out of it; the session's hint says it.
        Binding("e", "edit_action", "key.carnet.edit_action", show=False, id="carnet.edit_action"),
    ]

    @dataclass
    class EditAction(Message):
        """e was pressed on a commitment: rewrite its objective, resources, deadline, indicator."""

        target: EditTarget

    def action_edit_action(self) -> None:
        """Rewrite this commitment."""
        if self.block.target is not None:
            self.post_message(self.EditAction(self.block.target))


def block_view(block: Block) -> BlockView:
    """The widget for a part: editable kinds have their own Enter key in the footer."""
    if isinstance(block.target, PersonalField):
        return PersonalBlock(block)
    if block.target is not None:
        return ActionBlock(block)
    return BlockView(block)


class SessionBody(VerticalScroll, TranslatedBindingsMixin, inherit_bindings=False):
    """The session's parts, scrolled; ↑↓ move between the parts that can be edited.

    At the first (last) editable part, ↑ (↓) scrolls to the top (bottom) instead, so that
    what is above or below stays reachable from the keyboard.
    """

    BINDINGS = [
        Binding("up", "step(-1)", show=False, id="carnet.session.up"),
        Binding("down", "step(1)", show=False, id="carnet.session.down"),
        Binding("pageup", "scroll_page_up", show=False, id="carnet.session.page_up"),
        Binding("pagedown", "scroll_page_down", show=False, id="carnet.session.page_down"),
        Binding("home", "scroll_home", show=False, id="carnet.session.top"),
        Binding("end", "scroll_end", show=False, id="carnet.session.bottom"),
    ]

    def editable(self) -> list[BlockView]:
        """The parts that take the focus, top to bottom."""
        return [block for block in self.query(BlockView) if block.can_focus]

    def action_step(self, delta: int) -> None:
        """Focus the previous (-1) or next (1) editable part, or scroll past the last one."""
        blocks = self.editable()
        focused = self.screen.focused
        index = blocks.index(focused) if isinstance(focused, BlockView) and focused in blocks else -1
        target = index + delta
        if 0 <= target < len(blocks):
            blocks[target].focus()
        elif delta < 0:
            self.scroll_home(animate=False)
        else:
            self.scroll_end(animate=False)
