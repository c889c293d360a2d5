"""Helpers for the carnet review tests: Karim's sessions, the review, the application."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot

from codev.core.logbook import (
    Action,
    FollowUp,
    FollowUpStatus,
    LogbookStore,
    SessionEntry,
    Suggestion,
)
from codev.core.protocol.model import Role
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, CodevApp, create_app
from codev.ui.carnet.review import CarnetReview
from codev.ui.carnet.screen import CarnetScreen

TZ = dt.timezone(dt.timedelta(hours=1))
KARIM = "Karim Benali"
HAND_COMMENT = "# Relu avec ma coach en mars : garder cette ligne.\n"
HAND_KEY = 'buddy = "Paul"\n'


def entry(number: int, days: int, role: Role, client: str, subject: str, **more: object) -> SessionEntry:
    """A session of the group "Managers", ``days`` after 14 January 2025."""
    return SessionEntry.model_validate(
        {
            "id": f"s{number:02d}",
            "date": dt.datetime(2025, 1, 14, 9, 30, tzinfo=TZ) + dt.timedelta(days=days),
            "group": "Managers",
            "number": number,
            "protocol": "codev",
            "protocol_title": "Codéveloppement (6 étapes)",
            "role": role,
            "client": client,
            "subject": subject,
            **more,
        }
    )


def karim_sessions() -> list[SessionEntry]:
    """Five sessions: consultant, client with a plan of three actions, follow-ups, facilitator."""
    return [
        entry(
            1,
            0,
            Role.CONSULTANT,
            "Marie Dupont",
            "Déléguer sans tout reprendre",
            suggestions_given=["Écrire une « définition de fini » avec l'équipe"],
            learnings=["Écouter sans préparer ma réponse."],
            feelings=["Un peu impatient au début."],
        ),
        entry(
            2,
            14,
            Role.CLIENT,
            KARIM,
            "Annoncer une réorganisation à mon équipe",
            question="Comment annoncer la réorganisation sans perdre la confiance de l'équipe ?",
            contract="Aidez-moi à préparer la réunion d'annonce.",
            suggestions_received=[
                Suggestion(author="Marie Dupont", text="Commencer par ce qui ne change pas."),
                Suggestion(author="Paul Martin", text="Prévoir un temps de questions anonymes."),
            ],
            actions=[
                Action(
                    id="1",
                    objective="Écrire les trois messages clés de l'annonce",
                    resources="30 minutes avec Marie",
                    deadline=dt.date(2025, 2, 10),
                    indicator="les messages tiennent sur une page",
                ),
                Action(id="2", objective="Rencontrer chaque chef d'équipe", deadline=dt.date(2025, 2, 20)),
                Action(id="3", objective="Ouvrir une boîte à questions anonyme"),
            ],
            learnings=["Je voulais tout contrôler : le groupe me l'a fait voir."],
            feelings=["Soulagé après la synthèse."],
        ),
        entry(
            3,
            28,
            Role.CONSULTANT,
            "Paul Martin",
            "Recruter un profil rare",
            suggestions_given=["Passer par les écoles"],
            followups=[
                FollowUp(
                    session="s02",
                    action="1",
                    objective="Écrire les trois messages clés de l'annonce",
                    status=FollowUpStatus.DONE,
                    comment="relus avec Marie, très utile",
                ),
                FollowUp(
                    session="s02",
                    action="2",
                    objective="Rencontrer chaque chef d'équipe",
                    status=FollowUpStatus.PARTLY,
                    comment="deux sur trois",
                ),
            ],
        ),
        entry(
            4,
            42,
            Role.FACILITATOR,
            "Élise Durand",
            "Dire non à sa direction",
            learnings=["Tenir le temps de la clarification est difficile."],
        ),
        entry(
            5,
            56,
            Role.CONSULTANT,
            "Zoé Leroy",
            "Gérer un conflit entre deux collègues",
            suggestions_given=["Les recevoir séparément d'abord"],
        ),
    ]


def make_workspace(root: Path) -> Workspace:
    """Karim's carnet in "Managers" (annotated by hand), and Marie's, in a fresh workspace."""
    workspace = Workspace(root)
    store = LogbookStore.for_workspace(workspace)
    sessions = karim_sessions()
    for session in sessions:
        store.upsert_entry(KARIM, session)
    store.upsert_entry("Marie Dupont", sessions[0].model_copy(update={"role": Role.CLIENT}))
    # What Karim added by hand: a comment and a key of his own, in his client session.
    path = carnet_file(workspace)
    text = path.read_text(encoding="utf-8")
    anchor = 'subject = "Annoncer une réorganisation à mon équipe"\n'
    path.write_text(text.replace(anchor, anchor + HAND_COMMENT + HAND_KEY), encoding="utf-8")
    return workspace


def add_second_group(workspace: Workspace) -> None:
    """Karim also belongs to "Direction 2025", where he was client once."""
    LogbookStore.for_workspace(workspace).upsert_entry(
        KARIM,
        entry(
            1,
            70,
            Role.CLIENT,
            KARIM,
            "Mon rôle dans le groupe de pairs",
            question="Comment passer la main ?",
            actions=[Action(id="1", objective="Proposer une rotation des animateurs")],
        ).model_copy(update={"group": "Direction 2025", "id": "d01"}),
    )


def carnet_file(workspace: Workspace, group: str = "Managers") -> Path:
    """Karim's carnet in ``group``."""
    refs = LogbookStore.for_workspace(workspace).carnets_of(KARIM)
    return next(ref.path for ref in refs if ref.group == group)


def open_review(workspace: Workspace, group: str | None = None) -> CarnetReview:
    """Karim's carnets (or one group's), loaded as ``codev carnet`` loads them."""
    store = LogbookStore.for_workspace(workspace)
    refs = [ref for ref in store.carnets_of(KARIM) if group is None or ref.group == group]
    return CarnetReview.load(store, refs)


def carnet_app(workspace: Workspace, review: CarnetReview | None = None) -> CodevApp:
    """The application opened on Karim's carnets, as ``codev carnet`` builds it."""
    return create_app(AppConfig(workspace=workspace, carnet=review or open_review(workspace)))


async def review_screen(pilot: Pilot[None]) -> CarnetScreen:
    """The review screen, once the application has opened it."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CarnetScreen)
    return screen
