"""Language choice and message lookup, over gettext catalogues.

The language is chosen once per process (``--lang``, else ``CODEV_LANG``, else the system
locale) and every user-facing string is fetched with :func:`t` (or :func:`tn` when a count
decides the wording) from the catalogues in ``codev/locale/<lang>/LC_MESSAGES/codev.po``.
French comes first: the method was born in French, and ``fr`` is the reference catalogue
every other language is checked against.

Message ids are stable keys (``room.who``), not English sentences: a wording can be
improved in every language without touching the code. A language is any folder under
``locale`` holding a ``codev.po``: a translator adds one file and no Python.

Each ``.po`` is compiled to the ``.mo`` beside it (``python -m codev.core.catalog_build
compile``), which the standard library's :mod:`gettext` reads in about a millisecond. The
``.mo`` records the hash of the ``.po`` it was made from; when they disagree (a translator's
fresh edit) the ``.po`` itself is read through Babel, slower but never stale.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import locale
import os
import struct
from collections.abc import Mapping
from functools import cache
from pathlib import Path

Lang = str
"""A language of the interface: the name of its catalogue folder (``fr``, ``en``, ``de``…)."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "codev"
SOURCE_LANG: Lang = "fr"
"""The reference catalogue: every message exists in it, and other languages follow its placeholders."""
DEFAULT_LANG: Lang = "en"
"""The language of last resort: for an unknown language, and for a message a catalogue lacks."""
SOURCE_HASH_ID = "@codev-source-sha256"
"""A message only compiled catalogues carry: the hash of the ``.po`` they were compiled from."""


def _available() -> tuple[Lang, ...]:
    found = sorted(
        entry.name for entry in LOCALE_DIR.iterdir() if (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
    )
    # French first, then English, then the others by name: the order of --help and of forms.
    first = [lang for lang in (SOURCE_LANG, DEFAULT_LANG) if lang in found]
    return (*first, *(lang for lang in found if lang not in first))


LANGUAGES: tuple[Lang, ...] = _available()
"""The languages codev speaks: one per catalogue found."""

_current: Lang = DEFAULT_LANG


def parse_lang(value: str | None) -> Lang | None:
    """Map a language tag such as ``fr``, ``de_AT.UTF-8``, ``nl-BE`` or ``EN`` to a language codev speaks."""
    if not value:
        return None
    tag = value.strip().split(".")[0].split("@")[0].replace("-", "_")
    parts = [part for part in tag.split("_") if part]
    # The most specific catalogue that exists: a pt_BR catalogue before pt, de_AT falls to de.
    for length in range(len(parts), 0, -1):
        candidate = "_".join([parts[0].lower(), *(part.upper() for part in parts[1:length])])
        if candidate in LANGUAGES:
            return candidate
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

    A regional tag falls back to its language (``de_AT`` → ``de``); a language codev does
    not speak gives English.
    """
    env = os.environ if env is None else env
    tag = _system_locale_tag() if env is os.environ else env.get("LANG")
    for candidate in (cli_value, env.get("CODEV_LANG"), tag):
        lang = parse_lang(candidate)
        if lang:
            return lang
    return DEFAULT_LANG


def set_lang(lang: Lang) -> None:
    """Set the language used by :func:`t` for the rest of the process."""
    global _current
    _current = lang


def get_lang() -> Lang:
    """The language currently in use."""
    return _current


def catalog_paths(lang: Lang) -> tuple[Path, Path]:
    """The ``.po`` of ``lang`` and the compiled ``.mo`` beside it."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    return po, po.with_suffix(".mo")


def source_hash(po_bytes: bytes) -> str:
    """The hash a compiled catalogue records of the ``.po`` it was made from."""
    return hashlib.sha256(po_bytes).hexdigest()


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The messages of ``lang`` (empty when codev has no such catalogue)."""
    po, mo = catalog_paths(lang)
    try:
        po_bytes = po.read_bytes()
    except OSError:
        return gettext.NullTranslations()
    try:
        with mo.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        if compiled.gettext(SOURCE_HASH_ID) == source_hash(po_bytes):
            return compiled
    except (OSError, ValueError, UnicodeDecodeError, struct.error):
        # A missing, truncated or foreign .mo: the .po is the truth.
        pass
    # The .po changed since it was compiled (or was never compiled): read it as it is.
    from codev.core.catalog_build import compile_catalog

    return gettext.GNUTranslations(io.BytesIO(compile_catalog(po_bytes, po)))


def _chain(lang: Lang | None) -> tuple[Lang, ...]:
    first = lang or _current
    return tuple(dict.fromkeys((first, DEFAULT_LANG, SOURCE_LANG)))


def t(key: str, /, lang: Lang | None = None, **values: object) -> str:
    """Return the message ``key`` in ``lang`` (default: the current language), formatted.

    A message a catalogue lacks comes from English, then French. An id no catalogue has
    raises ``KeyError``: a missing string is a programming error that the catalogue tests
    catch, never something to paper over at run time.
    """
    for candidate in _chain(lang):
        text = translations(candidate).gettext(key)
        # gettext answers a message it does not have with its id.
        if text != key:
            return text.format(**values) if values else text
    raise KeyError(key)


def tn(key: str, count: int, /, lang: Lang | None = None, **values: object) -> str:
    """The message ``key`` in the plural form ``count`` takes in the language, formatted.

    ``count`` is given to the text as ``{count}`` too. French says "0 note", English "0 notes":
    each catalogue carries its language's plural rule.
    """
    for candidate in _chain(lang):
        text = translations(candidate).ngettext(key, key, count)
        if text != key:
            return text.format(count=count, **values)
    raise KeyError(key)
