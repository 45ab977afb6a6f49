"""Reading scanned and picture-only reports offline: page images → the positioned glyphs
and border lines the layout consumes (page.py), found by morphology (image.py) and read by
the OCR engine (engine.py); images decoded by decode.py; a PDF's picture-only pages and
image files (pdf_pages.py), pictures pasted into a document (pictures.py). The cell-by-cell
trust pass over the extracted tables is core/trust.py.

Nothing here is imported by a reader of a text-layer file: onnxruntime, OpenCV and numpy
load only when a picture has to be read.
"""
