"""Word boundaries in Chinese text, for breaking headings between words rather than inside one.

A real segmenter (jieba, dictionary-based) does the work; it is imported on the first call, so
that articles whose headings never wrap do not pay for loading its dictionary.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1024)
def word_boundaries(text: str) -> frozenset[int]:
    """Indices i such that a break before text[i] falls between two words (0 < i < len(text))."""
    import jieba

    jieba.setLogLevel(60)
    out = set()
    i = 0
    for word in jieba.cut(text, HMM=False):
        i += len(word)
        if 0 < i < len(text):
            out.add(i)
    return frozenset(out)
