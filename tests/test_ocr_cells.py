"""A ruled table's cells read from its geometry (issue 23, core/producers/ocr/cells.py): a cell
whose ink no text run covered is looked at on its own and read, never firmly; a cell with no
ink of its own stays blank.

The page is table 三 of a report drawn by tests/render_pdf.py with borders, rendered at 200
dpi and sent through a fax: bilevel, with the office's seal printed black — its ring runs
through a dozen value cells (dev seeds 42 and 53 of the scan differential: the numbers under
the ring were joined to it, taken for a border or a blob, and their cells read blank)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.ocr_record import Box
from core.producers.ocr import cells
from core.producers.ocr.borders import Segment
from core.producers.ocr.page import read_page
from tests.ocr_scan import render_pages

pytestmark = pytest.mark.slow

DPI = 200
_S = DPI / 72


def _table_page(tmp_path: Path, tables: dict) -> tuple[Path, int, list[dict]]:  # type: ignore[type-arg]
    import pdfplumber

    from tests.render_pdf import render_report_pdf

    pdf = render_report_pdf(tmp_path / "ruled.pdf", "某县某局", 2025, tables, ruled=True)
    with pdfplumber.open(pdf) as doc:
        counts = [sum(1 for w in p.extract_words() if w["text"].isdigit()) for p in doc.pages]
        page = counts.index(max(counts)) + 1
        words = [w for w in doc.pages[page - 1].extract_words() if w["text"].isdigit() and w["bottom"] < 770]
    return pdf, page, words


def _faxed_with_ring(pdf: Path, page: int) -> tuple[np.ndarray, tuple[int, int, int]]:
    img = render_pages(pdf, DPI)[page - 1].convert("L")
    w, h = img.size
    ring = (int(w * 0.62), int(h * 0.42), int(w * 0.12))
    cx, cy, r = ring
    ImageDraw.Draw(img).ellipse((cx - r, cy - r, cx + r, cy + r), outline=0, width=6)
    return np.array(img.point(lambda v: 0 if v < 140 else 255).convert("RGB")), ring


def _crossed(word: dict, ring: tuple[int, int, int]) -> bool:  # type: ignore[type-arg]
    cx, cy, r = ring
    xs = np.linspace(word["x0"] * _S, word["x1"] * _S, 12)
    ys = np.linspace(word["top"] * _S, word["bottom"] * _S, 12)
    d = np.hypot(xs[:, None] - cx, ys[None, :] - cy)
    return bool(((d > r - 6) & (d < r + 1)).any())


def _run_at(ocr, word: dict):  # type: ignore[no-untyped-def]
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    near = [r for r in ocr.runs if abs((r.bbox[0] + r.bbox[2]) / 2 - x) < 8 and abs((r.bbox[1] + r.bbox[3]) / 2 - y) < 6]
    return near[0] if near else None


def test_numbers_under_a_black_seal_ring_keep_their_cells_in_doubt(tmp_path: Path) -> None:
    from tests.render import consistent_tables

    pdf, page, words = _table_page(tmp_path, consistent_tables(1))
    img, ring = _faxed_with_ring(pdf, page)
    _, ocr = read_page(img, page, (595.3, 841.9))
    under = [w for w in words if _crossed(w, ring)]
    assert len(under) >= 6
    read = [(w["text"], _run_at(ocr, w)) for w in under]
    # Without the lattice's cells the ring took 6 of the 8 numbers it crosses with it (the
    # cells read blank, confidently); read from their cells, most are there again.
    assert sum(1 for _, r in read if r is not None) >= len(under) - 3, read
    # A number the ring ran through is cut where it crossed: whatever it reads, it is weak
    # (the trust pass reads the cell again and doubts it unless its re-readings agree).
    for text, r in read:
        if r is not None and r.text != text:
            assert r.weakest < 0.6, (text, r)
    # Nowhere on the page is a number read firmly as another.
    for w in words:
        r = _run_at(ocr, w)
        if r is not None and r.text != w["text"]:
            assert r.weakest < 0.6, (w["text"], r)


def test_a_blank_cell_with_dust_stays_blank(tmp_path: Path) -> None:
    """A row the report left blank, with specks of dust in its cells: no ink of their own, so
    no run (a speck read as "1" or "." would be a number the report does not print)."""
    from tests.render import consistent_tables

    tables = consistent_tables(2)
    tables["t3"]["deny_3"] = [None] * 7
    pdf, page, words = _table_page(tmp_path, tables)
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        label = next(w for w in doc.pages[page - 1].extract_words() if "危及" in w["text"])
        xs = sorted({round(w["x0"]) for w in words})
    img = render_pages(pdf, DPI)[page - 1].convert("L")
    d = ImageDraw.Draw(img)
    y = (label["top"] + label["bottom"]) / 2 * _S
    for x in xs[:7]:
        px = (x + 6) * _S
        d.ellipse((px - 1, y - 1, px + 1, y + 1), fill=0)
        d.ellipse((px + 9, y + 5, px + 10, y + 6), fill=0)
    arr = np.array(img.point(lambda v: 0 if v < 140 else 255).convert("RGB"))
    _, ocr = read_page(arr, page, (595.3, 841.9))
    row = [r for r in ocr.runs if abs((r.bbox[1] + r.bbox[3]) / 2 - y / _S) < 6 and r.bbox[0] > label["x1"] + 5]
    assert row == [], [(r.text, r.weakest) for r in row]


def test_closed_cells_are_the_lattice_boxes_with_four_borders() -> None:
    """A cell merged across two rows (no border between its halves) is one cell, whole; a
    cell merged across columns too (a side stopping short of its row); a box whose side is
    missing is none."""
    h = [Segment(0, 0, 400, 0), Segment(0, 50, 400, 50), Segment(100, 100, 400, 100), Segment(0, 150, 400, 150)]
    v = [Segment(0, 0, 0, 150), Segment(100, 0, 100, 150), Segment(200, 0, 200, 150), Segment(300, 50, 300, 150),
         Segment(400, 0, 400, 100)]
    found = cells.closed_cells(h + v, em=20)
    assert Box(0, 0, 100, 50) in found and Box(200, 100, 300, 150) in found
    # The label cell 0–100 × 50–150 is one merged cell, the header 200–400 × 0–50 another.
    assert Box(0, 50, 100, 150) in found and Box(200, 0, 400, 50) in found
    assert Box(0, 50, 100, 100) not in found and Box(0, 100, 100, 150) not in found
    # Its right side lost in the last row: 300–400 × 100–150 is no cell.
    assert not any(b.x0 == 300 and b.y0 == 100 for b in found)
    assert len(found) == 3 + 4 + 2


def test_a_lone_zero_broken_into_specks_is_read_from_its_cell() -> None:
    """A bilevel copy broke a lone "0" into arcs each smaller than the run finder's
    character (dust to it): its cell's own ink, stacked a digit high, is a digit."""
    img = np.full((200, 300), 255, np.uint8)
    img[20:23, 20:280] = 0
    img[120:123, 20:280] = 0
    img[20:123, 20:23] = 0
    img[20:123, 150:153] = 0
    img[20:123, 277:280] = 0
    pil = Image.fromarray(img)
    d = ImageDraw.Draw(pil)
    d.ellipse((78, 56, 94, 84), outline=0, width=3)  # a "0", 28 px high, in the left cell
    arr = np.array(pil)
    arr[63:66, 70:100] = 255  # broken into arcs by the bilevel copy
    arr[74:77, 70:100] = 255
    mask = (arr < 128).astype(np.uint8) * 255
    lines = np.zeros_like(mask)
    lines[19:24, 19:281] = lines[119:124, 19:281] = 255
    lines[19:124, 19:24] = lines[19:124, 149:154] = lines[19:124, 276:281] = 255
    left = Box(21, 21, 151, 121)
    ink = cells.cell_ink(mask, lines, left, digit_h=28)
    assert ink is not None and len(ink.marks) >= 3
    assert min(m.y0 for m in ink.marks) <= 57 and max(m.y1 for m in ink.marks) >= 83
    assert cells.cell_ink(mask, lines, Box(151, 21, 278, 121), digit_h=28) is None


def test_a_digit_glued_to_a_side_is_the_cells_ink_and_the_sides_fringe_is_not() -> None:
    """A "1" printed against the cell's left side (the copy's toner joined them) touches the
    cell's edge, as the side's own fringe does: the digit is a digit's size and touches one
    edge; the fringe runs the cell's height."""
    mask = np.zeros((200, 300), np.uint8)
    lines = np.zeros_like(mask)
    for m in (mask, lines):
        m[20:23, 20:280] = m[120:123, 20:280] = 255
        m[20:123, 20:23] = m[20:123, 150:153] = m[20:123, 277:280] = 255
    lines[19:124, 19:24] = lines[19:124, 149:154] = lines[19:124, 276:281] = 255
    lines[19:24, 19:281] = lines[119:124, 19:281] = 255
    mask[57:85, 24:34] = 0
    mask[57:85, 24:28] = 255   # the "1", its stem against the side
    mask[57:60, 24:32] = 255   # its flag
    mask[82:85, 24:34] = 255   # its foot
    mask[30:115, 154:156] = 255  # the right cell's side, blurred: a fringe the cell's height
    ink = cells.cell_ink(mask, lines, Box(21, 21, 151, 121), digit_h=28)
    assert ink is not None and min(m.x0 for m in ink.marks) <= 28 and max(m.y1 for m in ink.marks) >= 84
    assert cells.cell_ink(mask, lines, Box(151, 21, 278, 121), digit_h=28) is None
