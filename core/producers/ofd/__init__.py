"""The OFD producer (GB/T 33190, what 电子公文 systems produce): an OFD package's pages as
positioned pages for the layout — glyphs where the text objects print them, ruling lines
from the path objects (parse.py) — and pages that are only pictures composed as page
images for the OCR producer (pages.py)."""
