"""Properties of the composer and of whole builds, on generated text and geometry.

Text mixes Han characters, every class of Chinese punctuation, dash and ellipsis runs, Latin
words and numbers (some longer than any column), URLs and odd spaces. Geometry draws 1–4
columns of 8–40 em at 8–16 pt. For every input:

- every character appears exactly once, in order (spaces may become glue);
- no line starts with a line-start-prohibited mark or ends with a line-end-prohibited one,
  unless the break was forced, and then a warning names it;
- no glyph lies outside its column (or the title block), no two glyphs overlap;
- every non-final line of a justified paragraph is flush with both edges, unless it holds one
  unbreakable run and a warning says it could not be justified, or it holds Latin text only
  (a URL or word alone on its line is set flush left, never letter-spaced);
- a hyphen is added only at a line end, and only after the letters of a word;
- the PDF holds exactly the characters the layout set (as a reader extracts them).

CI runs the default hypothesis profile; `HYPOTHESIS_PROFILE=long` runs thousands of examples.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pymupdf
from hypothesis import given
from hypothesis import strategies as st

from paiban.compose.config import FontChain, ParagraphConfig, Where
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics, LayoutError, Span
from paiban.layout.engine import layout_article
from paiban.layout.geometry import ASCENT
from paiban.model.article import Article, ArticleMeta, BlockQuote, Heading, Paragraph, Run
from paiban.render.pdf import render_pdf
from paiban.style.loader import load_style
from paiban.style.model import CJKOptions
from paiban.text.classes import (CLOSING, DASH, MIDDLE_DOT, NO_LINE_END, NO_LINE_START, OPENING, PAUSE, SPACES,
                                 CharClass, char_class)
from paiban.text.fonts import FontMetrics, font_table

HAN = "机关党建工作中国的一是在不了有和人这上大为来以个到说们时要就出会可也对生能而子"
MARKS = "".join(sorted(OPENING | CLOSING | PAUSE | MIDDLE_DOT)) + "～／"
TOLERANCE = 0.01  # pt: far below anything visible, above float noise

TABLE = font_table()
FACES: dict[str, FontMetrics] = {
    TABLE.metrics(family, weight).name: TABLE.metrics(family, weight)
    for family, weights in TABLE.families.items() for weight in weights
}
MAGAZINE = load_style("magazine")

# --------------------------------------------------------------------------- text


latin_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.-_/:%", min_size=1, max_size=70)
token = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=12),
    st.sampled_from(MARKS),
    st.sampled_from(["——", "……", "—", "…", "———", "……。", "。”", "”，", "（“", "》《", "”“"]),
    latin_word,
    st.sampled_from(["https://example.org/a/very/long/path/that/cannot/fit/in/a/column", "2020年", "3.14",
                     "ISO 9001", "COVID-19", "internationalisation", "typesetting ", "well-known", "GB/T 1234-2008",
                     "No.\u00a05", "https://www.gov.cn/zhengce/content/2018-12/05/content_5346008.htm",
                     "name@example.org"]),
    st.sampled_from([" ", "  ", "\t", "\u00a0"]),  # ("\n" in a run is a hard line break: test_markdown_breaks)
)
paragraph_text = st.lists(token, min_size=1, max_size=25).map("".join).filter(lambda t: t.strip())
runs = st.lists(st.tuples(paragraph_text, st.booleans()), min_size=1, max_size=4).map(
    lambda parts: tuple(Run(text, bold) for text, bold in parts))


def visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in SPACES)


def unhyphenated(lines: list[str], source: str) -> str:
    """The lines' text with each hyphen that hyphenation added at a line end taken out: a line
    ending in the soft hyphen U+00AD (what paiban draws for an added hyphen) that the source
    does not have there, after a letter, before a letter. Anything else (a hyphen added
    elsewhere, one after a digit) is left to fail."""
    source = visible(source)
    out, pos = [], 0
    for line in map(visible, lines):
        if (line.endswith("\u00ad") and source[pos:pos + len(line)] != line and len(line) > 1
                and line[-2].isalpha() and source[pos + len(line) - 1:pos + len(line)].isalpha()):
            line = line[:-1]
        out.append(line)
        pos += len(line)
    return "".join(out)


def latin_only(text: str) -> bool:
    """A line of Latin text only, which may be set flush left without a warning."""
    return all(char_class(ch) is CharClass.LATIN for ch in text)


# --------------------------------------------------------------------------- glyph geometry


def glyph_box(font: str, ch: str, x: float, size: float, widened: float = 1.0) -> tuple[float, float]:
    """The horizontal extent a glyph covers: its ink for punctuation (whose blank half may be
    squeezed away, clipped to the advance so a font's overhang does not count), else its advance.
    `widened` is the run's horizontal scale (a dash widened to join its neighbour)."""
    face = FACES[font]
    advance = face.advances[ord(ch)]
    scale = size / face.units_per_em * widened
    ink = face.ink.get(ord(ch))
    if ink is not None:
        return x + max(ink.x0, 0) * scale, x + min(ink.x1, advance) * scale
    return x, x + advance * scale


def boxes(runs_) -> list[tuple[float, float]]:
    """The glyphs' extents, a joined dash (widened glyphs whose ink overlaps by design) as one."""
    out: list[tuple[float, float]] = []
    joined = False
    for r in runs_:
        for ch, x in zip(r.text, r.xs):
            box = glyph_box(r.font, ch, x, r.size, r.scale)
            if joined and r.scale != 1.0 and ch in DASH:
                out[-1] = (out[-1][0], box[1])
            else:
                out.append(box)
            joined = r.scale != 1.0 and ch in DASH
    return out


def kerned_closer(runs_) -> list[float]:
    """For each pair of neighbouring glyphs, how far the font's kerning brings them together
    (pt): advance boxes of a kerned Latin pair such as 'AV' overlap by that much, by design."""
    closer: list[float] = []
    joined = False
    for r in runs_:
        face = FACES[r.font]
        pairs = [max(0.0, -face.kerning.get(a, b) * r.size / face.units_per_em) for a, b in zip(r.text, r.text[1:])]
        for ch, kern in zip(r.text, [*pairs, 0.0]):  # (0 after the run's last: the next run is another font)
            if joined and r.scale != 1.0 and ch in DASH:
                closer[-1] = kern  # one box with the dash before it, as `boxes` makes it
            else:
                closer.append(kern)
            joined = r.scale != 1.0 and ch in DASH
    return closer


def assert_no_overlap(glyphs: list[tuple[float, float]], text: str, closer: list[float] | None = None) -> None:
    closer = closer or [0.0] * len(glyphs)
    for (_, right), (left, _), kern in zip(glyphs, glyphs[1:], closer):
        assert right <= left + kern + TOLERANCE, f"glyphs overlap in {text!r}"


def assert_inside(glyphs: list[tuple[float, float]], left: float, right: float, text: str) -> None:
    assert glyphs[0][0] >= left - TOLERANCE, f"{text!r} starts before its column"
    assert glyphs[-1][1] <= right + TOLERANCE, f"{text!r} ends beyond its column"


def unjustified_is_reported(text: str, messages: list[str]) -> bool:
    return f"the line '{text}' could not be justified" in " ".join(messages)


# --------------------------------------------------------------------------- the composer


def _chain(weight: str) -> FontChain:
    return FontChain((TABLE.metrics("Noto Serif SC", weight), TABLE.metrics("Noto Sans SC", weight)))


@st.composite
def paragraph_configs(draw) -> ParagraphConfig:
    size = draw(st.sampled_from([8.0, 9.0, 10.5, 12.0, 14.0, 16.0]))
    cjk = CJKOptions(
        kinsoku=draw(st.sampled_from(["none", "basic", "gb", "strict"])),
        push=draw(st.sampled_from(["in_first", "out_only"])),
        line_end_punct=draw(st.sampled_from(["full", "half"])),
        line_start_opening=draw(st.sampled_from(["full", "half"])),
        unbreakable=draw(st.sampled_from([(), ("机关党",), ("“党建”",)])),
    )
    return ParagraphConfig(
        _chain("regular"), _chain("bold"), size, draw(st.integers(8, 40)) * size, cjk,
        indent=draw(st.sampled_from([0, 0, 2])) * size,
        align=draw(st.sampled_from(["justify", "justify", "left", "center", "right"])),
        letter_spacing=draw(st.sampled_from([0.0, 0.0, 0.5, 1.0])),
    )


@given(runs, paragraph_configs())
def test_composer_loses_nothing_breaks_lawfully_and_stays_in_the_measure(runs_, cfg):
    diagnostics = Diagnostics()
    lines = compose_paragraph(runs_, cfg, Where(None, diagnostics))
    messages = [d.message for d in diagnostics]
    source = "".join(r.text for r in runs_)
    assert unhyphenated([ln.text for ln in lines], source) == visible(source)
    level = cfg.cjk.kinsoku
    for i, line in enumerate(lines):
        text = line.text
        assert text.strip() == text, f"a line starts or ends with a space: {text!r}"
        if i + 1 < len(lines):
            end_ok = text[-1] not in NO_LINE_END[level] and lines[i + 1].text[0] not in NO_LINE_START[level]
            assert end_ok or line.pushed == "forced", (text, lines[i + 1].text)
        glyphs = boxes(line.runs)
        assert_no_overlap(glyphs, text, kerned_closer(line.runs))
        assert_inside(glyphs, 0.0, line.width, text)
        if cfg.align == "justify" and not line.last:
            assert line.justified or unjustified_is_reported(text, messages) or latin_only(text), text
        if line.justified:
            assert abs(line.filled - line.width) < TOLERANCE, text
    if any(ln.pushed == "forced" for ln in lines):
        assert any(m.startswith("no allowed line break near") for m in messages)


# --------------------------------------------------------------------------- whole builds


span = Span("t.md", 1)
blocks = st.one_of(
    runs.map(lambda r: Paragraph(r, span)),
    runs.map(lambda r: Paragraph(r, span)),
    st.tuples(st.sampled_from([2, 3]), st.text(alphabet=HAN + "，、", min_size=1, max_size=300)).map(
        lambda h: Heading(h[0], (Run(h[1]),), span)),
    st.lists(runs.map(lambda r: Paragraph(r, span)), min_size=1, max_size=2).map(
        lambda ps: BlockQuote(tuple(ps), span)),
)
metas = st.builds(
    lambda title, kicker, author: ArticleMeta(title=tuple(title), kicker=kicker, author=author,
                                              publication="湖北机关党建", issue="2020年10期"),
    st.lists(st.text(alphabet=HAN + "，：“”", min_size=1, max_size=60), max_size=3),
    st.one_of(st.none(), st.text(alphabet=HAN, min_size=1, max_size=80)),
    st.one_of(st.none(), st.text(alphabet=HAN, min_size=1, max_size=10)),
)
articles = st.builds(lambda meta, body: Article(meta, tuple(body), "t.md"), metas, st.lists(blocks, min_size=1, max_size=8))


@st.composite
def styles(draw):
    """The magazine style with its geometry redrawn; title sizes follow the body size."""
    columns, width_em = draw(st.integers(1, 4)), draw(st.integers(8, 40))
    size = draw(st.sampled_from([8.0, 9.0, 10.5, 12.0, 14.0, 16.0]))
    lines = draw(st.integers(6, 45))
    pitch = size * draw(st.sampled_from([1.3, 1.5, 1.7]))
    margin, gutter = 40.0, 2 * size
    page = dataclasses.replace(
        MAGAZINE.page, width=2 * margin + columns * width_em * size + (columns - 1) * gutter,
        height=130.0 + lines * pitch, top=60.0, bottom=70.0, inner=margin, outer=margin, columns=columns,
        gutter=gutter)

    def scaled(ts, factor=1.0):
        return dataclasses.replace(ts, size=size * factor)

    tb = MAGAZINE.title_block
    title_block = dataclasses.replace(
        tb, height=draw(st.integers(1, lines)), title=dataclasses.replace(scaled(tb.title, 2), leading=2.6 * size),
        title_min_size=1.6 * size, kicker=scaled(tb.kicker), subtitle=scaled(tb.subtitle), author=scaled(tb.author))
    indented = {"indent": 2 * size}
    return dataclasses.replace(
        MAGAZINE, page=page, grid=dataclasses.replace(MAGAZINE.grid, pitch=pitch, lines=lines),
        body=dataclasses.replace(scaled(MAGAZINE.body), **indented),
        quote=dataclasses.replace(scaled(MAGAZINE.quote), left=2 * size, right=2 * size, **indented),
        headings={k: dataclasses.replace(scaled(v), **indented) for k, v in MAGAZINE.headings.items()},
        title_block=title_block)


def _frames(page):
    columns = {f.index: f for f in page.frames if f.kind == "column"}
    title = next((f for f in page.frames if f.kind == "title"), None)
    return columns, title


def _vertical(line) -> tuple[float, float]:
    return line.y - line.size * ASCENT, line.y + line.size * (1 - ASCENT)


@given(articles, styles())
def test_build_loses_nothing_and_keeps_every_glyph_in_its_frame(article, style):
    try:
        doc = layout_article(article, style)
    except LayoutError as exc:  # a title block taller than the page is reported, never set
        assert exc.message.startswith("the title block needs")
        return
    messages = [w.message for w in doc.warnings]
    text: dict[int, list[str]] = {}
    order: list[int] = []
    for page in doc.pages:
        for line in page.lines:
            if line.block >= 0:
                text.setdefault(line.block, []).append(line.text)
                if not order or order[-1] != line.block:
                    order.append(line.block)
    assert order == sorted(set(order)), "blocks out of order or interleaved"
    for index, block in enumerate(article.blocks):
        assert unhyphenated(text.get(index, []), block.text) == visible(block.text), f"block {index} lost text"
    for page in doc.pages:
        _check_page(page, style, messages)


def _check_page(page, style, messages: list[str]) -> None:
    columns, title = _frames(page)
    extents = []
    for line in page.lines:
        glyphs = boxes(line.runs)
        assert_no_overlap(glyphs, line.text, kerned_closer(line.runs))
        top, bottom = _vertical(line)
        if line.column >= 0:
            frame = columns[line.column]
            assert_inside(glyphs, frame.x, frame.x + frame.width, line.text)
            assert frame.y - TOLERANCE <= top and bottom <= frame.y + frame.height + TOLERANCE, line.text
            if not line.last and line.text[-1] in NO_LINE_END[style.cjk.kinsoku]:
                assert line.pushed == "forced", line.text
            if (line.role != "heading" and not line.last and not unjustified_is_reported(line.text, messages)
                    and not latin_only(line.text)):
                assert abs(line.extent - (line.x + line.width)) < TOLERANCE, f"{line.text!r} is not flush"
        elif line.role in ("kicker", "title", "subtitle", "author"):
            assert_inside(glyphs, title.x, title.x + title.width, line.text)
            assert title.y - TOLERANCE <= top and bottom <= title.y + title.height + TOLERANCE, line.text
        else:
            assert_inside(glyphs, line.x, line.x + line.width, line.text)
        extents.append((top, bottom, glyphs[0][0], glyphs[-1][1], line.text))
    extents.sort()
    for i, (top, bottom, left, right, text) in enumerate(extents):
        for other_top, _, other_left, other_right, other in extents[i + 1:]:
            if other_top >= bottom - TOLERANCE:
                break
            assert right <= other_left + TOLERANCE or other_right <= left + TOLERANCE, (text, other)


# --------------------------------------------------------------------------- the PDF


#: Characters beyond U+FFFF that the bundled fonts draw (enclosed alphanumerics, Kai extras).
ASTRAL = "".join(sorted({chr(cp) for face in FACES.values() for cp in face.advances if cp > 0xFFFF}))
odd_text = st.one_of(st.text(min_size=1, max_size=40), st.text(alphabet=ASTRAL + HAN, min_size=1, max_size=20))


@given(st.lists(runs, min_size=1, max_size=4), odd_text)
def test_the_pdf_holds_every_character_the_layout_set(paragraphs, odd):
    """What a reader extracts from the PDF is exactly what the layout set, character for character:
    the writer loses nothing (code points beyond U+FFFF, unusual marks) and adds nothing. `odd` is
    any Unicode at all, drawn as □ where no font has it, or characters beyond U+FFFF the fonts have."""
    blocks = tuple(Paragraph(r, span) for r in (*paragraphs, (Run(odd),)))
    style = dataclasses.replace(MAGAZINE, cjk=dataclasses.replace(MAGAZINE.cjk, missing_glyph="placeholder"))
    doc = layout_article(Article(ArticleMeta(title=("标题",)), blocks, "t.md"), style)
    wanted = Counter(ch for page in doc.pages for line in page.lines for ch in line.text if not ch.isspace())
    found: Counter[str] = Counter()
    for page in pymupdf.open(stream=render_pdf(doc), filetype="pdf"):
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span_ in line["spans"]:
                    found.update(c["c"] for c in span_["chars"] if not c["c"].isspace())
    assert found == wanted
