"""A ruled table's cells read from the table's geometry, ink found or not (issue 23).

The text runs (runs.py) are what the page's ink says is text; a ruled table says more: every
cell between two row borders and two sides is a box a value may stand in. A cell whose ink
no run covered — a lone "0" the dust or a bilevel copy broke into pieces smaller than a
character, a digit glued to a border, a number joined to a seal's ring into a blob too large
to be text — was simply lost: the table read it blank, confidently. Here each closed cell
of the lattice that no run covers is looked at on its own: its ink away from its borders,
specks left out (specks.py: dust is less than half a digit high and alone), and when ink is
there it is cropped (that ink alone, the rest of the cell white) and recognised as a run of
its own — one batched engine call per page — so the cell reaches the layout as a positioned
word like any other. A cell without ink stays blank.

Nothing here makes a reading surer than the recogniser made it: a cell found this way had
ink the run finder could not make a character of, so its reading is never given as firm —
its weakest character is held under the trust pass's "weak" (core/trust.py), which reads the
cell again and lets a number stand only when its re-readings agree firmly.

Coordinates are image pixels.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from core.ocr_record import Box
from core.producers.ocr import specks
from core.producers.ocr.borders import Segment
from core.producers.ocr.engine import engine

if TYPE_CHECKING:
    import numpy as np

# A cell's ink is looked for this far in from its borders' lines (a border's blurred fringe,
# and the dilation of the lines' mask, reach about so far), in pixels at least.
_INSET = 3
# The ruling's pixels this near the cell's edge are its borders (a blurred border and the
# lines' mask's dilation are up to this thick); deeper in they are text the ruling took.
_EDGE = 6
# A lone mark is read padded to this many heights wide (number_runs.py: a lone digit reads
# best at PaddleOCR's own 320/48).
_LONE_RATIO = 6.67
# A reading found this way stands no surer than this: under the trust pass's weak (0.6), so
# the cell is read again there and stands only on re-readings that agree.
_FOUND = 0.55
# A cell is a value's box when it is at least this many digit heights high and wide (a
# table's narrowest column holds two digits; the gap between two close borders is no cell).
_LEAST = 1.2
# Ink filling this share of its box is a blot, not a character (a digit's strokes fill at
# most about half of its box, a bold "0" or "8" at 200 dpi about 0.6).
_SOLID = 0.8
# A digit's stroke is at most this share of its height thick (a bold "0" at 200 dpi: 4 px
# of 20); ink running into a cell thicker than that is no digit's (a fax's black seal ring).
_STROKE = 0.2
# A cell's ink taller than this many character heights is more than one line.
_LINE = 1.6
# A cell merged across rows is looked for down to this many row lines below its top.
_MERGED = 6
# A reading of a cell's ink cut off what ran in from its edge, or beside it: weaker still.
_CUT = 0.3
_NUMBER = re.compile(r"[-−－]?\d+(\.\d+)?")


def closed_cells(segments: list[Segment], em: float) -> list[Box]:
    """The lattice's cells: in each band between two consecutive row lines of the page, the
    boxes between two consecutive sides crossing the band, closed by a border above and
    below — a cell merged across rows runs down to the first border closing it. A side that
    stops short of the band, or a border missing along the box, and the box is no cell (a
    merged cell has no border between its parts; it is taken whole)."""
    tol = max(4.0, 0.25 * em)
    hs = [s for s in segments if s.horizontal]
    vs = [s for s in segments if not s.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return []
    ys = _levels([s.y0 for s in hs], tol)
    out: list[Box] = []
    for i, (ya, yb) in enumerate(zip(ys, ys[1:])):
        xs = _levels([v.x0 for v in vs if v.y0 <= ya + tol and v.y1 >= yb - tol], tol)
        for xa, xb in zip(xs, xs[1:]):
            if not _along(hs, ya, xa, xb, tol):
                continue
            for yc in ys[i + 1:i + 1 + _MERGED]:
                if not (_across(vs, xa, ya, yc, tol) and _across(vs, xb, ya, yc, tol)):
                    break
                if _along(hs, yc, xa, xb, tol):
                    out.append(Box(int(round(xa)), int(round(ya)), int(round(xb)), int(round(yc))))
                    break
    return out


def _levels(values: list[float], tol: float) -> list[float]:
    """The distinct positions of lines (those within ``tol`` are one line: its pieces)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _along(hs: list[Segment], y: float, xa: float, xb: float, tol: float) -> bool:
    return any(abs(h.y0 - y) <= tol and h.x0 <= xa + tol and h.x1 >= xb - tol for h in hs)


def _across(vs: list[Segment], x: float, ya: float, yb: float, tol: float) -> bool:
    """A side at ``x`` runs from ``ya`` to ``yb`` (in one piece or in pieces end to end, as
    the ruling gives a column's line row by row)."""
    pieces = sorted((v.y0, v.y1) for v in vs if abs(v.x0 - x) <= tol and v.y1 >= ya - tol and v.y0 <= yb + tol)
    reach = ya
    for a, b in pieces:
        if a > reach + tol:
            return False
        reach = max(reach, b)
    return reach >= yb - tol


def uncovered(cells: list[Box], boxes: list[Box]) -> list[Box]:
    """The cells no run lies in (by its middle) or reaches into by half its size."""
    out = []
    for c in cells:
        if any(_in(c, b) for b in boxes):
            continue
        out.append(c)
    return out


def _in(cell: Box, b: Box) -> bool:
    cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
    if cell.x0 <= cx <= cell.x1 and cell.y0 <= cy <= cell.y1:
        return True
    ix = min(cell.x1, b.x1) - max(cell.x0, b.x0)
    iy = min(cell.y1, b.y1) - max(cell.y0, b.y0)
    return ix > 0 and iy > 0 and ix * iy >= 0.5 * b.width * b.height


class CellInk:
    """What a cell holds besides its borders: ``own``, a mask of the cell's inside (from
    ``origin``) of its characters' ink, specks left out; ``other``, the rest of the ink there
    (what runs in from the edge: a border's residue, a seal's ring); ``marks``, the boxes of
    the characters' pieces (page pixels); ``partial``: ink running in from the edge was cut
    off the characters or lies on their line beside them (a digit of theirs may be in it)."""

    def __init__(self, own: "np.ndarray", other: "np.ndarray", origin: tuple[int, int], marks: list[specks.Mark],
                 partial: bool) -> None:
        self.own, self.other, self.origin, self.marks, self.partial = own, other, origin, marks, partial


def cell_ink(mask: "np.ndarray", lines_mask: "np.ndarray", cell: Box, digit_h: float) -> CellInk | None:
    """The cell's ink, judged: None when there is none of its own.

    The cell's ink is the page's ink inside its borders; of the ruling's pixels only those
    along the cell's edge are taken out (its borders and their fringe) — what the ruling took
    deeper inside is text it swallowed (a number under a seal's ring, joined to the ring and
    taken with it for a border). A mark touching the cell's edge is a border's residue, a
    seal's ring or a neighbour's ink running in — unless it is a digit's size and touches one
    edge only (a digit glued to a border). Specks are left out (specks.sort_marks: what is
    not a digit or a piece of one, and a dash alone: a printed blank reads blank anyway).

    Ink running in from the edge thicker than a digit's strokes (a fax's black seal ring) is
    taken off where it is that thick, and what it held stuck to it is judged again: the
    digits a ring ran through are left, cut where it crossed them — read so, they are never
    firm (``partial``). Ink running in that leaves nothing of the cell's own is not read at
    all: read whole, ring and number together, even a right reading filled a cell that kept
    a table in doubt whose columns the header under the same seal had shifted (dev seed 65:
    a "24" under the ring read right, and 3 cells of table 四 then stood confidently wrong)."""
    import numpy as np

    x0, y0 = cell.x0 + _INSET, cell.y0 + _INSET
    x1, y1 = cell.x1 - _INSET, cell.y1 - _INSET
    if x1 - x0 < _LEAST * digit_h or y1 - y0 < _LEAST * digit_h:
        return None
    part = mask[y0:y1, x0:x1] > 0
    ruled = lines_mask[y0:y1, x0:x1] > 0
    near = np.zeros_like(ruled)
    near[:_EDGE, :] = True
    near[-_EDGE:, :] = True
    near[:, :_EDGE] = True
    near[:, -_EDGE:] = True
    part &= ~(ruled & near)
    own, running = _judge(part, digit_h)
    cut = False
    if running.any():
        thick = _thick(running, digit_h)
        if thick.any():
            own2, _ = _judge(part & ~thick, digit_h)
            if own2.sum() > own.sum():
                own, cut = own2, True
    if not own.any():
        return None
    other = part & ~own
    return CellInk(own, other, (x0, y0), [specks.Mark(x0 + m.x0, y0 + m.y0, x0 + m.x1, y0 + m.y1) for m in _marks(own)],
                   cut or _beside(own, other, digit_h))


def _judge(part: "np.ndarray", digit_h: float) -> tuple["np.ndarray", "np.ndarray"]:
    """(the characters' ink, the ink running in from the edge) of a cell's inside."""
    from core.producers.ocr import imageops as cv

    import numpy as np

    n, labels, stats, _ = cv.connectedComponentsWithStats(part.astype(np.uint8), connectivity=8)
    h, w = part.shape
    found: dict[specks.Mark, int] = {}
    running: list[int] = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area < 4:
            continue
        if area >= _SOLID * bw * bh and min(bw, bh) >= 0.3 * digit_h:
            continue  # a blot (a seal's character, a blotted corner): no stroke of a digit is so filled
        edges = (x == 0) + (y == 0) + (x + bw >= w) + (y + bh >= h)
        if edges and not (edges == 1 and specks.FULL * digit_h <= bh <= 1.5 * digit_h
                          and 0.25 * digit_h <= bw <= 1.5 * digit_h):
            running.append(i)
            continue
        found[specks.Mark(x, y, x + bw, y + bh)] = i
    kept: list[specks.Mark] = []
    if found:
        kept, _ = specks.sort_marks(list(found), digit_h)
        if max(m.y1 for m in kept) - min(m.y0 for m in kept) < 0.5 * digit_h if kept else False:
            kept = []  # a dash alone: a blank the report printed
    own = np.isin(labels, [found[m] for m in kept]) if kept else np.zeros_like(part)
    return own, np.isin(labels, running) if running else np.zeros_like(part)


def _thick(ink: "np.ndarray", digit_h: float) -> "np.ndarray":
    """Where ``ink`` is thicker than a digit's strokes (an eighth of its height, a bold one's
    a fifth), with its fringe."""
    from core.producers.ocr import imageops as cv

    import numpy as np

    k = max(3, int(round(_STROKE * digit_h)))
    core = cv.erode(ink.astype(np.uint8), np.ones((k, k), np.uint8))
    if not core.any():
        return core > 0
    return (cv.dilate(core, np.ones((k + 2, k + 2), np.uint8)) > 0) & ink


def _marks(own: "np.ndarray") -> list[specks.Mark]:
    from core.producers.ocr import imageops as cv

    import numpy as np

    n, _, stats, _ = cv.connectedComponentsWithStats(own.astype(np.uint8), connectivity=8)
    return [specks.Mark(int(x), int(y), int(x + bw), int(y + bh)) for x, y, bw, bh, _a in stats[1:n]]


def _beside(own: "np.ndarray", other: "np.ndarray", digit_h: float) -> bool:
    """Other ink on the characters' line within a digit's gap of them: a digit of the same
    number glued to what ran in (a seal's ring through "23" leaves "3" on its own)."""
    import numpy as np

    ys, xs = np.nonzero(own)
    top, bottom, left, right = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    reach = int(specks.DIGIT_GAP * digit_h) + 1
    band = other[top:bottom, max(0, left - reach):right + reach]
    return int(band.sum()) >= max(4, int(digit_h / 2))


def _crop(grey: "np.ndarray", ink: CellInk) -> "np.ndarray":
    """The cell's characters' own image, everything else white (the dust beside a digit, a
    seal's ring through the cell), with the white margin a run's crop has (image.crop)."""
    from core.producers.ocr import imageops as cv

    import numpy as np

    ox, oy = ink.origin
    h, w = ink.own.shape
    part = grey[oy:oy + h, ox:ox + w].copy()
    near = (cv.dilate(ink.own.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0) & ~ink.other
    part[~near] = 255
    ys, xs = np.nonzero(ink.own)
    a0, b0 = max(0, int(xs.min()) - 2), max(0, int(ys.min()) - 2)
    a1, b1 = min(w, int(xs.max()) + 3), min(h, int(ys.max()) + 3)
    part = part[b0:b1, a0:a1]
    p = max(3, int((b1 - b0) * 0.25))
    out = np.full((part.shape[0] + p, part.shape[1] + 2 * p), 255, dtype=np.uint8)
    out[p // 2:p // 2 + part.shape[0], p:p + part.shape[1]] = part
    return out


def _box(ink: CellInk) -> Box:
    import numpy as np

    ys, xs = np.nonzero(ink.own)
    ox, oy = ink.origin
    return Box(ox + int(xs.min()), oy + int(ys.min()), ox + int(xs.max()) + 1, oy + int(ys.max()) + 1)


def read_lost_cells(grey: "np.ndarray", mask: "np.ndarray", lines_mask: "np.ndarray", segments: list[Segment],
                    boxes: list[Box], readings: list, em: float, digit_h: float) -> tuple[list[Box], list]:  # type: ignore[type-arg]
    """``boxes`` and ``readings`` with a run added for every closed cell of the page's
    ruling that no run covers and that holds ink (``grey``: the page, level; ``mask``: its
    ink; ``lines_mask``: its ruling's pixels). The added readings are never firm."""
    if em <= 0 or digit_h <= 0:
        return boxes, readings
    found: list[CellInk] = []
    for cell in uncovered(closed_cells(segments, em), boxes):
        ink = cell_ink(mask, lines_mask, cell, digit_h)
        if ink is not None and _box(ink).height <= _LINE * em:
            found.append(ink)  # more than a line is a label's lines: read as one, garbled
    if not found:
        return boxes, readings
    got = engine().read([_crop(grey, ink) for ink in found], min_ratio=_LONE_RATIO)
    out_boxes, out_readings = list(boxes), list(readings)
    for ink, r in zip(found, got):
        text = unicodedata.normalize("NFKC", r.text).replace(" ", "")
        digits = r.digits.replace(" ", "")
        if any(ord(c) >= 0x2E80 for c in text):
            # A label or a heading the run finder lost (bold type fused into a blob): read, it
            # brings back a row whose values the run finder read no better — found by its label,
            # a row of shifted values stood confidently (dev seed 49: 12 cells). Values only.
            continue
        if not _NUMBER.fullmatch(text):
            # Digit-high ink read as marks ("。", "θ" for a broken "0"): its digits reading, or
            # nothing — a mark would only stand for a blank the cell does not print.
            if not _NUMBER.fullmatch(digits):
                continue
            text, cap = digits, _FOUND
        else:
            cap = _FOUND
        if ink.partial:
            cap = _CUT
        out_boxes.append(_box(ink))
        out_readings.append(type(r)(text, min(r.score, cap), r.digits, min(r.digits_score, cap), min(r.weakest, cap)))
    return out_boxes, out_readings
