"""Page selections such as ``1-2`` or ``1,3-``: which pages of a document to preview.

Pages are counted from 1 in document order, as a designer counts them in a proof, not by folio:
an article starting on folio 14 has page 1 = folio 14. A selection is parsed before the build,
when the page count is not known yet, and resolved against the document afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paiban.preview.errors import PreviewError

_RANGE = re.compile(r"^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$")


@dataclass(frozen=True, slots=True)
class PageRange:
    """Pages first..last, 1-based and inclusive; `last` None means 'to the end'."""

    first: int
    last: int | None


@dataclass(frozen=True, slots=True)
class PageSelection:
    """A union of page ranges; the empty selection means every page."""

    ranges: tuple[PageRange, ...] = ()
    text: str = ""

    def indices(self, count: int) -> list[int]:
        """0-based indices of the selected pages of a document of `count` pages, in order.

        A range reaching past the end is cut there; a selection that names no existing page at
        all is an error, since an empty preview would look like a failed build.
        """
        if not self.ranges:
            return list(range(count))
        chosen: set[int] = set()
        for r in self.ranges:
            last = count if r.last is None else min(r.last, count)
            chosen.update(range(r.first - 1, last))
        if not chosen:
            pages = f"{count} page" + ("s" if count != 1 else "")
            raise PreviewError(f"--pages {self.text}: the document has only {pages}",
                               hint=f"choose pages between 1 and {count}")
        return sorted(chosen)


def parse_pages(text: str | None) -> PageSelection:
    """Parse ``1``, ``1-2``, ``2-`` (to the end), ``-3`` (up to 3) and comma-separated lists."""
    if text is None or not text.strip():
        return PageSelection()
    ranges = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match or not (match.group(1) or match.group(3)):
            raise PreviewError(f"--pages {text}: cannot read '{part.strip()}'",
                               hint="write pages as 1, 1-2, 2- or 1,3-4 (counted from 1)")
        first = int(match.group(1) or 1)
        last = None if match.group(2) and not match.group(3) else int(match.group(3) or first)
        if first < 1 or (last is not None and last < first):
            raise PreviewError(f"--pages {text}: '{part.strip()}' is not a range of pages",
                               hint="pages count from 1, and a range goes from low to high")
        ranges.append(PageRange(first, last))
    return PageSelection(tuple(ranges), text.strip())
