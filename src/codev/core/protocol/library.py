"""The protocol library: the built-in protocols plus the workspace's own.

A workspace protocol with the same id as a built-in one overrides it, so that a team can
adapt the classic protocol without losing the original (it stays in the package).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path

from codev.core.i18n import t
from codev.core.problems import Problem
from codev.core.protocol.loader import ProtocolError, load_protocol
from codev.core.protocol.model import Protocol, is_valid_id
from codev.core.workspace import Workspace


class Origin(StrEnum):
    """Where a protocol comes from."""

    BUILTIN = "builtin"
    WORKSPACE = "workspace"


@dataclass(frozen=True)
class LibraryEntry:
    """One available protocol and where it was read from."""

    protocol: Protocol
    path: Path
    origin: Origin
    overrides_builtin: bool = False


@dataclass
class Library:
    """Every protocol available in a workspace, by id, with the problems met on the way."""

    entries: dict[str, LibraryEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, protocol_id: str) -> LibraryEntry | None:
        """The protocol with this id, or None."""
        return self.entries.get(protocol_id)

    def sorted_entries(self) -> list[LibraryEntry]:
        """The entries sorted by id."""
        return sorted(self.entries.values(), key=lambda entry: entry.protocol.id)


def builtin_protocols_dir() -> Path:
    """The folder of built-in protocols shipped with the package.

    Installed, they sit inside the package (``codev/protocols``); from a source checkout
    installed in editable mode they are the top-level ``protocols/`` folder.
    """
    packaged = Path(str(resources.files("codev"))) / "protocols"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "protocols"


def _protocol_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.toml") if not path.name.startswith("."))


def _add_from(library: Library, folder: Path, origin: Origin, root: Path | None) -> None:
    seen_here: dict[str, Path] = {}
    for path in _protocol_files(folder):
        name = str(path.relative_to(root)) if root else path.name
        try:
            protocol = load_protocol(path, name)
        except ProtocolError as error:
            library.problems.extend(error.problems)
            continue
        if protocol.id in seen_here:
            other = seen_here[protocol.id]
            library.problems.append(
                Problem(name, t("protocol.error.id_mismatch", id=protocol.id, other=other.name), field="id")
            )
            continue
        seen_here[protocol.id] = path
        overrides = origin is Origin.WORKSPACE and protocol.id in library.entries
        library.entries[protocol.id] = LibraryEntry(protocol, path, origin, overrides)


def load_library(workspace: Workspace | None = None) -> Library:
    """Load the built-in protocols, then the workspace's (which may override them by id)."""
    library = Library()
    builtin = builtin_protocols_dir()
    _add_from(library, builtin, Origin.BUILTIN, None)
    # Run from a source checkout, the workspace's protocols/ *is* the built-in folder.
    if workspace is not None and workspace.protocols_dir.resolve() != builtin.resolve():
        _add_from(library, workspace.protocols_dir, Origin.WORKSPACE, workspace.root)
    return library


def find_protocol(protocol_id: str, workspace: Workspace | None = None) -> LibraryEntry | None:
    """The protocol with this id, as :func:`load_library` would give it, reading fewer files.

    A workspace's own protocols are all read (any of its files may carry the id, and it
    overrides the built-in one); of the built-in protocols only ``<id>.toml`` is, each being
    named after its id (a test checks it). Starting the demo thus validates one protocol,
    not the seven shipped with codev.
    """
    builtin = builtin_protocols_dir()
    library = Library()
    if workspace is not None and workspace.protocols_dir.resolve() != builtin.resolve():
        _add_from(library, workspace.protocols_dir, Origin.WORKSPACE, workspace.root)
        entry = library.get(protocol_id)
        if entry is not None:
            return LibraryEntry(
                entry.protocol, entry.path, entry.origin, overrides_builtin=_is_builtin(protocol_id)
            )
    path = builtin / f"{protocol_id}.toml"
    if not is_valid_id(protocol_id) or not path.is_file():
        return None
    try:
        protocol = load_protocol(path, path.name)
    except ProtocolError:
        return None
    return LibraryEntry(protocol, path, Origin.BUILTIN) if protocol.id == protocol_id else None


def _is_builtin(protocol_id: str) -> bool:
    return is_valid_id(protocol_id) and (builtin_protocols_dir() / f"{protocol_id}.toml").is_file()
