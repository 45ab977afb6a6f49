"""The scanned property test (issue 11): whatever the scanner did — the angle, the grain,
the JPEG quality, where the seal landed, a page fed upside down — every cell OCR reads
*confidently* is the value printed, and no scan gets an arithmetic error the text layer of
the same document does not have. A cell the reader is unsure of may be ``uncertain``
(X-OCR): doubt is allowed, a confident wrong number is not.

Each distortion is drawn from a seeded generator, so a failure names its seed and replays.
The suite draws a few distortions of a real table picture (hongze-2023's table 四, its two
real errors included); .ci/run's scan step (NIANBAO_OCR_ALL=1) also scans every table page
of every source three times more, at 150, 170 or 200 dpi."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from core.check import check_file
from core.model import Report
from tests.ocr_scan import mixed_pdf, scan, t4_crop, table_pages
from tests.test_ocr_real import ALL_SOURCES

pytestmark = pytest.mark.slow

T4 = {"review": [10, 1, 0, 0, 0], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [5, 0, 0, 0, 0]}
_ALL = os.environ.get("NIANBAO_OCR_ALL") == "1"


def _distortion(seed: int) -> dict[str, object]:
    rnd = random.Random(seed)
    return {"angle": round(rnd.uniform(-2.0, 2.0), 2), "quality": rnd.choice([55, 70, 85]),
            "upside_down": rnd.random() < 0.2, "seed": seed}


def _confident_cells(report: Report) -> dict[tuple[str, str, int], object]:
    ext = report.extraction
    assert ext is not None
    return {(key, row, i): cell.value for key, table in ext.tables.items() for row, cells in table.rows.items()
            for i, cell in enumerate(cells) if cell.state == "ok"}


def _arithmetic_errors(report: Report) -> set[str]:
    return {f.rule for f in report.findings if f.severity == "error" and f.rule.startswith(("T2", "T3", "T4"))}


@pytest.mark.timeout(600)
@pytest.mark.parametrize("seed", range(8 if _ALL else 3))
def test_a_table_picture_read_confidently_is_read_right(seed: int, tmp_path: Path) -> None:
    # Seed 2 (turned 1.82°, the picture's corner turned out of the frame) lost the left end of
    # the row's bottom border, the lone "1" fell out of its cell and the row's values shifted
    # a column — read "ok", a false T4 error. Borders now run on through the sides ending on
    # them (core/producers/ocr/image.py _through_sides).
    kw = _distortion(seed)
    path = tmp_path / "表四.jpg"
    scan(t4_crop(), **kw).save(path, "JPEG", quality=int(kw["quality"]))  # type: ignore[arg-type]
    report = check_file(path)
    assert report.status != "unreadable", (kw, report.error)
    ext = report.extraction
    assert ext is not None and "t4" in ext.tables, kw
    for row, printed in T4.items():
        for i, cell in enumerate(ext.tables["t4"].rows.get(row, [])):
            if cell.state == "ok":
                assert cell.value == printed[i], (kw, row, i, cell.value, printed[i])
    # The two errors printed in hongze-2023's table 四 are still errors, or their cells in doubt.
    errors = _arithmetic_errors(report)
    doubted = any(c.state == "uncertain" for cells in ext.tables["t4"].rows.values() for c in cells)
    assert {"T4-REV", "T4-AFT"} <= errors or doubted, (kw, errors)


@pytest.mark.skipif(not _ALL, reason="every source's table pages: .ci/run's scan step (NIANBAO_OCR_ALL=1)")
@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", list(ALL_SOURCES))
@pytest.mark.parametrize("seed", [101, 202, 303])
def test_scanned_sources_read_confidently_are_read_right(name: str, seed: int, tmp_path: Path) -> None:
    src = ALL_SOURCES[name]
    rnd = random.Random(seed)
    kw = {"angle": round(rnd.uniform(-2.0, 2.0), 2), "quality": rnd.choice([55, 70, 85]),
          # The scanner's resolution too: a 150-dpi scan found a false T3 error that 170 did not.
          "dpi": rnd.choice([150, 170, 200])}
    dst = mixed_pdf(src, tmp_path / f"{name}-扫描.pdf", table_pages(src), seed=seed, **kw)
    text, scanned = check_file(src), check_file(dst)
    assert scanned.status != "unreadable", (kw, scanned.error)
    printed = _confident_cells(text)
    wrong = {ref: (value, printed.get(ref)) for ref, value in _confident_cells(scanned).items()
             if ref in printed and printed[ref] != value}
    assert not wrong, (seed, kw, wrong)
    assert _arithmetic_errors(scanned) <= _arithmetic_errors(text), (seed, kw)
