"""Rehearse the protocol being edited: the demo session on the facilitator's screen, sped up.

The rehearsal runs as a separate ``codev protocol rehearse`` process while the editor is
suspended: the facilitator's screen quits the application when it is done, and a separate
process lets it do so without closing the editor (and its unsaved changes). The protocol
is handed over in a temporary file, and the session runs in a temporary workspace, so
nothing is written to the team's carnets or journals.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from textual.app import App, SuspendNotSupported

from codev.core import formatting
from codev.core.i18n import Lang


@dataclass(frozen=True)
class RehearsalOptions:
    """How the rehearsal runs: the facilitator's screen options."""

    speed: float = 1.0
    bell: bool = True
    dark: bool = False


def rehearsal_command(protocol_file: Path, options: RehearsalOptions, lang: Lang) -> list[str]:
    """The command that rehearses ``protocol_file``."""
    command = [sys.executable, "-m", "codev", "--lang", lang, "protocol", "rehearse", str(protocol_file)]
    command += ["--speed", formatting.number(options.speed, "en")]
    if not options.bell:
        command.append("--no-bell")
    if options.dark:
        command.append("--dark")
    return command


def rehearse(app: App[object], protocol_text: str, options: RehearsalOptions, lang: Lang) -> bool:
    """Run the rehearsal in the terminal the editor gives up meanwhile.

    Returns False when this terminal cannot be handed over (a test, a web session).
    """
    with tempfile.TemporaryDirectory(prefix="codev-rehearsal-") as folder:
        protocol_file = Path(folder) / "rehearsal.toml"
        protocol_file.write_text(protocol_text, encoding="utf-8")
        try:
            with app.suspend():
                subprocess.run(rehearsal_command(protocol_file, options, lang), check=False)
        except SuspendNotSupported:
            return False
    return True
