"""PDF reports (pdfplumber): ruled tables through the table finder, everything else as
lines of words in reading order, so a borderless table still arrives as label + numbers
per line. Page numbers ("- 4 -", "第 4 页") are dropped; a table continuing on the next
page simply follows the previous one in the block order, which is all extraction needs.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.document import Document, Location, RawTable, ReadError, TableCell, TextBlock

MAX_PAGES = 200
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})\s*$")
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "join_tolerance": 3}


def read_pdf(path: Path) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise ReadError("这个 PDF 设置了打开密码，无法读取；请向发文单位索取未加密的版本，或用 PDF 软件输入密码后另存一份再检查。") from exc
    blocks: list[TextBlock | RawTable] = []
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ReadError(f"这个 PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页的上限，不像是一份年度报告；请确认选对了文件。")
        table_index = 0
        for number, page in enumerate(pdf.pages, start=1):
            items: list[tuple[float, TextBlock | RawTable]] = []
            tables = page.find_tables(_TABLE_SETTINGS)
            boxes = [t.bbox for t in tables]
            for table in tables:
                rows: list[list[TableCell]] = []
                for r, row in enumerate(table.rows):
                    cells = []
                    for c, bbox in enumerate(row.cells):
                        if bbox is None:
                            continue  # covered by a merged cell
                        text = page.within_bbox(bbox).extract_text() or ""
                        text = " ".join(text.split("\n")).strip()
                        cells.append(TableCell(text, Location(page=number, bbox=tuple(bbox), table=table_index, row=r, col=c)))
                    if cells:
                        rows.append(cells)
                items.append((table.bbox[1], RawTable(rows, Location(page=number, bbox=tuple(table.bbox), table=table_index))))
                table_index += 1
            outside = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
            for line in outside.extract_text_lines(layout=False, strip=True, return_chars=False):
                text = line["text"]
                if not text.strip() or _PAGE_NUMBER.match(text):
                    continue
                bbox = (line["x0"], line["top"], line["x1"], line["bottom"])
                items.append((line["top"], TextBlock(text, Location(page=number, bbox=bbox))))
            items.sort(key=lambda item: item[0])
            blocks.extend(block for _, block in items)
            page.flush_cache()
        page_count = len(pdf.pages)
    return Document(str(path), "pdf", blocks, page_count=page_count)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)
