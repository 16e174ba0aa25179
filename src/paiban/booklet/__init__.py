"""Booklets: several articles bound together behind a cover and a table of contents.

`manifest` reads BOOKLET.yaml; `sources` turns its entries into articles (Markdown here, page
texts and PDFs through the importer); `parallel` composes the articles, in worker processes when
asked; `plan` decides which page each part starts on; `cover` and `contents` set the front
pages; `assemble` puts it all in one LayoutDocument for the PDF writer.
"""
