"""Names to files: hostile names never leave the folder, and different names never share a file."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codev.core.logbook import LogbookStore, SessionEntry, WriteStatus
from codev.core.logbook.names import (
    MAX_SLUG_LENGTH,
    SLUG_PATTERN,
    candidate_stems,
    loose_key,
    name_hash,
    normalize_name,
    slugify,
)
from codev.core.logbook.paths import pending_path
from codev.core.protocol.model import Role

HOSTILE = [
    "..",
    "../../etc/passwd",
    "/",
    "a/b\\c",
    "\x00",
    "nul\x00byte",
    "CON",
    "con.toml",
    "LPT1",
    "🌸",
    "🌸🌻",
    "👩‍👩‍👧",
    "王小明",
    "Мария",
    "   ",
    "x" * 5000,
    "Élise " * 200,
    ".hidden",
    "_group",
    "-",
    "a\nb",
    "\u202eevil",
]
NAMES = st.text(min_size=1, max_size=80).filter(lambda text: normalize_name(text) != "")


def test_slugs_are_readable() -> None:
    assert slugify("Élise Durand") == "elise-durand"
    assert slugify("  Jean-François  L'Hôte ") == "jean-francois-lhote"
    assert slugify("Œdipe & Æsop, Straße") == "oedipe-aesop-strasse"
    assert slugify("Groupe n°3 — Managers") == "groupe-n-3-managers"
    assert slugify("CON") == "con-x"


def test_hostile_names_get_safe_slugs() -> None:
    for name in HOSTILE:
        for stem in candidate_stems(name):
            assert SLUG_PATTERN.match(stem), (name, stem)
            assert len(stem) <= MAX_SLUG_LENGTH + 34


@given(NAMES)
def test_every_stem_is_a_plain_file_name(name: str) -> None:
    for stem in candidate_stems(name):
        assert SLUG_PATTERN.match(stem)
        assert stem not in ("con", "prn", "aux", "nul")


@given(NAMES)
def test_stems_are_stable_and_depend_only_on_the_normalised_name(name: str) -> None:
    assert candidate_stems(name) == candidate_stems(normalize_name(name))
    assert candidate_stems(name) == candidate_stems(f"  {name}\t")


def test_normalisation_and_loose_keys() -> None:
    assert normalize_name("  Marie \n  Dupont ") == "Marie Dupont"
    assert normalize_name("E\u0301lise") == "Élise"
    assert normalize_name("a\x00b") == "a b"
    assert loose_key("ÉLISE  Durand") == loose_key("elise durand")


def _entry(group: str) -> SessionEntry:
    return SessionEntry(
        id="s1", date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), group=group, role=Role.CONSULTANT
    )


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def test_hostile_names_stay_inside_the_folder_and_apart(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    group = "../../groupe /.. 🌸"
    for name in HOSTILE:
        if normalize_name(name):
            assert store.upsert_entry(name, _entry(group)).status is WriteStatus.WRITTEN
    refs = store.carnets(group)
    assert len({ref.path for ref in refs}) == len(refs) == len({normalize_name(n) for n in HOSTILE} - {""})
    for ref in refs:
        assert _inside(ref.path, store.root)
        assert ref.path.parent.parent == store.root
    assert sorted(path.name for path in tmp_path.iterdir()) == ["logbooks"]


def test_names_that_slug_alike_get_their_own_files_for_good(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    names = ["Élise", "Elise", "ELISE", "élise", "Elise!"]
    for name in names:
        store.upsert_entry(name, _entry("G"))
    paths = {name: store.carnets_of(name)[0].path for name in names}
    assert len(set(paths.values())) == len(names)
    assert paths["Élise"].name == "elise.toml"
    # A new process (a new store) finds the same files, whatever the order of the writes.
    again = LogbookStore(store.root)
    for name in reversed(names):
        assert again.upsert_entry(name, _entry("G")).status is WriteStatus.UNCHANGED
        assert again.carnets_of(name)[0].path == paths[name]
        assert again.load("G", name).participant == normalize_name(name)


def test_groups_that_slug_alike_get_their_own_folders(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    for group in ("Équipe A", "equipe a", "EQUIPE-A"):
        store.upsert_entry("Marie", _entry(group))
    refs = store.carnets_of("Marie")
    assert len({ref.path.parent for ref in refs}) == 3
    assert sorted(ref.group for ref in refs) == sorted(["Équipe A", "equipe a", "EQUIPE-A"])


def test_the_session_journals_folder_is_never_a_group(tmp_path: Path) -> None:
    root = tmp_path / "logbooks"
    (root / "sessions").mkdir(parents=True)
    store = LogbookStore(root)
    store.upsert_entry("Marie", _entry("Sessions"))
    assert list((root / "sessions").iterdir()) == []
    assert store.carnets_of("Marie")[0].path.parent.name.startswith("sessions-")


def test_a_folder_that_is_not_codevs_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "logbooks"
    (root / "journal").mkdir(parents=True)
    (root / "journal" / "session.jsonl").write_text("{}\n")
    LogbookStore(root).upsert_entry("Marie", _entry("Journal"))
    assert sorted(path.name for path in (root / "journal").iterdir()) == ["session.jsonl"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=2, max_size=5, unique_by=normalize_name), NAMES)
def test_distinct_names_always_get_distinct_files_inside_the_folder(names: list[str], group: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = LogbookStore(Path(folder) / "logbooks")
        for name in names:
            assert store.upsert_entry(name, _entry(group)).status is WriteStatus.WRITTEN
        paths = [store.carnets_of(name)[0].path for name in names]
        assert len(set(paths)) == len(names)
        for name, path in zip(names, paths, strict=True):
            assert _inside(path, store.root) and path.parent.parent == store.root
            assert store.load(group, name).participant == normalize_name(name)


SHAKING = "\U0001fae8"  # 🫨 (Unicode 15): unknown to this Python's unicodedata
PINK_HEART = "\U0001fa77"  # 🩷


def test_characters_this_python_does_not_know_still_tell_people_apart(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    names = [f"Bob {SHAKING}", f"Bob {PINK_HEART}", "Bob", SHAKING]
    for name in names:
        assert store.upsert_entry(name, _entry("G")).status is WriteStatus.WRITTEN
    paths = {name: store.carnets_of(name)[0].path for name in names}
    assert len(set(paths.values())) == len(names)
    for name in names:
        assert store.load("G", name).participant == name  # the exact name, in the file


@given(NAMES)
def test_the_last_stem_is_one_no_name_slugs_to(name: str) -> None:
    # Slugs never hold "--": the last stem, which does, cannot be taken by typing a name.
    assert "--" not in slugify(name)
    last = candidate_stems(name)[-1]
    assert "--" in last and name_hash(name)[:32] in last


def _crafted(name: str) -> list[str]:
    """Names whose plain slugs are every stem of ``name`` that a slug can be."""
    return [stem for stem in candidate_stems(name) if SLUG_PATTERN.match(stem) and "--" not in stem]


def test_crafted_names_cannot_take_every_file_name_of_a_carnet(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    for name in _crafted("Élise"):
        assert store.upsert_entry(name, _entry("G")).status is WriteStatus.WRITTEN
    assert store.upsert_entry("Élise", _entry("G")).status is WriteStatus.WRITTEN
    path = store.carnets_of("Élise")[0].path
    assert path.stem == candidate_stems("Élise")[-1]
    assert LogbookStore(store.root).load("G", "Élise").participant == "Élise"


def test_crafted_group_names_cannot_take_every_folder_of_a_group(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    for group in _crafted("Équipe"):
        store.upsert_entry("Marie", _entry(group))
    assert store.upsert_entry("Marie", _entry("Équipe")).status is WriteStatus.WRITTEN
    assert store.load_group("Équipe").name == "Équipe"
    assert len({ref.path.parent for ref in store.carnets_of("Marie")}) == len(_crafted("Équipe")) + 1


def test_files_copied_onto_every_stem_still_leave_her_a_carnet(tmp_path: Path) -> None:
    store = LogbookStore(tmp_path / "logbooks")
    store.upsert_entry("Other", _entry("G"))
    folder = store.carnets_of("Other")[0].path.parent
    other = (folder / "other.toml").read_text("utf-8")
    for stem in candidate_stems("Élise"):
        (folder / f"{stem}.toml").write_text(other, "utf-8")
        (folder / f"{stem}.pending.toml").write_text(other, "utf-8")
    assert store.upsert_entry("Élise", _entry("G")).status is WriteStatus.WRITTEN
    path = store.carnets_of("Élise")[0].path
    assert path.stem not in candidate_stems("Élise")
    assert LogbookStore(store.root).carnets_of("Élise")[0].path == path
    assert LogbookStore(store.root).load("G", "Élise").participant == "Élise"
    for stem in candidate_stems("Élise"):  # the copies are left as they were
        assert (folder / f"{stem}.toml").read_text("utf-8") == other
    # Kept-aside entries never go into another's pending file either.
    pending = pending_path(folder, "Élise")
    assert pending.name.endswith(".pending.toml") and not pending.exists()


def test_a_folder_that_cannot_be_read_ends_the_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every file unreadable (permissions, a file system gone): each candidate is "damaged";
    # the search must end on one of them (writing there says what is wrong), not go on.
    from codev.core.logbook import paths as logbook_paths

    calls: list[Path] = []

    def unreadable(path: Path, key: str) -> str | None:
        calls.append(path)
        if len(calls) > 1000:
            raise RuntimeError("the search does not end")
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(logbook_paths, "read_owner", unreadable)
    assert logbook_paths.carnet_path(tmp_path, "Élise", create=True) == tmp_path / "elise.toml"
    assert logbook_paths.pending_path(tmp_path, "Élise").name.endswith(".pending.toml")
