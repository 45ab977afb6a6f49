"""The ruled table's lattice on degraded scans (issue 23): synthetic pages drawn with the
degradations measured on the scan differential — a fax's dropped border pieces, a side
lost in one row, a photographed (tilted) side, dust, text glued across a side — and what
``image.ruling`` / ``grid.split_runs`` must find. No recogniser: fast."""

from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from core.ocr_record import Box  # noqa: E402
from core.producers.ocr import grid, image  # noqa: E402

_W, _H = 1650, 2200
_XS = [200, 600, 800, 1000, 1200]  # column lines
_YS = [300, 360, 420, 480, 540]  # row borders


def _page(ys: list[int] = _YS) -> np.ndarray:
    """A white page with a ruled table (2 px lines), a digit-sized mark in each cell tall
    enough for one, and ten lines of character-sized marks above it (the page's text)."""
    img = np.full((_H, _W), 255, dtype=np.uint8)
    for y in ys:
        cv2.line(img, (_XS[0], y), (_XS[-1], y), 0, 2)
    for x in _XS:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    for r in range(len(ys) - 1):
        if ys[r + 1] - ys[r] < 50:
            continue
        for c in range(len(_XS) - 1):
            cv2.rectangle(img, (_XS[c] + 20, ys[r] + 18), (_XS[c] + 36, ys[r] + 44), 0, 2)
    for line in range(6):
        for k in range(36):
            x, y = 200 + 34 * k, 60 + 36 * line
            cv2.rectangle(img, (x, y), (x + 26, y + 28), 0, 2)
            cv2.line(img, (x + 13, y), (x + 13, y + 28), 0, 2)
            cv2.line(img, (x, y + 14), (x + 26, y + 14), 0, 2)
    return img


def _lattice(img: np.ndarray) -> tuple[list[image.Segment], list[image.Segment]]:
    segs, _ = image.ruling(image.ink(img))
    return [s for s in segs if s.horizontal], [s for s in segs if not s.horizontal]


def _row_spans(hs: list[image.Segment], y: int) -> list[tuple[float, float]]:
    return [(s.x0, s.x1) for s in hs if abs(s.y0 - y) <= 4]


def test_clean_table_is_found_whole() -> None:
    hs, vs = _lattice(_page())
    for y in _YS:
        assert any(x0 <= _XS[0] + 4 and x1 >= _XS[-1] - 4 for x0, x1 in _row_spans(hs, y)), y
    for x in _XS:
        assert any(abs(v.x0 - x) <= 4 and v.y0 <= _YS[0] + 4 and v.y1 >= _YS[-1] - 4 for v in vs), x


def test_fax_dropouts_in_a_row_border_are_joined() -> None:
    """A 98 dpi fax drops a tilted thin border where it falls between two scanned rows: the
    pieces left (a pixel off each other's height) are one border across the table."""
    img = _page()
    y = _YS[2]
    img[y - 3:y + 4, _XS[0] - 2:_XS[-1] + 3] = 255  # the border gone
    x = _XS[0]
    step = 0
    while x < _XS[-1]:
        piece = min(170, _XS[-1] - x)
        cv2.line(img, (x, y + (step % 2)), (x + piece, y + (step % 2)), 0, 2)
        x += piece + 55  # a dropout of 55 px, as measured (52–68)
        step += 1
    # the sides crossing the border stay
    for xx in _XS:
        cv2.line(img, (xx, _YS[0]), (xx, _YS[-1]), 0, 2)
    hs, _ = _lattice(img)
    spans = _row_spans(hs, y)
    assert any(x0 <= _XS[0] + 8 and x1 >= _XS[-1] - 8 for x0, x1 in spans), spans


def test_outer_side_lost_in_one_row_is_closed() -> None:
    """The table's left side gone in its last row (a seal's tint over a photographed page):
    both the row's borders end on its line and the row's right side is there, so the outline
    is closed — otherwise the row's first value falls outside the table and the row reads a
    column short."""
    img = _page()
    x = _XS[0]
    img[_YS[-2] + 3:_YS[-1] - 2, x - 3:x + 4] = 255
    _, vs = _lattice(img)
    assert any(abs(v.x0 - x) <= 4 and v.y0 <= _YS[-2] + 4 and v.y1 >= _YS[-1] - 4 for v in vs)


def test_two_tables_one_above_the_other_stay_apart() -> None:
    """Between two tables with aligned edges stands a heading, not a row: no side is
    inferred there."""
    img = _page()
    gap_top, gap_bottom = _YS[-1], _YS[-1] + 80
    lower = [gap_bottom + 60 * k for k in range(3)]
    for y in lower:
        cv2.line(img, (_XS[0], y), (_XS[-1], y), 0, 2)
    for x in _XS:
        cv2.line(img, (x, lower[0]), (x, lower[-1]), 0, 2)
    for k in range(10):
        cv2.rectangle(img, (_XS[0] + 60 + 34 * k, gap_top + 26), (_XS[0] + 86 + 34 * k, gap_top + 54), 0, 2)
    _, vs = _lattice(img)
    assert not any(v.y0 < gap_top + 40 < v.y1 for v in vs)


def test_merged_cell_is_not_split_by_its_text() -> None:
    """A merged cell's text crossing a column line's path is no side: the side is only
    continued where the row's own ink is a border's (joins both borders, thin, paper beside)."""
    img = _page()
    x = _XS[2]
    a, b = _YS[1], _YS[2]
    img[a + 3:b - 2, x - 3:x + 4] = 255  # the cell spans both columns: no side
    img[a + 3:b - 2, _XS[1] + 10:_XS[3] - 10] = 255
    for k in range(8):  # a line of characters written across
        cv2.rectangle(img, (_XS[1] + 30 + 40 * k, a + 16), (_XS[1] + 58 + 40 * k, a + 44), 0, 2)
    _, vs = _lattice(img)
    assert not any(abs(v.x0 - x) <= 6 and v.y0 < a + 20 < v.y1 for v in vs)


def test_tilted_side_of_a_photo_is_kept() -> None:
    """A phone photo's side drifts across its height (perspective); thin across, it is a side."""
    img = _page()
    x = _XS[-1]
    img[_YS[0] - 2:_YS[-1] + 3, x - 3:x + 4] = 255
    cv2.line(img, (x - 9, _YS[0]), (x + 9, _YS[-1]), 0, 2)
    _, vs = _lattice(img)
    right = [v for v in vs if abs(v.x0 - x) <= 12]
    assert right and max(v.y1 for v in right) - min(v.y0 for v in right) >= 0.9 * (_YS[-1] - _YS[0])


def test_dust_does_not_shrink_the_character_height() -> None:
    """Dust outnumbers characters on a 100 dpi scan; weighted by ink it does not make every
    digit's stroke pass for a cell's side."""
    img = _page()
    rng = np.random.default_rng(3)
    for _ in range(1500):
        x, y = int(rng.integers(0, _W - 5)), int(rng.integers(600, _H - 9))
        img[y:y + 8, x:x + 3] = 0
    mask = image.ink(img)
    assert image.char_height(mask) >= 20


def test_run_across_a_side_is_split() -> None:
    """Two cells' text glued into one run across a found side is cut at it."""
    img = _page()
    mask = image.ink(img)
    segs, lines_mask = image.ruling(mask)
    x = _XS[2]
    glued = Box(x - 180, _YS[0] + 18, x + 37, _YS[0] + 44)
    out = grid.split_runs([glued], segs, mask, lines_mask, 28.0)
    assert len(out) == 2
    assert all(b.x1 <= x or b.x0 >= x for b in out)
