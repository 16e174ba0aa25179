"""The tables shipped beside the bundled fonts (`fonts/tables/`), made from the font files.

A first build after installing paiban would otherwise parse every font it uses twice (fontTools
for the composer's metrics, ReportLab for the PDF writer's face): about 2.8 s and 155 MB before
the first page. `scripts/make_font_tables.py` writes these files; a test checks that they are
exactly what the fonts give, so a changed font cannot ship with old tables (and a font whose
key no longer matches its tables is parsed again at run time anyway).
"""

from __future__ import annotations

from pathlib import Path

from paiban import fonttables
from paiban.render import fonts as render_fonts
from paiban.text import fonts as text_fonts
from paiban.text import kerning


def tables_for(font: Path) -> dict[str, bytes]:
    """File name → bytes of every tables file shipped for one font file."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    key = fonttables.font_key(font)
    metrics = text_fonts.metrics_tables(text_fonts.read_metrics(font))
    face = render_fonts.face_tables(TTFontFace(str(font)))
    return {
        fonttables.bundled_name(font, text_fonts.TABLES_KIND): fonttables.encode(text_fonts.TABLES_KIND, key, *metrics),
        fonttables.bundled_name(font, render_fonts.TABLES_KIND): fonttables.encode(render_fonts.TABLES_KIND, key, *face),
        fonttables.bundled_name(font, kerning.TABLES_KIND): fonttables.encode(
            kerning.TABLES_KIND, key, *kerning.kern_tables(kerning.read_font_kern_pairs(font))),
    }


def bundled_fonts() -> list[Path]:
    """The font files of the bundled font table."""
    return sorted(fonttables.fonts_dir().glob("*.ttf"))
