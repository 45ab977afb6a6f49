"""Dust is not a digit: the runs a table's numbers are read from, cleaned of specks.

A scan's dust, the JPEG's blocks and the grain of a fax leave marks smaller than any
character. Joined into a run beside a lone "0" they make it "0." or "·0" (a decimal, a
weak reading, a box wider than the cell's digit so the positional builder puts it in the
wrong column); alone in the white between a borderless table's columns they become runs
of their own ("." "。" "×") that break a row's columns apart.

The rule holds by construction, not by a threshold fitted to one scan: every digit of a
page's numbers is about as tall as the page's other digits (one font, one size in a table
— the digits read firmly on the page say how tall), so an ink mark less than half that
height is not a digit, wherever it is. The digit height is measured per page, from the
runs the recogniser read as whole numbers with confidence.

Only runs that read as numbers (digits with stray marks, or nothing firm) are touched:
a label's "、" and a prose line's "。" are the same size as dust and stay as printed.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from typing import TYPE_CHECKING

from core.ocr_record import Box

if TYPE_CHECKING:
    import numpy as np

# A reading this short without Chinese is looked at as a number (its marks decide).
_SHORT = 4
# Every digit is the full height of the line's digits (lining figures); a mark reaching less
# than this share of it is not a digit of its own — a piece of one (a stroke the scan broke)
# lies over a digit's columns, inside its line; anything else is dust.
FULL = 0.7
# A mark no larger than this share of the digit height either way, alone, is a speck: the
# trust pass leaves such marks out of a cell's ink (core/trust.py).
SPECK = 0.5
# A dash ("-", "—", a blank printed as a rule) is flat but long: wider than half a digit.
_DASH = 0.5
# A number's digits are set closer than this many digit heights; dust or a neighbouring
# cell's digit further away is not part of it.
DIGIT_GAP = 0.8
# What a number run's reading may hold besides digits when dust joined it: the marks the
# recogniser gives a speck.
_DUST_MARKS = re.compile(r"[#$%&@0-9oOlI.,·'`\-_‘’\"。，、:;°!|×*~^+]+")


# One connected piece of ink inside a run, in pixels of the page image: a box like a run's.
Mark = Box


def digit_height(boxes: list[Box], readings: list, em: float) -> float:  # type: ignore[type-arg]
    """The height of the page's digits: the median ink height of the runs read as whole
    numbers with confidence; without any, the share of a Chinese character's height a
    digit has in the fonts reports are set in (0.7 of the em against 0.88)."""
    heights = [b.height for b, r in zip(boxes, readings) if r.text.isdigit() and r.weakest >= 0.9]
    if len(heights) >= 3:
        return float(statistics.median(heights))
    return 0.8 * em


def number_like(text: str) -> bool:
    """A reading that is a number with stray marks (or only marks), or a short reading with
    no Chinese in it (a "0" with a speck on its ring read "Q·" or "α"): what the marks are
    decides then, not the reading."""
    if not text:
        return False
    # "！" of a full-width dictionary is "!"; a space is the recogniser's, between two numbers.
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    if not text:
        return False
    return _DUST_MARKS.fullmatch(text) is not None or (len(text) <= _SHORT and all(ord(c) < 0x2E80 for c in text))


def marks(ink: "np.ndarray", box: Box) -> list[Mark]:
    from core.producers.ocr import imageops as cv

    part = ink[box.y0:box.y1, box.x0:box.x1]
    n, _, stats, _ = cv.connectedComponentsWithStats(part, connectivity=8)
    return [Mark(box.x0 + int(x), box.y0 + int(y), box.x0 + int(x + w), box.y0 + int(y + h)) for x, y, w, h, _a in stats[1:n]]


def sort_marks(found: list[Mark], digit_h: float, signed: bool = False) -> tuple[list[Mark], list[Mark]]:
    """(the marks that are digits or pieces of one, the specks).

    Marks lying over each other's columns are one character's pieces (a light "2" the scan
    broke in two arcs): such a stack reaching the digits' full height is a digit, all its
    pieces kept. A small mark on the digits' foot between two digits is a decimal point
    (a fee of 2.51 万元); a flat one at their middle right before them is a minus sign. With no digit at all, a dash (a blank printed as "-" or "—") is
    the mark kept. Everything else is dust.

    The height is the line's own digits' where the run holds a mark of a digit's size in a
    smaller type than the page's (table 二 of the 2019 template is set smaller than the
    page's other numbers: its "252" lost its last "2" measured against the page).

    ``signed``: the recogniser read a minus before the digits. A short flat mark there is
    then that minus, not dust (a fax's "-188" in the 2019 template's increase column: its
    minus, 4×3 px beside 20-px digits, was dropped and the cell read "188" with confidence)."""
    stacks: list[list[Mark]] = []
    for m in sorted(found, key=lambda m: m.x0):
        for st in stacks:
            if any(min(m.x1, o.x1) - max(m.x0, o.x0) > 0 for o in st):
                st.append(m)
                break
        else:
            stacks.append([m])
    # The type size is measured on stacks, not marks: a bilevel copy at 200 dpi breaks a
    # "5" at its thin joint, and its body alone (11 px of 18) looked like a smaller type —
    # measured so, the top bar was dust and "55" read "05" (dev seed 11).
    spans = [_span(st) for st in stacks]
    tallest = max((h for h in spans if h <= 2.0 * digit_h), default=0)
    # Two stacks of that height at least (a number of its own; a lone small-type digit is
    # full-height enough against the page, and a lone blot is not taken for a type size).
    if 0.55 * digit_h <= tallest < digit_h and sum(1 for h in spans if h >= 0.85 * tallest) >= 2:
        digit_h = float(tallest)
    digits = [st for st in stacks if FULL * digit_h <= _span(st) <= 2.0 * digit_h]
    kept = [m for st in digits for m in _pieces_of_digit(st, digit_h)]
    if not kept:  # no digit, or only stacks too tall to be one (a blot reaching into a digit)
        dashes = [m for m in found if m.width >= _DASH * digit_h and m.width >= 2 * m.height]
        return dashes, [m for m in found if m not in dashes]
    top, bottom = min(m.y0 for m in kept), max(m.y1 for m in kept)
    for st in stacks:
        if st in digits or len(st) != 1:
            continue
        m = st[0]
        left = [o for o in kept if o.x1 <= m.x0 and m.x0 - o.x1 <= 0.5 * digit_h]
        right = [o for o in kept if o.x0 >= m.x1 and o.x0 - m.x1 <= 0.5 * digit_h]
        if left and right and abs(m.y1 - bottom) <= 0.15 * digit_h + 1 and m.height <= 0.3 * digit_h + 1:
            kept.append(m)  # the decimal point
        elif right and not left and (m.width > m.height if signed else m.width >= 1.5 * m.height) \
                and m.width >= (0.15 if signed else 0.25) * digit_h \
                and top + 0.2 * (bottom - top) <= (m.y0 + m.y1) / 2 <= bottom - 0.2 * (bottom - top):
            kept.append(m)  # a minus sign (the 2019 template's 增减 column: "-23")
    return kept, [m for m in found if m not in kept]


def _span(stack: list[Mark]) -> int:
    return max(m.y1 for m in stack) - min(m.y0 for m in stack)


def _pieces_of_digit(stack: list[Mark], digit_h: float) -> list[Mark]:
    """A stack's marks that are its digit: the whole-height marks and the pieces that keep
    the stack no taller than a digit (the top bar of a "5" or "7" the scan broke off, the
    dot of a broken "0"); a mark that would make it taller is a speck above or below it.
    A digit broken into pieces none of which is whole keeps them all, when they stand no
    taller than a digit."""
    whole = [m for m in stack if m.height >= FULL * digit_h]
    if not whole:
        return stack if _span(stack) <= 1.3 * digit_h else []
    top, bottom = min(m.y0 for m in whole), max(m.y1 for m in whole)
    kept = list(whole)
    # Nearest first: a piece touching the digit's band is judged before one beyond it.
    rest = sorted((m for m in stack if m not in whole), key=lambda m: max(top - m.y1, m.y0 - bottom, 0))
    for m in rest:
        if max(bottom, m.y1) - min(top, m.y0) <= 1.15 * digit_h + 1:
            kept.append(m)
            top, bottom = min(top, m.y0), max(bottom, m.y1)
    return kept


def numbers_in(ink: "np.ndarray", box: Box, digit_h: float, signed: bool = False) -> list[Box]:
    """The numbers a run holds once its specks are left out, grouped where they lie closer
    than a digit's gap (a run that joined dust to two cells' digits gives both). Empty when
    the run is dust only."""
    kept, _ = sort_marks(marks(ink, box), digit_h, signed)
    kept.sort(key=lambda m: m.x0)
    groups: list[list[Mark]] = []
    for m in kept:
        if groups and m.x0 - max(g.x1 for g in groups[-1]) <= DIGIT_GAP * digit_h:
            groups[-1].append(m)
        else:
            groups.append([m])
    return [Box(min(m.x0 for m in g), min(m.y0 for m in g), max(m.x1 for m in g), max(m.y1 for m in g)) for g in groups]


def whiten_specks(grey: "np.ndarray", ink: "np.ndarray", box: Box, digit_h: float, signed: bool = False) -> None:
    """Whiten, in ``grey`` itself, the specks in and around ``box`` (as far as a crop's
    margin reaches): what the recogniser and the trust pass's re-reads see of the run is
    then its digits alone. A mark cut by that margin's edge (a neighbour's character) is
    left as it is."""
    from core.producers.ocr import imageops as cv

    import numpy as np

    reach = int(0.6 * digit_h) + 1
    h, w = ink.shape[:2]
    x0, y0, x1, y1 = max(0, box.x0 - reach), max(0, box.y0 - reach), min(w, box.x1 + reach), min(h, box.y1 + reach)
    part = ink[y0:y1, x0:x1]
    n, labels, stats, _ = cv.connectedComponentsWithStats(part, connectivity=8)
    found = [Mark(x0 + int(x), y0 + int(y), x0 + int(x + bw), y0 + int(y + bh)) for x, y, bw, bh, _a in stats[1:n]]
    inner = [m for m in found if m.x0 < box.x1 and m.x1 > box.x0 and m.y0 < box.y1 and m.y1 > box.y0]
    kept, _ = sort_marks(inner, digit_h, signed)
    region = grey[y0:y1, x0:x1]
    # The speck's blurred rim goes with it (left, it reads as "." beside the digit); another
    # mark's own ink is never whitened.
    ring = np.ones((3, 3), np.uint8)
    for i, m in enumerate(found, start=1):
        cut = m.x0 <= x0 and x0 > 0 or m.y0 <= y0 and y0 > 0 or m.x1 >= x1 and x1 < w or m.y1 >= y1 and y1 < h
        if m in kept or cut:
            continue
        if m not in inner and m.height >= FULL * digit_h:
            continue  # a digit of its own beside the run: not dust
        region[(cv.dilate((labels == i).astype(np.uint8), ring) > 0) & ((labels == 0) | (labels == i))] = 255
