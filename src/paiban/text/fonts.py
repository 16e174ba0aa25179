"""Fonts: the font table, and the metrics the composer needs, read with fontTools.

The composer never asks ReportLab for widths: it works from advances read here, so layout is
independent of the PDF writer and testable without it. Parsed metrics are kept per process (a
watch loop loads each font once) and cached on disk per font file, because parsing the cmap and
hmtx of a 15 MB CJK font costs about 0.1 s each time.

Two font traps are handled here rather than in the composer (see the project's FONTS notes):
- some fonts map U+2014 EM DASH to a proportional glyph but carry a full-width one behind the
  `fwid` feature; since the PDF writer draws by code point, the full-width glyph is recorded as a
  substitution that the writer applies in memory, so the PDF text still reads U+2014;
- which half of a punctuation mark is blank is read from the glyph's ink bounds.
"""

from __future__ import annotations

import os
import stat
from array import array
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from paiban import fonttables
from paiban.errors import FontError, Span, did_you_mean, display_path
from paiban.fonttables import fonts_dir
from paiban.text.classes import CLOSING, DASH, ELLIPSIS, MIDDLE_DOT, OPENING, PAUSE
from paiban.text.kerning import KernPairs, load_kern_pairs
from paiban.yamlnodes import MAX_DEPTH, NestedTooDeep, compose_yaml

#: The kind of tables (`paiban.fonttables`) the metrics are kept as; the number changes whenever
#: what is read from a font changes, so that older tables are parsed again.
TABLES_KIND = "metrics5"

#: Marks whose ink position matters for compression and slot placement.
_INKED = OPENING | CLOSING | PAUSE | MIDDLE_DOT | DASH | ELLIPSIS | frozenset("～／")

#: Marks that may be drawn from a full-width alternate glyph (OpenType `fwid`).
_FULL_WIDTH_CANDIDATES = DASH | MIDDLE_DOT | ELLIPSIS | frozenset("“”‘’")


@dataclass(frozen=True, slots=True, eq=False)
class Ink:
    """Horizontal ink bounds of a glyph, in font units."""

    x0: int
    x1: int


class AdvanceTable:
    """Code point → advance width, compact: one machine array for the BMP, a dict beyond it.

    A CJK font maps some 30,000 code points; as a dict that costs tens of milliseconds to load
    from the cache and several megabytes of objects, as an array a fraction of a millisecond.
    """

    __slots__ = ("_bmp", "_extra")

    def __init__(self, advances: dict[int, int]):
        self._bmp = array("I", bytes(4 * 0x10000))
        self._extra: dict[int, int] = {}
        for cp, adv in advances.items():
            self[cp] = adv

    def __setitem__(self, cp: int, advance: int) -> None:
        if cp < 0x10000:
            self._bmp[cp] = advance + 1  # 0 marks a code point the font lacks
        else:
            self._extra[cp] = advance

    def __contains__(self, cp: int) -> bool:
        return self._bmp[cp] != 0 if cp < 0x10000 else cp in self._extra

    def __getitem__(self, cp: int) -> int:
        if cp < 0x10000:
            value = self._bmp[cp]
            if value:
                return value - 1
            raise KeyError(cp)
        return self._extra[cp]

    def __iter__(self):
        """The code points the font maps, in order."""
        yield from (cp for cp, v in enumerate(self._bmp) if v)
        yield from sorted(self._extra)

    def __len__(self) -> int:
        return sum(1 for v in self._bmp if v) + len(self._extra)

    @classmethod
    def from_arrays(cls, bmp: array, extra: dict[int, int]) -> AdvanceTable:
        """A table over a BMP array as `bmp_array` gives it (advance + 1, 0 where unmapped)."""
        table = cls.__new__(cls)
        table._bmp, table._extra = bmp, extra
        return table

    def bmp_array(self) -> array:
        return self._bmp

    def extra_items(self) -> dict[int, int]:
        return dict(self._extra)


@dataclass(eq=False)
class FontMetrics:
    """What the composer needs from one font file, in font units."""

    path: str
    name: str  # PostScript name, unique per file; used as the font's key everywhere
    units_per_em: int
    ascender: int
    descender: int
    advances: AdvanceTable  # code point → advance (after substitutions)
    ink: dict[int, Ink]  # code point → ink bounds, for punctuation only
    substitutions: dict[int, int] = field(default_factory=dict)  # code point → glyph id
    is_truetype: bool = True

    def has(self, ch: str) -> bool:
        return ord(ch) in self.advances

    @cached_property
    def kerning(self) -> KernPairs:
        """The font's Latin kerning pairs (paiban.text.kerning), loaded when first asked for."""
        return load_kern_pairs(self.path)

    def advance_em(self, ch: str) -> float:
        """Advance of a character in em (1.0 for a full-width glyph)."""
        return self.advances[ord(ch)] / self.units_per_em

    def blank_side(self, ch: str) -> str | None:
        """Which half of a full-width mark is blank: 'left', 'right', 'both' (centred) or None.

        Read from the ink: a mark whose ink lies in the left half of its em box has its blank on the
        right, and so on. Marks narrower than an em (proportional quotes) are judged on their
        advance the same way.
        """
        ink = self.ink.get(ord(ch))
        if ink is None:
            return None
        advance = self.advances[ord(ch)]
        mid = advance / 2
        if ink.x1 <= mid + advance * 0.05:
            return "right"
        if ink.x0 >= mid - advance * 0.05:
            return "left"
        return "both"


def _full_width_alternates(tt, cmap: dict[int, str], upem: int) -> dict[int, str]:
    """Code points whose glyph is proportional but whose `fwid` alternate is a full em."""
    if "GSUB" not in tt:
        return {}
    gsub = tt["GSUB"].table
    if not gsub.FeatureList:
        return {}
    hmtx = tt["hmtx"]
    wanted = {cmap[cp]: cp for cp in map(ord, _FULL_WIDTH_CANDIDATES) if cp in cmap}
    wanted = {g: cp for g, cp in wanted.items() if hmtx[g][0] < upem * 0.95}
    found: dict[int, str] = {}
    for rec in gsub.FeatureList.FeatureRecord:
        if rec.FeatureTag != "fwid":
            continue
        for index in rec.Feature.LookupListIndex:
            lookup = gsub.LookupList.Lookup[index]
            for sub in lookup.SubTable:
                mapping = getattr(sub, "mapping", None)
                if sub.LookupType == 7:  # extension
                    mapping = getattr(sub.ExtSubTable, "mapping", None)
                for src, dst in (mapping or {}).items():
                    if src in wanted and hmtx[dst][0] >= upem * 0.95:
                        found[wanted[src]] = dst
    return found


def read_metrics(path: Path) -> FontMetrics:
    """Metrics parsed from the font file itself with fontTools (no stored tables)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        tt = TTFont(str(path), lazy=True)
    except (TTLibError, OSError, AssertionError) as exc:
        raise FontError(f"cannot read font file {path.name}: {exc}", Span(display_path(path))) from None
    if tt.flavor:
        raise FontError(
            f"{path.name} is a {tt.flavor.upper()} web font; the PDF writer embeds plain TrueType fonts only",
            Span(display_path(path)),
            hint="use the .ttf this web font was made from (fontTools: `fonttools ttLib.woff2 decompress`)",
        )
    if "glyf" not in tt:
        raise FontError(
            f"{path.name} has PostScript (CFF) outlines; the PDF writer embeds TrueType-outline fonts only",
            Span(display_path(path)),
            hint="use a TrueType (.ttf, glyf outlines) version of this font",
        )
    try:
        return _parse_metrics(tt, path)
    except FontError:
        raise
    except Exception as exc:  # fontTools reports a damaged table with whatever exception it hit
        raise FontError(f"cannot read font file {path.name}: damaged ({type(exc).__name__}: {exc})",
                        Span(display_path(path))) from None


def _parse_metrics(tt, path: Path) -> FontMetrics:
    cmap = tt.getBestCmap()
    if not cmap:
        raise FontError(f"{path.name} has no Unicode character map", Span(display_path(path)),
                        hint="the font cannot be used for text; use another font")
    upem = tt["head"].unitsPerEm
    hmtx = tt["hmtx"]
    advances = {cp: hmtx[g][0] for cp, g in cmap.items()}
    alternates = _full_width_alternates(tt, cmap, upem)
    glyph_order = tt.getGlyphOrder()
    glyph_id = {name: i for i, name in enumerate(glyph_order)} if alternates else {}
    substitutions = {}
    for cp, glyph in alternates.items():
        substitutions[cp] = glyph_id[glyph]
        advances[cp] = hmtx[glyph][0]
        cmap[cp] = glyph
    glyf = tt["glyf"]
    ink = {}
    for ch in _INKED:
        glyph = cmap.get(ord(ch))
        if glyph is None:
            continue
        g = glyf[glyph]
        if g.numberOfContours == 0:
            continue
        g.recalcBounds(glyf)
        ink[ord(ch)] = Ink(g.xMin, g.xMax)
    os2 = tt["OS/2"] if "OS/2" in tt else None
    ascender = os2.sTypoAscender if os2 else tt["hhea"].ascent
    descender = os2.sTypoDescender if os2 else tt["hhea"].descent
    name = tt["name"].getDebugName(6) or path.stem
    return FontMetrics(str(path), name, upem, ascender, descender, AdvanceTable(advances), ink, substitutions)


_loaded: dict[str, FontMetrics] = {}  # font key → metrics
_seen: dict[tuple[str, int, int, int], FontMetrics] = {}  # (path as given, inode, size, mtime) → metrics


def load_metrics(path: str | Path, use_cache: bool = True) -> FontMetrics:
    """Metrics of a font file: from memory, else from its stored tables (shipped for the bundled
    fonts, cached for others), else parsed with fontTools and stored.

    Within one process a booklet asks again for every article; one `stat` tells whether the file
    is the one seen before. Across processes the tables are found by the font's content key.
    """
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise FontError("font file not found", Span(display_path(Path(path))))
    seen_key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    found = _seen.get(seen_key)
    if found is not None:
        return found
    p = Path(path)
    try:
        key = fonttables.font_key(p)
    except OSError as exc:
        raise FontError(f"cannot read font file {p.name}: {exc.strerror}", Span(display_path(p))) from None
    metrics = _loaded.get(key)
    if metrics is None:
        tables = fonttables.load(p, TABLES_KIND, key) if use_cache else None
        metrics = _metrics_from_tables(tables, p) if tables is not None else None
        if metrics is None:
            metrics = read_metrics(p)
            if use_cache:
                fonttables.store(TABLES_KIND, key, *metrics_tables(metrics))
        _loaded[key] = metrics
    _seen[seen_key] = metrics
    return metrics


def metrics_tables(metrics: FontMetrics) -> tuple[dict, dict[str, array]]:
    """The scalars and arrays that `_metrics_from_tables` makes the metrics from again."""
    extra = dict(sorted(metrics.advances.extra_items().items()))  # sorted: the same bytes in every run
    ink = dict(sorted(metrics.ink.items()))
    substitutions = dict(sorted(metrics.substitutions.items()))
    values = {"name": metrics.name, "units_per_em": metrics.units_per_em,
              "ascender": metrics.ascender, "descender": metrics.descender}
    arrays = {
        "advances": metrics.advances.bmp_array(),
        "extra_cp": array("I", extra), "extra_advance": array("I", extra.values()),
        "ink_cp": array("I", ink), "ink_x0": array("i", (i.x0 for i in ink.values())),
        "ink_x1": array("i", (i.x1 for i in ink.values())),
        "sub_cp": array("I", substitutions), "sub_gid": array("I", substitutions.values()),
    }
    return values, arrays


def _metrics_from_tables(tables: fonttables.Tables, path: Path) -> FontMetrics | None:
    v, a = tables.values, tables.arrays
    try:
        if (len(a["advances"]) != 0x10000 or a["advances"].typecode != "I"
                or not isinstance(v["name"], str) or not all(isinstance(v[k], int) for k in
                                                             ("units_per_em", "ascender", "descender"))
                or v["units_per_em"] <= 0):
            return None
        ink = {cp: Ink(x0, x1) for cp, x0, x1 in zip(a["ink_cp"], a["ink_x0"], a["ink_x1"], strict=True)}
        extra = dict(zip(a["extra_cp"], a["extra_advance"], strict=True))
        substitutions = dict(zip(a["sub_cp"], a["sub_gid"], strict=True))
    except (KeyError, ValueError):
        return None
    return FontMetrics(str(path), v["name"], v["units_per_em"], v["ascender"], v["descender"],
                       AdvanceTable.from_arrays(a["advances"], extra), ink, substitutions)


@dataclass(frozen=True, slots=True, eq=False)
class FontTable:
    """Family name → weight → font file, as listed in a `fonts.yaml`.

    File names are relative to `folder`, or absolute (the families a style's own font table
    adds are stored with absolute paths, since they live in another folder). `spans` remembers
    where each file was named, so that a missing or unusable font is reported at that line.
    """

    folder: Path
    families: dict[str, dict[str, str]]
    spans: dict[tuple[str, str], Span] = field(default_factory=dict)
    _memo: dict[tuple[str, str], FontMetrics] = field(default_factory=dict, compare=False, repr=False)

    def path(self, family: str, weight: str = "regular") -> Path:
        weights = self.families.get(family)
        if weights is None:
            raise FontError(
                f"unknown font family '{family}'",
                hint=did_you_mean(family, list(self.families)) or f"known families: {', '.join(self.families)}",
            )
        file = weights.get(weight)
        if file is None:
            raise FontError(
                f"font family '{family}' has no weight '{weight}'",
                hint=f"available: {', '.join(weights)}",
            )
        return self.folder / file

    def metrics(self, family: str, weight: str = "regular") -> FontMetrics:
        """Metrics of a family's weight, loaded once per process and font table (a booklet asks
        for the same few fonts for every article); a bad file is reported where the table names it."""
        key = (family, weight)
        found = self._memo.get(key)
        if found is not None:
            return found
        path = self.path(family, weight)
        try:
            found = self._memo[key] = load_metrics(path)
        except FontError as exc:
            span = self.spans.get((family, weight))
            if span is None:
                raise
            raise FontError(f"font '{family}' ({weight}): {exc.message}", span,
                            exc.hint or f"the file is {display_path(path)}") from None
        return found
    def extended(self, other: FontTable) -> FontTable:
        """This table with the families of `other` added (replacing any of the same name)."""
        families = {name: {w: str(self.folder / f) for w, f in weights.items()} for name, weights in self.families.items()}
        spans = dict(self.spans)
        for name, weights in other.families.items():
            families[name] = {w: str(other.folder / f) for w, f in weights.items()}
            spans.update({key: span for key, span in other.spans.items() if key[0] == name})
        return FontTable(self.folder, families, spans)


def font_table(folder: Path | None = None) -> FontTable:
    """The font table of a fonts folder (the bundled one by default)."""
    return read_font_table((folder or fonts_dir()) / "fonts.yaml")


def style_font_table(extra: str | Path | None = None) -> FontTable:
    """The bundled font table, with the families of a style's own table (its `fonts:` key) added."""
    table = font_table()
    return table.extended(read_font_table(Path(extra))) if extra else table


_tables: dict[tuple[str, int, int], FontTable] = {}  # (path as given, inode, mtime) → table


def read_font_table(file: Path) -> FontTable:
    """A font table file; re-read only when it changes (a watch loop may call this often, and
    every article of a booklet asks for it twice: one `stat` answers a repeat)."""
    try:
        st = os.stat(file)
    except OSError as exc:
        raise FontError(f"cannot read the font table: {exc.strerror}", Span(display_path(file))) from None
    key = (str(file), st.st_ino, st.st_mtime_ns)
    table = _tables.get(key)
    if table is None:
        if len(_tables) > 64:  # a long watch session over an edited table
            _tables.clear()
        table = _tables[key] = _read_font_table(file.resolve(), st.st_mtime_ns)
    return table


@lru_cache(maxsize=16)
def _read_font_table(file: Path, stamp: int) -> FontTable:
    shown = display_path(file)
    try:
        text = file.read_bytes().decode("utf-8-sig")
        root = compose_yaml(text)
    except OSError as exc:
        raise FontError(f"cannot read the font table: {exc.strerror}", Span(shown)) from None
    except UnicodeDecodeError as exc:
        raise FontError(f"the font table is not UTF-8 (byte {exc.start})", Span(shown)) from None
    except NestedTooDeep as exc:
        mark = exc.problem_mark
        raise FontError(f"the font table is nested deeper than {MAX_DEPTH} levels",
                        Span(shown, mark.line + 1, mark.column + 1),
                        hint=f"paiban reads at most {MAX_DEPTH} levels of lists and mappings inside each other") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        span = Span(shown, mark.line + 1, mark.column + 1) if mark else Span(shown)
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise FontError(f"YAML syntax error in the font table: {problem}", span) from None
    families: dict[str, dict[str, str]] = {}
    spans: dict[tuple[str, str], Span] = {}
    shape = "the font table must map each family to its weights and files, e.g. 'My Serif: {regular: MySerif.ttf}'"
    for family_node, weights_node in _mapping(root, shown, shape):
        family = _scalar(family_node, shown, shape)
        weights: dict[str, str] = {}
        for weight_node, file_node in _mapping(weights_node, shown, shape):
            weight = _scalar(weight_node, shown, shape)
            weights[weight] = _scalar(file_node, shown, f"font family '{family}', weight '{weight}': expected a file name")
            spans[(family, weight)] = _node_span(file_node, shown)
        families[family] = weights
    return FontTable(file.parent, families, spans)


def _node_span(node: yaml.Node, shown: str) -> Span:
    return Span(shown, node.start_mark.line + 1, node.start_mark.column + 1)


def _mapping(node: yaml.Node | None, shown: str, message: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise FontError(message, _node_span(node, shown) if node is not None else Span(shown))
    return node.value


def _scalar(node: yaml.Node, shown: str, message: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise FontError(message, _node_span(node, shown))
    return node.value.strip()
