"""Kerning of Latin letters: the pair adjustments of a font's OpenType `kern` feature.

Latin words set with plain advances show the gaps kerning exists to close (`AV`, `To`, `y.`).
The pairs are read once from the font's GPOS table with fontTools, for the Latin letters,
digits and punctuation only (Basic Latin, Latin-1 and Latin Extended-A), and kept as data
beside the font's other tables (`paiban.fonttables`, kind `TABLES_KIND`: shipped in
fonts/tables/ for the bundled fonts, in the cache for a user's), so no build parses GPOS at run
time. They are a tables file of their own, loaded the first time a Latin run asks: a
Chinese-only article neither reads nor decodes them.

What is read is what a shaper applies for the `kern` feature to a pair of these characters:
in each lookup of the feature, the first pair-positioning subtable that covers the pair sets
the first glyph's advance adjustment (`XAdvance` of its first value record); the adjustments of
several lookups add up. Placement offsets, contextual kerning and the legacy `kern` table are
not read: none of the bundled fonts uses them for Latin pairs.
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path

from paiban import fonttables
from paiban.errors import FontError, Span, display_path

#: The kind of tables (`paiban.fonttables`) the pairs are kept as; the number changes whenever
#: what is read from a font changes.
TABLES_KIND = "kern1"

#: Code points whose pairs are read: printable Basic Latin, Latin-1 letters and signs, Latin
#: Extended-A.
KERNED_RANGES = ((0x21, 0x7E), (0xA1, 0x17F))

_SHIFT = 21  # a pair's key: left code point << _SHIFT | right code point


def kerned(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in KERNED_RANGES)


class KernPairs:
    """A font's kerning pairs: (left, right) character → adjustment in font units.

    Kept as two arrays (as stored) and made a dict on first use only: a Chinese-only article
    never asks, and so never pays for building it.
    """

    __slots__ = ("keys", "values", "_map")

    def __init__(self, keys: array, values: array):
        self.keys = keys  # "Q": left << 21 | right, ascending
        self.values = values  # "i": font units, never 0
        self._map: dict[int, int] | None = None

    @classmethod
    def empty(cls) -> KernPairs:
        return cls(array("Q"), array("i"))

    @classmethod
    def from_pairs(cls, pairs: dict[tuple[int, int], int]) -> KernPairs:
        items = sorted(((a << _SHIFT) | b, v) for (a, b), v in pairs.items() if v)
        return cls(array("Q", (k for k, _ in items)), array("i", (v for _, v in items)))

    def get(self, left: str, right: str) -> int:
        found = self._map
        if found is None:
            found = self._map = dict(zip(self.keys, self.values))
        return found.get((ord(left) << _SHIFT) | ord(right), 0)

    def __len__(self) -> int:
        return len(self.keys)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KernPairs) and self.keys == other.keys and self.values == other.values

    def __repr__(self) -> str:
        return f"KernPairs({len(self)} pairs)"


def read_kern_pairs(tt, cmap: dict[int, str]) -> KernPairs:
    """The kerning pairs of the Latin characters the font maps (see the module's docstring)."""
    empty = KernPairs.empty()
    if "GPOS" not in tt:
        return empty
    gpos = tt["GPOS"].table
    if not gpos.FeatureList or not gpos.LookupList:
        return empty
    codes: dict[str, list[int]] = {}  # glyph name → the kerned code points mapped to it
    for cp, glyph in cmap.items():
        if kerned(cp):
            codes.setdefault(glyph, []).append(cp)
    lookups = sorted({i for rec in gpos.FeatureList.FeatureRecord if rec.FeatureTag == "kern"
                      for i in rec.Feature.LookupListIndex})
    total: dict[tuple[str, str], int] = {}
    for index in lookups:
        lookup = gpos.LookupList.Lookup[index]
        applied: set[tuple[str, str]] = set()  # pairs a subtable of this lookup already took
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:  # extension
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) != 2:
                continue
            for pair, value in _subtable_pairs(sub, codes):
                if pair not in applied:
                    applied.add(pair)
                    if value:
                        total[pair] = total.get(pair, 0) + value
    pairs = {(a, b): v for (ga, gb), v in total.items() if v for a in codes[ga] for b in codes[gb]}
    return KernPairs.from_pairs(pairs)


def _subtable_pairs(sub, codes: dict[str, list[int]]):
    """(first glyph, second glyph), x-advance adjustment of every pair a PairPos subtable covers
    among the glyphs of `codes` (a covered pair with no adjustment gives 0: it still takes the pair)."""
    covered = [(i, g) for i, g in enumerate(sub.Coverage.glyphs) if g in codes]
    if sub.Format == 1:
        for i, first in covered:
            for rec in sub.PairSet[i].PairValueRecord:
                if rec.SecondGlyph in codes:
                    yield (first, rec.SecondGlyph), _x_advance(getattr(rec, "Value1", None))
    elif sub.Format == 2:
        first_class = sub.ClassDef1.classDefs if sub.ClassDef1 else {}
        second_class = sub.ClassDef2.classDefs if sub.ClassDef2 else {}
        for _, first in covered:
            row = sub.Class1Record[first_class.get(first, 0)].Class2Record
            for second in codes:
                yield (first, second), _x_advance(getattr(row[second_class.get(second, 0)], "Value1", None))


def _x_advance(value) -> int:
    return int(getattr(value, "XAdvance", 0) or 0) if value is not None else 0


def kern_tables(pairs: KernPairs) -> tuple[dict, dict[str, array]]:
    """The scalars and arrays `load_kern_pairs` makes the pairs from again."""
    return {"pairs": len(pairs)}, {"key": pairs.keys, "value": pairs.values}


def _from_tables(tables: fonttables.Tables) -> KernPairs | None:
    keys, values = tables.arrays.get("key"), tables.arrays.get("value")
    if (keys is None or values is None or keys.typecode != "Q" or values.typecode != "i"
            or len(keys) != len(values) or tables.values.get("pairs") != len(keys)):
        return None
    return KernPairs(keys, values)


def read_font_kern_pairs(path: str | os.PathLike[str]) -> KernPairs:
    """The pairs parsed from the font file itself with fontTools (no stored tables)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        tt = TTFont(str(path), lazy=True)
        return read_kern_pairs(tt, tt.getBestCmap() or {})
    except (TTLibError, OSError) as exc:
        raise FontError(f"cannot read font file {Path(path).name}: {exc}", Span(display_path(Path(path)))) from None
    except Exception as exc:  # fontTools reports a damaged table with whatever exception it hit
        raise FontError(f"cannot read the kerning of font file {Path(path).name}: damaged "
                        f"({type(exc).__name__}: {exc})", Span(display_path(Path(path)))) from None


_loaded: dict[str, KernPairs] = {}  # font key → pairs


def load_kern_pairs(path: str | os.PathLike[str]) -> KernPairs:
    """A font's pairs: from memory, else its stored tables, else parsed and stored."""
    key = fonttables.font_key(path)
    pairs = _loaded.get(key)
    if pairs is None:
        tables = fonttables.load(path, TABLES_KIND, key)  # (None when PAIBAN_NO_CACHE=1)
        pairs = _from_tables(tables) if tables is not None else None
        if pairs is None:
            pairs = read_font_kern_pairs(path)
            fonttables.store(TABLES_KIND, key, *kern_tables(pairs))
        _loaded[key] = pairs
    return pairs
