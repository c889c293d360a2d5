"""Benchmark of the facilitator's screen: ``codev demo`` next to bare Textual apps, whole-process.

Goals (issue 4), each against a reference measured in the same run, on the same Python:

1. time to the first complete screen of ``codev demo`` (step title, clock and footer all
   painted) ≤ 1.5 × the first paint of a bare Textual app showing one label
   (``bench/ui/bare_label.py``); the first partial paint is reported too;
2. CPU while a step timer runs ≤ 2 % of one core — the reference is a bare Textual
   countdown label updated 4 times a second (``bench/ui/bare_countdown.py``);
3. resident memory of the running ``codev demo`` ≤ 120 MB;
4. key press to repaint under 50 ms.

Run from the repository root with the project's Python (the children are started with it):

    python bench/ui_bench.py           # full run, about 3 minutes
    python bench/ui_bench.py --quick   # one spawn per program, shorter windows, about 30 s

Every program runs in its own pseudo-terminal of 120 × 40 (TERM=xterm-256color), as in a
real terminal: what is timed is what reaches the terminal, the benchmark reading the
master side all the time so that a child never blocks on a full pty buffer.

- First frame: from spawn until the terminal output contains text that exists only once the
  screen is painted — the step title "EXPOSÉ" (upper case, CODEV_LANG=fr) for codev, the
  label's text for the bare app; the complete screen, until the footer's first key is there
  as well. Spawns of the two programs alternate, several times.
- CPU: once the UI is up, the session is started (a space for codev; the countdown runs from
  its start), 2 s of warm-up, then utime + stime of the process (all its threads,
  ``/proc/PID/stat``) over a window of wall time.
- Memory: VmRSS from ``/proc/PID/status`` at the end of each session spawn.
- Key press to repaint: with the timer running, ``+`` and ``-`` alternately (a minute more,
  a minute less), timed from the write on the pty to the arrival of the new budget in the
  output. For codev the marker is the step rail's "actual/planned′" cell of the running
  step (``0/11′`` after ``+`` on the 10-minute first step): it is plain text, unlike the
  block-letter timer, it changes only with the budget (other repaints show the old one),
  and the rail is painted by the same refresh that paints the timer. For the countdown, its
  "budget N min" text. Presses are spaced by a random 0.15–0.35 s so they do not lock onto
  the 4-per-second refresh.

Children compile their bytecode into a private cache (``PYTHONPYCACHEPREFIX`` in the run's
temporary folder) filled by one uncounted spawn of each program first: an installed codev has
its ``.pyc`` files, whereas a checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the dev
VM) would recompile every codev module at every start. ``--env-bytecode`` measures with the
caller's settings instead.

Medians are reported with their spread (min–max); ratios are codev / reference. This is a
measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib.metadata
import os
import platform
import random
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
BARE_LABEL = HERE / "ui" / "bare_label.py"
BARE_COUNTDOWN = HERE / "ui" / "bare_countdown.py"

COLUMNS, LINES = 120, 40
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

CODEV_PAINTED = re.compile(b"EXPOS")
"""The first step's title, upper case: only the painted live screen shows it (the rail says "Exposé")."""
CODEV_COMPLETE = re.compile(b"marrer/pause")
"""The footer's first key ("Espace démarrer/pause"): Textual paints the footer after the rest
of the screen, so the screen is complete only once it is there (with the title and clock)."""
CODEV_STARTED = re.compile(r"\d+/\d+′".encode())
"""The rail's "actual/planned′" cell, shown only for a step that has started."""
CODEV_BUDGET = re.compile(r"\d+/(\d+)′".encode())
BARE_LABEL_PAINTED = re.compile(rb"BARE-LABEL-PAINTED")
BARE_PAINTED = re.compile(rb"budget \d+ min")
BARE_BUDGET = re.compile(rb"budget (\d+) min")

ANSI_ESCAPE = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][A-Z0-9]|[=>])")
"""Terminal control sequences, stripped from a failed child's output before it is shown."""

GOAL_FIRST_FRAME_RATIO = 1.5
GOAL_CPU_PERCENT = 2.0
GOAL_RSS_MB = 120.0
GOAL_KEY_MS = 50.0


class ChildGone(RuntimeError):
    """The program under test exited (or closed its terminal) before it was expected to."""


class PtyProgram:
    """One program running in its own pseudo-terminal, its output read from the master side."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: Path) -> None:
        master, slave = os.openpty()
        # The size the child reads with TIOCGWINSZ: a real 120 × 40 terminal, not a pipe.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.master = master
        self.argv = list(argv)
        self.output = bytearray()
        self.spawned = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
        )
        os.close(slave)  # the child holds its copy; reading gets EIO once the child is gone
        self.eof = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read_once(self, timeout: float) -> float | None:
        """Read what is available (waiting up to ``timeout``); the time it arrived, or None."""
        if self.eof:
            raise self._gone()
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the slave side is closed
            data = b""
        arrived = time.perf_counter()
        if not data:
            self.eof = True
            raise self._gone()
        self.output.extend(data)
        return arrived

    def _gone(self) -> ChildGone:
        """The error for a child that left early, with the end of what it printed (a traceback)."""
        try:
            code: int | None = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        text = ANSI_ESCAPE.sub(b"", bytes(self.output[-4000:])).decode("utf-8", "replace")
        tail = "\n".join(line.rstrip() for line in text.splitlines()[-25:] if line.strip())
        return ChildGone(f"{' '.join(self.argv)} exited (code {code}):\n{tail}")

    def wait_for(
        self, pattern: re.Pattern[bytes], start: int, timeout: float, group: bytes | None = None
    ) -> float:
        """The time at which output from offset ``start`` on first matched ``pattern``.

        With ``group``, only a match whose first group equals it counts. Raises
        TimeoutError when nothing matched within ``timeout`` seconds.
        """
        deadline = time.perf_counter() + timeout
        searched = start
        while True:
            arrived = self._read_once(deadline - time.perf_counter())
            if arrived is None:
                if time.perf_counter() >= deadline:
                    raise TimeoutError(f"{pattern.pattern!r} not seen in {timeout} s")
                continue
            # Back up a little: a marker may straddle two reads.
            for match in pattern.finditer(self.output, max(start, searched - 64)):
                if group is None or match.group(1) == group:
                    return arrived
            searched = len(self.output)

    def pump(self, seconds: float) -> None:
        """Keep draining the output for ``seconds`` (the child must never block on a full pty)."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self._read_once(left)

    def send(self, keys: bytes) -> float:
        """Type ``keys``; the time the key was pressed."""
        # Taken before the write: on a busy machine this process can lose the CPU inside
        # os.write while the child already reads the key and answers (which once gave
        # impossible 0.02 ms latencies when the time was taken after).
        pressed = time.perf_counter()
        os.write(self.master, keys)
        return pressed

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far, all threads (not its children)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # After "pid (comm)": state is field 3, utime 14 and stime 15 (man 5 proc).
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def status_kb(self, key: str) -> int:
        """A ``kB`` line of ``/proc/PID/status`` (VmRSS, VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
        raise KeyError(key)

    def close(self) -> None:
        """End the program (ours, by its pid) and release the terminal."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


@dataclass(frozen=True)
class Subject:
    """One program under test and the markers that tell what it has painted."""

    name: str
    argv: tuple[str, ...]
    painted: re.Pattern[bytes]
    complete: re.Pattern[bytes]
    """Once this is there as well, nothing of the first screen is still to come."""
    start_keys: bytes
    """What starts the timer once painted (nothing for a countdown that runs from the start)."""
    started: re.Pattern[bytes]
    budget: re.Pattern[bytes]
    """Group 1: the budget in minutes, which ``+`` and ``-`` change."""
    initial_budget: int
    env_extra: tuple[tuple[str, str], ...] = ()
    """Variables added to the child's environment (``PYTHONPATH`` of a reference tree)."""


@dataclass
class Samples:
    """Everything measured on one program."""

    first_frame_ms: list[float] = field(default_factory=list)
    complete_ms: list[float] = field(default_factory=list)
    cpu_percent: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    hwm_mb: list[float] = field(default_factory=list)
    key_ms: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """How much to measure."""

    first_frames: int
    sessions: int
    warmup_seconds: float
    cpu_seconds: float
    keys_per_session: int


FULL = Plan(first_frames=7, sessions=3, warmup_seconds=2.0, cpu_seconds=20.0, keys_per_session=10)
QUICK = Plan(first_frames=3, sessions=1, warmup_seconds=2.0, cpu_seconds=8.0, keys_per_session=10)


def child_env(pycache: Path | None) -> dict[str, str]:
    """The environment of every child: a 256-colour xterm of 120 × 40, French texts.

    With ``pycache``, compiled bytecode is written and read there, whatever the caller's
    ``PYTHONDONTWRITEBYTECODE`` says: an installed codev has its ``.pyc`` files (pip
    compiles them), while a source checkout run with that variable set compiles every
    codev module at every start — not what users see. A private prefix keeps the working
    tree free of ``__pycache__`` folders.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    # A stray TEXTUAL=devtools (or similar) in the caller's shell would change what is measured.
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES), CODEV_LANG="fr")
    env.pop("NO_COLOR", None)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def first_frame(subject: Subject, cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from spawn to the first paint, and to the complete screen."""
    program = PtyProgram(subject.argv, {**env, **dict(subject.env_extra)}, cwd)
    try:
        painted = program.wait_for(subject.painted, 0, timeout=30)
        # Searched from the start: the footer may come in the same write as the title.
        complete = max(painted, program.wait_for(subject.complete, 0, timeout=30))
        return (painted - program.spawned) * 1000, (complete - program.spawned) * 1000
    finally:
        program.close()


def session(subject: Subject, plan: Plan, cwd: Path, env: dict[str, str], samples: Samples) -> None:
    """One spawn: start the timer, measure CPU, then key presses, then memory."""
    program = PtyProgram(subject.argv, env, cwd)
    try:
        program.wait_for(subject.painted, 0, timeout=30)
        offset = len(program.output)
        if subject.start_keys:
            program.send(subject.start_keys)
        program.wait_for(subject.started, offset, timeout=10)
        program.pump(plan.warmup_seconds)

        cpu_before, wall_before = program.cpu_seconds(), time.perf_counter()
        program.pump(plan.cpu_seconds)
        cpu_after, wall_after = program.cpu_seconds(), time.perf_counter()
        samples.cpu_percent.append(100 * (cpu_after - cpu_before) / (wall_after - wall_before))

        rng = random.Random(len(samples.key_ms))
        budget = subject.initial_budget
        for press in range(plan.keys_per_session):
            key, budget = (b"+", budget + 1) if press % 2 == 0 else (b"-", budget - 1)
            offset = len(program.output)
            sent = program.send(key)
            painted = program.wait_for(subject.budget, offset, timeout=5, group=str(budget).encode())
            samples.key_ms.append((painted - sent) * 1000)
            program.pump(rng.uniform(0.15, 0.35))

        samples.rss_mb.append(program.status_kb("VmRSS") / 1024)
        samples.hwm_mb.append(program.status_kb("VmHWM") / 1024)
    finally:
        program.close()


def spread(values: Sequence[float], digits: int) -> str:
    """``median (min–max)``, or the one value."""
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(codev: Samples, bare_label: Samples, countdown: Samples, plan: Plan) -> list[tuple[str, ...]]:
    """The table rows: metric, codev, reference, ratio, goal, result."""

    def ratio(ours: Sequence[float], theirs: Sequence[float]) -> float:
        return statistics.median(ours) / statistics.median(theirs)

    def verdict(ok: bool) -> str:
        return "pass" if ok else "FAIL"

    frame_ratio = ratio(codev.complete_ms, bare_label.first_frame_ms)
    cpu = statistics.median(codev.cpu_percent)
    rss = statistics.median(codev.rss_mb)
    key = statistics.median(codev.key_ms)
    return [
        (
            f"first complete screen, ms (n={len(codev.complete_ms)})",
            spread(codev.complete_ms, 0),
            f"{spread(bare_label.first_frame_ms, 0)} [label]",
            f"{frame_ratio:.2f}",
            f"≤ {GOAL_FIRST_FRAME_RATIO}×",
            verdict(frame_ratio <= GOAL_FIRST_FRAME_RATIO),
        ),
        (
            "  first paint (title and clock, footer still to come), ms",
            spread(codev.first_frame_ms, 0),
            f"{spread(bare_label.first_frame_ms, 0)} [label]",
            f"{ratio(codev.first_frame_ms, bare_label.first_frame_ms):.2f}",
            "",
            "",
        ),
        (
            f"CPU, timer running, % of a core ({plan.cpu_seconds:.0f} s × {len(codev.cpu_percent)})",
            spread(codev.cpu_percent, 2),
            f"{spread(countdown.cpu_percent, 2)} [countdown]",
            f"{ratio(codev.cpu_percent, countdown.cpu_percent):.2f}",
            f"≤ {GOAL_CPU_PERCENT} %",
            verdict(cpu <= GOAL_CPU_PERCENT),
        ),
        (
            f"resident memory VmRSS, MB (n={len(codev.rss_mb)})",
            spread(codev.rss_mb, 1),
            f"{spread(countdown.rss_mb, 1)} [countdown]",
            f"{ratio(codev.rss_mb, countdown.rss_mb):.2f}",
            f"≤ {GOAL_RSS_MB:.0f} MB",
            verdict(rss <= GOAL_RSS_MB),
        ),
        (
            "  peak VmHWM, MB",
            spread(codev.hwm_mb, 1),
            f"{spread(countdown.hwm_mb, 1)} [countdown]",
            f"{ratio(codev.hwm_mb, countdown.hwm_mb):.2f}",
            "",
            "",
        ),
        (
            f"key press → repaint, ms (n={len(codev.key_ms)})",
            spread(codev.key_ms, 1),
            f"{spread(countdown.key_ms, 1)} [countdown]",
            f"{ratio(codev.key_ms, countdown.key_ms):.2f}",
            f"< {GOAL_KEY_MS:.0f} ms",
            verdict(key < GOAL_KEY_MS),
        ),
        (
            "  key press → repaint, p90, ms",
            f"{percentile(codev.key_ms, 0.9):.1f}",
            f"{percentile(countdown.key_ms, 0.9):.1f} [countdown]",
            f"{percentile(codev.key_ms, 0.9) / percentile(countdown.key_ms, 0.9):.2f}",
            "",
            "",
        ),
    ]


def print_table(rows: list[tuple[str, ...]]) -> None:
    """A Markdown table, ready to paste into docs/performance.md."""
    header = ("metric", "codev demo", "reference", "ratio", "goal", "result")
    print("| " + " | ".join(header) + " |")
    print("|---|---:|---:|---:|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one session per program, shorter windows")
    parser.add_argument(
        "--env-bytecode",
        action="store_true",
        help="keep the caller's bytecode settings (no private .pyc cache, no warm-up spawn)",
    )
    parser.add_argument(
        "--compare-with",
        metavar="SRC",
        type=Path,
        help="also time the first frame of the codev in SRC (another checkout's src/ folder, e.g. "
        "before a change), alternating with this one: the cost of the change, in the same run",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    python = sys.executable
    load_before = os.getloadavg()
    began = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="codev-ui-bench-") as folder:
        root = Path(folder)
        env = child_env(None if args.env_bytecode else root / "pycache")

        def codev_subject(run: str) -> Subject:
            # A fresh workspace per spawn: nothing is written outside it, and no earlier
            # spawn's journal is there to be offered for resuming.
            workspace = root / run
            workspace.mkdir()
            return Subject(
                name="codev demo",
                argv=(python, "-m", "codev", "demo", "--workspace", str(workspace)),
                painted=CODEV_PAINTED,
                complete=CODEV_COMPLETE,
                start_keys=b" ",
                started=CODEV_STARTED,
                budget=CODEV_BUDGET,
                initial_budget=10,  # the classic protocol's first step, "Exposé"
            )

        label = Subject("bare label", (python, str(BARE_LABEL)), BARE_LABEL_PAINTED, BARE_LABEL_PAINTED, b"",
                        BARE_LABEL_PAINTED, BARE_LABEL_PAINTED, 0)  # fmt: skip
        countdown = Subject("bare countdown", (python, str(BARE_COUNTDOWN)), BARE_PAINTED, BARE_PAINTED, b"",
                            BARE_PAINTED, BARE_BUDGET, 10)  # fmt: skip
        codev, bare_label, bare_countdown = Samples(), Samples(), Samples()
        reference_tree = Samples()

        def reference_subject(run: str) -> Subject:
            subject = codev_subject(run)
            return replace(
                subject,
                name="codev demo (reference tree)",
                env_extra=(("PYTHONPATH", str(args.compare_with.resolve())),),
            )

        if not args.env_bytecode:
            # Not counted: fills the bytecode cache, as installing the package would have.
            warm = [codev_subject("warm-up"), label, countdown]
            if args.compare_with:
                warm.append(reference_subject("warm-up-reference"))
            for subject in warm:
                first_frame(subject, root, env)

        # Alternate which program goes first, so that a noisy moment or a warm page cache
        # favours neither of them.
        for index in range(plan.first_frames):
            pair = [(codev_subject(f"frame-{index}"), codev), (label, bare_label)]
            if args.compare_with:
                pair.append((reference_subject(f"frame-ref-{index}"), reference_tree))
            for subject, samples in pair if index % 2 == 0 else reversed(pair):
                painted, complete = first_frame(subject, root, env)
                samples.first_frame_ms.append(painted)
                samples.complete_ms.append(complete)
        for index in range(plan.sessions):
            pair = [(codev_subject(f"session-{index}"), codev), (countdown, bare_countdown)]
            for subject, samples in pair if index % 2 == 0 else reversed(pair):
                session(subject, plan, root, env, samples)

    elapsed = time.perf_counter() - began
    load_after = os.getloadavg()
    print(
        f"codev facilitator's screen benchmark — {'quick' if args.quick else 'full'} run, {elapsed:.0f} s\n"
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Textual {importlib.metadata.version('textual')}, {platform.system()} {platform.release()}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n"
        f"terminal: pty {COLUMNS}×{LINES}, TERM=xterm-256color, CODEV_LANG=fr; bytecode: "
        f"{'as the environment says' if args.env_bytecode else 'compiled and cached (warm-up spawn)'}; "
        "medians (min–max)\n"
    )
    print_table(report(codev, bare_label, bare_countdown, plan))
    if reference_tree.complete_ms:
        ours, theirs = statistics.median(codev.complete_ms), statistics.median(reference_tree.complete_ms)
        print(
            f"\nfirst complete screen against {args.compare_with}: {spread(codev.complete_ms, 0)} ms here, "
            f"{spread(reference_tree.complete_ms, 0)} ms there; difference {ours - theirs:+.1f} ms "
            f"(ratio {ours / theirs:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
