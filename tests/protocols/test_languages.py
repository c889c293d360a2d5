"""A protocol's texts in any language: keys are language tags, with a declared fallback order.

``fr`` and ``en`` were once the only keys; any tag of the right shape (``de``, ``nl``,
``de-AT``, ``pt_BR``…) now is, and ``languages = [...]`` at the top of a file says which
language to show when the reader's own is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from codev.core.i18n import set_lang, t
from codev.core.protocol.loader import ProtocolError, parse_protocol
from codev.core.protocol.model import (
    LocalizedList,
    LocalizedText,
    Protocol,
    canonical_tag,
    is_language_tag,
    ordered_tags,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


def protocol_text(
    *, header: str = "", title: str = 'fr = "Titre"\nen = "Title"', step_title: str = 'fr = "Étape"'
) -> str:
    """A small valid protocol; ``title`` is the body of its ``[title]`` table."""
    return (
        f'id = "langs"\n{header}'
        f"[title]\n{title}\n"
        '[description]\nfr = "Desc."\n'
        "[[steps]]\n"
        'id = "a"\nminutes = 5\nspeakers = "client"\n'
        f"[steps.title]\n{step_title}\n"
        '[steps.instructions]\nfr = "Faire."\n'
    )


def problems(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "p.toml")
    return [str(problem) for problem in caught.value.problems]


# --- Tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag", ["fr", "en", "de", "nl", "de-AT", "de_AT", "pt-BR", "zh-Hant-TW", "es-419", "gsw"]
)
def test_any_language_tag_is_a_key_of_a_text(tag: str) -> None:
    protocol = parse_protocol(protocol_text(title=f'{tag} = "Titel"'), "p.toml")
    assert protocol.title.texts == {tag: "Titel"}
    assert protocol.title.get(tag) == "Titel"


@pytest.mark.parametrize(
    ("key", "shown"),
    [("deutsch", "deutsch"), ('"de AT"', '"de AT"'), ('"de.AT"', '"de.AT"'), ("d", "d"), ("de-A", "de-A")],
)
def test_a_malformed_tag_is_refused_with_its_line_and_field(key: str, shown: str) -> None:
    text = protocol_text(title=f'fr = "Titre"\n{key} = "Titel"')
    bare = key.strip('"')
    assert problems(text) == [
        f"p.toml:4: title.{shown}: '{bare}' is not a language tag (such as fr, en, de or de-AT)"
    ]


def test_a_malformed_tag_in_a_step_names_the_step() -> None:
    text = protocol_text(step_title='fr = "Étape"\nallemand = "Schritt"')
    assert problems(text) == [
        "p.toml:13: steps.1.title.allemand: 'allemand' is not a language tag (such as fr, en, de or de-AT)"
    ]


def test_a_tag_with_a_newline_is_shown_escaped() -> None:
    text = protocol_text(title='fr = "Titre"\n"de\\n" = "Titel"')
    # The scanner decodes the escaped key as tomllib does: the message points at its own line.
    assert problems(text) == [
        "p.toml:4: title.\"de\\n\": 'de\\n' is not a language tag (such as fr, en, de or de-AT)"
    ]


def test_the_malformed_tag_message_is_translated() -> None:
    set_lang("fr")
    text = protocol_text(title='fr = "Titre"\nallemand = "Titel"')
    assert problems(text) == [
        "p.toml:4: title.allemand: « allemand » n’est pas une étiquette de langue (comme fr, en, de ou de-AT)"
    ]


def test_the_same_language_twice_is_refused() -> None:
    text = protocol_text(title='de-AT = "Titel"\nde_AT = "Titel"')
    assert problems(text) == ["p.toml:4: title.de_AT: 'de_AT' is the same language as 'de-AT'"]


def test_a_text_needs_one_non_blank_language() -> None:
    assert problems(protocol_text(title='de = "  "\nnl = ""')) == [
        "p.toml:2: title: give the text in at least one language (fr, en, de…)"
    ]


def test_a_wrong_value_under_a_new_tag_is_located() -> None:
    assert problems(protocol_text(title='fr = "Titre"\nde = 3')) == ["p.toml:4: title.de: text is expected"]


def test_tag_shapes() -> None:
    assert is_language_tag("sr-Latn-RS") and not is_language_tag("de-")
    assert not is_language_tag("deutsch") and not is_language_tag("de-1")
    assert not is_language_tag("de\n") and not is_language_tag(" de")
    assert canonical_tag("DE-at") == "de_AT" and canonical_tag("zh-hant") == "zh_Hant"


# --- Which text shows ------------------------------------------------------------------------


def test_the_exact_tag_comes_first_then_the_same_language() -> None:
    text = LocalizedText.model_validate({"de": "Standard", "de-AT": "Österreich", "de_CH": "Schweiz"})
    assert text.get("de_AT") == "Österreich"
    assert text.get("de-AT") == "Österreich"
    assert text.get("de") == "Standard"
    # A region the protocol lacks: the language itself, before any other region.
    assert text.get("de_DE") == "Standard"


def test_de_at_falls_to_de() -> None:
    text = LocalizedText.model_validate({"fr": "Bonjour", "en": "Hello", "de": "Hallo"})
    assert text.get("de_AT") == "Hallo"


def test_a_regional_text_serves_its_language() -> None:
    text = LocalizedText.model_validate({"en": "Hello", "de_CH": "Grüezi"})
    assert text.get("de") == "Grüezi"


def test_without_declared_languages_english_then_french() -> None:
    text = LocalizedText.model_validate({"fr": "Bonjour", "en": "Hello", "nl": "Hallo"})
    assert text.get("de") == "Hello"
    assert LocalizedText.model_validate({"fr": "Bonjour", "nl": "Hallo"}).get("de") == "Bonjour"
    # Last of all, any text there is.
    assert LocalizedText.model_validate({"nl": "Hallo"}).get("fr") == "Hallo"


def test_a_blank_text_counts_as_missing() -> None:
    text = LocalizedText.model_validate({"de": "   ", "en": "Hello"})
    assert text.get("de") == "Hello"
    assert LocalizedList.model_validate({"de": [], "en": ["a"]}).get("de") == ["a"]


def test_ordered_tags() -> None:
    present = ["fr", "en", "nl", "de", "de-AT", "pt"]
    assert ordered_tags("de_AT", present) == ["de-AT", "de", "en", "fr", "nl", "pt"]
    assert ordered_tags("nl", present, ["de", "fr"]) == ["nl", "de", "de-AT", "fr", "en", "pt"]


def test_declared_languages_set_the_fallback_order() -> None:
    text = protocol_text(
        header='languages = ["de", "nl", "en"]\n',
        title='fr = "Titre"\nen = "Title"\nnl = "Titel (nl)"\nde = "Titel"',
        step_title='fr = "Étape"\nnl = "Stap"',
    )
    protocol = parse_protocol(text, "p.toml")
    assert protocol.languages == ["de", "nl", "en"]
    assert protocol.written_in == ("de", "nl", "en")
    assert protocol.title.get("pt") == "Titel"
    assert protocol.title.get("fr") == "Titre"
    # The step has no German: Dutch comes before English and French, as declared.
    assert protocol.steps[0].title.get("de") == "Stap"
    assert protocol.steps[0].title.get("en") == "Stap"
    # Lists follow the same order.
    assert protocol.steps[0].allowed.get("de") == []


def test_undeclared_languages_are_french_then_english() -> None:
    protocol = parse_protocol(protocol_text(), "p.toml")
    assert protocol.languages is None
    assert protocol.written_in == ("fr", "en")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '["de", "deutsch"]',
            "p.toml:2: languages.2: 'deutsch' is not a language tag (such as fr, en, de or de-AT)",
        ),
        ('["de", "de"]', "p.toml:2: languages: an item is listed twice"),
        ('["de-AT", "de_AT"]', "p.toml:2: languages: an item is listed twice"),
        ("[]", "p.toml:2: languages: at least 1 item expected"),
    ],
)
def test_declared_languages_are_checked(value: str, expected: str) -> None:
    assert problems(protocol_text(header=f"languages = {value}\n")) == [expected]


def test_every_language_survives_a_journal_round_trip() -> None:
    # The session journal stores the whole protocol (model_dump_json) and validates it again
    # on resume: German and Dutch texts, and the declared order, must come back.
    text = protocol_text(
        header='languages = ["nl", "en"]\n',
        title='nl = "Titel"\nde = "Titel (de)"',
        step_title='en = "Step"\nnl = "Stap"\nde_AT = "Schritt"',
    )
    protocol = parse_protocol(text, "p.toml")
    again = Protocol.model_validate_json(protocol.model_dump_json())
    assert again == protocol
    assert again.steps[0].title.texts == {"en": "Step", "nl": "Stap", "de_AT": "Schritt"}
    assert again.steps[0].title.get("de") == "Schritt"
    assert again.description.get("de") == "Desc."
    assert again.title.get("fr") == "Titel"


# --- Rounds ----------------------------------------------------------------------------------


def test_round_titles_are_made_in_every_language() -> None:
    text = (
        'id = "trio"\nrounds = 2\nlanguages = ["de", "nl"]\n'
        '[title]\nde = "Trio"\n[description]\nde = "Ein Trio."\n'
        "[[steps]]\n"
        'id = "frage"\nminutes = 2\nspeakers = "client"\nrepeat = true\n'
        'title = { fr = "Question", en = "Question", de = "Frage", nl = "Vraag", pt-BR = "Pergunta" }\n'
        'instructions = { de = "Fragen." }\n'
    )
    protocol = parse_protocol(text, "trio.toml")
    title = protocol.step("frage-r2").title
    assert title.texts == {
        "fr": "Tour 2 — Question",
        "en": "Round 2 — Question",
        "de": t("protocol.round_title", lang="de", round=2, title="Frage"),
        "nl": t("protocol.round_title", lang="nl", round=2, title="Vraag"),
        # No catalogue for Portuguese: its round is numbered the English way.
        "pt-BR": "Round 2 — Pergunta",
    }
    assert "Frage" in title.get("de") != "Frage"
    assert "Vraag" in title.get("nl") != "Vraag"
    # The declared order still applies to the rounds' copies.
    assert protocol.step("frage-r1").instructions.get("nl") == "Fragen."
