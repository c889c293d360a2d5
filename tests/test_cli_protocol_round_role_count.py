"""`codev protocol show` of rounds once per presenter: the presenter's role reads as a trainer
says it, one person per round and one round each, not "one person" for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cli_protocol_rounds import show


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("lang", "line", "adviser"),
    [
        ("en", "  Presenter [presenter]: client, one person per round, one round each", "one person"),
        ("fr", "une personne par tour, un tour chacune", "une personne"),
        ("de", "eine Person pro Runde, jede mit einer Runde", "eine Person"),
        ("nl", "één persoon per ronde, ieder één ronde", "één persoon"),
    ],
)
def test_the_presenters_role_is_one_person_per_round(
    capsys: pytest.CaptureFixture[str], lang: str, line: str, adviser: str
) -> None:
    lines = show(capsys, lang, "action-learning-set")
    presenter = next(shown for shown in lines if "[presenter]" in shown)
    assert presenter.endswith(line.strip())
    # The other roles keep their count.
    assert next(shown for shown in lines if "[adviser]" in shown).endswith(adviser)
