"""Joining laid-out documents into one, for booklets: pages renumbered in order, outlines moved
with their pages, font tables merged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from paiban.layout.result import LayoutDocument


def concatenate(parts: Sequence[LayoutDocument], title: str = "", author: str = "",
                subject: str = "") -> LayoutDocument:
    """The parts one after another as a single document with the given metadata.

    Page folios are kept as the parts set them; only positions (`Page.index`) and the outline's
    page references change. A font key must name the same file in every part.
    """
    pages, outline, warnings = [], [], []
    fonts: dict[str, str] = {}
    substitutions: dict[str, dict[int, int]] = {}
    for doc in parts:
        offset = len(pages)
        pages += [replace(page, index=offset + k) for k, page in enumerate(doc.pages)]
        outline += [replace(entry, page=entry.page + offset) for entry in doc.outline]
        warnings += doc.warnings
        for key, path in doc.fonts.items():
            if fonts.setdefault(key, path) != path:
                raise ValueError(f"font key {key} names both {fonts[key]} and {path}")
        for key, table in doc.substitutions.items():
            substitutions.setdefault(key, {}).update(table)
    return LayoutDocument(
        pages=tuple(pages),
        fonts=dict(sorted(fonts.items())),
        substitutions=dict(sorted(substitutions.items())),
        title=title,
        author=author,
        subject=subject,
        outline=tuple(outline),
        warnings=tuple(warnings),
    )
