"""``codev protocol edit``: the protocol editor as an application of its own."""

from __future__ import annotations

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

    def on_mount(self) -> None:
        super().on_mount()
        if self.draft is None:
            self.exit(return_code=1, message=self.reason)
