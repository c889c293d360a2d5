"""Lists the protocol editor rewrites keep the comments written in and after them.

tomllib is the oracle: the draft's text must read as the values set, and every comment the
trainer wrote must still be in it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codev.core.protocol.draft import ProtocolDraft
from codev.core.workspace import Workspace

HEAD = """format = 1
id = "atelier"

[[steps]]
id = "expose"
minutes = 10

[steps.allowed]
"""

COMMENTED = (
    HEAD
    + """fr = [  # ce qui aide
  # d'abord
  "écouter",  # le plus dur
  "reformuler",
  # fin de liste
]  # après la liste
en = ["listen"]
"""
)

ITEMS = ["écouter", "reformuler", "questionner", 'dire "non"', "a\\b", "# pas un commentaire", "]"]


def draft_of(tmp_path: Path, text: str) -> ProtocolDraft:
    workspace = Workspace(tmp_path / "ws")
    workspace.protocols_dir.mkdir(parents=True, exist_ok=True)
    path = workspace.protocols_dir / "atelier.toml"
    path.write_text(text, encoding="utf-8")
    return ProtocolDraft.from_file(path, workspace)


def allowed(text: str) -> list[str]:
    value = tomllib.loads(text)["steps"][0]["allowed"]["fr"]
    assert isinstance(value, list)
    return value


def test_editing_a_commented_list_keeps_every_comment_with_its_item(tmp_path: Path) -> None:
    draft = draft_of(tmp_path, COMMENTED)
    draft.set_value(("steps", 0, "allowed", "fr"), ["questionner", "écouter", "reformuler"])
    text = draft.text
    assert allowed(text) == ["questionner", "écouter", "reformuler"]
    for comment in ("# ce qui aide", "# d'abord", "# le plus dur", "# fin de liste", "# après la liste"):
        assert comment in text
    assert '  # d\'abord\n  "écouter",  # le plus dur\n' in text  # still with its item


def test_a_removed_item_leaves_its_comments_behind(tmp_path: Path) -> None:
    draft = draft_of(tmp_path, COMMENTED)
    draft.set_value(("steps", 0, "allowed", "fr"), ["reformuler"])
    text = draft.text
    assert allowed(text) == ["reformuler"]
    assert "# d'abord" in text and "# le plus dur" in text


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.sampled_from(ITEMS), min_size=1, max_size=4),
    st.lists(st.sampled_from(ITEMS), max_size=5),
    st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_any_rewrite_of_a_commented_list_reads_as_set_and_keeps_its_comments(
    tmp_path_factory: pytest.TempPathFactory, before: list[str], after: list[str], where: list[bool]
) -> None:
    folder = tmp_path_factory.mktemp("lists")
    markers: list[str] = []

    def comment() -> str:
        markers.append(f"#m{len(markers)};")
        return markers[-1]

    lines = ["fr = [" + (f"  {comment()}" if where[0] else "")]
    for index, item in enumerate(before):
        if where[1 + index % 5]:
            lines.append(f"    {comment()}")
        escaped = item.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    "{escaped}",' + (f" {comment()}" if where[6 + index % 4] else ""))
    if where[10]:
        lines.append(f"    {comment()}")
    lines.append("]" + (f"  {comment()}" if where[11] else ""))
    text = HEAD + "\n".join(lines) + "\n"
    assert allowed(text) == before
    draft = draft_of(folder, text)
    draft.set_value(("steps", 0, "allowed", "fr"), after)
    assert allowed(draft.text) == after
    for marker in markers:
        assert marker in draft.text, marker
