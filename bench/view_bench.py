"""Benchmark of the room's screen: ``codev view`` following a live journal, whole-process.

Goals (the projected view's issue), each reported next to the follower's floor measured in
the same run, on the same Python:

1. a command shows on the view ≤ 100 ms after it is sent, p90;
2. CPU while idle (the session running, nothing happening but the timer ticking each
   second) ≤ 1 % of one core.

The floor is a bare process that does the least any follower of the journal must: it polls
the same file at the view's rate (``POLL_SECONDS``, 20 times a second), reads what was
appended and prints each new complete line (``FLOOR_SCRIPT`` below, run with ``python -c``).

Run from the repository root with the project's Python (the children are started with it):

    python bench/view_bench.py             # full run, under 2 minutes
    python bench/view_bench.py --quick     # one spawn per program, about 25 s
    python bench/view_bench.py --profile   # then one uncounted view spawn, its idle window
                                           # profiled (cProfile), the top functions printed

This process runs a real ``SessionEngine`` on the system clock (the demo's session on the
built-in "codev" protocol, journal ``fsync``'ed at every command) in a fresh temporary
workspace per spawn, and starts it, so that the timer runs. Each program then runs in its
own pseudo-terminal of 120 × 40 (``bench/ui_bench.py``'s ``PtyProgram``: TERM=xterm-256color,
CODEV_LANG=fr, the output read all the time), ``codev view --workspace WS`` finding the
session by itself, the floor given the journal's path.

- First frame: from spawn until the painted session (the step title "EXPOSÉ" for the view,
  the Start record's line for the floor).
- Command → screen: ``SetRoomMessage(text="M0001")``, ``"M0002"``…, a unique marker each,
  applied through the engine in a worker thread (so that the output keeps being read while
  ``apply`` writes and ``fsync``'s), timed from just before ``apply`` is called to the
  arrival on the pty of the output holding the marker: the view shows it big, the floor
  prints the journal line that holds it. Commands are spaced by a random 0.15–0.40 s so
  that they do not lock onto the polling or the once-a-second repaint of the timer.
- Idle CPU: after the commands, a warm-up, then utime + stime of the process (all its
  threads, ``/proc/PID/stat``) over a window of wall time, the output drained meanwhile.
  The kernel counts CPU time in 10 ms ticks, too coarse for the floor's 0.1–0.2 % over one
  window: the windows of a program are added up (pooled), their own values given as range.
- Memory: VmRSS at the end of each spawn.

The two programs alternate (view, floor, then floor, view…), so that a noisy moment on the
shared machine favours neither. Bytecode is compiled into a private cache in the run's
temporary folder, filled by one uncounted spawn of the view first (as ``bench/ui_bench.py``
does). Medians are reported with their spread (min–max); ratios are view / floor. This is a
measurement, not a test: it always exits 0. Every child is ended (by its pid) and the
temporary folder removed on any exit, SIGTERM included.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import pstats
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from types import FrameType

from ui_bench import COLUMNS, LINES, PtyProgram, child_env, percentile, spread  # the house's pty harness

from codev.core.clock import SystemClock
from codev.core.i18n import set_lang
from codev.core.protocol.library import load_library
from codev.core.session import Refusal, SessionEngine, SessionSetup, SetRoomMessage, Start
from codev.core.workspace import Workspace
from codev.ui.demo import demo_setup
from codev.ui.view_app import POLL_SECONDS

GOAL_P90_MS = 100.0
GOAL_IDLE_CPU_PERCENT = 1.0

VIEW_PAINTED = re.compile(b"EXPOS")
"""The first step's title, upper case: shown once the view has read the session."""
FLOOR_PAINTED = re.compile(rb'"op":"start"')
"""The Start record's line, printed by the floor at its first read."""
MARKER = re.compile(rb"M(\d{4})")
"""A room message sent by the benchmark; group 1 is its number."""

FLOOR_SCRIPT = r"""
import os, sys, time
path, interval = sys.argv[1], float(sys.argv[2])
out = sys.stdout.buffer
size, offset = -1, 0
due = time.monotonic()
while True:
    now_size = os.stat(path).st_size
    if now_size != size:
        size = now_size
        fd = os.open(path, os.O_RDONLY)
        try:
            data = os.pread(fd, now_size - offset, offset)
        finally:
            os.close(fd)
        end = data.rfind(b"\n")
        if end >= 0:
            out.write(data[: end + 1])
            out.flush()
            offset += end + 1
    due += interval
    delay = due - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    else:
        due = time.monotonic()  # late: do not catch up
"""
"""The follower's floor: poll the journal at the view's rate, print every new complete line."""

PROFILED_VIEW = r"""
import cProfile, signal, sys
out = sys.argv[1]
profile = cProfile.Profile()

def start(signum, frame):
    profile.enable()

def stop(signum, frame):
    profile.disable()
    profile.dump_stats(out + ".part")
    import os
    os.replace(out + ".part", out)

signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, stop)
from codev.cli import main
raise SystemExit(main(sys.argv[2:]))
"""
"""``codev`` with its main thread profiled between SIGUSR1 and SIGUSR2 (``--profile`` only)."""


@dataclass
class Samples:
    """Everything measured on one program."""

    first_frame_ms: list[float] = field(default_factory=list)
    latency_ms: list[float] = field(default_factory=list)
    apply_ms: list[float] = field(default_factory=list)
    cpu_percent: list[float] = field(default_factory=list)
    cpu_windows: list[tuple[float, float]] = field(default_factory=list)
    """(CPU seconds, wall seconds) of each idle window."""
    rss_mb: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """How much to measure."""

    runs: int
    """Spawns of each program."""
    commands: int
    """Commands per spawn."""
    warmup_seconds: float
    idle_seconds: float


FULL = Plan(runs=3, commands=20, warmup_seconds=1.5, idle_seconds=8.0)
QUICK = Plan(runs=1, commands=12, warmup_seconds=1.0, idle_seconds=5.0)


class Bench:
    """What every spawn shares: the temporary folder, the children's environment, the plan,
    the session set-up, the thread that applies commands, the marker counter."""

    def __init__(self, root: Path, plan: Plan, setup: SessionSetup, pool: ThreadPoolExecutor) -> None:
        self.root = root
        self.env = child_env(root / "pycache")
        self.plan = plan
        self.setup = setup
        self.pool = pool
        self.rng = random.Random(42)
        self.sent = 0

    def session(self, name: str) -> tuple[Path, SessionEngine]:
        """A fresh workspace and a started session journaled in it."""
        workspace = self.root / name
        workspace.mkdir()
        engine = SessionEngine.create(self.setup, SystemClock(), Workspace(workspace))
        if (refusal := engine.apply(Start())) is not None:
            engine.close()
            raise SystemExit(f"Start refused: {refusal}")
        return workspace, engine

    def spawn(
        self,
        name: str,
        argv_of: Callable[[Path, Path], list[str]],
        painted: re.Pattern[bytes],
        samples: Samples,
        profile: Path | None = None,
    ) -> None:
        """One spawn of ``argv_of(workspace, journal)`` next to a fresh session, measured."""
        workspace, engine = self.session(name)
        try:
            assert engine.journal_path is not None
            program = PtyProgram(argv_of(workspace, engine.journal_path), self.env, self.root)
            try:
                self.measure(program, engine, painted, samples, profile)
            finally:
                program.close()
        finally:
            engine.close()

    def measure(
        self,
        program: PtyProgram,
        engine: SessionEngine,
        painted: re.Pattern[bytes],
        samples: Samples,
        profile: Path | None,
    ) -> None:
        """First frame, commands, idle CPU, memory, on one spawned program."""
        plan = self.plan
        samples.first_frame_ms.append((program.wait_for(painted, 0, timeout=30) - program.spawned) * 1000)
        program.pump(0.5)  # let the first layouts settle
        for _ in range(plan.commands):
            self.sent += 1
            number = f"{self.sent:04d}"
            offset = len(program.output)
            command = SetRoomMessage(text=f"M{number}")
            # Applied in the worker thread, so that this one reads the terminal meanwhile: the
            # view may paint before apply()'s fsync returns. Timed from just before the call.
            called = time.perf_counter()
            future = self.pool.submit(timed_apply, engine, command)
            seen = program.wait_for(MARKER, offset, timeout=10, group=number.encode())
            refusal, apply_seconds = future.result()
            if refusal is not None:
                raise SystemExit(f"unexpected refusal of {command!r}: {refusal}")
            samples.latency_ms.append((seen - called) * 1000)
            samples.apply_ms.append(apply_seconds * 1000)
            program.pump(self.rng.uniform(0.15, 0.40))

        program.pump(plan.warmup_seconds)
        if profile is not None:
            os.kill(program.pid, signal.SIGUSR1)
        cpu_before, wall_before = program.cpu_seconds(), time.perf_counter()
        program.pump(plan.idle_seconds)
        cpu_after, wall_after = program.cpu_seconds(), time.perf_counter()
        samples.cpu_percent.append(100 * (cpu_after - cpu_before) / (wall_after - wall_before))
        samples.cpu_windows.append((cpu_after - cpu_before, wall_after - wall_before))
        samples.rss_mb.append(program.status_kb("VmRSS") / 1024)
        if profile is not None:
            os.kill(program.pid, signal.SIGUSR2)
            deadline = time.perf_counter() + 10
            while not profile.exists() and time.perf_counter() < deadline:
                program.pump(0.1)


def view_argv(python: str, workspace: Path) -> list[str]:
    return [python, "-m", "codev", "--lang", "fr", "view", "--workspace", str(workspace)]


def floor_argv(python: str, journal: Path) -> list[str]:
    return [python, "-c", FLOOR_SCRIPT, str(journal), str(POLL_SECONDS)]


def timed_apply(engine: SessionEngine, command: SetRoomMessage) -> tuple[Refusal | None, float]:
    """``engine.apply(command)`` and how long it took (write + fsync), in seconds."""
    start = time.perf_counter()
    refusal = engine.apply(command)
    return refusal, time.perf_counter() - start


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs > 0 else "—"


def pooled_cpu(samples: Samples) -> float:
    """Percent of a core over all idle windows together.

    CPU time is counted in clock ticks (10 ms): a 10 s window of a process using 0.2 % of a
    core reads 0.1 % or 0.2 % or 0.3 %, so the windows are added up rather than their median taken.
    """
    cpu = sum(seconds for seconds, _ in samples.cpu_windows)
    wall = sum(wall for _, wall in samples.cpu_windows)
    return 100 * cpu / wall


def with_range(value: float, values: Sequence[float]) -> str:
    """``value (min–max)`` of the windows, or the one value."""
    if len(values) == 1:
        return f"{value:.2f}"
    return f"{value:.2f} ({min(values):.2f}–{max(values):.2f})"


def report(view: Samples, floor: Samples, plan: Plan) -> list[tuple[str, ...]]:
    """The table rows: metric, codev view, floor, ratio, goal, result."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    def pct(values: Sequence[float], share: float) -> float:
        return percentile(values, share)

    p90_view, p90_floor = pct(view.latency_ms, 0.9), pct(floor.latency_ms, 0.9)
    cpu_view, cpu_floor = pooled_cpu(view), pooled_cpu(floor)
    n = len(view.latency_ms)
    windows = f"{plan.idle_seconds:.0f} s × {len(view.cpu_percent)}"
    return [
        (
            f"first frame, ms (n={len(view.first_frame_ms)})",
            spread(view.first_frame_ms, 0),
            spread(floor.first_frame_ms, 0),
            ratio(statistics.median(view.first_frame_ms), statistics.median(floor.first_frame_ms)),
            "",
            "",
        ),
        (
            f"command → screen, median, ms (n={n})",
            f"{statistics.median(view.latency_ms):.1f}",
            f"{statistics.median(floor.latency_ms):.1f}",
            ratio(statistics.median(view.latency_ms), statistics.median(floor.latency_ms)),
            "",
            "",
        ),
        (
            "command → screen, p90, ms",
            f"{p90_view:.1f}",
            f"{p90_floor:.1f}",
            ratio(p90_view, p90_floor),
            f"≤ {GOAL_P90_MS:.0f} ms",
            verdict(p90_view <= GOAL_P90_MS),
        ),
        (
            "command → screen, max, ms",
            f"{max(view.latency_ms):.1f}",
            f"{max(floor.latency_ms):.1f}",
            ratio(max(view.latency_ms), max(floor.latency_ms)),
            "",
            "",
        ),
        (
            f"CPU idle, timer running, % of a core ({windows}, pooled)",
            with_range(cpu_view, view.cpu_percent),
            with_range(cpu_floor, floor.cpu_percent),
            ratio(cpu_view, cpu_floor),
            f"≤ {GOAL_IDLE_CPU_PERCENT:g} %",
            verdict(cpu_view <= GOAL_IDLE_CPU_PERCENT),
        ),
        (
            f"resident memory VmRSS, MB (n={len(view.rss_mb)})",
            spread(view.rss_mb, 1),
            spread(floor.rss_mb, 1),
            ratio(statistics.median(view.rss_mb), statistics.median(floor.rss_mb)),
            "",
            "",
        ),
    ]


def print_table(rows: list[tuple[str, ...]]) -> None:
    """A Markdown table, ready to paste into docs/performance.md."""
    header = ("metric", "codev view", "floor (bare poller)", "ratio", "goal", "result")
    print("| " + " | ".join(header) + " |")
    print("|---|---:|---:|---:|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def profile_summary(path: Path, seconds: float) -> str:
    """The top functions of a profile, by cumulative time and by own time."""
    text = StringIO()
    stats = pstats.Stats(str(path), stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)
    return f"profile of the view's main thread over {seconds:.0f} s idle (cProfile):\n{text.getvalue()}"


def _terminated(signum: int, frame: FrameType | None) -> None:
    # Turn a SIGTERM into an exception, so that every `finally` ends its child.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one spawn per program, shorter windows")
    parser.add_argument(
        "--profile", action="store_true", help="then profile one uncounted view spawn's idle window"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)
    plan = QUICK if args.quick else FULL
    python = sys.executable
    set_lang("fr")
    protocol_entry = load_library().get("codev")
    if protocol_entry is None:
        raise SystemExit("the built-in 'codev' protocol is missing")
    protocol = protocol_entry.protocol

    load_before = os.getloadavg()
    began = time.perf_counter()
    view, floor = Samples(), Samples()
    profile_text = ""
    with tempfile.TemporaryDirectory(prefix="codev-view-bench-") as folder, ThreadPoolExecutor(1) as pool:
        bench = Bench(Path(folder), plan, demo_setup(protocol), pool)

        def the_view(workspace: Path, journal: Path) -> list[str]:
            return view_argv(python, workspace)

        def the_floor(workspace: Path, journal: Path) -> list[str]:
            return floor_argv(python, journal)

        # Not counted: fills the bytecode cache, as installing the package would have.
        workspace, engine = bench.session("warm-up")
        try:
            program = PtyProgram(view_argv(python, workspace), bench.env, bench.root)
            try:
                program.wait_for(VIEW_PAINTED, 0, timeout=60)
            finally:
                program.close()
        finally:
            engine.close()

        # Alternate which program goes first, so that a noisy moment favours neither.
        for index in range(plan.runs):
            pair = [("view", the_view, VIEW_PAINTED, view), ("floor", the_floor, FLOOR_PAINTED, floor)]
            for name, argv_of, painted, samples in pair if index % 2 == 0 else reversed(pair):
                bench.spawn(f"{name}-{index}", argv_of, painted, samples)

        if args.profile:
            stats_path = bench.root / "view.prof"

            def profiled_view(workspace: Path, journal: Path) -> list[str]:
                return [python, "-c", PROFILED_VIEW, str(stats_path), *view_argv(python, workspace)[3:]]

            profiled = Samples()
            bench.spawn("profile", profiled_view, VIEW_PAINTED, profiled, profile=stats_path)
            if stats_path.exists():
                profile_text = (
                    f"profiled spawn (not counted): CPU {profiled.cpu_percent[0]:.2f} % of a core under "
                    f"cProfile, p90 {percentile(profiled.latency_ms, 0.9):.1f} ms\n"
                    + profile_summary(stats_path, plan.idle_seconds)
                )
            else:
                profile_text = "profiled spawn: no profile was written"

    elapsed = time.perf_counter() - began
    load_after = os.getloadavg()
    print(
        f"codev view benchmark — {'quick' if args.quick else 'full'} run, {elapsed:.0f} s\n"
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Textual {importlib.metadata.version('textual')}, {platform.system()} {platform.release()}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n"
        f"terminal: pty {COLUMNS}×{LINES}, TERM=xterm-256color, CODEV_LANG=fr; polling every "
        f"{POLL_SECONDS * 1000:.0f} ms (both); {plan.runs} spawn(s) of each, {plan.commands} commands each; "
        f"engine apply() (write + fsync) median {statistics.median(view.apply_ms + floor.apply_ms):.2f} ms, "
        f"p90 {percentile(view.apply_ms + floor.apply_ms, 0.9):.2f} ms; medians (min–max)\n"
    )
    print_table(report(view, floor, plan))
    if profile_text:
        print()
        print(profile_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
