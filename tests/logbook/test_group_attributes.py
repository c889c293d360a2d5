"""A group file's attributes (``[attributes.NAME]``, written by hand): read as a trainer
writes them — a table's name in any case, a year written as a number — and every mistake
refused with its line and field, never with pydantic's internals and never by letting one
of two spellings of a name silently win."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from codev.core.i18n import set_lang
from codev.core.logbook import LogbookError
from codev.core.logbook.models import GroupFile
from codev.core.logbook.reading import parse_file

HEAD = 'format = 1\nname = "Assistantes"\nmembers = ["Ana", "Ben", "Zoé"]\n\n'
PATH = Path("_group.toml")


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def read(tables: str) -> GroupFile:
    return parse_file(HEAD + tables, PATH, GroupFile)


def problems(tables: str) -> list[str]:
    with pytest.raises(LogbookError) as caught:
        read(tables)
    return [str(problem) for problem in caught.value.problems]


def test_a_table_named_in_capitals_matches_the_protocols_lowercase_id() -> None:
    group = read('[attributes.Company]\n"Ana" = "Acme"\n\n[attributes.CITY]\n"Ben" = "Lyon"\n')
    assert group.attributes == {"company": {"Ana": "Acme"}, "city": {"Ben": "Lyon"}}


def test_two_tables_that_differ_only_in_case_are_refused_with_the_line() -> None:
    text = '[attributes.company]\n"Ana" = "Acme"\n\n[attributes.Company]\n"Ben" = "Beta"\n'
    assert problems(text) == [
        "_group.toml:8: attributes.Company: the same attribute as company (names ignore case): write it once"
    ]


def test_a_whole_number_is_read_as_text() -> None:
    group = read('[attributes.entry_year]\n"Ana" = 2024\n"Ben" = "2023"\n')
    assert group.attributes == {"entry_year": {"Ana": "2024", "Ben": "2023"}}


@pytest.mark.parametrize("value", ["true", "2.5", "[1, 2]", "2024-01-01"])
def test_another_type_of_value_is_refused_with_its_line(value: str) -> None:
    (problem,) = problems(f'[attributes.company]\n"Ana" = {value}\n')
    assert problem.startswith("_group.toml:6: attributes.company.Ana: ")


def test_an_empty_name_gets_a_clean_located_message() -> None:
    assert problems('[attributes.company]\n"" = "Acme"\n') == [
        "_group.toml:5: attributes.company: a name cannot be empty"
    ]
    assert problems('[attributes.company]\n"  " = "Acme"\n') == [
        "_group.toml:5: attributes.company: a name cannot be empty"
    ]


def test_a_name_written_twice_in_two_unicode_forms_is_refused() -> None:
    composed = unicodedata.normalize("NFC", "Zoé")
    decomposed = unicodedata.normalize("NFD", "Zoé")
    assert composed != decomposed
    text = f'[attributes.company]\n"{composed}" = "Acme"\n"{decomposed}" = "Beta"\n'
    (problem,) = problems(text)
    assert problem.startswith("_group.toml:7: attributes.company.")
    assert problem.endswith(": Zoé is written twice in this table (the same name, typed two ways)")


def test_the_messages_are_translated() -> None:
    set_lang("fr")
    assert problems('[attributes.company]\n"" = "Acme"\n') == [
        "_group.toml:5: attributes.company: un nom ne peut pas être vide"
    ]
