"""The content-stream reader preflight uses for colours, and colour-space classification."""

from __future__ import annotations

import pymupdf
import pytest

from paiban.preflight.colour_scan import ColourUse, Resources, classify, scan_page
from paiban.preflight.pdf_syntax import InlineImage, Name, Ref, parse, parse_object


def test_operands_and_operators() -> None:
    assert list(parse(b"q 1 0 0 rg /CS0 cs .5 -2 scn f* Q")) == [
        "q", 1, 0, 0, "rg", "CS0", "cs", 0.5, -2, "scn", "f*", "Q"]


def test_strings_with_parentheses_escapes_and_hex() -> None:
    tokens = list(parse(rb"[(a\)b(c)) -120 <4142 4> (\\)] TJ"))
    assert tokens == [[b"a\\)b(c)", -120, b"AB@", b"\\\\"], "TJ"]


def test_comments_and_names_with_escapes() -> None:
    tokens = list(parse(b"% a comment 1 0 0 rg\n/Sep#20One CS"))
    assert tokens == ["Sep One", "CS"]
    assert isinstance(tokens[0], Name)


def test_inline_image_data_is_skipped() -> None:
    tokens = list(parse(b"q BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x00rg\xffEIx\x01 EI Q"))
    assert tokens == ["q", InlineImage({"W": 2, "H": 1, "CS": "RGB", "BPC": 8}), "Q"]


def test_objects_as_pymupdf_prints_them() -> None:
    assert parse_object("[/ICCBased 7 0 R]") == ["ICCBased", Ref(7)]
    assert parse_object("12 0 R") == Ref(12)
    assert parse_object("<< /N 3 /Range [0 1 0 1] /Alt /DeviceRGB >>") == {
        "N": 3, "Range": [0, 1, 0, 1], "Alt": "DeviceRGB"}
    assert parse_object("[0 0 595.3 841.9]") == [0, 0, 595.3, 841.9]


@pytest.fixture
def doc():
    doc = pymupdf.open()
    page = doc.new_page()
    icc = doc.get_new_xref()
    doc.update_object(icc, "<< /N 3 >>")
    doc.update_stream(icc, b"\x00" * 16)
    resources = (f"<< /ColorSpace << /P [/ICCBased {icc} 0 R] /IndexedRGB [/Indexed /DeviceRGB 1 <000000ffffff>] "
                 f"/Spot [/Separation /PANTONE#20186#20C /DeviceCMYK 0 0 R] >> >>")
    doc.xref_set_key(page.xref, "Resources", resources)
    return doc, page


def test_colour_spaces_resolve_to_what_they_are(doc) -> None:
    d, page = doc
    res = Resources(d, page.xref)
    assert classify(Name("DeviceCMYK"), res) == ("cmyk", "DeviceCMYK")
    assert classify(Name("P"), res)[0] == "rgb"  # ICC profile with three components
    assert classify(Name("IndexedRGB"), res) == ("rgb", "DeviceRGB")
    assert classify(Name("Spot"), res) == ("separation", "PANTONE 186 C")
    assert classify(Name("Missing"), res) == ("unknown", "Missing")


def test_only_colours_that_paint_are_counted(doc) -> None:
    d, page = doc
    content = d.get_new_xref()
    d.update_object(content, "<<>>")
    d.update_stream(content, b"1 0 0 rg 0 0 0 1 k 0 0 10 10 re f q /P cs 0 1 0 sc 0 0 5 5 re f Q "
                             b"0 0 5 5 re f BT 3 Tr (x) Tj 0 Tr /Spot cs 1 sc (y) Tj ET")
    d.xref_set_key(page.xref, "Contents", f"{content} 0 R")
    uses = scan_page(d, page)
    assert uses == {
        ColourUse("cmyk", "fill", (0.0, 0.0, 0.0, 1.0), "DeviceCMYK"): 2,
        ColourUse("rgb", "fill", (0.0, 1.0, 0.0), "ICCBased/3"): 1,
        ColourUse("separation", "text", (1.0,), "PANTONE 186 C"): 1,
    }


def test_resources_inherited_from_the_page_tree() -> None:
    from paiban.preflight.colour_scan import page_resources

    d = pymupdf.open()
    page = d.new_page()
    pages = int(d.xref_get_key(page.xref, "Parent")[1].split()[0])
    d.xref_set_key(pages, "Resources", "<< /ColorSpace << /Y /DeviceRGB >> >>")
    d.xref_set_key(page.xref, "Resources", "null")
    assert classify(Name("Y"), page_resources(d, d[0])) == ("rgb", "DeviceRGB")
