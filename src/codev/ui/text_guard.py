"""Every text the screens draw is drawn as text, never sent to the terminal as a command.

Textual and Rich remove a few control characters (bell, backspace, carriage return…) from
the texts they draw but keep the escape character, so a note, a name or a carnet edited by
hand holding ``ESC ] 0 ; … BEL`` would retitle the projector's terminal or worse. Rather
than trusting every widget to call :func:`codev.core.printable.printable`, :func:`install`
teaches the two libraries' own stripping tables to spell those characters out (``\\x1b``),
so that every path to the screen — labels, tables, inputs, notifications — is covered.

The tables are private to Textual and Rich (pinned versions, see ``pyproject.toml``); the
test suite checks the effect on what is drawn, so an upgrade that renames them fails
loudly there instead of silently dropping the guard.
"""

from __future__ import annotations

import contextlib

from codev.core.printable import escape_char, is_unsafe

# Characters the libraries already remove stay removed (a carriage return from a pasted
# Windows line end is noise, not content); every other unsafe one is spelled out.
_CANDIDATES = (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _spelled_out(table: dict[int, str | None]) -> None:
    for code in _CANDIDATES:
        char = chr(code)
        if is_unsafe(char) and code not in table:
            table[code] = escape_char(char)


def install() -> None:
    """Make Textual's and Rich's texts show control characters as ``\\x1b`` (idempotent)."""
    import rich.control
    import textual.content

    for module in (textual.content, rich.control):
        with contextlib.suppress(AttributeError):
            _spelled_out(module._CONTROL_STRIP_TRANSLATE)
