"""The title block above an article's columns: kicker, title lines, subtitle, byline.

When sizes are known (PDF) the title is the largest type, the kicker what stands above it and the
subtitle what follows it before the byline. Page text has no sizes, so the kicker is told from
the title by how it is set apart: a wider gap below it than between the title lines, or flush
with the text block's left edge while the title lines are centred. The byline is the line that
opens with an ornament (■, ●, …) or a label (文/, 作者：); the ornament is decoration, dropped
and reported, not part of the name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from paiban.errors import Diagnostics
from paiban.importers.source import Dropped, Row
from paiban.importers.text import tidy_spaces

_BYLINE = re.compile(
    r"^(?P<mark>[■□▪▫◆◇●○★☆▲△◎◼◻]+\s*|(?:文|撰文|作者|文字|整理)\s*[/／｜|:：]\s*)(?P<name>\S.*)$"
)
_SUBTITLE = re.compile(r"^[—―─]{1,2}")


@dataclass(frozen=True)
class TitleBlock:
    """What the title block holds; `rest` are the rows between the byline and the columns
    (the lead)."""

    title: tuple[str, ...] = ()
    kicker: str | None = None
    subtitle: str | None = None
    author: str | None = None
    rest: tuple[Row, ...] = ()
    dropped: tuple[Dropped, ...] = field(default=())


def opens_title_part(text: str) -> bool:
    """Whether a line reads as a byline (■ 名, 文/名) or a subtitle (——…): title block, not body."""
    text = tidy_spaces(text.strip())
    return bool(_BYLINE.match(text) or _SUBTITLE.match(text))


def opens_subtitle(text: str) -> bool:
    """Whether a line reads as a subtitle (——…), below which an author's name may stand."""
    return bool(_SUBTITLE.match(tidy_spaces(text.strip())))


def _row_text(row: Row) -> str:
    return tidy_spaces(row.text.strip())


def _byline(row: Row) -> tuple[str, str] | None:
    """(ornament or label, name) when the row is a byline."""
    match = _BYLINE.match(_row_text(row))
    if not match:
        return None
    return match.group("mark").strip(), match.group("name").strip()


def read_title_block(rows: Sequence[Row], left_edge: float, em: float, diagnostics: Diagnostics) -> TitleBlock:
    """The title block from the rows above the body of an article's first page."""
    rows = [r for r in rows if _row_text(r)]
    if not rows:
        return TitleBlock()
    dropped: list[Dropped] = []
    if _repeats_title(rows):
        dropped.append(Dropped("running header", _row_text(rows[0]), rows[0].source, 0, rows[0].y))
        rows = rows[1:]
    author_at = next((k for k, r in enumerate(rows) if _byline(r)), None)
    author = None
    if author_at is not None:
        mark, author = _byline(rows[author_at])
        kind = "byline label" if mark[-1] in "/／｜|:：" else "byline ornament"
        dropped.append(Dropped(kind, mark, rows[author_at].source, 0, rows[author_at].y))
        head, rest = rows[:author_at], rows[author_at + 1 :]
    else:
        head, rest = rows, []
    if any(s.styled for r in head for s in r.segments):
        if author is None and (name := _name_under_subtitle(head)) is not None:
            author = _row_text(name)  # a name below the subtitle, without ■ or 文/
            diagnostics.warn(f"'{author}' below the subtitle was taken as the author (it has no ■ or 文/)", name.source)
            head = head[:-1]
        block = _by_size(head)
        if author is None and block.subtitle and len(block.subtitle) <= 8:
            author = block.subtitle
            block = TitleBlock(block.title, block.kicker)
            diagnostics.warn(f"'{author}' below the title was taken as the author (it has no ■ or 文/)", head[-1].source)
    else:
        head, after = _subtitle_end(head)
        block = _by_placement(head, left_edge, em, diagnostics)
        if after and author is None and _name_like(after[0]):
            author = _row_text(after[0])  # a name below the subtitle, without ■ or 文/
            diagnostics.warn(f"'{author}' below the subtitle was taken as the author (it has no ■ or 文/)", after[0].source)
            after = after[1:]
        rest = [*after, *rest]
    return TitleBlock(block.title, block.kicker, block.subtitle, author, tuple(rest), tuple(dropped))


NAME_MAX = 20
"""Characters of a byline at most: a name or an organisation, not a sentence."""


def _name_like(row: Row) -> bool:
    text = "".join(_row_text(row).split())
    return 0 < len(text) <= NAME_MAX and text[-1] not in "。！？；，,.;!?"


NAME_APART = 1.6
"""Ems from the row above to a name set apart under a subtitle at least (a subtitle's own lines
follow each other closer)."""


def _name_under_subtitle(rows: list[Row]) -> Row | None:
    """Sizes known: the last row of the title block when it is a name under a subtitle (a line
    opening with a dash after the title) — short, without an end mark, and set apart from the
    subtitle by space or by its size."""
    if len(rows) < 3 or not any(_SUBTITLE.match(_row_text(r)) for r in rows[1:-1]):
        return None
    last, above = rows[-1], rows[-2]
    if len(last.segments) > 1 or _SUBTITLE.match(_row_text(last)) or not _name_like(last):
        return None
    size = max(s.size for s in last.segments)
    apart = last.y - above.y >= NAME_APART * size or abs(size - max(s.size for s in above.segments)) >= 0.5
    return last if apart else None


def _subtitle_end(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """The rows up to the end of the subtitle, and those after it: the subtitle's lines follow
    each other (one row apart); a row after a blank is no longer the subtitle."""
    for k, row in enumerate(rows[1:], start=1):
        if _SUBTITLE.match(_row_text(row)):
            end = k + 1
            while end < len(rows) and rows[end].y - rows[end - 1].y <= 1.5 and not _name_like(rows[end]):
                end += 1
            return rows[:end], rows[end:]
    return rows, []


def _repeats_title(rows: Sequence[Row]) -> bool:
    """Whether the first row is a running header repeating title lines that follow it."""
    key = ["".join(_row_text(r).split()) for r in rows]
    for start in range(1, len(rows)):
        joined = ""
        for end in range(start, len(rows)):
            joined += key[end]
            if joined == key[0]:
                return True
            if not key[0].startswith(joined):
                break
    return False


def _split_subtitle(rows: list[Row]) -> tuple[list[Row], str | None]:
    """Title rows and the subtitle (a line opening with a dash, after the first title line)."""
    for k, row in enumerate(rows[1:], start=1):
        if _SUBTITLE.match(_row_text(row)):
            return rows[:k], _join(rows[k:])
    return rows, None


def _join(rows: Sequence[Row]) -> str:
    return tidy_spaces(" ".join(_row_text(r) for r in rows))


def _by_size(rows: list[Row]) -> TitleBlock:
    """Sizes known: the title is the largest type; smaller lines above it are the kicker."""
    if not rows:
        return TitleBlock()
    sizes = [max(s.size for s in r.segments) for r in rows]
    biggest = max(sizes)
    first = next(k for k, size in enumerate(sizes) if size >= biggest - 0.5)
    last = max(k for k, size in enumerate(sizes) if size >= biggest - 0.5)
    kicker = _join(rows[:first]) or None
    title = tuple(_row_text(r) for r in rows[first : last + 1])
    subtitle = _join(rows[last + 1 :]) or None
    return TitleBlock(title, kicker, subtitle)


KICKER_GAP = 3.0
"""Rows from a kicker to a one-line title at least (two blank rows): title lines follow each other
one or two rows apart, as big type does in page text."""


def _by_placement(rows: list[Row], left_edge: float, em: float, diagnostics: Diagnostics) -> TitleBlock:
    """No sizes: the kicker is the first line when a gap or its alignment sets it apart."""
    rows, subtitle = _split_subtitle(rows)
    if len(rows) < 2:
        return TitleBlock(tuple(_row_text(r) for r in rows), None, subtitle)
    first, others = rows[0], rows[1:]
    gaps = [b.y - a.y for a, b in zip(rows, rows[1:])]
    gap_apart = (len(gaps) > 1 and gaps[0] > 1.5 * max(gaps[1:])) or (gaps[0] >= KICKER_GAP and gaps[0] > max(gaps[1:], default=0))
    flush = first.segments[0].x0 <= left_edge + 0.5 * em
    others_flush = any(r.segments[0].x0 <= left_edge + 0.5 * em for r in others)
    flush_apart = flush and not others_flush
    if gap_apart or flush_apart:
        return TitleBlock(tuple(_row_text(r) for r in others), _row_text(first), subtitle)
    if gaps[0] > max(gaps[1:], default=gaps[0]) or flush:
        diagnostics.warn(
            f"'{_row_text(first)}' was taken as the first title line; if it is a kicker, move it to `kicker:`",
            first.source,
        )
    return TitleBlock(tuple(_row_text(r) for r in rows), None, subtitle)
