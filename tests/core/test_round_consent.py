"""A protocol of rounds (Troika) seen from each round: the round's client is not among its
consultants (speaking order, "who speaks", the engine's turns), the consent is asked of the
round's client and kept per client (journaled, replayed, older journals still read), what it
allows reaches the carnets per round client, and a new set-up's round clients are checked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from engine_support import T0, make_setup, step
from owners_support import started
from pydantic import ValidationError

from codev.core.clock import FakeClock
from codev.core.i18n import set_lang
from codev.core.protocol.loader import load_protocol
from codev.core.protocol.model import NoteKind, Protocol, Role
from codev.core.room import room_picture, speakers_text
from codev.core.session import AddNote, NextSpeaker, NextStep, Participant, SessionEngine, SessionSetup, Start
from codev.core.session.model import SetConsent, setup_refusal
from codev.core.session_controller import SessionController

TROIKA = Path(__file__).parents[2] / "protocols" / "troika.toml"

PEOPLE = (
    Participant(id="ana", name="Ana"),
    Participant(id="ben", name="Ben"),
    Participant(id="chloe", name="Chloé"),
    Participant(id="dora", name="Dora"),
    Participant(id="eli", name="Éli"),
)


def _turns_rounds() -> Protocol:
    """Two rounds of an account (notes: contract) then a round the table of consultants."""
    account = step("account", 5)
    account["repeat"] = True
    account["notes"] = ["contract", "question", "note"]
    consult = step("consult", 5, turns="consultants")
    consult["repeat"] = True
    consult["notes"] = ["suggestion", "note"]
    return Protocol.model_validate(
        {
            "id": "rounds",
            "rounds": 2,
            "title": {"fr": "Tours", "en": "Rounds"},
            "description": {"fr": "Des tours.", "en": "Rounds."},
            "steps": [step("opening", 5), account, consult],
        }
    )


def _setup(proto: Protocol, **overrides: object) -> SessionSetup:
    values: dict[str, object] = {
        "participants": PEOPLE,
        "client_id": "ana",
        "facilitator_id": "eli",
        "round_clients": ("ana", "ben"),
    }
    values.update(overrides)
    return make_setup(proto, **values)


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


# --- Consultants and speaking order follow the round's client --------------------------------


def test_each_rounds_consultants_leave_out_that_rounds_client() -> None:
    setup = _setup(_turns_rounds())
    steps = {item.id: item for item in setup.protocol.steps}
    assert setup.speaking_order(steps["consult-r1"]) == ("ben", "chloe", "dora")
    # Round 2: Ben is the client, Ana (the session's client) consults.
    assert setup.speaking_order(steps["consult-r2"]) == ("ana", "chloe", "dora")
    assert setup.consultants_of(steps["consult-r2"]) == ("ana", "chloe", "dora")
    text = speakers_text(setup, steps["consult-r2"].speakers, steps["consult-r2"])
    assert "Ana" in text and "Ben" not in text


def test_the_engines_turns_and_the_rooms_next_speaker_follow_the_round() -> None:
    setup = _setup(_turns_rounds())
    engine = SessionEngine(setup, FakeClock(T0))
    assert engine.apply(Start()) is None
    for _ in range(4):  # opening, account-r1, consult-r1, account-r2 → consult-r2
        assert engine.apply(NextStep()) is None
    view = engine.view()
    assert view.current.step.id == "consult-r2"
    assert view.turns is not None and view.turns.order == ("ana", "chloe", "dora")
    assert engine.apply(NextSpeaker()) is None
    picture = room_picture(setup, engine.view())
    assert (picture.speaker, picture.next_speaker) == ("Ana", "Chloé")
    assert [line.name for line in picture.turns] == ["Ana", "Chloé", "Dora"]


# --- Consent per round client -------------------------------------------------------------------


def _to_round_two(control: SessionController) -> None:
    while control.view().current.step.id != "account-r2":
        assert control.send(NextStep()) is None


def test_the_consent_is_the_rounds_clients_and_kept_per_client(tmp_path: Path) -> None:
    control, _ = started(tmp_path, _setup(_turns_rounds()))
    assert control.send(NextStep()) is None  # account-r1: Ana's round
    assert control.consent_client(control.view()) == "ana"
    assert control.consent(frozenset({"contract"})) is None
    _to_round_two(control)
    assert control.consent_client(control.view()) == "ben"
    # Ben's round: nothing shared yet, whatever Ana agreed to.
    assert control.view().consent_of("ben") == frozenset()
    assert control.consent(frozenset({"question", "suggestions"})) is None
    view = control.view()
    assert view.consent_of("ana") == {"contract"} and view.consent_of("ben") == {"question", "suggestions"}
    assert view.consent == {"contract"}  # the session's client's, as before


def test_the_per_client_consent_is_journaled_and_replayed_exactly(tmp_path: Path) -> None:
    control, _ = started(tmp_path, _setup(_turns_rounds()))
    assert control.send(NextStep()) is None
    assert control.consent(frozenset({"contract"})) is None
    _to_round_two(control)
    assert control.consent(frozenset({"question"})) is None
    path = control.engine.journal_path
    assert path is not None
    control.finish(str(tmp_path))
    entries = [json.loads(line)["entry"] for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    consents = [entry for entry in entries if entry["op"] == "set_consent"]
    # The session's client's consent writes the same line as before; another client is named.
    assert consents == [
        {"op": "set_consent", "share": ["contract"]},
        {"op": "set_consent", "share": ["question"], "client_id": "ben"},
    ]
    replayed = SessionEngine.load(path, FakeClock(T0 + 3600)).view()
    assert replayed.consent_of("ana") == {"contract"} and replayed.consent_of("ben") == {"question"}


def test_a_journal_from_before_consent_per_client_still_reads_as_the_sessions_client(
    tmp_path: Path,
) -> None:
    control, _ = started(tmp_path, _setup(_turns_rounds()))
    path = control.engine.journal_path
    assert path is not None
    control.engine.close()
    with path.open("a", encoding="utf-8") as journal:
        # As older codev wrote it: no client named.
        journal.write(
            json.dumps({"seq": 2, "at": T0 + 5, "entry": {"op": "set_consent", "share": ["question"]}})
        )
        journal.write("\n")
    view = SessionEngine.load(path, FakeClock(T0 + 10)).view()
    assert view.consent == {"question"} and view.consent_of("ana") == {"question"}
    assert view.consent_of("ben") == frozenset()


def test_a_consent_for_someone_who_is_no_client_is_refused(tmp_path: Path) -> None:
    control, _ = started(tmp_path, _setup(_turns_rounds()))
    refusal = control.send(SetConsent(share=frozenset({"question"}), client_id="chloe"))
    assert refusal is not None and refusal.message == "Chloé is not a client in this session."
    refusal = control.send(SetConsent(share=frozenset(), client_id="zz"))
    assert refusal is not None and refusal.message == "Unknown participant: zz."


def test_carnets_apply_each_round_clients_consent(tmp_path: Path) -> None:
    control, store = started(tmp_path, _setup(_turns_rounds()))

    def note(kind: NoteKind, author: str, text: str, step_id: str) -> None:
        assert control.send(AddNote(kind=kind, author_id=author, text=text, step_id=step_id)) is None

    note(NoteKind.CONTRACT, "eli", "Aidez Ana à déléguer", "account-r1")
    note(NoteKind.CONTRACT, "eli", "Aidez Ben à dire non", "account-r2")
    note(NoteKind.SUGGESTION, "chloe", "Dire non une fois par jour", "consult-r2")
    _to_round_two(control)
    # Ben shares his contract and suggestions; Ana shares nothing.
    assert control.consent(frozenset({"contract", "suggestions"})) is None
    assert control.finish(str(tmp_path)).problems == ()
    group = "Groupe « Cap » / 2024"
    (ben,) = store.load(group, "Ben").sessions
    assert ben.contract == "Aidez Ben à dire non"
    for name in ("Chloé", "Dora", "Éli", "Ana"):
        (entry,) = store.load(group, name).sessions
        kept = "\n".join([entry.contract, *entry.notes, *(s.text for s in entry.suggestions_received)])
        assert "Aidez Ben à dire non" in kept, name
        assert "Dire non une fois par jour" in kept, name
        if name != "Ana":
            assert "Aidez Ana à déléguer" not in kept, name


def test_withdrawn_consent_takes_the_round_clients_words_back(tmp_path: Path) -> None:
    control, store = started(tmp_path, _setup(_turns_rounds()))
    assert (
        control.send(
            AddNote(kind=NoteKind.CONTRACT, author_id="eli", text="Le contrat de Ben", step_id="account-r2")
        )
        is None
    )
    _to_round_two(control)
    assert control.consent(frozenset({"contract"})) is None
    assert control.flush(10)
    (chloe,) = store.load("Groupe « Cap » / 2024", "Chloé").sessions
    assert any("Le contrat de Ben" in text for text in chloe.notes)
    assert control.consent(frozenset()) is None
    assert control.flush(10)
    (chloe,) = store.load("Groupe « Cap » / 2024", "Chloé").sessions
    assert not any("Le contrat de Ben" in text for text in chloe.notes)


# --- A new set-up's round clients ---------------------------------------------------------------


def test_a_round_client_must_be_able_to_be_client() -> None:
    troika = load_protocol(TROIKA)
    refusal = setup_refusal(_setup(troika, round_clients=("ana", "eli", "chloe")))
    assert refusal is not None and refusal.message == "Round 2: Éli facilitates and cannot be its client."
    refusal = setup_refusal(_setup(troika, round_clients=("ana", "ben", "dora"), observer_ids=("dora",)))
    assert refusal is not None and refusal.message == "Round 3: Dora observes and cannot be its client."


def test_the_same_client_twice_only_when_the_group_is_smaller_than_the_rounds() -> None:
    troika = load_protocol(TROIKA)
    refusal = setup_refusal(_setup(troika, round_clients=("ana", "ben", "ana")))
    assert refusal is not None
    assert (
        refusal.message
        == "Ana is the client of two rounds: with 4 possible clients for 3 rounds, each is the client once."
    )
    pair = (Participant(id="ana", name="Ana"), Participant(id="ben", name="Ben"), PEOPLE[4])
    small = _setup(troika, participants=pair, round_clients=("ana", "ben", "ana"))
    assert setup_refusal(small) is None


def test_rounds_without_a_client_role_have_no_round_clients() -> None:
    # Workshops in rounds where nobody brings a case (partage-experiences): nobody is made
    # "the client" of a round, so nobody drops out of the consultants.
    from codev.core.protocol.library import find_protocol
    from codev.core.session.model import rotating_round_clients

    set_lang("en")
    protocol = find_protocol("partage-experiences", None).protocol
    assert protocol.rounds and not protocol.has_role(Role.CLIENT)
    assert rotating_round_clients(protocol, ["ana", "ben", "chloe"], "ana") == ()
    with pytest.raises(ValidationError, match="no client role"):
        SessionSetup(
            group="G",
            protocol=protocol,
            date=dt.date(2026, 1, 1),
            participants=(Participant(id="ana", name="Ana"), Participant(id="ben", name="Ben")),
            client_id=None,
            facilitator_id="ben",
            round_clients=("ana", "ana"),
            subject="S",
        )
