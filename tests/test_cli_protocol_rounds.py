"""`codev protocol show` of a protocol that repeats a block of steps in rounds: the block once, "× 3"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codev.cli import main

STEP_HEAD = re.compile(r"^( *)(\d+)\. (.*) \[([^\]]+)\] — ")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("CODEV_WORKSPACE", raising=False)
    monkeypatch.setenv("CODEV_LANG", "en")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def show(capsys: pytest.CaptureFixture[str], lang: str, reference: str) -> list[str]:
    assert main(["--lang", lang, "protocol", "show", reference]) == 0
    return capsys.readouterr().out.splitlines()


def step_heads(lines: list[str]) -> list[tuple[str, int, str, str]]:
    """(indent, number, title, id) of each step shown."""
    found = []
    for line in lines:
        match = STEP_HEAD.match(line)
        if match:
            indent, number, title, step_id = match.groups()
            found.append((indent, int(number), title, step_id))
    return found


@pytest.mark.parametrize(
    ("lang", "heading", "summary", "first_round_title"),
    [
        (
            "fr",
            "Tours 1–3 (× 3) — client\u00a0: à tour de rôle — 10 min par tour, 30 min en tout",
            "Troïka — consultation en trio (Liberating Structures) — 13 étapes, 32 min",
            "Question du client",
        ),
        (
            "en",
            "Rounds 1–3 (× 3) — client: in turn — 10 min a round, 30 min in all",
            "Troika Consulting (Liberating Structures) — 13 steps, 32 min",
            "The client's question",
        ),
    ],
)
def test_troika_shows_its_round_once_times_three(
    capsys: pytest.CaptureFixture[str], lang: str, heading: str, summary: str, first_round_title: str
) -> None:
    lines = show(capsys, lang, "troika")
    assert summary in lines  # the total counts every round
    assert lines.count(heading) == 1
    heads = step_heads(lines)
    assert [step_id for _, _, _, step_id in heads] == [
        "preparation",
        "question",
        "clarifying",
        "consultation",
        "reflection",
    ]
    assert [number for _, number, _, _ in heads] == [1, 2, 3, 4, 5]
    # The round's steps come under the heading, indented, with their own titles (no "Round 1 —").
    assert lines.index(heading) < lines.index(next(line for line in lines if "[question]" in line))
    assert [indent for indent, _, _, _ in heads] == ["", "  ", "  ", "  ", "  "]
    assert heads[1][2] == first_round_title
    assert not any("-r1" in line or "-r2" in line for line in lines)


PROTOCOL = """format = 1
id = "tours"
rounds = 2
title = { fr = "Tours", en = "Rounds" }
description = { fr = "D", en = "D" }

[[steps]]
id = "ouverture"
minutes = 3
speakers = "everyone"
title = { fr = "Ouverture", en = "Opening" }
instructions = { fr = "O", en = "O" }

[[steps]]
id = "tour"
repeat = true
minutes = 4
speakers = "client"
title = { fr = "Le tour", en = "The round" }
instructions = { fr = "T", en = "T" }

[[steps]]
id = "cloture"
minutes = 5
speakers = "everyone"
title = { fr = "Clôture", en = "Closing" }
instructions = { fr = "C", en = "C" }
"""


@pytest.mark.parametrize(
    ("lang", "heading", "after"),
    [
        ("fr", "Tours 1–2 (× 2) — client\u00a0: à tour de rôle — 4 min par tour, 8 min en tout", "Clôture"),
        ("en", "Rounds 1–2 (× 2) — client: in turn — 4 min a round, 8 min in all", "Closing"),
    ],
)
def test_the_steps_after_the_rounds_are_shown_as_usual(
    capsys: pytest.CaptureFixture[str], isolated: Path, lang: str, heading: str, after: str
) -> None:
    path = isolated / "tours.toml"
    path.write_text(PROTOCOL, encoding="utf-8")
    lines = show(capsys, lang, str(path))
    assert lines.count(heading) == 1
    assert [(indent, number, step_id) for indent, number, _, step_id in step_heads(lines)] == [
        ("", 1, "ouverture"),
        ("  ", 2, "tour"),
        ("", 3, "cloture"),
    ]
    assert step_heads(lines)[2][2] == after
    assert any(line.endswith(", 16 min") for line in lines[:3])  # 3 + 2 × 4 + 5


def test_a_protocol_without_rounds_is_shown_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    lines = show(capsys, "en", "codev")
    heads = step_heads(lines)
    assert len(heads) == 6 and all(indent == "" for indent, _, _, _ in heads)
    assert not any(line.startswith("Rounds ") for line in lines)
