"""The gettext catalogues: every message in every language, same placeholders, right plural forms."""

from __future__ import annotations

import gettext
import io
import shutil
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog

from codev.core import catalog_build, i18n
from codev.core.i18n import LANGUAGES, parse_lang, resolve_lang, set_lang, t, tn

SOURCE = catalog_build.load("fr")


def _forms(catalog: Catalog, key: str) -> list[str]:
    message = catalog.get(key)
    assert message is not None, key
    value = message.string
    return list(value) if isinstance(value, (tuple, list)) else [value]


def test_french_and_english_are_there_and_french_comes_first() -> None:
    assert LANGUAGES[:2] == ("fr", "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_is_complete_and_consistent_with_french(lang: str) -> None:
    # Missing or extra ids, untranslated or fuzzy entries, placeholders that differ from
    # French, a Plural-Forms header that is not the language's, plural entries with the
    # wrong number of forms: each is one line here.
    assert list(catalog_build.problems(lang, catalog_build.load(lang), SOURCE)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogues_are_compiled_from_the_current_po(lang: str) -> None:
    po, mo = i18n.catalog_paths(lang)
    assert mo.read_bytes() == catalog_build.compile_catalog(po.read_bytes(), po), (
        "run: python -m codev.core.catalog_build compile"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats_in_every_language(lang: str) -> None:
    for message in SOURCE:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        fields = catalog_build.placeholders(" ".join(_forms(SOURCE, message.id)))
        values = {name: "x" for name in fields}
        if isinstance(message.id, str):
            assert t(key, lang=lang, **values)
        else:
            values.pop("count", None)
            for count in (0, 1, 2, 5, 1_000_000):
                assert tn(key, count, lang=lang, **values)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_rule_is_the_one_babel_knows_for_the_language(lang: str) -> None:
    catalog = catalog_build.load(lang)
    translations = gettext.GNUTranslations(
        io.BytesIO(catalog_build.compile_catalog(i18n.catalog_paths(lang)[0].read_bytes()))
    )
    rule = Locale.parse(lang).plural_form
    categories = sorted(rule.tags | {"other"})
    assert catalog.num_plurals == len(categories) or catalog.num_plurals >= 2
    # The form gettext picks for n must be the same for every n with the same CLDR category.
    by_category: dict[str, set[int]] = {}
    for n in range(0, 2001):
        index = translations.plural(n)  # type: ignore[attr-defined]
        by_category.setdefault(rule(n), set()).add(index)
    assert all(len(indexes) == 1 for indexes in by_category.values()), by_category


def test_french_plural_takes_the_singular_at_zero_english_does_not() -> None:
    assert tn("ui.live.more_notes", 0, lang="fr") == "… et 0 plus ancienne"
    assert tn("ui.live.more_notes", 0, lang="en") == "… and 0 older"
    assert tn("ui.live.more_notes", 1, lang="en") == "… and 1 older"
    assert tn("ui.live.more_notes", 4, lang="fr") == "… et 4 plus anciennes"


def test_t_formats_in_the_requested_language() -> None:
    assert t("file.error.too_large", lang="fr", limit=3) == "fichier trop gros (plus de 3 Kio)"
    set_lang("en")
    assert t("file.error.too_large", limit=3) == "file too large (over 3 KiB)"


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        t("no.such.message")
    with pytest.raises(KeyError):
        tn("no.such.message", 2)


def test_a_message_missing_in_a_language_comes_from_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        i18n, "translations", _only({"en": {"a.key": "in English"}, "fr": {"a.key": "en français"}})
    )
    assert t("a.key", lang="xx") == "in English"


def _only(tables: dict[str, dict[str, str]]):  # type: ignore[no-untyped-def]
    def translations(lang: str) -> gettext.NullTranslations:
        table = tables.get(lang, {})

        class Fixed(gettext.NullTranslations):
            def gettext(self, message: str) -> str:
                return table.get(message, message)

        return Fixed()

    return translations


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fr", "fr"),
        ("fr_CA.UTF-8", "fr"),
        ("FR-be", "fr"),
        ("en_GB", "en"),
        ("C", None),
        ("", None),
        ("pt_BR.UTF-8", None),
    ],
)
def test_parse_lang(value: str, expected: str | None) -> None:
    assert parse_lang(value) == expected


def test_language_resolution_order() -> None:
    assert resolve_lang("en", {"CODEV_LANG": "fr", "LANG": "fr_FR.UTF-8"}) == "en"
    assert resolve_lang(None, {"CODEV_LANG": "fr", "LANG": "en_US.UTF-8"}) == "fr"
    assert resolve_lang(None, {"LANG": "fr_FR.UTF-8"}) == "fr"
    assert resolve_lang(None, {"LANG": "pt_BR.UTF-8"}) == "en"
    assert resolve_lang(None, {"CODEV_LANG": "zz"}) == "en"
    assert resolve_lang(None, {}) == "en"


def test_a_stale_compiled_catalogue_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A translator edits the .po and runs codev before compiling: the .po is what shows.
    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR / "en", folder / "en")
    po = folder / "en" / "LC_MESSAGES" / "codev.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            '"file too large (over {limit} KiB)"', '"far too big ({limit} KiB)"'
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("en").gettext("file.error.too_large") == "far too big ({limit} KiB)"
    finally:
        i18n.translations.cache_clear()


def test_a_po_without_a_compiled_catalogue_is_read_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new language is one .po file: no .mo, no Python.
    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR / "en", folder / "en")
    (folder / "en" / "LC_MESSAGES" / "codev.mo").unlink()
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("en").gettext("file.error.too_large") == "file too large (over {limit} KiB)"
    finally:
        i18n.translations.cache_clear()


def test_french_texts_follow_french_typography() -> None:
    assert list(catalog_build.french_typography(SOURCE)) == []


@pytest.mark.parametrize(
    "text",
    ["Parole : {who}", "Parole: {who}", "Prêt ?", "Prêt?", "fini ; la suite", "« codev »", "l'écran"],
)
def test_french_typography_is_checked(text: str) -> None:
    catalog = Catalog(locale="fr")
    catalog.add("a.key", text)
    assert len(list(catalog_build.french_typography(catalog))) == 1


@pytest.mark.parametrize(
    "text",
    ["Parole\u00a0: {who}", "Prêt\u202f?", "«\u00a0codev\u00a0»", "l’écran", "{time:%H:%M}", "http://x"],
)
def test_french_typography_accepts_what_it_asks_for(text: str) -> None:
    catalog = Catalog(locale="fr")
    catalog.add("a.key", text)
    assert list(catalog_build.french_typography(catalog)) == []
