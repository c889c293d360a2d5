"""What the carnet review looks like, at a laptop's 80×24 and a large 160×48 terminal.

The SVGs are stored in ``tests/carnet_ui/snapshots/`` and compared by the shared
``assert_snapshot`` fixture; ``CODEV_UPDATE_SNAPSHOTS=1`` rewrites them. Karim's carnets
cover two groups, so that the widest timeline (with its group column) is the one checked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from carnet_ui_support import carnet_app, review_screen

from codev.core.workspace import Workspace
from codev.ui.app import CodevApp

SnapshotCheck = Callable[[CodevApp, Path], None]
"""The ``assert_snapshot`` fixture of ``tests/conftest.py``."""

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZES = [(80, 24), (160, 48)]

# What to press from the timeline to reach each picture.
VIEWS = {
    "timeline": (),
    "search": ("slash", *"annonce", "enter"),
    "session": ("down", "down", "down", "down", "enter"),
    "commitments": ("2",),
    "path": ("3",),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("view", list(VIEWS))
async def test_the_review(
    view: str, size: tuple[int, int], second_group: Workspace, assert_snapshot: SnapshotCheck
) -> None:
    app = carnet_app(second_group)
    async with app.run_test(size=size) as pilot:
        await review_screen(pilot)
        await pilot.press(*VIEWS[view])
        await pilot.pause()
        assert_snapshot(app, SNAPSHOTS / f"carnet_{view}_{size[0]}x{size[1]}.svg")
