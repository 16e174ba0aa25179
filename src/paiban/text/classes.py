"""Character classes for Chinese composition (W3C clreq), as data plus tiny predicates.

The classes follow clreq §3.1 (punctuation tables) and §3.1.7 (line-start/line-end prohibition).
Which side of a mark is blank is *not* decided here: that comes from the font's outlines
(`paiban.text.fonts`), so a font with centred marks is not squeezed the wrong way.
"""

from __future__ import annotations

import functools
from enum import Enum


class CharClass(Enum):
    """What a character is, for breaking, spacing and compression."""

    HAN = "han"  # ideographs and other full-width letters set on the grid
    OPENING = "opening"  # opening brackets and quotes
    CLOSING = "closing"  # closing brackets and quotes
    PAUSE = "pause"  # pause and stop marks ，。、；：？！
    MIDDLE_DOT = "middle_dot"  # interpuncts
    DASH = "dash"  # em dashes (used in pairs: ——)
    ELLIPSIS = "ellipsis"  # … (used in pairs: ……)
    CONNECTOR = "connector"  # ～ and the full-width solidus
    LATIN = "latin"  # letters, digits and the punctuation inside Western words
    SPACE = "space"


OPENING = frozenset("“‘（《「『【〈〔［｛〖〘")
CLOSING = frozenset("”’）》」』】〉〕］｝〗〙")
PAUSE = frozenset("，。、；：？！．")
MIDDLE_DOT = frozenset("·・‧•")
DASH = frozenset("—―⸺")
#: Box-drawing lines typed as a dash (──): set and joined like one, though fonts draw them
#: edge to edge already.
BOX_DASH = frozenset("─")
#: How many ems a dash character takes (the two-em dash ⸺ is one character); others take one.
DASH_EMS = {"⸺": 2}
#: Interpuncts (间隔号) between the parts of a name or date: a fixed half em, the glyph centred
#: in it (GB/T 15834 and clreq: in mainland usage the interpunct occupies half a character
#: and is not adjusted). The bullet • keeps a full em.
INTERPUNCTS = frozenset("·・‧")
ELLIPSIS = frozenset("…")
CONNECTOR = frozenset("～／")
SPACES = frozenset(" \t\u00a0\u202f\n")  # U+00A0, U+202F: no-break spaces

#: Marks that are full-width punctuation and so may lose half an em to compression.
COMPRESSIBLE = OPENING | CLOSING | PAUSE

CLASS_TABLE: dict[str, CharClass] = {}
for _chars, _cls in (
    (OPENING, CharClass.OPENING),
    (CLOSING, CharClass.CLOSING),
    (PAUSE, CharClass.PAUSE),
    (MIDDLE_DOT, CharClass.MIDDLE_DOT),
    (DASH, CharClass.DASH),
    (BOX_DASH, CharClass.DASH),
    (ELLIPSIS, CharClass.ELLIPSIS),
    (CONNECTOR, CharClass.CONNECTOR),
    (SPACES, CharClass.SPACE),
):
    for _c in _chars:
        CLASS_TABLE[_c] = _cls


#: Code point ranges set on the Han grid.
WIDE_RANGES = (
    (0x2E80, 0x9FFF),  # CJK radicals … unified ideographs (includes CJK punctuation)
    (0x2460, 0x24FF),  # enclosed numbers such as ① (note markers): set wide in CJK fonts
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF60),  # full-width forms
    (0xFFE0, 0xFFE6),
    (0x20000, 0x3FFFF),  # ideograph extensions
)
#: Symbols outside those ranges that CJK fonts draw an em wide.
WIDE_SYMBOLS = "■□●○◆◇★☆"


@functools.lru_cache(maxsize=None)
def is_wide(ch: str) -> bool:
    """Whether a character is set on the Han grid (ideographs, kana, full-width forms).
    (Remembered per character: importers ask it for every character they read.)"""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in WIDE_RANGES) or ch in WIDE_SYMBOLS


def char_class(ch: str) -> CharClass:
    """The composition class of one character (memoised: it is asked for every character)."""
    cls = CLASS_TABLE.get(ch)
    if cls is None:
        cls = CLASS_TABLE[ch] = CharClass.HAN if is_wide(ch) else CharClass.LATIN
    return cls


#: clreq prohibition levels: characters that must not start a line.
_NO_START_BASIC = CLOSING | PAUSE | MIDDLE_DOT | frozenset("～")
NO_LINE_START: dict[str, frozenset[str]] = {
    "none": frozenset(),
    "basic": _NO_START_BASIC,
    "gb": _NO_START_BASIC,
    "strict": _NO_START_BASIC | DASH | BOX_DASH | ELLIPSIS,
}

#: clreq prohibition levels: characters that must not end a line.
NO_LINE_END: dict[str, frozenset[str]] = {
    "none": frozenset(),
    "basic": OPENING,
    "gb": OPENING | frozenset("／"),
    "strict": OPENING | frozenset("／"),
}
