"""`codev protocol check | list | show` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codev.cli import main

CLASSIC = Path(__file__).parents[1] / "protocols" / "codev.toml"
BROKEN = Path(__file__).parent / "protocols" / "broken"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "protocol", "check", str(CLASSIC))
    assert code == 0
    assert out == f"{CLASSIC}: valid — Co-development — the six steps — 6 steps, 100 min (format 1)\n"


def test_check_reports_every_broken_file_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(BROKEN / "unknown_key.toml"), str(CLASSIC), str(BROKEN / "wrong_type.toml")]
    code, out, _ = run(capsys, "protocol", "check", *files)
    assert code == 1
    assert out.splitlines() == [
        f"{files[0]}:11: steps.1.duraton: unknown key (a typo?)",
        f"{CLASSIC}: valid — Co-development — the six steps — 6 steps, 100 min (format 1)",
        f"{files[2]}:9: steps.1.minutes: a number is expected",
        f"{files[2]}:11: steps.1.optional: true or false is expected",
    ]


def test_check_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "protocol", "check", str(BROKEN / "empty.toml"))
    assert code == 1
    assert out == f"{BROKEN / 'empty.toml'}: le fichier est vide\n"


def test_workspace_protocol_overrides_builtin(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    (isolated / "protocols").mkdir()
    text = CLASSIC.read_text(encoding="utf-8").replace(
        'en = "Co-development — the six steps"', 'en = "Our own six steps"'
    )
    (isolated / "protocols" / "ours.toml").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "protocol", "list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("codev "))
    assert "Our own six steps" in line
    assert "overrides the built-in one" in line


def test_list_names_broken_workspace_files_without_failing(
    capsys: pytest.CaptureFixture[str], isolated: Path
) -> None:
    (isolated / "protocols").mkdir()
    (isolated / "protocols" / "typo.toml").write_bytes((BROKEN / "unknown_key.toml").read_bytes())
    code, out, err = run(capsys, "protocol", "list")
    assert code == 0
    assert "codev" in out
    assert "protocols/typo.toml:11: steps.1.duraton: unknown key (a typo?)" in err


def test_workspace_option_and_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "team"
    (elsewhere / "protocols").mkdir(parents=True)
    (elsewhere / "protocols" / "mine.toml").write_text(
        CLASSIC.read_text(encoding="utf-8").replace('id = "codev"', 'id = "mine"'), encoding="utf-8"
    )
    assert "mine" in run(capsys, "protocol", "list", "--workspace", str(elsewhere))[1]
    assert "mine" not in run(capsys, "protocol", "list")[1]
    monkeypatch.setenv("CODEV_WORKSPACE", str(elsewhere))
    assert "mine" in run(capsys, "protocol", "list")[1]


def test_show_prints_steps_and_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "fr", "protocol", "show", "codev")
    assert code == 0
    assert "2. Clarification [clarification] — 20 min (au moins 10 min)" in out
    assert "✗ Donner des conseils ou des solutions" in out


def test_show_in_german_prints_the_protocol_s_german_texts(capsys: pytest.CaptureFixture[str]) -> None:
    # Only the protocol's own texts are checked: the interface may still be partly English.
    code, out, _ = run(capsys, "--lang", "de", "protocol", "show", "kollegiale-beratung")
    assert code == 0
    assert out.startswith("Kollegiale Beratung nach Tietze")
    for number, title in enumerate(
        ["Casting", "Spontanerzählung", "Schlüsselfrage", "Methodenwahl", "Beratung", "Abschluss"], start=1
    ):
        assert f"\n{number}. {title} [" in out
    assert "Wie lautet Ihre Schlüsselfrage?" in out
    assert "Spontaneous account" not in out and "Récit spontané" not in out


def test_show_in_dutch_prints_the_protocol_s_dutch_texts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "nl", "protocol", "show", "intervisie-incident")
    assert code == 0
    assert out.startswith("Intervisie — de incidentmethode")
    assert "\n4. Vragenronde [questions]" in out


def test_show_prints_square_brackets_as_written(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    # Trainers write "[optionnel]" and "[/]" in their texts: printed as they are, never as markup.
    (isolated / "protocols").mkdir()
    text = (
        CLASSIC.read_text(encoding="utf-8")
        .replace('id = "codev"', 'id = "atelier"', 1)
        .replace('fr = "Codéveloppement — les six étapes"', 'fr = "[optionnel] Atelier [/]"')
        .replace('fr = ["Interrompre le client"]', 'fr = ["Interdit : [conseils]", "[/]"]')
        .replace('fr = "Exposé"', 'fr = "Exposé [b]"')
        .replace('"Quelle est votre question au groupe ?"', '"Votre question ? [/]"')
    )
    (isolated / "protocols" / "atelier.toml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "--lang", "fr", "protocol", "show", "atelier")
    assert (code, err) == (0, "")
    assert out.startswith("[optionnel] Atelier [/]  [atelier v1.0]\n")
    assert "1. Exposé [b] [expose] — 10 min" in out
    for line in ("✗ Interdit : [conseils]", "✗ [/]", "? Votre question ? [/]"):
        assert f"     {line}\n" in out


def test_show_unknown_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "protocol", "show", "nope")
    assert code == 1
    assert err.startswith("unknown protocol: 'nope'. Available: ")


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "codev", "--lang", "en", "protocol", "check", str(CLASSIC)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_source_checkout_as_workspace_lists_builtins_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CLASSIC.parents[1])
    code, out, err = run(capsys, "protocol", "list")
    assert code == 0
    assert "workspace" not in out
    assert err == ""
