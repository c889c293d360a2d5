"""The session engine: walks a group through a protocol with exact timing, turns and a journal.

The UI imports from here only:

- :class:`SessionEngine` (``create``, ``resume``, ``load``; ``check``, ``apply``, ``view``);
- the setup (:class:`SessionSetup`, :class:`Participant`) and the commands (:data:`Command`);
- the read model (:class:`SessionView` and its parts);
- discovery of a workspace's sessions (:func:`scan_sessions`, :func:`resume_session`).

No Textual here: the engine is driven by commands and an injected clock.
"""

from codev.core.session.discovery import (
    DamagedJournal,
    SessionScan,
    SessionSummary,
    resume_session,
    scan_sessions,
)
from codev.core.session.engine import SessionEngine, SetupRefused
from codev.core.session.journal import JournalError, JournalWriteError, sessions_dir
from codev.core.session.model import (
    Abandon,
    AcceptCatchUp,
    AddNote,
    AdjustTime,
    Command,
    CommandType,
    DeleteNote,
    EditNote,
    Finish,
    GiveFloor,
    NextSpeaker,
    NextStep,
    Participant,
    Pause,
    Phase,
    PreviousSpeaker,
    PreviousStep,
    Refusal,
    Resume,
    RoomScreen,
    SessionSetup,
    SessionStatus,
    SetConsent,
    SetRoomMessage,
    SetRoomNotes,
    SetRoomScreen,
    SkipStep,
    Start,
    StepStatus,
    UseJoker,
)
from codev.core.session.planning import LATE_THRESHOLD_SECONDS
from codev.core.session.view import (
    CatchUpItem,
    CatchUpProposal,
    NoteView,
    RoomView,
    SessionView,
    StepView,
    TimerView,
    TurnView,
)

__all__ = [
    "LATE_THRESHOLD_SECONDS",
    "Abandon",
    "AcceptCatchUp",
    "AddNote",
    "AdjustTime",
    "CatchUpItem",
    "CatchUpProposal",
    "Command",
    "CommandType",
    "DamagedJournal",
    "DeleteNote",
    "EditNote",
    "Finish",
    "GiveFloor",
    "JournalError",
    "JournalWriteError",
    "NextSpeaker",
    "NextStep",
    "NoteView",
    "Participant",
    "Pause",
    "Phase",
    "PreviousSpeaker",
    "PreviousStep",
    "Refusal",
    "Resume",
    "RoomScreen",
    "RoomView",
    "SessionEngine",
    "SessionScan",
    "SessionSetup",
    "SessionStatus",
    "SessionSummary",
    "SessionView",
    "SetConsent",
    "SetRoomMessage",
    "SetRoomNotes",
    "SetRoomScreen",
    "SetupRefused",
    "SkipStep",
    "Start",
    "StepStatus",
    "StepView",
    "TimerView",
    "TurnView",
    "UseJoker",
    "resume_session",
    "scan_sessions",
    "sessions_dir",
]
