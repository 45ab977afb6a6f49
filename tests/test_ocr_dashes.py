"""Thin table borders a bilevel scan broke into dashes (core/producers/ocr/dashes.py), found as
borders: the real hongze-2023 table 三 page faxed (tests/degrade.py's fax: 200 dpi across,
98 or 196 lines, thresholded to one bit) at a slight tilt. Its hairline rules come out as
dashes a character or two long at one period; before the fix none of the table's row
borders was found (dev seeds 24, 26: table 三 lost whole). No recogniser: about a second a
page."""

from __future__ import annotations

import random

import pytest

from tests.shared_data import REAL_PDF

HONGZE_2023 = REAL_PDF / "hongze-2023.pdf"
HONGZE_2024 = REAL_PDF / "hongze-2024.pdf"
HUAIAN_2024 = REAL_PDF / "huaian-2024.pdf"
# Table 三 on page 3 (points): from its top rule to the foot of the page.
_TOP, _BOTTOM = 360.0, 785.0


def _printed_rows(pdf=HONGZE_2023) -> list[float]:  # type: ignore[no-untyped-def]
    """Heights (points) of table 三's row borders on page 3 that run across most of the table
    (a group's rows start right of its caption: from 180 pt of the 77–516 pt table)."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        edges = [e for e in doc.pages[2].edges if e["orientation"] == "h" and _TOP <= e["top"] <= _BOTTOM]
    spans: dict[int, tuple[float, float]] = {}
    for e in edges:
        y = round(e["top"])
        a, b = spans.get(y, (e["x0"], e["x1"]))
        spans[y] = (min(a, e["x0"]), max(b, e["x1"]))
    rows = sorted(y for y, (a, b) in spans.items() if b - a >= 0.6 * (516 - 77))
    merged: list[float] = []
    for y in rows:  # a rule drawn twice a point apart is one border
        if not merged or y - merged[-1] > 2:
            merged.append(float(y))
    return merged


def _faxed(lines: int | None, skew: float, threshold: int, blur: float, pdf=HONGZE_2023, page: int = 3):  # type: ignore[no-untyped-def]
    """A page (hongze-2023's third) as the fax in tests/degrade.py sends it: (horizontal
    segments found by the ruling, points per pixel of the levelled page)."""
    import numpy as np
    import pypdfium2 as pdfium

    from core.producers.ocr import image as layout
    from core.producers.ocr.page import deskewed
    from tests.degrade import degrade_page

    doc = pdfium.PdfDocument(str(pdf))
    try:
        width_pt = doc[page - 1].get_width()
        rendered = doc[page - 1].render(scale=200 / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    c = {"seed": 0, "device": "fax", "dpi": 200, "lines": lines, "mode": "bilevel", "storage": "g4", "quality": None,
         "threshold": threshold, "blur": blur, "grain": 0.0, "dust": 0.0, "skew": skew, "perspective": 0.0,
         "light": 0.0, "seal": False, "seal_alpha": 0, "container": "pdf", "pages": "all", "pick": 0.0}
    img = np.array(degrade_page(rendered, c, random.Random(0)).convert("RGB"))
    grey, mask, _ = deskewed(img)
    segments, _ = layout.ruling(mask)
    return [s for s in segments if s.horizontal], width_pt / grey.shape[1]


@pytest.mark.parametrize(("lines", "skew", "threshold", "blur"), [
    (98, 0.91, 144, 0.86),   # dev seed 24's fax, without its dust
    (196, -0.76, 130, 0.81),  # dev seed 26's
])
def test_a_dashed_border_is_a_border(lines: int, skew: float, threshold: int, blur: float) -> None:
    printed = _printed_rows()
    assert len(printed) >= 14  # the table's rows on this page
    found, pt = _faxed(lines, skew, threshold, blur)
    table = [s for s in found if _TOP - 5 <= s.y0 * pt <= _BOTTOM + 5 and (s.x1 - s.x0) * pt >= 0.6 * (516 - 77)]
    rows = sorted({round(s.y0 * pt) for s in table})
    # Every border found is a printed one (none through a row's text) …
    for y in rows:
        assert min(abs(y - p) for p in printed) <= 4, (y, printed)
    # … and most printed borders are found (at 196 lines and threshold 130 two of them keep
    # no more than specks, and the page's foot cuts the last; before the fix: none but the
    # table's top).
    hit = [p for p in printed if any(abs(y - p) <= 4 for y in rows)]
    assert len(hit) >= 12, (rows, printed)


def test_a_stepped_border_is_a_border() -> None:
    """hongze-2024's table 三 faxed at 98 lines and 1.2° (dev seed 37's fax): its rules come out
    as a staircase, a step of 2 px every 95 px, and levelled no pixel row holds one for the
    opening's length. The border under the header (497 pt) was lost, and the header's cells
    ran into the first row; found over three rows, it is there."""
    printed = _printed_rows(HONGZE_2024)
    assert 497.0 in printed
    found, pt = _faxed(98, -1.2, 172, 0.61, pdf=HONGZE_2024)
    rows = sorted({round(s.y0 * pt) for s in found
                   if _TOP - 5 <= s.y0 * pt <= _BOTTOM + 5 and (s.x1 - s.x0) * pt >= 0.6 * (516 - 77)})
    for y in rows:
        assert min(abs(y - p) for p in printed) <= 4, (y, printed)
    assert any(abs(y - 497) <= 4 for y in rows), rows
    assert len([p for p in printed if any(abs(y - p) <= 4 for y in rows)]) >= len(printed) - 2, (rows, printed)


@pytest.mark.parametrize(("lines", "skew", "threshold", "blur"), [
    (98, 0.91, 144, 0.86),
    (196, -0.76, 130, 0.81),
    (98, -1.2, 172, 0.61),   # dev seed 37's fax
    (None, 0.31, 150, 0.78),  # a copier's 200 dpi black-and-white
])
def test_a_page_of_prose_has_no_dashed_borders(lines: int | None, skew: float, threshold: int, blur: float) -> None:
    """huaian-2024's second page is prose without a rule: the strokes its characters line up
    on a row ("一", the feet of "二、上…") are no border."""
    found, _ = _faxed(lines, skew, threshold, blur, pdf=HUAIAN_2024, page=2)
    assert found == []


def test_a_seal_ring_on_a_bilevel_copy_is_no_border(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Dev seed 163 (gen-ruled-2019, a copier's 300 dpi black-and-white with a seal): the flat
    bottom of the seal's ring, black in a one-bit copy, was taken for a stepped border over
    three rows and the "3" beneath it wiped as the border's ink. Its table's borders are
    straight: the ruling finds no stepped border on the page."""
    import numpy as np
    import pypdfium2 as pdfium

    from core.producers.ocr import image as layout
    from core.producers.ocr.page import deskewed
    from tests.degrade import draw, scan_document
    from tests.scan_sources import source_for

    c = draw(163)
    src = source_for(163).pdf(tmp_path / "text", 163)
    scan, _, _ = scan_document(src, c, tmp_path / "scan", [])
    doc = pdfium.PdfDocument(str(scan))
    try:  # as the reader renders it (core/producers/ocr/pdf_pages.py)
        img = np.array(doc[1].render(scale=200 / 72).to_pil().convert("RGB"))
    finally:
        doc.close()
    grey, mask, _ = deskewed(img)
    seen: list = []
    real = layout.stepped_rules

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)
        seen.extend(out[0])
        return out

    monkeypatch.setattr(layout, "stepped_rules", spy)
    layout.ruling(mask)
    assert seen == []
