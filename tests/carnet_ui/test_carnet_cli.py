"""``codev carnet NAME [--group G]`` opens the review; ``codev carnet export …`` is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from carnet_ui_support import KARIM, karim_sessions

from codev.cli import main
from codev.cli.carnet_cmd import open_by_default
from codev.core.logbook import LogbookStore
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig
from codev.ui.base import CodevBaseApp


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["carnet", "Karim"], ["carnet", "open", "Karim"]),
        (["--workspace", "carnet", "carnet", "Karim"], ["--workspace", "carnet", "carnet", "open", "Karim"]),
        (["carnet", "--group", "export", "Karim"], ["carnet", "open", "--group", "export", "Karim"]),
        (
            ["--lang=fr", "carnet", "Karim", "--group", "G"],
            ["--lang=fr", "carnet", "open", "Karim", "--group", "G"],
        ),
        (["carnet", "export", "Karim"], ["carnet", "export", "Karim"]),
        (["carnet", "open", "Karim"], ["carnet", "open", "Karim"]),
        (["carnet", "--help"], ["carnet", "--help"]),
        (["carnet"], ["carnet"]),
        (["protocol", "show", "carnet"], ["protocol", "show", "carnet"]),
        ([], []),
    ],
)
def test_a_bare_name_means_open(argv: list[str], expected: list[str]) -> None:
    assert open_by_default(argv) == expected


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[AppConfig]:
    """The configurations the application was run with (instead of running it)."""
    configs: list[AppConfig] = []

    def fake_run(self: CodevBaseApp) -> None:
        configs.append(self.config)

    monkeypatch.setattr(CodevBaseApp, "run", fake_run)
    return configs


def test_opening_a_carnet(workspace: Workspace, launched: list[AppConfig]) -> None:
    assert main(["--workspace", str(workspace.root), "carnet", "karim"]) == 0
    (config,) = launched
    assert config.carnet is not None and config.carnet.participant == KARIM
    assert config.carnet.groups == ["Managers"] and len(config.carnet.rows) == 5


def test_every_group_by_default_or_the_one_asked_for(
    second_group: Workspace, launched: list[AppConfig]
) -> None:
    root = str(second_group.root)
    assert main(["carnet", "Karim Benali", "--workspace", root]) == 0
    assert main(["carnet", "open", "Karim Benali", "--workspace", root, "--group", "Direction 2025"]) == 0
    groups = [config.carnet.groups for config in launched if config.carnet is not None]
    assert groups == [["Direction 2025", "Managers"], ["Direction 2025"]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Nobody"], "aucun carnet au nom de « Nobody ». Carnets existants : Karim Benali, Marie Dupont"),
        (
            ["Karim", "--group", "Inconnu"],
            "Karim Benali n’a pas de carnet dans le groupe « Inconnu ». Ses groupes :",
        ),
    ],
)
def test_unknown_name_or_group(
    workspace: Workspace,
    launched: list[AppConfig],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert main(["--lang", "fr", "--workspace", str(workspace.root), "carnet", *argv]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and launched == []


def test_an_ambiguous_name(
    workspace: Workspace, launched: list[AppConfig], capsys: pytest.CaptureFixture[str]
) -> None:
    LogbookStore.for_workspace(workspace).upsert_entry("Marion Roy", karim_sessions()[0])
    assert main(["--lang", "en", "--workspace", str(workspace.root), "carnet", "mari"]) == 1
    assert "'mari' could be several people: Marie Dupont, Marion Roy" in capsys.readouterr().err
    assert launched == []


def test_a_damaged_carnet_is_reported_before_opening(
    workspace: Workspace, carnet_path: Path, launched: list[AppConfig], capsys: pytest.CaptureFixture[str]
) -> None:
    text = carnet_path.read_text(encoding="utf-8")
    carnet_path.write_text(text.replace("format = 1", "format = 2"), encoding="utf-8")
    assert main(["--lang", "fr", "--workspace", str(workspace.root), "carnet", "Karim"]) == 1
    err = capsys.readouterr().err
    assert "Ce carnet ne peut pas être lu" in err and f"{carnet_path}:4: format 2 plus récent" in err
    assert "Traceback" not in err and launched == []


def test_export_works_as_before(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr", "--workspace", str(workspace.root), "carnet", "export", "Karim"]) == 0
    assert capsys.readouterr().out.startswith("# Carnet de bord — Karim Benali\n")


def test_the_help_says_both(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "carnet", "--help"])
    out = capsys.readouterr().out
    assert "codev carnet NOM ouvre le carnet de bord" in out and "export" in out


def test_a_group_file_that_cannot_be_read_is_named_not_taken_for_no_carnet(
    workspace: Workspace, launched: list[AppConfig], capsys: pytest.CaptureFixture[str]
) -> None:
    # A date typed by hand without quotes makes the whole group file invalid TOML: Karim's
    # carnet is still there, but nothing says which group it is in until the file is repaired.
    (group_file,) = (workspace.root / "logbooks").glob("*/_group.toml")
    text = group_file.read_text(encoding="utf-8")
    group_file.write_text(text.replace("\n", "\nnext_meeting = 9999-99-99\n", 1), encoding="utf-8")
    for argv in (["carnet", "Karim"], ["carnet", "export", "Karim"]):
        assert main(["--lang", "en", "--workspace", str(workspace.root), *argv]) == 1
        err = capsys.readouterr().err
        assert "no logbook for 'Karim'" in err
        assert "these group files cannot be read" in err
        assert f"{group_file}:2:" in err and "Traceback" not in err
    assert launched == []
    assert "next_meeting = 9999-99-99" in group_file.read_text(encoding="utf-8")  # never overwritten
