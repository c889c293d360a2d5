"""Texts from files and people reach the terminal as text: the CLI, the protocol format, the TUI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.content import Content

from codev.core.printable import has_unsafe, printable
from codev.core.protocol.loader import ProtocolError, load_protocol

HOSTILE = "Titre \x1b]0;pwned\x07 \x1b[2J\x9b31m fin\u202egnp.exe"


def test_printable_spells_out_what_a_terminal_would_act_on() -> None:
    shown = printable(HOSTILE)
    assert not has_unsafe(shown)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown and "\u202e" not in shown
    assert "\\x1b]0;pwned\\x07" in shown
    assert "\\u202e" in shown


@pytest.mark.parametrize("text", ["Élise Zoé 🫨 👩‍👩‍👧 مرحبا 日本", "ligne 1\nligne 2\tcolonne"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert printable(text) is text


def _protocol(tmp_path: Path, title: str) -> Path:
    path = tmp_path / "evil.toml"
    escaped = title.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    path.write_text(
        'format = 1\nid = "evil"\n[title]\n'
        f'fr = "{escaped}"\n'
        '[description]\nfr = "d"\n[[steps]]\nid = "a"\nminutes = 5\nspeakers = "client"\n'
        '[steps.title]\nfr = "A"\n[steps.instructions]\nfr = "x"\n',
        encoding="utf-8",
    )
    return path


def test_a_protocol_with_an_escape_sequence_is_refused_naming_line_and_field(tmp_path: Path) -> None:
    path = _protocol(tmp_path, "Titre \x1b]0;pwned\x07")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path, "evil.toml")
    problem = str(caught.value.problems[0])
    assert "evil.toml:4:" in problem and "title.fr" in problem and "\\x1b" in problem
    assert "\x1b" not in problem


def test_protocol_show_and_check_never_print_raw_control_characters(tmp_path: Path) -> None:
    # A file name can carry escapes too, and error messages quote it.
    folder = tmp_path / "dir\x1b[2J"
    folder.mkdir()
    path = _protocol(folder, "Titre \x1b]0;pwned\x07")
    for command in ("check", "show"):
        result = subprocess.run(
            [sys.executable, "-m", "codev", "protocol", command, str(path), "--lang", "en"],
            capture_output=True,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 1
        assert b"\x1b" not in output and b"\x07" not in output
        assert b"\\x1b" in output


def test_screens_draw_escape_characters_as_text() -> None:
    from codev.ui import base  # noqa: F401  (installs the guard, as every codev app does)

    content = Content("note \x1b]0;pwned\x07 fin")
    assert "\x1b" not in content.plain and "\\x1b]0;pwned" in content.plain
    rich_text = Text("nom \x1b[2J\u202e")
    assert "\x1b" not in rich_text.plain and "\\u202e" in rich_text.plain
    console = Console(file=None, width=80, record=True, color_system=None)
    with console.capture() as capture:
        console.print(Text("a\x9bb"))
    assert "\x9b" not in capture.get()
