"""Hostile inputs: images and PDFs made to crash, hang or exhaust memory are clear errors (exit 2).

Every file is made here from a few bytes: PDFs are written by hand with a correct cross-reference
table, the compression bomb as repeated deflate blocks (1 MB on disk, 1 GiB inflated). Each case
runs through the command line with a generous time-out (a guard against hangs, not a speed test)
and checks the exit status, the message, that no traceback is printed and that nothing is written.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

TIMEOUT = 60  # s: a hang guard only

# --------------------------------------------------------------------------- hand-made PDFs

CONTENT = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (object n is objects[n-1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (entries, len(data)) + data + b"\nendstream"


def page(extra: bytes = b"", resources: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R %s"
            b"/Resources << /Font << /F1 5 0 R >> %s>> >>" % (extra, resources))


def one_page(extra: bytes = b"", resources: bytes = b"", content: bytes = CONTENT,
             more: tuple[bytes, ...] = ()) -> bytes:
    """Objects 1–5 are catalog, pages, page, contents, font; `more` are objects 6…"""
    return pdf([CATALOG, ONE_PAGE, page(extra, resources), stream(b"", content), FONT, *more])


def inflating_to(size: int, head: bytes) -> bytes:
    """zlib data of `head` then `size` spaces, made without compressing `size` bytes: after a full
    flush a deflate block of a megabyte of spaces is the same bytes every time."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    megabyte = b" " * (1 << 20)
    first = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(megabyte) + squeeze.flush(zlib.Z_FULL_FLUSH)
    end = squeeze.flush()
    check = zlib.adler32(head)
    for _ in range(size >> 20):
        check = zlib.adler32(megabyte, check)
    return b"\x78\xda" + first + block * (size >> 20) + end + struct.pack(">I", check)


def cycle() -> bytes:
    # Object 6, a kid of the root, lists the root among its own kids.
    return pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>", page(), stream(b"", CONTENT), FONT,
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])


def huge_count() -> bytes:
    return pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>", page(), stream(b"", CONTENT), FONT])


def too_many_pages() -> bytes:
    """10,001 pages sharing one contents stream, under a root that claims one page."""
    objects = [CATALOG, b"", page(), stream(b"", CONTENT), FONT]
    objects += [page()] * 10_000
    kids = b" ".join(b"%d 0 R" % n for n in [3, *range(6, 10_006)])
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>"
    return pdf(objects)


def huge_image() -> bytes:
    image = stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                   b"/BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(bytes(3000)))
    return one_page(resources=b"/XObject << /Im1 6 0 R >> ",
                    content=CONTENT + b" q 200 0 0 200 100 100 cm /Im1 Do Q", more=(image,))


def deep_array() -> bytes:
    return one_page(extra=b"/Deep 6 0 R ", more=(b"[" * 100_000 + b"]" * 100_000,))


def deep_dictionary() -> bytes:
    return one_page(extra=b"/Deep 6 0 R ", more=(b"<< /A " * 100_000 + b"1" + b" >>" * 100_000,))


def deep_contents() -> bytes:
    return one_page(content=CONTENT + b"\n" + b"[" * 100_000 + b"]" * 100_000 + b" pop\n")


def compression_bomb() -> bytes:
    data = inflating_to(1 << 30, CONTENT + b"\n")
    return pdf([CATALOG, ONE_PAGE, page(), stream(b"/Filter /FlateDecode", data), FONT])


def encrypted() -> bytes:
    with pymupdf.open(stream=one_page(), filetype="pdf") as doc:
        return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")


HOSTILE_PDFS = {
    "cycle": (cycle, "the page tree has a cycle: object 2 is reached twice"),
    "huge count": (huge_count, "the page tree declares 2,147,483,647 pages; paiban reads at most 10,000 pages"),
    "10,001 pages": (too_many_pages, "the PDF has more than 10,000 pages; paiban reads at most 10,000"),
    "huge image": (huge_image, "image object 6 is declared 100,000 × 100,000 pixels (10,000 megapixels); "
                               "paiban reads images of at most 300 megapixels"),
    "deep array": (deep_array, "object 6 of the PDF cannot be read ("),
    "deep dictionary": (deep_dictionary, "object 6 of the PDF cannot be read ("),
    "deep contents": (deep_contents, "the page contents in object 4 nest arrays or dictionaries more than 100 deep"),
    "compression bomb": (compression_bomb, "stream object 4 inflates to more than 128 MiB; "
                                           "paiban reads streams of at most 128 MiB"),
}

COMMANDS = {
    "preflight": [],
    "impose": ["-o", "out.pdf"],
    "import": ["-o", "out.md"],
}


def paiban(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT, env={**os.environ, "PAIBAN_CACHE_DIR": str(cwd / ".cache")})


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def error_lines(stderr: str, name: str) -> list[str]:
    """The error lines paiban printed (MuPDF may print its own complaints before them)."""
    return [line for line in stderr.splitlines() if line.startswith(f"{name}: error: ")]


def assert_refused(done: subprocess.CompletedProcess, name: str, message: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    (line,) = error_lines(done.stderr, name)
    assert line.startswith(f"{name}: error: {message}"), line


@pytest.fixture(scope="module")
def hostile_pdfs() -> dict[str, bytes]:
    return {case: make() for case, (make, _) in HOSTILE_PDFS.items()}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", HOSTILE_PDFS)
def test_a_hostile_pdf_is_refused_naming_the_problem(tmp_path, hostile_pdfs, case, command):
    (tmp_path / "bad.pdf").write_bytes(hostile_pdfs[case])
    before = files(tmp_path)
    done = paiban(tmp_path, command, "bad.pdf", *COMMANDS[command])
    assert_refused(done, "bad.pdf", HOSTILE_PDFS[case][1])
    assert files(tmp_path) == before  # no output, nothing else touched


def test_the_compression_bomb_file_is_small_and_really_a_bomb():
    data = compression_bomb()
    assert len(data) < 1_200_000
    start = data.index(b"stream\n") + 7
    inflater = zlib.decompressobj()
    out = inflater.decompress(data[start:start + 200_000], 300 << 20)
    assert len(out) > 128 << 20  # a fifth of the file is already past the limit


def test_an_encrypted_pdf_given_to_impose_asks_for_a_password(tmp_path):
    (tmp_path / "locked.pdf").write_bytes(encrypted())
    before = files(tmp_path)
    done = paiban(tmp_path, "impose", "locked.pdf", "-o", "out.pdf")
    assert_refused(done, "locked.pdf", "the PDF is encrypted and needs a password")
    assert "hint: save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and impose that" in done.stderr
    assert files(tmp_path) == before


def test_a_sound_pdf_still_passes_the_limits(tmp_path):
    """The checks refuse the hostile files only: the same one-page PDF without the trap imposes."""
    (tmp_path / "good.pdf").write_bytes(one_page())
    done = paiban(tmp_path, "impose", "good.pdf", "-o", "out.pdf")
    assert done.returncode == 0, done.stderr
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        assert doc.page_count == 2


@pytest.mark.parametrize("pages, message", [
    ("1" * 5000, "--pages '" + "1" * 5000 + "' asks for pages the file does not have (it has 1)"),
    (",".join(["1"] * 10_001), "--pages '" + ",".join(["1"] * 10_001) + "' asks for more than 10,000 pages"),
])
def test_import_page_ranges_are_limited(tmp_path, pages, message):
    (tmp_path / "one.pdf").write_bytes(one_page())
    before = files(tmp_path)
    done = paiban(tmp_path, "import", "one.pdf", "--pages", pages, "-o", "out.md")
    assert_refused(done, "one.pdf", message)
    assert files(tmp_path) == before


# --------------------------------------------------------------------------- impose progress


def long_pdf(pages: int) -> bytes:
    objects = [CATALOG, b"", page(), stream(b"", CONTENT), FONT] + [page()] * (pages - 1)
    kids = b" ".join(b"%d 0 R" % n for n in [3, *range(6, pages + 5)])
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    return pdf(objects)


def test_impose_of_a_long_pdf_draws_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    (tmp_path / "long.pdf").write_bytes(long_pdf(60))
    done = paiban(tmp_path, "impose", "long.pdf", "-o", "out.pdf")
    assert done.returncode == 0, done.stderr
    assert "imposing" not in done.stderr and "━" not in done.stderr and "\x1b" not in done.stderr


def test_impose_of_a_long_pdf_draws_a_bar_on_a_terminal(tmp_path):
    (tmp_path / "long.pdf").write_bytes(long_pdf(60))
    (tmp_path / "short.pdf").write_bytes(long_pdf(50))
    assert "imposing" in _stderr_on_a_terminal(tmp_path, "long.pdf")
    assert "imposing" not in _stderr_on_a_terminal(tmp_path, "short.pdf")  # 50 pages: no bar


def _stderr_on_a_terminal(cwd: Path, name: str) -> str:
    import pty

    main, side = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "paiban", "impose", name, "-o", "out.pdf"], cwd=cwd,
                              stdout=subprocess.PIPE, stderr=side, timeout=TIMEOUT,
                              env={**os.environ, "PAIBAN_CACHE_DIR": str(cwd / ".cache"), "TERM": "xterm"})
    finally:
        os.close(side)
    assert done.returncode == 0
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal is closed once everything was read
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    return seen.decode("utf-8", "replace")


# --------------------------------------------------------------------------- images in articles

ARTICLE = "---\ntitle: 图文\n---\n\n正文一段。\n\n![图1 说明]({path})\n\n正文二段。\n"
PATH_COLUMN = len("![图1 说明](") + 1  # the image path starts here on line 7


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds one row: Pillow reads the size from the header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(width + 1))) \
        + chunk(b"IEND", b"")


def cut_short(path: Path, kind: str) -> None:
    Image.effect_noise((64, 48), 60).convert("RGB").save(path, kind)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def build_with_image(tmp_path: Path, name: str) -> subprocess.CompletedProcess:
    (tmp_path / "a.md").write_text(ARTICLE.format(path=name), encoding="utf-8")
    return paiban(tmp_path, "build", "a.md", "-o", "out.pdf")


def assert_image_refused(tmp_path: Path, name: str, message: str, hint: str) -> None:
    before = files(tmp_path)
    done = build_with_image(tmp_path, name)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.stderr.splitlines()[:2] == [
        f"a.md:7:{PATH_COLUMN}: error: the figure image {name} cannot be read: {message}", f"  hint: {hint}"]
    after = files(tmp_path)
    after.pop("a.md")
    before.pop("a.md", None)
    assert after == before  # no PDF, nothing else touched


SCALE_DOWN = "scale the image down: 300 pixels per inch at its printed size is enough for print"


def test_a_decompression_bomb_image_is_refused_by_its_pixel_count(tmp_path):
    # 10 gigapixels: past twice Pillow's threshold, where Pillow itself refuses to open it.
    (tmp_path / "bomb.png").write_bytes(png_header(100_000, 100_000))
    assert_image_refused(tmp_path, "bomb.png", "10,000.0 megapixels is more than the 89.5 megapixels "
                         "(89,478,485 pixels) paiban reads", SCALE_DOWN)


def test_an_image_past_the_limit_but_below_pillows_refusal_is_refused_too(tmp_path):
    # 100 megapixels: Pillow only warns (DecompressionBombWarning); paiban's limit is the warning's.
    (tmp_path / "large.png").write_bytes(png_header(10_000, 10_000))
    assert_image_refused(tmp_path, "large.png", "it is 10,000 × 10,000 pixels; 100.0 megapixels is more than "
                         "the 89.5 megapixels (89,478,485 pixels) paiban reads", SCALE_DOWN)


@pytest.mark.parametrize("kind, name", [("JPEG", "cut.jpg"), ("PNG", "cut.png")])
def test_a_cut_short_image_is_refused_before_layout(tmp_path, kind, name):
    """A cut-short JPEG used to be embedded as is (a broken PDF, exit 0), a PNG to fail at render."""
    cut_short(tmp_path / name, kind)
    before = files(tmp_path)
    done = build_with_image(tmp_path, name)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    first, hint = done.stderr.splitlines()[:2]
    assert first.startswith(f"a.md:7:{PATH_COLUMN}: error: the figure image {name} cannot be read: "
                            "the file is cut short (image file is truncated")
    assert hint == "  hint: copy the image again (an interrupted copy or download leaves it cut short)"
    assert not (tmp_path / "out.pdf").exists() and files(tmp_path).keys() == before.keys() | {"a.md"}


def test_a_symlink_loop_as_image_path_is_refused(tmp_path):
    os.symlink("two.jpg", tmp_path / "one.jpg")
    os.symlink("one.jpg", tmp_path / "two.jpg")
    assert_image_refused(tmp_path, "one.jpg", "its path is a loop of symbolic links",
                         "point the path at the image file itself")


def test_an_image_error_in_a_figure_block_points_at_its_image_line(tmp_path):
    cut_short(tmp_path / "cut.jpg", "JPEG")
    (tmp_path / "a.md").write_text("---\ntitle: 图文\n---\n\n正文一段。\n\n```figure\ncaption: 说明\n"
                                   "image:   cut.jpg\n```\n", encoding="utf-8")
    done = paiban(tmp_path, "build", "a.md", "-o", "out.pdf")
    assert done.returncode == 2
    assert done.stderr.startswith("a.md:9:10: error: the figure image cut.jpg cannot be read: the file is cut short")


def test_a_whole_image_is_still_embedded_byte_for_byte(tmp_path):
    Image.effect_noise((64, 48), 60).convert("RGB").save(tmp_path / "ok.jpg", "JPEG")
    done = build_with_image(tmp_path, "ok.jpg")
    assert done.returncode == 0, done.stderr
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        (image,) = doc[0].get_images()
        assert doc.xref_stream_raw(image[0]) == (tmp_path / "ok.jpg").read_bytes()
