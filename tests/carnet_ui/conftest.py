"""Fixtures for the carnet review tests: a workspace with Karim's carnets, French, a fixed zone.

The helpers live in ``carnet_ui_support.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from carnet_ui_support import add_second_group, carnet_file, make_workspace, open_review

from codev.core.i18n import get_lang, set_lang
from codev.core.workspace import Workspace
from codev.ui.carnet.review import CarnetReview


@pytest.fixture(autouse=True)
def fixed_zone_and_language() -> Iterator[None]:
    # Dates written without an offset and "now" depend on the zone: pin it, and the language.
    old_zone, old_lang = os.environ.get("TZ"), get_lang()
    os.environ["TZ"] = "UTC"
    time.tzset()
    set_lang("fr")
    yield
    set_lang(old_lang)
    if old_zone is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old_zone
    time.tzset()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """Karim's carnet in "Managers" (annotated by hand), and Marie's."""
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def second_group(workspace: Workspace) -> Workspace:
    """The same workspace, where Karim also keeps a carnet in "Direction 2025"."""
    add_second_group(workspace)
    return workspace


@pytest.fixture
def carnet_path(workspace: Workspace) -> Path:
    """Karim's carnet in "Managers"."""
    return carnet_file(workspace)


@pytest.fixture
def review(workspace: Workspace) -> CarnetReview:
    """Karim's carnet in "Managers", loaded."""
    return open_review(workspace)
