"""The two themes: a high-contrast light one for projectors, and a dark one.

Projectors wash out dark backgrounds and pale colours, so the projector theme is black on
white with saturated, dark accents; the wrap-up and overtime colours differ in lightness as
well as hue so that they stay distinct in a washed-out image and for colour-blind viewers.
"""

from __future__ import annotations

from textual.theme import Theme

PROJECTOR = Theme(
    name="codev-projector",
    primary="#0B3D91",
    secondary="#4A2C82",
    accent="#0B3D91",
    warning="#A34700",
    error="#B00020",
    success="#006B2E",
    foreground="#000000",
    background="#FFFFFF",
    surface="#F2F2F2",
    panel="#E4E8F0",
    dark=False,
    variables={"footer-background": "#E4E8F0", "block-cursor-background": "#0B3D91"},
)

DARK = Theme(
    name="codev-dark",
    primary="#6CA6FF",
    secondary="#B69CFF",
    accent="#6CA6FF",
    warning="#FFB020",
    error="#FF5C6C",
    success="#4CD98A",
    foreground="#F2F2F2",
    background="#101418",
    surface="#182028",
    panel="#1E2A36",
    dark=True,
)

THEMES = (PROJECTOR, DARK)
DEFAULT_THEME = PROJECTOR.name
