"""Carnets de bord: each participant's TOML logbook per group, and the group files.

No Textual here: the TUI and the session engine call this package. Start with
:class:`LogbookStore` (reading, writing, follow-up, rotation), the models in
:mod:`codev.core.logbook.models`, :class:`SessionRecord` for the session engine, the
views in :mod:`codev.core.logbook.views` for the review screen, and
:mod:`codev.core.logbook.export` for Markdown and HTML documents.

The names below are loaded on first use: ``codev demo`` and ``codev protocol check`` start
without building the logbook models they never touch (``codev.core.logbook.names`` stays
light for the live screen).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codev.core.logbook.models import (
        FORMAT_VERSION,
        Action,
        CommitmentStatus,
        FollowUp,
        FollowUpStatus,
        GroupFile,
        GroupSession,
        Logbook,
        SessionEntry,
        Suggestion,
    )
    from codev.core.logbook.reading import LogbookError, NotFound, load_group_file, load_logbook
    from codev.core.logbook.results import (
        CarnetRef,
        CommitmentsReport,
        GroupRef,
        OpenCommitment,
        SessionSaved,
        WriteOutcome,
        WriteStatus,
    )
    from codev.core.logbook.session_record import (
        Participant,
        SessionRecord,
        entries_for_session,
        new_session_id,
    )
    from codev.core.logbook.store import LogbookStore

__all__ = [
    "FORMAT_VERSION",
    "Action",
    "CarnetRef",
    "CommitmentStatus",
    "CommitmentsReport",
    "FollowUp",
    "FollowUpStatus",
    "GroupFile",
    "GroupRef",
    "GroupSession",
    "Logbook",
    "LogbookError",
    "LogbookStore",
    "NotFound",
    "OpenCommitment",
    "Participant",
    "SessionEntry",
    "SessionRecord",
    "SessionSaved",
    "Suggestion",
    "WriteOutcome",
    "WriteStatus",
    "entries_for_session",
    "load_group_file",
    "load_logbook",
    "new_session_id",
]

# Where the names of __all__ come from, in the order searched: a name asked for imports
# only the modules up to the one that has it.
_MODULES = ("models", "results", "session_record", "reading", "store")


def __getattr__(name: str) -> Any:
    if name in __all__:
        for module_name in _MODULES:
            module = importlib.import_module(f"{__name__}.{module_name}")
            if hasattr(module, name):
                value = getattr(module, name)
                globals()[name] = value
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
