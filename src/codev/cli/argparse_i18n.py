"""argparse's own words (``usage:``, ``options``, its error messages) in the user's language.

argparse asks :func:`gettext.gettext` for each of them, in gettext's default domain, which
codev does not use: its catalogue is keyed by message ids. The module's ``_`` is pointed at
a lookup from argparse's English text to codev's ``argparse.*`` messages; a text argparse
adds in a later Python, not listed here, stays English rather than failing.
"""

from __future__ import annotations

import argparse

from codev.core.i18n import t

ARGPARSE_IDS = {
    "usage: ": "argparse.usage",
    "options": "argparse.options",
    "positional arguments": "argparse.positional",
    "show this help message and exit": "argparse.help",
    "show program's version number and exit": "argparse.version",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "one of the arguments %s is required": "argparse.one_of_required",
}
"""argparse's English texts (its gettext msgids) → codev's message ids."""


def translate(text: str) -> str:
    """argparse's ``text`` in the current language (unchanged when codev has no message for it)."""
    key = ARGPARSE_IDS.get(text)
    return t(key) if key else text


def install() -> None:
    """Make argparse speak the current language (call once the language is chosen)."""
    argparse._ = translate  # type: ignore[attr-defined]
