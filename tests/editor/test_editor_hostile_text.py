"""The editor shows a trainer's texts and file names as they are, square brackets included.

"[optionnel]" in a title, "[/]" in a step's name or a file called "atelier [optionnel].toml"
are ordinary; read as markup they vanish, or stop the editor with the changes unsaved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from codev.core.i18n import set_lang
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.dialogs.confirm import ConfirmDialog
from codev.ui.editor.fields import EditorField
from codev.ui.editor.screen import EditorScreen
from hostile_protocol import CLOSING_TAG_TITLES

ScreenText = Callable[..., str]
"""The ``screen_text`` fixture (tests/conftest.py): the screen, or one widget of it, as text."""

SIZE = (140, 48)
FILE_NAME = "atelier [optionnel].toml"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def protocol_file(workspace: Workspace, text: str = CLOSING_TAG_TITLES) -> Path:
    workspace.protocols_dir.mkdir(parents=True, exist_ok=True)
    path = workspace.protocols_dir / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def editor_app(path: Path, workspace: Workspace) -> CodevApp:
    return create_app(AppConfig(workspace=workspace, edit_protocol=path))


async def editor(pilot: Pilot[None]) -> EditorScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen)
    return screen


async def retype_minutes(pilot: Pilot[None], screen: EditorScreen, text: str) -> None:
    """Erase the step's minutes and type ``text``, as a trainer would."""
    box = next(field for field in screen.form.query(EditorField) if field.relative == ("minutes",)).query_one(
        Input
    )
    box.focus()
    await pilot.pause()
    await pilot.press("end", *["backspace"] * len(box.value), *text)
    await pilot.pause()


def toasts(app: CodevApp) -> str:
    """The notifications on show, each as drawn (read whole: they wrap long paths anywhere)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def shows(text: str, *expected: str) -> None:
    missing = [item for item in expected if item not in text]
    assert not missing, f"not on screen: {missing}\n{text}"


async def test_titles_rules_and_file_name_show_as_written(
    workspace: Workspace, screen_text: ScreenText
) -> None:
    path = protocol_file(workspace)
    app = editor_app(path, workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await editor(pilot)
        shows(screen_text(app), "[optional] Workshop [/]", "Presentation [/]", "Review [b]", FILE_NAME)
        await pilot.press("down")  # the first step's form
        await pilot.pause()
        shows(screen_text(app), "Forbidden: [advice]", "[without notes]")
        # The prompts are further down the step's form.
        screen.query_one("#editor-form").scroll_end(animate=False)
        await pilot.pause()
        shows(screen_text(app), "And then? [/]")
        screen.query_one("#editor-form").scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("delete")  # asks first, naming the step
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        shows(screen_text(app, app.screen.query_one("#dialog")), "Presentation [/]")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.draft.step_count == 2
        await retype_minutes(pilot, screen, "12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "minutes = 12" in path.read_text(encoding="utf-8")  # saved
        shows(toasts(app), f"protocols/{FILE_NAME}")


async def test_a_refused_save_quotes_the_problem_as_written(workspace: Workspace) -> None:
    # A key the format does not know: its name is the trainer's, brackets and all.
    unknown_key = CLOSING_TAG_TITLES.replace('version = "1.0"\n', 'version = "1.0"\n"[old]" = 1\n')
    path = protocol_file(workspace, unknown_key)
    app = editor_app(path, workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await editor(pilot)
        await pilot.press("down")
        await retype_minutes(pilot, screen, "12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "minutes = 10" in path.read_text(encoding="utf-8")  # not saved
        shows(toasts(app), "[old]")


async def test_a_file_that_cannot_be_opened_is_named_as_it_is(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    path = protocol_file(workspace, "format = [")
    app = editor_app(path, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 1
    assert FILE_NAME in capsys.readouterr().err
