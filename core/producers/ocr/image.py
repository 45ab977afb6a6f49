"""A page image → its ruling lines and its text runs, by morphology (no model).

A printed report page is black text on white; its table borders are long thin strokes.
Opening the ink with a long horizontal (vertical) kernel keeps only the borders; what is
left after removing them is text. Text is grouped into runs — pieces of one line with no
wide gap — so a value column's lone "1" is a run of its own, cropped tight, and a table laid
out without borders keeps its column gaps for the positional table builder.

Text runs are found in runs.py (re-exported here), the crops the recogniser reads below.

Coordinates here are image pixels; core/producers/ocr/page.py turns them into page points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.ocr_record import Box
from core.producers.ocr.runs import text_runs  # noqa: F401  (the page's other half: its text)
from core.producers.ocr.borders import (EMBEDDED, Segment, broken, collinear, embedded_share, joined, residue,
                                         thin_across, to_sides, whole_rows)
from core.producers.ocr.dashes import dashed_rules, stepped_rules, to_the_sides
from core.producers.ocr.grid import complete

if TYPE_CHECKING:
    import numpy as np

# A border is at least this share of the page width (height) long: longer than any
# character stroke, shorter than the narrowest value column of a table.
_H_LINE = 1 / 40
_V_LINE = 1 / 70
# Deskewing tries angles up to this many degrees (scans and phone captures stay within 2°).
_MAX_SKEW = 3.0


def to_grey(img: "np.ndarray") -> "np.ndarray":
    """Grey from colour by the brightest channel: a red seal becomes light and drops out of
    the ink, while black text under the seal stays dark; red or blue print that is not a
    seal keeps its darkest channel (core/producers/ocr/colour.py)."""
    from core.producers.ocr.colour import ink_grey

    if img.ndim == 2:
        return img
    # Coloured print (a row in red) stays ink; only a seal's shape drops out (colour.py).
    return ink_grey(img)


def ink(grey: "np.ndarray") -> "np.ndarray":
    """Binary ink mask (255 = ink). Otsu on a slightly blurred page: JPEG noise stays out."""
    from core.producers.ocr import imageops as cv

    blur = cv.GaussianBlur(grey, (3, 3), 0)
    _, mask = cv.threshold(blur, 0, 255, cv.THRESH_BINARY_INV + cv.THRESH_OTSU)
    return mask


def skew_angle(mask: "np.ndarray") -> float:
    """The rotation (degrees) that makes text lines horizontal: the angle whose row profile
    is sharpest, searched on a reduced copy of the ink."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    h, w = mask.shape
    f = 700 / max(w, 1)
    small = cv.resize(mask, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv.INTER_AREA)
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def sharpness(angle: float) -> float:
        m = cv.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv.warpAffine(small, m, (small.shape[1], small.shape[0]), flags=cv.INTER_NEAREST)
        profile = rot.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 0.25), key=sharpness)
    fine = max(np.arange(best - 0.2, best + 0.21, 0.05), key=sharpness)
    return float(round(fine, 2))


def rotate(img: "np.ndarray", angle: float) -> "np.ndarray":
    from core.producers.ocr import imageops as cv

    if abs(angle) < 0.02:
        return img
    h, w = img.shape[:2]
    m = cv.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv.warpAffine(img, m, (w, h), flags=cv.INTER_LINEAR, borderValue=(255, 255, 255) if img.ndim == 3 else 255)


def char_height(mask: "np.ndarray") -> float:
    """The height of a Chinese character of the page's text (pixels): the area-weighted
    median height of the ink's components. Counted per component, the dust of a scan
    outnumbers the characters (report_2019 at 100 dpi with 0.3 % dust: the 75th percentile
    of heights was 9 px for 31 px characters, and every digit's stroke then passed for a
    cell's side); weighted by ink, specks weigh next to nothing. Dashes and border pieces
    (much wider than high) are left out: they are ink but not a character's height."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    n, _, stats, _ = cv.connectedComponentsWithStats(mask, connectivity=8)
    s = stats[1:]
    sel = (s[:, 4] >= 12) & (s[:, 3] >= 6) & (s[:, 3] <= mask.shape[0] // 20) & (s[:, 2] <= 4 * s[:, 3])
    hs, weight = s[sel, 3], s[sel, 4].astype(np.float64)
    if not len(hs):
        return 20.0
    order = np.argsort(hs)
    cum = np.cumsum(weight[order])
    return float(hs[order][int(np.searchsorted(cum, cum[-1] / 2))])


def ruling(mask: "np.ndarray") -> tuple[list[Segment], "np.ndarray"]:
    """The page's ruling lines, and the mask of their pixels (to remove from the text).
    A horizontal border is longer than a few characters; a vertical one must meet a
    horizontal border at an end — the strokes of large characters do neither."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    h, w = mask.shape
    em = char_height(mask)
    # Four characters at least: the horizontal strokes of a row of characters (二、上年…)
    # closed across their small gaps reach two or three.
    hk = cv.getStructuringElement(cv.MORPH_RECT, (max(20, int(w * _H_LINE), int(4 * em)), 1))
    vk = cv.getStructuringElement(cv.MORPH_RECT, (1, max(20, int(h * _V_LINE))))
    # Close small breaks first: JPEG and thin scanned lines break a border into dashes.
    closed_h = cv.morphologyEx(mask, cv.MORPH_CLOSE, cv.getStructuringElement(cv.MORPH_RECT, (3, 1)))
    closed_v = cv.morphologyEx(mask, cv.MORPH_CLOSE, cv.getStructuringElement(cv.MORPH_RECT, (1, 5)))
    horiz = cv.morphologyEx(closed_h, cv.MORPH_OPEN, hk)
    vert = cv.morphologyEx(closed_v, cv.MORPH_OPEN, vk)
    thin = max(8, h // 150)
    hsegs: list[Segment] = []
    n, labels, stats, _ = cv.connectedComponentsWithStats(horiz, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    slanted = np.zeros(n, dtype=bool)
    for i in range(1, n):
        x, y, bw, bh, _a = stats[i]
        if bh <= thin:
            keep[i] = embedded_share(mask, x, y, bw, bh, True) < EMBEDDED
        elif bw >= 8 * bh and thin_across(labels[y:y + bh, x:x + bw] == i, axis=0, thin=thin):
            keep[i] = slanted[i] = True
    horiz = np.where(keep[labels], 255, 0).astype(np.uint8)
    for i in range(1, n):
        if keep[i]:
            x, y, bw, bh, _a = stats[i]
            if slanted[i]:
                # Only the line's own pixels: its box is tall and holds the text beside it.
                own = labels[y:y + bh, x:x + bw] == i
                yc = y + float(np.nonzero(own)[0].mean())
                hsegs.append(Segment(float(x), yc, float(x + bw), yc))
                continue
            x0, x1 = _extend(closed_h[y:y + bh], x, x + bw)
            horiz[y:y + bh, x0:x1] = np.maximum(horiz[y:y + bh, x0:x1], closed_h[y:y + bh, x0:x1])
            yc = y + bh / 2
            hsegs.append(Segment(float(x0), yc, float(x1), yc))
    # A thin border a bilevel scan broke into dashes or steps (dashes.py): too short for the
    # opening, or on no one row for its length.
    stepped, steps = stepped_rules(closed_h, horiz, mask, hk.shape[1], thin)
    hsegs += stepped
    for x, y, bw, bh in steps:
        horiz[y:y + bh, x:x + bw] = np.maximum(horiz[y:y + bh, x:x + bw], closed_h[y:y + bh, x:x + bw])
    dashed, pieces_ = dashed_rules(closed_h, horiz, mask, em)
    for x, y, bw, bh in pieces_:
        horiz[y:y + bh, x:x + bw] = np.maximum(horiz[y:y + bh, x:x + bw], closed_h[y:y + bh, x:x + bw])
    hsegs = collinear(hsegs + [d.line for d in dashed], max(3.0, thin / 3), 1.5 * em)
    # A dashed border's ends lie up to a gap beyond its first and last dash: the sides it
    # meets there are looked for as ending on it.
    meeting = hsegs + [Segment(d.line.x0 - d.gap, d.line.y0, d.line.x1 + d.gap, d.line.y1) for d in dashed]
    vsegs: list[Segment] = []
    text = cv.bitwise_and(mask, cv.bitwise_not(cv.dilate(horiz, np.ones((3, 3), np.uint8))))
    n, labels, stats, _ = cv.connectedComponentsWithStats(vert, connectivity=8)
    tol = max(6, int(em * 0.3))
    reach = max(tol, 1.5 * em)
    # A side's end lies on the border's stroke; a digit "1" printed close under the top
    # border of a one-line cell (the reportlab fixtures) stops a few pixels short of the
    # bottom one — within ``tol``, outside ``tight``.
    tight = max(4, int(em * 0.15))
    open_ends: list[float] = []
    short: list[tuple[int, float, int, int]] = []
    spans: list[tuple[int, int, int, int, int]] = []
    for i in range(1, n):
        x, y, bw, bh, _a = stats[i]
        part = labels[y:y + bh, x:x + bw] == i
        tilted = bw > thin and bh >= 8 * bw and thin_across(part, axis=1, thin=thin)
        if bw > thin and not tilted:
            # A digit touching the side ("|11"), joined to it through the border above.
            x, bw = _core_columns(part, x, bh)
        xc = x + bw / 2
        # A border's end may have dropped out (a fax's row, a faded corner) short of the
        # side it meets: the side still ends on its line.
        near = [s for s in meeting if s.x0 - reach <= xc <= s.x1 + reach]
        if not near:
            continue  # no border to end on: a character's stroke (most of a page of prose)
        y, bh = _trim(mask, x, bw, y, bh, [s.y0 for s in near], tight, em)
        top = min((abs(s.y0 - y) for s in near), default=tol + 1)
        bottom = min((abs(s.y0 - (y + bh)) for s in near), default=tol + 1)
        # A cell's side runs from border to border; a character's stroke meets one at most
        # (a heading just above a table). A long side may end open at a page break.
        if bw > thin and not tilted:
            continue
        if not tilted and embedded_share(mask, x, y, bw, bh, False) >= EMBEDDED:
            continue  # a stroke inside a blob of fused characters
        if broken(mask, x, y, bw, bh):
            # Strokes of "行", "十"… filling tight cells, chained through the borders — or a
            # side chained to a character's stroke in the row beyond its end (report_2021's
            # 表四 "结果维持 | 结果纠正" side, under "未经复议直接起诉"): the rows it runs
            # through unbroken, border to border, are the side.
            for py, ph in whole_rows(mask, text, x, bw, y, bh, [s.y0 for s in near], tight, em):
                px = x + bw / 2
                vsegs.append(Segment(px, float(py), px, float(py + ph)))
                spans.append((i, x, py, bw, ph))
            continue
        if (top <= tight and bottom <= tight) or (min(top, bottom) <= tol and bh >= 2.5 * em):
            for py, ph in _sides(mask, text, x, bw, y, bh, [s.y0 for s in near], tight, em):
                px = xc
                if tilted:  # each piece where the bent side runs along it
                    cols = np.nonzero(labels[py:py + ph, x:x + bw] == i)[1]
                    px = x + float(cols.mean()) + 0.5 if len(cols) else xc
                vsegs.append(Segment(px, float(py), px, float(py + ph)))
                spans.append((i, x, py, bw, ph))
            if bottom > tol:
                open_ends.append(float(y + bh))
        elif top <= tight:
            short.append((i, xc, y, bh))
    # A table cut by the page break: its columns end open at one height. A short side of
    # the last, cut row (the group column's "三、本年度办理结果" | "（一）予以公开") ends
    # there too: with two long sides ending at its height it is a side, not a stroke.
    for i, xc, y, bh in short:
        if sum(1 for e in open_ends if abs(e - (y + bh)) <= tight) >= 2:
            vsegs.append(Segment(xc, float(y), xc, float(y + bh)))
            spans.append((i, int(xc - thin), y, 2 * thin, bh))
    # Only the sides' own pixels are lines: a stroke of a character touching a border from
    # the other side stays text.
    vert_kept = np.zeros_like(vert)
    for i, x, y, bw, bh in spans:
        part = labels[y:y + bh, max(0, x):x + bw] == i
        vert_kept[y:y + bh, max(0, x):x + bw][part] = 255
    vert = vert_kept
    lines_mask = cv.bitwise_or(horiz, vert)
    if dashed:
        hsegs = collinear(hsegs + [to_the_sides(d, vsegs, tol) for d in dashed], max(3.0, thin / 3), 1.5 * em)
    hsegs = [to_sides(_through_sides(h, vsegs, tol), vsegs, tol, em) for h in hsegs]
    segs, painted = complete(mask, hsegs + vsegs, em)
    for x0, y0, x1, y1 in painted:
        x0, y0 = max(0, x0), max(0, y0)
        lines_mask[y0:y1, x0:x1] = np.maximum(lines_mask[y0:y1, x0:x1], mask[y0:y1, x0:x1])
    lines_mask = cv.dilate(lines_mask, cv.getStructuringElement(cv.MORPH_RECT, (3, 3)))
    residue(mask, lines_mask, [s for s in segs if s.horizontal])
    return segs, lines_mask


def _through_sides(h: Segment, vsegs: list[Segment], tol: float) -> Segment:
    """A border whose end was lost (turned out of the picture's corner, faded) while the
    cells' sides still end on its line: it runs on through those sides. Without it the cells
    beyond the lost end are not closed and their values fall out of the row (a lone "1" of a
    table picture scanned at 1.8° dropped, and the row's values shifted a column)."""
    ends = sorted(v.x0 for v in vsegs if abs(v.y1 - h.y0) <= tol or abs(v.y0 - h.y0) <= tol)
    inside = [x for x in ends if h.x0 - tol <= x <= h.x1 + tol]
    if len(inside) < 2:
        return h
    step = max(b - a for a, b in zip(inside, inside[1:])) + tol
    x0, x1 = h.x0, h.x1
    for x in reversed([x for x in ends if x < x0 - tol]):
        if x0 - x > step:
            break
        x0 = x
    for x in (x for x in ends if x > x1 + tol):
        if x - x1 > step:
            break
        x1 = x
    return h if (x0, x1) == (h.x0, h.x1) else Segment(x0, h.y0, x1, h.y1)


def _sides(mask: "np.ndarray", text: "np.ndarray", x: int, bw: int, y: int, bh: int, lines: list[float], tight: int,
           em: float) -> list[tuple[int, int]]:
    """The side cut at the borders it crosses, without the pieces that lie inside a line of
    text (a merged cell's "（六）其他处" whose "其" continues a side of the rows above):
    (top, height) of each run of pieces kept."""
    cuts = [y] + sorted(int(ly) for ly in lines if y + tight < ly < y + bh - tight) + [y + bh]
    return joined((a, b) for a, b in zip(cuts, cuts[1:])
                  if not (_floating(mask, x, bw, a, b) and _inside_text(text, x, bw, a, b - a, em)))


def _floating(mask: "np.ndarray", x: int, bw: int, a: int, b: int) -> bool:
    """White between the piece and both borders it lies between: a character touches
    neither border, a side is joined to both (unbroken on every scan measured)."""
    col = (mask[:, max(0, x - 1):x + bw + 1] > 0).any(axis=1)
    return bool(not col[a + 1:a + 7].all() and not col[max(a, b - 7):b].all())


def _inside_text(text: "np.ndarray", x: int, bw: int, y: int, bh: int, em: float) -> bool:
    """Ink close on both sides along the piece: a character's stroke. A cell's side has
    the cells' padding on one side at least."""
    band = max(3, int(0.4 * em))
    rows = text[y + bh // 5:y + bh - bh // 5]
    left = rows[:, max(0, x - band):max(0, x - 1)]
    right = rows[:, x + bw + 1:x + bw + band]
    return bool((left > 0).sum() >= 4 and (right > 0).sum() >= 4)


def _extend(band: "np.ndarray", x0: int, x1: int, gap: int = 4) -> tuple[int, int]:
    """A border broken by the scan (a light pixel or two): the piece beyond the break is
    shorter than the opening's kernel and was lost; follow the border's own rows across
    breaks of up to ``gap`` pixels."""
    filled = band.any(axis=0)
    w = len(filled)
    right = x1
    while True:
        nxt = next((k for k in range(right, min(w, right + gap + 1)) if filled[k]), None)
        if nxt is None:
            break
        right = nxt + 1
    left = x0
    while True:
        prv = next((k for k in range(left - 1, max(-1, left - gap - 2), -1) if filled[k]), None)
        if prv is None:
            break
        left = prv
    return left, right


def _core_columns(part: "np.ndarray", x: int, bh: int) -> tuple[int, int]:
    """The columns of a component that run (nearly) as far as its longest: the side itself
    (which may be shorter than the component, when a character's stroke beyond its end is
    chained to it)."""
    counts = part.sum(axis=0)
    full = counts >= 0.8 * max(int(counts.max()) if len(counts) else 0, 1)
    best, start = (x, 0), None
    for k, f in enumerate(list(full) + [False]):
        if f and start is None:
            start = k
        elif not f and start is not None:
            if k - start > best[1]:
                best = (x + start, k - start)
            start = None
    return best if best[1] else (x, len(full))


def _trim(mask: "np.ndarray", x: int, bw: int, y: int, bh: int, lines: list[float], tight: int,
          em: float) -> tuple[int, int]:
    """A side with a character's stroke run into it across a border (the stroke touches
    the border from the row above or below, the closing bridged the white between): cut
    at that border when what lies beyond it is at most a character long and broken. A side
    running on unbroken past a border (an open top over merged cells) is kept whole.
    The stroke may reach the next border too (type set close to the rules: report_2019's
    "行政复议" over table 四's "结果维持 | 结果纠正" side spans its whole one-line row): its
    piece then ends on a border as a side does, and only its breaks tell it apart."""
    top, bottom = y, y + bh
    inner = [ly for ly in lines if top + tight < ly < bottom - tight]
    if inner:
        first = int(min(inner))
        if first - top <= 1.5 * em and broken(mask, x, top, bw, first - top):
            top = first
    inner = [ly for ly in lines if top + tight < ly < bottom - tight]
    if inner:
        last = int(max(inner)) + 1
        if bottom - last <= 1.5 * em and broken(mask, x, last, bw, bottom - last):
            bottom = last
    return top, bottom - top




def crop(grey: "np.ndarray", box: Box, pad: float = 0.25, scale: float = 1.0) -> "np.ndarray":
    """The run's image with a white margin of ``pad`` line heights (the recogniser expects
    one), optionally enlarged."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    p = max(3, int(box.height * pad))
    h, w = grey.shape[:2]
    part = grey[max(0, box.y0 - p // 2):min(h, box.y1 + p // 2), max(0, box.x0 - p):min(w, box.x1 + p)]
    out = np.full((part.shape[0] + p, part.shape[1] + 2 * p), 255, dtype=np.uint8)
    out[p // 2:p // 2 + part.shape[0], p:p + part.shape[1]] = part
    if scale != 1.0:
        out = cv.resize(out, None, fx=scale, fy=scale, interpolation=cv.INTER_CUBIC)
    return out


def pieces(grey: "np.ndarray", box: Box) -> list[tuple[int, int]]:
    """The x-ranges (relative to the box) of the ink columns of a run: one per printed digit
    of a number (digits are set apart), fewer where characters touch."""
    part = grey[box.y0:box.y1, box.x0:box.x1] < 160
    cols = list(part.any(axis=0)) + [False]
    out: list[tuple[int, int]] = []
    start = None
    for k, c in enumerate(cols):
        if c and start is None:
            start = k
        elif not c and start is not None:
            rows = part[:, start:k].any(axis=1).nonzero()[0]
            # A speck or a border's residue is not a digit: a digit is most of the line high.
            if k - start >= 2 and len(rows) and rows[-1] - rows[0] + 1 >= 0.5 * part.shape[0]:
                out.append((start, k))
            start = None
    return out


def spaced(grey: "np.ndarray", box: Box) -> "np.ndarray":
    """The run with its pieces moved apart by half a line height: the recogniser's frames
    (one per 8 px of the crop scaled to 48 px high) then have room for the blank CTC needs
    between two equal digits — "66" set tight is read "6" at 0.998 otherwise."""
    import numpy as np

    gap = max(2, box.height // 2)
    part = grey[box.y0:box.y1, box.x0:box.x1]
    cut = [part[:, a:b] for a, b in pieces(grey, box)] or [part]
    white = np.full((part.shape[0], gap), 255, dtype=np.uint8)
    joined = np.hstack([c for piece in cut for c in (piece, white)][:-1])
    return crop(joined, Box(0, 0, joined.shape[1], joined.shape[0]))
