"""A merged list of sub-tables (a session's actions) comes out in codev's order.

The merge matches an entry's actions by ``id``. It used to append an action whose id was new
at the end of the list, after the ones kept, so the list read back in another order than
codev wrote it (hypothesis found it: the action ``up5lh`` renamed ``p5lh``, first of two,
came back second). Kept actions keep their text and their comments wherever they go.
"""

from __future__ import annotations

import datetime as dt
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from codev.core.logbook import Action, SessionEntry
from codev.core.logbook.toml_edit import merge_entry_text, owned_keys
from codev.core.logbook.toml_render import render_table
from codev.core.protocol.model import Role

OWNED = owned_keys(SessionEntry)
BASE = SessionEntry(id="m", date=dt.datetime(2025, 2, 10, tzinfo=dt.UTC), group="G", role=Role.CONSULTANT)


def _entry(*ids: str) -> SessionEntry:
    return BASE.model_copy(update={"actions": [Action(id=i, objective=f"goal {i}") for i in ids]})


def _text(entry: SessionEntry) -> str:
    return render_table(entry, "sessions")


def _read(text: str) -> SessionEntry:
    return SessionEntry.model_validate(tomllib.loads(text)["sessions"][0])


def _with_comments(text: str, *ids: str) -> str:
    """The text with a person's comment on each of these actions' objective lines."""
    for i in ids:
        text = text.replace(f'objective = "goal {i}"\n', f'objective = "goal {i}" # mine {i}\n', 1)
    return text


def test_a_renamed_first_action_stays_first() -> None:
    # The minimal form of the falsifying example: 'up5lh' becomes 'p5lh', before 'b'.
    old, new = _entry("up5lh", "b"), _entry("p5lh", "b")
    merged = merge_entry_text(_with_comments(_text(old), "b"), _text(new), OWNED)
    assert _read(merged) == new
    assert 'objective = "goal b" # mine b\n' in merged


def test_a_new_action_between_kept_ones_is_written_in_its_place() -> None:
    old, new = _entry("a", "c"), _entry("a", "b", "c")
    merged = merge_entry_text(_with_comments(_text(old), "a", "c"), _text(new), OWNED)
    assert _read(merged) == new
    # Every table stays apart from the next by a blank line, and the entry ends as it did.
    assert merged == _with_comments(_text(new), "a", "c")


def test_kept_actions_in_another_order_take_codevs_order_with_their_comments() -> None:
    old, new = _entry("a", "b", "c"), _entry("c", "a", "b")
    merged = merge_entry_text(_with_comments(_text(old), "a", "b", "c"), _text(new), OWNED)
    assert _read(merged) == new
    assert merged == _with_comments(_text(new), "a", "b", "c")


def test_the_blank_lines_after_the_entry_stay_as_they_were() -> None:
    old, new = _entry("a", "b"), _entry("b", "a")
    merged = merge_entry_text(_text(old) + "\n\n", _text(new), OWNED)
    assert merged == _text(new) + "\n\n"


def test_actions_with_the_same_id_written_twice_by_hand_are_merged_by_position() -> None:
    old_text = _with_comments(_text(_entry("x", "y")).replace('id = "y"', 'id = "x"'), "x")
    merged = merge_entry_text(old_text, _text(_entry("x")), OWNED)
    assert _read(merged) == _entry("x")
    assert "# mine x" in merged


def test_an_id_written_as_a_list_is_not_matched_on_but_merged_by_position() -> None:
    old_text = _with_comments(_text(_entry("x")).replace('id = "x"', "id = [1]"), "x")
    merged = merge_entry_text(old_text, _text(_entry("x")), OWNED)
    assert _read(merged) == _entry("x")
    assert "# mine x" in merged


def test_the_comments_of_a_removed_action_stay_in_the_file() -> None:
    old, new = _entry("a", "b", "c"), _entry("c", "a")
    merged = merge_entry_text(_with_comments(_text(old), "a", "b", "c"), _text(new), OWNED)
    assert _read(merged) == new
    for i in "abc":
        assert f"# mine {i}" in merged


IDS = st.sampled_from(["a", "b", "c", "d", "e"])


@settings(max_examples=200)
@given(
    st.lists(IDS, max_size=4, unique=True),
    st.lists(IDS, max_size=4, unique=True),
    st.sets(IDS),
    st.booleans(),
)
def test_any_change_of_the_actions_gives_codevs_list_and_keeps_the_comments(
    before: list[str], after: list[str], commented: set[str], blank_after: bool
) -> None:
    # Old and new lists drawn from few ids, so that kept, renamed, moved, added and removed
    # actions meet in one merge (independent draws almost never share an id).
    old_text = _with_comments(_text(_entry(*before)), *commented) + ("\n" if blank_after else "")
    new = _entry(*after)
    merged = merge_entry_text(old_text, _text(new), OWNED)
    assert _read(merged) == new
    for i in commented & set(before):
        assert f"# mine {i}" in merged
    assert merged.endswith("\n\n" if blank_after else "\n") and not merged.endswith("\n\n\n")
