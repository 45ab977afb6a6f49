"""Tables pasted into a document as pictures (a DOCX whose table 三 is a screenshot, a saved
web page whose tables are image files beside it): each picture large enough to hold a table
is read as a page image, and the tables found on it take the picture's place among the
document's blocks. A picture without a table (a logo, the seal, a photo) adds nothing."""

from __future__ import annotations

from core.document import Block, RawTable
from core.ocr.model import OcrInfo

# A table picture is at least this many pixels across and high; logos and seals are smaller.
_MIN_WIDTH = 360
_MIN_HEIGHT = 120
# A document with more pictures than this is a photo album: read the first ones only.
MAX_PICTURES = 12


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


def read_pictures(path: str, pictures: list[bytes]) -> tuple[list[list[Block]], OcrInfo]:
    """The tables on each picture (an empty list for a picture without one), and the OCR
    record with the pictures numbered 1… as pages."""
    from core.ocr.page import read_page
    from core.readers.pdf import document_from_pages
    from core.readers.scan import decode_images

    info = OcrInfo()
    out: list[list[Block]] = []
    number = 0
    for data in pictures[:MAX_PICTURES]:
        try:
            frames = decode_images(data)[:1]
        except Exception:  # noqa: BLE001 — a broken picture is skipped, the document still reads
            out.append([])
            continue
        number += 1
        page, ocr = read_page(frames[0], number)
        doc = document_from_pages(path, "image", [page], [])
        tables = [b for b in doc.blocks if isinstance(b, RawTable)]
        if tables:
            info.pages[number] = ocr
        out.append(list(tables))
    out.extend([] for _ in pictures[MAX_PICTURES:])
    return out, info
