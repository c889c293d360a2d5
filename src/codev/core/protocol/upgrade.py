"""``codev protocol upgrade``: rewrite a format 1 protocol file as format 2.

Format 2 is a superset of format 1, so upgrading only sets ``format = 2``; everything else
the trainer wrote — comments, blank lines, the order of keys, a byte-order mark, Windows
line ends — stays as it was. A file that is not valid is refused (its problems say why),
and the file is written atomically, never through a symbolic link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.items import Item

from codev.core.protocol.loader import parse_protocol, read_protocol_text
from codev.core.protocol.model import ROLES_FORMAT
from codev.core.safe_io import WriteRefused, atomic_write
from codev.core.textfile import BOM


class UpgradeRefused(Exception):
    """The file cannot be upgraded; ``key`` names the catalogue message, ``values`` its values."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade_file` did."""

    previous: int
    """The file's format before (``ROLES_FORMAT`` or more: nothing was written)."""

    @property
    def written(self) -> bool:
        """True when the file was rewritten."""
        return self.previous < ROLES_FORMAT


def upgraded_text(text: str, name: str) -> tuple[str, int]:
    """``text`` with ``format = 2``, and the format it had; ProtocolError if it is not valid.

    The text comes back unchanged when it is format 2 already.
    """
    protocol = parse_protocol(text, name)
    if protocol.format >= ROLES_FORMAT:
        return text, protocol.format
    bom = text.startswith(BOM)
    body = text.removeprefix(BOM)
    document = tomlkit.parse(body)
    if "format" in document:
        # Assigned in place: tomlkit keeps the line's own comment and spacing.
        document["format"] = ROLES_FORMAT
    else:
        # Before the first key, after the file's opening comments (where `format` is written).
        first = next(index for index, (key, _) in enumerate(document.body) if key is not None)
        item: Item = tomlkit.item(ROLES_FORMAT)
        # tomlkit has no public way to insert a key at a position.
        document._insert_at(first, "format", item)
    result = document.as_string()
    if "\r\n" in body:
        # The inserted line takes the file's own line ends.
        result = re.sub(r"(?<!\r)\n", "\r\n", result)
    return (BOM if bom else "") + result, protocol.format


def upgrade_file(path: Path, name: str | None = None) -> Upgrade:
    """Rewrite the protocol file at ``path`` as format 2 (see :func:`upgraded_text`).

    ProtocolError when the file cannot be read or is not valid; :class:`UpgradeRefused` when
    it is a symbolic link or cannot be written (it is then left as it was).
    """
    shown = name or str(path)
    if path.is_symlink():
        raise UpgradeRefused("cli.protocol.upgrade.symlink", file=shown)
    text = read_protocol_text(path, shown)
    with path.open("rb") as handle:
        # Reading removed it: the file keeps the byte-order mark its editor wrote.
        if handle.read(3) == BOM.encode("utf-8"):
            text = BOM + text
    new_text, previous = upgraded_text(text, shown)
    if previous >= ROLES_FORMAT:
        return Upgrade(previous)
    try:
        # The file's own permissions, not the carnets' private ones: a protocol is shared.
        atomic_write(path, new_text, mode=path.stat().st_mode & 0o777)
    except (WriteRefused, OSError) as error:
        raise UpgradeRefused(
            "cli.protocol.upgrade.failed", file=shown, error=error.strerror or error
        ) from None
    return Upgrade(previous)
