"""Booklets: manifest checking, page plan, and the built PDF as a reader sees it (contents page
numbers, folios, outline), parallel builds equal to serial ones."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

import pymupdf
import pytest

from conftest import ROOT, SEED
from paiban import layout
from paiban.booklet.build import build_booklet, layout_booklet
from paiban.booklet.manifest import read_manifest
from paiban.booklet.plan import ARTICLE, BLANK, CONTENTS, COVER, Part, plan_booklet
from paiban.booklet.sources import load_entry
from paiban.errors import BookletError, PaibanError, Span, StyleError
from paiban.layout.concat import concatenate
from paiban.layout.result import LayoutDocument, OutlineEntry, Page

DATA = ROOT / "tests" / "data"
SENTENCE = "机关党建工作要围绕中心、建设队伍、服务群众，推动党建和业务深度融合。"


def _article(folder, name, title, paragraphs, section=None):
    body = "\n\n".join(SENTENCE * (3 + k % 4) for k in range(paragraphs))
    heading = f"## 一、{title[:4]}要点\n\n" if paragraphs > 3 else ""
    meta = f"title: {title}\nauthor: 编者\n" + (f"section: {section}\n" if section else "")
    (folder / name).write_text(f"---\n{meta}---\n\n{heading}{body}\n", encoding="utf-8")
    return name


def _manifest(folder, names, extra=""):
    (folder / "booklet.yaml").write_text(
        "title: 学习材料汇编\nsubtitle: 党建工作专题\norganisation: 省委政法委机关党委\n"
        f"date: 2026年11月\n{extra}articles:\n" + "".join(f"  - {n}\n" for n in names),
        encoding="utf-8")
    return folder / "booklet.yaml"


TITLES = ["推进融合发展", "提高会议材料质量", "档案整理归档要点", "节约能源资源提示", "新入职干部须知"]


@pytest.fixture(scope="module")
def five(tmp_path_factory):
    folder = tmp_path_factory.mktemp("five")
    names = [_article(folder, f"{k}.md", t, n) for k, (t, n) in enumerate(zip(TITLES, (12, 3, 20, 1, 7)))]
    manifest = _manifest(folder, names)
    result = build_booklet(manifest, folder / "booklet.pdf", jobs=1)
    return folder, names, result, pymupdf.open(folder / "booklet.pdf")


# --- page plan --------------------------------------------------------------------------------


def test_plan_numbers_every_page_from_the_cover():
    plan = plan_booklet([3, 2, 1], contents_pages=1)
    assert plan.parts == (Part(COVER, 1, 1), Part(CONTENTS, 2, 1), Part(ARTICLE, 3, 3, 0),
                          Part(ARTICLE, 6, 2, 1), Part(ARTICLE, 8, 1, 2))
    assert plan.total == 8 and plan.article_starts() == [3, 6, 8]


def test_plan_starts_parts_on_rectos_with_blank_pages():
    plan = plan_booklet([3, 2, 1], contents_pages=1, start="recto")
    assert [(p.kind, p.first, p.pages) for p in plan.parts] == [
        (COVER, 1, 1), (BLANK, 2, 1), (CONTENTS, 3, 1), (BLANK, 4, 1), (ARTICLE, 5, 3),
        (BLANK, 8, 1), (ARTICLE, 9, 2), (ARTICLE, 11, 1)]


def test_plan_pads_to_whole_sheets_and_can_leave_out_front_pages():
    plan = plan_booklet([3, 2], contents_pages=0, cover=False, pad_to=4)
    assert [(p.kind, p.first, p.pages) for p in plan.parts] == [(ARTICLE, 1, 3), (ARTICLE, 4, 2), (BLANK, 6, 3)]
    assert plan.total == 8


# --- the manifest -----------------------------------------------------------------------------


def _write(tmp_path, text):
    path = tmp_path / "booklet.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_paths_are_relative_to_it(tmp_path):
    (tmp_path / "a").mkdir()
    _article(tmp_path / "a", "01.md", "第一篇", 2)
    (tmp_path / "a" / "s.yaml").write_text("extends: handout\n", encoding="utf-8")
    m = read_manifest(_write(tmp_path, "title: 汇编\nstyle: a/s.yaml\nstart: recto\npad_to: 4\n"
                                       "articles:\n  - a/01.md\n  - {file: a/01.md, title: 改题}\n"))
    assert m.articles[0].path == tmp_path / "a" / "01.md" and m.articles[0].format == "markdown"
    assert m.style == str(tmp_path / "a" / "s.yaml") and (m.start, m.pad_to) == ("recto", 4)
    assert m.articles[1].overrides == (("title", "改题"),)
    assert load_entry(m.articles[1]).article.meta.title == ("改题",)


@pytest.mark.parametrize(
    "text, line, message, hint",
    [
        ("title: 汇编\nartciles: [x.md]\n", 2, "unknown manifest key 'artciles'", "did you mean 'articles'?"),
        ("title: 汇编\narticles:\n  - 01.md\n  - missing.md\n", 4, "article file not found: missing.md",
         "relative to the manifest's folder"),
        ("title: 汇编\nstart: verso\narticles: [01.md]\n", 2, "start: expected one of page, recto", None),
        ("articles: [01.md]\n", 1, "the manifest has no 'title'", None),
        ("title: 汇编\narticles: 01.md\n", 2, "articles: expected a list", None),
        ("title: 汇编\narticles:\n  - {title: 无文件}\n", 3, "this article has no 'file'", None),
        ("title: 汇编\narticles:\n  - {file: 01.md, autor: 某}\n", 3, "unknown manifest key 'autor'",
         "did you mean 'author'?"),
        ("title: 汇编\nstyle: nosuch.yaml\narticles: [01.md]\n", 2, "style sheet not found", None),
        ("title: 汇编\ncover: maybe\narticles: [01.md]\n", 2, "cover: expected true or false", None),
        ("title: 汇编\narticles: [01.md]\narticles: [01.md]\n", 3, "key 'articles' appears twice", None),
        ("title: [汇编\n", 2, "YAML syntax error", None),
    ],
)
def test_bad_manifests_are_named_with_their_line(tmp_path, text, line, message, hint):
    _article(tmp_path, "01.md", "第一篇", 1)
    path = _write(tmp_path, text)
    with pytest.raises(BookletError) as error:
        read_manifest(path)
    assert message in error.value.message
    assert error.value.source.file.endswith("booklet.yaml") and error.value.source.line == line
    if hint:
        assert hint in error.value.hint


def test_unknown_builtin_style_is_blamed_on_the_manifest(tmp_path):
    _article(tmp_path, "01.md", "第一篇", 1)
    path = _write(tmp_path, "title: 汇编\nstyle: handuot\narticles: [01.md]\n")
    with pytest.raises(StyleError) as error:
        layout_booklet(path, jobs=1)
    assert error.value.source.line == 2 and "did you mean 'handout'?" in error.value.hint


def test_imported_articles_take_the_manifest_overrides(tmp_path):
    (tmp_path / "02.txt").write_bytes((DATA / "seed_page.txt").read_bytes())
    path = _write(tmp_path, "title: 汇编\narticles:\n  - {file: 02.txt, title: 新题, author: 某}\n")
    loaded = load_entry(read_manifest(path).articles[0])
    assert loaded.article.meta.title == ("新题",) and loaded.article.meta.author == "某"
    assert loaded.article.meta.kicker == "学习贯彻《中国共产党党和国家机关基层组织工作条例》"
    assert loaded.warnings == ()


# --- the built booklet ------------------------------------------------------------------------


def _folio(page) -> str:
    """The folio as printed: the text in the foot below the text block."""
    foot = pymupdf.Rect(0, page.rect.height - 50, page.rect.width, page.rect.height)
    return page.get_text("text", clip=foot).strip()


def _title_page(doc, title) -> int:
    """Index of the page where `title` is set as an article title (large type)."""
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                text = "".join("".join(s["text"] for s in line["spans"]).split())
                if text == title and line["spans"][0]["size"] > 15:
                    return page.number
    raise AssertionError(f"title {title} not found")


def _contents(doc, index=1) -> list[tuple[str, int]]:
    """(title, page number) of each contents entry, read row by row from the words on the page."""
    rows: dict[int, list] = {}
    for x0, _, _, y1, word, *_ in doc[index].get_text("words"):
        rows.setdefault(round(y1), []).append((x0, word))
    entries = []
    for _, words in sorted(rows.items()):
        words = [w for _, w in sorted(words)]
        if len(words) >= 3 and set(words[-2]) == {"·"} and words[-1].isdigit():
            entries.append(("".join(w for w in words[:-1] if set(w) != {"·"}), int(words[-1])))
    return entries


def test_contents_list_the_page_each_article_starts_on(five):
    _, _, _, doc = five
    entries = _contents(doc)
    assert [t for t, _ in entries] == TITLES
    for title, number in entries:
        index = _title_page(doc, title)
        assert index + 1 == number
        assert _folio(doc[index]) == str(number)


def test_page_count_is_cover_contents_and_each_articles_pages(five):
    folder, names, result, doc = five
    alone = [len(layout(folder / n, "handout").pages) for n in names]
    assert doc.page_count == 1 + 1 + sum(alone) == result.plan.total
    assert [p.pages for p in result.plan.parts if p.kind == ARTICLE] == alone


def test_folios_run_on_through_the_booklet(five):
    _, _, _, doc = five
    assert _folio(doc[0]) == ""  # the cover carries none
    assert [_folio(p) for p in doc][1:] == [str(n) for n in range(2, doc.page_count + 1)]


def test_running_headers_carry_booklet_and_article_titles(five):
    _, _, result, _ = five
    pages = result.document.pages
    seen = set()
    for part in (p for p in result.plan.parts if p.kind == ARTICLE):
        for folio in range(part.first, part.first + part.pages):
            page = pages[folio - 1]
            expected = "学习材料汇编" if folio % 2 == 0 else TITLES[part.article]
            opening = folio == part.first  # no running header over the title block
            assert [ln.text for ln in page.lines_of("header")] == ([] if opening else [expected])
            seen.add(folio % 2)
    assert seen == {0, 1}


def test_outline_has_the_contents_and_one_entry_per_article(five):
    _, _, _, doc = five
    top = [(title, page) for level, title, page in doc.get_toc() if level == 1]
    assert top[0] == ("目录", 2)
    assert [t for t, _ in top[1:]] == TITLES
    assert all(_title_page(doc, t) + 1 == p for t, p in top[1:])


def test_cover_shows_the_manifest_lines(five):
    _, _, _, doc = five
    lines = ["".join(line.split()) for line in doc[0].get_text("text").splitlines()]
    assert lines == ["学习材料汇编", "党建工作专题", "省委政法委机关党委", "2026年11月"]


def test_recto_start_puts_blank_versos_before_articles(tmp_path):
    names = [_article(tmp_path, f"{k}.md", t, n) for k, (t, n) in enumerate(zip(TITLES[:3], (3, 12, 1)))]
    document, plan = layout_booklet(_manifest(tmp_path, names, "start: recto\n"), jobs=1)
    assert all(s % 2 == 1 for s in plan.article_starts())
    blanks = [p for p in plan.parts if p.kind == BLANK]
    assert blanks
    for part in blanks:
        assert document.pages[part.first - 1].lines == ()


def test_long_contents_run_over_pages_with_right_numbers(tmp_path):
    titles = [f"第{k + 1}篇学习材料" for k in range(30)]
    names = [_article(tmp_path, f"{k}.md", t, 1) for k, t in enumerate(titles)]
    path = tmp_path / "b.pdf"
    result = build_booklet(_manifest(tmp_path, names), path, jobs=1)
    contents = next(p for p in result.plan.parts if p.kind == CONTENTS)
    assert contents.pages == 2
    doc = pymupdf.open(path)
    numbers = [n for i in (1, 2) for _, n in _contents(doc, i)]
    assert numbers == list(range(4, 34))  # cover, two contents pages, one page per article
    assert _title_page(doc, titles[-1]) == 32


def test_parallel_build_equals_serial_byte_for_byte(tmp_path, five):
    folder, names, _, _ = five
    manifest = folder / "booklet.yaml"
    seen = []
    serial = build_booklet(manifest, jobs=1).pdf
    parallel = build_booklet(manifest, jobs=2, progress=lambda d, t, title: seen.append((d, t))).pdf
    assert parallel == serial
    assert sorted(seen) == [(k, 5) for k in range(1, 6)]


def test_errors_in_workers_keep_their_place(tmp_path):
    names = [_article(tmp_path, "0.md", "第一篇", 2)]
    (tmp_path / "1.md").write_text("---\ntitle: 第二篇\n---\n\n无法显示的字\U000f0000\n", encoding="utf-8")
    manifest = _manifest(tmp_path, [*names, "1.md"])
    with pytest.raises(PaibanError) as error:
        layout_booklet(manifest, jobs=2)
    assert error.value.source is not None and error.value.source.file.endswith("1.md")


def test_an_error_in_the_first_share_wins_over_a_later_one(tmp_path):
    bad = "---\ntitle: {}\n---\n\n无法显示的字\U000f0000\n"
    (tmp_path / "0.md").write_text(bad.format("第一篇"), encoding="utf-8")
    names = ["0.md", *(_article(tmp_path, f"{k}.md", f"第{k}篇", 2) for k in (1, 2)), "3.md"]
    (tmp_path / "3.md").write_text(bad.format("第四篇"), encoding="utf-8")
    manifest = _manifest(tmp_path, names)
    for jobs in (1, 2, 4):
        with pytest.raises(PaibanError) as error:
            layout_booklet(manifest, jobs=jobs)
        assert error.value.source.file.endswith("0.md"), jobs


def test_processes_take_each_article_once_from_their_shared_counter():
    import multiprocessing

    from paiban.booklet.parallel import _Next

    local = _Next()
    assert [local.take() for _ in range(3)] == [0, 1, 2]
    context = multiprocessing.get_context("fork")
    shared = _Next(context.Value("q", 0))
    ours, theirs = context.Pipe()

    def take_some(conn, counter):
        conn.send([counter.take() for _ in range(50)])
        conn.close()

    child = context.Process(target=take_some, args=(theirs, shared))
    child.start()
    mine = [shared.take() for _ in range(50)]
    theirs_taken = ours.recv()
    child.join()
    assert sorted(mine + theirs_taken) == list(range(100))


def test_a_worker_that_dies_is_reported_not_waited_for(tmp_path, monkeypatch):
    import os

    from paiban.booklet import parallel

    names = [_article(tmp_path, f"{k}.md", f"第{k}篇", 2) for k in range(4)]
    manifest = _manifest(tmp_path, names)
    parent = os.getpid()
    count = parallel.Share.count

    def dying(self, next_index, tick):
        if os.getpid() != parent:
            os._exit(3)  # a worker killed mid-way (out of memory, a signal)
        return count(self, next_index, tick)

    monkeypatch.setattr(parallel.Share, "count", dying)
    monkeypatch.setattr(parallel, "_context", lambda: __import__("multiprocessing").get_context("fork"))
    with pytest.raises(BookletError, match=r"ended unexpectedly \(exit code 3\)") as error:
        layout_booklet(manifest, jobs=2)
    assert "--jobs 1" in (error.value.hint or "")


def test_error_pickles_with_place_and_hint():
    error = BookletError("bad", Span("b.yaml", 3, 4), "fix it")
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), back.source, back.hint, str(back)) == (BookletError, error.source, "fix it", str(error))


def test_concatenate_renumbers_pages_and_moves_outlines():
    page = Page(0, 7, 100.0, 200.0, ())
    a = LayoutDocument((page, page), {"F": "f.ttf"}, {}, outline=(OutlineEntry(1, "A", 1, 5.0),))
    b = LayoutDocument((page,), {"F": "f.ttf", "G": "g.ttf"}, {"G": {1: 2}}, outline=(OutlineEntry(1, "B", 0, 0.0),))
    joined = concatenate([a, b], "T")
    assert [p.index for p in joined.pages] == [0, 1, 2] and [p.number for p in joined.pages] == [7, 7, 7]
    assert [(e.title, e.page) for e in joined.outline] == [("A", 1), ("B", 2)]
    assert joined.fonts == {"F": "f.ttf", "G": "g.ttf"} and joined.substitutions == {"G": {1: 2}}
    with pytest.raises(ValueError):
        concatenate([a, LayoutDocument((), {"F": "other.ttf"}, {})])


def test_booklet_header_templates_are_checked(tmp_path):
    from paiban.style.loader import load_style

    sheet = tmp_path / "s.yaml"
    sheet.write_text("extends: handout\nbooklet:\n  header_verso: '{boklet}'\n", encoding="utf-8")
    with pytest.raises(StyleError) as error:
        load_style(sheet)
    assert "unknown field {boklet}" in error.value.message and error.value.source.line == 3
    assert "did you mean 'booklet'?" in error.value.hint


def test_cli_builds_quietly_off_a_terminal_and_reports_errors(tmp_path):
    _article(tmp_path, "0.md", "第一篇", 2)
    manifest = _manifest(tmp_path, ["0.md"])
    out = tmp_path / "out.pdf"
    done = subprocess.run([sys.executable, "-m", "paiban", "booklet", str(manifest), "-o", str(out), "-j", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "3 pages, 1 article" in done.stdout
    bad = _write(tmp_path, "title: 汇编\narticles: [nosuch.md]\n")
    failed = subprocess.run([sys.executable, "-m", "paiban", "booklet", str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert re.search(r"booklet\.yaml:2:\d+: error: article file not found: nosuch\.md", failed.stderr)


def test_the_example_booklet_builds(tmp_path):
    result = build_booklet(SEED.parent / "booklet" / "booklet.yaml", jobs=1)
    assert result.plan.total % 4 == 0 and result.warnings == ()


def test_parallel_build_with_another_thread_running_uses_a_fork_server(five):
    import threading

    from paiban.booklet import parallel

    folder, _, result, _ = five
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert parallel._context().get_start_method() == "forkserver"
        pdf = build_booklet(folder / "booklet.yaml", jobs=2).pdf
    finally:
        stop.set()
        thread.join()
    assert pdf == result.pdf


def test_booklet_keys_restyle_cover_and_contents(tmp_path):
    names = [_article(tmp_path, "0.md", "第一篇", 2)]
    (tmp_path / "s.yaml").write_text(
        "extends: handout\nbooklet:\n  cover: {top: 10mm, rule: 0}\n"
        "  contents: {leader: '', heading: {text: 篇目}}\n  header_recto: '{booklet}·{date}'\n"
        "header: {first_page: true}\n",
        encoding="utf-8")
    document, plan = layout_booklet(_manifest(tmp_path, names, "style: s.yaml\n"), jobs=1)
    cover, contents, first = document.pages[0], document.pages[1], document.pages[2]
    assert cover.rules == () and cover.lines_of("cover-title")[0].y == pytest.approx(
        cover.lines_of("cover-title")[0].size * 0.88 + 18 * 72 / 25.4 + 10 * 72 / 25.4)
    assert [ln.text for ln in contents.lines_of("contents-heading")] == ["篇目"]
    assert [ln.text for ln in contents.lines_of("contents")] == ["第一篇3"]
    assert [ln.text for ln in first.lines_of("header")] == ["学习材料汇编·2026年11月"]


# --- page texts and PDFs through the importer -------------------------------------------------

ELEMENTS = ROOT / "examples" / "elements" / "article.md"
MIXED_TITLES = [("机关党建学习要点",), ("推进融合发展", "增强机关党建工作质效"), ("让书香走进街巷", "社区书屋建设的几点做法")]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A booklet of one Markdown article, one page text and one PDF with figures."""
    folder = tmp_path_factory.mktemp("mixed")
    cache = tmp_path_factory.mktemp("cache")
    _article(folder, "01.md", MIXED_TITLES[0][0], 3)
    (folder / "02.txt").write_bytes((DATA / "seed_page.txt").read_bytes())
    layout(ELEMENTS, "magazine")  # warms nothing on disk; the PDF is built next
    from paiban import build

    build(ELEMENTS, "magazine", folder / "03.pdf")
    before = sorted(p.name for p in folder.iterdir())
    manifest = _manifest(folder, ["01.md", "02.txt", "03.pdf"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAIBAN_CACHE_DIR", str(cache))
        result = build_booklet(manifest, folder / "booklet.pdf", jobs=1)
    return folder, before, cache, result, pymupdf.open(folder / "booklet.pdf")


def _imported_paragraphs(path) -> list[str]:
    from paiban.importers import import_pages
    from paiban.model.article import Paragraph

    article = import_pages([path]).article
    printed = ("".join(chr(0x2460 + int(r.text) - 1) if r.note else r.text for r in b.runs)
               for b in article.blocks if isinstance(b, Paragraph))
    return ["".join(text.split()) for text in printed]


def test_a_booklet_of_markdown_page_text_and_pdf_lists_all_three(mixed):
    _, _, _, result, doc = mixed
    entries = _contents(doc)
    assert [t for t, _ in entries] == ["\u3000".join(lines) for lines in MIXED_TITLES]
    assert [n for _, n in entries] == result.plan.article_starts()
    for lines, (_, number) in zip(MIXED_TITLES, entries):
        index = _title_page(doc, lines[0])
        assert index + 1 == number
        assert _folio(doc[index]) == str(number)


def test_imported_text_appears_exactly_once(mixed):
    folder, _, _, result, _ = mixed
    body = "".join("".join(ln.text.split()) for page in result.document.pages for ln in page.lines
                   if ln.role == "body")
    paragraphs = _imported_paragraphs(folder / "02.txt") + _imported_paragraphs(folder / "03.pdf")
    assert len(paragraphs) == 3 + 11
    for text in paragraphs:
        assert body.count(text) == 1, text


def test_imported_figures_are_in_the_booklet_with_images_from_the_cache(mixed):
    folder, before, cache, result, doc = mixed
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, "booklet.pdf", "booklet.yaml"])
    folders = list((cache / "imports").iterdir())  # one, for this version of 03.pdf
    assert len(folders) == 1
    assert sorted(p.name for p in folders[0].iterdir()) == ["03-1.jpg", "03-2.png", "03-3.jpg"]
    sizes = sorted((i["width"], i["height"]) for page in doc for i in page.get_image_info())
    assert sizes == [(1400, 1750), (1500, 1000), (2100, 780)]


def test_the_importers_warnings_reach_the_booklets(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "01.txt").write_bytes("学习贯彻\n\n推进融合发展\n\n    正文第一段。\n正文继续。\n".encode("gb18030"))
    document, _ = layout_booklet(_write(tmp_path, "title: 汇编\narticles: [{file: 01.txt, title: 题}]\n"), jobs=1)
    assert [str(w) for w in document.warnings][:1] == [
        "01.txt:1: warning: the file is not UTF-8; it was read as GB18030 (check the Chinese text)"]
