"""The trust pass crops a cell again to re-read it (core/trust.py ``_inside``). A ruled cell's
box is its borders, cut a few pixels in; a borderless cell's box is its text's own, so its
first and last digits reach the box's sides — cut in from there, they touched the crop's
edge and were dropped as a border's residue, and "375" was read again as one digit. Three
dark strokes stand for the digits here: which of them the crop keeps is the question."""

from __future__ import annotations

import numpy as np

from core.ocr_record import Box, OcrPage, OcrRun
from core.trust import _ink_box, _inside  # noqa: PLC2701 — the crop itself is what is tested


def _page_with_digits() -> tuple[OcrPage, list[tuple[int, int]]]:
    img = np.full((200, 400), 255, np.uint8)
    digits = [(100, 112), (116, 128), (132, 144)]  # x ranges of three digit strokes, rows 80–100
    for x0, x1 in digits:
        img[80:100, x0:x1] = 20
    run = OcrRun(Box(100, 80, 144, 100), (100.0, 80.0, 144.0, 100.0), "375", 0.5, "375", 0.5, 0.5)
    return OcrPage(1, img, 1.0, 400.0, 200.0, [run]), digits


def test_a_borderless_cell_keeps_its_first_and_last_digit() -> None:
    page, digits = _page_with_digits()
    # The cell's box is its text's box (a table without borders), a little taller.
    part = _inside(page, (100.0, 74.0, 144.0, 106.0))
    box = _ink_box(part)
    assert box is not None and box.width >= digits[-1][1] - digits[0][0], box


def test_a_ruled_cell_is_still_cut_inside_its_borders() -> None:
    page, _ = _page_with_digits()
    page.image[60:120, 80] = 0  # the cell's left and right borders, 20 px from the digits
    page.image[60:120, 164] = 0
    part = _inside(page, (80.0, 60.0, 164.0, 120.0))
    assert part is not None and part.shape[1] == 164 - 80 - 6  # 3 px in from each border
    box = _ink_box(part)
    assert box is not None and box.width == 44
