"""Tests a found ruling line must pass on a degraded scan, and the repairs of its pieces
(issue 23): strokes of fused characters are not borders, a photographed border is tilted,
a fax's 98 dpi rows drop pieces of a border, a border's fringe is not text. Used by
``image.ruling``; coordinates are image pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np

# A candidate line with ink just outside it on both sides along this share of its length
# is a stroke inside fused characters, not a border (``embedded_share``). Measured on scans from
# 100 dpi to a fax's 98 dpi rows, phone photos and 240 dpi: borders 0.00–0.16 (text set
# against them from one side, crossing borders), strokes of headings and of 100 dpi prose
# and digits 0.33–1.0.
EMBEDDED = 0.3


@dataclass(frozen=True)
class Segment:
    """A ruling line: x0, y0, x1, y1 in pixels (horizontal: y0 == y1; vertical: x0 == x1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


def broken(mask: "np.ndarray", x: int, y: int, bw: int, bh: int) -> bool:
    """A printed border is unbroken ink (measured on the scans: not one white pixel along
    any real border). Character strokes that nearly fill one-line cells (thin-ruled tables,
    type set close to the rules) join into a "line" only through the closing, across the
    few white pixels between each character and the border: more than 5% of its length."""
    col = (mask[y:y + bh, max(0, x - 1):x + bw + 1] > 0).any(axis=1)
    return float((~col).mean()) > 0.05


def residue(mask: "np.ndarray", lines_mask: "np.ndarray", hsegs: list[Segment], reach: int = 5) -> None:
    """A border's fringe left beside it (a photographed border under a seal's tint is thicker
    than its found rows): flat slivers of ink lying along the border, within a few pixels of
    it, are the border's too — read as text they were "f96esR9·-ast" in a value cell
    (report_2021 photographed, 3 px high and 44 wide) or a "1" before a printed 0. A
    character touching the border reaches further from it and stays text."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    h, w = mask.shape
    for s in hsegs:
        y0, y1 = max(0, int(s.y0) - reach - 3), min(h, int(s.y0) + reach + 4)
        x0, x1 = max(0, int(s.x0)), min(w, int(s.x1) + 1)
        band = cv.bitwise_and(mask[y0:y1, x0:x1], cv.bitwise_not(lines_mask[y0:y1, x0:x1]))
        n, labels, stats, _ = cv.connectedComponentsWithStats(band, connectivity=8)
        for i in range(1, n):
            x, y, bw, bh, _a = stats[i]
            # Flat, and not cut by the band's edge (a character reaching beyond it is text).
            if bh <= 4 and bw >= 2 * bh and y > 0 and y + bh < y1 - y0:
                part = lines_mask[y0 + y:y0 + y + bh, x0 + x:x0 + x + bw]
                part[labels[y:y + bh, x:x + bw] == i] = 255


def embedded_share(mask: "np.ndarray", x: int, y: int, bw: int, bh: int, horizontal: bool) -> float:
    """Share of a candidate line's length with ink just outside it on both sides. A border
    has paper beside it on one side at least, wherever no other border crosses it; a
    stroke of characters fused into one blob (100 dpi, blurred: a whole line of prose
    becomes a bar with long horizontal runs, a digit's strokes long vertical ones) has
    the blob's ink on both sides along most of it."""
    d = 3
    h, w = mask.shape
    if horizontal:
        if y - d < 0 or y + bh - 1 + d >= h:
            return 0.0
        a, b = mask[y - d, x:x + bw] > 0, mask[y + bh - 1 + d, x:x + bw] > 0
    else:
        if x - d < 0 or x + bw - 1 + d >= w:
            return 0.0
        a, b = mask[y:y + bh, x - d] > 0, mask[y:y + bh, x + bw - 1 + d] > 0
    return float((a & b).mean()) if len(a) else 0.0


def embedded(mask: "np.ndarray", x: int, y: int, bw: int, bh: int, horizontal: bool) -> bool:
    """A candidate line that is a stroke inside fused characters (``embedded_share``)."""
    return embedded_share(mask, x, y, bw, bh, horizontal) >= EMBEDDED


def thin_across(part: "np.ndarray", axis: int, thin: int) -> bool:
    """A border bent or tilted by a phone's perspective (the page is levelled by its text,
    not by each line): its box is wider than a border is thick, but across the line it is
    as thin as a straight one — huaian-2024 photographed at 2°: the table's right side
    drifts 20 px over its 773 px. A block of ink or a character is thick across."""
    import numpy as np

    across = part.sum(axis=axis)
    across = across[across > 0]
    # Nearly everywhere, not on average: a digit joined to a side ("|11") is thick where it is.
    return bool(len(across) and float(np.percentile(across, 90)) <= max(4, thin // 2))


def collinear(segs: list[Segment], dy: float, gap: float) -> list[Segment]:
    """Pieces of one border joined: a fax's 98 dpi rows lose a thin tilted border wherever
    it falls between two scanned rows (report_2019 faxed at 0.5°: gaps of 52–68 px every
    230 px, a pixel off the next piece's height; the period is the row pitch over the tilt,
    so a smaller tilt drops longer stretches, about a quarter of each period). Pieces on one
    height are one border where the gap is under ``gap`` or under half the shorter piece: a
    merged cell's missing border is as long as the cells beside it, a dropout a third."""
    out: list[Segment] = []
    for s in sorted(segs, key=lambda s: s.x0):  # left to right: each piece meets its line's end
        for k, o in enumerate(out):
            reach = max(gap, 0.5 * min(o.x1 - o.x0, s.x1 - s.x0))
            if abs(o.y0 - s.y0) <= dy and s.x0 - o.x1 <= reach and o.x0 - s.x1 <= reach:
                w0, w1 = o.x1 - o.x0, s.x1 - s.x0
                y = (o.y0 * w0 + s.y0 * w1) / max(w0 + w1, 1.0)
                out[k] = Segment(min(o.x0, s.x0), y, max(o.x1, s.x1), y)
                break
        else:
            out.append(s)
    return out


def to_sides(h: Segment, vsegs: list[Segment], tol: float, em: float) -> Segment:
    """A border whose end dropped out (see ``collinear``) short of a side crossing its
    height: it runs on to that side, as the border it is. Up to a quarter of its length
    (no more than four characters): the dropouts measured are a third of the piece before."""
    reach = max(1.5 * em, min(0.25 * (h.x1 - h.x0), 4 * em))
    crossing = [v.x0 for v in vsegs if v.y0 - tol <= h.y0 <= v.y1 + tol]
    right = [x for x in crossing if h.x1 < x <= h.x1 + reach]
    left = [x for x in crossing if h.x0 - reach <= x < h.x0]
    # A border ending on a side (its end on the side's stroke, either edge) is whole there.
    x0 = max(left, default=h.x0) if not any(abs(x - h.x0) <= tol for x in crossing) else h.x0
    x1 = min(right, default=h.x1) if not any(abs(x - h.x1) <= tol for x in crossing) else h.x1
    return h if (x0, x1) == (h.x0, h.x1) else Segment(x0, h.y0, x1, h.y1)


def whole_rows(mask: "np.ndarray", text: "np.ndarray", x: int, bw: int, y: int, bh: int, lines: list[float],
                tight: int, em: float) -> list[tuple[int, int]]:
    """The pieces of a broken candidate that run from one border to the next unbroken, with
    paper just beside them (not a stroke inside fused text; narrow cells' characters may
    stand a few pixels off, so ``_inside_text``'s wider band is not asked): (top, height)
    of each, merged where they meet."""
    ys = sorted(int(ly) for ly in lines if y - tight <= ly <= y + bh + tight)
    return joined((a, b) for a, b in zip(ys, ys[1:])
                  if not (b - a < 0.8 * em or broken(mask, x, a, bw, b - a)
                          or embedded_share(mask, x, a, bw, b - a, False) >= EMBEDDED))


def joined(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (start, end) in order, those that meet merged: (top, height) of each run."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and out[-1][0] + out[-1][1] == a:
            out[-1] = (out[-1][0], b - out[-1][0])
        else:
            out.append((a, b - a))
    return out
