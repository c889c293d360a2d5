"""Where the summary screen writes a session's report: ``logbooks/_reports/``, privately.

One name per session (its journal's id, then the group's name made safe the way carnet
files are), so that writing the report again brings the same files up to date instead of
piling copies up. Nothing is written through a link, and a file codev may not replace (a
folder, a write-protected file) is refused with the reason.
"""

from __future__ import annotations

from pathlib import Path

from codev.core.report.model import SessionReport
from codev.core.report.render import to_csv, to_html
from codev.core.safe_io import atomic_write, ensure_private_dir
from codev.core.workspace import Workspace

REPORTS_FOLDER = "_reports"
"""The reports' folder, inside the workspace's ``logbooks/`` (private, like the carnets). The
underscore, like ``_group.toml``'s, marks it as codev's: no group's folder name starts with one."""


def reports_dir(workspace: Workspace) -> Path:
    """The folder of a workspace's session reports."""
    return workspace.logbooks_dir / REPORTS_FOLDER


def report_stem(report: SessionReport) -> str:
    """The report's file name without suffix: ``<session id>_<group slug>`` (plus the
    reader's slug for someone's own copy). Only ``a-z 0-9 - _``: safe on every system."""
    from codev.core.logbook.names import slugify

    # A session without journal (a demo kept in memory) has no id: its date names it.
    stem = f"{report.session_id or report.date.isoformat()}_{slugify(report.group)}"
    return f"{stem}_{slugify(report.audience)}" if report.audience else stem


def write_reports(report: SessionReport, workspace: Workspace) -> tuple[Path, Path]:
    """Write the report as HTML and, beside it, as CSV; return both paths.

    Raises :class:`OSError` (:class:`~codev.core.safe_io.WriteRefused` for a link or a
    protected file, with a translated message naming it) when they cannot be written.
    """
    folder = reports_dir(workspace)
    ensure_private_dir(folder, within=workspace.logbooks_dir)
    stem = report_stem(report)
    html_path = folder / f"{stem}.html"
    csv_path = folder / f"{stem}.csv"
    atomic_write(html_path, to_html(report), within=workspace.logbooks_dir)
    atomic_write(csv_path, to_csv(report), within=workspace.logbooks_dir)
    return html_path, csv_path
