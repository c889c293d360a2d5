"""`codev protocol show` says which steps the catch-up plan never shortens, and the joker."""

from __future__ import annotations

from pathlib import Path

import pytest

from codev.cli import main


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def show(capsys: pytest.CaptureFixture[str], lang: str, reference: str) -> str:
    assert main(["--lang", lang, "protocol", "show", reference]) == 0
    return capsys.readouterr().out


def test_show_flags_a_protected_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert "6. Apprentissages et feedback [feedback] — 15 min (protégée, " in show(capsys, "fr", "codev")
    assert "6. Learnings and feedback [feedback] — 15 min (protected, " in show(capsys, "en", "codev")


def test_show_says_silence(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Who speaks: nobody (silence)" in show(capsys, "en", "case-clinic")


def test_show_gives_the_protocols_joker(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    text = (Path(__file__).parents[1] / "protocols" / "codev.toml").read_text(encoding="utf-8")
    path = isolated / "mine.toml"
    path.write_text(text.replace("format = 1", "format = 1\njoker_minutes = 3"), encoding="utf-8")
    assert "Joker: 3 min" in show(capsys, "en", str(path))
    assert "Joker" not in show(capsys, "en", "codev")
