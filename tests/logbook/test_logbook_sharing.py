"""Choosing which sessions leave a carnet, and exporting it without naming the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from carnet_cli_support import run

from codev.core.i18n import get_lang, set_lang
from codev.core.logbook import (
    Action,
    FollowUp,
    FollowUpStatus,
    Logbook,
    LogbookStore,
    SessionEntry,
    Suggestion,
)
from codev.core.logbook.export import to_markdown
from codev.core.logbook.sharing import SessionSelection, UnknownSessions, anonymise, select_sessions
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2025, 6, 30, 18, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    before = get_lang()
    set_lang("fr")
    yield
    set_lang(before)


def entries() -> list[SessionEntry]:
    mine = SessionEntry(
        id="s1",
        date=dt.datetime(2025, 1, 14, 9, 30, tzinfo=TZ),
        group="Managers",
        number=3,
        role=Role.CLIENT,
        client="Marie",
        subject="Déléguer sans tout reprendre",
        question="Comment déléguer à Paul ?",
        contract="Aidez-moi à lâcher prise",
        suggestions_received=[
            Suggestion(author="Paul Martin", text="Demande à élise durand ce qu’elle en pense"),
            Suggestion(author="Élise Durand", text="Un point par semaine"),
        ],
        actions=[Action(id="1", objective="En parler avec Paul Martin", indicator="Paul Martin dit oui")],
    )
    theirs = SessionEntry(
        id="s2",
        date=dt.datetime(2025, 2, 11, 9, 30, tzinfo=TZ),
        group="Managers",
        number=4,
        role=Role.CONSULTANT,
        client="Élise Durand",
        subject="Son conflit avec Paul Martin",
        suggestions_given=["Élise, tu pourrais écrire à Paul Martin"],
        learnings=["Marie apprend à se taire"],
        followups=[
            FollowUp(session="s1", action="1", status=FollowUpStatus.DONE, comment="Paul Martin a dit oui")
        ],
    )
    later = SessionEntry(
        id="s3",
        date=dt.datetime(2025, 3, 11, 9, 30, tzinfo=TZ),
        group="Managers",
        number=5,
        role=Role.OBSERVER,
    )
    return [mine, theirs, later]


def carnet() -> Logbook:
    return Logbook(participant="Marie", group="Managers", sessions=entries())


def test_sessions_are_chosen_by_number_id_or_dates() -> None:
    def kept(selection: SessionSelection) -> list[str]:
        return [entry.id for entry in select_sessions([carnet()], selection)[0].sessions]

    assert kept(SessionSelection()) == ["s1", "s2", "s3"]
    assert kept(SessionSelection(sessions=("3", "s3"))) == ["s1", "s3"]
    assert kept(SessionSelection(since=dt.date(2025, 2, 11))) == ["s2", "s3"]
    assert kept(SessionSelection(until=dt.date(2025, 2, 11))) == ["s1", "s2"]
    assert kept(SessionSelection(sessions=("4",), since=dt.date(2025, 3, 1))) == []


def test_an_unknown_session_is_named_with_those_there_are() -> None:
    with pytest.raises(UnknownSessions) as caught:
        select_sessions([carnet()], SessionSelection(sessions=("3", "44")))
    assert "44" in caught.value.message and "3 (s1), 4 (s2), 5 (s3)" in caught.value.message


def test_anonymised_carnet_names_nobody_else_and_hides_their_subjects() -> None:
    shown = to_markdown(anonymise([carnet()]), now=NOW)
    for other in ("Paul", "Élise", "élise", "Durand", "conflit"):
        assert other not in shown, other
    # The owner's own case and words stay hers; others become members, numbered in order.
    assert "Marie" in shown and "Déléguer sans tout reprendre" in shown and "lâcher prise" in shown
    assert "**membre 1** — Demande à membre 2 ce qu’elle en pense" in shown
    assert "**membre 2** — Un point par semaine" in shown
    assert "En parler avec membre 1" in shown
    assert "(le sujet d’un·e autre membre)" in shown
    assert "**Client :** membre 2" in shown
    # People write first names alone: "Élise" is hers, "Paul" his; the owner's stays.
    assert "membre 2, tu pourrais écrire à membre 1" in shown
    assert "membre 1 a dit oui" in shown and "Marie apprend à se taire" in shown


def test_anonymising_does_not_touch_the_carnet_itself() -> None:
    original = carnet()
    anonymise([original])
    assert original.sessions[1].client == "Élise Durand"


def test_the_export_command_chooses_and_anonymises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    for entry in entries():
        store.upsert_entry("Marie", entry)
    assert run(tmp_path, "carnet", "export", "Marie", "--session", "4", "--anonymise") == 0
    out = capsys.readouterr().out
    assert "Séance 4" in out and "Séance 3" not in out and "Paul" not in out and "Élise" not in out
    assert run(tmp_path, "carnet", "export", "Marie", "--since", "2025-03-01") == 0
    out = capsys.readouterr().out
    assert "Séance 5" in out and "Séance 4" not in out
    assert run(tmp_path, "carnet", "export", "Marie", "--session", "9") == 1
    assert "pas de séance 9" in capsys.readouterr().err


def test_members_known_only_from_the_group_file_are_hidden_in_texts_too() -> None:
    book = carnet()
    noted = book.sessions[2].model_copy(update={"notes": ["Zoé Blanc est arrivée en retard, Zoé s’excuse"]})
    book = book.model_copy(update={"sessions": [*book.sessions[:2], noted]})
    shown = to_markdown(anonymise([book], others=["Zoé Blanc", "Marie"]), now=NOW)
    assert "Zoé" not in shown and "membre 3 est arrivée en retard, membre 3 s’excuse" in shown
    assert "Marie apprend" in shown  # the owner is never a member to hide
