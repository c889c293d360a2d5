"""The string catalog: every message exists in French and English with the same placeholders."""

from __future__ import annotations

import string

import pytest

from codev.core.catalog import MESSAGES, SECTIONS
from codev.core.i18n import parse_lang, resolve_lang, set_lang, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert entry["fr"].strip() and entry["en"].strip()
    assert _fields(entry["fr"]) == _fields(entry["en"])


def test_sections_do_not_collide() -> None:
    assert sum(len(section) for section in SECTIONS.values()) == len(MESSAGES)


def test_t_formats_in_the_requested_language() -> None:
    assert t("file.error.too_large", lang="fr", limit=3) == "fichier trop gros (plus de 3 Kio)"
    set_lang("en")
    assert t("file.error.too_large", limit=3) == "file too large (over 3 KiB)"


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        t("no.such.message")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("fr", "fr"), ("fr_CA.UTF-8", "fr"), ("FR-be", "fr"), ("en_GB", "en"), ("de_DE", None), ("", None)],
)
def test_parse_lang(value: str, expected: str | None) -> None:
    assert parse_lang(value) == expected


def test_language_resolution_order() -> None:
    assert resolve_lang("en", {"CODEV_LANG": "fr", "LANG": "fr_FR.UTF-8"}) == "en"
    assert resolve_lang(None, {"CODEV_LANG": "fr", "LANG": "en_US.UTF-8"}) == "fr"
    assert resolve_lang(None, {"LANG": "fr_FR.UTF-8"}) == "fr"
    assert resolve_lang(None, {"LANG": "de_DE.UTF-8"}) == "en"
    assert resolve_lang(None, {}) == "en"
