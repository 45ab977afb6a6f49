"""Runs read as numbers, cleaned of the dust they hold and read again (the page reader's dust
hook, core/producers/ocr/page.py): which marks of a run are digits and which are specks is
core/producers/ocr/specks.py's; here the runs are cut to their numbers, put on their row's
band, and re-read — a lone weak digit padded to a line's width."""

from __future__ import annotations

import re
import statistics
import unicodedata
from typing import TYPE_CHECKING

from core.ocr_record import Box
from core.producers.ocr import image, specks
from core.producers.ocr.engine import engine

if TYPE_CHECKING:
    import numpy as np

# A number as a cell prints it: "-23" in the 2019 template's 增减 column, "2.51" 万元.
NUMBER = re.compile(r"[-−－]?\d+(\.\d+)?")
# A lone weak digit is read again padded to this many heights wide (PaddleOCR's own 320/48).
_LONE_RATIO = 6.67
# A number's run cut to its row's band reads no surer than this (the trust pass's "weak").
_CUT = 0.5


def without_dust(clean: "np.ndarray", ink: "np.ndarray", boxes: list[Box], readings: list,  # type: ignore[type-arg]
                  em: float, digit_h: float) -> tuple[list[Box], list, set[int]]:  # type: ignore[type-arg]
    """Runs read as numbers, or as marks only, cleaned of the specks they hold
    (core/producers/ocr/specks.py; ``digit_h``: the page's digit height, specks.digit_height
    of these runs): a run of dust only is dropped, a run of digits and dust
    is cut to its digits (one run per number it holds) and read again without the dust.
    Also: which of the runs returned are numbers (digit-high marks only)."""
    out_boxes: list[Box] = []
    out_readings: list = []  # type: ignore[type-arg]
    again: list[int] = []
    numeric: set[int] = set()
    for box, r in zip(boxes, readings):
        if not (specks.number_like(r.text) or (not r.text and box.height <= 2 * em)):
            out_boxes.append(box)
            out_readings.append(r)
            continue
        # Either decoding read a minus first ("·123" over the alphabet is "-123" in digits).
        signed = any(_plain(t)[:1] in ("-", "−", "－") for t in (r.text, r.digits or ""))
        numbers = specks.numbers_in(ink, box, digit_h, signed)
        if numbers == [box]:
            numeric.add(len(out_boxes))
            out_boxes.append(box)
            out_readings.append(r)
            continue
        specks.whiten_specks(clean, ink, box, digit_h, signed)
        for b in numbers:
            again.append(len(out_boxes))
            numeric.add(len(out_boxes))
            out_boxes.append(b)
            out_readings.append(r)
    cut = _to_row_band(out_boxes, numeric, digit_h)
    again.extend(cut)
    for i, r in zip(again, engine().read([image.crop(clean, out_boxes[i]) for i in again])):
        out_readings[i] = r
    # A lone digit is the hardest thing for a line recogniser: padded to a line's width (the
    # width PaddleOCR pads every crop to) it reads a clean "0" it gave up on at our narrow
    # default. Only the weak ones are read so. The padded reading stands where it is a number
    # and the first gave none, or the same one less surely; two weak readings of different
    # numbers are doubt, not a choice — the first stands, as unsure as the weaker (huaian-2024:
    # the seal's ring through a light "3" read "3" at 0.49 and, padded, "8" at 0.60). A mark
    # is never taken for one: a label's broken "一)" read ")" became "-", a blank cell that
    # shifted its row a column (dev seed 11).
    weak = [i for i, (b, r) in enumerate(zip(out_boxes, out_readings))
            if r.weakest < 0.9 and (specks.number_like(r.text) or not r.text) and b.width <= 3 * b.height and b.height <= 2 * em]
    for i, r in zip(weak, engine().read([image.crop(clean, out_boxes[i]) for i in weak], min_ratio=_LONE_RATIO)):
        first = out_readings[i]
        if not NUMBER.fullmatch(_plain(r.text)) or r.weakest <= first.weakest:
            continue
        if NUMBER.fullmatch(_plain(first.text)) and _plain(r.text) != _plain(first.text):
            out_readings[i] = type(first)(first.text, min(first.score, r.score), first.digits, first.digits_score,
                                          min(first.weakest, r.weakest))
        else:
            out_readings[i] = r
    # A run cut to its row's band left ink out that reached beyond it: dust stuck to a digit,
    # or a seal's ring whose piece inside the band reads as a "1" (hongze-2024, dev seed 1:
    # "0" with the ring beside it read "10" at 0.97). What the cut piece is the trust pass
    # decides, re-reading the cell without the ink that runs over its border.
    for i in cut:
        r = out_readings[i]
        out_readings[i] = type(r)(r.text, r.score, r.digits, r.digits_score, min(r.weakest, _CUT))
    return out_boxes, out_readings, numeric


def _plain(text: str) -> str:
    """A reading as a number is compared: NFKC, without the recogniser's spaces."""
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _to_row_band(boxes: list[Box], numeric: set[int], digit_h: float) -> list[int]:
    """A number taller than the page's digits holds a blot stuck to a digit (dust on its
    stroke) above or below: its box is cut to the band its row's other numbers share, so
    it lines up with them (the positional builder groups a row by the boxes' middles) and
    is read without the blot. The numbers changed so (to be read again)."""
    normal = [boxes[i] for i in numeric if boxes[i].height <= 1.15 * digit_h]
    changed: list[int] = []
    for i in sorted(numeric):
        b = boxes[i]
        if b.height <= 1.25 * digit_h:
            continue
        row = [n for n in normal if n.y0 < b.y1 and n.y1 > b.y0 and n.y0 >= b.y0 - 0.5 * digit_h and n.y1 <= b.y1 + 0.5 * digit_h]
        if len(row) < 2:
            continue
        top = int(statistics.median(n.y0 for n in row))
        bottom = int(statistics.median(n.y1 for n in row))
        boxes[i] = Box(b.x0, max(b.y0, top - 1), b.x1, min(b.y1, bottom + 1))
        changed.append(i)
    return changed
