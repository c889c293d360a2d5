"""The draft edits everything format 2 adds: roles, several speakers, rounds by role, the step
flags, sub-groups, the group size and the time box — keeping what the trainer wrote around them,
and validated by the loader as the trainer types."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import set_lang, t
from codev.core.protocol.draft import PROTOCOL_KEYS, STEP_KEYS, ProtocolDraft, speakers_from_text
from codev.core.protocol.library import builtin_protocols_dir
from codev.core.protocol.model import Protocol, Step
from codev.core.workspace import Workspace

BUILTIN = builtin_protocols_dir()

FORMAT_1 = """\
# Atelier de l'équipe A — keep this comment.
id = "atelier"   # the id
roles = ["client", "consultant", "facilitator"]  # who is there
title = { fr = "Atelier", en = "Workshop" }
description = { fr = "Un atelier" }

# The only step.
[[steps]]
id = "expose"
minutes = 10
speakers = "client"  # the client alone
title = { fr = "Exposé", en = "Presentation" }
instructions = { fr = "Le client expose." }
"""

ROLE_TABLES = """\
format = 2  # roles of our own
id = "atelier"
title = { fr = "Atelier", en = "Workshop" }
description = { fr = "Un atelier" }

# The trainer brings the case.
[[roles]]
id = "trainer"
meaning = "client"
title = { fr = "Formateur", en = "Trainer" }

[[roles]]
id = "facilitator"  # built-in
meaning = "facilitator"

[[steps]]
id = "expose"
minutes = 10
speakers = "trainer"
title = { fr = "Exposé", en = "Presentation" }
instructions = { fr = "Le formateur expose." }
"""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def draft_of(text: str, workspace: Workspace) -> ProtocolDraft:
    workspace.protocols_dir.mkdir(parents=True, exist_ok=True)
    path = workspace.protocols_dir / "atelier.toml"
    path.write_text(text, encoding="utf-8")
    return ProtocolDraft.from_file(path, workspace)


def problems(draft: ProtocolDraft) -> list[tuple[str | None, str]]:
    return [(problem.field, problem.message) for problem in draft.validate().problems]


def model_has(*names: str) -> pytest.MarkDecorator:
    """Skip until the model knows these keys (other helpers are adding them)."""
    known = set(Protocol.model_fields) | set(Step.model_fields)
    return pytest.mark.skipif(not set(names) <= known, reason=f"the model does not know {names} yet")


# --- Key order ---------------------------------------------------------------------------


def test_the_keys_are_placed_in_the_documented_order() -> None:
    assert PROTOCOL_KEYS == (
        "format",
        "id",
        "version",
        "author",
        "languages",
        "roles",
        "people",
        "time_box_minutes",
        "wrap_up_minutes",
        "joker_minutes",
        "rounds",
        "subgroups",
        "title",
        "description",
        "steps",
    )
    assert STEP_KEYS[:10] == (
        "id",
        "minutes",
        "min_minutes",
        "wrap_up_minutes",
        "optional",
        "protected",
        "repeat",
        "parallel",
        "each_commits",
        "speakers",
    )
    assert STEP_KEYS[-1] == "turns"


# --- Roles -------------------------------------------------------------------------------


def test_a_plain_role_reads_as_its_id_and_meaning(workspace: Workspace) -> None:
    draft = draft_of(FORMAT_1, workspace)
    assert draft.role_count == 3
    assert draft.value(("roles", 1, "id")) == "consultant"
    assert draft.value(("roles", 1, "meaning")) == "consultant"
    assert draft.value(("roles", 1, "count")) is None
    assert draft.value(("roles",)) == ["client", "consultant", "facilitator"]


def test_a_plain_role_stays_a_name_unless_edited_into_a_table(workspace: Workspace) -> None:
    draft = draft_of(FORMAT_1, workspace)
    draft.set_value(("roles", 2, "id"), "facilitator")  # typed back as it was
    draft.set_value(("roles", 2, "count"), None)
    assert not draft.dirty
    draft.set_value(("roles", 2, "title", "en"), "Host")
    assert draft.value(("roles",)) == [
        "client",
        "consultant",
        {"id": "facilitator", "meaning": "facilitator", "title": {"en": "Host"}},
    ]
    # A table in roles is format 2: written at the top, the comments kept.
    assert draft.text.startswith(
        '# Atelier de l\'équipe A — keep this comment.\nformat = 2\nid = "atelier"   # the id\n'
    )
    assert "# who is there" in draft.text and "# the client alone" in draft.text
    assert draft.validate().ok


def test_format_1_written_is_changed_in_place(workspace: Workspace) -> None:
    draft = draft_of("format = 1  # old\n" + FORMAT_1, workspace)
    draft.set_value(("roles", 0, "count"), "one")
    assert draft.text.startswith("format = 2  # old\n")
    assert draft.value(("roles", 0)) == {"id": "client", "meaning": "client", "count": "one"}
    assert draft.validate().ok


def test_a_role_table_s_keys_go_in_their_order(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("roles", 0, "count"), "at_most_one")
    text = draft.text
    assert text.index('meaning = "client"') < text.index('count = "at_most_one"') < text.index("Formateur")
    assert "# The trainer brings the case." in text and "# built-in" in text
    assert draft.validate().ok
    draft.set_value(("roles", 0, "count"), None)
    assert "count" not in text.replace('count = "at_most_one"', "") and "count" not in draft.text


def test_a_role_s_meaning_is_validated_with_the_loader_s_message(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("roles", 1, "meaning"), "client")
    assert ("roles.2.meaning", t("protocol.error.role_id_builtin", id="facilitator")) in problems(draft)
    draft.set_value(("roles", 1, "id"), "host")
    assert ("roles.2.id", t("protocol.error.role_needs_title", id="host")) in problems(draft)
    draft.set_value(("roles", 1, "title", "en"), "Host")
    assert (
        "roles.2.meaning",
        t("protocol.error.meaning_twice", meaning="client", other="trainer"),
    ) in problems(draft)


def test_a_role_s_title_is_set_and_unset_per_language(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("roles", 0, "title", "de"), "Trainer")
    assert draft.value(("roles", 0, "title")) == {"fr": "Formateur", "en": "Trainer", "de": "Trainer"}
    for lang in ("fr", "en", "de"):
        draft.set_value(("roles", 0, "title", lang), None)
    assert ("roles.1.id", t("protocol.error.role_needs_title", id="trainer")) in problems(draft)


def test_adding_a_role_to_a_format_1_file_writes_format_2_and_the_defaults(workspace: Workspace) -> None:
    text = FORMAT_1.replace('roles = ["client", "consultant", "facilitator"]  # who is there\n', "")
    draft = draft_of(text, workspace)
    index = draft.add_role()
    assert index == 3
    data = tomllib.loads(draft.text)
    assert data["format"] == 2
    # The roles a protocol without `roles` had are written out: the steps still have their client.
    assert data["roles"][:3] == ["client", "consultant", "facilitator"]
    added = data["roles"][3]
    assert added["id"] == "role-4" and added["meaning"] == "scribe"
    assert added["title"] == {"fr": "Nouveau rôle", "en": "New role"}
    assert draft.validate().ok
    assert draft.text.startswith("# Atelier de l'équipe A — keep this comment.\nformat = 2\n")


def test_a_role_added_to_a_list_goes_at_its_end_one_a_line(workspace: Workspace) -> None:
    draft = draft_of(FORMAT_1, workspace)
    assert draft.add_role() == 3
    assert draft.add_role() == 4
    data = tomllib.loads(draft.text)
    assert [role if isinstance(role, str) else role["meaning"] for role in data["roles"]] == [
        "client",
        "consultant",
        "facilitator",
        "scribe",
        "timekeeper",
    ]
    assert draft.validate().ok
    assert "# who is there" in draft.text


def test_a_role_added_to_role_tables_is_a_table(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    assert draft.add_role() == 2
    assert draft.text.count("[[roles]]") == 3
    assert draft.value(("roles", 2, "meaning")) == "consultant"
    assert draft.validate().ok
    draft.remove_role(2)
    assert draft.text == ROLE_TABLES


def test_removing_a_role_keeps_the_others_and_their_comments(workspace: Workspace) -> None:
    draft = draft_of(BUILTIN.joinpath("troc-de-competences.toml").read_text(encoding="utf-8"), workspace)
    draft.remove_role(3)  # the timekeeper
    assert [role if isinstance(role, str) else role["id"] for role in draft.value(("roles",))] == [
        "trainer",
        "consultant",
        "facilitator",
    ]
    assert "# Le formateur a son rôle" in draft.text
    assert draft.validate().ok
    draft.remove_role(0)  # the trainer, who speaks in step 4
    assert any(field == "steps.4.speakers" for field, _ in problems(draft))


# --- Speakers ----------------------------------------------------------------------------


def test_speakers_read_as_one_name_or_a_list() -> None:
    assert speakers_from_text("") is None
    assert speakers_from_text(" client ") == "client"
    assert speakers_from_text("trainer, facilitator") == ["trainer", "facilitator"]
    assert speakers_from_text("trainer facilitator,,") == ["trainer", "facilitator"]


def test_several_speakers_are_a_list_validated_as_typed(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("steps", 0, "speakers"), ["trainer", "facilitator"])
    assert 'speakers = ["trainer", "facilitator"]' in draft.text
    assert draft.validate().ok
    draft.set_value(("steps", 0, "speakers"), ["trainer", "learners"])
    expected = t(
        "protocol.error.unknown_speaker",
        id="learners",
        expected="client, consultants, everyone, facilitator, nobody",
    )
    assert problems(draft) == [("steps.1.speakers.2", expected)]
    draft.set_value(("steps", 0, "speakers"), "trainer")
    assert draft.text == ROLE_TABLES


def test_a_list_of_speakers_in_format_1_says_it_needs_format_2(workspace: Workspace) -> None:
    draft = draft_of(FORMAT_1, workspace)
    draft.set_value(("steps", 0, "speakers"), ["client", "facilitator"])
    assert ("steps.1.speakers", t("protocol.error.needs_format_2")) in problems(draft)
    assert "# the client alone" in draft.text


# --- Rounds, step flags -------------------------------------------------------------------


def test_rounds_may_name_a_role(workspace: Workspace) -> None:
    draft = draft_of(BUILTIN.joinpath("action-learning-set.toml").read_text(encoding="utf-8"), workspace)
    draft.set_value(("rounds",), 3)
    assert "rounds = 3\n" in draft.text
    assert "# The four steps of a presenter's slot run" in draft.text
    draft.set_value(("rounds",), "presenter")
    assert 'rounds = "presenter"\n' in draft.text
    draft.set_value(("rounds",), None)
    assert "rounds" not in tomllib.loads(draft.text)
    assert "# The four steps of a presenter's slot run" in draft.text


@model_has("rounds")
def test_rounds_by_role_is_validated(workspace: Workspace) -> None:
    draft = draft_of(BUILTIN.joinpath("action-learning-set.toml").read_text(encoding="utf-8"), workspace)
    assert draft.validate().ok  # rounds = "presenter", as the seed writes it
    draft.set_value(("rounds",), "nobody-here")
    assert any(field == "rounds" for field, _ in problems(draft))
    draft.set_value(("rounds",), 3)
    assert draft.validate().ok


@pytest.mark.parametrize("flag", ["parallel", "each_commits", "protected", "repeat"])
def test_a_step_flag_is_set_in_its_place_and_unset(workspace: Workspace, flag: str) -> None:
    draft = draft_of(FORMAT_1, workspace)
    draft.set_value(("steps", 0, flag), True)
    text = draft.text
    assert f"minutes = 10\n{flag} = true\nspeakers" in text
    draft.set_value(("steps", 0, flag), None)
    assert draft.text == FORMAT_1


def test_flags_keep_their_order_among_each_other(workspace: Workspace) -> None:
    draft = draft_of(FORMAT_1, workspace)
    for flag in ("each_commits", "protected", "parallel"):
        draft.set_value(("steps", 0, flag), True)
    assert "minutes = 10\nprotected = true\nparallel = true\neach_commits = true\nspeakers" in draft.text


@model_has("parallel", "each_commits")
def test_each_commits_is_a_valid_format_2_step_key(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("steps", 0, "each_commits"), True)
    assert draft.validate().ok
    assert draft.unknown_keys() == []


# --- Sub-groups, group size, time box ------------------------------------------------------


def test_subgroups_are_a_table_made_and_removed_with_its_keys(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("subgroups", "size"), 3)
    draft.set_value(("subgroups", "title", "fr"), "Trio")
    draft.set_value(("subgroups", "mix"), "company")
    assert draft.value(("subgroups",)) == {"size": 3, "mix": "company", "title": {"fr": "Trio"}}
    text = draft.text
    assert text.index("format = 2") < text.index("subgroups") < text.index("title = {")
    assert text.index("size") < text.index("mix") < text.index("Trio")
    for key in (("size",), ("mix",), ("title", "fr")):
        draft.set_value(("subgroups", *key), None)
    assert draft.text == ROLE_TABLES


def test_people_and_the_time_box_are_placed_after_roles(workspace: Workspace) -> None:
    draft = draft_of(FORMAT_1, workspace)
    draft.set_value(("time_box_minutes",), 90)
    draft.set_value(("people", "max"), 12)
    draft.set_value(("people", "min"), 3)
    assert draft.value(("people",)) == {"min": 3, "max": 12}
    text = draft.text
    assert text.index("# who is there") < text.index("people = { min = 3, max = 12 }")
    assert text.index("people") < text.index("time_box_minutes = 90") < text.index("title = {")
    draft.set_value(("people", "min"), None)
    draft.set_value(("people", "max"), None)
    draft.set_value(("time_box_minutes",), None)
    assert draft.text == FORMAT_1


@model_has("subgroups")
def test_subgroups_are_validated_as_typed(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("subgroups", "size"), 3)
    assert draft.validate().ok, problems(draft)
    draft.set_value(("subgroups", "size"), 1)
    assert any(field == "subgroups.size" for field, _ in problems(draft))
    draft.set_value(("subgroups", "size"), 3)
    draft.set_value(("subgroups", "by"), "company")
    assert any((field or "").startswith("subgroups") for field, _ in problems(draft))


@model_has("people", "time_box_minutes")
def test_people_and_the_time_box_are_validated_as_typed(workspace: Workspace) -> None:
    draft = draft_of(ROLE_TABLES, workspace)
    draft.set_value(("people", "min"), 3)
    draft.set_value(("people", "max"), 12)
    draft.set_value(("time_box_minutes",), 90)
    assert draft.validate().ok, problems(draft)
    draft.set_value(("people", "min"), 20)
    assert any((field or "").startswith("people") for field, _ in problems(draft))
    draft.set_value(("people", "min"), 3)
    draft.set_value(("time_box_minutes",), 5)
    assert any((field or "") in ("time_box_minutes", "steps.1.minutes") for field, _ in problems(draft))
