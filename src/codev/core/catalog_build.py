"""Maintaining the gettext catalogues: compile, update, check (``python -m codev.core.catalog_build``).

Everything here goes through Babel, the Python ecosystem's tool for gettext catalogues:
reading and writing ``.po``, compiling ``.mo``, each language's plural rule.

- ``compile``: every ``codev.po`` → the ``codev.mo`` beside it, recording the ``.po``'s hash
  (codev reads a ``.mo`` only when that hash matches, so a stale one is never used).
- ``update``: every language gets every message id of the French catalogue (new ones empty,
  for the translator), loses the ids French no longer has, and shows the French and English
  texts as comments above each message. A new language: ``update --add de``.
- ``check``: what the tests check, as a list of problems (exit 1 if any).

Only maintainers and the tests import this module; the app imports it only to read a
``.po`` that has no up-to-date ``.mo`` yet.
"""

from __future__ import annotations

import argparse
import io
import re
import string
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from codev.core.i18n import (
    DEFAULT_LANG,
    DOMAIN,
    LOCALE_DIR,
    SOURCE_HASH_ID,
    SOURCE_LANG,
    catalog_paths,
    source_hash,
)


def read_catalog(po_bytes: bytes, path: Path | str = "codev.po") -> Catalog:
    """The catalogue a ``.po`` holds."""
    return read_po(io.BytesIO(po_bytes), domain=DOMAIN, abort_invalid=False, charset="utf-8")


def compile_catalog(po_bytes: bytes, path: Path | str = "codev.po") -> bytes:
    """The ``.mo`` of a ``.po``, carrying the hash of the ``.po`` it was compiled from."""
    catalog = read_catalog(po_bytes, path)
    catalog.add(SOURCE_HASH_ID, source_hash(po_bytes))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def languages() -> list[str]:
    """Every language with a catalogue, French first."""
    found = sorted(entry.name for entry in LOCALE_DIR.iterdir() if catalog_paths(entry.name)[0].is_file())
    return sorted(found, key=lambda lang: (lang != SOURCE_LANG, lang != DEFAULT_LANG, lang))


def load(lang: str) -> Catalog:
    """The catalogue of ``lang`` as its ``.po`` is now."""
    return read_catalog(catalog_paths(lang)[0].read_bytes(), catalog_paths(lang)[0])


def save(lang: str, catalog: Catalog) -> None:
    """Write ``catalog`` as the ``.po`` of ``lang`` (message order kept, lines unwrapped)."""
    po = catalog_paths(lang)[0]
    po.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False, include_previous=False)
    po.write_bytes(buffer.getvalue())


def compile_all() -> list[Path]:
    """Compile every ``.po``; the ``.mo`` files written."""
    written = []
    for lang in languages():
        po, mo = catalog_paths(lang)
        data = compile_catalog(po.read_bytes(), po)
        if not mo.is_file() or mo.read_bytes() != data:
            mo.write_bytes(data)
            written.append(mo)
    return written


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n")


def _text_of(message: Message | None) -> str:
    if message is None:
        return ""
    value = message.string
    if isinstance(value, (tuple, list)):
        return " | ".join(_one_line(str(part)) for part in value)
    return _one_line(str(value))


def update(add: Sequence[str] = ()) -> list[str]:
    """Give every language the French catalogue's ids, in its order; the languages rewritten."""
    source = load(SOURCE_LANG)
    english = load(DEFAULT_LANG)
    rewritten = []
    for lang in [*languages(), *add]:
        if lang == SOURCE_LANG:
            continue
        po = catalog_paths(lang)[0]
        old = load(lang) if po.is_file() else Catalog(locale=lang, domain=DOMAIN)
        new = Catalog(
            locale=lang,
            domain=DOMAIN,
            project=source.project,
            version=source.version,
            header_comment=old.header_comment if po.is_file() else source.header_comment,
            msgid_bugs_address=source.msgid_bugs_address,
            language_team=old.language_team,
            last_translator=old.last_translator,
            revision_date=old.revision_date,
            fuzzy=False,
        )
        for message in source:
            if not message.id:
                continue
            known = old.get(message.id)
            # Extracted comments (#.) are ours alone: the references, rebuilt here. Babel wraps
            # them at 76 columns, so an old one would come back in pieces: none is kept. A
            # translator's own notes are user comments (#), and those are kept.
            references = [f"fr: {_text_of(message)}"]
            if lang != DEFAULT_LANG:
                references.append(f"en: {_text_of(english.get(message.id))}")
            plural = isinstance(message.id, (tuple, list))
            if known is not None and isinstance(known.id, (tuple, list)) == plural:
                translated: str | tuple[str, ...] | list[str] | None = known.string
            else:
                translated = tuple("" for _ in range(new.num_plurals)) if plural else ""
            new.add(
                message.id,
                translated,
                auto_comments=references,
                user_comments=known.user_comments if known else [],
                flags=known.flags if known else (),
            )
        save(lang, new)
        rewritten.append(lang)
    return rewritten


def placeholders(text: str) -> set[str]:
    """The ``str.format`` fields a text uses."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<malformed braces>"}


def _forms(message: Message) -> list[str]:
    value = message.string
    return [str(part) for part in value] if isinstance(value, (tuple, list)) else [str(value)]


def problems(lang: str, catalog: Catalog, source: Catalog) -> Iterable[str]:
    """What is wrong with ``catalog`` against the French one: missing, extra, placeholders, plurals."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    expected = get_plural(Locale.parse(lang))
    if (catalog.num_plurals, catalog.plural_expr) != (expected.num_plurals, expected.plural_expr):
        yield f"{lang}: Plural-Forms should be nplurals={expected.num_plurals}; plural={expected.plural_expr}"
    for message in source:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        other = catalog.get(message.id)
        if other is None:
            yield f"{lang}: {key}: missing"
            continue
        if isinstance(other.id, (tuple, list)) != isinstance(message.id, (tuple, list)):
            yield f"{lang}: {key}: plural in one catalogue and not the other"
            continue
        if other.fuzzy:
            yield f"{lang}: {key}: marked fuzzy (to be checked by a translator)"
        forms = _forms(other)
        if isinstance(other.id, (tuple, list)) and len(forms) != catalog.num_plurals:
            yield f"{lang}: {key}: {len(forms)} plural forms, the language has {catalog.num_plurals}"
        wanted = set().union(*(placeholders(form) for form in _forms(message)))
        for form in forms:
            if not form.strip():
                yield f"{lang}: {key}: not translated"
            elif placeholders(form) - wanted - {"count"}:
                yield f"{lang}: {key}: unknown placeholders {sorted(placeholders(form) - wanted)}"
            elif not isinstance(other.id, (tuple, list)) and placeholders(form) != wanted:
                yield f"{lang}: {key}: placeholders {sorted(placeholders(form))}, French has {sorted(wanted)}"
    for message in catalog:
        if message.id and source.get(message.id) is None:
            yield f"{lang}: {message.id}: not in the French catalogue"


_FRENCH_SPACING = (
    # An ordinary space before the sign, or none at all, where a no-break one belongs
    # (\s would match the no-break spaces themselves).
    (re.compile(r"[ \t\n]:|[^\s]:(?=[ \t\n])"), "a no-break space (U+00A0) goes before ':'"),
    (
        re.compile(r"[ \t\n][;?!]|[^\s][;?!](?=[ \t\n]|$)"),
        "a narrow no-break space (U+202F) goes before ; ? !",
    ),
    (re.compile(r"«(?!\u00a0)|(?<!\u00a0)»"), "no-break spaces (U+00A0) go inside « »"),
    (re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])"), "the apostrophe is ’ (U+2019)"),
)


def french_typography(catalog: Catalog) -> Iterable[str]:
    """What French typography asks of the French texts (placeholders and URLs left out)."""
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        for form in _forms(message):
            # Placeholders ({time:%H:%M}) and addresses (http://) are not prose.
            prose = re.sub(r"\{[^{}]*\}|\w+://\S+", "x", form)
            for pattern, rule in _FRENCH_SPACING:
                if pattern.search(prose):
                    yield f"fr: {key}: {rule}: {form!r}"


def check() -> list[str]:
    """Every problem of every catalogue, and of every ``.mo`` not compiled from its ``.po``."""
    source = load(SOURCE_LANG)
    found: list[str] = []
    for lang in languages():
        found.extend(problems(lang, load(lang), source))
        if lang == SOURCE_LANG:
            found.extend(french_typography(source))
        po, mo = catalog_paths(lang)
        if not mo.is_file() or mo.read_bytes() != compile_catalog(po.read_bytes(), po):
            found.append(f"{lang}: {mo.name} is not compiled from the current {po.name} (run: compile)")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """The maintainers' command line."""
    parser = argparse.ArgumentParser(prog="python -m codev.core.catalog_build", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("compile", help="compile every .po to its .mo")
    updating = sub.add_parser("update", help="give every language the French catalogue's message ids")
    updating.add_argument("--add", action="append", default=[], metavar="LANG", help="start a new language")
    sub.add_parser("check", help="list what is missing or inconsistent")
    args = parser.parse_args(argv)
    if args.command == "compile":
        for path in compile_all():
            print(f"written: {path}")
        return 0
    if args.command == "update":
        for lang in update(args.add):
            print(f"updated: {catalog_paths(lang)[0]}")
        return 0
    found = check()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
