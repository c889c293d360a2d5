"""The workspace: the one folder that holds a team's ``protocols/`` and ``logbooks/``.

codev writes nowhere else. It is chosen with ``--workspace DIR``, else the
``CODEV_WORKSPACE`` environment variable, else the current directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

WORKSPACE_ENV = "CODEV_WORKSPACE"


@dataclass(frozen=True)
class Workspace:
    """A team's folder; the paths of what codev keeps there."""

    root: Path

    @property
    def protocols_dir(self) -> Path:
        """Where the team's own protocols live (they add to or override the built-ins)."""
        return self.root / "protocols"

    @property
    def logbooks_dir(self) -> Path:
        """Where session journals, group files and carnets live."""
        return self.root / "logbooks"

    @classmethod
    def resolve(
        cls, option: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
    ) -> Workspace:
        """The workspace from the option, else the environment, else the current directory."""
        env = os.environ if env is None else env
        chosen = option or env.get(WORKSPACE_ENV) or os.getcwd()
        return cls(Path(chosen).expanduser().absolute())
