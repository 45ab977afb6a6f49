"""A label's item number whose dot the recogniser lost (core/producers/ocr/page.py
``_item_number``): "3.危及…" read "3危及…" put the digit in the row's first value column and
moved every value one column (dev seed 20: 16 confidently wrong cells). Synthetic runs, no
recogniser."""

from __future__ import annotations

import numpy as np

from core.ocr_record import Box
from core.producers.ocr.page import _item_number


def _label_run(gap: int) -> tuple[np.ndarray, Box]:
    """A digit, then ``gap`` px of paper (with a faint dot in it), then two characters."""
    img = np.full((30, 120), 255, dtype=np.uint8)
    img[3:25, 2:12] = 30  # the digit
    if gap > 8:
        img[22:25, 12 + gap // 2:14 + gap // 2] = 200  # a dot too faint to read
    x = 12 + gap
    img[2:26, x:x + 22] = 30
    img[2:26, x + 26:x + 48] = 30
    return img, Box(0, 0, x + 48, 28)


def test_an_item_number_set_apart_keeps_its_mark() -> None:
    """"3.危及…" read "3危及…": the digit would be read as the row's first value."""
    img, box = _label_run(gap=12)
    assert _item_number("3危及", img, box) == "3.危及"


def test_a_digit_inside_the_words_stays_as_read() -> None:
    img, box = _label_run(gap=2)
    assert _item_number("1月份", img, box) == "1月份"
    img, box = _label_run(gap=12)
    assert _item_number("3.危及", img, box) == "3.危及"
    assert _item_number("12危及", img, box) == "12危及"


def test_a_count_keeps_its_digit() -> None:
    """"3 件" in a cell, set apart by Word's quarter em: a count, never an item number."""
    img, box = _label_run(gap=12)
    assert _item_number("3件", img, box) == "3件"
    assert _item_number("5个工作日", img, box) == "5个工作日"
