"""`paiban proof`: what a proofreader would mark on the pages, read from the layout data.

    from paiban.proof import proof_article
    report = proof_article("article.md", style="magazine")
    report.counts()            # {"lone_last_line": 2, "number_unit_break": 1, ...}
    report.findings[0]         # Finding(kind, page, column, line, text, value, unit, note)

Nothing is rendered: the findings come from the positions the layout gives each glyph and the
advances the fonts give it.
"""

from __future__ import annotations

from paiban.proof.report import KINDS, Finding, ProofReport, format_report, summary_line
from paiban.proof.run import proof_article, proof_document, style_fonts

__all__ = ["KINDS", "Finding", "ProofReport", "format_report", "proof_article", "proof_document",
           "style_fonts", "summary_line"]
