"""Where a group's folder and a participant's carnet are, given their names.

Layout under the workspace's ``logbooks/`` folder::

    logbooks/
      .lock                          guards the creation of group folders
      <group-stem>/
        .lock                        guards every write in the group
        _group.toml                  the group: members and session history
        <participant-stem>.toml      one carnet per participant
        <stem>-<hash>.pending.toml   entries kept aside while a carnet is damaged

Stems come from :func:`~codev.core.logbook.names.candidate_stems`. A name's folder or file
is the first candidate that says it belongs to that name; failing that, a damaged candidate
(which might be theirs: writing to it will keep the entry aside and say what is wrong);
failing that, the first free candidate. Since names are stored inside the files, two names
that slug alike get different files, and each keeps finding its own. The last candidate
is out of reach of typed names, and beyond it come overflow stems: whatever names and
files are already there, a name always gets a file (never None with ``create``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path

from codev.core.logbook.names import candidate_stems, normalize_name, overflow_stems
from codev.core.logbook.reading import read_owner

GROUP_FILE = "_group.toml"
LOCK_FILE = ".lock"
CARNET_SUFFIX = ".toml"
PENDING_SUFFIX = ".pending.toml"
RESERVED_FOLDERS = frozenset({"sessions"})
"""Folders of ``logbooks/`` that belong to other parts of codev (the session journals),
never a group's, even while still empty (the reports' ``_reports`` cannot be a group's name)."""


class Claim(Enum):
    """What a candidate path is to a name."""

    MINE = "mine"
    OTHER = "other"
    DAMAGED = "damaged"
    FREE = "free"


def _file_claim(path: Path, key: str, name: str) -> Claim:
    try:
        owner = read_owner(path, key)
    except FileNotFoundError:
        return Claim.FREE
    except OSError:
        return Claim.DAMAGED
    if owner is None:
        return Claim.DAMAGED
    return Claim.MINE if owner == name else Claim.OTHER


def _dir_claim(path: Path, name: str) -> Claim:
    if path.name in RESERVED_FOLDERS:
        return Claim.OTHER
    if not path.exists():
        return Claim.FREE
    if not path.is_dir():
        return Claim.OTHER
    group_file = path / GROUP_FILE
    if group_file.exists():
        return _file_claim(group_file, "name", name)
    # A folder left empty by an interrupted creation can be taken; one holding files that
    # are not codev's (session journals, a user's own folder) is not ours to write into.
    return Claim.FREE if not any(path.iterdir()) else Claim.OTHER


def _choose(claims: Sequence[tuple[Path, Claim]], create: bool) -> Path | None:
    for wanted in (Claim.MINE, Claim.DAMAGED, *((Claim.FREE,) if create else ())):
        for path, claim in claims:
            if claim is wanted:
                return path
    return None


def _claims(name: str, claim_of: Callable[[str], tuple[Path, Claim]]) -> list[tuple[Path, Claim]]:
    """What each candidate of ``name`` is to it, up to the first that is its own.

    When none of the candidates is free — files copied by hand onto every one of them (no
    typed name can take the last, see :mod:`codev.core.logbook.names`) — the overflow stems
    are looked at too, up to the first that is not another's: a name always has somewhere
    to go, and the search ends, since only an existing file or folder can be another's.
    """
    claims = []
    for stem in candidate_stems(name):
        path, claim = claim_of(stem)
        claims.append((path, claim))
        if claim is Claim.MINE:
            return claims
    if any(claim is Claim.FREE for _, claim in claims):
        return claims
    for stem in overflow_stems(name):
        path, claim = claim_of(stem)
        claims.append((path, claim))
        if claim is not Claim.OTHER:
            break
    return claims


def group_dir(root: Path, group: str, create: bool) -> Path | None:
    """The folder of ``group`` under ``root`` (None if it has none and ``create`` is false).

    With ``create``, the path returned may not exist yet: the caller creates it, holding
    the lock of ``root``.
    """
    name = normalize_name(group)
    return _choose(_claims(name, lambda stem: (root / stem, _dir_claim(root / stem, name))), create)


def carnet_path(folder: Path, participant: str, create: bool) -> Path | None:
    """The carnet of ``participant`` in a group's folder (None if none and not ``create``)."""
    name = normalize_name(participant)

    def claim(stem: str) -> tuple[Path, Claim]:
        path = folder / f"{stem}{CARNET_SUFFIX}"
        return path, _file_claim(path, "participant", name)

    return _choose(_claims(name, claim), create)


def pending_path(folder: Path, participant: str) -> Path:
    """Where a participant's entries are kept aside while their carnet cannot be written.

    The stem always carries the name's hash, so that a damaged file shared by two names
    that slug alike never mixes their entries.
    """
    name = normalize_name(participant)
    for stem in candidate_stems(name)[1:]:
        path = folder / f"{stem}{PENDING_SUFFIX}"
        if _file_claim(path, "participant", name) in (Claim.MINE, Claim.FREE):
            return path
    # All taken or unreadable: the overflow stems, up to the first that is not another's
    # (only an existing file can be another's, so this ends; writing to an unreadable one
    # fails with the reason).
    for stem in overflow_stems(name):
        path = folder / f"{stem}{PENDING_SUFFIX}"
        if _file_claim(path, "participant", name) is not Claim.OTHER:
            return path
    raise AssertionError("unreachable: the overflow stems never end")  # pragma: no cover


def group_pending_path(folder: Path) -> Path:
    """Where history lines are kept aside while the group file cannot be written."""
    return folder / f"_group{PENDING_SUFFIX}"


def carnet_files(folder: Path) -> list[Path]:
    """The carnet files of a group's folder (not the group file, not the kept-aside ones)."""
    return sorted(
        path
        for path in folder.glob(f"*{CARNET_SUFFIX}")
        if path.name != GROUP_FILE
        and not path.name.endswith(PENDING_SUFFIX)
        and not path.name.startswith(".")
    )


def group_dirs(root: Path) -> list[Path]:
    """The group folders under ``root`` (those holding a group file)."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.iterdir() if (path / GROUP_FILE).is_file())
