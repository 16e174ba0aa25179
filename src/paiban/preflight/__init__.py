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


#: What to change when a check fails on a paiban print build, by check name.
FIXES = {
    "fonts": "use fonts that may be embedded (TrueType .ttf with embedding allowed)",
    "page boxes": "give the style a print: section with a bleed (e.g. bleed: 3mm)",
    "trim size": "set every page of the document to one page size",
    "safe zone": "move the text further from the trim: larger page margins in the style",
    "colour": "give colours in the style as cmyk(c,m,y,k); RGB images are converted by --print, so "
              "RGB left over comes from elsewhere (see the colour row)",
    "ink": "give the style's dark colours less total ink (C+M+Y+K under print.ink_limit), or name a "
           "press profile whose total ink stays under the limit (print.output_profile)",
    "PDF/X": "set print.pdfx in the style (x4 or x1a), or none to write no PDF/X",
    "black text": "give black text as cmyk(0,0,0,100) in the style, or let display type be rich black "
                  "from a size on (print.rich_black_min)",
    "text size": "raise the style's smallest type size (folio, notes, captions) to 5 pt or more",
    "images": "use images with at least 300 pixels per inch at their printed size, or print them smaller",
    "overset": "run `paiban build --show-grid` without --print to see which text lies outside its frame",
}


class PreflightFailure(PreflightError):
    """A print build whose PDF failed preflight; `report` says why."""

    def __init__(self, report: Report, output: Path | None, warnings: tuple[Diagnostic, ...] = ()):
        failed = "; ".join(f"{r.name}: {r.summary}" for r in report.errors)
        target = f"; {display_path(output)} was not written" if output else ""
        fixes = [FIXES.get(r.name, "see the preflight table above") for r in report.errors]
        super().__init__(f"preflight failed ({failed}){target}", None,
                         "; ".join(dict.fromkeys(fixes)))
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
