"""Benchmark of the session engine: apply + journal (fsync) N commands, then replay them.

Run from the repository root:

    python bench/engine_bench.py              # 10,000 commands, journal in the system temp dir
    python bench/engine_bench.py --dir PATH   # put the journal on another disk

It prints per-command latency (median, p99, max) of ``apply`` (rules + journal write +
fsync) next to a bare ``write`` + ``fsync`` of the same lines (the disk's own share), the
latency of ``check`` and ``view`` (what the UI calls several times a second), and the time
to replay the whole journal. Goals on a 2-core machine: p99 apply under 5 ms,
replay of 10,000 commands under 0.3 s. This is a measurement, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from codev.core.clock import FakeClock
from codev.core.protocol.library import load_library
from codev.core.protocol.model import NoteKind
from codev.core.session import (
    AddNote,
    AdjustTime,
    CommandType,
    DeleteNote,
    EditNote,
    NextSpeaker,
    NextStep,
    Participant,
    Pause,
    PreviousStep,
    Resume,
    SessionEngine,
    SessionSetup,
    Start,
)
from codev.core.workspace import Workspace


def make_setup() -> SessionSetup:
    """The classic protocol with seven people, as in a typical group."""
    entry = load_library().get("codev")
    assert entry is not None, "the built-in 'codev' protocol is missing"
    names = ["Ana", "Bruno", "Céline 🌸", "Dany/Ève", "Émile", "Fatou", "Gaspard"]
    return SessionSetup(
        group="Bench",
        protocol=entry.protocol,
        date=dt.date.today(),
        participants=tuple(Participant(id=f"p{i}", name=name) for i, name in enumerate(names)),
        client_id="p0",
        facilitator_id="p1",
        subject="Benchmark",
    )


def commands(count: int) -> Iterator[CommandType]:
    """``count`` commands that are all accepted: a long consultation with every kind of command.

    The mix is what a facilitator and a scribe do most: notes, speakers, pauses, time
    adjustments, note edits and deletions, and moving between two steps.
    """
    yield Start()
    for _ in range(3):
        yield NextStep()  # to the consultation, which has speaking turns
    produced = 4
    note = 0
    cycle = 0
    while produced < count:
        cycle += 1
        note += 1
        batch: list[CommandType] = [
            AddNote(
                kind=NoteKind.SUGGESTION, author_id=f"p{2 + note % 5}", text=f"Suggestion {note} : et si…"
            ),
            NextSpeaker(),
            AdjustTime(seconds=30),
            Pause(),
            Resume(),
            EditNote(note_id=f"n{note}", text=f"Suggestion {note}, reformulée"),
        ]
        if cycle % 4 == 0:
            batch.append(DeleteNote(note_id=f"n{note}"))
        if cycle % 10 == 0:
            batch += [NextStep(), PreviousStep()]  # synthesis, then back to the consultation
        for command in batch[: count - produced]:
            yield command
            produced += 1


def percentile(sorted_values: list[float], share: float) -> float:
    """The value below which ``share`` of the (sorted) values fall (nearest rank)."""
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    ms = [value * 1000 for value in (statistics.median(ordered), percentile(ordered, 0.99), ordered[-1])]
    return f"{label:<34} median {ms[0]:7.3f} ms   p99 {ms[1]:7.3f} ms   max {ms[2]:7.3f} ms"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", "--commands", type=int, default=10_000, help="number of commands (default 10000)"
    )
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to put the workspace (default: temp dir)"
    )
    parser.add_argument("--replays", type=int, default=5, help="how many times to replay (default 5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="codev-bench-") as folder:
        clock = FakeClock(time.time())
        engine = SessionEngine.create(make_setup(), clock, Workspace(Path(folder)))
        applies: list[float] = []
        checks: list[float] = []
        views: list[float] = []
        for command in commands(args.commands):
            clock.advance(1.5)  # timestamps as in a real session; latency is measured on the side
            checks.append(timed(partial(engine.check, command)))
            start = time.perf_counter()
            refusal = engine.apply(command)
            applies.append(time.perf_counter() - start)
            if refusal is not None:
                raise SystemExit(f"unexpected refusal of {command!r}: {refusal}")
            views.append(timed(engine.view))
        engine.close()
        path = engine.journal_path
        assert path is not None
        size = path.stat().st_size
        live = engine.view()

        # The same writes without the engine: what the disk and the scheduler cost on their
        # own, to tell the engine's share of the tail from the machine's.
        baseline: list[float] = []
        line = path.read_bytes().splitlines()[-1] + b"\n"
        fd = os.open(Path(folder) / "baseline", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for _ in range(len(applies)):
                start = time.perf_counter()
                os.write(fd, line)
                os.fsync(fd)
                baseline.append(time.perf_counter() - start)
        finally:
            os.close(fd)

        replays: list[float] = []
        for _ in range(args.replays):
            start = time.perf_counter()
            replayed = SessionEngine.load(path, clock)
            replays.append(time.perf_counter() - start)
        if replayed.view() != live:
            raise SystemExit("replay differs from the live session")

    print(f"codev session engine benchmark — {len(applies)} commands, journal {size / 1024:.0f} KiB")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(summary("apply (rules + write + fsync)", applies))
    print(summary("  baseline: bare write + fsync", baseline))
    print(summary("check (is a key legal now?)", checks))
    print(summary(f"view ({len(live.notes)} notes)", views))
    best, median = min(replays), statistics.median(replays)
    print(f"{'replay (read + parse + apply all)':<34} best {best:.3f} s   median {median:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
