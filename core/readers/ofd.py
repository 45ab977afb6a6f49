"""OFD files (GB/T 33190, what 电子公文 systems produce) → Document.

The zip is checked like a DOCX's (size, compression ratio, entity declarations: ooxml.py),
then the OFD producer (core/producers/ofd) gives its pages as positioned glyphs and ruling
lines — pictures-only pages read by OCR — and the one positional layout (core/layout) makes
the Document, exactly as for a PDF's text layer.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Document, Location, Note, TextBlock
from core.layout.blocks import document_from_pages
from core.limits import Progress
from core.producers.ofd.pages import ofd_pages
from core.producers.ofd.parse import parse_ofd
from core.readers.ooxml import Package


def read_ofd(path: Path, data: bytes, progress: Progress | None = None) -> Document:
    with Package(path, "OFD 文件", data) as package:
        package.check_xml_parts()  # no OFD producer writes entity declarations: refused outright
        parsed = parse_ofd(package)
    pages, ocr = ofd_pages(parsed.pages, progress)
    notes: list[str] = []
    if parsed.warnings:
        notes.append(Note("OFD 文件中有部分内容缺失或无法解析（" + "；".join(parsed.warnings[:3]) + "），已跳过；"
                          "如果表格不完整，请用 OFD 阅读器导出为 PDF 再检查。", "data_lost"))
    if ocr is not None:
        notes.extend(ocr.notes)  # scanned pages the page reader failed on (data_lost notes)
    doc = document_from_pages(str(path), "ofd", pages, notes)
    doc.ocr = ocr
    # The title property, when the pages do not print the report's title.
    title = parsed.title.strip()
    if "年度报告" in title and len(title) <= 80 and not any(
            isinstance(b, TextBlock) and "年度报告" in b.text for b in doc.blocks[:8]):
        doc.blocks.insert(0, TextBlock(title, Location(page=1)))
    return doc
