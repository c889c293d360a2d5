"""In a 16-colour terminal (``TERM=xterm``, ``TERM=linux``: many a projector's laptop), what the
room reads keeps WCAG AAA contrast (7:1) in every theme: the countdown in every phase, the
phase badge, the step title, the rules; and the four phases keep colours of their own.

Rich turns each colour into the nearest of the 16 ANSI colours; the terminal paints those with
its own palette. The contrast is measured on what a terminal paints: xterm's default palette
(the reference), and the Linux console's (VGA's, which is Rich's "standard" palette).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import textual.constants
from rich._palettes import EIGHT_BIT_PALETTE, STANDARD_PALETTE
from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.console import COLOR_SYSTEMS, Console
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual._compositor import LayoutUpdate
from textual.app import App
from textual.color import Color
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.theme import Theme

from codev.cli import build_parser
from codev.core.clock import FakeClock
from codev.core.protocol.model import Protocol
from codev.core.session import SessionEngine
from codev.core.session_controller import SessionController
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.demo import demo_setup
from codev.ui.screens.live import LiveScreen
from codev.ui.themes import THEMES
from codev.ui.view_app import ViewConfig, create_view_app
from codev.ui.widgets.timer import GiantClock

RGB = tuple[int, int, int]
Pair = tuple[int | None, int | None]
"""(text, background) ANSI colours; None is the terminal's own default colour."""

XTERM: tuple[RGB, ...] = (
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
    (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
    (255, 0, 255), (0, 255, 255), (255, 255, 255),
)  # fmt: skip
"""xterm's default 16 colours (its colour 8, #7F7F7F, is the grey seen on the projectors)."""
LINUX: tuple[RGB, ...] = tuple((c.red, c.green, c.blue) for c in (STANDARD_PALETTE[i] for i in range(16)))
"""The Linux console's 16 colours (VGA's), which Rich also uses to pick the nearest colour."""
PALETTES = {"xterm": XTERM, "linux": LINUX}
AAA = 7.0

THEME_NAMES = [theme.name for theme in THEMES]
PHASES = ("normal", "wrap-up", "overtime", "paused")
SNAPSHOTS = Path(__file__).parent / "snapshots-16"


# --- Contrast -------------------------------------------------------------------------------


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGB, second: RGB) -> float:
    """WCAG 2 contrast ratio, from 1 (same colour) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ansi16(css_colour: str) -> int:
    """The ANSI colour (0-15) a 16-colour terminal is sent for ``css_colour``, as Textual sends it."""
    number = Color.parse(css_colour).rich_color.downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return number


def ansi256(css_colour: str) -> RGB:
    """What a 256-colour terminal paints for ``css_colour``."""
    number = Color.parse(css_colour).rich_color.downgrade(ColorSystem.EIGHT_BIT).number
    assert number is not None
    triplet = EIGHT_BIT_PALETTE[number]
    return (triplet.red, triplet.green, triplet.blue)


def truecolor(css_colour: str) -> RGB:
    """What a truecolor terminal paints for ``css_colour``."""
    colour = Color.parse(css_colour)
    return (colour.r, colour.g, colour.b)


def ratio(pair: Pair, paint: tuple[RGB, ...]) -> float:
    """The contrast of an ANSI (text, background) pair painted with ``paint``."""
    fg, bg = pair
    assert fg is not None and bg is not None, f"the terminal's own default colours, unknown: {pair}"
    return contrast(paint[fg], paint[bg])


def look(pair: Pair) -> Pair:
    """A phase's look: its (digits, fill) colours, xterm's two near whites (7, #E5E5E5; 15) as one."""
    fg, bg = (15 if colour == 7 else colour for colour in pair)
    return fg, bg


def test_the_measure() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    # What the projectors showed: the old green countdown became xterm's grey, 4:1 on white,
    assert ansi16("#006B2E") == 8
    assert ratio((ansi16("#006B2E"), ansi16("#FFFFFF")), XTERM) == pytest.approx(4.0, abs=0.01)
    # and the old wrap-up colour became yellow.
    assert XTERM[ansi16("#A34700")] == (205, 205, 0)


# --- The themes' colours --------------------------------------------------------------------


def theme_variables(theme: Theme) -> dict[str, str]:
    """The CSS variables ``theme`` gives an app (as ``App.get_css_variables`` builds them)."""
    return {**theme.to_color_system().generate(), **theme.variables}


ROOM_PAIRS: Mapping[str, tuple[str, str]] = {
    **{f"countdown {phase}": (f"timer-{phase}", f"timer-{phase}-background") for phase in PHASES},
    "countdown not started": ("foreground", "background"),
    **{f"badge {phase}": (f"badge-{phase}", f"badge-{phase}-background") for phase in PHASES[1:]},
    "step title": ("primary", "background"),
    "forbidden rules": ("text-error", "background"),
    "allowed rules": ("text-success", "background"),
    "topbar": ("foreground", "panel"),
}
"""What the room reads, as (text colour, background) variables, as the stylesheets use them."""


def room_pairs(theme: Theme) -> Iterator[tuple[str, str, str]]:
    """(what, text colour, background colour) for each of ``ROOM_PAIRS`` in ``theme``."""
    variables = theme_variables(theme)
    for what, (ink, fill) in ROOM_PAIRS.items():
        yield what, variables[ink], variables[fill]


@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("theme", THEMES, ids=THEME_NAMES)
def test_what_the_room_reads_keeps_7_to_1_in_16_colours(theme: Theme, palette: str) -> None:
    paint = PALETTES[palette]
    ratios = {what: ratio((ansi16(ink), ansi16(fill)), paint) for what, ink, fill in room_pairs(theme)}
    assert {what: round(value, 2) for what, value in ratios.items() if value < AAA} == {}


@pytest.mark.parametrize("paint", [ansi256, truecolor])
@pytest.mark.parametrize("theme", THEMES, ids=THEME_NAMES)
def test_and_in_256_colours_and_truecolor(theme: Theme, paint: Callable[[str], RGB]) -> None:
    ratios = {what: contrast(paint(ink), paint(fill)) for what, ink, fill in room_pairs(theme)}
    assert {what: round(value, 2) for what, value in ratios.items() if value < AAA} == {}


@pytest.mark.parametrize("theme", THEMES, ids=THEME_NAMES)
def test_the_phases_keep_colours_of_their_own_in_16_colours(theme: Theme) -> None:
    variables = theme_variables(theme)
    looks = {
        phase: look((ansi16(variables[f"timer-{phase}"]), ansi16(variables[f"timer-{phase}-background"])))
        for phase in PHASES
    }
    assert len(set(looks.values())) == len(PHASES), looks


def test_the_contrast_theme_is_black_on_white_with_dark_accents() -> None:
    (contrast_theme,) = (theme for theme in THEMES if theme.name == "codev-contrast")
    assert (contrast_theme.foreground, contrast_theme.background) == ("#000000", "#FFFFFF")
    for what, ink, fill in room_pairs(contrast_theme):
        assert contrast(truecolor(ink), truecolor(fill)) >= 10, what  # well beyond AAA in truecolor too


# --- The screen as a 16-colour terminal gets it ---------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One character cell as the terminal paints it: ANSI colours, reverse video applied."""

    char: str
    fg: int | None
    bg: int | None
    bold: bool = False
    italic: bool = False


_SGR_COLOURS = {
    **{30 + n: ("fg", n) for n in range(8)},
    **{90 + n: ("fg", 8 + n) for n in range(8)},
    **{40 + n: ("bg", n) for n in range(8)},
    **{100 + n: ("bg", 8 + n) for n in range(8)},
}


def _cell(char: str, sgr: str) -> Cell:
    colours: dict[str, int | None] = {"fg": None, "bg": None}
    codes = {int(code) for code in sgr.split(";") if code}
    assert not codes & {38, 48}, f"not a 16-colour code: {sgr!r}"
    for code in codes:
        if code in _SGR_COLOURS:
            layer, number = _SGR_COLOURS[code]
            colours[layer] = number
    fg, bg = colours["fg"], colours["bg"]
    if 7 in codes:
        fg, bg = bg, fg
    return Cell(char, fg, bg, bold=1 in codes, italic=3 in codes)


def screen_cells(app: App[None]) -> list[list[Cell]]:
    """The screen as the app's own console sends it to the terminal, cell by cell."""
    system = COLOR_SYSTEMS[app.console.color_system or "truecolor"]
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, LayoutUpdate)
    rows: list[list[Cell]] = []
    for line in update.strips:
        row: list[Cell] = []
        for strip in line:
            for text, style, _ in strip:
                # The codes the driver writes (Strip.render), computed afresh for this console.
                sgr = Strip.render_ansi(style, system) if style is not None else ""
                for char in text:
                    row.append(_cell(char, sgr))
                    row.extend(_cell("", sgr) for _ in range(cell_len(char) - 1))
        rows.append(row)
    return rows


def colours_in(cells: list[list[Cell]], region: Region) -> set[Pair]:
    """The (text, background) colours of the visible characters in ``region``."""
    return {
        (cell.fg, cell.bg)
        for row in cells[region.y : region.bottom]
        for cell in row[region.x : region.right]
        if cell.char.strip()
    }


def fills_in(cells: list[list[Cell]], region: Region) -> set[int | None]:
    """The background colours of every cell in ``region``."""
    return {cell.bg for row in cells[region.y : region.bottom] for cell in row[region.x : region.right]}


SixteenColours = Callable[[str], None]


@pytest.fixture
def sixteen_colours(monkeypatch: pytest.MonkeyPatch) -> SixteenColours:
    """Apps made after ``sixteen_colours(TERM)`` run as in that 16-colour terminal: the app
    picks its colours from the environment, as it does on a projector's laptop."""

    def use(term: str) -> None:
        monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "auto")  # no TEXTUAL_COLOR_SYSTEM
        monkeypatch.setenv("TERM", term)
        for name in ("COLORTERM", "NO_COLOR"):
            monkeypatch.delenv(name, raising=False)

    return use


def live_app(workspace: Workspace, clock: FakeClock, classic: Protocol, theme: str) -> App[None]:
    """The demo session on the live screen, in ``theme``."""
    setup = demo_setup(classic, today=dt.date(2026, 1, 1))
    return create_app(AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False, theme=theme))


WALK: list[tuple[str, tuple[str, ...], int]] = [
    ("idle", (), 0),
    ("normal", ("space",), 60),
    ("paused", ("space",), 0),
    ("wrap-up", ("space",), 9 * 60 - 30),  # the first step lasts ten minutes
    ("overtime", (), 100),
]
"""Through every phase of the first step: (phase, keys, then seconds that pass)."""


async def walk(app: App[None], pilot: Pilot[None], clock: FakeClock) -> AsyncIterator[str]:
    """Take the live screen through ``WALK``, yielding each phase once it is on screen."""
    for phase, keys, seconds in WALK:
        await pilot.press(*keys)
        clock.advance(seconds)
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        screen.refresh_view()
        await pilot.pause()
        assert screen.query_one("#big-timer", GiantClock).has_class(f"-{phase}")
        yield phase


@pytest.mark.parametrize("term", list(PALETTES))
@pytest.mark.parametrize("theme", THEME_NAMES)
async def test_the_live_screen_in_a_16_colour_terminal(
    workspace: Workspace,
    clock: FakeClock,
    classic: Protocol,
    sixteen_colours: SixteenColours,
    theme: str,
    term: str,
) -> None:
    sixteen_colours(term)
    paint = PALETTES[term]
    app = live_app(workspace, clock, classic, theme)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.console.color_system == "standard"  # TERM=xterm or linux: 16 colours
        await pilot.pause()
        screen = app.screen
        timer = screen.query_one("#big-timer", GiantClock)
        looks: dict[str, Pair] = {}
        async for phase in walk(app, pilot, clock):
            cells = screen_cells(app)
            digits = colours_in(cells, timer.region)
            assert len(digits) == 1, digits
            (pair,) = digits
            # The countdown's fill is one colour, and its digits keep 7:1 on it.
            assert fills_in(cells, timer.region) == {pair[1]}
            assert ratio(pair, paint) >= AAA, (phase, pair, ratio(pair, paint))
            looks[phase] = look(pair)
            for part in ("#step-title", "#forbidden", "#allowed", "#phase", "#zero"):
                widget = screen.query_one(part)
                if widget.display and widget.region:
                    for colours in colours_in(cells, widget.region):
                        assert ratio(colours, paint) >= AAA, (phase, part, colours, ratio(colours, paint))
        phase_looks = [looks[phase] for phase in PHASES]
        assert len(set(phase_looks)) == len(PHASES), looks


@pytest.mark.parametrize("theme", THEME_NAMES)
async def test_the_projected_view_in_a_16_colour_terminal(
    workspace: Workspace, clock: FakeClock, classic: Protocol, sixteen_colours: SixteenColours, theme: str
) -> None:
    sixteen_colours("xterm")
    engine = SessionEngine.create(demo_setup(classic, today=dt.date(2026, 1, 1)), clock, workspace)
    control = SessionController(engine)
    config = ViewConfig(workspace=workspace, journal=engine.journal_path, clock=clock, theme=theme)
    app = create_view_app(config)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.console.color_system == "standard"
            screen = app.screen
            timer = screen.query_one("#view-timer", GiantClock)
            looks: dict[str, Pair] = {}
            for phase, keys, seconds in WALK[1:]:
                if keys:
                    decision = control.decide("start_pause")
                    assert decision is not None and control.send(decision.command) is None
                clock.advance(seconds)
                for _ in range(6):
                    app.tick()
                await pilot.pause()
                assert timer.has_class(f"-{phase}")
                cells = screen_cells(app)
                (pair,) = colours_in(cells, timer.region)
                assert ratio(pair, XTERM) >= AAA, (phase, pair)
                looks[phase] = look(pair)
                for part in ("#view-step", "#view-phase", "#view-forbidden", "#view-zero"):
                    widget = screen.query_one(part)
                    if widget.display and widget.region:
                        for colours in colours_in(cells, widget.region):
                            assert ratio(colours, XTERM) >= AAA, (phase, part, colours)
            assert len(set(looks.values())) == len(PHASES), looks
    finally:
        control.close()


async def test_in_the_contrast_theme_every_letter_keeps_7_to_1_in_16_colours(
    workspace: Workspace, clock: FakeClock, classic: Protocol, sixteen_colours: SixteenColours
) -> None:
    sixteen_colours("xterm")
    app = live_app(workspace, clock, classic, "codev-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        async for phase in walk(app, pilot, clock):
            cells = screen_cells(app)
            # A key that does nothing now is dimmed on purpose (WCAG exempts inactive controls).
            # The role labels of #people are Rich "dim" text (live.py draws them so, no theme
            # colour): Textual blends them into a grey that no theme can change. Left out here.
            left_out = [widget.region for widget in app.screen.query(".-disabled, #people")]
            weak: dict[str, str] = {}
            for y, row in enumerate(cells):
                for x, cell in enumerate(row):
                    if not cell.char.isalnum() or any(region.contains(x, y) for region in left_out):
                        continue
                    if ratio((cell.fg, cell.bg), XTERM) < AAA:
                        widget, _ = app.screen.get_widget_at(x, y)
                        where = f"{phase}: {type(widget).__name__}#{widget.id} {cell.fg}/{cell.bg}"
                        weak[where] = weak.get(where, "") + cell.char
            assert weak == {}


# --- A 16-colour picture --------------------------------------------------------------------

XTERM_THEME = TerminalTheme((255, 255, 255), (0, 0, 0), list(XTERM[:8]), list(XTERM[8:]))


def sixteen_colour_svg(cells: list[list[Cell]], title: str) -> str:
    """The screen as xterm paints it, as an SVG like Textual's screenshots."""
    console = Console(width=len(cells[0]), file=io.StringIO(), force_terminal=True, record=True)
    for row in cells:
        text = Text(no_wrap=True)
        for cell in row:
            if cell.char:  # the second cell of a wide character has none
                style = Style(
                    color=None if cell.fg is None else RichColor.from_ansi(cell.fg),
                    bgcolor=None if cell.bg is None else RichColor.from_ansi(cell.bg),
                    bold=cell.bold,
                    italic=cell.italic,
                )
                text.append(cell.char, style)
        console.print(text, crop=True, overflow="crop")
    return console.export_svg(title=title, theme=XTERM_THEME)


def _without_trailing_spaces(svg: str) -> str:
    return re.sub(r"[ \t]+$", "", svg, flags=re.MULTILINE)


async def test_snapshot_of_the_wrap_up_in_16_colours(
    workspace: Workspace, clock: FakeClock, classic: Protocol, sixteen_colours: SixteenColours
) -> None:
    sixteen_colours("xterm")
    app = live_app(workspace, clock, classic, "codev-projector")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        async for phase in walk(app, pilot, clock):
            if phase == "wrap-up":
                break
        actual = _without_trailing_spaces(sixteen_colour_svg(screen_cells(app), "codev — TERM=xterm"))
    path = SNAPSHOTS / "live-wrap-up-80x24.svg"
    # As the assert_snapshot fixture does: CODEV_UPDATE_SNAPSHOTS=1 rewrites the picture.
    update = os.environ.get("CODEV_UPDATE_SNAPSHOTS") == "1"
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"no snapshot yet: wrote {path}; check it and commit it")
        return
    expected = _without_trailing_spaces(path.read_text(encoding="utf-8"))
    assert actual == expected, f"screen differs from {path} (CODEV_UPDATE_SNAPSHOTS=1 to accept)"


# --- Choosing the theme ---------------------------------------------------------------------


async def test_ctrl_t_goes_round_the_three_themes(app: CodevApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = [app.theme]
        for _ in range(3):
            await pilot.press("ctrl+t")
            seen.append(app.theme)
    assert seen == ["codev-projector", "codev-dark", "codev-contrast", "codev-projector"]


def test_the_theme_options_name_the_themes() -> None:
    from codev.cli.run_cmd import THEME_OPTIONS

    assert sorted(THEME_OPTIONS.values()) == sorted(THEME_NAMES)


def _parsed(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


@pytest.mark.parametrize("command", ["run", "demo", "view"])
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), "codev-projector"),
        (("--theme", "projector"), "codev-projector"),
        (("--theme", "dark"), "codev-dark"),
        (("--theme", "contrast"), "codev-contrast"),
        (("--dark",), "codev-dark"),
    ],
)
def test_the_theme_option(command: str, options: tuple[str, ...], expected: str) -> None:
    from codev.cli.run_cmd import chosen_theme

    assert chosen_theme(_parsed(command, *options)) == expected


@pytest.mark.parametrize("command", ["run", "demo", "view"])
def test_dark_and_theme_are_one_or_the_other(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parsed(command, "--dark", "--theme", "contrast")
    with pytest.raises(SystemExit):
        _parsed(command, "--theme", "sepia")
    assert "--theme" in capsys.readouterr().err


def test_plain_codev_opens_in_the_projector_theme() -> None:
    from codev.cli.run_cmd import chosen_theme

    # Plain `codev` runs the set-up with arguments that have no theme options at all.
    assert chosen_theme(argparse.Namespace(speed=1.0, no_bell=False, dark=False)) == "codev-projector"


@pytest.mark.parametrize("command", ["demo", "view"])
def test_the_theme_reaches_the_app(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import codev.ui.app
    import codev.ui.view_app
    from codev.cli import main

    themes: list[str] = []

    class NotRun:
        return_code = 0
        crashed = False

        def __init__(self, config: Any) -> None:
            themes.append(config.theme)

        def run(self) -> None:
            pass

        def release(self) -> None:
            pass

    monkeypatch.setattr(codev.ui.app, "create_app", NotRun)
    monkeypatch.setattr(codev.ui.view_app, "create_view_app", NotRun)
    assert main([command, "--workspace", str(tmp_path), "--theme", "contrast"]) == 0
    assert themes == ["codev-contrast"]
