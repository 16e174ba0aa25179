"""Previewing style changes: PNG previews, watch mode, side-by-side comparison, a local viewer.

Every preview is rasterised by PyMuPDF from the PDF bytes that `paiban.build` makes, so a preview
shows exactly what goes to press; there is no second, screen-only renderer that could drift.

- `pages`: which pages to show (``--pages 1-2,4``);
- `raster`: PDF bytes → PNG images of pages, and writing them to a folder;
- `session`: one article + style rebuilt on demand, keeping the last good result;
- `watch`: rebuilding a session whenever the article or a sheet of its ``extends`` chain changes;
- `compare` and `diffimage`: two styles side by side, with a summary and a pixel-difference panel;
- `server` (with `viewer.html`): the pages in a browser, refreshed by server-sent events.
"""
