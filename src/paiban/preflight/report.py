"""Preflight results: one row per check, with the findings behind it, and the options it ran with."""

from __future__ import annotations

from dataclasses import dataclass

from paiban.units import mm

PASS, WARN, FAIL, SKIP = "pass", "warn", "FAIL", "skip"


@dataclass(frozen=True, slots=True)
class PreflightOptions:
    """Thresholds. Defaults are what Chinese offset printers ask for."""

    safe_margin: float = mm(3)  # text closer than this to the trim edge is an error; 0: off
    min_bleed: float = mm(3)  # a BleedBox narrower than this past the trim is a warning
    min_text_size: float = 5.0  # pt; 八号, the smallest 号数 size
    min_image_ppi: float = 300.0
    allow_rgb: bool = False  # screen PDFs: report RGB as a warning instead of an error
    ink_limit: int = 300  # total area coverage, percent: 300 suits coated stock
    rich_black_min: float | None = None  # pt; text this large may be rich black; None: never
    pdfx: str | None = None  # the PDF/X a print build declared (x4, x1a, none); None: any PDF


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, and the pages it is on (none: the whole document)."""

    pages: tuple[int, ...]
    message: str

    def __str__(self) -> str:
        return f"{page_list(self.pages)}: {self.message}" if self.pages else self.message


def page_list(pages: tuple[int, ...]) -> str:
    """Pages as a reader writes them: p.3, pp.1–4, 7."""
    if len(pages) == 1:
        return f"p.{pages[0]}"
    parts, start = [], None
    ordered = sorted(set(pages))
    for i, n in enumerate(ordered):
        start = n if start is None else start
        if i + 1 == len(ordered) or ordered[i + 1] != n + 1:
            parts.append(str(n) if start == n else f"{start}–{n}")
            start = None
    return "pp." + ", ".join(parts)


def collapse(findings: list[tuple[int, str]]) -> tuple[Finding, ...]:
    """One finding per distinct message, listing every page it occurs on, in first-seen order."""
    pages: dict[str, list[int]] = {}
    for page, message in findings:
        pages.setdefault(message, []).append(page)
    return tuple(Finding(tuple(dict.fromkeys(p)), m) for m, p in pages.items())


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check: its status, a one-line summary, and what it found."""

    name: str
    status: str  # PASS | WARN | FAIL | SKIP
    summary: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Every check's result for one PDF."""

    source: str
    pages: int
    results: tuple[CheckResult, ...]

    @property
    def errors(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.status == FAIL)

    @property
    def warnings(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.status == WARN)

    @property
    def passed(self) -> bool:
        return not self.errors

    def result(self, name: str) -> CheckResult:
        return next(r for r in self.results if r.name == name)
