"""Reading figures and pull quotes from Markdown.

A figure is written the way an importer or an editor writes it most easily: an image alone in its
paragraph, ``![图1 说明文字](photo.jpg)``, the optional image title being the photo credit. When a
figure needs options it goes in a fenced ``figure`` block of ``key: value`` lines, where the image
may still be given in Markdown::

    ```figure
    ![图2 会场](hall.jpg)
    width: page
    place: top
    source: 摄影 张三
    ```

The option lines are not YAML on purpose: a caption holds colons and quotes that YAML would read
as syntax, and authors should not have to quote Chinese text.
"""

from __future__ import annotations

import re

from paiban.errors import ArticleError, Span, did_you_mean
from paiban.model.article import Figure

FIGURE_KEYS: tuple[str, ...] = ("image", "caption", "width", "place", "source")
WIDTHS: tuple[str, ...] = ("column", "page")
PLACES: tuple[str, ...] = ("here", "top", "bottom")

_IMAGE_LINE = re.compile(
    r"^!\[(?P<caption>[^\]]*)\]\((?P<path>[^)\s]+)(?:\s+\"(?P<title>[^\"]*)\")?\)$"
)


def figure_from_fence(content: str, span: Span) -> Figure:
    """A figure from the lines of a ``figure`` fence; `span` is the line of the opening fence."""
    options: dict[str, str] = {}
    image_at = span
    for offset, raw in enumerate(content.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        here = Span(span.file, span.line + offset)
        image = _IMAGE_LINE.match(line)
        if image:
            image_at = Span(here.file, here.line, len(raw) - len(raw.lstrip()) + image.start("path") + 1)
            _put(options, "image", image.group("path"), here)
            if image.group("caption"):
                _put(options, "caption", image.group("caption").strip(), here)
            if image.group("title"):
                _put(options, "source", image.group("title").strip(), here)
            continue
        key, value = _option(line, here)
        _put(options, key, value, here)
        if key == "image" and value:
            image_at = Span(here.file, here.line, raw.find(value, raw.index(":") if ":" in raw else 0) + 1)
    if not options.get("image"):
        raise ArticleError(
            "a figure block names no image",
            span,
            hint="add a line `![图1 说明](photo.jpg)` or `image: photo.jpg`",
        )
    return make_figure(options, span, image_at)


def _option(line: str, span: Span) -> tuple[str, str]:
    key, colon, value = line.partition(":")
    if not colon:
        key, colon, value = line.partition("：")
    key = key.strip()
    if not colon or key not in FIGURE_KEYS:
        hint = did_you_mean(key, FIGURE_KEYS) if colon else None
        raise ArticleError(
            f"a figure block line must be `key: value` or an image, not '{line}'"
            if not colon else f"unknown figure option '{key}'",
            span,
            hint=hint or f"the options are {', '.join(FIGURE_KEYS)}",
        )
    return key, value.strip()


def _put(options: dict[str, str], key: str, value: str, span: Span) -> None:
    if key in options:
        raise ArticleError(f"figure option '{key}' is given twice", span)
    options[key] = value


def make_figure(options: dict[str, str], span: Span, image_at: Span | None = None) -> Figure:
    """Check the option values (an error points at `span`) and build the figure, whose source is
    `image_at`, where its image path is written (errors about the image file point there)."""
    width = options.get("width", "column") or "column"
    if width not in WIDTHS:
        raise ArticleError(f"figure width must be column or page, not '{width}'", span,
                           hint=did_you_mean(width, WIDTHS))
    default_place = "top" if width == "page" else "here"
    place = options.get("place", default_place) or default_place
    if place not in PLACES:
        raise ArticleError(f"figure place must be here, top or bottom, not '{place}'", span,
                           hint=did_you_mean(place, PLACES))
    if width == "page" and place == "here":
        raise ArticleError(
            "a page-wide figure cannot stand in the middle of the columns",
            span,
            hint="use `place: top` or `place: bottom`, or `width: column` to keep it in the text",
        )
    return Figure(
        path=options["image"],
        caption=options.get("caption", ""),
        width=width,
        place=place,
        credit=options.get("source", ""),
        source=image_at or span,
    )


def figure_options(figure: Figure) -> list[str]:
    """The fence lines that read back as `figure` (the writer's half of `figure_from_fence`)."""
    lines = [f"image: {figure.path}"]
    if figure.caption:
        lines.append(f"caption: {figure.caption}")
    if figure.width != "column":
        lines.append(f"width: {figure.width}")
    default_place = "top" if figure.width == "page" else "here"
    if figure.place != default_place:
        lines.append(f"place: {figure.place}")
    if figure.credit:
        lines.append(f"source: {figure.credit}")
    return lines
