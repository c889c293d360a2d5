"""What every codev application shares: the themes, plain-text notifications, key names in
the user's language, the translated command palette, the user's keymap.

One App per tool builds on it — the session (:class:`codev.ui.app.CodevApp`), the protocol
editor, the carnet review — each with its own stylesheets in ``CSS_PATH``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from codev.core.clock import Clock, ScaledClock, SystemClock
from codev.core.i18n import Lang, get_lang, t
from codev.core.session import SessionSetup
from codev.core.workspace import Workspace
from codev.ui.i18n import TranslatedBindingsMixin
from codev.ui.palette import TranslatedCommandPalette
from codev.ui.text_guard import install as install_text_guard
from codev.ui.themes import DARK, DEFAULT_THEME, PROJECTOR, THEMES

if TYPE_CHECKING:
    from codev.ui.carnet.review import CarnetReview

# Before any app draws anything: notes, names and carnets are drawn as text (see text_guard).
install_text_guard()


@dataclass
class AppConfig:
    """What the application needs from the command line (or from a test)."""

    workspace: Workspace
    clock: Clock = field(default_factory=SystemClock)
    """The base clock; ``speed`` is applied on top of it."""
    speed: float = 1.0
    """Rehearsal speed: time runs this many times faster (marked on screen)."""
    setup: SessionSetup | None = None
    """Open this session straight on the live screen (the demo) instead of the set-up."""
    resume: Path | None = None
    """Resume this journal straight away."""
    bell: bool = True
    """Ring the terminal bell and flash at wrap-up and at zero."""
    theme: str = DEFAULT_THEME
    write_carnets: bool = True
    """False for rehearsals and previews: nothing is written to the participants' carnets."""
    lang: Lang = field(default_factory=get_lang)
    edit_protocol: Path | None = None
    """Open this protocol file in the editor (``codev protocol edit``) instead of a session."""
    carnet: CarnetReview | None = None
    """Open these carnets for review (``codev carnet NAME``) instead of a session."""

    @property
    def session_clock(self) -> Clock:
        """The clock the session runs on (scaled for rehearsals)."""
        return self.clock if self.speed == 1 else ScaledClock(self.clock, self.speed)


NAMED_KEYS = frozenset({"space", "escape", "enter", "pageup", "pagedown", "delete", "tab"})
"""Keys whose names are words, shown translated."""


class PlainTextNotify(App[None]):
    """Notifications always as plain text: every codev App (the room's view too) has them.

    Also marks a 16-colour terminal with the ``-sixteen-colours`` class: xterm and the Linux
    console paint bold text of the eight first colours in their bright variant, which brings
    dark blue or black on white down to about 4:1; the stylesheets drop bold there.
    """

    def _mark_colours(self) -> None:
        self.set_class(self.console.color_system in ("standard", "windows"), "-sixteen-colours")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, always as plain text (``markup`` is ignored).

        codev's messages name files, groups, people and protocol texts ("atelier [v2].toml",
        a participant "Ana [/]"), and none of its own texts uses markup: read as markup, such
        a message would lose its brackets or crash the app. Every screen's ``notify`` ends here.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)


class CodevBaseApp(PlainTextNotify, TranslatedBindingsMixin):
    """The base of every codev application (a tool's App adds its screens and stylesheets)."""

    CSS_PATH = ["codev.tcss"]
    TITLE = "codev"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Shown at the right of the footer by Textual itself, with this (translated) description.
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True, id="palette"),
        Binding("ctrl+t", "toggle_theme", "key.theme", show=False, id="theme"),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = config.theme

    def on_mount(self) -> None:
        from codev.ui.keymap import apply_keymap

        self._mark_colours()
        apply_keymap(self, self.config.workspace)

    def action_toggle_theme(self) -> None:
        """Go round the themes: projector (light), dark, high contrast, and projector again."""
        from codev.ui.themes import CONTRAST

        following = {PROJECTOR.name: DARK.name, DARK.name: CONTRAST.name}
        self.theme = following.get(self.theme, PROJECTOR.name)

    def action_command_palette(self) -> None:
        """The command palette, with its prompt in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(TranslatedCommandPalette())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own system commands are English only; ours replace them.
        yield SystemCommand(t("ui.cmd.theme"), t("ui.cmd.theme.help"), self.action_toggle_theme)
        yield SystemCommand(t("ui.cmd.quit"), t("ui.cmd.quit.help"), self.action_quit)
        yield SystemCommand(
            t("ui.cmd.screenshot"),
            t("ui.cmd.screenshot.help"),
            lambda: self.set_timer(0.1, self._save_screenshot),
        )
        provider = getattr(screen, "palette_commands", None)
        if callable(provider):
            yield from provider()

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the user's language in the footer and help ("Espace", "Échap")."""
        if not binding.key_display and binding.key in NAMED_KEYS:
            return t(f"key.name.{binding.key}")
        return super().get_key_display(binding)

    async def action_quit(self) -> None:
        """Ctrl+Q and the palette's Quit: the screen decides (confirm, unsaved changes…)."""
        quit_action = getattr(self.screen, "action_quit", None)
        if callable(quit_action) and not isinstance(self.screen, ModalScreen):
            quit_action()
        else:
            self.exit()

    def _save_screenshot(self) -> None:
        # Written inside the workspace only: codev writes nowhere else.
        path = self.save_screenshot(path=str(self.config.workspace.root))
        self.notify(t("ui.screenshot.saved", path=path))


