"""Who is who: names are normalised first, two names are one person only when equal after
that, set-up refuses names nobody could see or tell apart, and what is typed for an author
finds the exact person before any forgiving match."""

from __future__ import annotations

from typing import Any

import pytest
from engine_support import make_setup
from pydantic import ValidationError

from codev.core.i18n import set_lang
from codev.core.people import (
    AuthorMatch,
    NameProblem,
    name_problem,
    new_member_problem,
    normalize_name,
    resolve_author,
)
from codev.core.session import Participant

ZOE_NFC = "Zo\u00e9"
ZOE_NFD = "Zoe\u0301"
SHAKING = "\U0001fae8"  # 🫨, Unicode 15: unknown to this Python's unicodedata (category Cn)
PINK_HEART = "\U0001fa77"  # 🩷, Unicode 15 too


def people(*names: str) -> tuple[Participant, ...]:
    return tuple(Participant(id=f"p{index}", name=name) for index, name in enumerate(names))


def setup_error(*names: str) -> str:
    with pytest.raises(ValidationError) as caught:
        make_setup(participants=people(*names))
    return str(caught.value.errors()[0]["msg"])


# --- Normalisation ----------------------------------------------------------------------------


def test_names_are_nfc_and_unknown_characters_are_kept() -> None:
    assert normalize_name(ZOE_NFD) == ZOE_NFC
    # Characters this Python does not know are still someone's name: never dropped.
    assert normalize_name(f"Bob {SHAKING}") == f"Bob {SHAKING}"
    assert normalize_name(f"Bob {SHAKING}") != normalize_name(f"Bob {PINK_HEART}")
    assert normalize_name(SHAKING) == SHAKING
    assert normalize_name("  Marie \t Dupont\n") == "Marie Dupont"


def test_a_participant_name_is_kept_normalised() -> None:
    assert Participant(id="z", name=f"  {ZOE_NFD}  ").name == ZOE_NFC


# --- What set-up refuses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", NameProblem.EMPTY),
        ("   ", NameProblem.EMPTY),
        ("\t\n", NameProblem.CONTROL),
        ("\x1b\x07\x00", NameProblem.CONTROL),
        ("Karim\x1b[31m", NameProblem.CONTROL),
        ("\u200b\u200d\u2060", NameProblem.INVISIBLE),
        ("\u0301\u0301", NameProblem.INVISIBLE),
        ("\u3164", NameProblem.INVISIBLE),
        ("x" * 201, NameProblem.TOO_LONG),
    ],
)
def test_names_nobody_could_see_are_refused(name: str, problem: NameProblem) -> None:
    assert name_problem(name) is problem


@pytest.mark.parametrize(
    "name", [SHAKING, f"Bob {SHAKING}", "王小明", "👩\u200d👩\u200d👧", "Élise", "[b]Zoé[/b]", "2"]
)
def test_real_names_emoji_alone_included_are_accepted(name: str) -> None:
    assert name_problem(name) is None
    assert Participant(id="x", name=name).name == normalize_name(name)


def test_a_name_of_control_characters_is_refused_at_set_up_with_the_reason() -> None:
    message = setup_error("Ana", "\x01\x02\x1b")
    assert "contains control characters" in message  # the reason, not a list of possible ones
    assert "\\x01" in message  # shown escaped, never sent raw to the terminal


def test_an_emoji_only_name_is_a_person() -> None:
    setup = make_setup(participants=people("Ana", SHAKING))
    assert setup.participants[1].name == SHAKING


def test_a_second_zoe_typed_in_decomposed_form_is_refused_as_already_present() -> None:
    message = setup_error(ZOE_NFC, "Ana", ZOE_NFD)
    assert ZOE_NFC in message and "already" in message


def test_accents_case_and_unknown_characters_never_make_two_names_one() -> None:
    setup = make_setup(participants=people("Élise", "Elise", "élise", f"Bob {SHAKING}", f"Bob {PINK_HEART}"))
    assert len({person.name for person in setup.participants}) == 5


def test_new_member_check_on_the_form_says_why() -> None:
    assert new_member_problem([ZOE_NFC, "Ana"], "Élise") is None
    duplicate = new_member_problem([ZOE_NFC, "Ana"], f" {ZOE_NFD} ")
    assert duplicate is not None and ZOE_NFC in duplicate and "already" in duplicate
    control = new_member_problem([], "\x1b\x1b")
    assert control is not None and "control characters" in control
    assert new_member_problem([], "\u200b") is not None
    assert new_member_problem(["Elise"], "Élise") is None
    set_lang("fr")
    french = new_member_problem([ZOE_NFC], ZOE_NFD)
    assert french is not None and "déjà" in french


# --- Who is meant by what was typed ------------------------------------------------------------


CAST = people("Élise", "Elise", f"Bob {SHAKING}", f"Bob {PINK_HEART}", "Hélène", "2")


def match(typed: str, cast: Any = CAST) -> AuthorMatch:
    return resolve_author(cast, typed)


def test_the_exact_name_wins_over_any_accent_free_match() -> None:
    assert match("Elise").person_id == "p1"
    assert match("Élise").person_id == "p0"
    assert match("E\u0301lise").person_id == "p0"  # typed decomposed: still the exact name
    assert match(f"Bob {PINK_HEART}").person_id == "p3"


def test_numbers_pick_the_place_in_the_list_unless_a_name_is_exactly_that() -> None:
    assert match("3").person_id == "p2"
    assert match("2").person_id == "p5"  # someone is called "2": the exact name first
    assert match("7").person_id is None
    assert match("²", people("Ana", "Bo")).person_id is None  # a digit int() refuses: no crash
    assert match("9" * 5000).person_id is None  # beyond int()'s limit: no crash


def test_a_forgiving_match_is_taken_only_when_it_names_one_person() -> None:
    assert match("helene").person_id == "p4"
    assert match("hel").person_id == "p4"
    both = match("elise")
    assert both.person_id is None and both.candidates == ("p0", "p1")
    prefix = match("bo")
    assert prefix.person_id is None and prefix.candidates == ("p2", "p3")
    assert match("bob").candidates == ("p2", "p3")
    assert match("zz") == AuthorMatch(None, ())
    assert match("   ") == AuthorMatch(None, ())
