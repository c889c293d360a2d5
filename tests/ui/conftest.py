"""Shared set-up for the interface tests: a fake clock, a throw-away workspace, fixed zone."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.library import load_library
from codev.core.protocol.model import Protocol
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.demo import demo_setup

START = 1_767_258_000.0  # 2026-01-01 09:00 UTC: screenshots show fixed times


@pytest.fixture(autouse=True)
def fixed_zone_and_language() -> Iterator[None]:
    # Forecast end times are wall-clock times: pin the zone so screenshots do not depend on it.
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    set_lang("fr")
    yield
    set_lang("en")
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


@pytest.fixture
def classic() -> Protocol:
    entry = load_library().get("codev")
    assert entry is not None
    return entry.protocol


@pytest.fixture
def app(workspace: Workspace, clock: FakeClock, classic: Protocol) -> CodevApp:
    """The demo session on the live screen, carnets written into ``workspace``."""
    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    return create_app(AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False))
