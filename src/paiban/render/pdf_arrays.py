"""PDF arrays written out at once, as the text ReportLab's PDFArray would write for them.

ReportLab formats every element of an array as an object of its own when the document is saved
(a type test, its number formatter, an encoding step), which is slow for the long number lists the
writer adds: the frame list of every page, and the glyph widths of every font subset (about 1,300
numbers in a booklet). Written here as one string, ReportLab copies it out unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def array_text(items: Sequence[str]) -> str:
    """Array text for elements already formatted: a line break every ten entries, as ReportLab
    writes an array (its default, single-line output)."""
    items = list(items)
    for i in reversed(range(10, len(items), 10)):
        items.insert(i, "\n ")
    return "[ " + " ".join(items) + " ]"


def number_array(values: Iterable[float]) -> str:
    """Array text for numbers, each through ReportLab's own number formatter (once per distinct
    value: a font's widths repeat a few values)."""
    from reportlab.lib.rl_accel import fp_str

    done: dict[float, str] = {}
    items = []
    for v in values:
        text = done.get(v)
        if text is None:
            text = done[v] = fp_str(v)
        items.append(text)
    return array_text(items)
