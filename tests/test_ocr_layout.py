"""Ruling lines found on a scan (core/producers/ocr/image.py), against the text layer of the same page:
the table's sides stand where the PDF draws them. One page, scanned as tests/test_ocr_real.py
scans it; no recogniser, so it runs in about a second."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ocr_scan import mixed_pdf
from tests.shared_data import REPO

REPORT_2019 = REPO / "tests" / "fixtures" / "pdf" / "report_2019.pdf"


def _text_layer_sides(pdf: Path, page: int, top: float, bottom: float) -> list[float]:
    """x (points) of the vertical rules of the table between ``top`` and ``bottom``."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        lines = doc.pages[page - 1].lines
    vertical = (line for line in lines if line["x0"] == line["x1"])
    return sorted(line["x0"] for line in vertical if top <= line["top"] and line["bottom"] <= bottom)


def _scanned_segments(pdf: Path, page: int):  # type: ignore[no-untyped-def]
    """The page's ruling lines as read_page finds them (same resolution, deskew, ink)."""
    import numpy as np
    import pypdfium2 as pdfium

    from core.producers.ocr import image as layout
    from core.producers.ocr.page import deskewed
    from core.producers.ocr.pdf_pages import DPI

    doc = pdfium.PdfDocument(str(pdf))
    try:
        width_pt = doc[page - 1].get_width()
        img = np.array(doc[page - 1].render(scale=DPI / 72).to_pil().convert("RGB"))
    finally:
        doc.close()
    grey, mask, _ = deskewed(img)
    segments, _ = layout.ruling(mask)
    return segments, width_pt / grey.shape[1]


def _relative(xs: list[float]) -> list[float]:
    """Positions across the table, 0 at its left side and 1 at its right."""
    return [(x - xs[0]) / (xs[-1] - xs[0]) for x in xs]


@pytest.mark.parametrize("seed", [0, 3])  # both lost the side before the fix (0 is test_ocr_real's scan)
def test_a_side_under_a_header_set_close_to_the_rules_is_found(seed: int, tmp_path: Path) -> None:
    """report_2019's table 四 (page 4): "行政复议" is set so close to its one-line row's
    rules that the stroke of "复" joins both borders and the 结果维持 | 结果纠正 side below —
    one component from the table's top to its bottom, broken only in the stroke's piece. The
    side was dropped whole and the row's nine cells lost their columns; it is a side from the
    second border down."""
    scan = mixed_pdf(REPORT_2019, tmp_path / "扫描.pdf", [4], seed=seed)
    segments, pt = _scanned_segments(scan, 4)
    printed = _text_layer_sides(REPORT_2019, 4, 200, 296)
    assert len(printed) == 16  # the fixture's table 四: the left side and 15 columns' right sides
    band = [s for s in segments if not s.horizontal and 195 <= s.y0 * pt and s.y1 * pt <= 300 and s.y1 - s.y0 > 20]
    found = sorted({round(s.x0) for s in band})
    assert len(found) == len(printed), (found, printed)
    for got, want in zip(_relative(found), _relative(printed)):
        assert got == pytest.approx(want, abs=0.01)
    # The 结果维持 | 结果纠正 side starts at the second border (215.3 pt), not at the table's top.
    second = next(s for s in band if abs((s.x0 - found[0]) / (found[-1] - found[0]) - 28.8 / 432) < 0.01)
    assert second.y0 * pt == pytest.approx(215.3, abs=3)
