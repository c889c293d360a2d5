"""Benchmark of the journal follower: how soon a second window sees a command, and what following costs.

Run from the repository root (about 40 s):

    python bench/follower_bench.py                # journal in the system temp dir
    python bench/follower_bench.py --dir PATH     # put it on another disk
    python bench/follower_bench.py --seconds 3    # shorter live phases

A writer process (this script with ``--writer``) runs a real ``SessionEngine`` on the
system clock, journal ``fsync``'ed at every command, and applies commands at a steady rate
with random spacing (``--rate`` per second on average, spacing 0.5x-1.5x the mean, so that
writes do not lock onto the polling). In this process a ``JournalFollower`` polls the
journal, at 10 Hz as a display would, then in a tight loop. What is printed:

- latency, from the moment the writer calls ``apply`` (``time.monotonic``, one clock for
  all processes of the machine) to the end of the poll that applied the record: the record
  is visible once written, possibly before its ``fsync`` returns;
- the cost of a poll that applied something, and of one that found nothing new;
- the CPU of polling an unchanged journal at 10 Hz for a few seconds (this process's
  user + system time over wall time), alone and with a ``view()`` at each tick as a display
  calls it.

Next to each, the floor: a bare loop that does what any follower must, with the same
polling — ``stat``, read the appended bytes, count the complete lines — without parsing
or applying anything; ratios are against it. This is a measurement, not a test: nothing
fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from engine_bench import commands, make_setup, percentile  # the same realistic session

from codev.core.clock import SystemClock
from codev.core.session import SessionEngine
from codev.core.session.follower import JournalFollower
from codev.core.workspace import Workspace

POLL_HZ = 10.0


# --- The writer process --------------------------------------------------------------------


def run_writer(folder: Path, count: int, rate: float, seed: int) -> int:
    """Start a session, say where its journal is, wait for "go", apply ``count`` commands.

    Prints the monotonic time at which each ``apply`` was called, as one JSON list, at the end.
    """
    engine = SessionEngine.create(make_setup(), SystemClock(), Workspace(folder))
    todo = commands(count + 1)
    if engine.apply(next(todo)) is not None:  # Start: record 1, read by the follower's first poll
        raise SystemExit("start refused")
    print("journal", engine.journal_path, flush=True)
    sys.stdin.readline()
    rng = random.Random(seed)
    called: list[float] = []
    due = time.monotonic()
    for command in todo:
        due += rng.uniform(0.5, 1.5) / rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        called.append(time.monotonic())
        if (refusal := engine.apply(command)) is not None:
            raise SystemExit(f"unexpected refusal of {command!r}: {refusal}")
    engine.close()
    print(json.dumps(called), flush=True)
    return 0


# --- Readers ----------------------------------------------------------------------------------


class Reader(Protocol):
    """What a phase needs from a follower: poll, and how many records it has."""

    def poll(self) -> bool: ...

    @property
    def seq(self) -> int: ...


class BareReader:
    """The floor: stat, read what was appended, count complete lines. No parsing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = -1
        self.offset = 0
        self.lines = 0

    def poll(self) -> bool:
        size = os.stat(self.path).st_size
        if size == self.size:
            return False
        self.size = size
        fd = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(fd, size - self.offset, self.offset)
        finally:
            os.close(fd)
        end = data.rfind(b"\n")
        if end < 0:
            return False
        self.lines += data.count(b"\n", 0, end + 1)
        self.offset += end + 1
        return True

    @property
    def seq(self) -> int:
        """Records read (the header is line 1)."""
        return max(0, self.lines - 1)


def follower_of(path: Path) -> JournalFollower:
    return JournalFollower(path, SystemClock())


# --- Phases -----------------------------------------------------------------------------------


def live_phase(
    folder: Path, make_reader: Callable[[Path], Reader], interval: float | None, seconds: float, rate: float
) -> tuple[list[float], list[float]]:
    """(latencies, costs of the polls that applied something), against a fresh writer."""
    count = max(10, round(seconds * rate))
    process = subprocess.Popen(
        [sys.executable, __file__, "--writer", str(folder), str(count), str(rate)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    path = Path(process.stdout.readline().split(" ", 1)[1].strip())
    reader = make_reader(path)
    reader.poll()  # the first read: header and Start
    if reader.seq != 1:
        raise SystemExit(f"first read found {reader.seq} records instead of 1")
    process.stdin.write("go\n")
    process.stdin.flush()
    seen: dict[int, float] = {}
    costs: list[float] = []
    last = reader.seq
    target = count + 1
    deadline = time.monotonic() + 2 * seconds + 20
    tick = time.monotonic()
    while last < target and time.monotonic() < deadline:
        start = time.monotonic()
        reader.poll()
        end = time.monotonic()
        if reader.seq > last:
            costs.append(end - start)
            for seq in range(last + 1, reader.seq + 1):
                seen[seq] = end
            last = reader.seq
        if interval is not None:
            tick += interval
            delay = tick - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                tick = time.monotonic()  # late (a slow poll, the scheduler): do not catch up
    out, _ = process.communicate(timeout=60)
    called: list[float] = json.loads(out.strip().splitlines()[-1])
    if last < target:
        raise SystemExit(f"the reader saw {last} records of {target}")
    # Command i (from 0) after Start is record i + 2.
    return [seen[index + 2] - at for index, at in enumerate(called)], costs


def idle_cpu(tick: Callable[[], object], seconds: float) -> float:
    """Share of one core spent calling ``tick`` at 10 Hz for ``seconds`` (sleeping included)."""
    interval = 1 / POLL_HZ
    cpu, wall = time.process_time(), time.monotonic()
    due = wall
    while time.monotonic() - wall < seconds:
        tick()
        due += interval
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    return (time.process_time() - cpu) / (time.monotonic() - wall)


def per_call(action: Callable[[], object], calls: int = 20_000) -> float:
    """Median seconds per call of ``action``, over batches of 100."""
    batches: list[float] = []
    for _ in range(calls // 100):
        start = time.perf_counter()
        for _ in range(100):
            action()
        batches.append((time.perf_counter() - start) / 100)
    return statistics.median(batches)


# --- Report -----------------------------------------------------------------------------------


def stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), percentile(ordered, 0.9), ordered[-1]


def line(label: str, values: list[float], floor: list[float] | None = None) -> str:
    median, p90, top = (value * 1000 for value in stats(values))
    text = f"{label:<38} median {median:8.3f} ms   p90 {p90:8.3f} ms   max {top:8.3f} ms"
    if floor is not None:
        floor_median, floor_p90, _ = stats(floor)
        text += f"   x{stats(values)[0] / floor_median:5.2f} / x{stats(values)[1] / floor_p90:5.2f}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to put the workspace (default: temp dir)"
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each 10 Hz phase (default 6)")
    parser.add_argument("--rate", type=float, default=20.0, help="commands per second (default 20)")
    parser.add_argument("--idle", type=float, default=3.0, help="length of each idle phase (default 3)")
    parser.add_argument("--writer", nargs=3, metavar=("DIR", "COUNT", "RATE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        folder, count, rate = args.writer
        return run_writer(Path(folder), int(count), float(rate), seed=int(count))

    interval = 1 / POLL_HZ
    tight_seconds = max(2.0, args.seconds * 2 / 3)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="codev-bench-") as name:
        folder = Path(name)
        slow, slow_costs = live_phase(folder, follower_of, interval, args.seconds, args.rate)
        slow_floor, slow_floor_costs = live_phase(folder, BareReader, interval, args.seconds, args.rate)
        tight, tight_costs = live_phase(folder, follower_of, None, tight_seconds, args.rate)
        tight_floor, tight_floor_costs = live_phase(folder, BareReader, None, tight_seconds, args.rate)

        # Idle: the last journal, which no longer changes (its writer is gone).
        path = max(folder.glob("logbooks/sessions/*.jsonl"), key=lambda item: item.stat().st_mtime_ns)
        follower, bare = follower_of(path), BareReader(path)
        follower.poll()
        bare.poll()
        notes = len(view.notes) if (view := follower.view()) is not None else 0

        def poll_and_view() -> None:
            follower.poll()
            follower.view()

        cpu_follower = idle_cpu(follower.poll, args.idle)
        cpu_display = idle_cpu(poll_and_view, args.idle)
        cpu_floor = idle_cpu(bare.poll, args.idle)
        cpu_sleep = idle_cpu(lambda: None, args.idle)
        unchanged_follower = per_call(follower.poll)
        unchanged_floor = per_call(bare.poll)
        view_cost = per_call(follower.view, 2_000)
        size = path.stat().st_size

    print(
        f"codev journal follower benchmark — writer at {args.rate:g} commands/s (random spacing), "
        f"{len(slow) + len(slow_floor) + len(tight) + len(tight_floor)} commands in all"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print("latency, writer's apply() called -> follower's poll applied it    (ratios: median / p90 vs floor)")
    print(line(f"  follower, poll at {POLL_HZ:g} Hz", slow, slow_floor))
    print(line(f"  floor (bare line reader), {POLL_HZ:g} Hz", slow_floor))
    print(line("  follower, tight loop", tight, tight_floor))
    print(line("  floor, tight loop", tight_floor))
    print("cost of a poll that applied records")
    print(line("  follower (10 Hz + tight)", slow_costs + tight_costs, slow_floor_costs + tight_floor_costs))
    print(line("  floor (10 Hz + tight)", slow_floor_costs + tight_floor_costs))
    print(f"idle, polling an unchanged journal ({size / 1024:.0f} KiB, {notes} notes) at {POLL_HZ:g} Hz")
    print(
        f"  {'follower poll()':<36} {unchanged_follower * 1e6:7.2f} µs/poll   "
        f"CPU {cpu_follower * 100:6.3f} % of a core   x{cpu_follower / cpu_floor:5.2f}"
    )
    print(
        f"  {'follower poll() + view()':<36} {(unchanged_follower + view_cost) * 1e6:7.2f} µs/tick   "
        f"CPU {cpu_display * 100:6.3f} % of a core   x{cpu_display / cpu_floor:5.2f}"
    )
    floor_cost = f"{unchanged_floor * 1e6:7.2f} µs/poll"
    print(f"  {'floor poll()':<36} {floor_cost}   CPU {cpu_floor * 100:6.3f} % of a core")
    print(f"  {'(a 10 Hz loop doing nothing)':<36} {'':17}   CPU {cpu_sleep * 100:6.3f} % of a core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
