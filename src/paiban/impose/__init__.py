"""Imposition: placing the pages of a finished PDF on press sheets (saddle-stitched booklets, n-up).

`order` holds the pure page-order arithmetic; `sheets` draws the sheets with PyMuPDF, placing
each source page as a vector form (no rasterising); `marks` draws crop and fold marks.
"""
