"""The built-in protocol library: every file loads, is complete in its languages and has sensible timings.

Also checks that the complete example of ``docs/protocols.md`` is a valid protocol, so that
the format reference cannot drift away from the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codev.core.protocol.library import Origin, find_protocol, load_library
from codev.core.protocol.loader import load_protocol, parse_protocol
from codev.core.protocol.model import LocalizedList, LocalizedText, Protocol
from codev.core.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS_DIR = ROOT / "protocols"
DOCS = ROOT / "docs" / "protocols.md"

EXPECTED_MINUTES: dict[str, tuple[float, float]] = {
    "codev": (95, 105),
    "codev-suivi": (105, 120),
    "codev-express": (55, 65),
    "kollegiale-beratung": (45, 50),
    "case-clinic": (50, 70),
    "troika": (25, 35),
    "intervisie-incident": (60, 70),
    # The formats of the seed texts (their own checks: tests/test_seed_protocols.py).
    "troc-de-competences": (170, 200),
    "partage-experiences": (150, 190),
    "cafe-reseau": (110, 130),
    "action-learning-set": (100, 110),  # one presenter's slot: the set-up says how many
}
"""Each built-in protocol id, with the range its total minutes must fall in."""

CLASSIC_STEPS = ["expose", "clarification", "contrat", "consultation", "synthese", "feedback"]

TROIKA_ROUND_PARTS = ("question", "clarifying", "consultation", "reflection")

PROTOCOL_FILES = sorted(PROTOCOLS_DIR.glob("*.toml"))


def _load(path: Path) -> Protocol:
    return load_protocol(path, path.name)


def _localized_fields(protocol: Protocol) -> list[tuple[str, LocalizedText | LocalizedList]]:
    """Every localized value of the protocol, with a readable name for failure messages."""
    fields: list[tuple[str, LocalizedText | LocalizedList]] = [
        ("title", protocol.title),
        ("description", protocol.description),
    ]
    for step in protocol.steps:
        fields += [
            (f"{step.id}.title", step.title),
            (f"{step.id}.instructions", step.instructions),
            (f"{step.id}.allowed", step.allowed),
            (f"{step.id}.forbidden", step.forbidden),
            (f"{step.id}.prompts", step.prompts),
        ]
        if step.purpose is not None:
            fields.append((f"{step.id}.purpose", step.purpose))
    return fields


def test_protocols_folder_holds_the_expected_files() -> None:
    assert {path.stem for path in PROTOCOL_FILES} >= set(EXPECTED_MINUTES)


@pytest.mark.parametrize("path", PROTOCOL_FILES, ids=lambda path: path.name)
def test_file_loads_and_is_named_after_its_id(path: Path) -> None:
    protocol = _load(path)
    assert protocol.id == path.stem
    # The seeds' formats with a role of their own (trainer, speaker, presenter) or sub-groups
    # (Troika's trios, cross-company tables) are format 2.
    assert protocol.format == (2 if path.stem in FORMAT_2 else 1)


FOUR_LANGUAGES = ("fr", "en", "de", "nl")
FORMAT_2 = {"troc-de-competences", "cafe-reseau", "action-learning-set", "troika", "partage-experiences"}
IN_FOUR_LANGUAGES = {"codev", "codev-express", "kollegiale-beratung", "intervisie-incident"}
"""The protocols complete in French, English, German and Dutch; the others have French and English."""


def _required_languages(protocol: Protocol) -> tuple[str, ...]:
    return FOUR_LANGUAGES if protocol.id in IN_FOUR_LANGUAGES else FOUR_LANGUAGES[:2]


@pytest.mark.parametrize("path", PROTOCOL_FILES, ids=lambda path: path.name)
def test_every_text_is_in_every_language_of_the_protocol(path: Path) -> None:
    protocol = _load(path)
    required = _required_languages(protocol)
    for name, value in _localized_fields(protocol):
        if isinstance(value, LocalizedText):
            for lang in required:
                assert value.texts.get(lang, "").strip(), f"{name}: no text in {lang}"
        elif not value.is_empty():
            counts = {lang: len(value.items.get(lang) or []) for lang in required}
            assert len(set(counts.values())) == 1, f"{name}: items per language {counts}"
            for lang in required:
                assert all(item.strip() for item in value.items[lang]), f"{name}: empty item in {lang}"


def test_four_protocols_are_complete_in_four_languages() -> None:
    # Guards the parametrized test above: these four really are the ones it checks in four.
    found = {path.stem for path in PROTOCOL_FILES if _load(path).id in IN_FOUR_LANGUAGES}
    assert found == IN_FOUR_LANGUAGES
    for path in PROTOCOL_FILES:
        protocol = _load(path)
        if protocol.id in IN_FOUR_LANGUAGES:
            languages = {tag for value in protocol.localized() for tag in value.languages}
            assert languages == set(FOUR_LANGUAGES), protocol.id


def test_each_protocol_declares_the_language_it_was_born_in() -> None:
    assert _load(PROTOCOLS_DIR / "kollegiale-beratung.toml").written_in[0] == "de"
    assert _load(PROTOCOLS_DIR / "intervisie-incident.toml").written_in[0] == "nl"
    assert _load(PROTOCOLS_DIR / "codev.toml").written_in[0] == "fr"


def test_kollegiale_beratung_speaks_tietze_s_german() -> None:
    protocol = _load(PROTOCOLS_DIR / "kollegiale-beratung.toml")
    assert [step.title.get("de") for step in protocol.steps] == [
        "Casting",
        "Spontanerzählung",
        "Schlüsselfrage",
        "Methodenwahl",
        "Beratung",
        "Abschluss",
    ]
    # An Austrian reader gets the German texts, a Swiss German one too.
    assert protocol.steps[2].title.get("de_AT") == "Schlüsselfrage"
    assert protocol.steps[2].title.get("de-CH") == "Schlüsselfrage"


def test_intervisie_speaks_dutch() -> None:
    protocol = _load(PROTOCOLS_DIR / "intervisie-incident.toml")
    assert protocol.title.get("nl") == "Intervisie — de incidentmethode"
    assert protocol.step("questions").title.get("nl_BE") == "Vragenronde"
    assert protocol.step("conseils").prompts.get("nl") == [
        "Wat zou jij in zijn plaats doen?",
        "Wie heeft nog geen advies gegeven?",
    ]


@pytest.mark.parametrize("path", PROTOCOL_FILES, ids=lambda path: path.name)
def test_main_steps_can_be_rebalanced_and_have_rules(path: Path) -> None:
    protocol = _load(path)
    assert any(step.min_minutes is not None for step in protocol.steps), "no step has a floor"
    assert any(not step.forbidden.is_empty() for step in protocol.steps), "no forbidden rule"
    for step in protocol.steps:
        assert not step.prompts.is_empty(), f"{step.id}: no facilitator prompt"
        assert step.notes, f"{step.id}: collects no notes"


@pytest.mark.parametrize(("protocol_id", "bounds"), EXPECTED_MINUTES.items())
def test_total_minutes(protocol_id: str, bounds: tuple[float, float]) -> None:
    protocol = _load(PROTOCOLS_DIR / f"{protocol_id}.toml")
    low, high = bounds
    assert low <= protocol.total_minutes <= high


def test_classic_protocol_has_the_six_steps_in_order() -> None:
    protocol = _load(PROTOCOLS_DIR / "codev.toml")
    assert [step.id for step in protocol.steps] == CLASSIC_STEPS


def test_express_protocol_keeps_the_classic_steps() -> None:
    protocol = _load(PROTOCOLS_DIR / "codev-express.toml")
    assert [step.id for step in protocol.steps] == CLASSIC_STEPS


def test_followup_protocol_opens_with_the_followup_round() -> None:
    protocol = _load(PROTOCOLS_DIR / "codev-suivi.toml")
    opening = protocol.steps[0]
    assert opening.id == "suivi"
    assert opening.speakers == "everyone"
    assert opening.notes == ["followup", "progress"]
    assert opening.turns is not None and opening.turns.who == "everyone"
    assert [step.id for step in protocol.steps[1:]] == CLASSIC_STEPS


def test_case_clinic_has_a_timekeeper() -> None:
    protocol = _load(PROTOCOLS_DIR / "case-clinic.toml")
    assert "timekeeper" in protocol.roles


def test_troika_has_three_rounds_of_four_steps() -> None:
    # Written once with rounds = 3, expanded by the loader into twelve numbered steps.
    protocol = _load(PROTOCOLS_DIR / "troika.toml")
    assert protocol.rounds == 3
    assert [step.id for step in protocol.steps] == ["preparation"] + [
        f"{part}-r{number}" for number in (1, 2, 3) for part in TROIKA_ROUND_PARTS
    ]
    assert protocol.step("preparation").round is None
    for number in (1, 2, 3):
        steps = [protocol.step(f"{part}-r{number}") for part in TROIKA_ROUND_PARTS]
        assert [step.round for step in steps] == [number] * 4
        assert [step.minutes for step in steps] == [1.5, 1.5, 5, 2]
        assert [step.min_minutes for step in steps] == [1, 1, 4, 1]
        assert steps[0].title.fr == f"Tour {number} — Question du client"
        assert steps[2].title.en == f"Round {number} — Consultation, client turned away"


def test_library_finds_every_builtin_protocol_without_problems() -> None:
    library = load_library()
    assert library.problems == []
    for protocol_id in EXPECTED_MINUTES:
        entry = library.get(protocol_id)
        assert entry is not None, protocol_id
        assert entry.origin is Origin.BUILTIN


def test_finding_one_protocol_gives_what_the_whole_library_gives() -> None:
    library = load_library()
    for protocol_id, entry in library.entries.items():
        # find_protocol reads only <id>.toml of the built-in folder.
        assert entry.path.stem == protocol_id
        found = find_protocol(protocol_id)
        assert found is not None and found.protocol == entry.protocol and found.origin is Origin.BUILTIN
    assert find_protocol("no-such-protocol") is None
    assert find_protocol("../codev") is None


def test_finding_one_protocol_sees_a_workspace_override_under_any_file_name(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    workspace.protocols_dir.mkdir(parents=True)
    text = (PROTOCOLS_DIR / "codev.toml").read_text(encoding="utf-8")
    (workspace.protocols_dir / "our-version.toml").write_text(
        text.replace('version = "', 'version = "9', 1), "utf-8"
    )
    expected = load_library(workspace).get("codev")
    found = find_protocol("codev", workspace)
    assert expected is not None and found is not None
    assert found.origin is Origin.WORKSPACE and found.path.name == "our-version.toml"
    assert found.protocol == expected.protocol and found.overrides_builtin


def _first_toml_block(markdown: str) -> str:
    match = re.search(r"^```toml\n(.*?)^```", markdown, re.DOTALL | re.MULTILINE)
    assert match is not None, "no ```toml block in docs/protocols.md"
    return match.group(1)


def test_docs_example_is_a_valid_protocol() -> None:
    example = _first_toml_block(DOCS.read_text(encoding="utf-8"))
    protocol = parse_protocol(example, "docs/protocols.md")
    assert protocol.total_minutes == 60
    assert any(step.optional for step in protocol.steps)
    assert any(step.turns is not None and step.turns.seconds for step in protocol.steps)
