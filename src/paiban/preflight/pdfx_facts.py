"""What a PDF declares about PDF/X: version keys, output intents, XMP, and (for X-1a) transparency.

Read once with PyMuPDF into plain values, like `facts`, so the PDF/X check is a pure function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf

from paiban.preflight.pdf_syntax import Name, Ref, parse_object


@dataclass(frozen=True, slots=True)
class OutputIntentFacts:
    """One entry of the catalog's /OutputIntents."""

    subtype: str  # GTS_PDFX for PDF/X
    condition: str  # OutputConditionIdentifier
    profile_components: int | None  # /N of the embedded DestOutputProfile; None: no profile


@dataclass(frozen=True, slots=True)
class PdfxFacts:
    version: str | None = None  # Info /GTS_PDFXVersion
    conformance: str | None = None  # Info /GTS_PDFXConformance
    xmp_version: str | None = None  # pdfxid:GTS_PDFXVersion in the XMP metadata
    trapped: str | None = None  # Info /Trapped: True, False, Unknown
    intents: tuple[OutputIntentFacts, ...] = ()
    has_id: bool = False  # the trailer's /ID
    transparency: tuple[str, ...] = ()  # what in the file is transparent (read for PDF/X-1 only)

    @property
    def declared(self) -> str | None:
        """The PDF/X version the file claims, from Info or XMP."""
        return self.version or self.xmp_version


def _value(doc: pymupdf.Document, xref: int, key: str) -> object:
    kind, text = doc.xref_get_key(xref, key)
    if kind == "null":
        return None
    if kind == "string":
        return text
    return parse_object(text)


def _deref(doc: pymupdf.Document, value: object) -> object:
    if isinstance(value, Ref):
        return parse_object(doc.xref_object(value.xref, compressed=True))
    return value


def _text(value: object) -> str:
    """A PDF string as text (UTF-16 with a byte-order mark, else PDFDocEncoding ≈ Latin-1)."""
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "replace")
        return value.decode("latin-1")
    return "" if value is None else str(value)


def _intents(doc: pymupdf.Document) -> tuple[OutputIntentFacts, ...]:
    entries = _deref(doc, _value(doc, doc.pdf_catalog(), "OutputIntents"))
    out = []
    for entry in entries if isinstance(entries, list) else []:
        intent = _deref(doc, entry)
        if not isinstance(intent, dict):
            continue
        profile = _deref(doc, intent.get("DestOutputProfile"))
        n = profile.get("N") if isinstance(profile, dict) else None
        condition = intent.get("OutputConditionIdentifier")
        out.append(OutputIntentFacts(str(intent.get("S", "")), _text(condition),
                                     n if isinstance(n, int) else None))
    return tuple(out)


_XMP_VERSION = re.compile(r"pdfxid:GTS_PDFXVersion(?:>|=\")([^<\"]+)")


def _dictionaries(value: object, depth: int = 0):
    """Every dictionary in an object, nested ones included (graphics states often sit inline in a
    page's /Resources); indirect references are not followed, each object is read on its own."""
    if depth > 12:
        return
    if isinstance(value, dict):
        yield value
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:
        yield from _dictionaries(child, depth + 1)


def _transparent(obj: dict) -> list[str]:
    found = []
    smask = obj.get("SMask")
    if smask is not None and smask != "None":
        found.append("has a soft mask")
    for key in ("CA", "ca"):
        alpha = obj.get(key)
        if isinstance(alpha, (int, float)) and not isinstance(alpha, bool) and alpha < 1:
            found.append(f"paints at {key} {alpha:g} (partly transparent)")
    blend = obj.get("BM")
    if isinstance(blend, Name) and blend not in ("Normal", "Compatible"):
        found.append(f"uses blend mode {blend}")
    group = obj.get("Group")
    if isinstance(group, dict) and group.get("S") == "Transparency":
        found.append("is a transparency group")
    return found


def _transparency(doc: pymupdf.Document) -> tuple[str, ...]:
    """Soft masks, constant alpha below 1, blend modes and transparency groups, by object."""
    found = []
    for xref in range(1, doc.xref_length()):
        try:
            obj = parse_object(doc.xref_object(xref, compressed=True))
        except (RuntimeError, ValueError):
            continue
        found += [f"object {xref} {what}" for d in _dictionaries(obj) for what in _transparent(d)]
    return tuple(found)


def read_pdfx(doc: pymupdf.Document) -> PdfxFacts:
    kind, info_ref = doc.xref_get_key(-1, "Info")
    info = int(info_ref.split()[0]) if kind == "xref" else None

    def info_text(key: str) -> str | None:
        value = _value(doc, info, key) if info else None
        return str(value) if value is not None else None

    version, conformance = info_text("GTS_PDFXVersion"), info_text("GTS_PDFXConformance")
    match = _XMP_VERSION.search(doc.get_xml_metadata() or "")
    xmp_version = match.group(1) if match else None
    claims_x1 = any(v and v.startswith("PDF/X-1") for v in (version, conformance, xmp_version))
    return PdfxFacts(
        version=version,
        conformance=conformance,
        xmp_version=xmp_version,
        trapped=info_text("Trapped"),
        intents=_intents(doc),
        has_id=doc.xref_get_key(-1, "ID")[0] == "array",
        transparency=_transparency(doc) if claims_x1 else (),
    )
