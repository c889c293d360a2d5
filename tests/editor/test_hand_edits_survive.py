"""Protocol files laid out by hand, edited and saved by the editor: tomllib (a real parser)
must read every file written and find in it exactly what the edits say, and the byte-order
mark, the CRLF line endings and every comment the trainer wrote must still be there.

The layouts are drawn by hypothesis (as the carnets' in tests/logbook/test_logbook_hand_layouts.py):
comments above, after and between keys, inside and after lists, above step headers and at
the end of the file; texts as inline tables, dotted keys or ``[steps.title]`` sub-tables;
lists one a line with comments or on one line; a BOM or not; LF or CRLF. Then a few edits —
values set and unset, lists rewritten, keys the file did not have, steps added, copied,
moved and removed — each followed by a save whose file is checked.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from codev.core.i18n import set_lang
from codev.core.protocol.draft import FieldPath, FieldValue, ProtocolDraft, copy_protocol
from codev.core.protocol.loader import load_protocol
from codev.core.workspace import Workspace

BOM = "\ufeff"
TEXTS = ["Écouter", 'dire "non"', "l'essentiel", "# pas un commentaire", "] [x] {y}", "a\\b", "王 🌸"]
LONG_TEXTS = [*TEXTS, "deux\nlignes", "trois\nlignes\n[[steps]]"]
ROLES = ["client", "consultant", "facilitator", "scribe"]
MEANINGS = ["client", "consultant", "facilitator", "scribe", "timekeeper", "observer"]
COUNTS = {"client": "one", "facilitator": "one", "scribe": "at_most_one", "timekeeper": "one"}
"""A count each meaning accepts (consultants and observers: any)."""
NOTES = ["question", "contract", "suggestion", "action", "note"]
COMMENT_TAILS = ["", " [[steps]]", " a = 1", ' "ouvert', " ]", " é"]

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    # Explaining a failure replays it thousands of times (minutes): the shrunk case is enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def basic(text: str) -> str:
    """``text`` as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass
class Hand:
    """A protocol file being written by hand, with the comments it must keep and whose they are."""

    data: st.DataObject
    markers: dict[str, object] = field(default_factory=dict)
    """Each comment's marker and its owner: a step's token, or None for the file's own."""
    owner: object = None
    keys: str = ""
    """The keys of the table being written (its sub-tables come after)."""
    owners: list[object] = field(default_factory=list)
    """The token of each step, in the file's order."""

    def draw(self, strategy: st.SearchStrategy[Any]) -> Any:
        return self.data.draw(strategy)

    def maybe(self) -> bool:
        return bool(self.draw(st.booleans()))

    def comment(self) -> str:
        marker = f"#c{len(self.markers)};"
        self.markers[marker] = self.owner
        return marker + str(self.draw(st.sampled_from(COMMENT_TAILS)))

    def comment_lines(self, indent: str = "") -> str:
        return "".join(f"{indent}{self.comment()}\n" for _ in range(self.draw(st.integers(0, 2))))

    def after(self) -> str:
        return f"  {self.comment()}" if self.maybe() else ""

    def string(self, text: str) -> str:
        if "\n" in text and "'" not in text and self.maybe():
            return f"'''\n{text}'''"
        if not any(char in text for char in "'\n\\") and self.maybe():
            return f"'{text}'"
        return basic(text)

    def items(self, values: list[str]) -> str:
        """A list on one line, or one item a line with comments in and after it."""
        if not self.maybe():
            return "[" + ", ".join(self.string(value) for value in values) + "]" + self.after()
        indent = self.draw(st.sampled_from(["  ", "    ", "\t"]))
        lines = ["[" + self.after()]
        for value in values:
            lines.append(self.comment_lines(indent).rstrip("\n"))
            lines.append(f"{indent}{self.string(value)},{self.after()}")
        lines.append(self.comment_lines(indent).rstrip("\n"))
        return "\n".join(line for line in lines if line) + "\n]" + self.after()


def texts(hand: Hand, name: str, values: dict[str, Any], where: str, tables: str) -> str:
    """A text table written inline, with dotted keys, or as a sub-table (always one once
    ``tables`` has begun: a key below a header would belong to it); returns the new ``tables``."""
    style = "table" if tables else hand.draw(st.sampled_from(["inline", "dotted", "table"]))
    if style == "inline" and not any(isinstance(value, list) and len(value) > 1 for value in values.values()):
        body = ", ".join(f"{lang} = {_one_line(hand, value)}" for lang, value in values.items())
        hand.keys += f"{name} = {{ {body} }}{hand.after()}\n"
        return tables
    if style == "table":
        lines = "".join(f"{lang} = {_value(hand, value)}\n" for lang, value in values.items())
        return tables + f"[{where}{name}]{hand.after()}\n{hand.comment_lines()}{lines}"
    hand.keys += "".join(f"{name}.{lang} = {_value(hand, value)}\n" for lang, value in values.items())
    return tables


def _one_line(hand: Hand, value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(basic(item) for item in value) + "]"
    return basic(value)


def _value(hand: Hand, value: Any) -> str:
    return hand.items(value) if isinstance(value, list) else hand.string(value)


def write_step(hand: Hand, index: int) -> str:
    text = "\n" + hand.comment_lines() + f"[[steps]]{hand.after()}\n"
    text += f'id = "s{index}"{hand.after()}\n'
    text += hand.comment_lines()
    text += f"minutes = {hand.draw(st.integers(1, 20))}{hand.after()}\n"
    text += f"speakers = {hand.string('everyone')}\n"
    if hand.maybe():
        text += (
            f"notes = {hand.items(hand.draw(st.lists(st.sampled_from(NOTES), min_size=1, unique=True)))}\n"
        )
    tables = ""
    title = {"fr": hand.draw(st.sampled_from(TEXTS)), "en": hand.draw(st.sampled_from(TEXTS))}
    instructions = {"fr": hand.draw(st.sampled_from(LONG_TEXTS))}
    allowed = {"fr": hand.draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=3))}
    hand.keys = ""
    for name, values in (("title", title), ("instructions", instructions), ("allowed", allowed)):
        if name != "allowed" or hand.maybe():
            tables = texts(hand, name, values, "steps.", tables)
    return text + hand.keys + hand.comment_lines() + tables + hand.comment_lines()


def role_table(hand: Hand, meaning: str) -> dict[str, Any]:
    """A role of the protocol's own, or a built-in one written as a table."""
    if hand.maybe():
        return {"id": meaning, "meaning": meaning}
    return {"id": f"r-{meaning}", "meaning": meaning, "title": {"fr": hand.draw(st.sampled_from(TEXTS))}}


def inline_role(role: dict[str, Any]) -> str:
    parts = [f"{key} = {basic(value)}" for key, value in role.items() if key != "title"]
    if "title" in role:
        parts.append("title = { " + ", ".join(f"{k} = {basic(v)}" for k, v in role["title"].items()) + " }")
    return "{ " + ", ".join(parts) + " }"


def write_roles(hand: Hand) -> tuple[int, str, str]:
    """The file's format, and its roles: none, names, names and tables in a list, or ``[[roles]]``.

    Returns (format, the ``roles = […]`` line, the ``[[roles]]`` tables written after the texts).
    """
    style = hand.draw(st.sampled_from(["none", "names", "mixed", "tables"]))
    if style == "none":
        return 1, "", ""
    meanings = hand.draw(st.lists(st.sampled_from(MEANINGS), min_size=1, max_size=4, unique=True))
    if style == "names":
        return 1, f"roles = {hand.items(meanings)}\n", ""
    if style == "mixed":
        lines = ["roles = [" + hand.after()]
        for meaning in meanings:
            lines.append(hand.comment_lines("  ").rstrip("\n"))
            item = basic(meaning) if hand.maybe() else inline_role(role_table(hand, meaning))
            lines.append(f"  {item},{hand.after()}")
        return 2, "\n".join(line for line in lines if line) + "\n]\n", ""
    tables = ""
    for meaning in meanings:
        role = role_table(hand, meaning)
        tables += f"\n{hand.comment_lines()}[[roles]]{hand.after()}\n"
        tables += f"id = {basic(role['id'])}{hand.after()}\n{hand.comment_lines()}"
        tables += f"meaning = {basic(meaning)}\n"
        if "title" in role:
            tables += f"title.fr = {basic(role['title']['fr'])}\n"
    return 2, "", tables


def write_protocol(hand: Hand, steps: int) -> str:
    text = hand.comment_lines()
    file_format, roles_line, roles_tables = write_roles(hand)
    text += f"format = {file_format}{hand.after()}\n"
    text += f'id = "atelier"{hand.after()}\n'
    text += hand.comment_lines()
    text += roles_line
    tables, hand.keys = "", ""
    for name, values in (
        ("title", {"fr": "Atelier", "en": "Workshop"}),
        ("description", {"fr": "Un atelier"}),
    ):
        tables = texts(hand, name, values, "", tables)
    text += hand.keys + tables + roles_tables
    for index in range(steps):
        hand.owner = object()
        hand.owners.append(hand.owner)
        text += write_step(hand, index)
    hand.owner = None
    text += "\n" + hand.comment_lines()
    return text


def on_disk(text: str, bom: bool, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return ((BOM if bom else "") + text).encode("utf-8")


def put(data: dict[str, Any], path: FieldPath, value: FieldValue | None) -> None:
    """What ``draft.set_value(path, value)`` must do, on plain data."""
    *parents, leaf = path
    node: Any = data
    for part in parents:
        node = node.setdefault(part, {}) if isinstance(part, str) else node[part]
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value


def check(path: Path, expected: dict[str, Any], markers: set[str], bom: bool, crlf: bool) -> None:
    """The oracle: tomllib reads the file written, and it says what the edits say."""
    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith(BOM) == bom, "the byte-order mark"
    text = raw.removeprefix(BOM)
    if crlf:
        assert "\n" not in text.replace("\r\n", ""), f"a line ending that is not CRLF:\n{text!r}"
    else:
        assert "\r" not in text
    assert tomllib.loads(text) == expected
    for marker in markers:
        assert marker in text, f"comment {marker} lost:\n{text}"
    load_protocol(path)  # and it is a protocol


@pytest.fixture(autouse=True)
def english() -> Any:
    set_lang("en")
    yield
    set_lang("en")


@PROPERTY
@given(st.data())
def test_every_save_of_a_hand_laid_protocol_reads_back_as_edited(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    workspace = Workspace(tmp_path_factory.mktemp("hand") / "ws")
    workspace.protocols_dir.mkdir(parents=True)
    path = workspace.protocols_dir / "atelier.toml"
    hand = Hand(data)
    text = write_protocol(hand, data.draw(st.integers(1, 3)))
    owners = hand.owners
    bom, crlf = data.draw(st.booleans()), data.draw(st.booleans())
    expected = tomllib.loads(text)
    path.write_bytes(on_disk(text, bom, crlf))
    load_protocol(path)  # the layout is a valid protocol (else the test would say nothing)
    note(text)
    draft = ProtocolDraft.from_file(path, workspace)
    assert not draft.dirty

    for _ in range(data.draw(st.integers(1, 5))):
        count = len(expected["steps"])
        step = data.draw(st.integers(0, count - 1))
        edit = data.draw(
            st.sampled_from(
                [
                    "minutes",
                    "protected",
                    "optional",
                    "allowed",
                    "notes",
                    "title",
                    "instructions",
                    "wrap_up",
                    "author",
                    "roles",
                    "role_count",
                    "role_title",
                    "add_role",
                    "remove_role",
                    "add",
                    "duplicate",
                    "move",
                    "remove",
                ]
            )
        )
        value: FieldValue | None
        roles = expected.get("roles")
        if edit in ("role_count", "role_title", "remove_role") and not roles:
            continue
        if edit == "roles" and any(not isinstance(role, str) for role in roles or []):
            continue  # a list of names replaces names only (the roles' blocks edit tables)
        if edit == "add_role":
            meanings = {role if isinstance(role, str) else role["meaning"] for role in roles or MEANINGS[:3]}
            if len(meanings) == len(MEANINGS):
                continue  # every meaning is taken: a new role would be refused
            index = draft.add_role()
            if roles is None:
                expected["roles"] = roles = ["client", "consultant", "facilitator"]
            roles.append(draft.value(("roles", index)))
            expected["format"] = 2
        elif edit in ("role_count", "role_title"):
            assert roles is not None
            which = data.draw(st.integers(0, len(roles) - 1))
            role = roles[which]
            plain = {"id": role, "meaning": role} if isinstance(role, str) else role
            inner: FieldPath
            if edit == "role_count":
                inner, value = (
                    ("count",),
                    data.draw(st.sampled_from([COUNTS.get(plain["meaning"], "any"), None])),
                )
            else:
                inner, value = ("title", "en"), data.draw(st.sampled_from([*TEXTS, None]))
            changed = copy.deepcopy(plain)
            put(changed, inner, value)
            if edit == "role_title" and changed.get("title") == {}:
                del changed["title"]
            if changed.get("id") not in MEANINGS and "title" not in changed:
                continue  # a role of its own needs a title
            draft.set_value(("roles", which, *inner), value)
            if changed != plain:
                roles[which] = changed
                expected["format"] = 2
        elif edit == "remove_role":
            assert roles is not None
            which = data.draw(st.integers(0, len(roles) - 1))
            draft.remove_role(which)
            del roles[which]
        elif edit in ("add", "duplicate", "move", "remove"):
            if edit == "add":
                index = draft.add_step(step)
                expected["steps"].insert(index, draft.value(("steps", index)))
                owners.insert(index, object())
            elif edit == "duplicate":
                index = draft.duplicate_step(step)
                twin = copy.deepcopy(expected["steps"][step])
                twin["id"] = draft.value(("steps", index, "id"))
                expected["steps"].insert(index, twin)
                owners.insert(index, object())
            elif edit == "move":
                target = draft.move_step(step, data.draw(st.sampled_from([-1, 1, 2])))
                expected["steps"].insert(target, expected["steps"].pop(step))
                owners.insert(target, owners.pop(step))
            elif count > 1:
                draft.remove_step(step)
                del expected["steps"][step]
                gone = owners.pop(step)
                hand.markers = {marker: owner for marker, owner in hand.markers.items() if owner is not gone}
            else:
                continue
        else:
            where: FieldPath
            if edit == "minutes":
                where, value = ("steps", step, "minutes"), data.draw(st.integers(1, 30))
            elif edit in ("protected", "optional"):
                where, value = ("steps", step, edit), data.draw(st.sampled_from([True, None]))
            elif edit == "allowed":
                where = ("steps", step, "allowed", "fr")
                value = data.draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=4))
            elif edit == "notes":
                where = ("steps", step, "notes")
                value = data.draw(st.lists(st.sampled_from(NOTES), min_size=1, max_size=3, unique=True))
            elif edit == "title":
                where = ("steps", step, "title", data.draw(st.sampled_from(["fr", "en", "de"])))
                value = data.draw(st.sampled_from(TEXTS))
            elif edit == "instructions":
                where, value = ("steps", step, "instructions", "fr"), data.draw(st.sampled_from(LONG_TEXTS))
            elif edit == "wrap_up":
                where, value = ("wrap_up_minutes",), data.draw(st.sampled_from([0.5, 1, None]))
            elif edit == "author":
                where, value = ("author",), data.draw(st.sampled_from([*TEXTS, None]))
            else:
                where = ("roles",)
                value = data.draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True))
            draft.set_value(where, value)
            put(expected, where, value)
        note(f"{edit} {step}: {draft.text}")
        assert draft.value(()) == expected  # the draft's model is what the edits say
        draft.save()
        check(path, expected, set(hand.markers), bom, crlf)
    # Opened again, the file saved is the draft saved: nothing to save.
    assert not ProtocolDraft.from_file(path, workspace).dirty


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("bom", [False, True])
def test_a_copy_keeps_the_bom_and_the_line_endings(tmp_path: Path, bom: bool, crlf: bool) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.protocols_dir.mkdir(parents=True)
    text = (
        '# mon atelier\nformat = 1\nid = "atelier"\ntitle = { fr = "Atelier", en = "Workshop" }\n'
        'description.fr = "Un atelier"\n\n'
        '[[steps]]\nid = "a"\nminutes = 5\nspeakers = "everyone"\n'
        'title = { fr = "A", en = "A" }\ninstructions = { fr = "A", en = "A" }\n'
    )
    (workspace.protocols_dir / "atelier.toml").write_bytes(on_disk(text, bom, crlf))
    copied = copy_protocol("copie", "atelier", workspace)
    expected = tomllib.loads(text)
    expected["id"] = "copie"
    check(copied, expected, {"# mon atelier"}, bom, crlf)


def test_a_mixed_file_is_written_with_the_endings_of_most_of_its_lines(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.protocols_dir.mkdir(parents=True)
    path = workspace.protocols_dir / "atelier.toml"
    text = (
        'format = 1\r\nid = "atelier"\r\ntitle = { fr = "Atelier", en = "Workshop" }\r\n'
        'description.fr = "Un atelier"\r\n\r\n'
        '[[steps]]\r\nid = "a"\r\nminutes = 5\nspeakers = "everyone"\r\n'
        'title = { fr = "A", en = "A" }\r\ninstructions = { fr = "A", en = "A" }\r\n'
    )
    path.write_bytes(text.encode("utf-8"))
    draft = ProtocolDraft.from_file(path, workspace)
    draft.set_value(("steps", 0, "protected"), True)
    draft.save()
    expected = tomllib.loads(text)
    expected["steps"][0]["protected"] = True
    check(path, expected, set(), False, True)
