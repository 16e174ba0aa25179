"""Every set line lies inside a recorded frame: the lead, the header, every example in every
built-in style (and the README's 3-column sheet), for a plain and a print PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban.api import load_article, load_style
from paiban.layout.engine import PageStream, layout_article
from paiban.layout.makeup_checks import outside_frames
from paiban.preflight.checks import check_overset
from paiban.preflight.facts import read_facts
from paiban.preflight.report import PreflightOptions
from paiban.render.pdf import render_stream
from paiban.style.colors import colors_for_print

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples/seed/article.md", ROOT / "examples/elements/article.md",
            *sorted((ROOT / "examples/booklet/articles").glob("*.md"))]
THREE_COLUMNS = "extends: magazine\nbody: {size: 小四}\npage: {columns: 3, column_width: 15字}\n"


@pytest.fixture(scope="module")
def styles(tmp_path_factory) -> dict[str, object]:
    sheet = tmp_path_factory.mktemp("styles") / "three.yaml"
    sheet.write_text(THREE_COLUMNS, encoding="utf-8")
    return {"magazine": load_style("magazine"), "handout": load_style("handout"),
            "three": load_style(sheet)}


def _pdf(article: Path, style, for_print: bool) -> bytes:
    if for_print:
        style, _ = colors_for_print(style)
    stream = PageStream.composing(load_article(article), style)
    return render_stream(stream, None, print_options=style.print if for_print else None)


@pytest.mark.parametrize("for_print", [False, True], ids=["plain", "print"])
@pytest.mark.parametrize("name", ["magazine", "handout", "three"])
@pytest.mark.parametrize("article", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_passes_the_overset_check(article: Path, name: str, for_print: bool, styles) -> None:
    result = check_overset(read_facts(_pdf(article, styles[name], for_print)), PreflightOptions())
    assert result.status == "pass", result.details


@pytest.mark.parametrize("name", ["magazine", "handout", "three"])
def test_the_lead_has_its_own_frame_between_title_block_and_columns(name: str, styles) -> None:
    page = layout_article(load_article(ROOT / "examples/elements/article.md"), styles[name]).pages[0]
    title = next(f for f in page.frames if f.kind == "title")
    lead = next(f for f in page.frames if f.kind == "lead")
    column = next(f for f in page.frames if f.kind == "column")
    lines = page.lines_of("lead")
    pitch = page.grid[1] - page.grid[0]
    assert lead.y == pytest.approx(title.y + title.height)
    assert lead.height == pytest.approx(len(lines) * pitch)
    assert lead.y + lead.height <= column.y + 1e-6
    assert (lead.x, lead.width) == (title.x, title.width)
    assert outside_frames([page]) == []


def test_an_article_without_a_lead_has_no_lead_frame(styles) -> None:
    page = layout_article(load_article(ROOT / "examples/seed/article.md"), styles["magazine"]).pages[0]
    assert [f.kind for f in page.frames if f.kind == "lead"] == []
