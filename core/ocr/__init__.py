"""Reading scanned and picture-only reports offline: page images → the positioned glyphs
and border lines the PDF table pipeline consumes (page.py), the OCR engine (engine.py), and
the cell-by-cell trust pass over the extracted tables (trust.py).

Nothing here is imported by a reader of a text-layer file: onnxruntime, OpenCV and numpy
load only when a picture has to be read.
"""
