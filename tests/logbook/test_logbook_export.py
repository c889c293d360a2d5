"""Exports (Markdown, standalone HTML, properly escaped) and ``codev carnet export``."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from carnet_cli_support import run

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import (
    Action,
    CommitmentStatus,
    FollowUp,
    FollowUpStatus,
    Logbook,
    LogbookStore,
    SessionEntry,
    Suggestion,
)
from codev.core.logbook.export import ExportFormat, export, md_escape, to_html, to_markdown
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2025, 6, 30, 18, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    before = get_lang()
    set_lang("fr")
    yield
    set_lang(before)


def client_entry() -> SessionEntry:
    return SessionEntry(
        id="s1",
        date=dt.datetime(2025, 1, 14, 9, 30, tzinfo=TZ),
        group="Managers",
        number=3,
        protocol="codev",
        protocol_title="Codéveloppement",
        role=Role.CLIENT,
        client="Marie",
        subject="Déléguer <vraiment> *tout*",
        question="Comment déléguer ?\n- sans tout reprendre",
        contract="Aidez-moi à lâcher prise",
        suggestions_received=[Suggestion(author="Paul & Co", text="Une « définition de fini »")],
        actions=[
            Action(
                id="1",
                objective="Co-écrire la définition",
                resources="30 min",
                deadline=dt.date(2025, 1, 31),
                indicator="Le reporting part seul",
                status=CommitmentStatus.DONE,
            )
        ],
        learnings=["<script>alert('x')</script>", "# pas un titre"],
        feelings=["Soulagée"],
    )


def consultant_entry() -> SessionEntry:
    return SessionEntry(
        id="s2",
        date=dt.datetime(2025, 2, 11, 9, 30, tzinfo=TZ),
        group="Managers",
        number=4,
        role=Role.CONSULTANT,
        client="Paul",
        subject="Un conflit",
        suggestions_given=["Les recevoir ensemble"],
        progress=["Le reporting est parti sans moi"],
        followups=[
            FollowUp(
                session="s1", action="1", objective="Co-écrire la définition", status=FollowUpStatus.DONE
            )
        ],
    )


def logbook(group: str = "Managers") -> Logbook:
    return Logbook(participant="Marie", group=group, sessions=[consultant_entry(), client_entry()])


def test_markdown_reads_well_and_escapes_what_people_wrote() -> None:
    text = to_markdown([logbook()], now=NOW)
    assert text.startswith("# Carnet de bord — Marie\n")
    assert "**Exporté le :** 30 juin 2025" in text
    assert text.index("## Séance 3 — 14 janvier 2025") < text.index("## Séance 4 — 11 février 2025")
    assert "**Sujet :** Déléguer \\<vraiment\\> \\*tout\\*" in text
    assert "Comment déléguer ?  \n\\- sans tout reprendre" in text
    assert "- **Paul & Co** — Une « définition de fini »" in text
    assert "1. Co-écrire la définition\n   - *Ressources :* 30 min\n   - *Échéance :* 31 janvier 2025" in text
    assert "   - *Statut :* tenu" in text
    assert "- \\<script\\>alert('x')\\</script\\>" in text and "- \\# pas un titre" in text
    assert "- **Co-écrire la définition — fait**" in text
    assert "**Engagements :** 1 — tenus : 1, abandonnés : 0, en cours : 0" in text
    assert "### Enseignements" in text and "### Ressentis" in text and "### Progrès" in text


def test_markdown_escaping_keeps_the_text() -> None:
    assert md_escape("1. a *b* [c](d) `e` <f> | g_h") == "\\1. a \\*b\\* \\[c\\](d) \\`e\\` \\<f\\> \\| g\\_h"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_standalone_printable_and_escaped() -> None:
    page = to_html([logbook()], now=NOW)
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "<style>" in page and "@media print" in page
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Paul &amp; Co" in page
    assert "http" not in page.split("<body>")[0].replace("http-equiv", "")  # nothing fetched from outside
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.tags.count("section") == 2
    text = "".join(parser.text)
    assert "Déléguer <vraiment> *tout*" in text and "<script>alert('x')</script>" in text


def test_several_groups_make_one_document() -> None:
    text = export([logbook(), logbook("Second")], ExportFormat.MARKDOWN, now=NOW)
    assert "## Groupe « Managers »" in text and "## Groupe « Second »" in text
    assert "### Séance 3 — 14 janvier 2025" in text


def test_english_export() -> None:
    set_lang("en")
    text = to_markdown([logbook()], now=NOW)
    assert text.startswith("# Logbook — Marie\n") and "**Exported on:** June 30, 2025" in text
    assert "### Learnings" in text and "**Role:** consultant" in text


def test_an_empty_carnet_exports() -> None:
    text = to_markdown([Logbook(participant="Zoé", group="G")], now=NOW)
    assert "Aucune séance pour l’instant." in text


# ------------------------------------------------------------------ the command


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store = LogbookStore(tmp_path / "logbooks")
    for entry in (client_entry(), consultant_entry()):
        store.upsert_entry("Marie", entry)
        store.upsert_entry("Élise Durand", entry.model_copy(update={"role": Role.FACILITATOR}))
    store.upsert_entry("Marie", client_entry().model_copy(update={"group": "Second"}))
    return tmp_path


def test_export_to_stdout(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(workspace, "carnet", "export", "Marie", "--group", "Managers", "--format", "md") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Carnet de bord — Marie\n") and "Groupe « Second »" not in out


def test_export_every_group_by_default_and_a_forgiving_name(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(workspace, "carnet", "export", "marie") == 0
    out = capsys.readouterr().out
    assert "## Groupe « Managers »" in out and "## Groupe « Second »" in out
    assert run(workspace, "carnet", "export", "elise") == 0
    assert capsys.readouterr().out.startswith("# Carnet de bord — Élise Durand\n")


def test_export_to_a_private_file_format_from_the_extension(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workspace / "marie.html"
    assert run(workspace, "carnet", "export", "Marie", "-o", str(target)) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert str(target) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("Nobody",), "aucun carnet au nom de « Nobody ». Carnets existants : Élise Durand, Marie"),
        (
            ("Marie", "--group", "Troisième"),
            "Marie n’a pas de carnet dans le groupe « Troisième ». Ses groupes :",
        ),
        (("Marie", "-o", "/no/such/folder/x.md"), "le dossier /no/such/folder n’existe pas"),
    ],
)
def test_clear_errors_and_exit_1(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    assert run(workspace, "carnet", "export", *argv) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and captured.out == ""


def test_an_ambiguous_name_is_refused(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    LogbookStore(workspace / "logbooks").upsert_entry("Marion", client_entry())
    assert run(workspace, "carnet", "export", "Mari") == 1
    assert "« Mari » peut désigner plusieurs personnes : Marie, Marion" in capsys.readouterr().err


def test_a_damaged_carnet_is_reported_with_its_line(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ref,) = [r for r in LogbookStore(workspace / "logbooks").carnets_of("Marie") if r.group == "Second"]
    ref.path.write_text(
        ref.path.read_text(encoding="utf-8").replace("format = 1", "format = 3"), encoding="utf-8"
    )
    assert run(workspace, "carnet", "export", "Marie", "--group", "Second") == 1
    err = capsys.readouterr().err
    assert f"{ref.path}:4: format 3 plus récent" in err and "Traceback" not in err


def test_an_empty_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "carnet", "export", "Marie") == 1
    assert "Carnets existants : —" in capsys.readouterr().err
