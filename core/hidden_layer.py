"""Scanned pages that carry the scanner's own OCR as hidden text: whose reading to keep.

A scanner's "searchable PDF" is read from its hidden text (core/producers/pdf/hidden.py):
exact and fast when the scanner read well, and then nothing more is done — no page is read
by our OCR. Where that reading does not read as a report's tables, the pages it fails on
are read again from their images by our OCR, and each page keeps the reading that fits the
template's shape better: more of the tables' cells read as numbers or printed blanks, fewer
lost, unreadable or guessed. Only where both readings fit the shape equally — the text
leaves a choice — do the template's sums choose, and the clerk's note says so. Where they
still leave it (both readings break the same sums with different digits), ours is kept:
its digits carry their confidence, and the trust pass (core/trust.py) looks at every
doubtful one again instead of reporting a misread as the report's error.

The clerk is told which pages were read by our OCR instead of the file's hidden text, and why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.document import Document, Note
from core.extract import extract
from core.kind import not_report_kind
from core.limits import Cancelled, Progress
from core.model import CellValue, Extraction, Number
from core.readers import read_bytes
from core.rules.identities import evaluate, identities_for
from core.template import TABLE_KEYS, template_for

if TYPE_CHECKING:
    from core.producers.ocr.pdf_pages import OcrCache

log = logging.getLogger(__name__)

Ref = tuple[str, str, str]

# Cell states that are a reading of what is printed; the others are a reading that failed.
_CLEAN = ("ok", "blank")


@dataclass
class PageFit:
    """How one reading of a page reads as the report's tables."""

    clean: int = 0  # template cells read as a number or a printed blank
    faults: int = 0  # template cells lost, not a number, or guessed from the sums
    failing: int = 0  # template identities broken by cells read on this page
    values: dict[Ref, tuple[str, Number | None]] = field(default_factory=dict)

    @property
    def shape(self) -> int:
        return self.clean - self.faults


def settle_hidden_layer(path: str, document: Document, extraction: Extraction,
                        progress: Progress | None = None) -> tuple[Document, Extraction]:
    """The document and extraction to check: as read, or with the pages whose hidden text
    fails the template read by our OCR, with a note saying which and why."""
    hidden = list(document.hidden_layer)
    if not hidden or document.format != "pdf":
        return document, extraction
    theirs = page_fits(extraction, hidden)
    lost = missing_tables(extraction)
    if lost and not_report_kind(document, extraction):
        # The hidden text names another kind of document (a notice, a cover letter, a 公文):
        # its tables are not missing, and reading every page again would only cost time.
        return document, extraction
    # A table not found at all may be on any of them: every hidden page is read again.
    suspects = hidden if lost else [p for p in hidden if theirs[p].faults or theirs[p].failing]
    if not suspects:
        return document, extraction
    cache: "OcrCache" = {}  # no page is read by OCR twice
    try:
        ours_doc = _read(path, suspects, cache, progress)
        ours_ext = extract(ours_doc)
    except Cancelled:
        raise
    except Exception:  # noqa: BLE001 — over a limit, or a bug of ours: the file's own reading stands
        log.exception("reading the scanned pages of %s by OCR failed", path)
        return document, extraction
    ours = page_fits(ours_ext, suspects)
    chosen: dict[int, str] = {}
    for p in suspects:
        why = prefer_ours(theirs[p], ours[p])
        if why is not None:
            chosen[p] = why
    if chosen:
        if set(chosen) == set(suspects):
            document = ours_doc
        else:
            document = _read(path, sorted(chosen), cache, progress)  # every page already read: no OCR
        document.notes.extend(_notes(chosen, theirs, lost))
        extraction = extract(document)
    _doubt_misreads(extraction, {p: ours[p] for p in suspects if p not in chosen}, ours_doc)
    return document, extraction


def _doubt_misreads(ext: Extraction, ours: dict[int, PageFit], ours_doc: Document) -> None:
    """On pages whose hidden text was kept, a cell of a broken sum that our OCR read as
    another number is in doubt (a reading warning naming both), not an arithmetic error."""
    if not ours:
        return
    broken = {ref for ident in identities_for(ext) if (r := evaluate(ext, ident)).fails for ref in r.cells}
    for ref, cell, page in _template_cells(ext):
        if page not in ours or ref not in broken or cell is None or cell.state not in _CLEAN:
            continue
        state, value = ours[page].values.get(ref, ("missing", None))
        if state in _CLEAN and (value or 0) != cell.number:
            cell.state = "uncertain"
            cell.candidates = (cell.value, value)
            image = ours_doc.ocr.page(page) if ours_doc.ocr is not None else None
            if image is not None and cell.loc is not None and cell.loc.bbox is not None:
                cell.crop_png = image.crop_png(cell.loc.bbox)


def prefer_ours(theirs: PageFit, ours: PageFit) -> str | None:
    """Why our reading of a page is kept instead of the hidden text's, or None."""
    if ours.shape != theirs.shape:
        return "shape" if ours.shape > theirs.shape else None
    if ours.failing != theirs.failing:
        return "sums" if ours.failing < theirs.failing else None
    if theirs.failing and ours.values != theirs.values:
        return "both"
    return None


def page_fits(ext: Extraction, pages: Iterable[int]) -> dict[int, PageFit]:
    fits = {p: PageFit() for p in pages}
    where: dict[Ref, int | None] = {}
    for ref, cell, page in _template_cells(ext):
        where[ref] = page
        fit = fits.get(page) if page is not None else None
        if fit is None:
            continue
        if cell is not None and cell.state in _CLEAN:
            fit.clean += 1
            fit.values[ref] = (cell.state, cell.value)
        else:
            fit.faults += 1
            fit.values[ref] = (cell.state if cell is not None else "missing", cell.value if cell is not None else None)
    for ident in identities_for(ext):
        result = evaluate(ext, ident)
        if not result.fails:
            continue
        for page in {where.get(ref) for ref in result.cells}:
            if page in fits:
                fits[page].failing += 1
    return fits


def missing_tables(ext: Extraction) -> list[str]:
    return [key for key in TABLE_KEYS if key not in ext.tables or key in ext.unparsed_tables]


def _template_cells(ext: Extraction) -> Iterable[tuple[Ref, CellValue | None, int | None]]:
    """Every cell the template asks of each table read, with the page it was read on (a
    cell lost is placed on its row's page, a row lost on the table's)."""
    for key, table, spec in ext.read_tables():
        table_page = table.loc.page if table.loc is not None else None
        for row in spec.rows:
            cells = table.rows.get(row.key, [])
            row_loc = table.row_locs.get(row.key)
            row_page = row_loc.page if row_loc is not None and row_loc.page is not None else table_page
            for i, col in enumerate(row.columns):
                cell = cells[i] if i < len(cells) else None
                page = cell.loc.page if cell is not None and cell.loc is not None and cell.loc.page is not None else row_page
                yield (key, row.key, col.key), cell, page


def _read(path: str, ocr_hidden: list[int], cache: "OcrCache", progress: Progress | None) -> Document:
    from core.readers.pdf import read_pdf  # deferred: checking a TXT file does not pay for pdfplumber

    p = Path(path)
    doc = read_pdf(p, data=read_bytes(p), progress=progress, ocr_hidden=ocr_hidden, ocr_cache=cache)
    return doc.finalize()


_WHY = {
    "shape": "读不成报告的表格（表格的数字缺失、读成文字或对不上行列）",
    "sums": "与本程序的识别在表格行列上同样完整，但数字不同；两者由表内的合计关系选择：本程序的读法不成立的合计更少",
    "both": "与本程序的识别数字不同，两种读法都不满足表内的合计关系；采用本程序的识别，存疑的数字已逐格复核",
}


def _notes(chosen: dict[int, str], theirs: dict[int, PageFit], lost: list[str]) -> list[Note]:
    out = []
    for why in ("shape", "sums", "both"):
        pages = sorted(p for p, w in chosen.items() if w == why)
        if not pages:
            continue
        where = "、".join(f"第{p}页" for p in pages)
        reason = _WHY[why]
        if why == "shape" and lost:
            names = "、".join(template_for(None).table(k).name for k in lost)
            reason = f"读不出{names}" if not any(theirs[p].faults for p in pages) else reason
        out.append(Note(f"{where}是扫描件，文件自带一层扫描时生成的识别文字（看不见的文字层），但这层文字{reason}；"
                        "这些页改用本程序对页面图像的识别，请对照原件核对。", "informative"))
    return out
