"""`codev protocol upgrade`, and what `check` and `show` say of format 2 roles."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from codev.core.protocol.loader import load_protocol
from codev.core.protocol.upgrade import upgraded_text

# The same isolation (no workspace from the environment, English, a folder of its own) and runner.
from test_cli_protocol import isolated, run  # noqa: F401

PROTOCOLS = Path(__file__).parents[1] / "protocols"
CLASSIC = PROTOCOLS / "codev.toml"

SKILL_SWAP = """\
# A skill-swap workshop: one member trains the group.
format = 2
id = "skill-swap"
title = { fr = "Troc de savoirs", en = "Skill swap" }
description = { en = "Learning from each other." }

[[roles]]
id = "trainer"
meaning = "client"
title.fr = "Formateur·rice"
title.en = "Trainer"

[[roles]]
id = "facilitator"
meaning = "facilitator"

[[steps]]
id = "demo"
title = { en = "Demonstration" }
instructions = { en = "The trainer shows." }
minutes = 10
speakers = ["trainer", "facilitator"]
"""


def test_upgrade_sets_format_2_and_keeps_every_comment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "codev.toml"
    original = CLASSIC.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    code, out, _ = run(capsys, "protocol", "upgrade", str(path))
    assert (code, out) == (0, f"{path}: format = 2 written (nothing else changed)\n")
    text = path.read_text(encoding="utf-8")
    # Only the format line changed: comments, blank lines and layout are as they were.
    assert text == original.replace("format = 1", "format = 2", 1)
    assert tomllib.loads(text)["format"] == 2
    upgraded, before = load_protocol(path), load_protocol(CLASSIC)
    assert upgraded.format == 2
    assert upgraded.model_dump(exclude={"format"}) == before.model_dump(exclude={"format"})
    code, out, _ = run(capsys, "protocol", "upgrade", str(path))
    assert (code, out) == (0, f"{path}: already format 2: nothing to do\n")


def test_upgrade_writes_the_key_when_the_file_has_none_keeping_bom_and_line_ends() -> None:
    text = "\ufeff# Démo\r\n\r\n" + (PROTOCOLS / "case-clinic.toml").read_text(encoding="utf-8").split(
        "format = 1\n", 1
    )[1].replace("\n", "\r\n")
    upgraded, before = upgraded_text(text, "t.toml")
    assert before == 1
    assert upgraded.startswith("\ufeff# Démo\r\n\r\nformat = 2\r\nid = ")
    assert "\n" not in upgraded.replace("\r\n", "")
    assert tomllib.loads(upgraded.removeprefix("\ufeff"))["format"] == 2


def test_upgrade_refuses_an_invalid_file_and_leaves_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.toml"
    broken = CLASSIC.read_text(encoding="utf-8").replace("minutes = 10", 'minutes = "10"', 1)
    path.write_text(broken, encoding="utf-8")
    code, _, err = run(capsys, "protocol", "upgrade", str(path))
    assert code == 1 and "a number is expected" in err
    assert path.read_text(encoding="utf-8") == broken


def test_upgrade_never_writes_through_a_symbolic_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "real.toml"
    target.write_text(CLASSIC.read_text(encoding="utf-8"), encoding="utf-8")
    link = tmp_path / "link.toml"
    os.symlink(target, link)
    code, _, err = run(capsys, "protocol", "upgrade", str(link))
    assert code == 1
    assert err == f"{link}: a symbolic link: upgrade the file it points to\n"
    assert "format = 1" in target.read_text(encoding="utf-8")


def test_check_says_each_files_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "skill-swap.toml"
    path.write_text(SKILL_SWAP, encoding="utf-8")
    code, out, _ = run(capsys, "protocol", "check", str(path), str(CLASSIC))
    assert code == 0
    assert out.splitlines() == [
        f"{path}: valid — Skill swap — 1 step, 10 min (format 2)",
        f"{CLASSIC}: valid — Co-development — the six steps — 6 steps, 100 min (format 1)",
    ]


def test_show_gives_role_titles_and_speakers_by_title(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "skill-swap.toml"
    path.write_text(SKILL_SWAP, encoding="utf-8")
    code, out, _ = run(capsys, "protocol", "show", str(path))
    assert code == 0
    assert (
        "Roles:\n  Trainer [trainer]: client, one person\n"
        "  facilitator [facilitator]: facilitator, one person\n" in out
    )
    assert "Who speaks: Trainer, the facilitator" in out
