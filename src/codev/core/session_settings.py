"""What a new session takes besides its protocol's steps: the joker's length.

The user's configuration (``[session] joker_minutes``) wins, because it is the facilitator
running this session who set it; otherwise the protocol's ``joker_minutes``; otherwise codev's
two minutes (``SessionSetup``'s default). A resumed session keeps what its journal says.
"""

from __future__ import annotations

from codev.core.session import SessionSetup


def apply_session_settings(setup: SessionSetup, joker_minutes: float | None) -> SessionSetup:
    """``setup`` for a new session, ``joker_minutes`` being the user's setting (None: unset)."""
    minutes = joker_minutes if joker_minutes is not None else setup.protocol.joker_minutes
    return setup if minutes is None else setup.model_copy(update={"joker_seconds": minutes * 60})
