"""The three themes: a light one for projectors, a dark one, and a high-contrast one.

Projectors wash out dark backgrounds and pale colours, so the projector theme is black on
white with saturated, dark accents; the wrap-up and overtime colours differ in lightness as
well as hue so that they stay distinct in a washed-out image and for colour-blind viewers.

The laptops plugged into projectors often run a 16-colour terminal (``TERM=xterm``,
``TERM=linux``). There Rich replaces every colour with the nearest of the 16 ANSI colours
and the terminal paints that one with its own palette: with xterm's, only black and blue
keep 7:1 (WCAG AAA) on white, only the light colours (cyan, grey, bright green, yellow and
cyan, white) on black, and no red reaches 7:1 on either. So what the room reads — the
countdown in every phase, the phase badge, the step title, the rules — has colours of its
own, below, chosen to land on one of those: on white, every text colour is dark enough to
become black (or blue); the wrap-up and the overtime are told by the countdown's fill as
well as its digits (black on amber, white on deep red in the light themes; dark on pale
rose in the dark one), which keeps the four phases apart in 16 colours. The theme's own
accents (``primary``, ``error``…) stay for frames, bars and fills.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.theme import Theme


@dataclass(frozen=True)
class PhaseLook:
    """How the countdown is drawn in one phase: its digits (``ink``) on its ``fill``."""

    ink: str
    fill: str


PHASES = ("normal", "wrap-up", "overtime", "paused")
"""The phases that have colours of their own (``GiantClock.-normal``…; ``-idle`` is plain text)."""


def room_variables(background: str, looks: Mapping[str, PhaseLook]) -> dict[str, str]:
    """The CSS variables of the countdown and of the phase badge, one pair per phase.

    ``$timer-<phase>`` and ``$timer-<phase>-background`` colour the countdown;
    ``$badge-<phase>`` and ``$badge-<phase>-background`` the badge that says the phase in
    words. The badge is a filled chip: the countdown's own colours when it has a fill, else
    its ink as the fill with letters in the ``background`` colour.
    """
    variables: dict[str, str] = {}
    for phase in PHASES:
        look = looks[phase]
        variables[f"timer-{phase}"] = look.ink
        variables[f"timer-{phase}-background"] = look.fill
        filled = look.fill.upper() != background.upper()
        variables[f"badge-{phase}"] = look.ink if filled else background
        variables[f"badge-{phase}-background"] = look.fill if filled else look.ink
    return variables


# The light themes' text colours: each becomes black (or blue) in 16 colours.
_DEEP_RED = "#520014"
_DEEP_GREEN = "#00491F"
_DEEP_BROWN = "#4F2700"
_NAVY = "#0B3D91"
_VIOLET = "#4A1D96"
_AMBER = "#FFBF00"

PROJECTOR = Theme(
    name="codev-projector",
    primary=_NAVY,
    secondary=_VIOLET,
    accent=_NAVY,
    warning="#A34700",
    error="#B00020",
    success="#006B2E",
    foreground="#000000",
    background="#FFFFFF",
    surface="#F2F2F2",
    panel="#E4E8F0",
    dark=False,
    variables={
        "footer-background": "#E4E8F0",
        "footer-description-foreground": "#000000",
        "block-cursor-background": _NAVY,
        "text-primary": _NAVY,
        "text-secondary": _VIOLET,
        "text-error": _DEEP_RED,
        "text-success": _DEEP_GREEN,
        "text-warning": _DEEP_BROWN,
        **room_variables(
            "#FFFFFF",
            {
                "normal": PhaseLook(ink=_DEEP_GREEN, fill="#FFFFFF"),
                "wrap-up": PhaseLook(ink="#000000", fill=_AMBER),
                "overtime": PhaseLook(ink="#FFFFFF", fill=_DEEP_RED),
                "paused": PhaseLook(ink=_VIOLET, fill="#FFFFFF"),
            },
        ),
    },
)

# On black, 16 colours keep 7:1 only for light colours: the primary is a sky blue (bright
# cyan there), the rules' red a light coral (light grey there).
_DARK_BACKGROUND = "#101418"
_SKY = "#8CC8FF"
_LAVENDER = "#B69CFF"
_MINT = "#4CD98A"
_GOLD = "#FFB020"

DARK = Theme(
    name="codev-dark",
    primary=_SKY,
    secondary=_LAVENDER,
    accent=_SKY,
    warning=_GOLD,
    error="#FF5C6C",
    success=_MINT,
    foreground="#F2F2F2",
    background=_DARK_BACKGROUND,
    surface="#182028",
    # Dark enough to stay black in 16 colours (a shade lighter turns mid-grey there).
    panel="#1A2430",
    dark=True,
    variables={
        "text-primary": _SKY,
        "text-secondary": _LAVENDER,
        "text-error": "#FF9DA8",
        "text-success": _MINT,
        "text-warning": _GOLD,
        **room_variables(
            _DARK_BACKGROUND,
            {
                "normal": PhaseLook(ink=_MINT, fill=_DARK_BACKGROUND),
                "wrap-up": PhaseLook(ink=_GOLD, fill=_DARK_BACKGROUND),
                "overtime": PhaseLook(ink=_DARK_BACKGROUND, fill="#FFB3BF"),
                "paused": PhaseLook(ink=_LAVENDER, fill=_DARK_BACKGROUND),
            },
        ),
    },
)

# High contrast, for the worst projectors: pure black on white, and accents so dark or so
# saturated that every text keeps 7:1 in 16 colours too. The phases differ in lightness
# (white, amber, black countdown), which survives a washed-out image and any colour vision.
_PURE_BLUE = "#0000A0"
_PURE_VIOLET = "#4B00A0"
_BLOOD = "#520000"
_FOREST = "#004400"
_BROWN = "#4A2500"

CONTRAST = Theme(
    name="codev-contrast",
    primary=_PURE_BLUE,
    secondary=_PURE_VIOLET,
    accent=_PURE_BLUE,
    warning=_BROWN,
    error=_BLOOD,
    success=_FOREST,
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    dark=False,
    variables={
        "footer-background": "#E6E6E6",
        "footer-key-foreground": _PURE_BLUE,
        "footer-description-foreground": "#000000",
        "block-cursor-background": _PURE_BLUE,
        "text-primary": _PURE_BLUE,
        "text-secondary": _PURE_VIOLET,
        "text-error": _BLOOD,
        "text-success": _FOREST,
        "text-warning": _BROWN,
        "text-muted": "#000000",
        **room_variables(
            "#FFFFFF",
            {
                "normal": PhaseLook(ink="#000000", fill="#FFFFFF"),
                "wrap-up": PhaseLook(ink="#000000", fill="#FFB000"),
                "overtime": PhaseLook(ink="#FFFFFF", fill="#000000"),
                "paused": PhaseLook(ink=_PURE_BLUE, fill="#FFFFFF"),
            },
        ),
    },
)

THEMES = (PROJECTOR, DARK, CONTRAST)
"""Every theme, in the order Ctrl+T goes through them."""
DEFAULT_THEME = PROJECTOR.name
