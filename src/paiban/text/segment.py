"""Word boundaries in Chinese text, from a real segmenter (rjieba: jieba's dictionary and model).

Only headings and title lines that must wrap ask for them, so the segmenter is imported on the
first such request and never for an article whose headings fit on one line. Building its
dictionary takes 150-250 ms (it is built when the module is imported), so each answer is also
kept in the user's cache folder as plain text keyed by the text and the segmenter's version:
setting the same article again does not import the segmenter at all.

A boundary is one of jieba's default reading, less the positions inside a dictionary word of
three or more characters that this reading nearly chose, i.e. one that starts or ends where the
reading has a boundary. The default reading of 围绕服务大局促融合 is 围绕/服务/大/局促/融合 (局促
is the likelier word), but 服务大局 is a set phrase and a line ending in 服务大 reads as 局促;
long dictionary words that straddle two words of the reading (性交易 in 制度性/交易成本) are
left alone, as they are no reading anyone would make.
"""

from __future__ import annotations

import functools
import hashlib

from paiban import cache

#: Bump when the rule above changes: cached answers of an older rule are not used.
RULE_VERSION = 1
#: Longest dictionary word looked for across a boundary (characters).
LONGEST_WORD = 8
#: Fewest characters of a dictionary word that withdraws a boundary inside it.
SET_PHRASE = 3
#: Largest cache entry read back (a heading's boundaries are a few dozen numbers).
_MAX_ENTRY = 1 << 16


def word_boundaries(text: str) -> frozenset[int]:
    """Indices i (0 < i < len(text)) where a break before text[i] falls between words."""
    if len(text) < 2:
        return frozenset()
    name = _cache_name(text)
    stored = _read(name, len(text))
    if stored is not None:
        return stored
    found = _segment(text)
    cache.write(name, ",".join(map(str, sorted(found))).encode("ascii"))
    return found


def _segment(text: str) -> frozenset[int]:
    import rjieba  # builds jieba's dictionary: only when a heading must wrap

    words = rjieba.cut(text)
    if "".join(words) != text:  # a reading that lost or changed characters says nothing of them
        return frozenset()
    reading: set[int] = set()
    at = 0
    for word in words:
        at += len(word)
        reading.add(at)
    reading.discard(len(text))
    edges = reading | {0, len(text)}
    inside: set[int] = set()
    for start in range(len(text) - SET_PHRASE + 1):
        for end in range(start + SET_PHRASE, min(len(text), start + LONGEST_WORD) + 1):
            if (start in edges or end in edges) and rjieba.has_word(text[start:end]):
                inside.update(range(start + 1, end))
    return frozenset(reading - inside)


def _cache_name(text: str) -> str:
    digest = hashlib.sha256(f"{RULE_VERSION}|rjieba {_segmenter_version()}|{text}".encode())
    return f"words/{digest.hexdigest()}.txt"


@functools.lru_cache(maxsize=1)
def _segmenter_version() -> str:
    """The installed rjieba's version, read from its metadata without importing it: a new
    version may bring a new dictionary, and so other answers."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rjieba")
    except PackageNotFoundError:
        return "?"


def _read(name: str, length: int) -> frozenset[int] | None:
    """A cached answer, or None when there is none or it is not a list of indices inside the text."""
    data = cache.read(name, _MAX_ENTRY)
    if data is None:
        return None
    try:
        found = frozenset(int(part) for part in data.decode("ascii").split(",") if part)
    except (UnicodeDecodeError, ValueError):
        return None
    if any(not 0 < i < length for i in found):
        return None
    return found
