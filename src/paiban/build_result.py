"""What a build hands back: the layout, the PDF bytes and the print build's preflight report.

It lives apart from `paiban.api` so that the print build (`paiban.print_build`), which `api` calls,
can make one without importing `api` back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paiban.errors import Diagnostic
from paiban.layout.result import LayoutDocument

if TYPE_CHECKING:
    from paiban.preflight import Report
    from paiban.proof.report import ProofReport

#: Told how far writing has got: (phase, pages done, pages in all when known); see
#: `paiban.render.pdf.render_stream`.
PageProgress = Callable[[str, int, "int | None"], None]


@dataclass(frozen=True, eq=False)
class BuildResult:
    """What a build made: the layout (for inspection), the PDF bytes, and its warnings."""

    document: LayoutDocument
    pdf: bytes
    output: Path | None
    preflight: Report | None = None  # a print build's preflight report
    page_count: int | None = None  # set when the pages were written as made and not kept
    proof: ProofReport | None = None  # what `paiban.proof` marked, when the build was asked to proofread

    @property
    def pages(self) -> int:
        """How many pages the PDF has (also when the layout's pages were not kept)."""
        return len(self.document.pages) if self.page_count is None else self.page_count

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self.document.warnings
