"""The preflight checks, one function each: facts and options in, a `CheckResult` out.

Every check judges any PDF, not only paiban's. Where a PDF lacks what a check needs (frames for
overset), the check says it was skipped rather than passing silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from paiban.preflight.facts import PageFacts, PdfFacts, Rect, TextSpan
from paiban.preflight.report import FAIL, PASS, SKIP, WARN, CheckResult, Finding, PreflightOptions, collapse
from paiban.style.colors import describe
from paiban.style.model import Color
from paiban.units import PT_PER_MM, ZIHAO

_EPSILON = 0.05  # pt; box comparisons tolerate rounding in the file
_FRAME_SLACK = 1.0  # pt a glyph may stand out of its frame (accents, optical overshoot)


def _mm(pt: float) -> str:
    text = f"{pt / PT_PER_MM:.1f}".rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text} mm"


def _dims(rect: Rect) -> str:
    return f"{_mm(rect[2] - rect[0])[:-3]} × {_mm(rect[3] - rect[1])}"


def _inside(inner: Rect, outer: Rect, slack: float = _EPSILON) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _sample(text: str, limit: int = 20) -> str:
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def _result(name: str, problems: list[tuple[int, str]], ok: str, bad: str,
            status: str = FAIL) -> CheckResult:
    if not problems:
        return CheckResult(name, PASS, ok)
    return CheckResult(name, status, bad, collapse(problems))


def check_fonts(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Every font embedded: a printer substitutes a font it was not given, reflowing nothing but
    changing every glyph."""
    first_page: dict[tuple[str, str, bool], int] = {}
    for page in pdf.pages:
        for font in page.fonts:
            first_page.setdefault((font.name, font.kind, font.embedded), page.number)
    names = {name for name, _, _ in first_page}
    missing = [(p, f"font {name} ({kind}) is not embedded")
               for (name, kind, embedded), p in first_page.items() if not embedded]
    if not names:
        return CheckResult("fonts", PASS, "no fonts")
    every = "the font is" if len(names) == 1 else f"{len(names)} fonts, all"
    return _result("fonts", missing, f"{every} embedded",
                   f"{len({m for _, m in missing})} of {len(names)} fonts not embedded")


def _page_box_problems(page: PageFacts) -> list[str]:
    out = [f"{key} is malformed (not four numbers)" for key in page.malformed]
    if page.trim is None:
        out.append("no TrimBox: the printer cannot know the finished size")
    if page.bleed is None:
        out.append("no BleedBox")
    if page.trim and page.bleed and not _inside(page.trim, page.bleed):
        out.append("TrimBox is not inside the BleedBox")
    for name, box in (("BleedBox", page.bleed), ("TrimBox", page.trim)):
        if box and not _inside(box, page.media):
            out.append(f"{name} reaches beyond the MediaBox")
    return out


def _bleed_width(page: PageFacts) -> float | None:
    if not (page.trim and page.bleed and _inside(page.trim, page.bleed)):
        return None
    t, b = page.trim, page.bleed
    return min(t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3])


def check_boxes(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """TrimBox and BleedBox present and nested (MediaBox ⊇ BleedBox ⊇ TrimBox); bleed wide enough."""
    errors = [(p.number, m) for p in pdf.pages for m in _page_box_problems(p)]
    if errors:
        return CheckResult("page boxes", FAIL, "TrimBox/BleedBox missing or inconsistent",
                           collapse(errors))
    narrow = [(p.number, ("no bleed" if w < _EPSILON else f"bleed is only {_mm(w)}")
                         + ": artwork running off the page would leave a white edge")
              for p in pdf.pages if (w := _bleed_width(p)) is not None
              and w < options.min_bleed - _EPSILON]
    first = pdf.pages[0]
    ok = f"TrimBox {_dims(first.finished)}, bleed {_mm(_bleed_width(first) or 0.0)}"
    return _result("page boxes", narrow, ok, "bleed narrower than " + _mm(options.min_bleed), WARN)


def check_trim_sizes(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Every page the same finished size (the TrimBox, or the MediaBox without one)."""
    first = pdf.pages[0].finished
    size = (first[2] - first[0], first[3] - first[1])
    odd = []
    for page in pdf.pages[1:]:
        r = page.finished
        if abs(r[2] - r[0] - size[0]) > 0.5 or abs(r[3] - r[1] - size[1]) > 0.5:
            odd.append((page.number, f"trim {_dims(r)} differs from {_dims(first)} of page 1"))
    pages = len(pdf.pages)
    ok = f"every page {_dims(first)}" if pages > 1 else f"1 page, {_dims(first)}"
    return _result("trim size", odd, ok, "pages of different sizes")


def _distance_to_trim(box: Rect, trim: Rect) -> tuple[float, str]:
    """The smallest distance from a glyph box to a trim edge (negative: past it), and that edge."""
    return min((box[0] - trim[0], "left"), (box[1] - trim[1], "top"),
               (trim[2] - box[2], "right"), (trim[3] - box[3], "bottom"))


def _too_close(span: TextSpan, trim: Rect, region: Rect, margin: float) -> tuple[float, str] | None:
    """The nearest approach of a span to the trim, when closer than `margin`.

    Characters wholly outside `region` (the BleedBox) are slug and do not count.
    """
    near = [_distance_to_trim(box, trim) for _, box in span.chars if _overlaps(box, region)]
    nearest = min(near, default=None)
    return nearest if nearest is not None and nearest[0] < margin - _EPSILON else None


def check_safe_zone(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """No text within the safe margin of the trim edge, where trimming tolerance can cut it.

    Text wholly outside the BleedBox (a slug line, job information beside the crop marks) is meant
    to be cut off and is not judged.
    """
    margin = options.safe_margin
    if margin <= 0:
        return CheckResult("safe zone", SKIP, "turned off")
    problems = []
    for page in pdf.pages:
        trim = page.finished
        region = page.bleed or trim
        for span in page.text:
            found = _too_close(span, trim, region, margin)
            if found is None:
                continue
            distance, edge = found
            where = (f"{_mm(-distance)} past the {edge} trim edge" if distance < 0
                     else f"{_mm(distance)} from the {edge} trim edge")
            problems.append((page.number, f"text {_sample(span.text)} {where}"))
    return _result("safe zone", problems, f"no text within {_mm(margin)} of the trim",
                   f"text within {_mm(margin)} of the trim edge")


_SPACE_LABEL = {"cmyk": "CMYK", "gray": "gray", "rgb": "RGB", "lab": "Lab", "pattern": "pattern",
                "unknown": "unknown"}


def _space_label(space: str, name: str) -> str:
    if space == "separation":
        return "registration (All)" if name == "All" else f"spot {name}"
    if space == "devicen":
        return f"DeviceN {name}"
    return _SPACE_LABEL.get(space, space)


def check_colour(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """No RGB (DeviceRGB, CalRGB, RGB ICC profiles, RGB images) in a print PDF."""
    totals: dict[str, int] = {}
    problems = []
    for page in pdf.pages:
        rgb: dict[str, int] = {}
        for use, count in page.colours:
            label = _space_label(use.space, use.name)
            totals[label] = totals.get(label, 0) + count
            if use.space == "rgb":
                rgb[use.usage] = rgb.get(use.usage, 0) + count
        if rgb:
            what = ", ".join(f"{n} {usage}" for usage, n in sorted(rgb.items()))
            problems.append((page.number, f"RGB colour painted ({what})"))
    summary = ", ".join(f"{label} ×{n}" for label, n in sorted(totals.items())) or "no colour used"
    status = WARN if options.allow_rgb else FAIL
    return _result("colour", problems, summary, "RGB in a print PDF: " + summary, status)


def _black_text_problem(space: str, name: str, values: tuple[float, ...]) -> str | None:
    """Why text in this colour is not K-only black, when it is meant to look black."""
    if space == "separation" and name == "All":
        return "in registration colour, which prints on every plate"
    if space == "cmyk" and len(values) == 4 and values[3] >= 0.8 and max(values[:3]) > 0:
        return f"in rich black {describe(Color('cmyk', values))}: small type misregisters"
    if space == "rgb" and len(values) == 3 and max(values) <= 0.2:
        return f"in RGB black {describe(Color('rgb', values))}: separates into all four inks"
    return None


def check_black_text(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Black text is pure K (0/0/0/100), not rich black, RGB black or registration.

    Rich black is allowed for display type at or above `options.rich_black_min` (a large area,
    where a slight misregister does not show and K alone would look grey), when that is set.
    """
    counts: dict[tuple[int, str], int] = {}  # runs of one colour at several sizes add up
    large = options.rich_black_min
    for page in pdf.pages:
        for use, count in page.colours:
            if use.usage != "text":
                continue
            if large is not None and use.space == "cmyk" and use.size >= large - 0.05 \
                    and use.values[3:] and use.values[3] >= 0.8:
                continue  # rich black display type: allowed by the style
            why = _black_text_problem(use.space, use.name, use.values)
            if why:
                counts[page.number, why] = counts.get((page.number, why), 0) + count
    problems = [(page, f"{n} text run{'s' if n > 1 else ''} {why}") for (page, why), n in counts.items()]
    return _result("black text", problems, "black text is K only",
                   "black text that is not K only")


def _ink(values: tuple[float, ...], space: str) -> float | None:
    """Total ink of a colour in percent: C+M+Y+K, or the K a grey prints; None for other spaces."""
    if space == "cmyk" and len(values) == 4:
        return sum(values) * 100
    if space == "gray" and len(values) == 1:
        return (1 - values[0]) * 100
    return None


def check_ink(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Total area coverage (C+M+Y+K) of every colour painted and of every image's pixels, against
    the limit: above it ink does not dry on the press, sets off onto the next sheet, and the paper
    cockles.

    Registration colour (/Separation /All, 100 % of every ink) is left out: it marks the trim
    outside the page, where no sheet is kept.
    """
    limit = options.ink_limit
    problems: list[tuple[int, str]] = []
    highest = 0.0
    for page in pdf.pages:
        for use, _count in page.colours:
            ink = _ink(use.values, use.space)
            if ink is None:
                continue
            highest = max(highest, ink)
            if ink > limit + 0.5:
                what = (f"in {describe(Color('cmyk', use.values))} =" if use.space == "cmyk"
                        else "at")
                problems.append((page.number, f"{use.usage} {what} {ink:.0f} % ink"))
        for image in page.images:
            if image.ink is None:
                continue
            highest = max(highest, image.ink)
            if image.ink > limit + 0.5:
                problems.append((page.number, f"{image.label} reaches {image.ink:.0f} % ink"))
    return _result("ink", problems, f"at most {highest:.0f} % (limit {limit} %)",
                   f"total ink above {limit} %")


def _k_black(use) -> bool:
    return use.space == "cmyk" and len(use.values) == 4 and use.values[3] >= 0.999 \
        and max(use.values[:3]) == 0


def check_overprint(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Black (K-only) text set to overprint, so that a plate a hair out of register shows no white
    halo around the letters. A warning: many RIPs overprint black themselves."""
    problems = []
    black = 0
    for page in pdf.pages:
        knockout = sum(n for use, n in page.colours if use.usage == "text" and _k_black(use)
                       and not use.overprint)
        black += sum(n for use, n in page.colours if use.usage == "text" and _k_black(use))
        if knockout:
            runs = "1 black text run knocks" if knockout == 1 else f"{knockout} black text runs knock"
            problems.append((page.number, f"{runs} out what lies below"))
    if not black:
        return CheckResult("overprint", PASS, "no black text")
    return _result("overprint", problems, "black text overprints", "black text does not overprint",
                   WARN)


#: PDF/X versions the check knows, by the `pdfx` option of a print build.
_PDFX = {"x4": "PDF/X-4", "x1a": "PDF/X-1:2003"}


def _pdfx_problems(pdf: PdfFacts, declared: str) -> list[str]:
    facts = pdf.pdfx
    out = []
    x1 = declared.startswith("PDF/X-1")
    if x1 and not (facts.conformance or "").startswith("PDF/X-1a"):
        out.append("no GTS_PDFXConformance (PDF/X-1a:2003) in the Info dictionary")
    if declared.startswith("PDF/X-4") and facts.xmp_version != declared:
        out.append("the XMP metadata does not state pdfxid:GTS_PDFXVersion " + declared)
    if facts.trapped not in ("True", "False"):
        out.append(f"/Trapped is {facts.trapped or 'missing'}: it must be True or False")
    if not facts.has_id:
        out.append("no document /ID in the trailer")
    pdfx = [i for i in facts.intents if i.subtype == "GTS_PDFX"]
    if not pdfx:
        out.append("no GTS_PDFX output intent: the press condition is not named")
    elif pdfx[0].profile_components is None and not pdfx[0].condition:
        out.append("the output intent has neither an embedded profile nor a registered condition")
    elif pdfx[0].profile_components not in (None, 4):
        out.append(f"the output intent's profile has {pdfx[0].profile_components} components, not CMYK")
    if x1 and facts.transparency:
        out.append(f"transparency, which PDF/X-1a forbids: {facts.transparency[0]}"
                   + (f" (and {len(facts.transparency) - 1} more)" if len(facts.transparency) > 1 else ""))
    rgb = sorted({p.number for p in pdf.pages for use, _ in p.colours if use.space == "rgb"})
    if rgb:
        out.append(f"RGB colour on {len(rgb)} page{'s' if len(rgb) > 1 else ''}")
    unembedded = sorted({f.name for p in pdf.pages for f in p.fonts if not f.embedded})
    if unembedded:
        out.append(f"fonts not embedded: {', '.join(unembedded)}")
    return out


def check_pdfx(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """The PDF/X the file declares, with what that standard asks: version keys (and XMP for X-4),
    /Trapped, a document ID, a CMYK output intent, no RGB, fonts embedded, and for X-1a no
    transparency. A PDF that declares none is skipped, unless a print build asked for PDF/X."""
    wanted = _PDFX.get(options.pdfx or "")
    declared = pdf.pdfx.declared
    if declared is None:
        if wanted:
            return CheckResult("PDF/X", FAIL, f"{wanted} was asked for but the PDF declares no PDF/X",
                               (Finding((), "no GTS_PDFXVersion in the Info dictionary or XMP"),))
        return CheckResult("PDF/X", SKIP, "the PDF declares no PDF/X version")
    problems = _pdfx_problems(pdf, declared)
    if wanted and declared != wanted:
        problems.insert(0, f"declares {declared}, but {wanted} was asked for")
    name = pdf.pdfx.conformance if declared.startswith("PDF/X-1") and pdf.pdfx.conformance else declared
    if problems:
        return CheckResult("PDF/X", FAIL, f"{name} declared but not met",
                           tuple(Finding((), m) for m in problems))
    intent = next((i.condition for i in pdf.pdfx.intents if i.subtype == "GTS_PDFX"), "")
    return CheckResult("PDF/X", PASS, f"{name}, output intent {intent}")


def _size_name(size: float) -> str:
    names = [name for name, pt in ZIHAO.items() if abs(pt - size) < 0.01]
    return f"{size:g} pt ({names[0]})" if names else f"{size:.3g} pt"


def check_text_size(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """The smallest text size; text below the minimum cannot be printed legibly."""
    spans = [(span.size, page.number, span.text) for page in pdf.pages for span in page.text]
    if not spans:
        return CheckResult("text size", PASS, "no text")
    smallest = min(size for size, _, _ in spans)
    small = [(p, f"text {_sample(t)} at {_size_name(s)}") for s, p, t in spans
             if s < options.min_text_size - 0.01]
    return _result("text size", small, f"smallest {_size_name(smallest)}",
                   f"text below {options.min_text_size:g} pt (smallest {_size_name(smallest)})")


def check_images(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Images at no less than the minimum resolution at the size they are placed."""
    images = [(page.number, image) for page in pdf.pages for image in page.images]
    if not images:
        return CheckResult("images", PASS, "no images")
    low = [(p, f"image {i.pixels[0]} × {i.pixels[1]} px placed at {_mm(i.placed[0])[:-3]} × "
               f"{_mm(i.placed[1])}: {i.ppi:.0f} ppi")
           for p, i in images if i.ppi < options.min_image_ppi - 0.5]
    lowest = min(i.ppi for _, i in images)
    count = f"{len(images)} image{'s' if len(images) > 1 else ''}"
    return _result("images", low, f"{count}, lowest {lowest:.0f} ppi",
                   f"images below {options.min_image_ppi:g} ppi")


def _frames_of(page: PageFacts) -> tuple[Rect, ...] | None:
    """Where text belongs: paiban's recorded frames, else the ArtBox, else unknown."""
    if page.frames is not None:
        return page.frames
    return (page.art,) if page.art else None


def _outside(span: TextSpan, trim: Rect, frames: Iterable[Rect]) -> str:
    grown = [(f[0] - _FRAME_SLACK, f[1] - _FRAME_SLACK, f[2] + _FRAME_SLACK, f[3] + _FRAME_SLACK)
             for f in frames]
    out = []
    for c, box in span.chars:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        on_page = trim[0] <= x <= trim[2] and trim[1] <= y <= trim[3]
        if on_page and not any(f[0] <= x <= f[2] and f[1] <= y <= f[3] for f in grown):
            out.append(c)
    return "".join(out)


def check_overset(pdf: PdfFacts, options: PreflightOptions) -> CheckResult:
    """Text on the page outside every frame: set text that ran out of the place made for it.

    paiban records each page's frames in the PDF; for other PDFs the ArtBox stands for the one
    frame. Without either the check is skipped, since nothing says where text belongs.
    """
    judged = [(page, frames) for page in pdf.pages if (frames := _frames_of(page)) is not None]
    if not judged:
        return CheckResult("overset", SKIP,
                           "no frames recorded (only paiban PDFs, or PDFs with an ArtBox, say "
                           "where text belongs)")
    problems = []
    for page, frames in judged:
        for span in page.text:
            text = _outside(span, page.finished, frames)
            if text:
                problems.append((page.number, f"text {_sample(text)} outside every frame"))
    count = sum(len(frames) for _, frames in judged)
    return _result("overset", problems, f"all text inside its frames ({count} on {len(judged)} "
                   f"page{'s' if len(judged) > 1 else ''})", "text outside every frame")


#: What to do about a failing or warning check, for any PDF (a print build's own advice, which
#: names style keys, is `paiban.preflight.FIXES`).
WHAT_TO_DO = {
    "fonts": "embed every font when exporting the PDF",
    "page boxes": "export with bleed (3 mm) and the TrimBox and BleedBox set",
    "trim size": "give every page one finished size",
    "safe zone": "keep text at least the safe margin inside the trim",
    "colour": "for an RGB image: build with --print to convert it, or convert it to CMYK yourself; "
              "give colours as CMYK",
    "black text": "set black text in 100 % K alone",
    "overprint": "set K-only black text to overprint (paiban build --print does)",
    "ink": "lower the ink: convert images with a profile whose total ink stays under the limit, and "
           "give dark colours less C+M+Y",
    "text size": "set no text below the minimum size",
    "images": "use images with more pixels, or place them smaller",
    "overset": "make room for the text outside its frames, or shorten it",
    "PDF/X": "export as PDF/X-4 or PDF/X-1a with the print shop's output intent (paiban build --print "
             "writes PDF/X-4)",
}

#: The checks in the order the table lists them.
CHECKS: tuple[Callable[[PdfFacts, PreflightOptions], CheckResult], ...] = (
    check_fonts, check_boxes, check_trim_sizes, check_safe_zone, check_colour, check_black_text,
    check_overprint, check_ink, check_text_size, check_images, check_overset, check_pdfx,
)
