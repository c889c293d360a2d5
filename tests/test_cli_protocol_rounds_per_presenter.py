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


def test_the_list_and_the_set_up_count_the_rounds_per_presenter_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 105 min alone would read as the whole session's length: it is one presenter's.
    from codev.cli import main
    from codev.ui.screens.setup import _protocol_label

    assert main(["--lang", "en", "protocol", "list"]) == 0
    (line,) = [row for row in capsys.readouterr().out.splitlines() if row.startswith("action-learning-set")]
    assert "50 + 55 per presenter" in line
    entry = find_protocol("action-learning-set")
    assert entry is not None
    set_lang("fr")
    assert _protocol_label(entry.protocol, "fr") == (
        "Action learning set (Revans) — 50 min + 55 min par présentateur·rice"
    )
    troika = find_protocol("troika")
    assert troika is not None
    assert _protocol_label(troika.protocol, "fr").endswith(" — 32 min")
