"""Tiny fonts built on the fly with fontTools, for tests of font tables and font errors.

Each draws a few characters as boxes. `truetype_font` has the glyf outlines the PDF writer
embeds; `cff_font` has PostScript (CFF) outlines, as most `.otf` files do, which it cannot.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

UPEM = 1000


def _names(chars: str) -> list[str]:
    return [f"uni{ord(c):04X}" for c in chars]


def _finish(fb: FontBuilder, family: str, ps_name: str, path: Path, widths: dict[str, int]) -> Path:
    fb.setupHorizontalMetrics({name: (width, 100 if width else 0) for name, width in widths.items()})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps_name})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def _draw_box(pen, width: int):
    """A box glyph `width` units wide, drawn with any fontTools pen; returns the pen."""
    pen.moveTo((100, -100))
    pen.lineTo((100, 800))
    pen.lineTo((width - 100, 800))
    pen.lineTo((width - 100, -100))
    pen.closePath()
    return pen


def truetype_font(path: Path, chars: str = "正文", family: str = "Box Song", ps_name: str = "BoxSong-Regular") -> Path:
    """A TrueType font drawing `chars` (and the space) as full-width boxes."""

    def box(width: int):
        return _draw_box(TTGlyphPen(None), width).glyph()

    names = _names(chars)
    fb = FontBuilder(UPEM, isTTF=True)
    fb.setupGlyphOrder([".notdef", "space", *names])
    fb.setupCharacterMap({32: "space", **{ord(c): n for c, n in zip(chars, names)}})
    fb.setupGlyf({".notdef": box(500), "space": TTGlyphPen(None).glyph(), **{n: box(UPEM) for n in names}})
    return _finish(fb, family, ps_name, path, {".notdef": 500, "space": 250, **{n: UPEM for n in names}})


def cff_font(path: Path, chars: str = "正文", family: str = "Box Sans", ps_name: str = "BoxSans-Regular") -> Path:
    """A font with PostScript (CFF) outlines, as in most `.otf` files."""

    def box(width: int):
        return _draw_box(T2CharStringPen(width, None), width).getCharString()

    names = _names(chars)
    fb = FontBuilder(UPEM, isTTF=False)
    fb.setupGlyphOrder([".notdef", *names])
    fb.setupCharacterMap({ord(c): n for c, n in zip(chars, names)})
    fb.setupCFF(ps_name, {"FullName": family}, {".notdef": box(500), **{n: box(UPEM) for n in names}}, {})
    return _finish(fb, family, ps_name, path, {".notdef": 500, **{n: UPEM for n in names}})
