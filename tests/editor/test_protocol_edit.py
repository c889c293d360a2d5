"""The headless protocol editor: drafts keep what the trainer wrote, and only valid protocols are saved."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from codev.core.i18n import set_lang, t
from codev.core.protocol.draft import (
    EditError,
    ProtocolDraft,
    copy_protocol,
    lines_from_text,
    number_from_text,
    open_draft,
    words_from_text,
    write_atomically,
)
from codev.core.protocol.library import builtin_protocols_dir, load_library
from codev.core.protocol.loader import ProtocolError, load_protocol
from codev.core.workspace import Workspace

BUILTIN = builtin_protocols_dir()
DOCS = Path(__file__).parents[2] / "docs" / "protocols.md"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_lang("en")
    yield
    set_lang("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def docs_example() -> str:
    """The hand-commented protocol of the format reference, one comment per step."""
    match = re.search(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert match is not None
    return match.group(1)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def draft_of(text: str, workspace: Workspace, name: str = "atelier.toml") -> ProtocolDraft:
    return ProtocolDraft.from_file(write(workspace.protocols_dir, name, text), workspace)


def step_ids(draft: ProtocolDraft) -> list[str]:
    return [summary.id for summary in draft.step_summaries("en")]


# --- Opening changes nothing ---------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(BUILTIN.glob("*.toml")), ids=lambda path: path.stem)
def test_every_builtin_opens_unchanged(path: Path, workspace: Workspace) -> None:
    draft = ProtocolDraft.from_file(path, workspace)
    assert draft.text == path.read_text(encoding="utf-8")
    assert draft.builtin and not draft.dirty
    assert draft.validate().ok


def test_the_commented_example_opens_unchanged(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    assert draft.text == docs_example()
    assert not draft.builtin


# --- Edits touch only what they change ------------------------------------------------------


def test_setting_minutes_changes_one_line(workspace: Workspace) -> None:
    original = docs_example()
    draft = draft_of(original, workspace)
    draft.set_value(("steps", 1, "min_minutes"), 6)
    expected = original.replace(
        "min_minutes = 5                    # may shrink", "min_minutes = 6                    # may shrink"
    )
    assert draft.text == expected
    assert draft.dirty


def test_typing_a_value_back_is_not_a_change(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    draft.set_value(("steps", 0, "minutes"), 6)
    draft.set_value(("steps", 0, "minutes"), 5)
    assert not draft.dirty


def test_a_new_key_goes_after_its_neighbour_in_the_usual_order(workspace: Workspace) -> None:
    draft = ProtocolDraft.from_file(BUILTIN / "codev.toml", workspace)
    draft.set_value(("steps", 0, "wrap_up_minutes"), 3)
    draft.set_value(("author",), "Équipe A")
    text = draft.text
    assert 'min_minutes = 5\nwrap_up_minutes = 3\nspeakers = "client"' in text
    assert 'version = "1.0"\nauthor = "Équipe A"\nlanguages' in text


def test_a_missing_text_table_is_written_in_the_step_s_style(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    # Step 5 writes its texts inline; step 2 as sub-tables.
    draft.set_value(("steps", 4, "purpose", "fr"), "Repartir avec un plan.")
    draft.set_value(("steps", 1, "prompts", "en"), ["What is your question?"])
    text = draft.text
    assert 'purpose = { fr = "Repartir avec un plan." }' in text
    assert '[steps.prompts]\nen = ["What is your question?"]' in text
    assert draft.validate().ok


def test_a_key_added_can_be_changed_and_removed(workspace: Workspace) -> None:
    original = (BUILTIN / "codev.toml").read_text(encoding="utf-8")
    draft = ProtocolDraft.from_file(BUILTIN / "codev.toml", workspace)
    for path in (("steps", 2, "optional"), ("steps", 2, "wrap_up_minutes")):
        draft.set_value(path, True)
        draft.set_value(path, 2)
        assert draft.value(path) == 2
        draft.set_value(path, None)
        assert draft.value(path) is None
    assert draft.text == original


def test_clearing_an_optional_text_removes_its_table(workspace: Workspace) -> None:
    draft = ProtocolDraft.from_file(BUILTIN / "codev.toml", workspace)
    for lang in ("fr", "en", "de", "nl"):
        draft.set_value(("steps", 0, "purpose", lang), None)
    assert draft.value(("steps", 0, "purpose")) is None
    assert "Partager la situation" not in draft.text
    assert draft.validate().ok


def test_clearing_a_required_text_leaves_it_to_the_loader(workspace: Workspace) -> None:
    draft = ProtocolDraft.from_file(BUILTIN / "codev.toml", workspace)
    for lang in ("fr", "en", "de", "nl"):
        draft.set_value(("steps", 0, "title", lang), None)
    problems = draft.validate().problems
    assert [(problem.field, problem.message) for problem in problems] == [
        ("steps.1.title", t("protocol.error.empty_text"))
    ]


def test_turns_can_be_added_and_removed(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    draft.set_value(("steps", 2, "turns", "seconds"), 90)
    assert draft.value(("steps", 2, "turns")) == {"seconds": 90}
    draft.set_value(("steps", 0, "turns"), None)
    assert draft.value(("steps", 0, "turns")) is None
    assert draft.text.count("[steps.turns]") == 1
    assert "[steps.turns]\nseconds = 90\n" in draft.text
    assert draft.validate().ok


# --- Steps: add, duplicate, remove, move ----------------------------------------------------


def test_moving_a_step_takes_its_comment_along(workspace: Workspace) -> None:
    original = docs_example()
    draft = draft_of(original, workspace)
    assert draft.move_step(0, 10) == 5
    text = draft.text
    assert step_ids(draft) == ["expose", "clarification", "consultation", "synthese", "feedback", "suivi"]
    # The first step's comment now sits above it, at the end; the description's text is intact.
    assert text.index("# Step 1 — optional") > text.index('id = "feedback"')
    assert text.index("# Step 1 — optional") < text.index('id = "suivi"')
    assert text.index("# Step 2 — the client alone.") < text.index('id = "expose"')
    assert draft.validate().ok
    draft.move_step(5, -5)
    assert draft.text == original


def test_removing_a_step_removes_its_comment_only(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    draft.remove_step(5)
    text = draft.text
    assert "# Step 6" not in text and 'id = "feedback"' not in text
    assert text.endswith(
        "instructions = { fr = \"Le client dit ce qu'il retient et ce qu'il fera.\", "
        'en = "The client says what they keep and what they will do." }\n'
    )
    assert draft.validate().ok


def test_the_last_step_cannot_be_removed(workspace: Workspace) -> None:
    draft = ProtocolDraft.from_file(BUILTIN / "troika.toml", workspace)
    while draft.step_count > 1:
        draft.remove_step(0)
    with pytest.raises(EditError, match=re.escape(t("editor.error.last_step"))):
        draft.remove_step(0)


def test_a_duplicate_gets_a_new_id_and_not_the_comment(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    assert draft.duplicate_step(1) == 2
    assert draft.duplicate_step(1) == 2
    assert step_ids(draft)[:4] == ["suivi", "expose", "expose-3", "expose-2"]
    assert draft.text.count("# Step 2 — the client alone.") == 1
    assert draft.validate().ok


def test_a_new_step_is_valid_and_follows_the_file_s_style(workspace: Workspace) -> None:
    draft = ProtocolDraft.from_file(BUILTIN / "codev.toml", workspace)
    index = draft.add_step(0)
    assert index == 1
    assert step_ids(draft)[1] == "step-7"
    assert (
        '[[steps]]\nid = "step-7"\nminutes = 5\nspeakers = "everyone"\n[steps.title]\nfr = "Nouvelle étape"'
        in (draft.text)
    )
    assert draft.validate().ok
    assert draft.add_step() == 7


def test_the_file_s_trailing_comment_stays_last(workspace: Workspace) -> None:
    text = docs_example() + "\n# The end: nothing below.\n"
    draft = draft_of(text, workspace)
    draft.move_step(5, -1)
    draft.add_step()
    assert draft.text.endswith('en = "To be described." }\n\n# The end: nothing below.\n')


def test_steps_written_as_an_inline_array_can_be_edited(workspace: Workspace) -> None:
    text = (
        'id = "inline"\ntitle = { fr = "T" }\ndescription = { fr = "D" }\n'
        'steps = [{ id = "a", minutes = 1, speakers = "client", '
        'title = { fr = "A" }, instructions = { fr = "I" } }]\n'
    )
    draft = draft_of(text, workspace, "inline.toml")
    draft.duplicate_step(0)
    draft.add_step()
    draft.move_step(2, -2)
    draft.set_value(("steps", 1, "purpose", "en"), "Why")
    assert step_ids(draft) == ["step-3", "a", "a-2"]
    assert draft.value(("steps", 1, "purpose")) == {"en": "Why"}
    assert draft.validate().ok


def test_unknown_keys_are_found_and_removed(workspace: Workspace) -> None:
    text = docs_example().replace("minutes = 12\n", "minutes = 12\nduraton = 3   # a typo\n", 1)
    text = text.replace(
        'title = { fr = "Suivi", en = "Follow-up" }', 'title = { fr = "Suivi", deutsch = "Nachfrage" }'
    )
    # Any language tag is a known key of a text (de, es…); what is not shaped as one is not.
    text = text.replace("[description]\n", "[description]\nes = 'Una sesión'\n\"e.s\" = 'Otra'\n")
    text += "\n[extra]\nx = 1\n"
    draft = draft_of(text, workspace)
    assert draft.unknown_keys() == [
        ("description", "e.s"),
        ("extra",),
        ("steps", 0, "title", "deutsch"),
        ("steps", 2, "duraton"),
    ]
    assert draft.remove_unknown_keys() == 4
    assert draft.unknown_keys() == []
    assert draft.validate().ok
    assert "duraton" not in draft.text and "[extra]" not in draft.text
    assert "min_minutes = 8\n" in draft.text


# --- Validation goes through the loader ------------------------------------------------------


def test_problems_are_the_loader_s_with_their_field(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    draft.set_value(("steps", 1, "minutes"), "ten")
    draft.set_value(("steps", 2, "speakers"), "the consultants")
    problems = draft.validate().problems
    assert [(problem.field, problem.message) for problem in problems] == [
        ("steps.2.minutes", t("protocol.error.float_type")),
        (
            "steps.3.speakers",
            t("protocol.error.enum", expected="client, consultants, everyone, facilitator, nobody"),
        ),
    ]
    assert all(problem.line for problem in problems)


# --- Saving ------------------------------------------------------------------------------------


def test_an_invalid_document_is_never_saved(workspace: Workspace) -> None:
    path = write(workspace.protocols_dir, "atelier.toml", docs_example())
    before = path.read_bytes()
    draft = ProtocolDraft.from_file(path, workspace)
    draft.set_value(("steps", 0, "minutes"), 0)
    with pytest.raises(ProtocolError) as raised:
        draft.save()
    assert [problem.field for problem in raised.value.problems] == ["steps.1.minutes"]
    assert path.read_bytes() == before
    assert draft.dirty
    assert sorted(os.listdir(path.parent)) == ["atelier.toml"]  # no temporary file left


def test_saving_writes_the_document_atomically_and_keeps_the_mode(workspace: Workspace) -> None:
    path = write(workspace.protocols_dir, "atelier.toml", docs_example())
    path.chmod(0o640)
    draft = ProtocolDraft.from_file(path, workspace)
    draft.set_value(("steps", 0, "minutes"), 4)
    assert draft.save() == path
    assert not draft.dirty
    assert path.read_text(encoding="utf-8") == draft.text
    assert load_protocol(path).steps[0].minutes == 4
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(path.parent)) == ["atelier.toml"]


def test_a_builtin_is_saved_as_a_workspace_copy(workspace: Workspace) -> None:
    original = (BUILTIN / "codev.toml").read_bytes()
    draft = open_draft("codev", workspace)
    assert draft.builtin
    assert draft.target == workspace.protocols_dir / "codev.toml"
    draft.set_value(("steps", 0, "minutes"), 12)
    assert draft.save() == workspace.protocols_dir / "codev.toml"
    assert (BUILTIN / "codev.toml").read_bytes() == original
    assert not draft.builtin and draft.source == workspace.protocols_dir / "codev.toml"
    entry = load_library(workspace).get("codev")
    assert entry is not None and entry.overrides_builtin and entry.protocol.steps[0].minutes == 12
    # Later saves update the copy.
    draft.set_value(("steps", 0, "minutes"), 11)
    draft.save()
    assert load_protocol(workspace.protocols_dir / "codev.toml").steps[0].minutes == 11
    assert (BUILTIN / "codev.toml").read_bytes() == original


def test_a_builtin_saved_under_a_new_id_gets_its_own_file(workspace: Workspace) -> None:
    draft = open_draft("troika", workspace)
    draft.set_value(("id",), "troika-flash")
    assert draft.save() == workspace.protocols_dir / "troika-flash.toml"


def test_a_builtin_copy_never_overwrites_a_workspace_file(workspace: Workspace) -> None:
    other = write(workspace.protocols_dir, "troika.toml", docs_example())  # a valid file, another id
    draft = open_draft("troika", workspace)
    assert draft.builtin
    with pytest.raises(EditError, match="already exists"):
        draft.save()
    assert other.read_text(encoding="utf-8") == docs_example()


def test_the_builtin_folder_is_never_written_even_as_the_workspace(tmp_path: Path) -> None:
    # Run from a source checkout, the workspace's protocols/ can be the built-in folder.
    draft = ProtocolDraft.from_file(BUILTIN / "troika.toml", Workspace(BUILTIN.parent))
    original = (BUILTIN / "troika.toml").read_bytes()
    draft.set_value(("version",), "2")
    if draft.target.parent.resolve() == BUILTIN.resolve():
        with pytest.raises(EditError, match="built-in"):
            draft.save()
    assert (BUILTIN / "troika.toml").read_bytes() == original


# --- Opening by id or file -----------------------------------------------------------------


def test_open_prefers_the_workspace_version(workspace: Workspace) -> None:
    write(workspace.protocols_dir, "ours.toml", (BUILTIN / "codev.toml").read_text(encoding="utf-8"))
    draft = open_draft("codev", workspace)
    assert not draft.builtin and draft.source.name == "ours.toml"
    assert draft.name == "protocols/ours.toml"


def test_open_finds_an_invalid_workspace_file_by_its_name(workspace: Workspace) -> None:
    write(workspace.protocols_dir, "brouillon.toml", 'id = "brouillon"\ntitle = { fr = "B" }\n')
    draft = open_draft("brouillon", workspace)
    assert not draft.validate().ok
    assert draft.step_count == 0


def test_open_a_file_by_path(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "drafts", "x.toml", docs_example())
    assert open_draft(str(path), workspace).source == path


def test_open_an_unknown_protocol_names_the_known_ones(workspace: Workspace) -> None:
    known = "action-learning-set, cafe-reseau, case-clinic, codev"
    with pytest.raises(EditError, match=re.escape(f"unknown protocol: 'nope'. Available: {known}")):
        open_draft("nope", workspace)


def test_open_a_file_that_is_not_toml_says_where(workspace: Workspace) -> None:
    path = write(workspace.protocols_dir, "broken.toml", 'id = "x"\ntitle = {\n')
    with pytest.raises(ProtocolError) as raised:
        open_draft(str(path), workspace)
    [problem] = raised.value.problems
    assert problem.line == 2 and "TOML" in problem.message


def test_a_step_list_is_shown_even_when_values_are_wrong(workspace: Workspace) -> None:
    draft = draft_of(docs_example(), workspace)
    draft.set_value(("steps", 0, "minutes"), "five")
    first = draft.step_summaries("fr")[0]
    assert (first.id, first.title, first.minutes, first.optional) == ("suivi", "Suivi", None, True)
    assert draft.step_summaries("en")[1].title == "Presentation"


# --- Copying -------------------------------------------------------------------------------------


def test_copy_keeps_comments_and_sets_the_new_id(workspace: Workspace) -> None:
    path = copy_protocol("codev-flash", "codev", workspace)
    assert path == workspace.protocols_dir / "codev-flash.toml"
    original = (BUILTIN / "codev.toml").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == original.replace('id = "codev"', 'id = "codev-flash"', 1)
    assert load_protocol(path).id == "codev-flash"


def test_copy_of_a_workspace_protocol(workspace: Workspace) -> None:
    write(workspace.protocols_dir, "atelier.toml", docs_example())
    path = copy_protocol("atelier-2", "codev-atelier", workspace)
    assert "# Step 4 — round the table; the client listens." in path.read_text(encoding="utf-8")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["id"] == "atelier-2"


def test_copy_refuses_to_overwrite(workspace: Workspace) -> None:
    existing = write(workspace.protocols_dir, "mine.toml", "# mine\n")
    with pytest.raises(EditError, match="nothing was overwritten"):
        copy_protocol("mine", "codev", workspace)
    assert existing.read_text(encoding="utf-8") == "# mine\n"


def test_copy_refuses_an_id_another_workspace_file_has(workspace: Workspace) -> None:
    write(workspace.protocols_dir, "atelier.toml", docs_example())
    with pytest.raises(EditError, match="protocol 'codev-atelier' already exists in the workspace"):
        copy_protocol("codev-atelier", "codev", workspace)


@pytest.mark.parametrize("bad", ["Codev", "mon protocole", "é", "", "x" * 65])
def test_copy_refuses_an_invalid_id(workspace: Workspace, bad: str) -> None:
    with pytest.raises(EditError, match="invalid id"):
        copy_protocol(bad, "codev", workspace)
    assert not workspace.protocols_dir.exists()


def test_a_linked_protocols_folder_is_never_written_through(workspace: Workspace, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    workspace.root.mkdir()
    workspace.protocols_dir.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(EditError, match="link"):
        copy_protocol("codev-flash", "codev", workspace)
    assert list(elsewhere.iterdir()) == []


def test_saving_a_protocol_clears_old_orphaned_temporary_files(workspace: Workspace) -> None:
    path = copy_protocol("codev-flash", "codev", workspace)
    orphan = workspace.protocols_dir / ".codev-flash.toml.abcd1234.tmp"
    orphan.write_text("half", encoding="utf-8")
    old = orphan.stat().st_mtime - 3600
    os.utime(orphan, (old, old))
    draft = open_draft("codev-flash", workspace)
    draft.set_value(("version",), "2")
    assert draft.save() == path
    assert not orphan.exists()


def test_copy_of_an_unknown_source(workspace: Workspace) -> None:
    with pytest.raises(EditError, match="unknown protocol: 'nope'"):
        copy_protocol("x", "nope", workspace)


# --- Small pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", 10), (" 1,5 ", 1.5), ("2.25", 2.25), ("", None), ("  ", None), ("ten", "ten"), ("inf", "inf")],
)
def test_number_from_text(text: str, value: object) -> None:
    result = number_from_text(text)
    assert result == value and type(result) is type(value)


def test_lists_from_text() -> None:
    assert lines_from_text("  a \n\n b\n") == ["a", "b"]
    assert words_from_text("question, note  action,") == ["question", "note", "action"]


def test_write_atomically_refuses_an_existing_file_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "p.toml", "old")
    with pytest.raises(FileExistsError):
        write_atomically(path, "new", overwrite=False)
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["p.toml"]
    write_atomically(tmp_path / "q.toml", "new", overwrite=False)
    assert (tmp_path / "q.toml").read_text(encoding="utf-8") == "new"
