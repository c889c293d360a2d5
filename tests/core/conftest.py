"""Fixtures for the session engine tests (helpers live in ``engine_support.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from codev.core.i18n import get_lang, set_lang


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Refusal messages are compared in English unless a test switches language."""
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)
