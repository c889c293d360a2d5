"""People's and groups' names: how they are compared, and the file names made from them.

A display name can be anything a facilitator types — accents, emoji, ``/``, ``..``, NUL,
a whole paragraph. The name itself is kept inside the file; the file name is only a safe
ASCII *slug* of it, so that it can never leave its folder, is valid on every file system
(Windows' reserved names included) and stays readable (``élise-durand.toml``).

Two names may slug alike (``Élise`` and ``Elise``, ``Bob 🫨`` and ``Bob 🩷``); they must
never share a file. Each name therefore has a short list of candidate stems — the plain
slug, then the slug with a short and a longer hash of the name, then a last stem that no
other name can take — and a name's file is the first candidate whose file says it belongs
to that name (see :mod:`codev.core.logbook.paths`). The hash is of the normalised name, so
the same name finds the same file in every run.

Slugs never hold ``--`` (runs of separators are collapsed), so a stem with ``--`` in it is
out of reach of any typed name: ``elise-62875e56`` can be someone's name and take that
file, ``elise--62875e56…`` cannot. The last candidate is such a stem, with 32 hex digits of
the hash: names crafted to take the other candidates never leave a person without a file.
Only files copied by hand can still be in the way; :func:`overflow_stems` goes on from there.

Which names are the same person, and how names are normalised, is
:mod:`codev.core.people`'s business; this module only makes file names from them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

from codev.core.people import loose_key as loose_key
from codev.core.people import normalize_name as normalize_name

MAX_SLUG_LENGTH = 48
"""Slugs are cut to this many characters; with a hash suffix and ``.pending.toml`` a file
name stays far below every file system's limit (255 bytes)."""

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
"""What every stem looks like: it never starts with a dot or an underscore, which keeps
codev's own files (``_group.toml``, ``.lock``, temporary files) out of the names' space."""

# Letters that Unicode does not decompose into a base letter plus accents.
_TRANSLITERATIONS = {
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "ẞ": "SS",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
}
# "L'Hôte" reads better as "lhote" than "l-hote".
_APOSTROPHES = frozenset("'’ʼ`´")
# Windows refuses these as file names whatever the extension (``con.toml`` included).
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def name_hash(name: str) -> str:
    """A stable hexadecimal digest of the normalised name."""
    return hashlib.sha256(normalize_name(name).encode("utf-8")).hexdigest()


def slugify(name: str) -> str:
    """A lowercase ASCII slug of ``name`` (``a-z``, ``0-9``, ``-``), never empty.

    Accents are dropped (``Élise`` → ``elise``), ligatures spelt out (``Œ`` → ``oe``),
    anything else becomes a separator. A name with no Latin letter or digit at all (emoji,
    another script) gets ``u-`` and a hash, so that it still has a stable, distinct slug.
    """
    parts: list[str] = []
    for char in unicodedata.normalize("NFKD", normalize_name(name)):
        for piece in _TRANSLITERATIONS.get(char, char):
            if piece in _APOSTROPHES or unicodedata.combining(piece):
                continue
            parts.append(piece.lower() if piece.isascii() and piece.isalnum() else "-")
    slug = re.sub(r"-+", "-", "".join(parts)).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH]
        # Cut at a word boundary when there is one in the second half, for readability.
        boundary = cut.rfind("-")
        slug = (cut[:boundary] if boundary > MAX_SLUG_LENGTH // 2 else cut).strip("-")
    if not slug:
        return f"u-{name_hash(name)[:8]}"
    if slug in _WINDOWS_RESERVED:
        return f"{slug}-x"
    return slug


def candidate_stems(name: str) -> tuple[str, str, str, str]:
    """The stems a name's file may have, in the order they are tried.

    The plain slug is taken by the first name that needs it; a later name with the same
    slug gets the slug plus 8 hex digits of its hash, then 16 (files written by earlier
    versions are found there). The last stem, ``slug--`` and 32 hex digits, cannot be any
    name's slug (slugs never hold ``--``): only this name can claim it.
    """
    slug = slugify(name)
    digest = name_hash(name)
    return slug, f"{slug}-{digest[:8]}", f"{slug}-{digest[:16]}", f"{slug}--{digest[:32]}"


def overflow_stems(name: str) -> Iterator[str]:
    """Stems to try, endlessly, when every candidate is taken (by files copied by hand).

    They carry ``--`` too, so no typed name reaches them; a folder holds finitely many
    files, so a free one always comes.
    """
    last = candidate_stems(name)[-1]
    number = 2
    while True:
        yield f"{last}-{number}"
        number += 1
