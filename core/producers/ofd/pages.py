"""OFD pages → the layout's pages: text pages as glyphs and ruling lines through the same
``page_from_glyphs`` as a PDF text layer; pages that hold only pictures (a scan saved as
OFD) composed into a page image, each picture where it is printed, and read by OCR."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.layout.page import Canvas, Page, page_from_glyphs
from core.limits import Progress, ocr_progress
from core.ocr_record import OcrInfo
from core.producers.ofd.parse import OfdPage

if TYPE_CHECKING:
    import numpy as np

# Page pictures are composed at this resolution for the OCR (what a scanner gives).
_DPI = 200
# Pictures smaller than this (points, either side) are a logo or a seal, not page content.
_SMALL = 72.0



def ofd_pages(parsed: list[OfdPage], progress: Progress | None = None) -> tuple[list[Page], OcrInfo | None]:
    """The layout's pages in order, and what the OCR read (None when no page needed it)."""
    pages: list[Page] = []
    scans: dict[int, "np.ndarray"] = {}
    for page in parsed:
        if progress is not None:
            progress(page.number - 1, len(parsed))
        picture = _scan_picture(page)
        if picture is not None:
            scans[page.number] = picture
        else:
            pages.append(text_page(page))
    if not scans:
        return pages, None
    sizes = {p.number: (p.width, p.height) for p in parsed}
    read, info = _recognise(scans, sizes, progress)
    if not pages and not info.pages:
        from core.producers.ocr.contained import all_unread

        raise all_unread(len(scans))
    return sorted(pages + read, key=lambda p: p.number), info


def text_page(page: OfdPage) -> Page:
    borders = [_border(line, page.height) for line in page.lines]
    return page_from_glyphs(Canvas(page.width, page.height), page.number, page.width, page.height, page.glyphs, borders)


def _border(line: tuple[float, float, float, float], height: float) -> dict[str, object]:
    x0, top, x1, bottom = line
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "doctop": top, "y0": height - bottom, "y1": height - top}


def _scan_picture(page: OfdPage) -> "np.ndarray | None":
    """A page without text whose content is pictures: the page as an image, each picture
    pasted where it is printed; None for other pages."""
    if page.glyphs:
        return None
    shown = [(data, box) for data, box in page.images if box[2] - box[0] >= _SMALL and box[3] - box[1] >= _SMALL]
    if not shown:
        return None
    import numpy as np
    from PIL import Image

    from core.producers.ocr.decode import decode_images

    scale = _DPI / 72.0
    canvas = Image.new("RGB", (max(1, round(page.width * scale)), max(1, round(page.height * scale))), "white")
    for data, (x0, top, x1, bottom) in shown:
        frame = Image.fromarray(decode_images(data)[0])
        size = (max(1, round((x1 - x0) * scale)), max(1, round((bottom - top) * scale)))
        canvas.paste(frame.resize(size), (round(x0 * scale), round(top * scale)))
    return np.array(canvas)


def _recognise(scans: dict[int, "np.ndarray"], sizes: dict[int, tuple[float, float]],
               progress: Progress | None) -> tuple[list[Page], OcrInfo]:
    # The OCR stack (onnxruntime, OpenCV) is loaded only for an OFD that needs it.
    from core.producers.ocr.contained import read_page_contained, unread_note

    report = ocr_progress(progress)
    info = OcrInfo()
    out: list[Page] = []
    failed: list[int] = []
    for k, (number, image) in enumerate(sorted(scans.items())):
        if report is not None:
            report(k, len(scans))
        page, ocr = read_page_contained(image, number, sizes[number])
        out.append(page)
        if ocr is None:
            failed.append(number)
        else:
            info.pages[number] = ocr
    if report is not None:
        report(len(scans), len(scans))
    if failed:
        info.notes.append(unread_note(failed))
    return out, info
