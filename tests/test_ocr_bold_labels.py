"""A bold label is text, not a bar (issue 23). On a 100-dpi colour scan with a scanner's
blur (dev seed 49: hongze-2024, JPEG q35, blur 0.9), rendered at 200 dpi as the PDF reader
renders it, table 三's bold "一、本年新收政府信息公开申请数量" and "二、上年结转政府信息公开申请数量"
come out 72 % ink — as dark as a redaction bar by their share of ink. Dropped as bars, the
two rows had no label and the whole table 三 was lost (6 of 186 cells read). A bar is inked
across on most of its pixel rows; a line of text, however heavy, is not.

The fixture is that scan's page 3 (its page image as the degradation drew it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.producers.ocr import runs
from core.producers.ocr.page import _layout, deskewed
from tests.ocr_scan import render_pages

PAGE = Path(__file__).parent / "fixtures" / "scans" / "hongze-2024-p3-100dpi-blurred.pdf"


def test_bold_labels_of_a_blurred_100_dpi_scan_are_runs() -> None:
    _, mask, _ = deskewed(np.array(render_pages(PAGE, dpi=200)[0]))
    segments, _, boxes, em = _layout(mask)
    left = min(s.x0 for s in segments if not s.horizontal and s.y1 - s.y0 > 20 * em)
    # Runs starting at table 三's left side, long as a label, with a value level with them:
    # rows 一 and 二 (the group captions of 三 start further in, the header holds no values).
    def has_values(label) -> bool:  # type: ignore[no-untyped-def]
        mid = (label.y0 + label.y1) / 2
        return any(b.x0 > label.x1 and b.width < 2 * em and abs((b.y0 + b.y1) / 2 - mid) < 0.5 * em for b in boxes)

    labels = [b for b in boxes if b.x0 - left < 1.5 * em and b.width > 12 * em and has_values(b)]
    assert len(labels) == 2, (labels, em)


def test_a_filled_bar_is_still_no_text() -> None:
    keep = np.zeros((60, 400), np.uint8)
    keep[20:44, 30:370] = 255  # a redaction bar
    keep[25, 100:104] = 0  # a few specks of paper through it
    assert runs._solid(keep, runs.Box(30, 20, 370, 44), em=24.0)


def test_a_zero_broken_in_two_arcs_is_not_doubted_as_a_one() -> None:
    # The same page's "0"s, blurred at 100 dpi, fall into two arcs. Spaced apart and read
    # again they gave "1" — one digit for two pieces, no reading of them — and 56 cells read
    # "0" surely in both framings were put in doubt between "0" and "1" (core/trust.py).
    from core.check import check_file

    report = check_file(PAGE)
    t3 = report.extraction.tables["t3"]
    cells = [c for row in t3.rows.values() for c in row]
    assert sum(1 for c in cells if c.state == "uncertain" and set(c.candidates) == {0, 1}) <= 2
    assert sum(1 for c in cells if c.state == "ok") >= 75


def test_labels_misread_on_a_scan_are_one_finding_that_says_so() -> None:
    # Small type at 100 dpi: rows whose labels are still not the template's words after the
    # OCR's vocabulary. One cause (the scan), one finding — not a "misprinted label" per row.
    from core.check import check_file

    labels = [f for f in check_file(PAGE).findings if f.rule == "S-LABEL"]
    assert len(labels) == 1
    assert "扫描" in labels[0].message and "识别有误" in labels[0].message
    assert len(labels[0].cells) >= 3
