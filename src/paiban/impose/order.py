"""Which page goes where on which sheet: pure arithmetic, no PDF.

Pages are numbered from 1; a number above the document's page count stands for a blank page
added as padding. A saddle-stitched booklet of n pages (n a multiple of 4) uses n/4 sheets,
printed on both sides, nested and folded once. Sheet 1 is the outermost:

    front: [n, 1]      back: [2, n-1]
    front: [n-2, 3]    back: [4, n-3]      (sheet 2)  …

so that each side, read left to right, shows the pages that face each other once folded, and the
back is printed with the sheet turned over on its short edge (landscape sheets).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a sheet: page numbers in cells read left to right, top to bottom."""

    pages: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A press sheet: its index from the outside of the booklet (0 = outermost) and both sides."""

    index: int
    front: Side
    back: Side


def padded_count(pages: int, multiple: int) -> int:
    """The page count rounded up to a whole number of `multiple`s (blanks make up the rest)."""
    if pages < 1:
        raise ValueError("a document to impose needs at least one page")
    return -(-pages // multiple) * multiple


def saddle_order(pages: int) -> list[Sheet]:
    """Sheets of a saddle-stitched booklet holding `pages` pages, padded to a multiple of 4."""
    n = padded_count(pages, 4)
    sheets = []
    for i in range(n // 4):
        front = Side((n - 2 * i, 2 * i + 1))
        back = Side((2 * i + 2, n - 2 * i - 1))
        sheets.append(Sheet(i, front, back))
    return sheets


def nup_order(pages: int, per_side: int) -> list[Side]:
    """Sides of a simple n-up handout: consecutive pages in reading order, `per_side` a side.

    Not meant to be folded or cut and collated: each side is independent, so the sides can be
    printed single- or double-sided in order.
    """
    if per_side < 1:
        raise ValueError("per_side must be at least 1")
    n = padded_count(pages, per_side)
    return [Side(tuple(range(start + 1, start + per_side + 1))) for start in range(0, n, per_side)]


def creep_shift(sheet_index: int, caliper: float) -> float:
    """How far the pages of a sheet move towards the spine to offset creep (same unit as caliper).

    Each folded sheet wraps around those inside it, so inner sheets push their fore-edges out by
    about one paper thickness per sheet outside them. Moving their pages inwards by that much
    makes the trimmed booklet keep even fore-edge margins. The outermost sheet does not move.
    """
    if caliper < 0:
        raise ValueError("paper caliper cannot be negative")
    return sheet_index * caliper
