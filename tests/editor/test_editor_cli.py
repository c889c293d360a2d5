"""`codev protocol new | edit | rehearse` as a trainer types them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codev.cli import main, protocol_cmd
from codev.core.protocol.library import builtin_protocols_dir
from codev.core.protocol.loader import load_protocol
from codev.core.workspace import Workspace


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the commands would open in the terminal, instead of opening it."""
    calls: list[dict[str, Any]] = []

    def fake_launch(args: Any, workspace: Workspace, **extra: Any) -> int:
        calls.append({"args": args, "workspace": workspace, **extra})
        return 0

    monkeypatch.setattr(protocol_cmd, "launch", fake_launch)
    return calls


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_copies_a_builtin_into_the_workspace(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    code, out, err = run(capsys, "protocol", "new", "codev-flash", "--from", "codev")
    assert (code, err) == (0, "")
    assert out == (
        "protocols/codev-flash.toml created, a copy of 'codev'. "
        "To adapt it: codev protocol edit codev-flash\n"
    )
    copy = isolated / "protocols" / "codev-flash.toml"
    assert load_protocol(copy).id == "codev-flash"
    assert copy.read_text(encoding="utf-8").startswith("# Le codéveloppement classique")
    # The library sees it, next to the built-in.
    code, out, _ = run(capsys, "protocol", "list")
    assert "codev-flash" in out and "workspace (codev-flash.toml)" in out


def test_new_never_overwrites(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    run(capsys, "protocol", "new", "ours", "--from", "troika")
    code, out, err = run(capsys, "protocol", "new", "ours", "--from", "codev")
    assert code == 1 and out == ""
    assert err == "protocols/ours.toml already exists: nothing was overwritten. Choose another id.\n"
    assert "troika" in (isolated / "protocols" / "ours.toml").read_text(encoding="utf-8").lower()


def test_new_explains_a_bad_id_or_source_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "fr", "protocol", "new", "Mon Protocole")
    assert code == 1
    assert err.startswith("identifiant invalide : « Mon Protocole »")
    code, _, err = run(capsys, "--lang", "fr", "protocol", "new", "x", "--from", "nope")
    assert code == 1 and err.startswith("protocole inconnu : « nope »")


def test_edit_opens_the_editor_on_the_file(
    capsys: pytest.CaptureFixture[str], launches: list[dict[str, Any]], isolated: Path
) -> None:
    code, _, _ = run(capsys, "protocol", "edit", "codev", "--speed", "20", "--no-bell")
    assert code == 0
    [launch] = launches
    assert launch["edit_protocol"] == builtin_protocols_dir() / "codev.toml"
    assert launch["write_carnets"] is False
    assert launch["workspace"].root == isolated
    assert launch["args"].speed == 20 and launch["args"].no_bell


def test_edit_refuses_what_cannot_be_opened(
    capsys: pytest.CaptureFixture[str], launches: list[dict[str, Any]], isolated: Path
) -> None:
    code, _, err = run(capsys, "protocol", "edit", "nope")
    assert code == 1 and err.startswith("unknown protocol: 'nope'. Available:")
    (isolated / "bad.toml").write_text('id = "x"\ntitle = {\n', encoding="utf-8")
    code, _, err = run(capsys, "protocol", "edit", "bad.toml")
    assert code == 1 and err.startswith("bad.toml:2: TOML syntax error")
    assert launches == []


def test_edit_opens_an_invalid_protocol_to_fix_it(
    capsys: pytest.CaptureFixture[str], launches: list[dict[str, Any]], isolated: Path
) -> None:
    (isolated / "protocols").mkdir()
    draft = isolated / "protocols" / "brouillon.toml"
    draft.write_text('id = "brouillon"\n', encoding="utf-8")
    code, _, _ = run(capsys, "protocol", "edit", "brouillon")
    assert code == 0 and launches[0]["edit_protocol"] == draft


def test_rehearse_runs_the_demo_session_in_a_throwaway_workspace(
    capsys: pytest.CaptureFixture[str], launches: list[dict[str, Any]], isolated: Path
) -> None:
    code, _, _ = run(capsys, "protocol", "rehearse", "troika", "--speed", "30")
    assert code == 0
    [launch] = launches
    assert launch["setup"].protocol.id == "troika"
    assert launch["write_carnets"] is False
    assert not launch["workspace"].root.is_relative_to(isolated)
    assert not launch["workspace"].root.exists()  # thrown away afterwards
    assert launch["args"].speed == 30
