"""What the room reads, as typed widgets bound to one :class:`RoomPicture`.

The facilitator's screen and the projected view compose these and bind them to their own
``picture`` reactive (``widget.data_bind(Screen.picture)``): setting the picture four times
a second is all they do, and each widget repaints only when its part of the picture
changed (Textual compares the reactive's old and new values; the panels compare text).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from codev.core import formatting
from codev.core.i18n import t
from codev.core.room import RoomPicture
from codev.ui.widgets.panels import ViewPanel
from codev.ui.widgets.timer import GiantClock


class PictureTimer(GiantClock):
    """The step's countdown, as large as its room allows, coloured and sized by the picture.

    The pictures themselves never repaint a widget (``repaint=False``): each widget repaints
    when the part it shows changed, so a new second repaints the timer, not the screen.
    """

    picture: reactive[RoomPicture | None] = reactive(None, repaint=False)

    def watch_picture(self, picture: RoomPicture | None) -> None:
        if picture is not None:
            self.show(picture.timer, picture.phase)


class PicturePanel(ViewPanel):
    """A panel whose text is drawn from the picture (subclasses say which part).

    An empty panel takes no room: it gets the ``-empty`` class rather than ``display =
    False``, so that a screen's own rules (hide the allowed rules on a narrow screen) still
    apply to it.
    """

    DEFAULT_CSS = "PicturePanel.-empty { display: none; }"

    picture: reactive[RoomPicture | None] = reactive(None, repaint=False)

    def watch_picture(self, picture: RoomPicture | None) -> None:
        content = self.content_of(picture) if picture is not None else ""
        self.set_class(not content, "-empty")
        self.show(content)

    def content_of(self, picture: RoomPicture) -> str | Text:
        """The panel's text for ``picture`` (empty hides the panel)."""
        raise NotImplementedError


class StepHeader(PicturePanel):
    """``3/6 · CONTRAT``."""

    DEFAULT_CSS = "StepHeader { width: 1fr; text-style: bold; color: $primary; }"

    def watch_picture(self, picture: RoomPicture | None) -> None:
        # Always shown, even empty: it holds the row's height.
        self.show(self.content_of(picture) if picture is not None else "")

    def content_of(self, picture: RoomPicture) -> str:
        return t(
            "ui.live.step_title",
            number=picture.step_number,
            total=picture.step_total,
            title=picture.step_title.upper(),
        )


class PhaseBadge(PicturePanel):
    """The phase in words (wrap up, overtime, paused): never said by colour alone."""

    # A chip in the phase's own colours (themes.py), legible in 16 colours; before the start
    # (no phase colour) the page's colours swapped. Two blank cells before it: a long title
    # wraps to fill its column, and its last word ran into the chip ("LES PAS COMMENCÉE").
    DEFAULT_CSS = """
    PhaseBadge {
        width: auto; margin-left: 2; text-style: bold; padding: 0 1;
        color: $background; background: $foreground;
    }
    PhaseBadge.-wrap-up { color: $badge-wrap-up; background: $badge-wrap-up-background; }
    PhaseBadge.-overtime { color: $badge-overtime; background: $badge-overtime-background; }
    PhaseBadge.-paused { color: $badge-paused; background: $badge-paused-background; }
    """

    def watch_picture(self, picture: RoomPicture | None) -> None:
        super().watch_picture(picture)
        phase = picture.phase if picture is not None else ""
        for name in ("wrap-up", "overtime", "paused"):
            self.set_class(phase == name, f"-{name}")

    def content_of(self, picture: RoomPicture) -> str:
        return picture.phase_words.upper()


class WhoSpeaks(PicturePanel):
    """Who has the floor, by name; in a round, who speaks now and who is next; in a parallel
    step, every sub-group with its members, its client first (one line each: a long line
    wraps at a name, never cut)."""

    DEFAULT_CSS = "WhoSpeaks { text-style: bold; height: auto; }"

    def watch_picture(self, picture: RoomPicture | None) -> None:
        super().watch_picture(picture)
        # The screen makes room for the sub-groups' lines (a smaller timer, see view.tcss):
        # said on the screen, which changes only as a parallel step starts or ends.
        if self.is_attached:
            self.screen.set_class(picture is not None and bool(picture.subgroups), "-subgroups")

    def content_of(self, picture: RoomPicture) -> str:
        lines = [t("room.who", who=picture.speakers)]
        lines += [line.text for line in picture.subgroups]
        if picture.speaker is not None:
            line = t("room.speaking_now", name=picture.speaker)
            if picture.next_speaker is not None and picture.next_speaker != picture.speaker:
                line += "   " + t("room.speaking_next", name=picture.next_speaker)
            lines.append(line)
        return "\n".join(lines)


class ForbiddenRules(PicturePanel):
    """What is not for now."""

    # $text-error, not $error: a red dark (or light) enough to keep 7:1 in 16 colours.
    DEFAULT_CSS = "ForbiddenRules { color: $text-error; text-style: bold; height: auto; }"

    def content_of(self, picture: RoomPicture) -> str:
        return t("room.forbidden", rules=" · ".join(picture.forbidden)) if picture.forbidden else ""


class AllowedRules(PicturePanel):
    """What is welcome now."""

    DEFAULT_CSS = "AllowedRules { color: $text-success; height: auto; }"

    def content_of(self, picture: RoomPicture) -> str:
        return t("room.allowed", rules=" · ".join(picture.allowed)) if picture.allowed else ""


class ZeroPrompt(PicturePanel):
    """At zero: move on, or the joker? Flashes until answered (as the picture says)."""

    # The overtime's colours, as the countdown has them; the flash swaps them.
    DEFAULT_CSS = """
    ZeroPrompt { text-style: bold; color: $badge-overtime; background: $badge-overtime-background;
                 padding: 0 1; height: auto; text-align: center; width: 1fr; }
    ZeroPrompt.-flash { color: $badge-overtime-background; background: $badge-overtime; }
    """

    keys = False
    """Say which keys answer (the facilitator's screen), or only the question (the room)."""

    def __init__(self, *, keys: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = keys

    def watch_picture(self, picture: RoomPicture | None) -> None:
        super().watch_picture(picture)
        self.set_class(picture is not None and picture.flash, "-flash")

    def content_of(self, picture: RoomPicture) -> str:
        if not picture.at_zero:
            return ""
        question = t("room.zero.question")
        if self.keys:
            if picture.joker_minutes is None:
                return f"{question}\n{t('room.zero.keys_no_joker')}"
            return f"{question}\n{t('room.zero.keys', minutes=picture.joker_minutes)}"
        if picture.joker_minutes is None:
            return question
        return f"{question}  {t('room.zero.joker', minutes=picture.joker_minutes)}"


class RoomMessage(PicturePanel):
    """The facilitator's message to the room, big and framed."""

    DEFAULT_CSS = """
    RoomMessage { text-style: bold; border: heavy $primary; padding: 0 1; height: auto;
                  text-align: center; width: 1fr; }
    """

    def content_of(self, picture: RoomPicture) -> str:
        return picture.message


class NextStepLine(PicturePanel):
    """The step after this one, and (for the room) how the session stands."""

    DEFAULT_CSS = "NextStepLine { color: $foreground; height: auto; }"

    def __init__(self, *, session: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        # The facilitator's screen has its own session clock beside it: said once is enough.
        self.session = session

    def content_of(self, picture: RoomPicture) -> str:
        parts = (picture.next_step, picture.session_line if self.session else "")
        return " · ".join(part for part in parts if part)


class RoundPanel(PicturePanel):
    """Everyone in the round, with their floor so far; who speaks now stands out."""

    DEFAULT_CSS = "RoundPanel { height: auto; }"

    def content_of(self, picture: RoomPicture) -> str | Text:
        if not picture.turns:
            return ""
        text = Text()
        for index, line in enumerate(picture.turns):
            if index:
                text.append("   ")
            style = "bold reverse" if line.speaking else ""
            text.append(f" {line.name} {formatting.clock(line.seconds)} ", style=style)
        return text


class RoomNotes(PicturePanel):
    """The notes the facilitator lets the room see, newest first."""

    DEFAULT_CSS = "RoomNotes { height: auto; }"

    def content_of(self, picture: RoomPicture) -> str | Text:
        if not picture.notes:
            return ""
        text = Text()
        for note in reversed(picture.notes):
            text.append(f"{note.kind} ", style="bold")
            text.append(f"({note.author}) ", style="italic")
            text.append(note.text.replace("\n", " ") + "\n")
        text.rstrip()
        return text
