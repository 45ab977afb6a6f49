"""A ruled table's lattice completed from its own geometry (issue 23).

``image.ruling`` finds the borders it can see whole. On a degraded scan some pieces are
lost — a fax's 98 dpi rows drop a thin border where it falls between two scanned rows, a
phone photo's faint line breaks, a short label cell's border is shorter than the opening
kernel — and a lost piece merges two cells (two rows' labels read as one, a row's values
shifted a column). But a table's lines run through it: a row border continues across the
next column where a side meets it, a column's side continues through the next row. Here
each such continuation is looked for in the ink, on the line's own path, and kept when
the ink is a border's: it covers (nearly) the whole path and has paper beside it — a
merged cell has no ink there, or only the text written across it.

Coordinates are image pixels, as in image.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.producers.ocr.image import Segment, embedded

if TYPE_CHECKING:
    import numpy as np

# A border's path is this share ink (its own pixels, a couple of pixels either way for the
# line's thickness and drift). Measured along found borders of the degraded scans: 0.93–1.0
# (a fax's dropouts are on horizontal borders, which is why those take less, below); text
# written across a merged cell covers its path by the characters' strokes: 0.2–0.6.
_SIDE_COVER = 0.9
# A row border between two sides: a fax's dropouts take a quarter of each period on
# average but a short cell can fall mostly in one (report_2019 faxed at 0.5°: cells' borders
# 42 % and 57 % ink). A third of its path must be ink, at the height of the border it
# continues, with paper beside it (a line of text crossing the path has its strokes' ink
# above and below: ``image.embedded``; a cell's text keeps its padding from the border).
_ROW_COVER = 0.35


def complete(mask: "np.ndarray", segs: list[Segment], em: float) -> tuple[list[Segment], list[tuple[int, int, int, int]]]:
    """The segments with the lattice's missing pieces added, and the boxes (x0, y0, x1, y1)
    whose ink the added pieces are (to keep out of the text)."""
    hs = [s for s in segs if s.horizontal]
    vs = [s for s in segs if not s.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return segs, []
    tol = max(6.0, 0.3 * em)
    painted: list[tuple[int, int, int, int]] = []
    hs = [_row_through(mask, h, vs, tol, painted) for h in hs]
    added: list[Segment] = []
    for x in _columns(vs, tol):
        on = sorted({round(h.y0) for h in hs if h.x0 - tol <= x <= h.x1 + tol})
        have = [v for v in vs if abs(v.x0 - x) <= tol]
        for a, b in zip(on, on[1:]):
            if b - a < 0.8 * em:
                continue  # a double rule, not a row
            if any(v.y0 - tol <= a and b <= v.y1 + tol for v in have):
                continue
            found = _side(mask, x, a, b, tol)
            if found is not None:
                added.append(Segment(found, float(a), found, float(b)))
                painted.append((int(found) - 2, a, int(found) + 3, b))
    return hs + vs + added, painted


def _columns(vs: list[Segment], tol: float) -> list[float]:
    """The table's column lines: the sides' x, one per line (pieces of one line within tol)."""
    out: list[list[Segment]] = []
    for v in sorted(vs, key=lambda v: v.x0):
        if out and abs(out[-1][-1].x0 - v.x0) <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(v.x0 for v in g) / len(g) for g in out]


def _side(mask: "np.ndarray", x: float, a: int, b: int, tol: float) -> float | None:
    """The column's side in the row between borders a and b, if its ink is there: the x
    (within the line's drift) whose narrow strip is ink along the row's height."""
    h, w = mask.shape
    inner0, inner1 = a + 3, b - 2  # off the borders' own strokes
    if inner1 - inner0 < 6:
        return None
    best, best_x = 0.0, None
    for dx in range(-int(tol), int(tol) + 1):
        c = int(round(x)) + dx
        if c - 1 < 0 or c + 2 > w:
            continue
        strip = (mask[inner0:inner1, c - 1:c + 2] > 0).any(axis=1)
        cover = float(strip.mean())
        if cover > best:
            best, best_x = cover, float(c)
    if best_x is None or best < _SIDE_COVER:
        return None
    c = int(best_x)
    x0, x1 = _thickness(mask[inner0:inner1].T, c, best)
    if embedded(mask, x0, inner0, x1 - x0, inner1 - inner0, horizontal=False):
        return None
    return best_x


def _row_through(mask: "np.ndarray", h: Segment, vs: list[Segment], tol: float,
                 painted: list[tuple[int, int, int, int]]) -> Segment:
    """A row border run on across the cells beside its ends, one cell at a time, while the
    cell's border is there in the ink (between a side at the border's end and the next side
    crossing its height)."""
    crossing = sorted({round(v.x0) for v in vs if v.y0 - tol <= h.y0 <= v.y1 + tol})
    x0, x1 = h.x0, h.x1
    while True:
        ends = [x for x in crossing if abs(x - x1) <= 2 * tol]
        nxt = [x for x in crossing if x > x1 + tol]
        if not ends or not nxt or not _row_ink(mask, h.y0, x1, nxt[0], tol):
            break
        painted.append((int(x1), int(h.y0) - 3, int(nxt[0]), int(h.y0) + 4))
        x1 = float(nxt[0])
    while True:
        ends = [x for x in crossing if abs(x - x0) <= 2 * tol]
        prv = [x for x in crossing if x < x0 - tol]
        if not ends or not prv or not _row_ink(mask, h.y0, prv[-1], x0, tol):
            break
        painted.append((int(prv[-1]), int(h.y0) - 3, int(x0), int(h.y0) + 4))
        x0 = float(prv[-1])
    return h if (x0, x1) == (h.x0, h.x1) else Segment(x0, h.y0, x1, h.y1)


def _row_ink(mask: "np.ndarray", y: float, xa: float, xb: float, tol: float) -> bool:
    """The row border's path between two sides is ink (within a few pixels of its height,
    for a tilted or staircased line), and not a line of text's strokes."""
    h, w = mask.shape
    a, b = int(xa) + 3, int(xb) - 2
    if b - a < 6:
        return False
    best = 0.0
    best_y = int(y)
    for dy in range(-3, 4):
        r = int(round(y)) + dy
        if r - 1 < 0 or r + 2 > h:
            continue
        cover = float((mask[r - 1:r + 2, a:b] > 0).any(axis=0).mean())
        if cover > best:
            best, best_y = cover, r
    if best < _ROW_COVER:
        return False
    y0, y1 = _thickness(mask[:, a:b], best_y, best)
    return not embedded(mask, a, y0, b - a, y1 - y0, horizontal=True)


def _thickness(band: "np.ndarray", at: int, cover: float) -> tuple[int, int]:
    """The rows [r0, r1) of ``band`` around ``at`` that are the line (each at least half as
    covered as its best row): a blurred or photographed border is several pixels thick, and
    paper is looked for beside it, not inside it."""
    def covered(r: int) -> bool:
        return 0 <= r < band.shape[0] and float((band[r] > 0).mean()) >= 0.5 * cover

    r0, r1 = at, at + 1
    while covered(r0 - 1) and at - r0 < 8:
        r0 -= 1
    while covered(r1) and r1 - at < 8:
        r1 += 1
    return r0, r1
