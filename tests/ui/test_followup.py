"""The opening step brings back earlier commitments; what the facilitator records lands in the carnets."""

from __future__ import annotations

import datetime as dt

from codev.core.clock import FakeClock
from codev.core.logbook import Action, CommitmentStatus, LogbookStore, OpenCommitment, SessionRecord
from codev.core.logbook import Participant as CarnetParticipant
from codev.core.protocol.library import load_library
from codev.core.protocol.model import Role
from codev.core.workspace import Workspace
from codev.ui.app import AppConfig, create_app
from codev.ui.demo import demo_setup
from codev.ui.dialogs.followup import FollowUpDialog, commitment_option
from codev.ui.screens.live import LiveScreen


def previous_session(store: LogbookStore) -> None:
    store.save_session(
        SessionRecord(
            id="20251201-0900-abc123",
            date=dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC),
            group="Démo",
            number=1,
            protocol="codev",
            subject="Déléguer",
            participants=[
                CarnetParticipant(name="Karim Benali", role=Role.CLIENT),
                CarnetParticipant(name="Hélène Dubois", role=Role.FACILITATOR),
            ],
            actions=[Action(id="a1", objective="Déléguer le reporting à Lina")],
        )
    )


async def test_commitment_followed_up_in_the_opening_step(workspace: Workspace, clock: FakeClock) -> None:
    store = LogbookStore.for_workspace(workspace)
    previous_session(store)
    entry = load_library().get("codev-suivi")
    assert entry is not None
    setup = demo_setup(entry.protocol, today=dt.date(2026, 1, 1)).model_copy(update={"number": 2})
    app = create_app(AppConfig(workspace=workspace, clock=clock, setup=setup, bell=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        await pilot.press("space")
        screen.refresh_view()
        await pilot.pause()
        panel = str(screen.query_one("#commitments").render())
        assert "Karim Benali : Déléguer le reporting à Lina" in panel
        assert "à entendre" in panel
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog)
        await pilot.press("enter", "2")  # the commitment, then "partly"
        await pilot.press(*"Fait pour moitié", "enter")
        await pilot.pause()
        screen.refresh_view()
        await pilot.pause()
        assert "en partie" in str(screen.query_one("#commitments").render())
        await pilot.press("n")  # the next step does not collect follow-ups
        await pilot.pause()
        assert not screen.query_one("#commitments").display
    carnet = store.load("Démo", "Karim Benali")
    today = next(item for item in carnet.sessions if item.id != "20251201-0900-abc123")
    (followup,) = today.followups
    assert (followup.session, followup.action, followup.status.value) == (
        "20251201-0900-abc123",
        "a1",
        "partly",
    )
    assert followup.comment == "Fait pour moitié"
    assert followup.objective == "Déléguer le reporting à Lina"
    earlier = carnet.entry("20251201-0900-abc123")
    assert earlier is not None and earlier.actions[0].status is CommitmentStatus.OPEN  # partly: still open


def test_the_followup_dialog_shows_each_commitments_deadline_and_indicator() -> None:
    action = Action(
        id="a1",
        objective="Déléguer le reporting à Lina",
        deadline=dt.date(2025, 12, 19),
        indicator="Lina l'envoie seule",
    )
    item = OpenCommitment("Karim Benali", "s1", dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC), 1, "", action)
    lines = commitment_option(item).plain.splitlines()
    assert lines[0] == "Karim Benali : Déléguer le reporting à Lina (1er décembre 2025)"
    assert "échéance : 19 décembre 2025" in lines[1] and "indicateur : Lina l'envoie seule" in lines[1]
    bare = OpenCommitment("Karim Benali", "s1", item.session_date, 1, "", Action(id="a2", objective="Lire"))
    assert commitment_option(bare).plain == "Karim Benali : Lire (1er décembre 2025)"
