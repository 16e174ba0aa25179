"""What `paiban proof` reports: findings a proofreader would mark, and the report that holds them.

Plain frozen data, so that the command line prints it, `--json` writes it and tests assert on it
without knowing how it was measured.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Every kind of finding, in the order reports list them. The first ones are line breaking, the
#: middle ones spacing, the last ones page make-up.
KINDS = (
    "lone_last_line",
    "short_last_line",
    "number_unit_break",
    "heading_broken_in_word",
    "hyphenation",
    "loose_line",
    "tight_line",
    "squeezed_lone_mark",
    "letter_spaced_latin",
    "overfull_line",
    "widow",
    "orphan",
    "hole",
)


@dataclass(frozen=True, slots=True, eq=False)
class Finding:
    """One mark on the proof: where it is and what was measured.

    `page` is the 1-based page of the PDF (not the printed folio), `column` the 1-based column
    (0 for lines outside the columns: title, lead), `line` the 1-based line within that column
    (or within the lines outside the columns) from the top.
    """

    kind: str
    page: int
    column: int
    line: int
    text: str  # the line (or the words) concerned
    value: float  # the measured amount, in `unit`
    unit: str  # "char" | "em" | "pt" | "line"
    note: str = ""  # what the value means or why the line came out so

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True, eq=False)
class ProofReport:
    """The findings of one article set in one style."""

    article: str
    style: str
    pages: int
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        """How many findings of each kind (every kind listed, zero or not)."""
        counts = dict.fromkeys(KINDS, 0)
        for f in self.findings:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        return counts

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def to_dict(self) -> dict:
        return {"article": self.article, "style": self.style, "pages": self.pages,
                "counts": self.counts(), "findings": [f.to_dict() for f in self.findings]}


def summary_line(counts: dict[str, int]) -> str:
    """'2 lone_last_line, 1 hole' — the kinds found, in report order (empty when none)."""
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)


def format_report(report: ProofReport) -> str:
    """The report as a table for reading in a terminal."""
    head = f"{report.article} in {report.style}: {report.pages} page{'s' if report.pages != 1 else ''}, " \
           f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''}"
    if not report.findings:
        return head
    rows = [("kind", "page", "col", "line", "value", "text")]
    for f in report.findings:
        value = f"{f.value:g} {f.unit}" if f.unit != "em" else f"{f.value:.2f} em"
        text = f.text if len(f.text) <= 40 else f.text[:39] + "…"
        if f.note:
            text = f"{text}  ({f.note})"
        rows.append((f.kind, str(f.page), str(f.column) if f.column else "-", str(f.line), value, text))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [head, ""]
    for r in rows:
        lines.append("  ".join([r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:5], widths[1:5])), r[5]]))
    lines.append("")
    lines.append("counts: " + summary_line(report.counts()))
    return "\n".join(lines)
