"""Preflight: check a PDF (paiban's or anyone's) for what makes a print job fail.

`preflight(path_or_bytes)` reads the PDF with PyMuPDF (`facts`), runs every check in `checks`,
and returns a `Report`; `format_report` turns it into the table ``paiban preflight`` prints. A
print build (``paiban build --print``) runs the same checks on the PDF it made and refuses to
write a PDF that fails them.
"""

from __future__ import annotations

from pathlib import Path

from paiban.errors import Diagnostic, PreflightError, Span, display_path
from paiban.preflight.checks import CHECKS
from paiban.preflight.facts import read_facts
from paiban.preflight.report import CheckResult, Finding, PreflightOptions, Report
from paiban.preflight.table import format_report

__all__ = ["CheckResult", "Finding", "PreflightFailure", "PreflightOptions", "Report",
           "format_report", "preflight"]


class PreflightFailure(PreflightError):
    """A print build whose PDF failed preflight; `report` says why."""

    def __init__(self, report: Report, output: Path | None, warnings: tuple[Diagnostic, ...] = ()):
        failed = ", ".join(r.name for r in report.errors)
        target = f"; {display_path(output)} was not written" if output else ""
        super().__init__(f"preflight failed ({failed}){target}", None,
                         "fix the style or article, or run a normal build to look at the page")
        self.report = report
        self.warnings = warnings  # the build's own warnings, which may explain the failure


def preflight(source: str | Path | bytes, options: PreflightOptions | None = None,
              name: str | None = None) -> Report:
    """Check a PDF, given as a path or as its bytes (`name` is then shown as its source)."""
    facts = read_facts(source, name)
    if not facts.pages:
        raise PreflightError("the PDF has no pages", Span(facts.name))
    options = options or PreflightOptions()
    return Report(facts.name, len(facts.pages), tuple(check(facts, options) for check in CHECKS))
