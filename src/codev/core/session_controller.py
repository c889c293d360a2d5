"""The facilitator's session, without any interface: keys to commands, the rules around them,
what the room sees, earlier commitments, and the carnets written as notes come.

The live screen is a thin view over a :class:`SessionController`: it asks :meth:`decide`
what a key means now, asks the person when the decision says so, and sends the command
back. Everything a test needs to know about a session driven by keys is here, headless.

Carnets are written by a :class:`CarnetWriter`: one background thread, one save at a time,
and a burst of notes saved once (only the newest view of the session is worth writing), so
that a slow disk never delays a key press.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from codev.core import live_registry
from codev.core.logbook.names import normalize_name
from codev.core.protocol.model import NoteKind
from codev.core.room import RoomPicture, room_picture
from codev.core.session import (
    AcceptCatchUp,
    AddNote,
    AdjustTime,
    CommandType,
    DeleteNote,
    EditNote,
    Finish,
    JournalWriteError,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousSpeaker,
    PreviousStep,
    Refusal,
    Resume,
    RoomScreen,
    SessionEngine,
    SessionSetup,
    SessionStatus,
    SessionView,
    SetRoomMessage,
    SetRoomNotes,
    SetRoomScreen,
    SkipStep,
    Start,
    StepStatus,
    UseJoker,
)
from codev.core.session.journal import is_rehearsal
from codev.core.session.model import ConsentPart, FollowUpOutcome, SetConsent, client_of_step

if TYPE_CHECKING:
    from codev.core.logbook import LogbookStore, OpenCommitment, SessionSaved

NOTE_COMMANDS = (AddNote, EditNote, DeleteNote, SetConsent)
"""Commands after which the carnets are brought up to date (the client's consent changes
what the other carnets keep)."""

CONSENT_KINDS = frozenset({NoteKind.CONTRACT, NoteKind.ACTION})
"""Steps collecting these notes are where the client says what the others may keep."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What a key means now: a command to send, possibly after a question to the person."""

    command: CommandType
    confirm: str | None = None
    """Catalog id of the yes/no question to ask first (None: send at once)."""
    finishes: bool = False
    """Sending the command ends the session: the summary follows."""


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """The end of a session, for its summary."""

    view: SessionView
    written: tuple[str, ...]
    """The files written (paths as text), the group file first."""
    problems: tuple[str, ...]
    """What could not be written, in words."""
    kept_aside: tuple[tuple[str, str], ...] = ()
    """Files that could not take their entry, each with the file that keeps it instead."""


def commitment_ref(item: OpenCommitment) -> str:
    """The ``SESSION/ACTION`` reference a follow-up note carries."""
    return f"{item.session_id}/{item.action.id}"


SaveFunction = Callable[[SessionView], "SessionSaved | None"]
ReportFunction = Callable[["SessionSaved | None", str | None], None]


class CarnetWriter:
    """Writes the newest view of a session in the background, one save at a time.

    :meth:`submit` never blocks: it leaves the view for the writer thread, replacing any
    view still waiting (a burst of ten notes is one save of the tenth). ``report`` is called
    from the writer thread with each save's outcome, or with the error that stopped it; it
    must not block on the interface's thread (which may be waiting in :meth:`flush`).

    A save that raises (a lock held by a stuck process, a full disk) leaves the view
    :attr:`unsaved` until a later save succeeds (the next note, a retry, the end of the session).
    """

    def __init__(self, save: SaveFunction, report: ReportFunction) -> None:
        self._save = save
        self._report = report
        self._lock = threading.Lock()
        self._pending: SessionView | None = None
        self._unsaved: SessionView | None = None
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self.saves = 0
        """Saves performed so far (a burst coalesced counts once)."""

    def submit(self, view: SessionView) -> None:
        """Save ``view`` soon; a view submitted before it and not yet written is dropped."""
        with self._lock:
            self._pending = view
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="codev-carnets", daemon=True)
                self._thread.start()

    @property
    def unsaved(self) -> SessionView | None:
        """The view whose save failed, until a later save succeeds (None: up to date)."""
        with self._lock:
            return self._unsaved

    @property
    def busy(self) -> bool:
        """A save is waiting or under way."""
        return not self._idle.is_set()

    def _run(self) -> None:
        while True:
            with self._lock:
                view, self._pending = self._pending, None
                if view is None:
                    self._thread = None
                    self._idle.set()
                    return
            saved: SessionSaved | None = None
            error: str | None = None
            try:
                saved = self._save(view)
            except Exception as failure:  # reported, never lost in a dead thread
                error = str(failure) or type(failure).__name__
            with self._lock:
                self._unsaved = view if error is not None else None
                self.saves += 1
            # A report that raises must not kill the thread: a dead writer would stay "busy" for
            # ever, every later note unsaved and the end of the session waiting on it. The
            # outcome is still known from ``unsaved``.
            with contextlib.suppress(Exception):
                self._report(saved, error)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every submitted view is written; False if ``timeout`` ran out first."""
        return self._idle.wait(timeout)


@dataclass
class _Commitments:
    items: list[OpenCommitment] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)


class SessionController:
    """A live session as the facilitator drives it (no interface here).

    ``store`` is None when nothing is written to the carnets (the throw-away demo, the
    editor's rehearsal); a rehearsal (speed other than 1) never writes any, whatever store is
    given: its times run fast, and a carnet or a group history dated by them would be wrong
    everywhere it is read. ``report`` receives each background save's outcome (from the
    writer thread).
    """

    def __init__(
        self,
        engine: SessionEngine,
        *,
        store: LogbookStore | None = None,
        commitments: Sequence[OpenCommitment] = (),
        report: ReportFunction | None = None,
    ) -> None:
        self.engine = engine
        self.rehearsal = is_rehearsal(engine.setup)
        """A rehearsal: nothing goes to the carnets nor to the group file."""
        self.store = None if self.rehearsal else store
        self._commitments = self._present(engine, commitments)
        self._writer = CarnetWriter(self.save_carnets, report or (lambda saved, error: None))
        journal = engine.journal_path
        if journal is not None:
            # So that `codev view` in another terminal finds this session by itself.
            live_registry.register(journal)

    @staticmethod
    def _present(engine: SessionEngine, commitments: Sequence[OpenCommitment]) -> _Commitments:
        present = {normalize_name(person.name): person.id for person in engine.setup.participants}
        # Only the commitments of people in the room can be followed up today.
        kept = [item for item in commitments if normalize_name(item.participant) in present]
        owners = {commitment_ref(item): present[normalize_name(item.participant)] for item in kept}
        return _Commitments(kept, owners)

    # --- Reading ----------------------------------------------------------------------------

    @property
    def setup(self) -> SessionSetup:
        """The session's setup."""
        return self.engine.setup

    def view(self) -> SessionView:
        """The session now."""
        return self.engine.view()

    def picture(self, view: SessionView | None = None) -> RoomPicture:
        """What the room sees now (or of ``view``)."""
        return room_picture(self.engine.setup, view if view is not None else self.engine.view())

    @property
    def commitments(self) -> list[OpenCommitment]:
        """Earlier commitments of the people present, to follow up today."""
        return self._commitments.items

    def owner_of(self, item: OpenCommitment) -> str:
        """The participant id a commitment belongs to."""
        return self._commitments.owners[commitment_ref(item)]

    def collects_followups(self, view: SessionView) -> bool:
        """The current step asks how earlier commitments went, and there are some."""
        return bool(self.commitments) and NoteKind.FOLLOWUP in view.current.step.notes

    @staticmethod
    def collects_consent(view: SessionView) -> bool:
        """The current step is the contract or the synthesis (it collects contract or action
        notes): the moment to ask the client what the other carnets may keep."""
        live = view.status in (SessionStatus.RUNNING, SessionStatus.PAUSED)
        return live and bool(CONSENT_KINDS & set(view.current.step.notes))

    @staticmethod
    def is_last_step(view: SessionView) -> bool:
        """The session runs its last step: "next" finishes it."""
        return view.status in (SessionStatus.RUNNING, SessionStatus.PAUSED) and all(
            step.index <= view.current_index or step.status is StepStatus.SKIPPED for step in view.steps
        )

    @staticmethod
    def joker_available(view: SessionView) -> bool:
        """At zero with the step's joker still to give."""
        return view.at_zero and not view.current.joker_used

    # --- Keys -------------------------------------------------------------------------------

    def decide(self, action: str, view: SessionView | None = None, argument: float = 0) -> Decision | None:
        """What ``action`` (a key's action name) means now; None when it means nothing."""
        view = view if view is not None else self.engine.view()
        status = view.status
        if action == "start_pause":
            if status is SessionStatus.NOT_STARTED:
                return Decision(Start())
            return Decision(Pause() if status is SessionStatus.RUNNING else Resume())
        if action == "next":
            if status is SessionStatus.NOT_STARTED:
                return Decision(Start())
            if self.is_last_step(view):
                return Decision(Finish(), confirm="ui.live.confirm_finish", finishes=True)
            return Decision(NextStep())
        if action == "previous":
            if self.joker_available(view):
                # At zero the question on screen is "move on, or a few more minutes?".
                return Decision(UseJoker(seconds=self.engine.setup.joker_seconds))
            ran = status is not SessionStatus.NOT_STARTED and view.current.actual_seconds >= 1
            return Decision(PreviousStep(), confirm="ui.live.confirm_previous" if ran else None)
        if action == "joker":
            return Decision(UseJoker(seconds=self.engine.setup.joker_seconds))
        if action == "adjust":
            return Decision(AdjustTime(seconds=float(argument or 60)))
        if action == "speaker":
            return Decision(NextSpeaker() if argument >= 0 else PreviousSpeaker())
        if action == "cue":
            # Shift+F5 on a clicker: the one thing the screen is waiting for.
            if view.turns is not None:
                return Decision(NextSpeaker())
            if view.catch_up is not None and view.catch_up.feasible:
                return Decision(AcceptCatchUp())
            return None
        if action == "skip":
            return Decision(SkipStep())
        if action == "catch_up":
            feasible = view.catch_up is not None and view.catch_up.feasible
            return Decision(AcceptCatchUp()) if feasible else None
        if action == "blank":
            blank = view.room.screen is RoomScreen.BLANK
            return Decision(SetRoomScreen(screen=RoomScreen.SESSION if blank else RoomScreen.BLANK))
        if action == "timer_only":
            timer = view.room.screen is RoomScreen.TIMER
            return Decision(SetRoomScreen(screen=RoomScreen.SESSION if timer else RoomScreen.TIMER))
        return None

    def enabled(self, action: str, view: SessionView, argument: float = 0) -> bool:
        """Whether the key of ``action`` would do something now (the footer greys it out if not)."""
        decision = self.decide(action, view, argument)
        if decision is None:
            return False
        if decision.finishes:
            return True
        return self.engine.check(decision.command) is None

    # --- Sending ------------------------------------------------------------------------------

    def send(self, command: CommandType) -> Refusal | None:
        """Apply ``command``: None once accepted and journaled, else why not (never raises for
        a journal that cannot be written: the command is refused with the reason)."""
        try:
            refusal = self.engine.apply(command)
        except JournalWriteError as error:
            return Refusal("engine.refuse.not_saved", {"reason": error.message})
        if refusal is None and isinstance(command, NOTE_COMMANDS) and self.store is not None:
            # Carnets are written as notes come, so a closed terminal loses no learning.
            self._writer.submit(self.engine.view())
        return refusal

    def room_message(self, text: str) -> Refusal | None:
        """Show ``text`` to the room (an empty text clears the message)."""
        return self.send(SetRoomMessage(text=text))

    def room_notes(self, kinds: Sequence[NoteKind]) -> Refusal | None:
        """Let the room see these kinds of notes."""
        return self.send(SetRoomNotes(kinds=tuple(kinds)))

    def consent_client(self, view: SessionView | None = None) -> str | None:
        """Whose consent the consent dialog asks for now: the current step's client (in a
        protocol of rounds, that round's)."""
        view = view if view is not None else self.engine.view()
        return client_of_step(self.engine.setup, view.current.step)

    def consent(self, share: frozenset[ConsentPart], client_id: str | None = None) -> Refusal | None:
        """Record what a client (default: the current step's, see :meth:`consent_client`)
        agrees the other carnets keep of her account."""
        whose = client_id if client_id is not None else self.consent_client()
        # The session's client is the command's default: her consent writes the line it
        # always did, so that older journals and this one read the same.
        named = None if whose == self.engine.setup.client_id else whose
        return self.send(SetConsent(share=share, client_id=named))

    def followup(self, item: OpenCommitment, outcome: FollowUpOutcome, comment: str) -> Refusal | None:
        """Record how ``item`` went, in its owner's name."""
        return self.send(
            AddNote(
                kind=NoteKind.FOLLOWUP,
                author_id=self.owner_of(item),
                text=comment,
                about=commitment_ref(item),
                outcome=outcome,
            )
        )

    # --- Carnets ------------------------------------------------------------------------------

    def objectives(self) -> Mapping[str, str]:
        """Each followed-up commitment's objective, by reference (the carnets quote it)."""
        return {commitment_ref(item): item.action.objective for item in self.commitments}

    def save_carnets(self, view: SessionView) -> SessionSaved | None:
        """Write the session as ``view`` shows it into the carnets (None: nothing is written)."""
        if self.store is None:
            return None
        from codev.core.session_carnets import save_carnets

        engine = self.engine
        return save_carnets(
            self.store, engine.setup, view, engine.session_id, engine.created_at, self.objectives()
        )

    def flush(self, timeout: float | None = None) -> bool:
        """Wait for the background saves (False if ``timeout`` ran out)."""
        return self._writer.flush(timeout)

    @property
    def saves(self) -> int:
        """Background saves performed so far."""
        return self._writer.saves

    @property
    def unsaved(self) -> bool:
        """The carnets are behind the session: the last background save failed (the journal
        holds everything; :meth:`retry_carnets` and :meth:`finish` write them again)."""
        return self._writer.unsaved is not None

    def retry_carnets(self) -> bool:
        """Save the carnets again if the last background save failed; True when one was started.

        Cheap when there is nothing to do: the interface may call it on a timer.
        """
        if self.store is None or self._writer.busy or self._writer.unsaved is None:
            return False
        self._writer.submit(self.engine.view())
        return True

    def finish(self, root: str | None = None) -> SessionOutcome:
        """The session is over: wait for the background saves, write the carnets one last
        time, close the journal. ``root`` shortens the file names shown (relative to it)."""
        from pathlib import Path

        from codev.core.i18n import t

        self._writer.flush()
        view = self.engine.view()
        problems: list[str] = []
        written: list[str] = []
        kept_aside: list[tuple[str, str]] = []
        try:
            saved = self.save_carnets(view)
        except Exception as error:  # the summary says it; the journal keeps all
            saved = None
            journal = self.engine.journal_path
            problems.append(t("carnet.aside.journal_all", reason=str(error), journal=journal or "?"))
        if saved is not None:
            base = Path(root) if root else None

            def shown(path: Path) -> str:
                return str(path.relative_to(base) if base and path.is_relative_to(base) else path)

            for outcome in saved.outcomes:
                # A file that could not take its entry is not "written": it says where the entry is.
                if outcome.kept_aside is not None:
                    kept_aside.append((shown(outcome.path), shown(outcome.kept_aside)))
                elif outcome.saved:
                    written.append(shown(outcome.path))
            problems.extend(str(problem) for problem in saved.problems)
        self.close()
        return SessionOutcome(view, tuple(written), tuple(problems), tuple(kept_aside))

    def close(self) -> None:
        """Close the journal: the session is no longer offered to the room's view."""
        journal = self.engine.journal_path
        self.engine.close()
        if journal is not None:
            live_registry.unregister(journal)
