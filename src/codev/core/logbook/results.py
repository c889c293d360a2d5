"""What the store's operations return: outcomes of writes, references to files, reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from codev.core.logbook.models import Action
from codev.core.problems import Problem


class WriteStatus(StrEnum):
    """What became of a write."""

    WRITTEN = "written"
    """The file now holds the new content."""
    UNCHANGED = "unchanged"
    """It already did: nothing was written."""
    KEPT_ASIDE = "kept_aside"
    """The file could not be read or written: the content is safe in ``kept_aside``."""
    FAILED = "failed"
    """Nothing could be saved (a full disk, a read-only folder): keep it and retry."""


@dataclass(frozen=True)
class WriteOutcome:
    """The result of writing to one carnet or group file."""

    path: Path
    status: WriteStatus
    kept_aside: Path | None = None
    """Where the content went when the file itself could not take it."""
    problems: tuple[Problem, ...] = ()
    """Why the content was kept aside or not saved; a damaged pending file is also reported."""
    recovered: int = 0
    """How many entries kept aside earlier were taken back into the file."""
    recovered_from: tuple[Path, ...] = ()
    """The kept-aside files those entries came from (removed once empty)."""
    notices: tuple[Problem, ...] = ()
    """What became of the content, in words, for the person: kept aside in which file and
    until when, back in the file since when, or saved nowhere. Shown with the problems."""

    @property
    def saved(self) -> bool:
        """True when the content is on disk, in its file or kept aside."""
        return self.status is not WriteStatus.FAILED

    @property
    def messages(self) -> list[Problem]:
        """The problems, then the notices: everything the person should be told."""
        return [*self.problems, *self.notices]


@dataclass(frozen=True)
class SessionSaved:
    """The outcome of saving a session: the group file and each participant's carnet."""

    group: WriteOutcome
    carnets: dict[str, WriteOutcome]

    @property
    def outcomes(self) -> list[WriteOutcome]:
        """Every outcome, the group file first."""
        return [self.group, *self.carnets.values()]

    @property
    def problems(self) -> list[Problem]:
        """Every problem met and every notice, for the facilitator's screen.

        The notices are included because the screens show this list as it is: an entry
        kept aside, or back in its file, must be said wherever a problem would be.
        """
        return [problem for outcome in self.outcomes for problem in outcome.messages]

    @property
    def notices(self) -> list[Problem]:
        """Only the notices (where content went, what came back), for a screen that shows them apart."""
        return [notice for outcome in self.outcomes for notice in outcome.notices]


@dataclass(frozen=True)
class GroupRef:
    """A group and its folder."""

    name: str
    folder: Path


@dataclass(frozen=True)
class CarnetRef:
    """A participant's carnet in one group."""

    participant: str
    group: str
    path: Path


@dataclass(frozen=True)
class OpenCommitment:
    """An action of a previous client's plan that is still open."""

    participant: str
    session_id: str
    session_date: dt.datetime
    session_number: int | None
    subject: str
    action: Action


@dataclass(frozen=True)
class CommitmentsReport:
    """Open commitments of a group's members, and the carnets that could not be read."""

    items: list[OpenCommitment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
