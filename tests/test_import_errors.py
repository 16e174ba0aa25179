"""Bad input to the importers: a clear error naming the file, or a warning, never a traceback."""

from __future__ import annotations

import pymupdf
import pytest

from conftest import ROOT
from paiban import build
from paiban.errors import SourceImportError
from paiban.importers import import_pages

SEED_PDF_SOURCE = ROOT / "tests" / "data" / "seed_article.md"


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("seedpdf") / "seed.pdf"
    build(SEED_PDF_SOURCE, "magazine", path)
    return path


def _error(paths, **kw) -> SourceImportError:
    with pytest.raises(SourceImportError) as info:
        import_pages(paths, **kw)
    return info.value


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the page file is empty"),
        (b"  \n\n\t\n", "the page file is empty"),
        (bytes(range(256)) * 4, "this is a binary file, not extracted page text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a binary file, not extracted page text"),
        (b"ok \xfa\xfa\xff bad", "the page file is not UTF-8 text: byte 0xFA at offset 3 cannot be decoded"),
    ],
)
def test_unreadable_page_text_is_an_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    error = _error([path])
    assert error.message == message
    assert error.source.file.endswith("page.txt")


def test_utf16_page_text_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("推进融合发展\n\n    正文第一段。\n".encode("utf-16"))
    assert "正文第一段。" in import_pages([path]).markdown


def test_gb18030_page_text_is_read_with_a_warning(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("学习贯彻\n\n推进融合发展\n\n    正文第一段。\n正文继续。\n".encode("gb18030"))
    result = import_pages([path])
    assert "推进融合发展" in result.markdown
    assert "read as GB18030" in str(result.warnings[0])


def test_a_page_of_furniture_only_has_no_article(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Page 3 - 《经济观察》2021年第3期\nP. 3\n\n   7\n  1  2  3  4\n", encoding="utf-8")
    assert _error([path]).message == "no article text was found on the pages"


def test_missing_files_and_folders(tmp_path):
    assert _error([tmp_path / "none.txt"]).message.startswith("page file not found")
    assert _error([tmp_path]).message.startswith("page file is a folder")
    assert _error([]).message == "no page files were given"


def test_a_damaged_pdf(tmp_path, seed_pdf):
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    assert _error([garbage]).message.startswith("the file cannot be read as a PDF")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(seed_pdf.read_bytes()[:20000])
    error = _error([truncated])
    assert error.message == "the PDF has no pages" and "damaged or truncated" in error.hint


def test_an_encrypted_pdf(tmp_path, seed_pdf):
    locked = tmp_path / "locked.pdf"
    pymupdf.open(seed_pdf).save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    error = _error([locked])
    assert error.message == "the PDF is encrypted and needs a password"
    assert "decrypt" in error.hint


def test_a_pdf_without_text(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pixmap.clear_with(255)  # a new pixmap's samples are whatever memory held: OCR could read them
    page.insert_image(pymupdf.Rect(100, 100, 300, 300), pixmap=pixmap)
    doc.save(tmp_path / "scan.pdf")
    error = _error([tmp_path / "scan.pdf"])
    assert error.message == "the chosen pages of the PDF hold no text" and "OCR" in error.hint


@pytest.mark.parametrize(
    ("spec", "message"),
    [("2", "--pages '2' asks for pages the file does not have (it has 1)"), ("x", "--pages 'x' is not a page range")],
)
def test_bad_page_ranges(seed_pdf, spec, message):
    assert _error([seed_pdf], pages=spec).message == message


def test_a_page_without_columns_is_one_column_and_says_so(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("床前明月光，\n   疑是地上霜。\n         举头望明月，\n      低头思故乡。\n", encoding="utf-8")
    result = import_pages([path])
    messages = [str(w) for w in result.warnings]
    assert any("no columns could be recognised" in m and "imported as one column" in m for m in messages)
    body = "".join(b.text for b in result.article.blocks)
    assert body == "床前明月光，疑是地上霜。举头望明月，低头思故乡。"


def test_an_unnumbered_line_standing_alone_is_a_heading_with_a_warning(tmp_path):
    lines = [
        "    第一段的第一行文字在这里，排满一行，",
        "第一段的第二行文字在这里，排满一行，也",
        "是第一段的最后一行。",
        "",
        "    工作成效",
        "",
        "    第二段的第一行文字在这里，排满一行，",
        "第二段的第二行文字在这里，排满一行，也",
        "是第二段的最后一行。",
    ]
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_pages([path])
    assert [type(b).__name__ for b in result.article.blocks] == ["Paragraph", "Heading", "Paragraph"]
    warnings = [str(w) for w in result.warnings]
    assert any("page.txt:5:5: warning: a short line standing alone was taken as a heading" in w and "工作成效" in w
               for w in warnings)


def test_typed_text_indented_with_ideographic_spaces(tmp_path):
    path = tmp_path / "typed.txt"
    path.write_text("\u3000\u3000第一段第一行，文字排满了整整一行的宽度，\n接着是第一段的第二行。\n"
                    "\u3000\u3000第二段第一行，文字排满了整整一行的宽度，\n接着是第二段的第二行。\n"
                    "\u3000\u3000第三段只有一行。\n", encoding="utf-8")
    result = import_pages([path])
    assert [b.text for b in result.article.blocks] == [
        "第一段第一行，文字排满了整整一行的宽度，接着是第一段的第二行。",
        "第二段第一行，文字排满了整整一行的宽度，接着是第二段的第二行。",
        "第三段只有一行。",
    ]


def test_a_hyphen_at_a_line_end_is_kept_and_reported(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_text("    The importer keeps every word of a well-\nknown compound intact when a line ends in a\n"
                    "hyphen, and says so in a warning.\n    Next paragraph starts here.\n", encoding="utf-8")
    result = import_pages([path])
    assert [b.text for b in result.article.blocks] == [
        "The importer keeps every word of a well-known compound intact when a line ends in a hyphen, "
        "and says so in a warning.",
        "Next paragraph starts here.",
    ]
    assert any("hyphen" in str(w) and "'well-known'" in str(w) for w in result.warnings)
