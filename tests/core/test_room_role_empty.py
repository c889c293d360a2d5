"""A step for an optional role nobody holds (Troika run without a facilitator) reads well
after "Parole :" in every language: "Parole : personne (sans animateur)", never two colons."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from engine_support import make_setup

from codev.core.clock import FakeClock
from codev.core.i18n import Lang, set_lang, t
from codev.core.protocol.loader import load_protocol, parse_protocol
from codev.core.room import room_picture
from codev.core.session import Participant, SessionEngine, SessionSetup, Start

TROIKA = Path(__file__).parents[2] / "protocols" / "troika.toml"
FOUR = tuple(Participant(id=name.lower(), name=name) for name in ("Ana", "Ben", "Chloé", "Dora"))


@pytest.fixture(autouse=True)
def back_to_english() -> object:
    yield
    set_lang("en")


def speakers_at_start(setup: SessionSetup) -> str:
    engine = SessionEngine(setup, FakeClock(1_700_000_000.0))
    engine.apply(Start())
    return room_picture(setup, engine.view()).speakers


@pytest.mark.parametrize(
    ("lang", "who"),
    [
        ("fr", "Parole\u00a0: personne (sans animateur)"),
        ("en", "Speaking: nobody (no facilitator)"),
        ("de", "Am Wort: niemand (ohne Moderation)"),
        ("nl", "Aan het woord: niemand (geen gespreksleider)"),
    ],
)
def test_troika_without_a_facilitator_says_nobody_speaks_at_the_preparation(lang: Lang, who: str) -> None:
    set_lang(lang)
    setup = make_setup(load_protocol(TROIKA), participants=FOUR, client_id="ana", facilitator_id=None)
    assert t("room.who", who=speakers_at_start(setup)) == who


def test_a_titled_role_nobody_holds_is_named_in_the_sentence() -> None:
    set_lang("fr")
    text = textwrap.dedent(
        """\
        format = 2
        id = "x"
        version = "1"
        author = "a"
        roles = [
            "client",
            "consultant",
            { id = "host", meaning = "facilitator", count = "at_most_one", title = { fr = "Hôte" } },
        ]
        title = { fr = "X", en = "X" }
        description = { fr = "X", en = "X" }

        [[steps]]
        id = "welcome"
        minutes = 2
        speakers = "host"
        title = { fr = "Accueil", en = "Welcome" }
        instructions = { fr = "Accueillir.", en = "Welcome everyone." }
        """
    )
    proto = parse_protocol(text, "x.toml")
    setup = make_setup(proto, participants=FOUR, client_id="ana", facilitator_id=None)
    assert speakers_at_start(setup) == "personne (sans hôte)"
