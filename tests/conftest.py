"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App

UPDATE_SNAPSHOTS = os.environ.get("CODEV_UPDATE_SNAPSHOTS") == "1"

SnapshotCheck = Callable[[App[object], Path], None]


def _normalise(svg: str) -> str:
    # Textual names the SVG's CSS classes after a hash of the content; keep them, but drop
    # trailing spaces so an editor's whitespace clean-up never breaks a comparison.
    return re.sub(r"[ \t]+$", "", svg, flags=re.MULTILINE)


@pytest.fixture
def assert_snapshot() -> SnapshotCheck:
    """Compare an app's screen with a stored SVG (``CODEV_UPDATE_SNAPSHOTS=1`` rewrites it).

    The SVGs are committed: a change of look shows in review as a changed picture.
    """

    def check(app: App[object], path: Path) -> None:
        actual = _normalise(app.export_screenshot())
        if UPDATE_SNAPSHOTS or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not UPDATE_SNAPSHOTS:
                pytest.fail(f"no snapshot yet: wrote {path}; check it and commit it")
            return
        expected = _normalise(path.read_text(encoding="utf-8"))
        assert actual == expected, f"screen differs from {path} (CODEV_UPDATE_SNAPSHOTS=1 to accept)"

    return check
