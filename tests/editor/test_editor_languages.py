"""The editor shows each language a protocol has, and saving keeps every language's text.

The choice of languages is in the core (``form_languages``, tested headless); the screen is
driven once to see the fields, their order and the layout, and once to save a German and
Dutch protocol whose other languages and comments must come back untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.containers import Horizontal
from textual.widgets import Input, TextArea

from codev.core.i18n import set_lang
from codev.core.protocol.draft import ProtocolDraft, form_languages, text_languages
from codev.core.protocol.loader import load_protocol
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.editor.fields import EditorField, Translations, language_name
from codev.ui.editor.screen import EditorScreen

MULTILINGUAL = """\
# Intervisie, written in Dutch first.
id = "intervisie-mini"
languages = ["nl", "de", "en"]   # nl first: the language it was written in

[title]
nl = "Intervisie"   # the Dutch name
de = "Intervision"
en = "Peer review"

[description]
nl = "Een korte intervisie."
de = "Eine kurze Intervision."
pt-BR = "Uma intervisão curta."

[[steps]]
id = "vraag"
minutes = 5
speakers = "client"
[steps.title]
nl = "Vraag"
de = "Frage"
[steps.instructions]
nl = "Stel de vraag."
de = "Die Frage stellen."
[steps.allowed]
nl = [
    "Doorvragen",   # asking on
    "Stilte",
]
de = ["Nachfragen", "Schweigen"]
"""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


# --- Which languages (headless) ---------------------------------------------------------------


def test_the_file_s_languages_are_found() -> None:
    import tomllib

    data = tomllib.loads(MULTILINGUAL)
    assert text_languages(data) == ["nl", "de", "en", "pt-BR"]


@pytest.mark.parametrize(
    ("data", "interface", "expected"),
    [
        ({}, "en", ["fr", "en"]),
        ({}, "de", ["fr", "en", "de"]),
        ({"title": {"nl": "T"}}, "fr", ["fr", "en", "nl"]),
        ({"title": {"nl": "T", "pt-BR": "T", "de": "T"}}, "en", ["fr", "en", "de", "nl", "pt-BR"]),
        # A regional text of the interface's language stands for it; it sits after its language.
        ({"title": {"de-AT": "T"}}, "de", ["fr", "en", "de-AT"]),
        ({"title": {"de_AT": "T", "de": "T"}}, "en", ["fr", "en", "de", "de_AT"]),
        ({"languages": ["nl"], "steps": [{"prompts": {"de": ["x"]}}]}, "en", ["fr", "en", "de", "nl"]),
    ],
)
def test_the_form_shows_fr_en_the_file_s_and_the_interface_s_languages(
    data: dict[str, object], interface: str, expected: list[str]
) -> None:
    assert form_languages(data, interface) == expected


def test_language_names() -> None:
    assert [language_name(tag) for tag in ("fr", "en", "de", "nl", "pt-BR")] == [
        "French",
        "English",
        "German",
        "Dutch",
        "pt-BR",
    ]


def test_a_new_step_has_a_text_in_every_language_shown(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    path = tmp_path / "protocols" / "intervisie-mini.toml"
    path.parent.mkdir()
    path.write_text(MULTILINGUAL, encoding="utf-8")
    draft = ProtocolDraft.from_file(path, workspace)
    index = draft.add_step()
    # fr, en, de, nl have a catalogue; Portuguese has none, so no English text under its tag.
    assert set(draft.value(("steps", index, "title"))) == {"fr", "en", "de", "nl"}
    assert draft.validate().ok


def test_the_step_list_follows_the_declared_languages(tmp_path: Path) -> None:
    path = tmp_path / "protocols" / "intervisie-mini.toml"
    path.parent.mkdir()
    path.write_text(MULTILINGUAL, encoding="utf-8")
    draft = ProtocolDraft.from_file(path, Workspace(tmp_path))
    # No French: Dutch, declared first, shows (not the English of codev's own fallback).
    assert [summary.title for summary in draft.step_summaries("fr")] == ["Vraag"]
    assert draft.text_at(("title",), "fr") == "Intervisie"


# --- The screen ----------------------------------------------------------------------------------


def _write(workspace: Workspace) -> Path:
    workspace.protocols_dir.mkdir(parents=True)
    path = workspace.protocols_dir / "intervisie-mini.toml"
    path.write_text(MULTILINGUAL, encoding="utf-8")
    return path


async def test_the_form_has_a_field_per_language_stacked(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    path = _write(workspace)
    set_lang("de")
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        title = screen.query_one("#protocol-form").query(Translations).first()
        assert title.languages == ("fr", "en", "de", "nl", "pt-BR")
        fields = list(title.query(EditorField))
        assert [field.relative for field in fields] == [("title", tag) for tag in title.languages]
        assert [field.query_one(Input).value for field in fields] == [
            "",
            "Peer review",
            "Intervision",
            "Intervisie",
            "",
        ]
        # More than two languages: one below the other, each the full width, even on a wide screen.
        row = title.query_one(".languages", Horizontal)
        assert row.has_class("-stacked")
        assert len({field.region.x for field in fields}) == 1
        assert len({field.region.y for field in fields}) == len(fields)


async def test_saving_keeps_every_language_and_comment(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    path = _write(workspace)
    app = create_app(AppConfig(workspace=workspace, edit_protocol=path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await pilot.press("down")  # the first step
        await pilot.pause()
        for candidate in screen.form.query(EditorField):
            if candidate.relative == ("instructions", "fr"):
                area = candidate.query_one(TextArea)
        area.focus()
        await pilot.press(*"Poser la question.")
        await pilot.pause()
        assert screen.validation.ok
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.draft.dirty
    saved = path.read_text(encoding="utf-8")
    assert saved == MULTILINGUAL.replace(
        '[steps.instructions]\nnl = "Stel de vraag."\nde = "Die Frage stellen."\n',
        # A new language goes where the catalogue's order puts it: French before Dutch.
        '[steps.instructions]\nfr = "Poser la question."\nnl = "Stel de vraag."\nde = "Die Frage stellen."\n',
    )
    protocol = load_protocol(path)
    assert protocol.steps[0].instructions.get("fr") == "Poser la question."
    assert protocol.steps[0].allowed.get("nl") == ["Doorvragen", "Stilte"]
    assert protocol.description.get("pt_BR") == "Uma intervisão curta."
