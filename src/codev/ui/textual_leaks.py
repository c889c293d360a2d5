"""Memory Textual 8.2.8 keeps after a dialog closes, released.

Besides the footer's keys (see :mod:`codev.ui.widgets.footer`), Textual memoizes each
widget's background styles with ``functools.lru_cache(1024)`` on a method of the widget's
line cache (``StylesCache.get_inner_outer``): the cache's keys hold the line caches of
widgets long removed, with every line they last drew. A dialog leaves about ten of them
(some 140 kB, 1,000 Python objects), up to 1,024 entries — some 14 MB before it stops
growing. Emptied when a dialog closes, it holds only what the screen shown draws again.
"""

from __future__ import annotations

from textual._styles_cache import StylesCache


def release_closed_widgets_styles() -> None:
    """Forget the memoized background styles (the widgets still shown compute theirs again,
    a few Style objects each, at their next paint)."""
    StylesCache.get_inner_outer.cache_clear()
