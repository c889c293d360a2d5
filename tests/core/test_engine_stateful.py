"""Property-based tests: random command sequences keep the engine's invariants.

A hypothesis state machine drives a journaled engine with random commands, clock moves
and crashes (close, time passes, resume with or without the downtime), and checks after
every step that time adds up against an independent tally, that refusals change nothing,
that replaying the journal gives the live view, and that the journal cut at any byte
loads to the state after its last complete record.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from engine_support import CLASSIC, T0, WITH_OPTIONAL, make_setup, protocol, step
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from codev.core.clock import FakeClock
from codev.core.protocol.model import NoteKind, Protocol
from codev.core.session import (
    Abandon,
    AcceptCatchUp,
    AddNote,
    AdjustTime,
    CommandType,
    DeleteNote,
    EditNote,
    Finish,
    GiveFloor,
    JournalError,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousSpeaker,
    PreviousStep,
    Resume,
    SessionEngine,
    SessionStatus,
    SessionView,
    SkipStep,
    Start,
    StepStatus,
    resume_session,
)
from codev.core.workspace import Workspace

TINY = protocol(
    step("a", 1, floor=0.5, turns="everyone", turn_seconds=20, optional=True),
    step("b", 2.5, floor=1),
    step("c", 0.5, optional=True, turns="consultants"),
    wrap_up=1,
)

EPS = 1e-6

# Command families, each its own rule so that the machine picks them evenly (a single
# one_of would make the start, say, so rare that most sessions never run).
moves = st.sampled_from([NextStep(), PreviousStep(), SkipStep()])
pauses = st.sampled_from([Pause(), Resume()])
speakers = st.one_of(
    st.sampled_from([NextSpeaker(), PreviousSpeaker()]),
    st.builds(GiveFloor, speaker_id=st.sampled_from([None, "p0", "p2", "p3", "nobody"])),
)
adjustments = st.builds(AdjustTime, seconds=st.sampled_from([-900.0, -60.0, -1.5, 0.0, 30.0, 60.0, 600.0]))
notes = st.one_of(
    st.builds(
        AddNote,
        author_id=st.sampled_from(["p0", "p2", "p3", "nobody"]),
        text=st.sampled_from(["Une idée", "  ", "Ça 🌸 / ok"]),
        kind=st.sampled_from(list(NoteKind)),
        step_id=st.sampled_from([None, "expose", "b", "missing"]),
    ),
    st.builds(
        EditNote,
        note_id=st.sampled_from(["n1", "n2", "n3"]),
        text=st.sampled_from([None, "Revue", ""]),
        kind=st.sampled_from([None, NoteKind.LEARNING]),
    ),
    st.builds(DeleteNote, note_id=st.sampled_from(["n1", "n2", "n3"])),
)


class SessionMachine(RuleBasedStateMachine):
    """One journaled session under random use."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="codev-engine-"))
        self.clock = FakeClock(T0)
        self.engine: SessionEngine | None = None
        self.tally: list[float] = []
        """Running seconds per step, counted independently from the clock moves."""
        self.tally_at_record: list[float] = []
        self.snapshots: list[SessionView] = []
        """The view right after each record (index 0: before any record)."""
        self.steps_taken = 0

    @property
    def live(self) -> SessionEngine:
        assert self.engine is not None
        return self.engine

    @initialize(proto=st.sampled_from([CLASSIC, WITH_OPTIONAL, TINY]), people=st.integers(2, 6))
    def open_session(self, proto: Protocol, people: int) -> None:
        self.engine = SessionEngine.create(
            make_setup(proto, people=people), self.clock, Workspace(self.folder)
        )
        self.tally = [0.0] * len(proto.steps)
        self.tally_at_record = list(self.tally)
        self.snapshots = [self.engine.view()]

    def _recorded(self) -> None:
        self.tally_at_record = list(self.tally)
        self.snapshots.append(self.live.view())

    @rule(seconds=st.one_of(st.floats(0, 900, allow_nan=False), st.sampled_from([0.0, 0.125, 59.99, 3600.0])))
    def time_passes(self, seconds: float) -> None:
        view = self.live.view()
        if view.status is SessionStatus.RUNNING:
            self.tally[view.current_index] += seconds
        self.clock.advance(seconds)
        # Airtime grows for whoever has the floor while the session runs, and for nobody else.
        expected = dict(view.airtime_step)
        speaker = view.turns.speaker_id if view.turns is not None else None
        if view.status is SessionStatus.RUNNING and speaker is not None:
            expected[speaker] = expected.get(speaker, 0.0) + seconds

        # Someone given the floor a moment ago may have no entry yet: zero is no airtime.
        def spoken(airtime: Mapping[str, float]) -> dict[str, float]:
            return {person: seconds for person, seconds in airtime.items() if seconds > EPS}

        assert spoken(self.live.view().airtime_step) == pytest.approx(spoken(expected), abs=EPS)

    def _send(self, command: CommandType) -> None:
        self.steps_taken += 1
        before = self.live.view()
        checked = self.live.check(command)
        result = self.live.apply(command)
        assert checked == result
        if result is not None:
            assert self.live.view() == before, "a refused command changed the session"
        else:
            self._recorded()

    @rule()
    def start(self) -> None:
        self._send(Start())

    @rule(command=moves)
    def move(self, command: CommandType) -> None:
        self._send(command)

    @rule(command=pauses)
    def pause_or_resume(self, command: CommandType) -> None:
        self._send(command)

    @rule(command=speakers)
    def speaker(self, command: CommandType) -> None:
        self._send(command)

    @rule(command=adjustments)
    def adjust(self, command: CommandType) -> None:
        self._send(command)

    @rule(command=notes)
    def note(self, command: CommandType) -> None:
        self._send(command)

    @rule()
    def catch_up(self) -> None:
        self._send(AcceptCatchUp())

    @precondition(lambda self: self.steps_taken > 25)
    @rule(command=st.sampled_from([Finish(), Abandon()]))
    def end(self, command: CommandType) -> None:
        self._send(command)

    @precondition(lambda self: self.engine is not None and not self.engine.status.is_over)
    @rule(count_downtime=st.booleans(), downtime=st.floats(0, 7200, allow_nan=False))
    def crash_and_resume(self, count_downtime: bool, downtime: float) -> None:
        view = self.live.view()
        path = self.live.journal_path
        assert path is not None
        self.live.close()
        self.clock.advance(downtime)
        if count_downtime:
            if view.status is SessionStatus.RUNNING:
                self.tally[view.current_index] += downtime
        else:
            # Nothing after the last record can be known: the session picks up from there.
            self.tally = list(self.tally_at_record)
        self.engine = resume_session(path, self.clock, count_downtime=count_downtime)
        assert self.engine.warnings == ()
        self._recorded()

    @rule()
    def replay_gives_the_live_view(self) -> None:
        path = self.live.journal_path
        assert path is not None
        assert SessionEngine.load(path, self.clock).view() == self.live.view()

    @rule(
        cut=st.integers(min_value=0, max_value=1 << 30),
        where=st.sampled_from(["anywhere", "line end", "after line end", "before line end"]),
    )
    def a_cut_journal_loads_to_a_prefix(self, cut: int, where: str) -> None:
        path = self.live.journal_path
        assert path is not None
        data = path.read_bytes()
        ends = [index for index, byte in enumerate(data) if byte == ord("\n")]
        # Cuts right at a record's edge are where off-by-one mistakes hide: aim there often.
        edge = ends[cut % len(ends)]
        position = {
            "anywhere": cut % (len(data) + 1),
            "line end": edge,
            "after line end": edge + 1,
            "before line end": edge - 1,
        }[where]
        copy = self.folder / "cut.jsonl.copy"
        copy.write_bytes(data[:position])
        if position < ends[0]:
            with pytest.raises(JournalError) as caught:
                SessionEngine.load(copy, self.clock)
            assert caught.value.line == 1
            return
        complete = sum(1 for end in ends[1:] if end <= position)  # records whose text is all there
        loaded = SessionEngine.load(copy, self.clock)
        expected = self.snapshots[complete]
        assert loaded.view(at=expected.now) == expected
        at_boundary = position in (ends[complete], ends[complete] + 1) or position == len(data)
        assert bool(loaded.warnings) == (not at_boundary)

    @invariant()
    def time_adds_up(self) -> None:
        if self.engine is None:
            return
        view = self.engine.view()
        assert len(view.steps) == len(self.tally)
        for step_view, expected in zip(view.steps, self.tally, strict=True):
            assert step_view.actual_seconds == pytest.approx(expected, abs=EPS)
            assert step_view.remaining_seconds + step_view.actual_seconds == pytest.approx(
                step_view.planned_seconds + step_view.added_seconds, abs=EPS
            )
            assert step_view.planned_seconds >= step_view.floor_seconds - EPS
            assert step_view.budget_seconds >= -EPS
        assert view.elapsed_seconds == pytest.approx(sum(self.tally), abs=EPS)
        assert view.remaining_seconds >= 0
        assert view.late_seconds == pytest.approx(
            view.elapsed_seconds + view.remaining_seconds - view.planned_seconds, abs=EPS
        )
        if view.timer is not None:
            timer = view.timer
            assert min(timer.remaining, timer.overtime) == 0
            assert timer.elapsed + timer.remaining - timer.overtime == pytest.approx(timer.budget, abs=EPS)
            assert timer.elapsed == view.current.actual_seconds
        if not view.status.is_over:
            assert view.forecast_end == pytest.approx(view.now + view.remaining_seconds, abs=EPS)

    @invariant()
    def airtime_adds_up(self) -> None:
        if self.engine is None:
            return
        view = self.engine.view()
        total: dict[str, float] = {}
        for step_view in view.steps:
            speakers = self.engine.setup.speaking_order(step_view.step)
            if speakers:
                assert set(step_view.airtime) <= set(speakers)
                # Never more than the step ran: less when it ran with nobody given the floor.
                assert sum(step_view.airtime.values()) <= step_view.actual_seconds + EPS
            else:
                assert step_view.airtime == {}
            for person, seconds in step_view.airtime.items():
                total[person] = total.get(person, 0.0) + seconds
        assert view.airtime_session == pytest.approx(total, abs=EPS)
        if view.turns is not None:
            turns = view.turns
            assert 0 <= turns.turn_elapsed <= view.current.actual_seconds + EPS
            in_line = turns.order[turns.position % len(turns.order)]
            if turns.speaker_id is None:
                assert turns.turn_elapsed == 0 and turns.next_speaker_id == in_line
            else:
                assert turns.speaker_id == in_line

    @invariant()
    def statuses_agree(self) -> None:
        if self.engine is None:
            return
        view = self.engine.view()
        statuses = [s.status for s in view.steps]
        running = statuses.count(StepStatus.RUNNING)
        paused = statuses.count(StepStatus.PAUSED)
        assert running == (1 if view.status is SessionStatus.RUNNING else 0)
        if view.status is SessionStatus.PAUSED:
            assert paused == 1 and statuses[view.current_index] is StepStatus.PAUSED
        if view.status in (SessionStatus.RUNNING, SessionStatus.PAUSED):
            assert all(s in (StepStatus.DONE, StepStatus.SKIPPED) for s in statuses[: view.current_index])
        if view.status is SessionStatus.NOT_STARTED:
            assert view.elapsed_seconds == 0 and set(statuses) == {StepStatus.READY}
        assert len({note.id for note in view.notes}) == len(view.notes)
        if view.catch_up is not None:
            for item in view.catch_up.items:
                assert item.floor_seconds <= item.proposed_seconds < item.planned_seconds
                assert item.index > view.current_index

    def teardown(self) -> None:
        if self.engine is not None:
            self.engine.close()
        shutil.rmtree(self.folder, ignore_errors=True)


SessionMachine.TestCase.settings = settings(
    max_examples=120,
    stateful_step_count=40,
    deadline=None,
    # The same sessions at every run: CI must not turn red by luck. Explore with
    # --hypothesis-seed=random (or a few local runs) after changing the engine.
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_random_sessions_keep_their_invariants = SessionMachine.TestCase
