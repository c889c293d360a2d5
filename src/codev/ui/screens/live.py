"""The facilitator's screen: the session as the room sees it, plus what only the facilitator needs.

The screen owns no session logic: a :class:`SessionController` says what each key means
now (and whether to ask first); the screen asks, sends, and renders. Four times a second
the tick sets two reactives, ``view`` (the engine's :class:`SessionView`) and ``picture``
(what the room sees); the typed panels bound to them repaint only what changed.

A presenter clicker is enough: PageDown / PageUp are *priority* bindings, so no scrolling
panel can take them; '.' and 'b' blank the room's screen, F5 / Escape pause and resume (a
Logitech R400 alternates them on one button), Shift+F5 gives the floor to the next speaker.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from codev.core import formatting
from codev.core.i18n import get_lang, t
from codev.core.protocol.model import NoteKind, Role
from codev.core.room import RoomPicture, person_name
from codev.core.session.model import (
    CommandType,
    DeleteNote,
    GiveFloor,
    Pause,
    RoomScreen,
    SessionStatus,
    round_clients_of,
)
from codev.core.session.view import SessionView
from codev.core.session_controller import SessionController, SessionOutcome, commitment_ref
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.dialogs.consent import ConsentAnswer, ConsentClient, ConsentDialog
from codev.ui.dialogs.followup import FollowUpDialog, FollowUpDraft, describe_commitment
from codev.ui.dialogs.message import RoomMessageDialog
from codev.ui.dialogs.note import NoteDialog, NoteDraft, TypedNote
from codev.ui.dialogs.notes import NotesDialog, NotesResult
from codev.ui.dialogs.room_notes import RoomNotesDialog
from codev.ui.i18n import TranslatedBindingsMixin, key_help
from codev.ui.textual_leaks import release_closed_widgets_styles
from codev.ui.widgets.footer import CodevFooter
from codev.ui.widgets.panels import ViewPanel, airtime_bars, notes_text, session_clock, step_rail
from codev.ui.widgets.room import (
    AllowedRules,
    ForbiddenRules,
    NextStepLine,
    PhaseBadge,
    PictureTimer,
    RoomMessage,
    StepHeader,
    WhoSpeaks,
    ZeroPrompt,
)
from codev.ui.widgets.timer import GiantClock

REFRESH_SECONDS = 0.25
"""How often the view is re-read; the shown text changes once a second at most."""

NOTES_SHOWN = 8
"""Notes of the step listed on the facilitator's screen, newest first."""


class LiveScreen(Screen[SessionOutcome | None], TranslatedBindingsMixin):
    """The facilitator's screen: timer, rules, turns, notes, plan, and the room's state.

    Dismissed with the session's outcome once it is finished (the summary follows), or with
    None when the facilitator leaves (the session stays resumable).
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (100, "-medium"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall"), (50, "-very-tall")]

    BINDINGS = [
        Binding("space,f5,escape", "start_pause", "key.toggle", id="start_pause"),
        # Priority: a scrolling panel with the focus must never turn the clicker into a scroll wheel.
        Binding("n,right,pagedown", "next", "key.next", priority=True, id="next"),
        Binding("p,left,pageup", "previous", "key.previous", priority=True, id="previous"),
        Binding("plus,equals_sign", "adjust(60)", "key.more", key_display="+", id="more_time"),
        Binding("minus", "adjust(-60)", "key.less", key_display="-", show=False, id="less_time"),
        Binding("t,shift+f5", "cue", "key.next_speaker", id="next_speaker"),
        Binding("T", "speaker(-1)", "key.previous_speaker", show=False, id="previous_speaker"),
        Binding("x", "floor_nobody", "key.floor_nobody", show=False, id="floor_nobody"),
        Binding("a", "add_note", "key.add_note", id="add_note"),
        Binding("e", "edit_notes", "key.edit_notes", show=False, id="edit_notes"),
        Binding("s", "skip", "key.skip", show=False, id="skip"),
        Binding("c", "catch_up", "key.catch_up", id="catch_up"),
        Binding("j", "joker", "key.joker", show=False, id="joker"),
        Binding("o", "followup", "key.followup", show=False, id="followup"),
        Binding("b,full_stop", "blank", "key.blank", show=False, priority=True, id="blank"),
        Binding("f", "timer_only", "key.focus", show=False, id="timer_only"),
        Binding("m", "room_message", "key.room_message", show=False, id="room_message"),
        Binding("v", "room_notes", "key.room_notes", show=False, id="room_notes"),
        Binding("k", "consent", "key.consent", show=False, id="consent"),
        Binding("question_mark,f1", "help", "key.help", key_display="?", id="help"),
        Binding("q", "quit", "key.quit", id="quit"),
    ]

    # Not repainting the screen: each panel repaints itself when its own text changes (a
    # whole-screen repaint every second cost more than everything else the screen does).
    view: reactive[SessionView | None] = reactive(None, always_update=True, repaint=False)
    picture: reactive[RoomPicture | None] = reactive(None, repaint=False)

    def __init__(
        self, controller: SessionController, *, speed: float = 1.0, bell: bool = True, root: str = ""
    ) -> None:
        super().__init__()
        self.controller = controller
        self.root = root
        """The workspace folder: the summary names the files written relative to it."""
        self.engine = controller.engine
        self.speed = speed
        self.bell = bell
        first = controller.view()
        self._view: SessionView = first
        self._people_client: tuple[str, ...] | None = None  # no client shown yet
        self._last_phase: str | None = None
        self._progress_shown: tuple[int, int] | None = None
        self.note_aside: TypedNote | None = None
        """A new note closed with Escape before it was saved: the next one opens with it."""
        # The bindings are computed when the screen mounts: refreshing them again at the
        # first tick would rebuild the footer for nothing.
        self._binding_states = self._states(first)

    # --- Layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        picture = LiveScreen.picture
        with Vertical(id="live"):
            with Horizontal(id="topbar"):
                # The group and the subject are typed by people: text, never markup.
                yield Static(self._topbar_text(), id="topbar-title", markup=False)
                if self.speed != 1:
                    yield Static(t("ui.live.rehearsal", speed=formatting.number(self.speed)), id="rehearsal")
                yield ViewPanel(id="room-state")
                yield ViewPanel(id="status")
            with Horizontal(id="body"):
                with Vertical(id="stage"):
                    with Horizontal(id="title-row"):
                        yield StepHeader(id="step-title").data_bind(picture)
                        yield PhaseBadge(id="phase").data_bind(picture)
                    yield PictureTimer(id="big-timer").data_bind(picture)
                    yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="step-progress")
                    yield ZeroPrompt(keys=True, id="zero").data_bind(picture)
                    yield ViewPanel(id="start-hint")
                    yield WhoSpeaks(id="speakers").data_bind(picture)
                    yield ForbiddenRules(id="forbidden").data_bind(picture)
                    yield AllowedRules(id="allowed").data_bind(picture)
                    yield ViewPanel(id="commitments")
                    yield ViewPanel(id="turn-clock")
                    yield ViewPanel(id="airtime")
                    yield ViewPanel(id="purpose")
                    with VerticalScroll(id="notes-box", can_focus=False):
                        yield ViewPanel(id="notes")
                with Vertical(id="side"):
                    yield RoomMessage(id="message").data_bind(picture)
                    yield ViewPanel(id="catch-up")
                    yield ViewPanel(id="rail")
                    yield ViewPanel(id="people")
                    yield NextStepLine(session=False, id="next-step").data_bind(picture)
                    yield ViewPanel(id="session-clock")
            yield GiantClock(id="giant")
            yield Static(t("ui.live.blank_hint"), id="blank-hint")
        # Rebuilt only when its keys change (Textual's rebuilt them twice per dialog, and kept
        # the old ones alive: half a megabyte per dialog opened).
        yield CodevFooter()

    def _topbar_text(self) -> str:
        setup = self.engine.setup
        parts = [setup.group or "codev", setup.protocol.title.get(get_lang())]
        if setup.subject:
            parts.append(t("ui.live.subject", subject=setup.subject))
        return " · ".join(parts)

    def on_mount(self) -> None:
        self._show_people()
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)

    def on_screen_resume(self) -> None:
        # Back from a dialog (or the help): what Textual still keeps of its widgets goes.
        release_closed_widgets_styles()

    def _show_people(self) -> None:
        # Built again only when the client changes (a protocol of rounds: at each round; in
        # sub-groups, one client per sub-group).
        client = round_clients_of(self.engine.setup, self._view.current.step)
        if client != self._people_client:
            self._people_client = client
            self.query_one("#people", ViewPanel).show(self._people_text())

    def _people_text(self) -> Text:
        setup = self.engine.setup
        step = self._view.current.step
        # In a protocol of rounds (Troika), the current round's client; in sub-groups, each one's.
        clients = round_clients_of(setup, step)
        roles = [
            (clients[0] if clients else None, "ui.live.role.client"),
            (setup.facilitator_id, "ui.live.role.facilitator"),
            (setup.scribe_id, "ui.live.role.scribe"),
            (setup.timekeeper_id, "ui.live.role.timekeeper"),
            *((observer, "ui.live.role.observer") for observer in setup.observer_ids),
        ]
        text = Text()
        for person_id, key in roles:
            person = setup.participant(person_id) if person_id else None
            if person is None:
                continue
            if text:
                text.append("\n")
            # A protocol's own role (a trainer, a presenter) is named by its title: the role
            # of the slot's meaning (a round's client is that round's presenter, whatever
            # they hold in the session as a whole).
            role = setup.protocol.role_for(_SLOT_MEANINGS[key])
            label = role.label() if role is not None and role.title is not None else t(key)
            # Not dim: a dimmed label turns mid-grey in 16 colours (4:1 on white).
            text.append(f"{label} ")
            text.append(person.name, style="bold")
            if key == "ui.live.role.client":
                for other in clients[1:]:
                    text.append(", ")
                    text.append(person_name(setup, other), style="bold")
        return text

    # --- Rendering ----------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Re-read the session and update what changed."""
        view = self.controller.view()
        self._view = view
        self.view = view
        self.picture = self.controller.picture(view)
        self._alert_on_phase_change(view)
        self._refresh_bindings_if_changed()

    def watch_view(self, view: SessionView | None) -> None:
        if view is None:
            return
        self._render_status(view)
        self._show_people()
        step = view.current.step
        lang = get_lang()
        purpose_lines = [step.purpose.get(lang)] if step.purpose else []
        purpose_lines += [f"? {prompt}" for prompt in step.prompts.get(lang)]
        self.query_one("#purpose", ViewPanel).show("\n".join(purpose_lines))
        self._render_turns(view)
        self._render_commitments(view)
        self._render_notes(view)
        rail, rail_key = step_rail(view)
        self.query_one("#rail", ViewPanel).show(rail, rail_key)
        self.query_one("#session-clock", ViewPanel).show(session_clock(view))
        self._render_catch_up(view)
        screen = view.room.screen
        self.set_class(screen is RoomScreen.BLANK, "-blank")
        self.set_class(screen is RoomScreen.TIMER, "-focus")

    def watch_picture(self, picture: RoomPicture | None) -> None:
        if picture is not None:
            self.query_one("#giant", GiantClock).show(picture.timer, picture.phase)

    def _render_status(self, view: SessionView) -> None:
        self.query_one("#status", ViewPanel).show(view.status.label())
        hint = self.query_one("#start-hint", ViewPanel)
        hint.display = view.status is SessionStatus.NOT_STARTED
        hint.show(t("ui.live.press_start") if hint.display else "")
        room = view.room.screen
        state = "" if room is RoomScreen.SESSION else t(f"ui.live.room.{room.value}")
        room_panel = self.query_one("#room-state", ViewPanel)
        room_panel.show(state)
        room_panel.display = bool(state)
        if view.timer is None:
            self._show_progress(view.current.budget_seconds, 0)
        else:
            self._show_progress(view.timer.budget, view.timer.elapsed)

    def _show_progress(self, budget: float, elapsed: float) -> None:
        # In whole seconds, like the timer beside it: a bar moved four times a second costs
        # four repaints a second for a change nobody can see.
        shown = (max(1, round(budget)), min(int(elapsed), round(budget)))
        if shown != self._progress_shown:
            self._progress_shown = shown
            self.query_one(ProgressBar).update(total=shown[0], progress=shown[1])

    def _render_turns(self, view: SessionView) -> None:
        clock_panel = self.query_one("#turn-clock", ViewPanel)
        airtime_panel = self.query_one("#airtime", ViewPanel)
        turns = view.turns
        clock_panel.display = airtime_panel.display = turns is not None
        if turns is None:
            return
        line = t("ui.live.turn_round", round=turns.round)
        if turns.speaker_id is None:
            line = t("ui.live.floor_free", name=person_name(self.engine.setup, turns.next_speaker_id))
        elif turns.turn_remaining is not None:
            line += "  ⏱ " + formatting.clock(turns.turn_remaining)
        clock_panel.show(line)
        width = max(20, airtime_panel.size.width or 40)
        airtime_panel.show(airtime_bars(self.engine.setup, view.airtime_step, turns.order, width))

    def _render_notes(self, view: SessionView) -> None:
        notes = view.notes_for(view.current.step.id)
        panel = self.query_one("#notes", ViewPanel)
        # Newest first: the note just written is always in sight, however many came before.
        panel.show(notes_text(self.engine.setup, notes, NOTES_SHOWN) if notes else t("ui.live.no_notes"))

    def _render_commitments(self, view: SessionView) -> None:
        panel = self.query_one("#commitments", ViewPanel)
        panel.display = self.controller.collects_followups(view)
        if not panel.display:
            return
        told = {note.about: note.outcome for note in view.notes if note.about and note.outcome}
        lines = [t("ui.followup.panel")]
        for item in self.controller.commitments:
            outcome = told.get(commitment_ref(item))
            mark = t(f"ui.followup.outcome.{outcome}") if outcome else t("ui.followup.not_told")
            lines.append(f"  {describe_commitment(item)} — {mark}")
        panel.show("\n".join(lines))

    def _render_catch_up(self, view: SessionView) -> None:
        panel = self.query_one("#catch-up", ViewPanel)
        proposal = view.catch_up
        panel.display = proposal is not None
        # Only where the side panel is short of room, and on it rather than the screen: a class
        # on the screen restyles every widget (20 ms a key), and a plan comes and goes with
        # each minute added or removed.
        crowded = proposal is not None and self.has_class("-short")
        self.query_one("#side").set_class(crowded, "-catching-up")
        if proposal is None:
            return
        lang = get_lang()
        lines = [t("ui.live.catch_up.title", minutes=formatting.number(round(proposal.late_seconds / 60)))]
        for item in proposal.items:
            if round(item.planned_seconds / 60) == round(item.proposed_seconds / 60):
                continue  # only the steps that change
            title = view.steps[item.index].step.title.get(lang)
            lines.append(
                f" {title}: {formatting.number(round(item.planned_seconds / 60))}"
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

    # --- Keys -----------------------------------------------------------------------------

    def _states(self, view: SessionView) -> tuple[bool | None, ...]:
        return tuple(self._enabled(name, parameters, view) for _, name, parameters in _ACTIONS)

    def _enabled(self, action: str, parameters: tuple[object, ...], view: SessionView) -> bool | None:
        if action in ("add_note", "edit_notes"):
            if action == "edit_notes" and not view.notes_for(view.current.step.id):
                return None
            return None if view.status.is_over else True
        if action == "followup":
            return True if self.controller.collects_followups(view) and not view.status.is_over else None
        if action in ("help", "quit", "room_message", "room_notes"):
            return True
        if action == "consent":
            # At the contract or synthesis step only: where the client decides what others keep.
            return True if self.controller.collects_consent(view) else None
        if action == "floor_nobody":
            return True if self.engine.check(GiveFloor()) is None else None
        argument = float(str(parameters[0])) if parameters else 0.0
        # None greys the key out in the footer rather than hiding it.
        return True if self.controller.enabled(action, view, argument) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The view of the last tick: the footer asks for every key, several times a second.
        return self._enabled(action, parameters, self._view)

    def _refresh_bindings_if_changed(self) -> None:
        # Refreshing the bindings rebuilds the whole footer: done when a key is enabled or
        # disabled (a catch-up proposal appearing, the session starting), not at every key press.
        states = self._states(self._view)
        if states != self._binding_states:
            self._binding_states = states
            self.refresh_bindings()

    def send(self, command: CommandType) -> bool:
        """Apply ``command``; a refusal is shown, never raised. True when accepted."""
        refusal = self.controller.send(command)
        if refusal is not None:
            self.notify(refusal.message, severity="warning", timeout=4)
            return False
        self.refresh_view()
        return True

    def _act(self, action: str, argument: float = 0) -> None:
        decision = self.controller.decide(action, argument=argument)
        if decision is None:
            return
        if decision.confirm is None:
            self._sent(decision.command, decision.finishes)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._sent(decision.command, decision.finishes)

        self.app.push_screen(ConfirmDialog(t(decision.confirm)), answered)

    def _sent(self, command: CommandType, finishes: bool) -> None:
        if self.send(command) and finishes:
            self.dismiss(self.controller.finish(self.root))

    def action_start_pause(self) -> None:
        """Start, pause or resume."""
        self._act("start_pause")

    def action_next(self) -> None:
        """Next step; on the last step, finish the session (after confirmation)."""
        self._act("next")

    def action_previous(self) -> None:
        """Back to the previous step (confirmed once it ran); at zero, the joker."""
        self._act("previous")

    def action_adjust(self, seconds: float) -> None:
        """One minute more or less on the current step."""
        self._act("adjust", float(seconds))

    def action_speaker(self, direction: int) -> None:
        """Give the floor to the next (or previous) speaker."""
        self._act("speaker", float(direction))

    def action_cue(self) -> None:
        """Next speaker in a round; elsewhere, accept the catch-up plan."""
        self._act("cue")

    def action_floor_nobody(self) -> None:
        """Leave the round with nobody speaking: nobody's airtime counts until `t`."""
        self.send(GiveFloor())

    def action_skip(self) -> None:
        """Skip the current (optional) step."""
        self._act("skip")

    def action_joker(self) -> None:
        """At zero: the step's joker."""
        self._act("joker")

    def action_catch_up(self) -> None:
        """Accept the catch-up plan."""
        decision = self.controller.decide("catch_up")
        if decision is not None and self.send(decision.command):
            self.notify(t("ui.live.catch_up.accepted"))

    def action_blank(self) -> None:
        """Blank the room's screen (the timer keeps running); again to come back."""
        self._act("blank")

    def action_timer_only(self) -> None:
        """Show the room only the timer, as large as the screen allows."""
        self._act("timer_only")

    def action_room_message(self) -> None:
        """Write (or clear) a message shown big to the room."""
        current = self._view.room.message

        def written(text: str | None) -> None:
            if text is not None:
                refusal = self.controller.room_message(text)
                if refusal is not None:
                    self.notify(refusal.message, severity="warning", timeout=4)
                self.refresh_view()

        self.app.push_screen(RoomMessageDialog(current), written)

    def action_room_notes(self) -> None:
        """Choose which kinds of notes the room's screen shows."""

        def chosen(kinds: tuple[NoteKind, ...] | None) -> None:
            if kinds is not None:
                refusal = self.controller.room_notes(kinds)
                if refusal is not None:
                    self.notify(refusal.message, severity="warning", timeout=4)
                self.refresh_view()

        self.app.push_screen(RoomNotesDialog(self._view.room.note_kinds), chosen)

    def action_consent(self) -> None:
        """Ask the client (in a protocol of rounds, this round's; in sub-groups, each
        sub-group's in turn) what the other carnets may keep of her account."""
        # Read once, as the dialog opens: the answer is these clients' even if the step moved on.
        setup = self.engine.setup
        step = self._view.current.step
        first = self.controller.consent_client(self._view)
        ids: list[str | None] = list(round_clients_of(setup, step)) or [first]
        clients = [
            ConsentClient(
                person_id,
                person_name(setup, person_id),
                self._view.consent_of(person_id),
                setup.subgroup_label(person_id),
            )
            for person_id in ids
        ]

        def chosen(answer: ConsentAnswer | None) -> None:
            if answer is None:
                return
            for client_id, share in answer.items():
                refusal = self.controller.consent(share, client_id)
                if refusal is not None:
                    self.notify(refusal.message, severity="warning", timeout=4)
            self.refresh_view()

        self.app.push_screen(ConsentDialog(clients), chosen)

    def action_help(self) -> None:
        """The keys and what they do."""
        from codev.ui.keymap import keymap_of
        from codev.ui.screens.help import HelpScreen

        # This screen's own keys (and the app's), not the ones Textual adds to every screen;
        # as the user's keymap has them.
        keys = key_help([*self.BINDINGS, *self.app.BINDINGS], self.app.get_key_display, keymap_of(self.app))
        self.app.push_screen(HelpScreen(keys))

    def action_quit(self) -> None:
        """Leave; the session stays resumable from its journal."""
        self.app.push_screen(ConfirmDialog(t("ui.live.confirm_quit")), self._quit_confirmed)

    def _quit_confirmed(self, yes: bool | None) -> None:
        if yes:
            if self._view.status is SessionStatus.RUNNING:
                self.controller.send(Pause())
            self.controller.flush(10)
            self.dismiss(None)

    # --- Notes ----------------------------------------------------------------------------

    def action_add_note(self) -> None:
        """Quick entry of a note for the current step."""
        step = self._view.current.step
        speaker = self._view.turns.speaker_id if self._view.turns else None
        dialog = NoteDialog(
            self.engine.setup,
            step,
            default_author=speaker,
            check=self._new_note_refusal,
            resumed=self.note_aside,
            remember=self._set_note_aside,
        )
        self.app.push_screen(dialog, self._note_written)

    def _set_note_aside(self, typed: TypedNote | None) -> None:
        # In memory, like the next meeting's date: a crash loses it (see docs/facilitating.md).
        self.note_aside = typed

    def _refusal(self, command: CommandType) -> str | None:
        # Asked by the note dialogs before they close: a note refused once its dialog is
        # closed was lost, and the person had typed it.
        refusal = self.engine.check(command)
        return None if refusal is None else refusal.message

    def _new_note_refusal(self, draft: NoteDraft) -> str | None:
        return self._refusal(draft.add_note())

    def _edit_refusal(self, note_id: str, draft: NoteDraft) -> str | None:
        return self._refusal(draft.edit_note(note_id))

    def _note_written(self, draft: NoteDraft | None) -> None:
        if draft is not None:
            self.send(draft.add_note())

    def action_edit_notes(self) -> None:
        """Edit or delete the current step's notes."""
        step = self._view.current.step
        notes = self._view.notes_for(step.id)
        dialog = NotesDialog(self.engine.setup, step, notes, check=self._edit_refusal)
        self.app.push_screen(dialog, self._notes_edited)

    def _notes_edited(self, result: NotesResult | None) -> None:
        if result is None:
            return
        if result.delete:
            self.send(DeleteNote(note_id=result.note_id))
        elif result.draft is not None:
            self.send(result.draft.edit_note(result.note_id))

    def action_followup(self) -> None:
        """Record how a previous client's commitment went."""
        self.app.push_screen(FollowUpDialog(self.controller.commitments), self._followup_told)

    def _followup_told(self, draft: FollowUpDraft | None) -> None:
        if draft is None:
            return
        refusal = self.controller.followup(draft.commitment, draft.outcome, draft.comment)
        if refusal is not None:
            self.notify(refusal.message, severity="warning", timeout=4)
        self.refresh_view()

    # --- Palette -------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every key's action in the command palette, in the user's language."""
        seen: set[str] = set()
        for items in self._bindings.key_to_bindings.values():
            for binding in items:
                name = binding.action.split("(")[0]
                if (
                    binding.action in seen
                    or binding.action in _SYSTEM_ACTIONS
                    or not binding.description
                    or self.check_action(name, ()) is not True
                ):
                    continue
                seen.add(binding.action)
                # Capitalised like the system commands around it; the key as the footer names it.
                title = binding.description[:1].upper() + binding.description[1:]
                yield SystemCommand(
                    title,
                    self.app.get_key_display(binding),
                    lambda action=binding.action: self.run_action(action),
                )


_SLOT_MEANINGS = {
    "ui.live.role.client": Role.CLIENT,
    "ui.live.role.facilitator": Role.FACILITATOR,
    "ui.live.role.scribe": Role.SCRIBE,
    "ui.live.role.timekeeper": Role.TIMEKEEPER,
    "ui.live.role.observer": Role.OBSERVER,
}
"""The built-in meaning of each line of the people panel."""

_SYSTEM_ACTIONS = frozenset({"quit"})
"""Key actions the palette already offers as system commands (listed once, not twice)."""

_ACTIONS = [parse(binding.action) for binding in LiveScreen.BINDINGS if isinstance(binding, Binding)]
"""Each key's action (destination, name, parameters), as the footer asks ``check_action``."""
