"""The preflight report as a plain-text table, for the terminal and for logs."""

from __future__ import annotations

from paiban.preflight.checks import WHAT_TO_DO
from paiban.preflight.report import FAIL, WARN, Report

#: Findings shown under a row; the rest are counted.
SHOWN_FINDINGS = 6


def format_report(report: Report, shown: int = SHOWN_FINDINGS) -> str:
    """One row per check (name, result, summary), each finding indented below its row."""
    width = max(len(r.name) for r in report.results)
    pages = f"{report.pages} page{'s' if report.pages != 1 else ''}"
    lines = [f"preflight {report.source} ({pages})", f"{'check':{width}}  result  details"]
    for r in report.results:
        lines.append(f"{r.name:{width}}  {r.status:6}  {r.summary}")
        for finding in r.findings[:shown]:
            lines.append(f"{'':{width}}          {finding}")
        if len(r.findings) > shown:
            lines.append(f"{'':{width}}          … and {len(r.findings) - shown} more")
        if r.status in (FAIL, WARN) and r.name in WHAT_TO_DO:
            lines.append(f"{'':{width}}          → {WHAT_TO_DO[r.name]}")
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "passed" if report.passed else "FAILED"
    lines.append(f"{verdict}: {errors} error{'s' if errors != 1 else ''}, "
                 f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "\n".join(lines)
