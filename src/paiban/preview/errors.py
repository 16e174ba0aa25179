"""The error of the preview tools, reported like every other user error (no traceback)."""

from __future__ import annotations

from paiban.errors import PaibanError


class PreviewError(PaibanError):
    """A preview cannot be made as asked: a bad page selection, a page that does not exist, an
    output folder that cannot be written, a port that cannot be bound."""
