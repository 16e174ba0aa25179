"""ReportLab fonts for the PDF writer, loaded once per process and cached on disk.

ReportLab parses a whole TrueType file (cmap, hmtx and glyph offsets of some 30,000 glyphs) when a
font is registered: 0.05–0.15 s per CJK font, every run. Here that parse happens once per font
file, or never for the bundled fonts, whose tables ship with paiban: they are kept as data
(`paiban.fonttables`, keyed by the font's content), and a process rebuilds the face from them in
well under a millisecond, reading glyph data straight from the font file through a memory map.
The face is made through ReportLab's attribute names (`TTFontFace` internals), which is why the
requirement on ReportLab has an upper bound. The font file itself is never changed.
"""

from __future__ import annotations

import hashlib
import mmap
import re
from array import array
from functools import partial
from pathlib import Path

from paiban import fonttables
from paiban.errors import FontError, Span, display_path
from paiban.render.deflate import deflate_soon, deflater_of
from paiban.render.pdf_arrays import number_array

def _reportlab_major() -> str:
    from reportlab import Version

    return Version.split(".")[0]


#: The kind of tables (`paiban.fonttables`) a face is kept as; change it when what is kept changes.
#: It names ReportLab's major version, whose parse the tables hold.
TABLES_KIND = f"rlface3-rl{_reportlab_major()}"
_BIG = ("_ttf_data", "_pdfScale", "charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")
_fonts: dict[tuple[str, str], object] = {}


class _Cmap:
    """Code point → glyph id over an array; answers the `in`/`[]`/`get` ReportLab asks."""

    def __init__(self, bmp: array, extra: dict[int, int]):
        self._bmp, self._extra, self._override = bmp, extra, {}

    def get(self, cp: int, default=None):
        if cp in self._override:
            return self._override[cp]
        if cp < 0x10000:
            gid = self._bmp[cp]
            return gid - 1 if gid else default
        return self._extra.get(cp, default)

    def __contains__(self, cp: int) -> bool:
        return self.get(cp) is not None

    def __getitem__(self, cp: int) -> int:
        gid = self.get(cp)
        if gid is None:
            raise KeyError(cp)
        return gid

    def __setitem__(self, cp: int, gid: int) -> None:
        self._override[cp] = gid

    def keys(self):
        bmp = (cp for cp in range(0x10000) if self._bmp[cp])
        return {*bmp, *self._extra, *self._override}


class _Widths:
    """Code point → advance in 1/1000 em, derived from the cmap and the glyph advances."""

    def __init__(self, cmap: _Cmap, advances: array, scale: float):
        self._cmap, self._advances, self._scale, self._override = cmap, advances, scale, {}

    def get(self, cp: int, default=None):
        if cp in self._override:
            return self._override[cp]
        gid = self._cmap.get(cp)
        return default if gid is None else self._advances[gid] * self._scale

    def __getitem__(self, cp: int) -> float:
        value = self.get(cp)
        if value is None:
            raise KeyError(cp)
        return value

    def __setitem__(self, cp: int, width: float) -> None:
        self._override[cp] = width


class _HMetrics:
    """Glyph id → (advance, left side bearing), as ReportLab's subsetter reads it."""

    def __init__(self, advances: array, lsbs: array, float_from: int):
        self._advances, self._lsbs, self._float_from = advances, lsbs, float_from

    def __getitem__(self, gid: int) -> tuple[int | float, int]:
        advance = self._advances[gid]
        return (float(advance) if gid >= self._float_from else advance), self._lsbs[gid]

    def __len__(self) -> int:
        return len(self._advances)


class _Window:
    """A table of the font file seen in place: slicing reads just those bytes.

    ReportLab's subsetter asks for the whole `glyf` table once per 256-glyph subset and slices
    single glyphs out of it; for a CJK font that is a 12 MB copy each time.
    """

    def __init__(self, data, start: int, length: int):
        self._data, self._start, self._length = data, start, length

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(self._length)
        return self._data[self._start + start : self._start + stop]

    def __len__(self) -> int:
        return self._length


def _get_table(face, tag: str):
    pos, length = face.get_table_pos(tag)
    if tag == "glyf":
        return _Window(face._ttf_data, pos, length)
    return face._ttf_data[pos : pos + length]


def face_tables(face) -> tuple[dict, dict[str, array]]:
    """A parsed face as scalars and arrays (`paiban.fonttables`): ReportLab's scalar attributes,
    its name strings marked so that they come back as ReportLab's name type, and the big tables
    as arrays."""
    bmp = array("I", bytes(4 * 0x10000))
    extra_cp, extra_gid = array("I"), array("I")
    for cp, gid in sorted(face.charToGlyph.items()):
        if cp < 0x10000:
            bmp[cp] = gid + 1
        else:
            extra_cp.append(cp)
            extra_gid.append(gid)
    values = {k: v for k, v in face.__dict__.items() if k not in _BIG and k != "filename"}  # where it is now
    names = sorted(k for k, v in values.items() if isinstance(v, bytes) and hasattr(v, "ustr"))
    values["$names"] = names
    values["$float_advances_from"] = _float_advances_from(face.hmetrics)
    arrays = {
        "cmap": bmp, "extra_cp": extra_cp, "extra_gid": extra_gid,
        "advances": array("H", (int(aw) for aw, _ in face.hmetrics)),
        "lsbs": array("i", (lsb for _, lsb in face.hmetrics)),
        "glyph_pos": array("I", face.glyphPos),
    }
    return values, arrays


def _float_advances_from(hmetrics) -> int:
    """Where the glyphs whose advance ReportLab gives as a float begin (some versions do so for
    the glyphs after the font's last full metric); the stored face gives them back the same way.
    Raises ValueError when the floats are not such a run of whole numbers (then nothing is stored)."""
    kinds = [isinstance(aw, float) for aw, _ in hmetrics]
    start = kinds.index(True) if True in kinds else len(kinds)
    if not all(kinds[start:]) or any(aw != int(aw) for aw, _ in hmetrics[start:]):
        raise ValueError("advances of a shape the stored face cannot give back")
    return start


def _face_from_tables(tables: fonttables.Tables, path: str):
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    values, arrays = dict(tables.values), tables.arrays
    names = values.pop("$names")
    float_from = values.pop("$float_advances_from")
    for name in names:
        values[name] = TTFNameBytes(values[name])
    bmp, advances, lsbs, glyph_pos = (arrays[k] for k in ("cmap", "advances", "lsbs", "glyph_pos"))
    if len(bmp) != 0x10000 or not len(advances) == len(lsbs) == values["numGlyphs"]:
        raise ValueError("tables do not fit together")
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update({k: v for k, v in values.items() if not k.startswith("_") or k == "_pos"})
    face.filename = path
    scale = 1000.0 / face.unitsPerEm
    face.charToGlyph = _Cmap(bmp, dict(zip(arrays["extra_cp"], arrays["extra_gid"], strict=True)))
    face.charWidths = _Widths(face.charToGlyph, advances, scale)
    face.hmetrics = _HMetrics(advances, lsbs, float_from)
    face.glyphPos = glyph_pos
    face.glyphToChar = {}
    face._pdfScale = lambda x, s=scale: int(round(x * s))
    with open(path, "rb") as fh:
        face._ttf_data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    face.get_table = lambda tag, face=face: _get_table(face, tag)
    return face


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A font subset's ToUnicode CMap, with code points above U+FFFF as UTF-16 surrogate pairs.

    ReportLab's own writes them as five hex digits, which readers truncate: 🄀 (U+1F100) was
    extracted as ἐ (U+1F10), so the PDF's text no longer matched the article. Below U+FFFF the
    output is the same as ReportLab's, byte for byte.
    """
    def utf16(cp: int) -> str:
        return chr(cp).encode("utf-16-be").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(cp)}>" for i, cp in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _face_name(key: str) -> bytes:
    """The font's name in the PDF: the layout's key for it, made safe for a PDF name.

    ReportLab would use the PostScript name in the file, which two files can share (it then
    refuses the second) and which a font may lack (it then makes one up from the clock, and the
    output is no longer the same from run to run). The layout's key is unique per file.
    """
    safe = re.sub(r"[^!-~]|[\[\](){}<>/%#]", "-", key)
    if safe != key:
        safe += "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return safe.encode("ascii")


def _load_face(path: str):
    """A face for `path`: rebuilt from its stored tables (shipped for the bundled fonts, cached for
    others), or parsed by ReportLab once and stored.

    With caches off (PAIBAN_NO_CACHE=1) it is ReportLab's own parse, untouched: the reference the
    compact face must match byte for byte in the PDF.
    """
    from reportlab.pdfbase.ttfonts import TTFontFace

    key = fonttables.font_key(path)
    tables = fonttables.load(path, TABLES_KIND, key)
    if tables is not None:
        try:
            return _face_from_tables(tables, path)
        except (KeyError, ValueError, TypeError, AttributeError):  # stale or damaged: parse again
            pass
    face = TTFontFace(path)
    if not fonttables.enabled():
        return face
    try:
        values, arrays = face_tables(face)
    except ValueError:  # a parse the stored form cannot hold: use it as it is
        return face
    fonttables.store(TABLES_KIND, key, values, arrays)
    return _face_from_tables(fonttables.Tables(values, arrays), path)


def ttfont(name: str, path: str, substitutions: dict[int, int]):
    """A registered ReportLab TTFont, with the layout's glyph substitutions applied in memory."""
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # ReportLab looks it up by name when saving
    key = (name, path)
    font = _fonts.get(key)
    if font is not None:
        return font
    font = TTFont.__new__(TTFont)
    font.fontName = name
    try:
        font.face = _load_face(path)
    except TTFError as exc:  # a font fontTools could read but ReportLab will not embed
        raise FontError(f"the PDF writer cannot embed {Path(path).name}: {exc}", Span(display_path(path)),
                        hint="use another TrueType (.ttf) font") from None
    font.face.name = _face_name(name)
    font.face.addSubsetObjects = partial(_subset_objects, font.face)
    font.addObjects = partial(_font_objects, font)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = False
    apply_substitutions(font, substitutions)
    pdfmetrics.registerFont(font)
    _fonts[key] = font
    return font


def _font_objects(font, doc) -> None:
    """ReportLab's font objects for every subset, each subset's /Widths then written out at once
    (`paiban.render.pdf_arrays`) rather than number by number when the file is saved."""
    from reportlab.pdfbase.pdfdoc import PDFArray

    state = font.state.get(doc)
    names = [font.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))] if state else []
    type(font).addObjects(font, doc)
    fonts = doc.idToObject["BasicFonts"].dict
    for name in names:
        widths = getattr(fonts.get(name), "Widths", None)
        if isinstance(widths, PDFArray):
            fonts[name].Widths = number_array(widths.sequence)


def _subset_objects(face, doc, fontname: str, subset: list[int]):
    """ReportLab's objects for one font subset, with the subset's font file compressed on the
    writer's helper thread from the moment it is cut, instead of when the file is saved."""
    descriptor = type(face).addSubsetObjects(face, doc, fontname, subset)
    deflater = deflater_of(doc)
    if deflater is not None:
        from reportlab.pdfbase.pdfdoc import PDFZCompress

        try:
            stream = doc.idToObject[doc.idToObject[descriptor.name].dict["FontFile2"].name]
        except (AttributeError, KeyError):  # not laid out as expected: ReportLab compresses it
            return descriptor
        if list(stream.filters or ()) == [PDFZCompress]:
            stream.filters = [deflate_soon(stream.content, deflater)]
    return descriptor


def apply_substitutions(font, substitutions: dict[int, int]) -> None:
    """Draw each code point of `substitutions` with its glyph id (and that glyph's advance).

    Applying the same map again changes nothing, so a writer that streams pages can apply the
    substitutions found so far before each page."""
    face = font.face
    for cp, gid in substitutions.items():
        face.charToGlyph[cp] = gid
        face.charWidths[cp] = face.hmetrics[gid][0] * 1000.0 / face.unitsPerEm
