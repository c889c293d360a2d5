"""The command palette with its texts in the user's language (Textual's are English only)."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from codev.core.i18n import t


class TranslatedCommandPalette(CommandPalette):
    """Textual's palette, with the prompt and the 'no matches' line translated."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("ui.palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Same behaviour as Textual 8.2.8's (pinned), only the message is translated.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("ui.palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
