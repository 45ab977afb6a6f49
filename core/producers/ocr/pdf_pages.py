"""Picture-only pages of a PDF, and image files, → pages for the one table pipeline.

A PDF page is rendered by pdfium at ``DPI`` with its own size in points, so the boxes of
what OCR reads are in the same page coordinates as a text layer's (the window draws them
the same way). Image files get a page of A4 width (core/producers/ocr/page.py ``page_size``).
"""

from __future__ import annotations

import copy
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.document import ReadError
from core.layout.page import Page
from core.limits import Progress
from core.ocr_record import OcrInfo, OcrPage
from core.producers.ocr.budget import Budget, render_scale
from core.producers.ocr.contained import all_unread, read_page_contained, unread_note

DPI = 200
# Reading a page image takes seconds: more than this many is not a report but a book.
MAX_OCR_PAGES = 40


def _too_many(count: int) -> str:
    return (f"这份文件有 {count} 页需要识别（扫描件或图片），超出 {MAX_OCR_PAGES} 页的上限；"
            "请只把报告所在的页面另存为 PDF 或图片后再检查。")


# Pages read before in this check, by number: the page and what OCR read on it. A second
# reading of the same file with other pages read by OCR (core/hidden_layer.py) reads none twice.
OcrCache = dict[int, tuple[Page, OcrPage]]


@dataclass
class OcrPages:
    pages: dict[int, Page] = field(default_factory=dict)
    info: OcrInfo = field(default_factory=OcrInfo)
    notes: list[str] = field(default_factory=list)  # pages left unread, and which limit stopped them
    unread: list[int] = field(default_factory=list)  # pages the page reader failed on (read as empty)

    def keep(self, number: int, page: Page, ocr_page: OcrPage | None) -> None:
        self.pages[number] = page
        if ocr_page is None:
            self.unread.append(number)
        else:
            self.info.pages[number] = ocr_page

    def finish(self, whole: bool) -> None:
        """The failed pages named in a note. ``whole``: these pages are the whole document,
        so none read at all is no report to check (a PDF's text pages may still be)."""
        if whole and self.unread and len(self.unread) == len(self.pages):
            raise all_unread(len(self.unread))
        if self.unread:
            self.notes.append(unread_note(self.unread))


def ocr_pdf_pages(path: Path, data: bytes | None, numbers: list[int], progress: Progress | None,
                  cache: OcrCache | None = None) -> OcrPages:
    """Render and read the given 1-based pages. ``progress(k, n)`` before each page read
    (k pages of n done) may raise ``Cancelled``. Pages in ``cache`` are not read again;
    pages read are put there."""
    import numpy as np
    import pypdfium2 as pdfium

    if len(numbers) > MAX_OCR_PAGES:
        raise ReadError(_too_many(len(numbers)))
    out = OcrPages()
    budget = Budget()
    pdf = pdfium.PdfDocument(io.BytesIO(data) if data is not None else str(path))
    try:
        for k, number in enumerate(numbers):
            if progress is not None:
                progress(k, len(numbers))
            if cache is not None and number in cache:
                # A copy: laying the pages out into a document fills in the page's items.
                page_read, ocr_page = cache[number]
                out.pages[number], out.info.pages[number] = copy.deepcopy(page_read), ocr_page
                continue
            start = time.perf_counter()
            page = pdf[number - 1]
            try:
                size = (float(page.get_width()), float(page.get_height()))
                # Counted at the OCR's resolution before anything is rendered; a page larger
                # than a poster is rendered smaller (a 200-inch page at 200 dpi is 1.6 G pixels).
                if not budget.take(number, int(size[0] * size[1] * (DPI / 72) ** 2)):
                    break
                bitmap = page.render(scale=render_scale(size[0], size[1], DPI), grayscale=False)
                img = np.array(bitmap.to_pil().convert("RGB"))
                bitmap.close()
            finally:
                page.close()
            page_read, ocr_page = read_page_contained(img, number, size)
            out.keep(number, page_read, ocr_page)
            if ocr_page is not None:
                ocr_page.seconds = time.perf_counter() - start  # the rendering too
                if cache is not None:
                    cache[number] = (copy.deepcopy(page_read), ocr_page)
        if progress is not None:
            progress(len(numbers), len(numbers))
    finally:
        pdf.close()
    out.notes = budget.notes()
    out.finish(whole=False)  # the PDF reader knows whether other pages have text (core/readers/pdf.py)
    return out


def ocr_images(images: Iterable[object], progress: Progress | None, total: int | None = None) -> OcrPages:
    """Read page images (numpy arrays), numbered 1… in the given order, one at a time as
    the iterable gives them (a decoder's frames are never all in memory). ``total``: how
    many to expect, for the progress; at most MAX_OCR_PAGES are read (the budget that
    decodes them names the rest)."""
    if isinstance(images, list) and len(images) > MAX_OCR_PAGES:
        raise ReadError(_too_many(len(images)))
    count = total if total is not None else len(images) if isinstance(images, list) else MAX_OCR_PAGES
    out = OcrPages()
    for k, img in enumerate(images):
        if k >= MAX_OCR_PAGES:
            break
        if progress is not None:
            progress(k, max(count, k + 1))
        out.keep(k + 1, *read_page_contained(img, k + 1))  # type: ignore[arg-type]
    if progress is not None:
        progress(len(out.pages), len(out.pages))
    out.finish(whole=True)
    return out
