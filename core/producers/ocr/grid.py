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

from core.ocr_record import Box
from core.producers.ocr.borders import Segment, embedded

if TYPE_CHECKING:
    import numpy as np

# A side continued into a row covers this share of the row's height (a 3 px strip, up to
# 3 px off the column's line for drift). The 343 sides found on five degraded scans (phone
# 181–198 dpi, fax 98 dpi, scanner 200–240 dpi, dust): median 0.995, the few under 0.9
# tilted out of the strip or strokes. A continuation is asked for a border's ink, not a
# stroke's (a fax drops pieces of horizontal borders only, which take less, below).
_SIDE_COVER = 0.9
# A row border between two sides: a fax's dropouts take a quarter of each period on
# average but a short cell can fall mostly in one (report_2019 faxed at 0.5°: cells' borders
# 42 % and 57 % ink). A third of its path must be ink, at the height of the border it
# continues, with paper beside it (a line of text crossing the path has its strokes' ink
# above and below: ``borders.embedded``; a cell's text keeps its padding from the border).
_ROW_COVER = 0.35
# A border is at most this many pixels thick at the working resolution (a blurred phone
# photo's: 6–8); ink that covers the path as evenly over more rows is a line of text.
_THICK = 9


def complete(mask: "np.ndarray", segs: list[Segment], em: float) -> tuple[list[Segment], list[tuple[int, int, int, int]]]:
    """The segments with the lattice's missing pieces added, and the boxes (x0, y0, x1, y1)
    whose ink the added pieces are (to keep out of the text)."""
    hs = [s for s in segs if s.horizontal]
    vs = [s for s in segs if not s.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return segs, []
    tol = max(6.0, 0.3 * em)
    painted: list[tuple[int, int, int, int]] = []
    hs = [_row_through(mask, h, vs, tol, em, painted) for h in hs]
    # A side continues from the piece that ends on the row's border, one row at a time (a
    # column's line runs through the table; a merged cell stops it, and its text is no side).
    added: list[Segment] = []
    for _ in range(3):
        grown = _grow(mask, hs, vs + added, tol)
        if not grown:
            break
        added.extend(grown)
        painted.extend((int(v.x0) - 2, int(v.y0), int(v.x0) + 3, int(v.y1)) for v in grown)
    return hs + vs + added, painted


def _grow(mask: "np.ndarray", hs: list[Segment], vs: list[Segment], tol: float) -> list[Segment]:
    """Sides found in the rows next to a side that ends on a row border: the next row's
    piece of the same column line, where its ink is there."""
    out: list[Segment] = []
    seen: set[tuple[int, int, int]] = set()
    for v in vs:
        x = v.x0
        rows = sorted({round(h.y0) for h in hs if h.x0 - tol <= x <= h.x1 + tol})
        for end, step in ((v.y1, 1), (v.y0, -1)):
            at = [y for y in rows if abs(y - end) <= tol]
            if not at:
                continue
            k = rows.index(at[0]) + step
            if not 0 <= k < len(rows):
                continue
            a, b = sorted((at[0], rows[k]))
            key = (round(x / tol), a, b)
            if key in seen or any(abs(o.x0 - x) <= tol and o.y0 - tol <= a and b <= o.y1 + tol for o in vs + out):
                continue
            seen.add(key)
            found = _side(mask, x, a, b)
            if found is None and _outline(hs, vs, x, a, b, tol):
                found = x
            if found is not None:
                out.append(Segment(found, float(a), found, float(b)))
    return out


def _outline(hs: list[Segment], vs: list[Segment], x: float, a: int, b: int, tol: float) -> bool:
    """The table's outer side, continued from the row beyond: both the row's borders end on
    its line, on the same side, and the row's other outer side is there. A table's outline
    is closed, so it is there even where the ink is too faint to see (report_2019
    photographed at 2.5°: 表四's left side under the seal's tint; without it the row's first
    value fell outside the table and the row read a column short — a confident, shifted
    row). Two tables one above the other have neither side between them (the heading of
    the second stands there)."""
    for h in hs:
        if abs(h.y0 - a) > tol:
            continue
        if abs(h.x0 - x) <= 2 * tol:
            edge, other = "x0", h.x1
        elif abs(h.x1 - x) <= 2 * tol:
            edge, other = "x1", h.x0
        else:
            continue
        closed = any(abs(h2.y0 - b) <= tol and abs(getattr(h2, edge) - x) <= 2 * tol for h2 in hs)
        opposite = any(abs(v.x0 - other) <= 2 * tol and v.y0 - tol <= a and b <= v.y1 + tol for v in vs)
        if closed and opposite:
            return True
    return False


def _side(mask: "np.ndarray", x: float, a: int, b: int) -> float | None:
    """The column's side in the row between borders a and b, if its ink is there: the x
    (within the line's drift from the piece it continues) whose narrow strip is ink along
    the row's height and joins both borders — a character's stroke leaves the cell's
    padding white at one end at least (``image._floating``)."""
    h, w = mask.shape
    if b - a < 8:
        return None
    best, best_x = 0.0, None
    for dx in range(-3, 4):
        c = int(round(x)) + dx
        if c - 1 < 0 or c + 2 > w:
            continue
        strip = (mask[a:b + 1, c - 1:c + 2] > 0).any(axis=1)
        cover = float(strip.mean())
        if cover > best and strip[:6].all() and strip[-6:].all():
            best, best_x = cover, float(c)
    if best_x is None or best < _SIDE_COVER:
        return None
    c = int(best_x)
    x0, x1 = _thickness(mask[a + 3:b - 2].T, c, best)
    if x1 - x0 > _THICK:
        return None
    if embedded(mask, x0, a + 3, x1 - x0, b - a - 5, horizontal=False):
        return None
    return best_x


def _row_through(mask: "np.ndarray", h: Segment, vs: list[Segment], tol: float, em: float,
                 painted: list[tuple[int, int, int, int]]) -> Segment:
    """A row border run on across the cells beside its ends, one cell at a time, while the
    cell's border is there in the ink (from the side at or before the border's end to the
    next side crossing its height)."""
    crossing = sorted({round(v.x0) for v in vs if v.y0 - tol <= h.y0 <= v.y1 + tol})
    x0, x1 = h.x0, h.x1
    # The cell the border's end lies in (from the last side it crossed, or ends on) to the
    # next side: a dropout may have taken the end of the border short of that side.
    while True:
        before = [x for x in crossing if h.x0 - tol <= x <= x1 + 2 * tol]
        nxt = [x for x in crossing if x > x1 + 2 * tol]
        if not before or not nxt or not _row_ink(mask, h.y0, max(before), nxt[0], em):
            break
        painted.append((int(max(before)), int(h.y0) - 3, int(nxt[0]), int(h.y0) + 4))
        x1 = float(nxt[0])
    while True:
        after = [x for x in crossing if x0 - 2 * tol <= x <= x1 + tol]
        prv = [x for x in crossing if x < x0 - 2 * tol]
        if not after or not prv or not _row_ink(mask, h.y0, prv[-1], min(after), em):
            break
        painted.append((int(prv[-1]), int(h.y0) - 3, int(min(after)), int(h.y0) + 4))
        x0 = float(prv[-1])
    return h if (x0, x1) == (h.x0, h.x1) else Segment(x0, h.y0, x1, h.y1)


def _row_ink(mask: "np.ndarray", y: float, xa: float, xb: float, em: float) -> bool:
    """The row border's path between two sides is a border's ink: long runs (a dropout cuts
    a border into pieces of an em and more; the strokes of a line of text crossing the path
    are each under a character wide) covering enough of it, at the border's height (a
    pixel or two either way for a tilted or staircased line), thin and with paper beside it."""
    h, w = mask.shape
    a, b = int(xa) + 3, int(xb) - 2
    if b - a < 6:
        return False
    best = 0.0
    best_y = int(y)
    for dy in range(-2, 3):
        r = int(round(y)) + dy
        if r - 1 < 0 or r + 2 > h:
            continue
        cover = _long_runs((mask[r - 1:r + 2, a:b] > 0).any(axis=0), 1.2 * em) / (b - a)
        if cover > best:
            best, best_y = cover, r
    if best < _ROW_COVER:
        return False
    y0, y1 = _thickness(mask[:, a:b], best_y, best)
    if y1 - y0 > _THICK:
        return False  # a band of text, not a line
    return not embedded(mask, a, y0, b - a, y1 - y0, horizontal=True)


def _long_runs(filled: "np.ndarray", least: float) -> int:
    """How many of ``filled``'s cells lie in runs at least ``least`` long."""
    total, run = 0, 0
    for f in list(filled) + [False]:
        if f:
            run += 1
        else:
            if run >= least:
                total += run
            run = 0
    return total


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


def split_runs(boxes: list[Box], segs: list[Segment], mask: "np.ndarray", lines_mask: "np.ndarray",
               em: float) -> list[Box]:
    """Runs cut at the found sides they cross: a side is a cell's edge, so a run across it
    is two cells' text glued ("商业科研" over "商业 | 科研" of report_2021's 表三 header,
    photographed — the header then read a column short and the row's values shifted; two
    value cells glued read as one number). Each piece is cropped to its own ink; a piece
    that repeats a run already there (the headings' joining pass had kept both) is one run."""
    sides = [s for s in segs if not s.horizontal]
    out: list[Box] = []
    for b in boxes:
        mid = (b.y0 + b.y1) / 2
        cuts = sorted(s.x0 for s in sides if b.x0 + 2 < s.x0 < b.x1 - 2 and s.y0 <= mid <= s.y1)
        if not cuts:
            out.append(b)
            continue
        edges = [b.x0] + [int(c) for c in cuts] + [b.x1]
        for a, c in zip(edges, edges[1:]):
            # Off the side's own fringe by a few pixels on a cut edge.
            piece = _ink_box(mask, lines_mask, a + (4 if a != b.x0 else 0), b.y0, c - (4 if c != b.x1 else 0), b.y1)
            # A sliver beside the side is the side's fringe or a speck (image.text_runs' test).
            if piece is not None and max(piece.width, piece.height) >= 0.3 * em:
                out.append(piece)
    kept: list[Box] = []
    for b in sorted(out, key=lambda b: (b.y0, b.x0)):
        if not any(_same(b, k) for k in kept):
            kept.append(b)
    return kept


def _ink_box(mask: "np.ndarray", lines_mask: "np.ndarray", x0: int, y0: int, x1: int, y1: int) -> Box | None:
    import numpy as np

    if x1 - x0 < 2:
        return None
    part = (mask[y0:y1, x0:x1] > 0) & (lines_mask[y0:y1, x0:x1] == 0)
    ys, xs = np.nonzero(part)
    if len(xs) < 4:
        return None
    return Box(x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)


def _same(a: Box, b: Box) -> bool:
    ix = min(a.x1, b.x1) - max(a.x0, b.x0)
    iy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if ix <= 0 or iy <= 0:
        return False
    inter = ix * iy
    return inter >= 0.8 * max(a.width * a.height, b.width * b.height)
