"""One page's reading kept to that page: a page image the OCR cannot get through (a fault
in the page reader on an odd picture — a blot, a torn edge, a photo of a desk) is named in a
note and read as empty, and the other pages of the report are read and checked as usual.

Before, one page's exception reached the reader and the whole report was called "damaged"
(文件内容已损坏), though every other page was readable. The lost page is treated like a PDF
page whose content did not inflate (core/rules/damage.py): what was printed on it is not
reported as missing, and the clerk is told to compare that page with the original.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from core.document import Note, ReadError
from core.layout.page import Canvas, Page, page_from_glyphs
from core.ocr_record import OcrPage
from core.producers.ocr.page import page_size, read_page

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# Read by core/rules/damage.py (its pattern): the pages named before this are lost.
UNREAD = "的图像识别出错，未能读出"


def read_page_contained(img: "np.ndarray", number: int,
                        size: tuple[float, float] | None = None) -> tuple[Page, OcrPage | None]:
    """``read_page``, or — when reading this page raised — an empty page of the same size
    and no OCR record. Running out of memory is not contained: the next page would fail the
    same way, and the caller's limits say what to do about it."""
    try:
        return read_page(img, number, size)
    except (MemoryError, ReadError):
        raise
    except Exception:  # noqa: BLE001 — any fault of the page reader loses this page only
        log.exception("OCR of page %d failed", number)
        width, height = size or page_size(img)
        return page_from_glyphs(Canvas(width, height), number, width, height, [], []), None


def unread_note(numbers: list[int]) -> Note:
    where = "、".join(f"第{n}页" for n in numbers)
    return Note(f"{where}{UNREAD}；该页的内容无法检查，请对照原件核对该页，或把该页重新扫描清楚后再检查。",
                "data_lost")


def all_unread(count: int) -> ReadError:
    what = "这页图像无法识别" if count == 1 else f"全部 {count} 页图像都无法识别"
    return ReadError(f"{what}，未能读出任何内容；请重新扫描（200 dpi 以上、摆正、不要反光）后再检查，"
                     "或向发文单位索取 Word 原件或可复制文字的 PDF。")
