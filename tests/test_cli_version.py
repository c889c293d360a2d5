"""``codev --version``: the program's name and the installed version, status 0."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codev.cli import main


def test_version_as_a_process(tmp_path: Path) -> None:
    env = dict(os.environ, CODEV_LANG="fr", CODEV_CONFIG=str(tmp_path / "no-config.toml"))
    done = subprocess.run(
        [sys.executable, "-c", "from codev.entry import main; raise SystemExit(main())", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a safety net against a hung child, not a measure of speed
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"codev {importlib.metadata.version('codev')}\n"


def test_version_through_main(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"codev {importlib.metadata.version('codev')}"


def test_the_help_lists_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "--version" in capsys.readouterr().out
