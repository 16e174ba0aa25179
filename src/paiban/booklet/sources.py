"""From manifest entries to articles: Markdown is read here, page texts and PDFs go through the
importer (`paiban.importers`), and the manifest's overrides replace front-matter values.

The importer is an optional part of the package: when it is missing, an entry that needs it
fails with a message naming the manifest line, never with an ImportError.
"""

from __future__ import annotations

import dataclasses
import importlib
from types import ModuleType

from paiban.booklet.manifest import ArticleEntry
from paiban.errors import BookletError, SourceImportError, display_path
from paiban.model.article import Article

#: What the importer module must offer: ``import_article(path, format) -> Article``.
IMPORTER_MODULE = "paiban.importers"
IMPORTER_FUNCTION = "import_article"


def load_entry(entry: ArticleEntry) -> Article:
    """The article an entry names, with the manifest's overrides applied and a title checked."""
    if entry.format == "markdown":
        from paiban.model.markdown import read_article

        article = read_article(entry.path)
    else:
        article = _imported(entry)
    article = apply_overrides(article, entry.overrides)
    if not article.meta.title_text.strip():
        raise BookletError(f"{display_path(entry.path)} has no title, which the contents need",
                           entry.source, "give it a title in its front matter, or title: here")
    return article


def apply_overrides(article: Article, overrides: tuple[tuple[str, object], ...]) -> Article:
    """The article with front-matter values replaced by the manifest's."""
    if not overrides:
        return article
    changes = {}
    for name, value in overrides:
        changes[name] = (value if isinstance(value, tuple) else (value,)) if name == "title" else value
    return dataclasses.replace(article, meta=dataclasses.replace(article.meta, **changes))


def _importer(entry: ArticleEntry) -> ModuleType:
    try:
        return importlib.import_module(IMPORTER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != IMPORTER_MODULE:
            raise
        raise SourceImportError(
            f"{display_path(entry.path)}: reading a {'PDF' if entry.format == 'pdf' else 'page text'} "
            f"needs the importer ({IMPORTER_MODULE}), which this installation of paiban lacks",
            entry.source, "convert the article to Markdown with front matter, or install a paiban "
            "that includes the importer") from None


def _imported(entry: ArticleEntry) -> Article:
    module = _importer(entry)
    reader = getattr(module, IMPORTER_FUNCTION, None)
    if reader is None:
        raise SourceImportError(f"{IMPORTER_MODULE} has no {IMPORTER_FUNCTION}(path, format)",
                                entry.source)
    article = reader(entry.path, format=entry.format)
    if not isinstance(article, Article):
        raise SourceImportError(f"the importer returned {type(article).__name__}, not an article",
                                entry.source)
    return article
