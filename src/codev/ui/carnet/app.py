"""``codev carnet NAME``: a participant's carnets, reviewed in an application of their own."""

from __future__ import annotations

from textual.screen import Screen

from codev.ui.base import AppConfig, CodevBaseApp
from codev.ui.carnet.screen import CarnetScreen


class CarnetApp(CodevBaseApp):
    """Review the carnets in ``config.carnet``."""

    CSS_PATH = ["../codev.tcss", "carnet.tcss"]

    def __init__(self, config: AppConfig) -> None:
        super().__init__(config)
        assert config.carnet is not None
        self.review = config.carnet

    def get_default_screen(self) -> Screen[None]:
        return CarnetScreen(self.review)
