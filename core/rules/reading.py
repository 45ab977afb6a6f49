"""Reading warnings for cells read by OCR and still in doubt (state ``uncertain``, see
core/trust.py): one X-OCR warning per cell naming the readings seen, and no other
finding that rests only on such cells — a misread must never become an arithmetic error
against the report. Once the clerk confirms a cell (an edit in the window) it is ``ok``
and every rule checks it again."""

from __future__ import annotations

import dataclasses

from core.model import CellRef, Extraction, Finding, Number
from core.rules.arithmetic import _cell  # noqa: PLC2701 — the one lookup of a cell by reference
from core.template import cell_label, template_for

RULE = "X-OCR"


def _n(v: Number | None) -> str:
    if v is None:
        return "空白"
    return f"{v:g}" if isinstance(v, float) else str(v)


def uncertain_cells(ext: Extraction) -> set[CellRef]:
    out: set[CellRef] = set()
    for key, table in ext.tables.items():
        spec = ext.spec(key)
        for row_key, cells in table.rows.items():
            if not spec.has_row(row_key):
                continue
            cols = [c.key for c in spec.row(row_key).columns]
            for i, cell in enumerate(cells):
                if cell.state == "uncertain" and i < len(cols):
                    out.add((key, row_key, cols[i]))
    return out


def check_reading(ext: Extraction) -> list[Finding]:
    out: list[Finding] = []
    for key, table in ext.tables.items():
        spec = ext.spec(key)
        tmpl = template_for(ext.table_versions.get(key, ext.template))
        for row_key, cells in table.rows.items():
            if not spec.has_row(row_key):
                continue
            cols = [c.key for c in spec.row(row_key).columns]
            for i, cell in enumerate(cells):
                if cell.state != "uncertain" or i >= len(cols):
                    continue
                name = cell_label(tmpl, key, row_key, cols[i])
                seen = "、".join(_n(v) for v in cell.candidates) if cell.candidates else "无法辨认"
                where = f"（{cell.loc.describe()}）" if cell.loc is not None else ""
                out.append(Finding(
                    RULE, "warning",
                    f"{name}识别不确定，请对照原件{where}：可能是 {seen}；确认后在表格中填入正确的数，再核对勾稽关系。",
                    [(key, row_key, cols[i])], loc=cell.loc,
                ))
    return out


def drop_doubtful(findings: list[Finding], ext: Extraction) -> list[Finding]:
    """Leave out findings whose unread cells are all uncertain readings: the X-OCR warning
    already says what to do there."""
    doubtful = uncertain_cells(ext)
    if not doubtful:
        return findings
    kept = []
    for f in findings:
        cells = set(f.cells)
        if f.rule != RULE and cells & doubtful and _rests_on(f, cells, doubtful, ext):
            continue
        kept.append(f)
    return kept


def _rests_on(f: Finding, cells: set[CellRef], doubtful: set[CellRef], ext: Extraction) -> bool:
    unread = {ref for ref in cells if (c := _cell(ext, ref)) is None or not c.known}
    return not unread or unread <= doubtful


# Rules whose error a confidently read scan may carry: the identities (after the trust pass
# re-read their cells, core/trust.py) and blank or non-numeric cells (the pass re-reads
# any cell whose image shows ink, so a blank is one the page shows empty).
# Not V-NUMERIC: letters or signs "printed" in a number cell of a scan are far more often
# dust, a seal's stroke or a border's trace the engine read as text ("IF!", "A") than text a
# clerk typed there — the scan differential (tests/test_scan_differential.py) met four such
# false errors in 59 draws. On a scanned cell it is a reading doubt.
_SURE_ON_SCANS = ("T2-", "T3-", "T4-", "X-")
OCR_NOTE = "（此项依据扫描件的识别结果，可能是识别有误，请对照原件核实。）"


def soften_ocr(findings: list[Finding], ext: Extraction) -> list[Finding]:
    """Doubt is not an error: an error that rests on text read by OCR — a label misread into
    a "missing" row or column, a year or a name in the prose, a table not found on a scanned
    page — becomes a warning saying so. Arithmetic on cells the trust pass accepted stays an
    error (hongze-2023's 0 ≠ 10 + 1 is printed, and read surely)."""
    if not ext.ocr_pages:
        return findings
    out: list[Finding] = []
    scanned_labels: list[Finding] = []
    for f in findings:
        if f.severity == "error" and not f.rule.startswith(_SURE_ON_SCANS) and _rests_on_ocr(f, ext):
            f = dataclasses.replace(f, severity="warning", message=f.message + OCR_NOTE)
        elif f.rule == "S-LABEL" and _rests_on_ocr(f, ext):
            scanned_labels.append(f)
            continue
        out.append(f)
    return out + _scanned_labels(scanned_labels)


def _scanned_labels(found: list[Finding]) -> list[Finding]:
    """Labels read from a scan that are still not the template's words after the OCR's
    vocabulary (core/producers/ocr/lexicon.py) are far likelier misread than misprinted, and
    a poor scan misreads many at once: one finding for them all, saying they were read from
    the scan (one root cause, one finding), not one "misprinted label" per row."""
    if len(found) <= 1:
        return [dataclasses.replace(f, message=f.message + OCR_NOTE) for f in found]
    shown = "、".join(f"“{_printed(f)[:12]}”" for f in found[:3]) + ("等" if len(found) > 3 else "")
    return [Finding(
        "S-LABEL", "warning",
        f"扫描件上有 {len(found)} 行的行标签识别出来与模板文字不一致（{shown}）；这多半是扫描不清、识别有误，"
        "也可能是原文印错，请对照原件核对这些行的标签。",
        [ref for f in found for ref in f.cells], loc=found[0].loc,
    )]


def _printed(f: Finding) -> str:
    """The label as read, from an S-LABEL message (…行标签印为“X”，…)."""
    start = f.message.find("印为“")
    end = f.message.find("”，与模板", start)
    return f.message[start + 3:end] if start >= 0 and end > start else ""


def _rests_on_ocr(f: Finding, ext: Extraction) -> bool:
    if f.rule == "V-NUMERIC":
        return any((c := _cell(ext, ref)) is not None and c.ocr for ref in f.cells)
    if f.loc is not None and f.loc.page is not None:
        return f.loc.page in ext.ocr_pages
    if f.loc is not None and not f.cells:
        return False  # a paragraph, a line, a sheet cell: text from the file, not from a picture
    tables = {ref[0] for ref in f.cells}
    if tables:
        return any(_table_read_by_ocr(ext, key) for key in tables)
    # No place to point at (a table or section not found): on a document with scanned pages
    # it may simply not have been recognised.
    return True


def _table_read_by_ocr(ext: Extraction, key: str) -> bool:
    table = ext.tables.get(key)
    if table is None:
        return True  # not found at all: perhaps on a page OCR could not read
    if any(c.ocr for cells in table.rows.values() for c in cells):
        return True
    # A table whose cells were all lost (a fax's 表三 read as labels only: every value
    # missing, so no cell was marked as read from the image) is still a scanned table: its
    # rows' labels stand on an OCR'd page. Only a table placed wholly on text pages is not.
    pages = {loc.page for loc in table.row_locs.values()} | \
        {c.loc.page for cells in table.rows.values() for c in cells if c.loc is not None}
    pages.discard(None)
    return not pages or bool(pages & ext.ocr_pages)
