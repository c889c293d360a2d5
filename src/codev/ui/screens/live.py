"""The live screen: what the room sees on the projector for the whole session.

The screen owns no session state: it sends commands to the engine and renders the
engine's :class:`SessionView`, re-read four times a second from the clock. Keys that do
nothing in the current state are disabled (``check_action``), so the footer never lies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.actions import parse
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from codev.core import formatting
from codev.core.i18n import get_lang, t
from codev.core.logbook.names import normalize_name
from codev.core.protocol import NoteKind
from codev.core.session.engine import SessionEngine
from codev.core.session.model import (
    AcceptCatchUp,
    AddNote,
    AdjustTime,
    CommandType,
    DeleteNote,
    EditNote,
    Finish,
    NextSpeaker,
    NextStep,
    Pause,
    PreviousSpeaker,
    PreviousStep,
    Resume,
    SessionStatus,
    SkipStep,
    Start,
)
from codev.core.session.view import SessionView
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.followup import FollowUpDialog, FollowUpDraft, commitment_ref, describe_commitment
from codev.ui.dialogs.note import NoteDialog, NoteDraft
from codev.ui.dialogs.notes import NotesDialog, NotesResult
from codev.ui.i18n import TranslatedBindingsMixin, key_help
from codev.ui.widgets.panels import ViewPanel, airtime_bars, notes_text, session_clock, step_rail
from codev.ui.widgets.timer import GiantClock, StepTimer

if TYPE_CHECKING:
    from codev.core.logbook import OpenCommitment

REFRESH_SECONDS = 0.25
"""How often the view is re-read; the shown text changes once a second at most."""


class LiveScreen(Screen[None], TranslatedBindingsMixin):
    """The projected session: timer, rules, turns, notes, plan."""

    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (100, "-medium"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall"), (50, "-very-tall")]

    BINDINGS = [
        Binding("space", "start_pause", "key.toggle", id="start_pause"),
        Binding("n,right,pagedown", "next", "key.next", id="next"),
        Binding("p,left,pageup", "previous", "key.previous", id="previous"),
        Binding("plus,equals_sign", "adjust(60)", "key.more", key_display="+", id="more_time"),
        Binding("minus", "adjust(-60)", "key.less", key_display="-", show=False, id="less_time"),
        Binding("t", "speaker(1)", "key.next_speaker", id="next_speaker"),
        Binding("T", "speaker(-1)", "key.previous_speaker", show=False, id="previous_speaker"),
        Binding("a", "add_note", "key.add_note", id="add_note"),
        Binding("e", "edit_notes", "key.edit_notes", show=False, id="edit_notes"),
        Binding("s", "skip", "key.skip", show=False, id="skip"),
        Binding("c", "catch_up", "key.catch_up", id="catch_up"),
        Binding("o", "followup", "key.followup", show=False, id="followup"),
        Binding("b,period", "blank", "key.blank", show=False, id="blank"),
        Binding("f", "focus_mode", "key.focus", show=False, id="focus"),
        Binding("question_mark,f1", "help", "key.help", key_display="?", id="help"),
        Binding("q", "quit", "key.quit", id="quit"),
    ]

    blank = reactive(False)
    focus_mode = reactive(False)

    def __init__(
        self,
        engine: SessionEngine,
        *,
        speed: float = 1.0,
        bell: bool = True,
        commitments: Sequence[OpenCommitment] = (),
    ) -> None:
        super().__init__()
        self.engine = engine
        present = {normalize_name(person.name): person.id for person in engine.setup.participants}
        # Only the commitments of people in the room can be followed up today.
        self.commitments = [item for item in commitments if normalize_name(item.participant) in present]
        self._owner_ids = {
            commitment_ref(item): present[normalize_name(item.participant)] for item in self.commitments
        }
        self.speed = speed
        self.bell = bell
        self._view: SessionView = engine.view()
        self._last_phase: str | None = None
        self._progress_shown: tuple[int, int] | None = None
        # The bindings are computed when the screen mounts: refreshing them again at the
        # first tick would rebuild the footer for nothing.
        self._binding_states = tuple(self.check_action(name, parameters) for _, name, parameters in _ACTIONS)

    # --- Layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="live"):
            with Horizontal(id="topbar"):
                # The group and the subject are typed by people: text, never markup.
                yield Static(self._topbar_text(), id="topbar-title", markup=False)
                if self.speed != 1:
                    yield Static(t("ui.live.rehearsal", speed=formatting.number(self.speed)), id="rehearsal")
                yield ViewPanel(id="status")
            with Horizontal(id="body"):
                with Vertical(id="stage"):
                    with Horizontal(id="title-row"):
                        yield ViewPanel(id="step-title")
                        yield ViewPanel(id="phase")
                    with Horizontal(id="timer-row"):
                        yield StepTimer(id="step-timer")
                        yield GiantClock(id="big-timer")
                    yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="step-progress")
                    yield ViewPanel(id="speakers")
                    yield ViewPanel(id="forbidden")
                    yield ViewPanel(id="allowed")
                    yield ViewPanel(id="commitments")
                    yield ViewPanel(id="turns")
                    yield ViewPanel(id="airtime")
                    yield ViewPanel(id="purpose")
                    with VerticalScroll(id="notes-box"):
                        yield ViewPanel(id="notes")
                with Vertical(id="side"):
                    yield ViewPanel(id="rail")
                    yield ViewPanel(id="session-clock")
                    yield ViewPanel(id="catch-up")
            yield GiantClock(id="giant")
            yield Static(t("ui.live.blank_hint"), id="blank-hint")
        yield Footer()

    def _topbar_text(self) -> str:
        setup = self.engine.setup
        parts = [setup.group or "codev", setup.protocol.title.get(get_lang())]
        if setup.subject:
            parts.append(f"« {setup.subject} »" if get_lang() == "fr" else f"“{setup.subject}”")
        return " · ".join(parts)

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)

    def on_resize(self) -> None:
        self.call_after_refresh(self.query_one(StepTimer).fit)

    # --- Rendering ----------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Re-read the session from the engine and update what changed."""
        view = self.engine.view()
        self._view = view
        lang = get_lang()
        current = view.current
        step = current.step
        self._alert_on_phase_change(view)
        self._refresh_bindings_if_changed()
        total = len(view.steps)
        self.query_one("#step-title", ViewPanel).show(
            t("ui.live.step_title", number=current.index + 1, total=total, title=step.title.get(lang).upper())
        )
        self.query_one("#status", ViewPanel).show(view.status.label())
        timer_widget = self.query_one(StepTimer)
        if view.timer is None:
            text = formatting.clock(current.budget_seconds)
            phase_class = "idle"
            phase_label = t("ui.live.press_start") if view.status is SessionStatus.NOT_STARTED else ""
            self._show_progress(current.budget_seconds, 0)
        else:
            timer = view.timer
            text = formatting.clock(-timer.overtime if timer.overtime > 0 else timer.remaining)
            phase_class = timer.phase.value.replace("_", "-")
            phase_label = timer.phase.label() if timer.phase.value != "normal" else ""
            if view.status is SessionStatus.PAUSED:
                phase_class, phase_label = "paused", view.status.label()
            self._show_progress(timer.budget, timer.elapsed)
        timer_widget.show(text, phase_class)
        for clock in self.query(GiantClock):
            clock.show(text, phase_class)
        phase_panel = self.query_one("#phase", ViewPanel)
        phase_panel.show(phase_label)
        phase_panel.set_class(not phase_label, "-empty")
        self.query_one("#speakers", ViewPanel).show(
            t("ui.live.speakers", who=t(f"speakers.{step.speakers.value}"))
        )
        forbidden = step.forbidden.get(lang)
        self.query_one("#forbidden", ViewPanel).show(
            t("ui.live.forbidden", rules=" · ".join(forbidden)) if forbidden else ""
        )
        allowed = step.allowed.get(lang)
        self.query_one("#allowed", ViewPanel).show(
            t("ui.live.allowed", rules=" · ".join(allowed)) if allowed else ""
        )
        purpose_lines = [step.purpose.get(lang)] if step.purpose else []
        purpose_lines += [f"? {prompt}" for prompt in step.prompts.get(lang)]
        self.query_one("#purpose", ViewPanel).show("\n".join(purpose_lines))
        self._render_turns(view)
        self._render_commitments(view)
        notes = view.notes_for(step.id)
        notes_panel = self.query_one("#notes", ViewPanel)
        notes_panel.show(notes_text(self.engine.setup, notes, 8) if notes else t("ui.live.no_notes"))
        rail, rail_key = step_rail(view)
        self.query_one("#rail", ViewPanel).show(rail, rail_key)
        self.query_one("#session-clock", ViewPanel).show(session_clock(view))
        self._render_catch_up(view)

    def _show_progress(self, budget: float, elapsed: float) -> None:
        # In whole seconds, like the timer beside it: a bar moved four times a second costs
        # four repaints a second for a change nobody can see.
        shown = (max(1, round(budget)), min(int(elapsed), round(budget)))
        if shown != self._progress_shown:
            self._progress_shown = shown
            self.query_one(ProgressBar).update(total=shown[0], progress=shown[1])

    def _render_turns(self, view: SessionView) -> None:
        turns_panel = self.query_one("#turns", ViewPanel)
        airtime_panel = self.query_one("#airtime", ViewPanel)
        turns = view.turns
        turns_panel.display = airtime_panel.display = turns is not None
        if turns is None:
            return
        names = {person.id: person.name for person in self.engine.setup.participants}
        line = t(
            "ui.live.turn",
            speaker=names.get(turns.speaker_id, "?"),
            next=names.get(turns.next_speaker_id, "?"),
            round=turns.round,
        )
        if turns.turn_remaining is not None:
            line += "  ⏱ " + formatting.clock(turns.turn_remaining)
        turns_panel.show(line)
        width = max(20, airtime_panel.size.width or 40)
        airtime_panel.show(airtime_bars(self.engine.setup, view.airtime_step, turns.order, width))

    def _collects_followups(self, view: SessionView) -> bool:
        return bool(self.commitments) and NoteKind.FOLLOWUP in view.current.step.notes

    def _render_commitments(self, view: SessionView) -> None:
        panel = self.query_one("#commitments", ViewPanel)
        panel.display = self._collects_followups(view)
        if not panel.display:
            return
        told = {note.about: note.outcome for note in view.notes if note.about and note.outcome}
        lines = [t("ui.followup.panel")]
        for item in self.commitments:
            outcome = told.get(commitment_ref(item))
            mark = t(f"ui.followup.outcome.{outcome}") if outcome else t("ui.followup.not_told")
            lines.append(f"  {describe_commitment(item)} — {mark}")
        panel.show("\n".join(lines))

    def _render_catch_up(self, view: SessionView) -> None:
        panel = self.query_one("#catch-up", ViewPanel)
        proposal = view.catch_up
        panel.display = proposal is not None
        if proposal is None:
            return
        lang = get_lang()
        lines = [t("ui.live.catch_up.title", minutes=formatting.number(round(proposal.late_seconds / 60)))]
        for item in proposal.items:
            title = view.steps[item.index].step.title.get(lang)
            lines.append(
                f"  {title}: {formatting.number(round(item.planned_seconds / 60))}"
                f" → {formatting.number(round(item.proposed_seconds / 60))}′"
            )
        if proposal.feasible:
            lines.append(t("ui.live.catch_up.accept"))
        else:
            lines.append(
                t(
                    "ui.live.catch_up.infeasible",
                    minutes=formatting.number(round(proposal.shortfall_seconds / 60)),
                )
            )
        panel.show("\n".join(lines))

    def _alert_on_phase_change(self, view: SessionView) -> None:
        phase = None if view.timer is None else view.timer.phase.value
        changed = (
            phase != self._last_phase and self._last_phase is not None and phase in ("wrap_up", "overtime")
        )
        self._last_phase = phase
        if changed and self.bell:
            self.app.bell()
            self.add_class("-flash")
            self.set_timer(1.0, lambda: self.remove_class("-flash"))

    def watch_blank(self, blank: bool) -> None:
        self.set_class(blank, "-blank")

    def watch_focus_mode(self, focus: bool) -> None:
        self.set_class(focus, "-focus")

    # --- Commands -------------------------------------------------------------------------

    def _command_for(
        self, action: str, parameters: tuple[object, ...], view: SessionView | None = None
    ) -> CommandType | None:
        if view is None:
            view = self.engine.view()
        if action == "start_pause":
            if view.status is SessionStatus.NOT_STARTED:
                return Start()
            return Pause() if view.status is SessionStatus.RUNNING else Resume()
        if action == "next":
            if view.status is SessionStatus.NOT_STARTED:
                return Start()
            return NextStep()
        if action == "previous":
            return PreviousStep()
        if action == "adjust":
            return AdjustTime(seconds=float(str(parameters[0])) if parameters else 60.0)
        if action == "speaker":
            return NextSpeaker() if not parameters or int(str(parameters[0])) > 0 else PreviousSpeaker()
        if action == "skip":
            return SkipStep()
        if action == "catch_up":
            return AcceptCatchUp() if view.catch_up is not None and view.catch_up.feasible else None
        if action == "followup" and self._collects_followups(view) and not view.status.is_over:
            first = self.commitments[0]
            return AddNote(kind=NoteKind.FOLLOWUP, author_id=self._owner_ids[commitment_ref(first)], text="-")
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view
        if action in ("add_note", "edit_notes"):
            if action == "edit_notes" and not view.notes_for(view.current.step.id):
                return None
            return None if view.status.is_over else True
        if action == "next" and self._is_last_step(view):
            return True  # becomes "finish", confirmed
        # The view of the last tick: the footer asks for every key, several times a second.
        command = self._command_for(action, parameters, view)
        if command is None:
            return True if action not in ("catch_up", "followup") else None
        # None greys the key out in the footer rather than hiding it.
        return True if self.engine.check(command) is None else None

    def _is_last_step(self, view: SessionView) -> bool:
        return view.status in (SessionStatus.RUNNING, SessionStatus.PAUSED) and all(
            step.index <= view.current_index or step.status.value == "skipped" for step in view.steps
        )

    def _refresh_bindings_if_changed(self) -> None:
        # Refreshing the bindings rebuilds the whole footer: done when a key is enabled or
        # disabled (a catch-up proposal appearing, the session starting), not at every key press.
        states = tuple(self.check_action(name, parameters) for _, name, parameters in _ACTIONS)
        if states != self._binding_states:
            self._binding_states = states
            self.refresh_bindings()

    def send(self, command: CommandType) -> bool:
        """Apply ``command``; a refusal is shown, never raised. True when accepted."""
        refusal = self.engine.apply(command)
        if refusal is not None:
            self.notify(refusal.message, severity="warning", timeout=4)
            return False
        self.refresh_view()
        if isinstance(command, (AddNote, EditNote, DeleteNote)):
            # Carnets are written as notes come, so a closed terminal loses no learning.
            self.post_message(NotesChanged(self._view))
        return True

    def action_start_pause(self) -> None:
        """Start, pause or resume."""
        command = self._command_for("start_pause", ())
        if command is not None:
            self.send(command)

    def action_next(self) -> None:
        """Next step; on the last step, finish the session (after confirmation)."""
        if self._is_last_step(self.engine.view()):
            self.app.push_screen(ConfirmDialog(t("ui.live.confirm_finish")), self._finish_confirmed)
            return
        command = self._command_for("next", ())
        if command is not None:
            self.send(command)

    def _finish_confirmed(self, yes: bool | None) -> None:
        if yes and self.send(Finish()):
            self.post_message(SessionFinished())

    def action_previous(self) -> None:
        """Back to the previous step; confirmed, since the current step's time keeps its count."""
        if self.engine.check(PreviousStep()) is not None:
            self.send(PreviousStep())  # shows why not
            return
        if self.engine.view().current.actual_seconds >= 1:
            self.app.push_screen(ConfirmDialog(t("ui.live.confirm_previous")), self._previous_confirmed)
        else:
            self.send(PreviousStep())

    def _previous_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.send(PreviousStep())

    def action_adjust(self, seconds: float) -> None:
        """One minute more or less on the current step."""
        self.send(AdjustTime(seconds=float(seconds)))

    def action_speaker(self, direction: int) -> None:
        """Give the floor to the next (or previous) speaker."""
        self.send(NextSpeaker() if int(direction) > 0 else PreviousSpeaker())

    def action_skip(self) -> None:
        """Skip the current (optional) step."""
        self.send(SkipStep())

    def action_catch_up(self) -> None:
        """Accept the catch-up plan."""
        if self.send(AcceptCatchUp()):
            self.notify(t("ui.live.catch_up.accepted"))

    def action_blank(self) -> None:
        """Blank the screen (the timer keeps running); again to come back."""
        self.blank = not self.blank

    def action_focus_mode(self) -> None:
        """Show only the timer, as large as the screen allows."""
        self.focus_mode = not self.focus_mode

    def action_help(self) -> None:
        """The keys and what they do."""
        from codev.ui.screens.help import HelpScreen

        # This screen's own keys (and the app's), not the ones Textual adds to every screen.
        self.app.push_screen(
            HelpScreen(key_help([*self.BINDINGS, *self.app.BINDINGS], self.app.get_key_display))
        )

    def action_quit(self) -> None:
        """Leave; the session stays resumable from its journal."""
        self.app.push_screen(ConfirmDialog(t("ui.live.confirm_quit")), self._quit_confirmed)

    def _quit_confirmed(self, yes: bool | None) -> None:
        if yes:
            if self._view.status is SessionStatus.RUNNING:
                self.engine.apply(Pause())
            self.app.exit()

    # --- Notes ----------------------------------------------------------------------------

    def action_add_note(self) -> None:
        """Quick entry of a note for the current step."""
        step = self._view.current.step
        speaker = self._view.turns.speaker_id if self._view.turns else None
        self.app.push_screen(NoteDialog(self.engine.setup, step, default_author=speaker), self._note_written)

    def _note_written(self, draft: NoteDraft | None) -> None:
        if draft is not None:
            self.send(AddNote(kind=draft.kind, author_id=draft.author_id, text=draft.text))

    def action_edit_notes(self) -> None:
        """Edit or delete the current step's notes."""
        step = self._view.current.step
        notes = self._view.notes_for(step.id)
        self.app.push_screen(NotesDialog(self.engine.setup, step, notes), self._notes_edited)

    def _notes_edited(self, result: NotesResult | None) -> None:
        if result is None:
            return
        if result.delete:
            self.send(DeleteNote(note_id=result.note_id))
        elif result.draft is not None:
            draft = result.draft
            self.send(
                EditNote(note_id=result.note_id, text=draft.text, kind=draft.kind, author_id=draft.author_id)
            )

    def action_followup(self) -> None:
        """Record how a previous client's commitment went."""
        self.app.push_screen(FollowUpDialog(self.commitments), self._followup_told)

    def _followup_told(self, draft: FollowUpDraft | None) -> None:
        if draft is None:
            return
        ref = commitment_ref(draft.commitment)
        self.send(
            AddNote(
                kind=NoteKind.FOLLOWUP,
                author_id=self._owner_ids[ref],
                text=draft.comment,
                about=ref,
                outcome=draft.outcome,
            )
        )

    # --- Palette -------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every key's action in the command palette, in the user's language."""
        seen: set[str] = set()
        for items in self._bindings.key_to_bindings.values():
            for binding in items:
                name = binding.action.split("(")[0]
                if (
                    binding.action in seen
                    or not binding.description
                    or self.check_action(name, ()) is not True
                ):
                    continue
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description,
                    binding.key_display or binding.key,
                    lambda action=binding.action: self.run_action(action),
                )


_ACTIONS = [parse(binding.action) for binding in LiveScreen.BINDINGS if isinstance(binding, Binding)]
"""Each key's action (destination, name, parameters), as the footer asks ``check_action``."""


class NotesChanged(Message):
    """A note was added, changed or deleted: the carnets are brought up to date."""

    def __init__(self, view: SessionView) -> None:
        super().__init__()
        self.view = view


class SessionFinished(Message):
    """The facilitator confirmed the end of the session: time for the summary."""
