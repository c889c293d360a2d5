"""``codev view`` from the command line: a session named that does not exist is said clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from codev.cli import main


@pytest.mark.parametrize("session", ["2026-01-01_090000_nope", "../../etc/passwd", "missing.jsonl"])
def test_an_unknown_session_is_refused_with_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], session: str
) -> None:
    code = main(["--lang", "en", "view", "--workspace", str(tmp_path), session])
    assert code == 1
    assert f"no session “{session}” in this workspace" in capsys.readouterr().err
