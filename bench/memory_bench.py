"""Memory kept per dialog opened on the facilitator's screen, next to a bare Textual app.

Goal (issue 15): resident memory flat within 10 MB over a 3-hour session once the first
minutes are past — a few hundred dialogs, and 43,200 ticks of the 4-per-second refresh.

Each scenario runs in a process of its own (RSS only grows within a process: a scenario run
after another would reuse the memory the first one freed), headless (Textual's ``run_test``,
120 × 40), on a fake clock:

- ``codev-note``: ``codev demo``'s live screen, ``a`` then Escape (the note dialog, cancelled);
- ``codev-help``: the same, ``?`` then Escape (the help screen);
- ``codev-ticks``: the session running, the clock moved one second and the screen refreshed
  and painted, over and over, from the twentieth minute (per 1,000 ticks);
- ``codev-notify``: a warning toast shown and expired (a refused key's message);
- ``bare-note``: a bare Textual app, one screen with a 10-key Textual ``Footer``, the same
  note dialog pushed and popped — the reference: Textual's own cost of a dialog;
- ``bare-note-codev-footer``: the same bare app with codev's footer instead.

For each: some openings to warm up, ``gc.collect()``, then N more; reported per opening:
the growth of VmRSS, the Python objects still alive after ``gc.collect()`` (``gc``'s count,
the allocator does not blur it), and the footer keys alive (Textual's leak,
Textualize/textual#6666). Ratios are codev / bare reference. Run from the repository root:

    python bench/memory_bench.py              # 200 openings a scenario (2,000 ticks), ~10 min
    python bench/memory_bench.py --count 50   # a quick look, ~3 min

This is a measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SCENARIOS = ("codev-note", "codev-help", "codev-ticks", "codev-notify", "bare-note", "bare-note-codev-footer")
REFERENCE = "bare-note"


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def footer_keys_alive() -> int:
    from textual.widgets._footer import FooterKey

    return sum(1 for obj in gc.get_objects() if isinstance(obj, FooterKey))


async def run_scenario(name: str, count: int, warm_up: int) -> dict[str, Any]:
    from codev.core.clock import FakeClock
    from codev.core.i18n import set_lang
    from codev.core.protocol.library import load_library
    from codev.core.workspace import Workspace
    from codev.ui.app import AppConfig, create_app
    from codev.ui.demo import demo_setup

    set_lang("fr")
    protocol = load_library().get("codev")
    assert protocol is not None
    setup = demo_setup(protocol.protocol, today=dt.date(2026, 1, 1))
    clock = FakeClock(1_767_258_000.0)
    if name.startswith("bare"):
        app = _bare_app(setup, codev_footer=name.endswith("codev-footer"))
    else:
        workspace = Workspace(Path(tempfile.mkdtemp()) / "ws")
        app = create_app(AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if name in ("codev-ticks", "codev-notify"):
            await pilot.press("space")

        async def once() -> None:
            if name == "codev-note":
                await pilot.press("a")
                await pilot.press("escape")
            elif name == "codev-help":
                await pilot.press("question_mark")
                await pilot.press("escape")
            elif name == "codev-ticks":
                clock.advance(1)
                app.screen.refresh_view()
                await pilot.pause()
            elif name == "codev-notify":
                app.notify("Refusé", severity="warning", timeout=0.01)
                await pilot.pause(0.02)
                await pilot.pause()
            else:
                from codev.ui.dialogs.note import NoteDialog

                app.push_screen(NoteDialog(setup, setup.protocol.steps[0]))
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()

        for _ in range(warm_up):
            await once()
        gc.collect()
        rss_before, objects_before, keys_before = rss_mb(), len(gc.get_objects()), footer_keys_alive()
        for _ in range(count):
            await once()
        gc.collect()
        rss_after, objects_after, keys_after = rss_mb(), len(gc.get_objects()), footer_keys_alive()
    return {
        "scenario": name,
        "count": count,
        "rss_start_mb": rss_before,
        "rss_end_mb": rss_after,
        "kb_per_opening": (rss_after - rss_before) * 1024 / count,
        "objects_per_opening": (objects_after - objects_before) / count,
        "footer_keys_per_opening": (keys_after - keys_before) / count,
    }


def _bare_app(setup: Any, *, codev_footer: bool) -> Any:
    """A bare Textual app: a label and a 10-key footer, for the same dialog to open over."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Label

    from codev.ui.widgets.footer import CodevFooter

    footer_class = CodevFooter if codev_footer else Footer

    class Main(Screen[None]):
        BINDINGS = [Binding(key, "noop", f"key {key}") for key in "bcdefghijk"]

        def compose(self) -> ComposeResult:
            yield Label("bare")
            yield footer_class()

        def action_noop(self) -> None:
            pass

    class Bare(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Main())

    return Bare()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200, help="openings measured per scenario")
    parser.add_argument("--warm-up", type=int, default=30, help="openings before measuring")
    parser.add_argument("--scenario", choices=SCENARIOS, help=argparse.SUPPRESS)  # a child's
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, help="these scenarios only")
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(asyncio.run(run_scenario(args.scenario, args.count, args.warm_up))))
        return
    results: dict[str, dict[str, Any]] = {}
    for name in args.only or SCENARIOS:
        # The refresh's caches fill during the first step (its wrap-up, its overtime): the
        # ticks are measured from the twentieth minute on.
        count, warm_up = (args.count * 10, 1200) if name == "codev-ticks" else (args.count, args.warm_up)
        child = subprocess.run(
            [sys.executable, __file__, "--scenario", name, "--count", str(count), "--warm-up", str(warm_up)],
            capture_output=True,
            text=True,
            env={**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"},
            check=False,
        )
        if child.returncode != 0:
            print(f"{name}: failed\n{child.stderr[-2000:]}")
            continue
        results[name] = json.loads(child.stdout.strip().splitlines()[-1])
    reference = results.get(REFERENCE)
    header = f"{'scenario':<24}{'n':>6}{'RSS start':>11}{'end':>8}{'kB/open':>9}"
    print(f"{header}{'objs/open':>11}{'keys/open':>11}  ratio")
    for name, result in results.items():
        per = result["kb_per_opening"]
        unit = 1000 if name == "codev-ticks" else 1
        ratio = ""
        if (
            reference is not None
            and name != REFERENCE
            and name != "codev-ticks"
            and reference["kb_per_opening"] > 0
        ):
            ratio = f"{per / reference['kb_per_opening']:.2f}×"
        print(
            f"{name:<24}{result['count']:>6}{result['rss_start_mb']:>10.1f}M{result['rss_end_mb']:>7.1f}M"
            f"{per * unit:>9.1f}{result['objects_per_opening'] * unit:>11.1f}"
            f"{result['footer_keys_per_opening'] * unit:>11.2f}  {ratio}"
        )
    print("(codev-ticks: per 1,000 ticks; ratios: codev / bare-note)")


if __name__ == "__main__":
    main()
