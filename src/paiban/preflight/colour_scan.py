"""Which colour spaces a page really paints with: its content streams, read operator by operator.

Every painting operator (text shown, paths filled or stroked, images, shadings) is counted with the
colour it paints in, as a `ColourUse`; colours that are set but never used do not count. Form
XObjects are followed with their own resources. Colour spaces named in resources are resolved to
what they are (an ICCBased profile with 3 components is RGB, an Indexed space is its base space,
/Separation /All is registration colour).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pymupdf

from paiban.preflight.pdf_syntax import InlineImage, Name, Operator, Ref, parse, parse_object

#: Forms inside forms deeper than this are not followed (real files nest two or three levels).
MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class ColourUse:
    """One colour as painted: its space, what painted it, and its components when known."""

    space: str  # gray | rgb | cmyk | separation | devicen | lab | pattern | unknown
    usage: str  # text | fill | stroke | image | shading
    values: tuple[float, ...] = ()
    name: str = ""  # colorant of a separation (All is registration), or the space as written
    overprint: bool = False  # painted with fill overprint on and overprint mode 1 (zero inks keep what is below)
    size: float = 0.0  # text: the size it is shown at, pt (font size × text and user space scale)


_DEVICE = {"DeviceGray": "gray", "G": "gray", "CalGray": "gray", "DeviceRGB": "rgb", "RGB": "rgb",
           "CalRGB": "rgb", "DeviceCMYK": "cmyk", "CMYK": "cmyk", "Lab": "lab", "Pattern": "pattern"}
_ICC = {1: "gray", 3: "rgb", 4: "cmyk"}


class Resources:
    """Named resources of a page or form, falling back to the enclosing scope (inherited resources)."""

    def __init__(self, doc: pymupdf.Document, xref: int, parent: Resources | None = None):
        self.doc, self.xref, self.parent = doc, xref, parent

    def lookup(self, category: str, name: str) -> object:
        """The resource as written: a value, or a `Ref` to it; None when no scope has it."""
        kind, value = self.doc.xref_get_key(self.xref, f"Resources/{category}/{name}")
        if kind == "null":
            return self.parent.lookup(category, name) if self.parent else None
        return parse_object(value)

    def get(self, category: str, name: str) -> object:
        return self.deref(self.lookup(category, name))

    def deref(self, value: object) -> object:
        """An indirect object's value (a stream's dictionary), or the value itself."""
        for _ in range(MAX_DEPTH):
            if not isinstance(value, Ref):
                return value
            value = parse_object(self.doc.xref_object(value.xref, compressed=True))
        return None


def page_resources(doc: pymupdf.Document, page: pymupdf.Page) -> Resources:
    """The page's resource scope, following /Parent when the page inherits its resources."""
    xref = page.xref
    for _ in range(MAX_DEPTH):
        if doc.xref_get_key(xref, "Resources")[0] != "null":
            break
        kind, parent = doc.xref_get_key(xref, "Parent")
        if kind != "xref":
            break
        xref = int(parent.split()[0])
    return Resources(doc, xref)


def classify(space: object, res: Resources, depth: int = 0) -> tuple[str, str]:
    """(kind, name) of a colour space given as a name or an array."""
    space = res.deref(space)
    if depth > MAX_DEPTH:
        return "unknown", ""
    if isinstance(space, Name):
        if space in _DEVICE:
            return _DEVICE[space], str(space)
        found = res.get("ColorSpace", space)
        return classify(found, res, depth + 1) if found is not None else ("unknown", str(space))
    if not isinstance(space, list) or not space or not isinstance(space[0], Name):
        return "unknown", ""
    family = str(space[0])
    if family == "ICCBased" and len(space) > 1:
        info = res.deref(space[1])
        n = info.get("N") if isinstance(info, dict) else None
        return _ICC.get(n, "unknown"), f"ICCBased/{n}"
    if family in ("Indexed", "I") and len(space) > 1:
        return classify(space[1], res, depth + 1)
    if family == "Separation" and len(space) > 1:
        return "separation", str(space[1])
    if family == "DeviceN" and len(space) > 1:
        names = res.deref(space[1])
        return "devicen", " ".join(str(n) for n in names) if isinstance(names, list) else ""
    return _DEVICE.get(family, "unknown"), family


def scan_page(doc: pymupdf.Document, page: pymupdf.Page) -> Counter[ColourUse]:
    """Every colour use on the page, counted."""
    scanner = _Scanner(doc)
    scanner.run(page.read_contents(), page_resources(doc, page), 0)
    return scanner.uses


_Colour = tuple[str, str, tuple[float, ...]]  # kind, name, components
_INITIAL = {"gray": (0.0,), "rgb": (0.0, 0.0, 0.0), "cmyk": (0.0, 0.0, 0.0, 1.0), "lab": (0.0, 0.0, 0.0),
            "separation": (1.0,)}
_TEXT = {"Tj", "TJ", "'", '"'}
_FILL_TEXT_MODES = {0, 2, 4, 6}
_STROKE_TEXT_MODES = {1, 2, 5, 6}
_PAINT = {"f": (True, False), "F": (True, False), "f*": (True, False), "S": (False, True),
          "s": (False, True), "B": (True, True), "B*": (True, True), "b": (True, True),
          "b*": (True, True)}
_SET = {"g": ("gray", "DeviceGray"), "rg": ("rgb", "DeviceRGB"), "k": ("cmyk", "DeviceCMYK")}


@dataclass
class _GState:
    fill: _Colour = ("gray", "DeviceGray", (0.0,))
    stroke: _Colour = ("gray", "DeviceGray", (0.0,))
    text_mode: int = 0
    overprint: bool = False  # fill overprint (op, or OP when op is absent)
    overprint_mode: int = 0  # OPM
    font_size: float = 0.0  # Tf
    scale: float = 1.0  # how much the CTM enlarges (square root of its determinant)

    def copy(self) -> _GState:
        return _GState(self.fill, self.stroke, self.text_mode, self.overprint, self.overprint_mode,
                       self.font_size, self.scale)


def _numbers(operands: list) -> tuple[float, ...]:
    return tuple(round(float(v), 4) for v in operands
                 if isinstance(v, (int, float)) and not isinstance(v, bool))


class _Scanner:
    """A content-stream interpreter that tracks colour state and nothing else."""

    def __init__(self, doc: pymupdf.Document):
        self.doc = doc
        self.uses: Counter[ColourUse] = Counter()
        self.gs = _GState()
        self.stack: list[_GState] = []
        self.open_forms: set[int] = set()
        self.text_scale = 1.0  # of the text matrix (Tm), reset by BT
        self.states: dict[tuple[int, str], object] = {}  # ExtGState dictionaries looked up

    def use(self, colour: _Colour, usage: str) -> None:
        kind, name, values = colour
        overprint = self.gs.overprint and self.gs.overprint_mode == 1 and usage != "stroke"
        size = round(self.gs.font_size * self.text_scale * self.gs.scale, 1) if usage == "text" else 0.0
        self.uses[ColourUse(kind, usage, values, name, overprint, size)] += 1

    def run(self, data: bytes, res: Resources, depth: int) -> None:
        operands: list = []
        for token in parse(data):
            if isinstance(token, InlineImage):
                self.image(token.entries, res)
            elif isinstance(token, Operator):
                self.operator(str(token), operands, res, depth)
                operands = []
            else:
                operands.append(token)

    def operator(self, op: str, operands: list, res: Resources, depth: int) -> None:
        stroke = op.isupper()  # G RG K CS SC SCN set the stroking colour
        if op == "q":
            self.stack.append(self.gs.copy())
        elif op == "Q" and self.stack:
            self.gs = self.stack.pop()
        elif op.lower() in _SET:
            kind, name = _SET[op.lower()]
            self.set_colour(stroke, (kind, name, _numbers(operands)))
        elif op in ("cs", "CS") and operands and isinstance(operands[-1], Name):
            kind, name = classify(operands[-1], res)
            self.set_colour(stroke, (kind, name, _INITIAL.get(kind, ())))
        elif op in ("sc", "scn", "SC", "SCN"):
            kind, name, _ = self.gs.stroke if stroke else self.gs.fill
            self.set_colour(stroke, (kind, name, _numbers(operands)))
        elif op == "gs" and operands and isinstance(operands[-1], Name):
            key = (id(res), operands[-1])  # a page sets the same few states again and again
            state = self.states.get(key)
            if state is None:
                state = self.states[key] = res.get("ExtGState", operands[-1])
            self.graphics_state(state)
        elif op in ("Tf", "Tm", "cm", "BT"):
            self.text_geometry(op, _numbers(operands))
        elif op == "Tr":
            modes = _numbers(operands)
            self.gs.text_mode = int(modes[-1]) if modes else 0
        else:
            self.paint(op, operands, res, depth)

    def text_geometry(self, op: str, numbers: tuple[float, ...]) -> None:
        """Track what sets the size text is shown at: Tf, the text matrix, the CTM."""
        if op == "BT":
            self.text_scale = 1.0
        elif op == "Tf" and numbers:
            self.gs.font_size = abs(numbers[-1])
        elif len(numbers) == 6:
            a, b, c, d = numbers[:4]
            scale = abs(a * d - b * c) ** 0.5
            if op == "Tm":
                self.text_scale = scale
            else:
                self.gs.scale *= scale

    def graphics_state(self, state: object) -> None:
        """The overprint settings of an ExtGState dictionary (the rest does not change colour)."""
        if not isinstance(state, dict):
            return
        fill = state.get("op", state.get("OP"))
        if isinstance(fill, bool):
            self.gs.overprint = fill
        mode = state.get("OPM")
        if isinstance(mode, int) and not isinstance(mode, bool):
            self.gs.overprint_mode = mode

    def set_colour(self, stroke: bool, colour: _Colour) -> None:
        if stroke:
            self.gs.stroke = colour
        else:
            self.gs.fill = colour

    def paint(self, op: str, operands: list, res: Resources, depth: int) -> None:
        if op in _TEXT:
            if self.gs.text_mode in _FILL_TEXT_MODES:
                self.use(self.gs.fill, "text")
            if self.gs.text_mode in _STROKE_TEXT_MODES:
                self.use(self.gs.stroke, "text")
        elif op in _PAINT:
            fill, stroke = _PAINT[op]
            if fill:
                self.use(self.gs.fill, "fill")
            if stroke:
                self.use(self.gs.stroke, "stroke")
        elif op == "sh" and operands and isinstance(operands[-1], Name):
            shading = res.get("Shading", operands[-1])
            if isinstance(shading, dict):
                kind, name = classify(shading.get("ColorSpace"), res)
                self.use((kind, name, ()), "shading")
        elif op == "Do" and operands and isinstance(operands[-1], Name):
            self.xobject(operands[-1], res, depth)

    def image(self, entries: dict, res: Resources) -> None:
        if entries.get("ImageMask", entries.get("IM")) is True:
            self.use(self.gs.fill, "image")  # a stencil mask paints in the fill colour
            return
        space = entries.get("ColorSpace", entries.get("CS"))
        kind, name = classify(space, res) if space is not None else ("unknown", "JPX")
        self.use((kind, name, ()), "image")

    def xobject(self, name: Name, res: Resources, depth: int) -> None:
        ref = res.lookup("XObject", name)
        obj = res.deref(ref)
        if not isinstance(obj, dict):
            return
        if obj.get("Subtype") == "Image":
            self.image(obj, res)
        elif obj.get("Subtype") == "Form" and isinstance(ref, Ref) and depth < MAX_DEPTH:
            if ref.xref in self.open_forms:
                return
            self.open_forms.add(ref.xref)
            self.stack.append(self.gs.copy())
            self.run(self.doc.xref_stream(ref.xref) or b"", Resources(self.doc, ref.xref, res), depth + 1)
            self.gs = self.stack.pop()
            self.open_forms.discard(ref.xref)
