"""Language choice and message lookup.

The language is chosen once per process (``--lang``, else ``CODEV_LANG``, else the system
locale) and every user-facing string is fetched with :func:`t` from the one catalog in
:mod:`codev.core.catalog`. French comes first: the method was born in French.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from typing import Literal, get_args

from codev.core.catalog import MESSAGES

Lang = Literal["fr", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "en"

_current: Lang = DEFAULT_LANG


def parse_lang(value: str | None) -> Lang | None:
    """Map a language tag such as ``fr``, ``fr_CA.UTF-8`` or ``EN`` to a supported language."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    for lang in LANGUAGES:
        if head == lang:
            return lang
    return None


def _system_locale_tag() -> str | None:
    # The environment variables are what the user set; locale.getlocale() only reflects
    # them after setlocale(), which we must not call (it is process-global).
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return value.split(":")[0]
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


def resolve_lang(cli_value: str | None = None, env: Mapping[str, str] | None = None) -> Lang:
    """Choose the language: the explicit option, then ``CODEV_LANG``, then the system locale.

    French locales (``fr…``) give French; anything else gives English.
    """
    env = os.environ if env is None else env
    for candidate in (cli_value, env.get("CODEV_LANG")):
        lang = parse_lang(candidate)
        if lang:
            return lang
    tag = _system_locale_tag() if env is os.environ else env.get("LANG")
    return "fr" if parse_lang(tag) == "fr" else "en"


def set_lang(lang: Lang) -> None:
    """Set the language used by :func:`t` for the rest of the process."""
    global _current
    _current = lang


def get_lang() -> Lang:
    """The language currently in use."""
    return _current


def t(key: str, /, lang: Lang | None = None, **values: object) -> str:
    """Return the message ``key`` in ``lang`` (default: the current language), formatted.

    An unknown key raises ``KeyError``: a missing string is a programming error that the
    catalog tests catch, never something to paper over at run time.
    """
    entry = MESSAGES[key]
    text = entry[lang or _current]
    return text.format(**values) if values else text
