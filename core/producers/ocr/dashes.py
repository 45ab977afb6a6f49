"""Thin table borders a bilevel scan broke into dashes (issue 23).

A thin rule scanned at a slight tilt crosses the scanner's rows slowly: where it lies on one
row its ink is dark, where it straddles two each row gets half of it. Thresholded to one bit
(a copier's or a fax's black-and-white mode) the halves are dropped, and a border becomes a
row of short dashes at one period — the rows' pitch over the tilt (hongze-2023 faxed at
98 lines and 0.9°: dashes 32–40 px long every 126 px; huaian-2024 at 196 lines and 0.76°:
every 75 px). Each dash is shorter than the opening that finds borders (four characters),
so the table had no row borders at all: the dashes were read as text ("一一一一"), the rows
ran together and table 三 was lost whole (dev seeds 24, 26).

Levelled with the page, a broken border's dashes lie on one pixel row. Marks on one row are
a border when there are several of them over a table's width and the paper between them is
white on that row: the strokes of characters that happen to line up ("一" in a line of
prose) have the other characters' ink between them.

Coordinates are image pixels (the page levelled, at the working resolution).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.producers.ocr.borders import EMBEDDED, Segment, embedded_share

if TYPE_CHECKING:
    import numpy as np

# A dash is at least a character long (the opening's kernel) and at most this many
# pixels thick at the working resolution (a fax row pair, turned level: 2–3 px).
_DASH_THICK = 4
# Dashes of one border lie on one row, within this many pixels (the page is levelled to
# 0.05°: a pixel over a table's 1400 px).
_DY = 2
# A border is at least this many dashes long,
_LEAST_DASHES = 4
# and reaches at least this many character heights (the narrowest table is wider).
_LEAST_EMS = 8
# Between two dashes at most this many character heights, or this many times the shorter
# dash: a dash and its gap share the period, the threshold sets the dash's share of it
# (a quarter and more measured).
_GAP_EMS = 4
_GAP_DASHES = 4
# The paper between two dashes on their row (and a pixel either way): a border crossed by a
# cell's side has a little ink there, a line of text has the characters' strokes (a fifth
# to two fifths measured). A gap with no more than this share inked is clean,
_GAP_INK = 0.1
# and this share of a border's gaps are: a label's characters may sit on a stretch of it.
_CLEAN_GAPS = 0.5
# A stepped border (``stepped_rules``) lies within this many rows, and is at most this
# many pixels of ink across (two row pairs' worth).
_STEP_THICK = 8
_STEP_INK = 5
# At least this share of a border's dashes stand alone (``_alone``).
_ALONE = 0.4


@dataclass(frozen=True)
class Dashed:
    """A border found from its dashes: the line from its first dash to its last, and the
    longest gap between two of them (how far its ends may lie from the ink seen)."""

    line: Segment
    gap: float


def dashed_rules(closed_h: "np.ndarray", found: "np.ndarray", mask: "np.ndarray",
                 em: float) -> tuple[list[Dashed], list[tuple[int, int, int, int]]]:
    """The horizontal borders made of dashes, and the boxes (x, y, w, h) of their dashes.
    ``closed_h``: the ink closed across one-pixel breaks; ``found``: the borders' pixels
    found whole (left out here)."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    if em <= 0:
        return [], []
    # A character long at least: the strokes of digits set in a row of cells (the tops of
    # "7", "3", "5" across table 四) are half that, and lie on one row as a border's dashes do.
    k = max(8, int(em))
    short = cv.morphologyEx(closed_h, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (k, 1)))
    near = cv.dilate(found, np.ones((5, 5), np.uint8))
    short = cv.bitwise_and(short, cv.bitwise_not(near))
    n, _labels, stats, _ = cv.connectedComponentsWithStats(short, connectivity=8)
    dashes = []
    for i in range(1, n):
        x, y, bw, bh, _a = (int(v) for v in stats[i])
        if bh > _DASH_THICK or bw >= 4 * em:
            continue
        if embedded_share(mask, x, y, bw, bh, True) >= EMBEDDED:
            continue  # a stroke with a character's ink above and below it
        dashes.append((x, y, bw, bh, y + bh / 2))
    rules: list[Dashed] = []
    boxes: list[tuple[int, int, int, int]] = []
    for chain in _chains(dashes, em):
        if _is_border(chain, mask, em):
            yc = sum(d[4] * d[2] for d in chain) / sum(d[2] for d in chain)
            gap = max(d2[0] - (d1[0] + d1[2]) for d1, d2 in zip(chain, chain[1:]))
            rules.append(Dashed(Segment(float(chain[0][0]), yc, float(chain[-1][0] + chain[-1][2]), yc), float(gap)))
            boxes.extend((d[0], d[1], d[2], d[3]) for d in chain)
    return rules, boxes


def to_the_sides(rule: Dashed, vsegs: list[Segment], tol: float) -> Segment:
    """A dashed border run on to the sides its ends lie short of. Its first and last dash
    are where the scan happened to keep ink, anywhere in its period: a border ends on a
    side, so an end in the paper before the next side crossing its height, within one gap
    of the dashes, reaches that side. An end on a side may be the border's end, or a gap
    may have begun there: with the table's outer side within one gap beyond it and no side
    between, the border runs on to the outline (the 总计 column's cells of a dashed table
    were otherwise left open, and its numbers lost)."""
    h = rule.line
    reach = rule.gap + tol
    crossing = sorted(v.x0 for v in vsegs if v.y0 - tol <= h.y0 <= v.y1 + tol)

    def run_on(end: float, ahead: list[float]) -> float:
        if not ahead:
            return end
        first = ahead[0]
        if abs(first - end) > tol:
            return first if abs(first - end) <= reach else end
        if len(ahead) == 2 and abs(ahead[1] - end) <= reach:
            return ahead[1]
        return first

    x1 = run_on(h.x1, [x for x in crossing if x > h.x1 - tol])
    x0 = run_on(h.x0, [x for x in reversed(crossing) if x < h.x0 + tol])
    return Segment(min(x0, h.x0), h.y0, max(x1, h.x1), h.y1)


def _alone(mask: "np.ndarray", d: tuple[int, int, int, int, float]) -> bool:
    # The middle half: levelled, a dash keeps a pixel's step of its tilt at either end.
    x, y, bw, bh = d[0] + d[2] // 4, d[1], d[2] - d[2] // 2, d[3]
    # Two rows off (the dash's own edge row may fall outside its opened piece); a speck of
    # dust may lie there.
    above = mask[max(0, y - 3):max(0, y - 1), x:x + bw]
    below = mask[y + bh + 1:y + bh + 3, x:x + bw]
    return int((above > 0).sum()) + int((below > 0).sum()) <= 2


def _chains(dashes: list[tuple[int, int, int, int, float]], em: float) -> list[list[tuple[int, int, int, int, float]]]:
    """Dashes on one row, left to right, each within reach of the one before."""
    out: list[list[tuple[int, int, int, int, float]]] = []
    for d in sorted(dashes, key=lambda d: d[0]):
        for chain in out:
            last = chain[-1]
            reach = max(_GAP_EMS * em, _GAP_DASHES * min(last[2], d[2]))
            if abs(last[4] - d[4]) <= _DY and 0 <= d[0] - (last[0] + last[2]) <= reach:
                chain.append(d)
                break
        else:
            out.append([d])
    return out


def _is_border(chain: list[tuple[int, int, int, int, float]], mask: "np.ndarray", em: float) -> bool:
    """Enough dashes over a table's width, with paper between them on their row."""
    if len(chain) < _LEAST_DASHES:
        return False
    x0, x1 = chain[0][0], chain[-1][0] + chain[-1][2]
    if x1 - x0 < _LEAST_EMS * em:
        return False
    # A dash of a border stands alone, paper above and below it; the strokes of a line of
    # characters that share its height (the foot of "二、上年…") are joined to their
    # characters' other strokes. Dust may touch a dash or two.
    if sum(_alone(mask, d) for d in chain) < _ALONE * len(chain):
        return False
    y = int(round(sum(d[4] for d in chain) / len(chain)))
    inked = (mask[max(0, y - 2):y + 2] > 0).any(axis=0)
    # Next to a dash the scan keeps a pixel's step of the tilted line (a few pixels on the
    # row beside it): the gap is judged inside that.
    step = max(3, int(0.25 * em))
    clean = 0
    for d1, d2 in zip(chain, chain[1:]):
        a, b = d1[0] + d1[2] + step, d2[0] - step
        if b <= a or float(inked[a:b].mean()) <= _GAP_INK:
            clean += 1
    return clean >= _CLEAN_GAPS * (len(chain) - 1)


def stepped_rules(closed_h: "np.ndarray", found: "np.ndarray", mask: "np.ndarray", length: int,
                  thin: int) -> tuple[list[Segment], list[tuple[int, int, int, int]]]:
    """Horizontal borders a fax's 98 lines left as a staircase: the tilted line kept on one
    row pair, then the next, each step a period long (hongze-2024 at 1.2°: 2 px every 95 px).
    Levelled with the page, each step leans back by the tilt, so no single pixel row holds
    the border for the opening's length and it was lost (the border under table 三's header:
    the header's cells ran into the first row, dev seed 37). Taken over three rows, the
    steps are one line; it must still be thin and have paper beside it, as any border.
    Returns the borders and the boxes (x, y, w, h) of their pixels."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    band = cv.dilate(closed_h, np.ones((3, 1), np.uint8))
    lines = cv.morphologyEx(band, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (length, 1)))
    near = cv.dilate(found, np.ones((7, 7), np.uint8))
    n, labels, stats, _ = cv.connectedComponentsWithStats(lines, connectivity=8)
    out: list[Segment] = []
    boxes: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, bw, bh, _a = (int(v) for v in stats[i])
        if bh > min(thin, _STEP_THICK) or bw < length:
            continue
        if float((near[y:y + bh, x:x + bw] > 0).mean()) > 0.5:
            continue  # a border found already
        if float(np.percentile(_thickness(mask, x, y, bw, bh), 90)) > _STEP_INK:
            continue  # thick across: a band of text or a seal's ring, not a line
        if embedded_share(mask, x, y, bw, bh, True) >= EMBEDDED:
            continue
        yc = y + bh / 2
        out.append(Segment(float(x), yc, float(x + bw), yc))
        boxes.append((x, y, bw, bh))
    return out, boxes


def _thickness(mask: "np.ndarray", x: int, y: int, bw: int, bh: int) -> "np.ndarray":
    """Per column of a candidate, the height of the ink it lies in: the run of ink through
    its rows, followed beyond them (the bottom of a seal's ring is as flat as a border for a
    hand's width, but ten pixels thick; inside the candidate's own rows it looked thin and
    was taken for a border, and the "3" under the ring was wiped as its ink, dev seed 163)."""
    import numpy as np

    h = mask.shape[0]
    pad = 2 * _STEP_THICK
    top, bottom = max(0, y - pad), min(h, y + bh + pad)
    window = mask[top:bottom, x:x + bw] > 0
    out = np.zeros(window.shape[1], dtype=np.int32)
    a, b = y - top, y - top + bh
    for c in range(window.shape[1]):
        col = window[:, c]
        rows = np.nonzero(col[a:b])[0]
        if not len(rows):
            continue
        lo = a + int(rows[0])
        hi = a + int(rows[-1])
        while lo > 0 and col[lo - 1]:
            lo -= 1
        while hi + 1 < len(col) and col[hi + 1]:
            hi += 1
        out[c] = hi - lo + 1
    return out
