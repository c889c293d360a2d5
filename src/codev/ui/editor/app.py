"""``codev protocol edit``: the protocol editor as an application of its own."""

from __future__ import annotations

from textual import events
from textual._time import get_time
from textual.screen import Screen

from codev.core.protocol.draft import ProtocolDraft
from codev.core.protocol.loader import ProtocolError
from codev.ui.base import AppConfig, CodevBaseApp
from codev.ui.editor.rehearsal import RehearsalOptions
from codev.ui.editor.screen import EditorScreen
from codev.ui.themes import DARK


class EditorApp(CodevBaseApp):
    """Edit one protocol file (``config.edit_protocol``)."""

    CSS_PATH = ["../codev.tcss", "editor.tcss"]

    def __init__(self, config: AppConfig) -> None:
        super().__init__(config)
        assert config.edit_protocol is not None
        self.draft: ProtocolDraft | None = None
        self._keys_stale_before = float("-inf")
        """Keys made before this moment (Textual's clock, that of ``Message.time``) were
        typed while a rehearsal had the terminal: dropped."""
        self.reason = ""
        try:
            self.draft = ProtocolDraft.from_file(config.edit_protocol, config.workspace)
        except ProtocolError as error:
            # The file changed since the command checked it: said on the way out.
            self.reason = "\n".join(str(problem) for problem in error.problems)

    def get_default_screen(self) -> Screen[None]:
        if self.draft is None:
            return Screen()
        config = self.config
        options = RehearsalOptions(speed=config.speed, bell=config.bell, dark=config.theme == DARK.name)
        return EditorScreen(self.draft, options)

    def drop_queued_keys(self) -> None:
        """Drop the keys already waiting: typed while the editor was away (a rehearsal
        running in this terminal), they were meant for it, not for the editor. A second
        `p` pressed fast ran a second rehearsal after the first, then a third…"""
        self._keys_stale_before = get_time()

    async def _on_key(self, event: events.Key) -> None:
        # Where Textual looks a key's bindings up once its widget is done with it: a key
        # already handed to the step list before the rehearsal began comes back here after.
        if event.time <= self._keys_stale_before:
            event.prevent_default()
        await super()._on_key(event)

    def on_mount(self) -> None:
        super().on_mount()
        if self.draft is None:
            self.exit(return_code=1, message=self.reason)
