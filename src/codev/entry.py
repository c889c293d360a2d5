"""The ``codev`` program's entry point: the command line, started without the garbage collector.

Starting codev builds tens of thousands of objects that live as long as the process —
modules, pydantic schemas, Textual's styles and widgets — and Python's collector, run every
few hundred allocations, walks them again and again for nothing (about 40 ms of a start-up
of a few hundred). So the collector is off while the program loads, and the objects loaded
are then *frozen* (moved out of the collector's reach, :func:`gc.freeze`) just before the
interface runs, when it is switched back on: later collections only look at what the
session creates. Every codev app switches it back on as it is built
(:class:`codev.ui.base.PlainTextNotify`), and so does ``codev serve``; see docs/performance.md.
"""

from __future__ import annotations

import gc


def main() -> int:
    """Run the ``codev`` command (see :func:`codev.cli.main`); returns the exit status."""
    gc.disable()
    try:
        from codev.cli import main as cli_main

        return cli_main()
    finally:
        # Commands that never reach the interface (protocol check, carnet export) end here.
        gc.enable()


def loaded() -> None:
    """The program is loaded: freeze what exists and let the collector run again.

    A no-op unless :func:`main` switched the collector off (tests, and code calling
    :func:`codev.cli.main` directly, keep the collector as it is).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
