"""Proofreading an article or a finished layout, and the proofreader a build reads its pages with."""

from __future__ import annotations

from pathlib import Path

from paiban.layout.result import LayoutDocument
from paiban.model.article import Article
from paiban.proof.glyphs import FontResolver
from paiban.proof.reader import Proofreader
from paiban.proof.report import ProofReport
from paiban.style.model import Style
from paiban.text.fonts import FontMetrics, load_metrics, style_font_table


def proof_article(article: str | Path | Article, style: str | Path | Style = "magazine") -> ProofReport:
    """Lay out an article in a style (nothing is written) and proofread its pages."""
    from paiban.layout.engine import layout_article

    art = article if isinstance(article, Article) else _read_article(article)
    chosen = style if isinstance(style, Style) else _read_style(style)
    document = layout_article(art, chosen)
    name = str(article) if isinstance(article, (str, Path)) else art.meta.title_text
    return proof_document(document, art, chosen, name)


def proof_document(document: LayoutDocument, article: Article, style: Style, name: str = "") -> ProofReport:
    """Proofread pages already laid out (`document.pages` must hold them)."""
    fonts = _paths_resolver(document.fonts)
    reader = proofreader(article, style, fonts)
    for page in document.pages:
        reader.add_page(page)
    return ProofReport(name or article.meta.title_text, style.name, len(document.pages), reader.finish())


def proofreader(article: Article, style: Style, fonts: FontResolver | None = None) -> Proofreader:
    """A proofreader for the pages of `article` set in `style` (the style's fonts by default)."""
    return Proofreader(fonts or style_fonts(style), _source_text(article), article.meta.title,
                       end_half=style.cjk.line_end_punct == "half")


def style_fonts(style: Style) -> FontResolver:
    """Font key → metrics, for the fonts a style's font table lists (each file read once)."""
    table = style_font_table(style.fonts)
    found: dict[str, FontMetrics] = {}

    def resolve(key: str) -> FontMetrics:
        if key not in found:
            for family, weights in table.families.items():
                for weight in weights:
                    metrics = table.metrics(family, weight)
                    found.setdefault(metrics.name, metrics)
                if key in found:
                    break
        return found[key]

    return resolve


def _paths_resolver(paths: dict[str, str]) -> FontResolver:
    found: dict[str, FontMetrics] = {}

    def resolve(key: str) -> FontMetrics:
        if key not in found:
            found[key] = load_metrics(paths[key])
        return found[key]

    return resolve


def _read_article(path: str | Path) -> Article:
    from paiban.model.markdown import read_article

    return read_article(path)


def _read_style(name: str | Path) -> Style:
    from paiban.style.loader import load_style

    return load_style(name)


def _source_text(article: Article) -> str:
    return "\n".join([*(block.text for block in article.blocks), *(note.text for note in article.notes)])
