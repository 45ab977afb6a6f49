"""Producers of positioned pages: each turns one kind of source into the pages the layout
(core/layout) consumes — glyphs with their boxes, ruling lines — and nothing more.

- ``pdf``: a PDF's text layer (pdfplumber), within limits, sideways text turned upright.
- ``ocr``: page images read by OCR (a scanned PDF page, an image file, a picture in a
  document), plus the record of what was read (core/ocr_record.py).

A new source (OFD, a better OCR engine) is one new module or package here; the layout and
everything above it stay as they are. The readers (core/readers) choose a producer by the
file's content.
"""
