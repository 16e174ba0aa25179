"""Drawing the crop marks of a print build with ReportLab.

Registration colour is the PDF Separation colour space named /All, which a RIP prints at full
strength on every separation, spot plates included: each plate can then be trimmed and registered
on its own. ``mark_color: black`` draws K only, for printers that ask for that.
"""

from __future__ import annotations

from paiban.render.print_geometry import PrintSheet
from paiban.style.model import PrintOptions


def draw_crop_marks(canv, sheet: PrintSheet, options: PrintOptions | None) -> None:
    """Stroke the sheet's crop marks, in PDF user space (after the page content)."""
    if not sheet.marks or options is None:
        return
    from reportlab.lib.colors import CMYKColor, CMYKColorSep

    if options.mark_color == "registration":
        color = CMYKColorSep(1, 1, 1, 1, spotName="All")
    else:
        color = CMYKColor(0, 0, 0, 1)
    canv.saveState()
    canv.setStrokeColor(color)
    canv.setLineWidth(options.mark_weight)
    canv.setLineCap(0)  # butt ends: a mark stops exactly at its offset from the trim
    canv.lines(list(sheet.marks))
    canv.restoreState()
