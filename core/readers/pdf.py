"""PDF → Document: the text layer's pages (core/producers/pdf), the pages that are only a
picture read by OCR (core/producers/ocr), both laid out by the one positional pipeline
(core/layout): running text as paragraphs, tables as RawTables, in reading order.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from pathlib import Path

from core.document import Document, Note, ReadError
from core.layout.blocks import document_from_pages
from core.limits import Progress, ocr_progress
from core.producers.ocr.contained import all_unread
from core.producers.ocr.pdf_pages import OcrCache, ocr_pdf_pages
from core.producers.pdf import guard
from core.producers.pdf.lost import damaged_note, refuse_latin_garbage
from core.producers.pdf.open import BROKEN, NO_UNICODE, too_large
from core.producers.pdf.pages import PdfTimings, read_pages


def read_pdf(path: Path, timings: PdfTimings | None = None, *, data: bytes | None = None,
             progress: Progress | None = None, ocr_hidden: Collection[int] = (),
             ocr_cache: OcrCache | None = None) -> Document:
    """``progress(done, total)`` is called before each page and may raise ``Cancelled``;
    a read that takes longer than ``limits.READ_TIME_LIMIT_S`` stops with a message.

    A scanned page carrying a scanner's hidden OCR text is read from that text
    (``Document.hidden_layer``), unless its number is in ``ocr_hidden``: then by our OCR of
    its image, as every other picture page (core/hidden_layer.py decides which). Pages read
    before are taken from ``ocr_cache`` and what is read is put there."""
    start = time.perf_counter()
    clock = timings or PdfTimings()
    with guard.budget():
        pages = read_pages(path, data, progress, clock)
    dense = [p for p in pages if p.dense]
    if dense and not any(p.lines or p.tables for p in pages):
        raise ReadError(too_large(f"第 {dense[0].number} 页{dense[0].dense}"))
    notes: list[str] = [Note(f"第 {p.number} 页内容过多（{p.dense}），不像是报告正文，已跳过。", "data_lost") for p in dense]
    damaged = [p.number for p in pages if p.damaged]
    if damaged and not any(p.lines or p.tables for p in pages):
        raise ReadError(BROKEN)
    if damaged:
        # A flipped byte in a page's compressed content: the page is lost, the others are
        # read; the rules are told (core/rules/damage.py) so what was on it is not "missing".
        notes.append(damaged_note(damaged))
    unmapped = sum(p.unmapped for p in pages)
    if unmapped and unmapped > sum(p.glyphs for p in pages):
        raise ReadError(NO_UNICODE)
    refuse_latin_garbage(pages)
    # A scan with the scanner's hidden OCR text is read from that text: exact and fast when
    # the scanner read well; the check reads the image itself where it did not.
    hidden = [p.number for p in pages if p.picture_only and p.hidden_text and p.number not in ocr_hidden]
    scanned = [p.number for p in pages if p.picture_only and p.number not in hidden]
    ocr = None
    if scanned:
        # Pages that are only a picture (a scan, or scanned tables between text pages): read
        # their images (the OCR engine loads then, text-layer files never load it).
        ocr = ocr_pdf_pages(path, data, scanned, ocr_progress(progress), ocr_cache)
        if ocr.unread and len(ocr.unread) == len(pages):
            raise all_unread(len(pages))
        pages = [ocr.pages.get(p.number, p) for p in pages]
        notes.extend(Note(n, "data_lost") for n in ocr.notes)  # pages a pixel budget left unread
    doc = document_from_pages(str(path), "pdf", pages, notes)
    doc.ocr = ocr.info if ocr is not None else None
    doc.hidden_layer = hidden
    clock.total += time.perf_counter() - start
    return doc

