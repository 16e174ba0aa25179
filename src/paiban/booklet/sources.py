"""From manifest entries to articles: Markdown is read here, page texts and PDFs go through the
importer (`paiban.importers.import_pages`), and the manifest's overrides replace front-matter
values.

An imported PDF's images become figures whose files must exist while the booklet is laid out.
They are written to the user's cache folder (``imports/`` in `paiban.cache.cache_dir`), one
folder per version of the source file, never next to the source: a manifest may list files the
user does not want written beside, and the cache is where paiban keeps what it can make again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from paiban import cache
from paiban.booklet.manifest import ArticleEntry
from paiban.errors import BookletError, Diagnostic, OutputError, SourceImportError, display_path
from paiban.model.article import Article


@dataclass(frozen=True)
class Loaded:
    """An entry's article and the importer's warnings about it (none for Markdown)."""

    article: Article
    warnings: tuple[Diagnostic, ...] = ()


def load_entry(entry: ArticleEntry) -> Loaded:
    """The article an entry names, with the manifest's overrides applied and a title checked."""
    if entry.format == "markdown":
        from paiban.model.markdown import read_article

        loaded = Loaded(read_article(entry.path))
    else:
        loaded = _imported(entry)
    article = apply_overrides(loaded.article, entry.overrides)
    if not article.meta.title_text.strip():
        raise BookletError(f"{display_path(entry.path)} has no title, which the contents need",
                           entry.source, "give it a title in its front matter, or title: here")
    return dataclasses.replace(loaded, article=article)


def apply_overrides(article: Article, overrides: tuple[tuple[str, object], ...]) -> Article:
    """The article with front-matter values replaced by the manifest's."""
    if not overrides:
        return article
    changes = {}
    for name, value in overrides:
        changes[name] = (value if isinstance(value, tuple) else (value,)) if name == "title" else value
    return dataclasses.replace(article, meta=dataclasses.replace(article.meta, **changes))


def image_folder(path: Path) -> Path | None:
    """Where the images imported from `path` are kept: a cache folder for this content of it
    (None when the cache folder is off or not safe to use)."""
    from paiban.importers.writing import cache_folder

    return cache_folder([path])


def _imported(entry: ArticleEntry) -> Loaded:
    """A page text or PDF through the importer; its images are written to the cache."""
    from paiban.importers import import_pages

    try:
        result = import_pages([entry.path], image_stem=entry.path.stem)
    except SourceImportError as exc:
        listed = f"listed at {entry.source}"
        raise SourceImportError(exc.message, exc.source, f"{exc.hint}; {listed}" if exc.hint else listed) from None
    article = result.article
    if result.images:
        folder = image_folder(entry.path)
        if folder is None:
            raise BookletError(f"the images of {display_path(entry.path)} need the cache folder "
                               f"{cache.cache_dir()}, which is off or not safe to use", entry.source,
                               "set PAIBAN_CACHE_DIR to a folder of your own (not writable by others)")
        try:
            if folder.is_symlink() or (folder.parent.is_symlink()):  # the cache holds folders, not links
                (folder if folder.is_symlink() else folder.parent).unlink()
            folder.mkdir(parents=True, exist_ok=True)
            result.write_images(folder, follow_symlinks=False)  # a link planted in the cache is replaced
        except (OSError, OutputError) as exc:
            reason = exc.message if isinstance(exc, OutputError) else exc.strerror or exc
            raise BookletError(f"the images of {display_path(entry.path)} cannot be written to the cache "
                               f"folder {folder}: {reason}", entry.source,
                               "set PAIBAN_CACHE_DIR to a folder paiban may write to") from None
        article = dataclasses.replace(article, base=str(folder))
    return Loaded(article, result.warnings)
