"""Cleaning a scanned page before OCR: even light, page edge, skew, black and white.

A scan is not a rendering: the paper is lit unevenly, a bound book darkens towards its spine
(the gutter shadow), the page sits a degree or so askew on the glass, and outside the page the
scanner sees its own dark lid. Tesseract reads straight, black-on-white lines best, so the page
is made so first, with Pillow and numpy only:

1. **Light**: the paper's brightness is estimated as a smooth surface (a maximum filter wider
   than any stroke removes the ink, a blur smooths what is left, both on a reduced copy), and
   the page is divided by it — shadows and uneven light become paper white, ink stays dark.
2. **Page edge**: where that surface is far darker than the paper, the scanner saw something
   other than the page; it is cleared to white (a little more than it, as the edge is found on
   the reduced copy), so that the page is as if cropped while positions stay those of the scan.
3. **Skew**: text lines make the row sums of ink peak and fall; they do so most sharply when
   the lines are level. The angle that maximises the variance of that projection profile is
   the skew, searched coarse to fine on reduced copies (the inked pixels projected at each
   angle, not the page rotated), and the page is rotated back.
4. **Black and white**: Otsu's threshold on the histogram of the evened page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

MAX_SKEW = 5.0
"""Degrees of skew searched either way; a page set further askew is read as it is."""

PAPER_REDUCTION = 8
"""Factor by which the page is reduced to estimate the paper's light (cheap, and smooth)."""

EDGE_DARKNESS = 0.55
"""A margin whose paper is darker than this share of the page's paper is outside the page."""


INK_POINT = 24
"""Ink (0-255, on the evened page) from which a pixel of a reduced page counts in the skew's
row profile; paper noise under it only blurs the profile and costs time."""

RULE_LENGTH = 0.12
"""Share of the page's width from which a horizontal run of ink is a rule, not a stroke."""

RULE_THICKNESS = 1.0 / 300
"""Inches a rule is thick at most (a band of ink thicker than this is a picture or a bar)."""


@dataclass(frozen=True)
class Cleaned:
    """A page ready for OCR, and what was done to it."""

    image: Image.Image  # mode "L", black text on white
    skew: float  # degrees the page was rotated back (positive: it was turned anticlockwise)
    cropped: tuple[int, int, int, int]  # the page's box inside the scan (left, top, right, bottom)
    rules: tuple[tuple[float, float, float], ...] = ()  # horizontal rules taken out, as (y, x0, x1) pixels


def grey(image: Image.Image) -> np.ndarray:
    """The page as a float array of brightness, 0 (black) to 1 (white)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def paper_light(page: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The brightness of the paper under the ink, as a smooth surface of the page's size; and a
    mask of what lies outside the page (the scanner's lid, much darker than the paper)."""
    height, width = page.shape
    small = Image.fromarray((page * 255).astype(np.uint8)).reduce(PAPER_REDUCTION)
    # A window of ~1/40 of the page is wider than any character at the reduced size, so the
    # maximum inside it is paper; the minimum after it (a closing) keeps the paper's edge where
    # it is, and a small blur takes the blockiness away.
    size = max(3, (min(small.size) // 40) | 1)
    closed = small.filter(ImageFilter.MaxFilter(size)).filter(ImageFilter.MinFilter(size))
    paper = closed.filter(ImageFilter.GaussianBlur(size / 2)).resize((width, height), Image.Resampling.BILINEAR)
    level = float(np.median(np.asarray(closed))) * EDGE_DARKNESS
    outside = Image.fromarray(((np.asarray(closed) < level) * 255).astype(np.uint8))
    outside = outside.filter(ImageFilter.MaxFilter(3)).resize((width, height), Image.Resampling.NEAREST)
    return np.maximum(np.asarray(paper, dtype=np.float32) / 255.0, 1 / 255), np.asarray(outside) > 0


def page_box(outside: np.ndarray) -> tuple[int, int, int, int]:
    """The page inside the scan: the rows and columns not mostly outside it."""
    rows = np.flatnonzero(outside.mean(axis=1) < 0.5)
    cols = np.flatnonzero(outside.mean(axis=0) < 0.5)
    if not len(rows) or not len(cols):
        return 0, 0, outside.shape[1], outside.shape[0]
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def otsu(values: np.ndarray) -> float:
    """Otsu's threshold of brightness values in 0..1: the split of the histogram into two
    classes (ink, paper) with the greatest variance between them."""
    levels = values if values.dtype == np.uint8 else (np.clip(values, 0.0, 1.0) * 255).astype(np.uint8)
    counts = np.bincount(levels.ravel(), minlength=256).astype(np.float64)
    centres = (np.arange(256) + 0.5) / 256
    weight = np.cumsum(counts)
    total = weight[-1]
    if total == 0:
        return 0.5
    mean = np.cumsum(counts * centres)
    below, above = weight, total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * below / total - mean) ** 2 / (below * above)
    between = np.nan_to_num(between)
    return float(centres[int(np.argmax(between))])


def _ink_points(ink: Image.Image) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The inked pixels of a reduced page as x and y from its centre and their ink (0-255)."""
    values = np.asarray(ink, dtype=np.float32)
    ys, xs = np.nonzero(values > INK_POINT)
    height, width = values.shape
    return xs - (width - 1) / 2, ys - (height - 1) / 2, values[ys, xs]


def _profile_score(points: tuple[np.ndarray, np.ndarray, np.ndarray], angle: float) -> float:
    """How sharply the rows of ink rise and fall with the page turned by `angle` degrees
    (anticlockwise, as Pillow turns): the variance of the differences of its row profile.

    The inked pixels are projected rather than the page rotated: each pixel's ink is shared
    between the two rows its turned centre falls between (as a bilinear rotation would)."""
    xs, ys, weights = points
    turn = np.radians(angle)
    rows = ys * np.cos(turn) - xs * np.sin(turn)
    rows -= rows.min(initial=0.0)
    below = np.floor(rows)
    share = (rows - below).astype(np.float32)
    at = below.astype(np.intp)
    size = int(at.max(initial=0)) + 2
    profile = (np.bincount(at, weights * (1 - share), size) + np.bincount(at + 1, weights * share, size))
    return float(np.var(np.diff(profile)))


def measure_skew(page: np.ndarray, dpi: float) -> float:
    """The rotation in degrees that levels the text lines (0 when the page has no lines).

    Searched in steps of 0.5° on a copy of about 75 dpi, where a text line is still a few pixels
    high, then in steps of 0.1° around the best on a copy of about 150 dpi; the peak between the
    best step and its neighbours is placed by a parabola through their scores. (On the scan
    corpus's pages, turned 0.3-1.5°, it is found to 0.02° at worst, 0.006° on average.)
    """
    ink_image = Image.fromarray(((1.0 - page) * 255).clip(0, 255).astype(np.uint8))
    best = 0.0
    for span, step, target in ((MAX_SKEW, 0.5, 75), (0.5, 0.1, 150)):
        points = _ink_points(ink_image.reduce(max(1, round(dpi / target))))
        if not len(points[0]):
            return 0.0
        angles = np.arange(best - span, best + span + step / 2, step)
        scores = [_profile_score(points, float(a)) for a in angles]
        at = int(np.argmax(scores))
        best = float(angles[at])
    if 0 < at < len(scores) - 1:
        left, middle, right = scores[at - 1], scores[at], scores[at + 1]
        curve = left - 2 * middle + right
        if curve < 0:
            best += step * 0.5 * (left - right) / curve
    return round(best, 2)


def clean_page(image: Image.Image, dpi: float) -> Cleaned:
    """The page evened, cleared outside its edge, levelled and made black and white."""
    page = grey(image)
    paper, outside = paper_light(page)
    box = page_box(outside)
    even = np.clip(page / paper, 0.0, 1.0)
    even[outside] = 1.0  # the lid, also in the corners of a page set askew
    skew = measure_skew(even, dpi)
    picture = Image.fromarray((even * 255).astype(np.uint8))
    if abs(skew) >= 0.05:
        picture = picture.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    levelled = np.asarray(picture)
    ink = levelled <= otsu(levelled) * 255
    rules = take_rules(ink, dpi)
    black_white = np.where(ink, 0, 255).astype(np.uint8)
    return Cleaned(Image.fromarray(black_white), skew, box, rules)


def take_rules(ink: np.ndarray, dpi: float) -> tuple[tuple[float, float, float], ...]:
    """Find the thin horizontal rules in `ink` (a boolean page), erase them from it, and return
    them as (y, x0, x1). A running header's rule often touches its text, and OCR then takes
    text and rule together for a separator and reads neither; the broken pieces of a rule left
    on the page are read as marks (specks read as quotes or dashes).

    A rule turned back from a skew measured to a few hundredths of a degree still climbs a pixel
    every thousand or so: row by row it is a chain of short runs. So runs are looked for in
    bands of a few rows (any ink in the band's column), which hold a rule whole over 12 % of the
    page; in such a band, a column's ink is erased where it is one short run that touches
    nothing above or below the band — a stroke of a character crossing or touching the rule
    stays. Pieces of one rule at heights a pixel or two apart are joined into one."""
    height, width = ink.shape
    thickest = max(2, round(RULE_THICKNESS * dpi * 2))
    window = thickest + 2  # rows looked at together: the rule's thickness and a step of its climb
    if height <= window + 2:
        return ()
    near = ink[: height - window + 1].copy()
    for k in range(1, window):
        near |= ink[k : height - window + 1 + k]
    padded = np.zeros((near.shape[0], width + 2), dtype=np.int8)
    padded[:, 1:-1] = near
    step = np.diff(padded, axis=1)
    starts, ends = np.nonzero(step == 1), np.nonzero(step == -1)
    long = ends[1] - starts[1] >= RULE_LENGTH * width
    rows, x0s, x1s = starts[0][long], starts[1][long], ends[1][long]
    pieces: list[tuple[int, int, int, int]] = []  # (top, bottom, x0, x1) of the bands erased
    group: list[int] = []
    for k in range(len(rows) + 1):
        if (k < len(rows) and group and rows[k] - rows[group[-1]] <= 1
                and x0s[k] < x1s[group[-1]] and x1s[k] > x0s[group[-1]]):
            group.append(k)
            continue
        if group:
            top, bottom = int(rows[group[0]]), int(rows[group[-1]]) + window
            x0, x1 = int(min(x0s[group])), int(max(x1s[group]))
            if _erase_thin(ink, top, bottom, x0, x1, thickest):
                pieces.append((top, bottom, x0, x1))
        group = [k] if k < len(rows) else []
    return _joined(pieces, thickest)


def _erase_thin(ink: np.ndarray, top: int, bottom: int, x0: int, x1: int, thickest: int) -> bool:
    """Erase the rule in rows top..bottom (exclusive) of columns x0..x1: in each column, its ink
    there when that is one run at most `thickest` + 1 high touching no ink just above or below
    the band. Whether it was a rule: the columns so erased cover most of its length."""
    above = ink[top - 1, x0:x1] if top > 0 else np.zeros(x1 - x0, dtype=bool)
    below = ink[bottom, x0:x1] if bottom < ink.shape[0] else np.zeros(x1 - x0, dtype=bool)
    band = ink[top:bottom, x0:x1]
    count = band.sum(axis=0)
    runs = np.diff(np.vstack([np.zeros((1, x1 - x0), bool), band]).astype(np.int8), axis=0).clip(0).sum(axis=0)
    thin = (count > 0) & (count <= thickest + 1) & (runs == 1) & ~above & ~below
    if thin.sum() < 0.6 * (x1 - x0):
        return False  # not one thin line: the band is text, a picture or a bar
    band[:, thin] = False
    return True


def _joined(pieces: list[tuple[int, int, int, int]], thickest: int) -> tuple[tuple[float, float, float], ...]:
    """Pieces of rules as (y, x0, x1), those of one rule (overlapping or end to end, a pixel or
    two apart in height) joined."""
    out: list[list[float]] = []
    for top, bottom, x0, x1 in sorted(pieces, key=lambda p: p[2]):
        y = (top + bottom) / 2
        for rule in out:
            if abs(rule[0] - y) <= thickest + 2 and x0 <= rule[2] + 4 * thickest:
                rule[2] = max(rule[2], x1)
                break
        else:
            out.append([y, x0, x1])
    return tuple(sorted((float(y), float(a), float(b)) for y, a, b in out))
