"""The positional page layout: positioned glyphs and ruling segments in, page blocks out.

Every producer (core/producers) hands over pages of positioned glyphs and the ruling lines
drawn on them (``page.page_from_glyphs``); from there one pipeline serves them all:
glyphs → lines and runs (``text``), ruled tables (``ruled``), tables laid out without
borders (``loose``), page furniture and paragraphs in reading order (``flow``), tables and
paragraphs continued across pages (``across``), and the Document's blocks (``blocks``).

Nothing here knows where a page came from: no file format, no OCR engine.
"""
