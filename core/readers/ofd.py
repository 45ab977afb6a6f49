"""OFD files (GB/T 33190, what 电子公文 systems produce) → Document.

A producer beside the PDF text layer: each page's positioned glyphs and ruling lines
(core/readers/ofd_parse.py) go through the same positional layout and table pipeline as a
PDF page's, so an OFD report is read exactly as its PDF twin would be. A page that holds
only pictures (a scan saved as OFD) goes to the OCR, like a scanned PDF page.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Document, Location, Note, TextBlock
from core.readers.limits import Progress, ocr_progress
from core.readers.ofd_parse import OfdPage, parse_ofd

# Page pictures are composed at this resolution for the OCR (what a scanner gives).
_DPI = 200
# Pictures smaller than this (points, either side) are a logo or a seal, not page content.
_SMALL = 72.0


def read_ofd(path: Path, data: bytes, progress: Progress | None = None) -> Document:
    from core.readers.pdf import document_from_pages

    parsed = parse_ofd(path, data)
    pages = []
    scans: dict[int, object] = {}  # page number → the picture to recognise
    for page in parsed.pages:
        if progress is not None:
            progress(page.number - 1, len(parsed.pages))
        picture = _scan_picture(page)
        if picture is not None:
            scans[page.number] = picture
            continue
        pages.append(_text_page(page))
    notes: list[str] = []
    ocr_info = None
    if scans:
        ocr_pages, ocr_info = _recognise(parsed.pages, scans, progress)
        pages.extend(ocr_pages)
        pages.sort(key=lambda p: p.number)
    if parsed.warnings:
        notes.append(Note("OFD 文件中有部分内容缺失或无法解析（" + "；".join(parsed.warnings[:3]) + "），已跳过；"
                          "如果表格不完整，请用 OFD 阅读器导出为 PDF 再检查。", "data_lost"))
    doc = document_from_pages(str(path), "ofd", pages, notes)
    doc.ocr = ocr_info
    title = parsed.title.strip()
    if "年度报告" in title and len(title) <= 80 and not any(
            isinstance(b, TextBlock) and "年度报告" in b.text for b in doc.blocks[:8]):
        doc.blocks.insert(0, TextBlock(title, Location(page=1)))
    return doc


def _text_page(page: OfdPage):  # type: ignore[no-untyped-def]
    from core.ocr.page import _Canvas
    from core.readers.pdf import page_from_glyphs

    borders = [_border(line, page.height) for line in page.lines]
    return page_from_glyphs(_Canvas(page.width, page.height), page.number, page.width, page.height, page.glyphs, borders)


def _border(line: tuple[float, float, float, float], height: float) -> dict[str, object]:
    x0, top, x1, bottom = line
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "doctop": top, "y0": height - bottom, "y1": height - top}


def _scan_picture(page: OfdPage):  # type: ignore[no-untyped-def]
    """A page without text whose content is pictures (a scan saved as OFD): the page as an
    image, each picture pasted where it is printed, for the OCR; None for other pages."""
    if page.glyphs:
        return None
    shown = [(data, box) for data, box in page.images if box[2] - box[0] >= _SMALL and box[3] - box[1] >= _SMALL]
    if not shown:
        return None
    import numpy as np
    from PIL import Image

    from core.readers.scan import decode_images

    scale = _DPI / 72.0
    canvas = Image.new("RGB", (max(1, round(page.width * scale)), max(1, round(page.height * scale))), "white")
    for data, (x0, top, x1, bottom) in shown:
        frame = Image.fromarray(decode_images(data)[0])
        size = (max(1, round((x1 - x0) * scale)), max(1, round((bottom - top) * scale)))
        canvas.paste(frame.resize(size), (round(x0 * scale), round(top * scale)))
    return np.array(canvas)


def _recognise(pages: list[OfdPage], scans: dict[int, object], progress: Progress | None):  # type: ignore[no-untyped-def]
    from core.ocr.model import OcrInfo
    from core.ocr.page import read_page

    size = {p.number: (p.width, p.height) for p in pages}
    report = ocr_progress(progress)
    info = OcrInfo()
    out = []
    for k, (number, image) in enumerate(sorted(scans.items())):
        if report is not None:
            report(k, len(scans))
        page, ocr = read_page(image, number, size[number])
        out.append(page)
        info.pages[number] = ocr
    if report is not None:
        report(len(scans), len(scans))
    return out, info
