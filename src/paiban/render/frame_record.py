"""Recording each page's frames in the PDF, so that preflight can find text that left them.

The frames (title block, columns, header, footer) are written into the page's page-piece
dictionary (PDF 1.3 §10.4, /PieceInfo), the PDF's place for data private to the application that
made the page: viewers and printers ignore it, and it survives other tools' edits to the page.
`paiban preflight` reads it back to report text outside every frame (overset).
"""

from __future__ import annotations

from paiban.layout.result import Page
from paiban.render.pdf_arrays import array_text
from paiban.render.print_geometry import PrintSheet

#: The application name in /PieceInfo, and the key path of the frame list below the page object.
PIECE_NAME = "Paiban"
FRAMES_PATH = f"PieceInfo/{PIECE_NAME}/Private/Frames"
#: /LastModified is required next to /PieceInfo; a fixed date keeps the output reproducible.
_FIXED_DATE = "D:20000101000000+00'00'"


def frame_rects(page: Page, sheet: PrintSheet) -> list[tuple[float, float, float, float]]:
    """The page's frames as PDF rectangles (x0, y0, x1, y1) on the sheet, y up."""
    out = []
    for f in page.frames:
        x0 = sheet.dx + f.x
        y1 = sheet.dy + page.height - f.y
        out.append((round(x0, 3), round(y1 - f.height, 3), round(x0 + f.width, 3), round(y1, 3)))
    return out


def record_frames(canv, page: Page, sheet: PrintSheet) -> None:
    """Attach the frames of the page just finished with `showPage` to its page object."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString

    rects = frame_rects(page, sheet)
    if not rects:
        return
    # ReportLab has no public hook for page-dictionary entries; the page object it just queued
    # is still open to new attributes until the document is saved.
    pdf_page = canv._doc.Pages.pages[-1]
    private = PDFDictionary({"Frames": _array_text(rects)})
    data = PDFDictionary({"LastModified": PDFString(_FIXED_DATE), "Private": private})
    pdf_page.PieceInfo = PDFDictionary({PIECE_NAME: data})
    pdf_page.LastModified = PDFString(_FIXED_DATE)


def _array_text(rects: list[tuple[float, float, float, float]]) -> str:
    """The frame list as the text ReportLab's PDFArray writes for it (see `pdf_arrays`)."""
    from reportlab.lib.rl_accel import fp_str

    return array_text([f"[ {fp_str(*r)} ]" for r in rects])
