"""Loading protocol files: every way a file can be wrong gives a located, translated problem."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from codev.core.i18n import set_lang
from codev.core.protocol.loader import ProtocolError, load_protocol, parse_protocol
from codev.core.protocol.model import Protocol

BROKEN = Path(__file__).parent / "broken"
CLASSIC = Path(__file__).parents[2] / "protocols" / "codev.toml"

# One line per problem, exactly as `codev protocol check` prints it (file name relative).
EXPECTED_EN = {
    "bad_enum.toml": [
        "bad_enum.toml:10: steps.1.speakers: unknown value; expected one of: client, consultants, everyone, "
        "facilitator, nobody"
    ],
    "bad_id.toml": ["bad_id.toml:1: id: invalid id: lowercase letters, digits, '-' and '_' only"],
    "binary.toml": ["binary.toml:2: binary file: TOML text is expected"],
    "duplicate_step.toml": ["duplicate_step.toml:13: steps.2.id: step id 'expose' is already used by step 1"],
    "empty.toml": ["empty.toml: the file is empty"],
    "empty_text.toml": ["empty_text.toml:2: title: give the text in at least one language (fr, en, de…)"],
    "floor_above.toml": [
        "floor_above.toml:17: steps.2.min_minutes: min_minutes (15) is more than minutes (10)"
    ],
    "latin1.toml": ["latin1.toml:2: the text is not UTF-8 (save the file as UTF-8)"],
    "missing_field.toml": ["missing_field.toml:5: steps.1.instructions: required field is missing"],
    "negative_minutes.toml": ["negative_minutes.toml:9: steps.1.minutes: must be greater than 0"],
    "no_steps.toml": ["no_steps.toml:4: steps: at least 1 item expected"],
    "syntax.toml": ["syntax.toml:3: TOML syntax error: Illegal character '\\n'"],
    "turns_client.toml": [
        "turns_client.toml:12: steps.1.turns.who: only 'consultants' or 'everyone' can take turns"
    ],
    "unknown_key.toml": ["unknown_key.toml:11: steps.1.duraton: unknown key (a typo?)"],
    "wrong_type.toml": [
        "wrong_type.toml:9: steps.1.minutes: a number is expected",
        "wrong_type.toml:11: steps.1.optional: true or false is expected",
    ],
}


@pytest.fixture(autouse=True)
def english() -> None:
    set_lang("en")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path, path.name)
    return [str(problem) for problem in caught.value.problems]


def test_the_corpus_is_complete() -> None:
    assert sorted(EXPECTED_EN) == sorted(path.name for path in BROKEN.glob("*.toml"))


@pytest.mark.parametrize("name", sorted(EXPECTED_EN))
def test_broken_file_gives_located_problem(name: str) -> None:
    assert problems_of(BROKEN / name) == EXPECTED_EN[name]


def test_problems_are_in_french_when_asked() -> None:
    set_lang("fr")
    assert problems_of(BROKEN / "unknown_key.toml") == [
        "unknown_key.toml:11: steps.1.duraton: clé inconnue (faute de frappe ?)"
    ]
    assert problems_of(BROKEN / "floor_above.toml") == [
        "floor_above.toml:17: steps.2.min_minutes: min_minutes (15) dépasse minutes (10)"
    ]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.toml") == ["nope.toml: file not found"]
    assert problems_of(tmp_path) == [f"{tmp_path.name}: this is a folder, not a file"]


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text('id = "x"\n')
    path.chmod(0)
    try:
        try:
            path.read_bytes()
        except PermissionError:
            assert problems_of(path) == ["secret.toml: permission denied"]
        else:
            pytest.skip("running as a user who can read anything (root)")
    finally:
        path.chmod(0o600)


def test_byte_order_mark_is_accepted() -> None:
    text = CLASSIC.read_text(encoding="utf-8")
    assert parse_protocol("\ufeff" + text, "bom.toml").id == "codev"


def test_newer_format_asks_for_an_update() -> None:
    text = CLASSIC.read_text(encoding="utf-8").replace("format = 1", "format = 3")
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "new.toml")
    (problem,) = caught.value.problems
    # Line 5: the file opens with its comment in each of its four languages.
    assert (problem.line, problem.field) == (5, "format")
    assert "update codev" in problem.message


def test_missing_language_falls_back_to_the_other() -> None:
    protocol = parse_protocol(
        'id = "x"\ntitle = { fr = "Titre" }\ndescription = { en = "Text" }\n'
        '[[steps]]\nid = "a"\ntitle = { fr = "A" }\ninstructions = { en = "Do" }\n'
        'minutes = 1.5\nspeakers = "everyone"\n',
        "x.toml",
    )
    assert protocol.title.get("en") == "Titre"
    assert protocol.description.get("fr") == "Text"
    assert protocol.total_minutes == 1.5


def test_wrap_up_default_is_capped_to_half_a_short_step() -> None:
    protocol = load_protocol(CLASSIC)
    short = protocol.steps[0].model_copy(update={"minutes": 2.0, "min_minutes": None})
    assert protocol.wrap_up_for(short) == 1.0
    assert protocol.wrap_up_for(protocol.steps[1]) == 2.0


# --- Property-based: whatever the input, the loader returns a protocol or ProtocolError.


def _assert_only_documented_errors(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        result = load_protocol(path)
    except ProtocolError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.message
            assert problem.line is None or 1 <= problem.line <= max(1, data.count(b"\n") + 1)
    else:
        assert isinstance(result, Protocol)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_only_documented_errors(data, tmp_path_factory.mktemp("bytes"))


toml_scalars = st.one_of(
    st.text(max_size=20), st.integers(-10, 10_000), st.floats(allow_nan=False), st.booleans()
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
step_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["expose", "a", "a"]), st.text(max_size=10)),
        "title": st.one_of(st.fixed_dictionaries({"fr": st.text(max_size=10)}), toml_values),
        "instructions": st.one_of(st.fixed_dictionaries({"en": st.text(max_size=10)}), toml_values),
        "minutes": st.one_of(st.floats(-5, 100), st.integers(-5, 100), toml_values),
        "min_minutes": st.one_of(st.floats(-5, 100), toml_values),
        "speakers": st.one_of(st.sampled_from(["client", "consultants", "everyone"]), toml_values),
        "turns": st.one_of(
            st.fixed_dictionaries({"who": st.sampled_from(["client", "everyone"])}), toml_values
        ),
        "extra": toml_values,
    },
)
protocol_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just("demo"), st.text(max_size=10)),
        "title": st.one_of(st.fixed_dictionaries({"fr": st.text(max_size=10)}), toml_values),
        "description": st.one_of(st.fixed_dictionaries({"en": st.text(max_size=10)}), toml_values),
        "steps": st.lists(step_like, max_size=4),
        "roles": st.lists(st.sampled_from(["client", "consultant", "scribe", "x"]), max_size=3),
        "format": st.integers(-1, 3),
    },
)


@settings(max_examples=300, deadline=None)
@given(document=protocol_like)
def test_arbitrary_toml_documents_never_crash(
    document: dict[str, object], tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = tomli_w.dumps(document).encode("utf-8")
    _assert_only_documented_errors(data, tmp_path_factory.mktemp("toml"))


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(min_value=0), junk=st.binary(max_size=20))
def test_damaged_classic_protocol_never_crashes(
    cut: int, junk: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    original = CLASSIC.read_bytes()
    position = cut % (len(original) + 1)
    _assert_only_documented_errors(original[:position] + junk, tmp_path_factory.mktemp("cut"))


def test_every_problem_in_a_typo_ridden_file_has_a_line() -> None:
    document = tomllib.loads(CLASSIC.read_text(encoding="utf-8"))
    for step in document["steps"]:
        step["minuts"] = step.pop("minutes")
    text = tomli_w.dumps(document)
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "typos.toml")
    lines = text.splitlines()
    assert len(caught.value.problems) == 2 * len(document["steps"])  # missing + unknown, per step
    for problem in caught.value.problems:
        assert problem.line is not None
        if problem.field and problem.field.endswith("minuts"):
            assert lines[problem.line - 1].startswith("minuts")
