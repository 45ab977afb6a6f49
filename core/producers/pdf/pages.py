"""The PDF text layer → positioned pages (core.layout): each page's glyphs and drawn borders,
read one page at a time within the limits (producers/pdf/guard.py), sideways text turned
upright (turn.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from core import limits
from core.document import ReadError
from core.layout.page import Page, page_from_glyphs
from core.layout.ruled import border_objects
from core.layout.text import Glyph
from core.limits import Deadline, Progress, content_message, pdf_time_message
from core.producers.pdf import guard
from core.producers.pdf.scanned import hidden_reading, is_picture_page
from core.producers.pdf.open import close_pdf, find_cause, open_pdf, read_error
from core.producers.pdf.turn import text_turn, turned_page


@dataclass
class PdfTimings:
    """Where the time goes, for the benchmark: pdfplumber's parsing of page content and
    its table finder, against the whole read."""

    parse: float = 0.0
    table_finder: float = 0.0
    total: float = 0.0

    @property
    def ours(self) -> float:
        return self.total - self.parse - self.table_finder


def read_pages(path: Path, data: bytes | None, progress: Progress | None, clock: PdfTimings) -> list[Page]:
    deadline = Deadline()
    pdf = open_pdf(path, data, deadline)
    pages: list[Page] = []
    kept = 0
    try:
        count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            if progress is not None:
                progress(number - 1, count)
            if deadline.expired():
                raise ReadError(pdf_time_message(deadline.seconds, number - 1, count))
            broken_before = guard.damaged_streams()
            try:
                pages.append(_read_page(page, number, clock, deadline))
            finally:
                page.close()  # frees the page's parsed objects: memory stays one page deep
            pages[-1].damaged = guard.damaged_streams() > broken_before
            kept += pages[-1].glyphs
            if kept > limits.MAX_PDF_GLYPHS:
                raise ReadError(content_message(f"前 {number} 页已超过 {limits.MAX_PDF_GLYPHS // 10_000} 万个文字"))
        if progress is not None:
            progress(count, count)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds on broken files
        raise read_error(exc) from exc
    finally:
        close_pdf(pdf)
    return pages


def _read_page(page, number: int, clock: PdfTimings, deadline: Deadline | None = None) -> Page:
    opened: list = []  # a turned view of the page (turn.py), closed here
    try:
        return _read_view(page, number, clock, deadline, opened)
    finally:
        for view in opened:
            view.close()


def _read_view(page, number: int, clock: PdfTimings, deadline: Deadline | None, opened: list) -> Page:  # type: ignore[type-arg]
    t0 = time.perf_counter()
    width, height = float(page.width), float(page.height)
    try:
        hidden = guard.limited_layout(page, deadline)
        turn = text_turn(page.chars)
        if turn:  # sideways text: lay the page out again as a viewer turned to read it
            page = turned_page(page, turn)
            opened.append(page)
            width, height = float(page.width), float(page.height)
            hidden = guard.limited_layout(page, deadline)
    except Exception as exc:  # noqa: BLE001 — pdfminer may wrap what the device raised
        if deadline is not None and find_cause(exc, guard.PdfTooSlow) is not None:
            raise ReadError(pdf_time_message(deadline.seconds, number - 1, len(page.pdf.pages))) from exc
        dense = find_cause(exc, guard.PageTooDense)
        if dense is None:
            raise
        # A map or a dump appended to the report: skip the page, keep the rest.
        clock.parse += time.perf_counter() - t0
        return Page(number, width, height, [], [], dense=dense.what)
    chars = page.chars
    borders = border_objects(page)
    t1 = time.perf_counter()
    clock.parse += t1 - t0
    glyphs = glyphs_from_chars(chars, width, height)
    unmapped = sum(1 for ch in chars if ch["text"].startswith("(cid:"))
    out = page_from_glyphs(page, number, width, height, glyphs, borders, clock)
    out.unmapped = unmapped
    # A picture of a page, perhaps stamped with a page number as text: read by OCR (checked
    # last, pdfplumber has the objects). Its hidden text, if any, is a scanner's OCR of it.
    out.picture_only = is_picture_page(width, height, chars, page.images, hidden)
    out.hidden_text = hidden_reading(hidden) if out.picture_only else 0
    return out


def glyphs_from_chars(chars: list[dict], width: float, height: float) -> list[Glyph]:
    """Visible glyphs of a page. Characters outside the page (clipped) and blank glyphs
    are dropped; a glyph printed twice at almost the same spot (WPS fake bold) once."""
    out: list[Glyph] = []
    seen: dict[tuple[str, int, int], None] = {}
    for ch in chars:
        text = ch["text"]
        if not text or text.isspace() or text.startswith("(cid:"):
            # "(cid:123)": a glyph whose font carries no Unicode mapping; its text is lost.
            continue
        x0, x1, top, bottom = ch["x0"], ch["x1"], ch["top"], ch["bottom"]
        if x1 < 0 or x0 > width or bottom < 0 or top > height:
            continue
        key = (text, int(x0), int(top))
        if key in seen:
            continue
        seen[key] = None
        out.append(Glyph(x0, top, x1, bottom, text, ch.get("size") or (bottom - top)))
    return out
