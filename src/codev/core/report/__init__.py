"""The session report: what the facilitator sends the group after a session.

Built from a session journal alone (:func:`report_from_journal`) or from the live engine's
setup and view (:func:`build_report`), with the client's consent applied (see
:mod:`.model`); rendered as Markdown, HTML and CSV (:mod:`.render`); written into the
workspace by the summary screen (:mod:`.files`). No Textual here.
"""

from codev.core.report.files import REPORTS_FOLDER, report_stem, reports_dir, write_reports
from codev.core.report.model import (
    ReportAction,
    ReportAirtime,
    ReportError,
    ReportFollowUp,
    ReportNote,
    ReportPerson,
    ReportRound,
    ReportStep,
    SessionReport,
    Withheld,
    audience_id,
    build_report,
    report_from_journal,
)
from codev.core.report.render import CSV_COLUMNS, to_csv, to_html, to_markdown

__all__ = [
    "CSV_COLUMNS",
    "REPORTS_FOLDER",
    "ReportAction",
    "ReportAirtime",
    "ReportError",
    "ReportFollowUp",
    "ReportNote",
    "ReportPerson",
    "ReportRound",
    "ReportStep",
    "SessionReport",
    "Withheld",
    "audience_id",
    "build_report",
    "report_from_journal",
    "report_stem",
    "reports_dir",
    "to_csv",
    "to_html",
    "to_markdown",
    "write_reports",
]
