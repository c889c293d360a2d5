"""Applying the user's ``[keymap]`` (read by :mod:`codev.core.user_config`) to a running app.

Textual does the rest: ``App.set_keymap`` keeps the mapping, and every time a screen builds
its binding chain (each key press, each footer refresh) the bindings whose id is in it get
the new keys instead of their declared ones. The footer therefore shows the remapped keys;
the help screen, built from the classes' ``BINDINGS``, asks :func:`keymap_of` for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import App

from codev.core.user_config import load_user_config
from codev.core.workspace import Workspace


def apply_keymap(app: App[Any], workspace: Workspace | None, *, report: bool = True) -> dict[str, str]:
    """Read the user's and the workspace's settings, remap ``app``'s keys, show each problem.

    Returns the keymap applied (binding id → keys). Never raises for what is in the files: a
    bad entry leaves that binding's default keys, and the problem is notified for ten seconds.
    ``report=False`` keeps the problems quiet: the room's view (``codev view``, on the
    projector) must not show the facilitator's typos, which their own screen shows anyway.
    """
    config = load_user_config(workspace)
    # Always set, even empty: applying again after the file was fixed must drop old remaps.
    app.set_keymap(config.keymap)
    if report:
        for problem in config.problems:
            app.notify(str(problem), severity="warning", timeout=10)
    return config.keymap


def keymap_of(app: App[Any]) -> Mapping[str, str]:
    """The keymap in force in ``app``: binding id → keys, as Textual normalised them.

    Textual 8.2.8 (pinned) keeps it in ``App._keymap`` and has no public getter; this is the
    one place that reads it, and a test checks it still holds what ``set_keymap`` was given.
    """
    return app._keymap
