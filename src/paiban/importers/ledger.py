"""The character ledger: every character of the source is in the article or reported as dropped.

An importer makes many small decisions (furniture, bylines, joins); a mistake in any of them could
silently lose or double a character of the article. So the result is balanced against its source
as multisets of characters: what was read, less what was reported as dropped, must equal what the
article holds. Whitespace is layout, not text, and full-width marks the punctuation repair made
are counted as the ASCII marks they were read as.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from paiban.importers.punctuation import fold
from paiban.importers.text import SOFT_HYPHEN
from paiban.model.article import Article, BlockQuote, EndLine, Figure, Heading, Paragraph, Run, Table


def _count(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(fold(text))
    for ch in [ch for ch in counts if ch.isspace() or ch == SOFT_HYPHEN]:  # (a typesetter's hyphen is no text)
        del counts[ch]
    return counts


def article_texts(article: Article) -> list[str]:
    """Every text of the article the source pages could have held."""
    meta = article.meta
    texts = [*meta.title, meta.kicker or "", meta.subtitle or "", meta.author or "", meta.lead or ""]
    for block in article.blocks:
        if isinstance(block, BlockQuote):
            texts.extend(p.text for p in block.paragraphs)
        elif isinstance(block, Figure):
            texts.extend((block.caption, block.credit))
        elif isinstance(block, Table):
            texts.extend((block.label, block.caption, block.text))
        elif isinstance(block, (Paragraph, Heading, EndLine)):
            texts.append(_printed(block.runs))
        else:
            texts.append(block.text)
    texts.extend(_printed(note.runs) for note in article.notes)
    return texts


def _printed(runs: Iterable[Run]) -> str:
    """The text of runs without note references, whose markers the pages held and the importer
    reported as dropped."""
    return "".join(r.text for r in runs if not r.note)


@dataclass(frozen=True)
class Balance:
    """Characters the article lacks and characters it has that the source did not."""

    missing: Counter[str]
    extra: Counter[str]

    @property
    def balanced(self) -> bool:
        return not self.missing and not self.extra

    def describe(self) -> str:
        def show(counts: Counter[str]) -> str:
            items = sorted(counts.items())
            text = " ".join(f"{ch}×{n}" if n > 1 else ch for ch, n in items[:30])
            return text + (" …" if len(items) > 30 else "")

        parts = []
        if self.missing:
            parts.append(f"{sum(self.missing.values())} character(s) of the pages are not in the article: {show(self.missing)}")
        if self.extra:
            parts.append(f"{sum(self.extra.values())} character(s) of the article are not on the pages: {show(self.extra)}")
        return "; ".join(parts)


def balance(source: Iterable[str], dropped: Iterable[str], article: Article) -> Balance:
    """Compare what was read, less what was dropped, with what the article holds."""
    expected = _count(source)
    expected.subtract(_count(dropped))
    held = _count(article_texts(article))
    missing = Counter({ch: n - held[ch] for ch, n in expected.items() if n > held[ch]})
    extra = Counter({ch: n - max(expected[ch], 0) for ch, n in held.items() if n > max(expected[ch], 0)})
    return Balance(missing, extra)
