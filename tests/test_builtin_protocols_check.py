"""Every built-in protocol passes `codev protocol check`, in each format it can be written in:
as shipped, and a format 1 file once `codev protocol upgrade` has made it format 2 (the same
protocol, and `check` says so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codev.core.protocol.loader import load_protocol, parse_protocol
from codev.core.protocol.model import ROLES_FORMAT
from codev.core.protocol.upgrade import upgraded_text

# The same isolation (no workspace from the environment, English, a folder of its own) and runner.
from test_cli_protocol import isolated, run  # noqa: F401

PROTOCOL_FILES = sorted((Path(__file__).parents[1] / "protocols").glob("*.toml"))


@pytest.mark.parametrize("path", PROTOCOL_FILES, ids=lambda path: path.stem)
def test_every_built_in_passes_check_in_each_of_its_formats(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shipped = load_protocol(path, path.name)
    code, out, err = run(capsys, "protocol", "check", str(path))
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{path}: valid — ") and out.endswith(f"(format {shipped.format})\n")
    if shipped.format >= ROLES_FORMAT:
        return
    # A format 1 file: upgraded, it is the same protocol in format 2, and passes check too.
    text, previous = upgraded_text(path.read_text(encoding="utf-8"), path.name)
    assert previous == shipped.format
    upgraded = parse_protocol(text, path.name)
    assert upgraded.format == ROLES_FORMAT
    assert upgraded.model_copy(update={"format": shipped.format}) == shipped
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "protocol", "check", str(copy))
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{copy}: valid — ") and out.endswith(f"(format {ROLES_FORMAT})\n")


def test_the_whole_library_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "protocol", "check")
    assert (code, err) == (0, ""), err
    assert out.count(": valid — ") >= len(PROTOCOL_FILES)
