"""Tables pasted into a document as pictures (a DOCX whose table 三 is a screenshot, a saved
web page whose tables are image files beside it): each picture large enough to hold a table
is read as a page image, and the tables found on it take the picture's place among the
document's blocks. A picture without a table (a logo, the seal, a photo) adds nothing."""

from __future__ import annotations

import time

from core.document import Block, RawTable
from core.layout.blocks import document_from_pages
from core.layout.page import Page
from core.limits import Progress, ocr_progress
from core.ocr_record import OcrInfo
from core.producers.ocr.budget import MAX_PICTURE_PIXELS, MAX_PICTURE_SECONDS, picture_pixels, unread_pictures_note
from core.producers.ocr.decode import decode_images
from core.producers.ocr.contained import read_page_contained

# A table picture is at least this many pixels across and high; logos and seals are smaller.
_MIN_WIDTH = 360
_MIN_HEIGHT = 120
# How many pictures a reader collects before it stops keeping their bytes (a web page's
# inline pictures); what is read of them is bounded by pixels and time (read_pictures),
# not by this count — twelve photos before the table no longer hide it.
MAX_PICTURES = 60


def worth_reading(data: bytes) -> bool:
    """Cheap: the picture's size from its header, without decoding it."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
    except Exception:  # noqa: BLE001 — an unreadable picture is skipped
        return False
    return w >= _MIN_WIDTH and h >= _MIN_HEIGHT and w * h <= 40_000_000


def read_pictures(path: str, pictures: list[bytes], progress: Progress | None = None,
                  positions: list[int] | None = None) -> tuple[list[list[Block]], OcrInfo]:
    """The tables on each picture (an empty list for a picture without one), and the OCR
    record with the pictures numbered 1… as pages. ``progress(k, n)`` before each picture
    read (k of n done) may raise ``Cancelled``; it is the OCR kind (limits.ocr_progress).

    ``positions``: where each picture stands among the document's blocks. Pictures at the
    same position (nothing between them: table 三 scanned page by page, two screenshots
    pasted one under the other) are laid out as consecutive pages of one document, so a
    table continued on the next picture is joined as a PDF's table across pages is; the
    joined table is the first picture's."""
    progress = ocr_progress(progress)
    info = OcrInfo()
    out: list[list[Block]] = [[] for _ in pictures]
    chosen = pictures
    at = positions if positions is not None else list(range(len(pictures)))
    runs: list[list[tuple[int, Page]]] = []  # (picture index, page) of pictures standing together
    number = 0
    pixels_left, started = MAX_PICTURE_PIXELS, time.perf_counter()
    over_pixels: list[int] = []
    over_time: list[int] = []
    failed: list[int] = []
    for k, data in enumerate(chosen):
        if progress is not None:
            progress(k, len(chosen))
        # A count of pictures is no limit (twelve event photos came before the table): the
        # pixels they hold, from their headers, and the time reading them has taken are.
        pixels = picture_pixels(data)
        if time.perf_counter() - started > MAX_PICTURE_SECONDS:
            over_time.append(k + 1)
            continue
        if pixels > pixels_left:
            over_pixels.append(k + 1)
            continue
        pixels_left -= pixels
        try:
            frames = decode_images(data, limit=1)  # a picture is its first frame: a 200-frame TIFF decodes one
        except Exception:  # noqa: BLE001 — a broken picture is skipped, the document still reads
            continue
        page, ocr = read_page_contained(frames[0], number + 1)
        if ocr is None:
            failed.append(k + 1)  # a picture the page reader failed on adds nothing; the others still read
            continue
        number += 1
        info.pages[number] = ocr
        if runs and at[runs[-1][-1][0]] == at[k]:
            runs[-1].append((k, page))
        else:
            runs.append([(k, page)])
    if progress is not None:
        progress(len(chosen), len(chosen))
    for run in runs:
        picture_of = {page.number: k for k, page in run}
        doc = document_from_pages(path, "image", [page for _, page in run], [])
        for block in doc.blocks:
            if isinstance(block, RawTable):
                first = next((c.loc.page for row in block.rows for c in row if c.loc.page), run[0][1].number)
                out[picture_of.get(first, run[0][0])].append(block)
    # The OCR record of a picture without a table cell (a photo, a scanned letter) is not kept.
    used = {c.loc.page for tables in out for t in tables if isinstance(t, RawTable) for row in t.rows for c in row}
    for number in [n for n in info.pages if n not in used]:
        del info.pages[number]
    if over_pixels:
        info.notes.append(unread_pictures_note(over_pixels, f"文件中的图片合计超过 {MAX_PICTURE_PIXELS // 100_000_000} 亿像素的识别上限"))
    if failed:
        info.notes.append(unread_pictures_note(failed, "图像识别出错"))
    if over_time:
        info.notes.append(unread_pictures_note(over_time, f"识别图片已用满 {MAX_PICTURE_SECONDS:.0f} 秒的上限"))
    return out, info
