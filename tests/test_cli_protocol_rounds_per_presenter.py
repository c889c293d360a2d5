"""`codev protocol show` and `codev protocol rehearse` of a protocol whose round is repeated
once per presenter (Revans' action learning set): shown once, "× one per presenter"; the
rehearsal gives three demo presenters their own slot."""

from __future__ import annotations

from pathlib import Path

import pytest

from codev.core.i18n import set_lang
from codev.core.protocol.library import find_protocol
from codev.ui.demo import demo_setup
from test_cli_protocol_rounds import show, step_heads


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        (
            "en",
            "Rounds (× one per presenter) — 55 min a round — how many is decided when the session is set up",
        ),
        (
            "fr",
            "Tours (× un par présentateur·rice) — 55 min par tour"
            " — leur nombre se décide à la préparation de la séance",
        ),
        (
            "de",
            "Runden (× eine pro Présentateur·rice) — 55 min pro Runde"
            " — wie viele, wird bei der Vorbereitung der Sitzung festgelegt",
        ),
    ],
)
def test_the_round_is_shown_once_per_presenter(
    capsys: pytest.CaptureFixture[str], lang: str, heading: str
) -> None:
    lines = show(capsys, lang, "action-learning-set")
    assert lines.count(heading) == 1, [line for line in lines if "×" in line]
    heads = step_heads(lines)
    assert [(indent, step_id) for indent, _, _, step_id in heads] == [
        ("", "ouverture"),
        ("", "compte-rendu"),
        ("  ", "point"),
        ("  ", "questionnement"),
        ("  ", "actions"),
        ("  ", "retour"),
        ("", "revue"),
    ]
    assert lines.index(heading) < lines.index(next(line for line in lines if "[point]" in line))
    assert not any("-r1" in line for line in lines)


def test_the_rehearsal_gives_three_demo_presenters_a_slot_each() -> None:
    set_lang("en")
    protocol = find_protocol("action-learning-set", None).protocol
    setup = demo_setup(protocol)
    assert setup.round_clients == ("karim", "sofia", "jean-luc")
    assert setup.client_id == "karim" and setup.facilitator_id == "hélène"
    assert setup.protocol == protocol.with_rounds(3)
