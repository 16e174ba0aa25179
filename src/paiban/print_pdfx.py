"""Declaring a print build PDF/X: the output intent with its profile, the version keys, XMP.

ReportLab writes what PDF/X asks of the page content (embedded fonts, CMYK only, TrimBox and
BleedBox on every page, /Trapped /False, a document /ID, dates from SOURCE_DATE_EPOCH or fixed in
invariant mode) but has no API for a catalog /OutputIntents entry or for extra Info keys. Those are
added afterwards with PyMuPDF, which a print build has loaded anyway for preflight, through its
public object API (new objects, keys set on the catalog and Info dictionary, the XMP packet), and
saved without a new /ID, so the same input still gives the same bytes.

The version strings are those of ISO 15930: PDF/X-4 (ISO 15930-7:2010) and PDF/X-1a:2003
(ISO 15930-4), whose Info dictionary also names the conformance level.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from html import escape as _html_escape

import pymupdf

#: What each `print.pdfx` setting writes: (GTS_PDFXVersion, GTS_PDFXConformance or None).
VERSIONS: dict[str, tuple[str, str | None]] = {
    "x4": ("PDF/X-4", None),
    "x1a": ("PDF/X-1:2003", "PDF/X-1a:2003"),
}


@dataclass(frozen=True, slots=True)
class Intent:
    """The output intent: the press condition (the profile's name) and the profile itself."""

    condition: str
    profile: bytes


def escape(text: str) -> str:
    """Text for an XML element's content (quotes need no escaping there)."""
    return _html_escape(text, quote=False)


def _pdf_text(text: str) -> str:
    """A PDF literal string; non-ASCII as UTF-16BE with a byte-order mark."""
    if text.isascii():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _xmp_date(pdf_date: str) -> str:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') as XMP writes it (YYYY-MM-DDTHH:mm:SS+HH:mm)."""
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+\-Z])?(\d{2})?'?(\d{2})?", pdf_date)
    if not m:
        return "2000-01-01T00:00:00Z"
    y, mo, d, h, mi, s, sign, oh, om = m.groups()
    zone = "Z" if sign in (None, "Z") or (oh in (None, "00") and om in (None, "00")) \
        else f"{sign}{oh}:{om or '00'}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _xmp(version: str, conformance: str | None, info: dict[str, str], document_id: str) -> str:
    """The XMP packet PDF/X-4 requires (and PDF/X-1a allows), from the Info dictionary's values."""
    created = _xmp_date(info.get("creationDate", ""))
    modified = _xmp_date(info.get("modDate", "")) if info.get("modDate") else created
    conformance_line = (f"\n   <pdfxid:GTS_PDFXConformance>{escape(conformance)}</pdfxid:GTS_PDFXConformance>"
                        if conformance else "")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.get("title", ""))}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(info.get("author", ""))}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{modified}</xmp:ModifyDate>
   <xmp:MetadataDate>{modified}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(info.get("creator", ""))}</xmp:CreatorTool>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdf:Producer>{escape(info.get("producer", ""))}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfxid:GTS_PDFXVersion>{escape(version)}</pdfxid:GTS_PDFXVersion>{conformance_line}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _uuid_of(trailer_id: str) -> str:
    """A UUID-shaped form of the first /ID string (32 hex digits), stable for the same file."""
    digits = (re.findall(r"[0-9A-Fa-f]{32}", trailer_id) or ["0" * 32])[0].lower()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def declare_pdfx(pdf: bytes, pdfx: str, intent: Intent) -> bytes:
    """The PDF with its PDF/X output intent, version keys and XMP; `pdfx` is x4 or x1a."""
    version, conformance = VERSIONS[pdfx]
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        profile = doc.get_new_xref()
        doc.update_object(profile, "<< /N 4 >>")
        # deflated here at zlib's fastest level: MuPDF's own compression of a 190 KB lookup-table
        # profile takes three times as long (40 ms) for a file 0.5 % smaller
        doc.update_stream(profile, zlib.compress(intent.profile, 1), compress=False)
        doc.xref_set_key(profile, "Filter", "/FlateDecode")
        condition = _pdf_text(intent.condition)
        output_intent = doc.get_new_xref()
        doc.update_object(output_intent, (
            f"<< /Type /OutputIntent /S /GTS_PDFX /OutputCondition {condition} "
            f"/OutputConditionIdentifier {condition} /Info {condition} "
            f"/RegistryName (http://www.color.org) /DestOutputProfile {profile} 0 R >>"))
        doc.xref_set_key(doc.pdf_catalog(), "OutputIntents", f"[{output_intent} 0 R]")
        kind, info_ref = doc.xref_get_key(-1, "Info")
        if kind == "xref":
            info = int(info_ref.split()[0])
            doc.xref_set_key(info, "GTS_PDFXVersion", _pdf_text(version))
            if conformance:
                doc.xref_set_key(info, "GTS_PDFXConformance", _pdf_text(conformance))
            doc.xref_set_key(info, "Trapped", "/False")
        _, trailer_id = doc.xref_get_key(-1, "ID")
        doc.set_xml_metadata(_xmp(version, conformance, doc.metadata or {}, _uuid_of(trailer_id)))
        return doc.tobytes(no_new_id=True)
