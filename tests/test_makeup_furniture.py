"""Running headers, title separators and the safe-margin warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban.api import layout, load_style

BODY = "\n\n".join(["机关党建工作要围绕中心、建设队伍、服务群众，推动党建和业务深度融合。" * 6] * 40)


def _article(tmp_path: Path, front: str, body: str = BODY) -> Path:
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return path


def _style(tmp_path: Path, yaml: str) -> object:
    path = tmp_path / "s.yaml"
    path.write_text(yaml, encoding="utf-8")
    return load_style(path)


TWO_LINES = "title: [推进融合发展, 增强机关党建工作质效]\nfirst_page: 14"
WITH_PUBLICATION = TWO_LINES + "\npublication: 湖北机关党建\nissue: 2020年10期"


def _headers(doc) -> list[tuple[int, list[str], int]]:
    """(folio, header texts, rules) of every page."""
    return [(p.number, [ln.text for ln in p.lines_of("header")], len(p.rules)) for p in doc.pages]


def test_no_running_header_on_the_opening_page_by_default(tmp_path: Path) -> None:
    doc = layout(_article(tmp_path, WITH_PUBLICATION), "magazine")
    assert _headers(doc)[:3] == [(14, [], 0), (15, ["推进融合发展　增强机关党建工作质效"], 1),
                                 (16, ["湖北机关党建　2020年10期"], 1)]


def test_header_first_page_turns_it_back_on(tmp_path: Path) -> None:
    style = _style(tmp_path, "extends: magazine\nheader: {first_page: true}\n")
    doc = layout(_article(tmp_path, WITH_PUBLICATION), style)
    assert _headers(doc)[0] == (14, ["湖北机关党建　2020年10期"], 1)


def test_a_verso_without_publication_falls_back_to_the_title(tmp_path: Path) -> None:
    doc = layout(_article(tmp_path, TWO_LINES + "\nissue: 2020年10期"), "magazine")
    assert _headers(doc)[1:3] == [(15, ["推进融合发展　增强机关党建工作质效"], 1),
                                  (16, ["推进融合发展　增强机关党建工作质效"], 1)]


def test_an_empty_fallback_leaves_no_header_and_no_bare_rule(tmp_path: Path) -> None:
    style = _style(tmp_path, "extends: magazine\nheader: {verso_fallback: ''}\n")
    doc = layout(_article(tmp_path, TWO_LINES), style)
    assert _headers(doc)[1:3] == [(15, ["推进融合发展　增强机关党建工作质效"], 1), (16, [], 0)]


def test_the_recto_falls_back_to_the_publication(tmp_path: Path) -> None:
    style = _style(tmp_path, "extends: magazine\nheader: {recto: '{section}'}\n")
    doc = layout(_article(tmp_path, WITH_PUBLICATION), style)
    assert _headers(doc)[1] == (15, ["湖北机关党建"], 1)


def test_title_lines_are_joined_by_the_style_separator(tmp_path: Path) -> None:
    doc = layout(_article(tmp_path, WITH_PUBLICATION), "magazine")
    assert doc.title == "推进融合发展　增强机关党建工作质效"
    assert doc.outline[0].title == "推进融合发展　增强机关党建工作质效"
    style = _style(tmp_path, "extends: magazine\ntitle_block: {separator: ' · '}\n")
    doc = layout(_article(tmp_path, WITH_PUBLICATION), style)
    assert (doc.title, doc.outline[0].title) == ("推进融合发展 · 增强机关党建工作质效",) * 2
    assert _headers(doc)[1][1] == ["推进融合发展 · 增强机关党建工作质效"]


THREE_COLUMNS = "extends: magazine\nbody: {size: 小四}\npage: {columns: 3, column_width: 15字}\n"


def test_text_near_the_trim_is_warned_about_naming_the_key(tmp_path: Path) -> None:
    doc = layout(_article(tmp_path, WITH_PUBLICATION), _style(tmp_path, THREE_COLUMNS))
    near = [w.message for w in doc.warnings if "safe margin" in w.message]
    assert [m.split(" comes ")[1].split(",")[0] for m in near] == [
        "1.3 mm from the left trim edge", "1.3 mm from the right trim edge"]
    assert all("(print.safe_margin)" in m and "page.column_width" in m for m in near)
    assert all("on page 14" in m for m in near)


def test_the_safe_margin_is_a_style_key(tmp_path: Path) -> None:
    style = _style(tmp_path, THREE_COLUMNS + "print: {safe_margin: 1mm}\n")
    doc = layout(_article(tmp_path, WITH_PUBLICATION), style)
    assert [w for w in doc.warnings if "safe margin" in w.message] == []


@pytest.mark.parametrize("name", ["magazine", "handout"])
def test_the_built_in_styles_keep_text_out_of_the_safe_margin(tmp_path: Path, name: str) -> None:
    doc = layout(_article(tmp_path, WITH_PUBLICATION), name)
    assert [w for w in doc.warnings if "safe margin" in w.message] == []


def test_the_contents_join_title_lines_with_the_style_separator(tmp_path: Path) -> None:
    from paiban.booklet.build import layout_booklet

    (tmp_path / "a.md").write_text("---\ntitle: [推进融合发展, 增强机关党建工作质效]\n---\n\n" + BODY[:200] + "\n",
                                   encoding="utf-8")
    (tmp_path / "s.yaml").write_text("extends: handout\ntitle_block: {separator: ' · '}\n", encoding="utf-8")
    (tmp_path / "booklet.yaml").write_text("title: 学习材料汇编\nstyle: s.yaml\narticles:\n  - a.md\n",
                                           encoding="utf-8")
    document, _ = layout_booklet(tmp_path / "booklet.yaml", jobs=1)
    contents = [ln.text for p in document.pages for ln in p.lines_of("contents")]
    (entry,) = contents  # title, leader dots, page number
    assert entry.endswith("3") and entry[:-1].rstrip("·") == "推进融合发展 · 增强机关党建工作质效"
