"""A page's text runs: characters joined along their line into pieces with no wide gap, so a
value column's lone "1" is a run of its own, cropped tight, and a table laid out without
borders keeps its column gaps for the positional table builder (core/layout/loose.py).

Dust is kept out of the joining. A scan's specks lie anywhere — between two lines of a
wrapped label, in the white between a label and its row's first number — and joined with
the characters around them they bridge what must stay apart: two rows' labels become one
run, a label and the numbers beside it another, and the row is lost. So only marks of a
character's size are joined; the small marks (a "、", a "。", the dot of "1.", dust) are
then given to the run they sit beside, inside its line, and a small mark beside no run is
dust and dropped. "Small" is relative to the page's own character height, measured here.

Coordinates are image pixels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.ocr_record import Box

if TYPE_CHECKING:
    import numpy as np

# A mark no larger than this share of a character height either way is small: punctuation,
# the dot of "1.", a speck. Every digit and every Chinese character is larger (a "1" is the
# digits' height, about 0.8 of a character; "一" and "-" are wider than this).
_SMALL = 0.4
# A small mark belongs to a run when it lies within this many character heights of its
# ends (the "。" closing a line, the "、" after "一") and inside its line.
_BESIDE = 0.6
_IN_LINE = 0.2
# A run smaller than this share of a character height either way is a speck (a seal's
# edge, dust), not a character: a lone one is no "1" (huaian-2024: a 1×4 px fleck over a
# cell printed 0 read "1 0").
_SPECK = 0.3


def text_runs(mask: "np.ndarray", lines_mask: "np.ndarray") -> tuple[list[Box], float]:
    """Boxes of text runs (characters joined along the line across small gaps, never across
    a ruling line, split where two lines of a cell touch), and the page's character height."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    text = cv.bitwise_and(mask, cv.bitwise_not(lines_mask))
    n, labels, stats, _ = cv.connectedComponentsWithStats(text, connectivity=8)
    em = _em(stats, mask.shape[0])
    if em <= 0:
        return [], 0.0
    # Drop blobs far larger than a character (a photo, a logo, the seal's residue).
    areas, ws, hs = stats[:, 4], stats[:, 2], stats[:, 3]
    valid = (areas >= 4) & ~((ws > 3 * em) & (hs > 3 * em))
    valid[0] = False
    valid &= ~_broken_rules(labels, valid, ws, hs, em)
    small = valid & (np.maximum(ws, hs) <= _SMALL * em)
    small &= ~_broken_characters(labels, small, valid, em)
    big = valid & ~small
    keep = np.where(big[labels], 255, 0).astype(np.uint8)
    # Join across up to one character width: justified prose and the blank half of a
    # full-width "。" stay inside a run, a table's column gap (no border) does not.
    join = cv.getStructuringElement(cv.MORPH_RECT, (max(3, int(em * 1.0)), max(1, int(em * 0.45))))
    joined = cv.dilate(keep, join)
    joined = cv.bitwise_and(joined, cv.bitwise_not(lines_mask))
    n2, _, stats2, _ = cv.connectedComponentsWithStats(joined, connectivity=8)
    boxes: list[Box] = []
    for i in range(1, n2):
        x, y, bw, bh, _area = stats2[i]
        inner = keep[y:y + bh, x:x + bw]
        for box in _split_lines(inner, x, y, em):
            tight = _tight(keep, box)
            if tight is not None and not _solid(keep, tight, em) and max(tight.width, tight.height) >= _SPECK * em:
                boxes.append(tight)
    marks = [(int(stats[i][0]), int(stats[i][1]), int(stats[i][0] + stats[i][2]), int(stats[i][1] + stats[i][3]))
             for i in np.nonzero(small)[0]]
    # The small marks first: a heading's "一、" or a label's "“" then closes the gap to the
    # characters after it, and the wide-gap join below sees the line whole.
    boxes = _with_small_marks(boxes, marks, em, mask.shape)
    return _without_inner(_join_wide(sorted(boxes, key=lambda b: (b.y0, b.x0)), lines_mask)), em


def missed_rules(mask: "np.ndarray", lines_mask: "np.ndarray") -> list[tuple[float, float, float, float]]:
    """Upright borders the ruling left out, as (x, y0, x, y1) in pixels: the strokes
    ``text_runs`` takes for a border's pieces (``_broken_rules``), a piece or a dashed run
    of pieces each. They are no text; given to the table builder as borders, the columns
    they part stay apart (report_2019's table 四 at 200 dpi: without its border between
    "结果维持" and "结果纠正" the two cells' "2" and "2" were read as one "212")."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    text = cv.bitwise_and(mask, cv.bitwise_not(lines_mask))
    n, labels, stats, _ = cv.connectedComponentsWithStats(text, connectivity=8)
    em = _em(stats, mask.shape[0])
    if em <= 0:
        return []
    ws, hs = stats[:, 2], stats[:, 3]
    valid = (stats[:, 4] >= 4) & ~((ws > 3 * em) & (hs > 3 * em))
    valid[0] = False
    out = []
    for i in np.nonzero(_broken_rules(labels, valid, ws, hs, em))[0]:
        x, y, w, h = (int(v) for v in stats[i][:4])
        out.append((x + w / 2, float(y), x + w / 2, float(y + h)))
    return out


def _em(stats: "np.ndarray", page_h: int) -> float:
    """The height of a Chinese character on the page: the upper quartile of its marks'."""
    import numpy as np

    heights = [stats[i][3] for i in range(1, len(stats)) if stats[i][4] >= 12 and 6 <= stats[i][3] <= page_h // 20]
    return float(np.percentile(heights, 75)) if heights else 0.0


def _broken_rules(labels: "np.ndarray", valid: "np.ndarray", ws: "np.ndarray", hs: "np.ndarray", em: float) -> "np.ndarray":
    """Which marks are pieces of a border the ruling missed: an upright stroke taller than
    two lines (a border through a header the ruling left out), or thin upright marks
    standing one above the other over more than two lines (a phone photo's table side
    broken into dashes). Each piece is a character's height and
    reads "1" (dev seed 2: a "1" beside every label of table 三); one over the other they
    are a rule. A "1" is thicker than a rule (its flag and foot: a third of a character
    wide), and a column of "1"s stands apart by its rows' white."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    # No character stands two lines tall and half a character wide.
    tall = valid & (hs > 2 * em) & (ws <= 0.5 * em)
    thin = valid & (ws <= 0.2 * em) & (hs >= 0.3 * em)
    if not thin.any():
        return tall
    pieces = np.where(thin[labels], 255, 0).astype(np.uint8)
    reach = max(3, int(0.8 * em))
    joined = cv.dilate(pieces, cv.getStructuringElement(cv.MORPH_RECT, (3, reach)))
    n, near, stats, _ = cv.connectedComponentsWithStats(joined, connectivity=8)
    rule = (stats[:, 3] - (reach - 1) > 2.5 * em) & (stats[:, 2] <= 0.3 * em + 2)
    rule[0] = False
    found = np.zeros(len(valid), dtype=bool)
    if rule.any():
        found[np.unique(labels[(pieces > 0) & rule[near]])] = True
    return (found & thin) | tall


def _broken_characters(labels: "np.ndarray", small: "np.ndarray", valid: "np.ndarray", em: float) -> "np.ndarray":
    """Which small marks are pieces of a character the scan broke apart: those within a
    stroke's gap of a character-sized mark (the dot of "息" a bilevel copy at 200 dpi cut
    off: the run lost its top and read ".0", dev seed 11), and small marks as close to each
    other that together reach a character's size (type set small and scanned at 150–170
    dpi breaks "一" into two dots and the lower strokes of "三" into four: huaian-2024's
    labels "一、本年新收…" and "三、" were lost as dust). A speck of dust mostly lies alone;
    one that touches a character joins it, as every mark did before, and the number runs
    are cleaned of it (core/producers/ocr/specks.py)."""
    from core.producers.ocr import imageops as cv
    import numpy as np

    found = np.zeros(len(small), dtype=bool)
    if not small.any():
        return found
    pieces = np.where(small[labels], 255, 0).astype(np.uint8)
    # Gaps up to a quarter of a character (at least 3 px, a scan's broken stroke) are closed:
    # a character's own ink reaches that far, and two pieces each reach half of it.
    gap = max(3, int(0.25 * em))
    big = np.where((valid & ~small)[labels], 255, 0).astype(np.uint8)
    found[np.unique(labels[(pieces > 0) & (cv.dilate(big, np.ones((2 * gap + 1, 2 * gap + 1), np.uint8)) > 0)])] = True
    k = gap + 1
    n, near, stats, _ = cv.connectedComponentsWithStats(cv.dilate(pieces, np.ones((k, k), np.uint8)), connectivity=8)
    # As large as a character, and no larger: a broken rule's pieces in a row (a phone
    # photo's border the ruling missed) are a cluster longer than any character, and made
    # characters they became lone "1"s beside a table's labels (dev seed 2).
    size = np.maximum(stats[:, 2], stats[:, 3]) - (k - 1)
    whole = (size > _SMALL * em) & (size <= 1.6 * em)
    whole[0] = False
    # And on a line of text, within a character of it: specks that fell together in the
    # white between a borderless table's columns are no character ("×" and "1" runs of
    # their own that split its rows).
    reach = cv.dilate(big, cv.getStructuringElement(cv.MORPH_RECT, (2 * int(em) + 1, int(0.5 * em) | 1)))
    whole &= np.isin(np.arange(n), np.unique(near[(reach > 0) & (near > 0)]))
    if whole.any():
        found[np.unique(labels[(pieces > 0) & whole[near]])] = True
    return found & small


def _without_inner(boxes: list[Box]) -> list[Box]:
    """A run lying inside another is a piece of it (a stroke of a heading's "三" cut off as
    a flat run of its own), not a text of its own: it goes."""
    import numpy as np

    if len(boxes) < 2:
        return boxes
    b = np.array([(r.x0, r.y0, r.x1, r.y1) for r in boxes], dtype=np.int64)
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    w = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
    h = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
    common = np.where((w > 0) & (h > 0), w * h, 0)
    inner = (common >= 0.8 * area[:, None]) & (area[None, :] > area[:, None])
    return [r for r, drop in zip(boxes, inner.any(axis=1)) if not drop]


def _with_small_marks(boxes: list[Box], marks: list[tuple[int, int, int, int]], em: float,
                      shape: tuple[int, ...]) -> list[Box]:
    """Each small mark joined to the run it sits beside (its middle inside the run's line,
    its near edge within ``_BESIDE`` character heights of the run's end), widening it; the
    others are dust and dropped.

    The gap is measured from the mark's edge, as the characters' own join measures it: a
    "、" or "。" is drawn in the left of its full-width cell, so its middle lies 0.6–0.7 of a
    character past the character before it (report_2019: "一、总体情况" lost its "一、" and
    with it the section, when the middle was measured)."""
    import numpy as np

    if not boxes or not marks:
        return boxes
    b = np.array([(r.x0, r.y0, r.x1, r.y1) for r in boxes], dtype=np.int64)
    reach, band = _BESIDE * em, _IN_LINE * em
    # A run's line is a character high even where its ink is flat ("一" of "一、").
    mid = (b[:, 1] + b[:, 3]) / 2
    top = np.minimum(b[:, 1], mid - em / 2) - band
    bottom = np.maximum(b[:, 3], mid + em / 2) + band
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    grown = [[r.x0, r.y0, r.x1, r.y1] for r in boxes]
    for x0, y0, x1, y1 in marks:
        cy = (y0 + y1) / 2
        gap = np.maximum(b[:, 0] - x1, x0 - b[:, 2])  # negative: the mark lies over the run
        near = (top <= cy) & (cy <= bottom) & (gap <= reach)
        if not near.any():
            continue
        # Where two runs could take it, the smaller does (a lone digit's, not the long line's
        # beside it), and of equals the nearer.
        k = int(min(np.nonzero(near)[0], key=lambda i: (area[i], gap[i])))
        g = grown[k]
        # Along the line only: a run's height is its characters' (the glyphs' font size, and
        # so which lines the positional builder takes for one table, comes from it), and a
        # speck just above or below a line is no part of it.
        g[0], g[2] = min(g[0], x0), max(g[2], x1)
    return [Box(*g) for g in grown]


def _join_wide(boxes: list[Box], lines_mask: "np.ndarray") -> list[Box]:
    """Runs of a line in a larger font than the page's (a heading) were cut at their wider
    gaps ("三、" | "收到和处理…"): join neighbours on one line whose gap is under one of
    their own character heights, unless a border stands between them."""
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b.x0, b.y0)):
        for k, prev in enumerate(out):
            h = max(prev.height, box.height)
            overlap = min(prev.y1, box.y1) - max(prev.y0, box.y0)
            gap = box.x0 - prev.x1
            if overlap > 0.6 * min(prev.height, box.height) and -2 <= gap <= h and h > 0 \
                    and not lines_mask[max(prev.y0, box.y0):min(prev.y1, box.y1), max(0, prev.x1):max(prev.x1 + 1, box.x0)].any():
                out[k] = Box(prev.x0, min(prev.y0, box.y0), max(prev.x1, box.x1), max(prev.y1, box.y1))
                break
        else:
            out.append(box)
    return sorted(out, key=lambda b: (b.y0, b.x0))


def _split_lines(inner: "np.ndarray", x: int, y: int, em: float) -> list[Box]:
    """A blob taller than a line: cut it at the empty rows between its lines. Lines set
    close (a label wrapped in a narrow cell, scanned at 150 dpi, blurred) touch at a few
    strokes: a piece still taller than a line is cut at its thinnest row between them."""
    h, w = inner.shape
    if h <= 1.6 * em:
        return [Box(x, y, x + w, y + h)]
    rows = (inner > 0).any(axis=1)
    out: list[Box] = []
    start = None
    for r, filled in enumerate(list(rows) + [False]):
        if filled and start is None:
            start = r
        elif not filled and start is not None:
            out.extend(_cut_touching(inner[start:r], x, y + start, em))
            start = None
    return out


def _cut_touching(part: "np.ndarray", x: int, y: int, em: float) -> list[Box]:
    h, w = part.shape
    # Two lines that touch are two characters' heights and their leading tall; a heading set
    # larger than the body (1.6 of its character height) is one line whose strokes ("三")
    # leave thin rows of their own.
    if h <= 2.0 * em:
        return [Box(x, y, x + w, y + h)]
    ink = (part > 0).sum(axis=1)
    lo, hi = int(0.7 * em), h - int(0.7 * em)
    if hi <= lo:
        return [Box(x, y, x + w, y + h)]
    cut = lo + int(ink[lo:hi].argmin())
    # Two lines meet where few strokes cross: a line's own rows are inked along most of it.
    if ink[cut] > 0.15 * max(1, int(ink.max())):
        return [Box(x, y, x + w, y + h)]
    return _cut_touching(part[:cut], x, y, em) + _cut_touching(part[cut + 1:], x, y + cut + 1, em)


def _solid(keep: "np.ndarray", box: Box, em: float) -> bool:
    """A long filled bar (a redaction, a rule drawn as a block, a scan's black edge): no line
    of text is mostly ink. A character is no bar: "一" alone (its "、" is a small mark, joined
    after this test) and a "—" are at most a character or two long."""
    if box.width < 3 * box.height or box.width <= 2 * em:
        return False
    part = keep[box.y0:box.y1, box.x0:box.x1] > 0
    if float(part.mean()) <= 0.7:
        return False
    # A bar is ink from end to end on most of its pixel rows. A bold label blurred at 100 dpi
    # is as dark on the whole (72 %: table 三's "一、本年新收…" and "二、上年结转…" were
    # dropped as bars, and the table with them), but the white between its strokes leaves
    # hardly a row inked across.
    return float((part.mean(axis=1) >= 0.9).mean()) >= 0.5


def _tight(keep: "np.ndarray", box: Box) -> Box | None:
    import numpy as np

    part = keep[box.y0:box.y1, box.x0:box.x1]
    ys, xs = np.nonzero(part)
    if len(xs) == 0:
        return None
    return Box(box.x0 + int(xs.min()), box.y0 + int(ys.min()), box.x0 + int(xs.max()) + 1, box.y0 + int(ys.max()) + 1)


