"""Scanned versions of the three real PDFs and of the PDF fixtures (issue 11): every table
page replaced by a scan of itself (170 dpi, turned 1.2°, noise, JPEG, a red seal), the prose
pages keeping their text layer — the mixed case, and the costly part (tables) of a full
scan. Every cell must equal the text-layer reading of the same document, and hongze-2023's
two table-四 errors must still be errors. Each scan is read once per session."""

from __future__ import annotations

from pathlib import Path

import os

import pytest

from core.check import check_file
from core.model import Report
from tests.ocr_scan import mixed_pdf, scanned_pdf, table_pages
from tests.shared_data import REAL_PDF, REPO

pytestmark = pytest.mark.slow

ALL_SOURCES = {
    "hongze-2023": REAL_PDF / "hongze-2023.pdf",
    "hongze-2024": REAL_PDF / "hongze-2024.pdf",
    "huaian-2024": REAL_PDF / "huaian-2024.pdf",
    "report_2019": REPO / "tests" / "fixtures" / "pdf" / "report_2019.pdf",
    "report_2021_nested": REPO / "tests" / "fixtures" / "pdf" / "report_2021_nested.pdf",
}
# Each scan costs 35–55 s of OCR: the README's test command reads hongze-2023 (the real
# report with real errors); .ci/run reads all five in a step of its own (NIANBAO_OCR_ALL=1),
# so the suite stays under four minutes and every scan is still read on every CI run.
SOURCES = ALL_SOURCES if os.environ.get("NIANBAO_OCR_ALL") == "1" else {"hongze-2023": ALL_SOURCES["hongze-2023"]}


_CACHE: dict[str, tuple[Report, Report]] = {}


def _scanned(name: str, folder: Path) -> tuple[Report, Report]:
    """(text-layer report, scanned report) of one document, read once per session."""
    if name not in _CACHE:
        src = SOURCES[name]
        dst = mixed_pdf(src, folder / f"{name}-扫描.pdf", table_pages(src))
        _CACHE[name] = (check_file(src), check_file(dst))
    return _CACHE[name]


@pytest.fixture(scope="session")
def scans(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("scans")
    return lambda name: _scanned(name, folder)


# A scanned table page takes 1–2.5 s on this 2-core machine, a whole scan 5–12 s.
# Every source reads cell-exact. report_2019 did not until a side whose top piece is a
# character's stroke from border to border (its "行政复议" set close to table 四's rules, over
# the 结果维持 | 结果纠正 side) was trimmed there instead of dropped whole (core/producers/ocr/image.py
# _trim): the column was lost, and nine cells of the row with it. huaian-2024 reads exact
# since "社会公益" alone names its column (the seal's star over "组") and specks are no
# longer read as a lone "1".


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", list(SOURCES))
def test_scanned_tables_read_cell_exact(scans, name: str) -> None:  # type: ignore[no-untyped-def]
    text, scan = scans(name)
    assert scan.status != "unreadable", scan.error
    assert scan.to_json()["ocr"] is True and "ocr" not in text.to_json()
    assert scan.to_json()["tables"] == text.to_json()["tables"]
    arith = lambda r: sorted((f.rule, f.severity) for f in r.findings if f.rule.startswith(("T2", "T3", "T4")))  # noqa: E731
    assert arith(scan) == arith(text)
    # Read cell-exact, the scan has the text layer's findings, rule for rule (prose, headings
    # and labels too: a heading's "、" read as "丶" had lost four sections); only the
    # reading warnings are its own.
    rules = lambda r: sorted({f.rule for f in r.findings} - {"X-OCR"})  # noqa: E731
    assert rules(scan) == rules(text)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", list(SOURCES))
def test_a_scan_never_gets_an_arithmetic_error_the_text_layer_does_not_have(scans, name: str) -> None:  # type: ignore[no-untyped-def]
    """Doubt is not an error: whatever the OCR got wrong, no wrong verdict against the report."""
    text, scan = scans(name)
    errors = lambda r: {f.rule for f in r.findings if f.severity == "error" and f.rule.startswith(("T3", "T4"))}  # noqa: E731
    assert errors(scan) <= errors(text), [f.message for f in scan.findings if f.rule in errors(scan) - errors(text)]


@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_coarse_scan_with_the_seal_through_a_digit_is_doubt_not_an_error(tmp_path: Path) -> None:
    """huaian-2024 (a clean report) scanned at 150 dpi: the seal's ring runs through a light
    "3" of table 三 and on over the cell's border, the digit reads "8" at 0.53 and its ink
    cannot be cropped again — that cell is uncertain (X-OCR), not a T3 error."""
    src = ALL_SOURCES["huaian-2024"]
    scan = check_file(mixed_pdf(src, tmp_path / "huaian-2024-150dpi.pdf", table_pages(src), dpi=150))
    assert scan.status != "unreadable", scan.error
    assert not [f.message for f in scan.findings if f.severity == "error"]
    # PP-OCRv6 tiny reads that "3" right more often than v4 did: the cell is either read as
    # printed or doubted — never a confident other number.
    doubted = [f for f in scan.findings if f.rule == "X-OCR"]
    text = check_file(src)
    assert text.extraction is not None and scan.extraction is not None
    col = [c.key for c in text.extraction.spec("t3").rows[0].columns].index("commercial")
    printed = text.to_json()["tables"]["t3"]["other_1"][col]
    read = scan.to_json()["tables"]["t3"]["other_1"][col]
    assert any(("t3", "other_1", "commercial") in f.cells for f in doubted) or read == printed, \
        (read, printed, [f.cells for f in doubted])


@pytest.mark.timeout(900)
def test_hongze_2023_errors_survive_the_scan(scans) -> None:  # type: ignore[no-untyped-def]
    _, scan = scans("hongze-2023")
    errors = {f.rule for f in scan.findings if f.severity == "error"}
    assert {"T4-REV", "T4-AFT"} <= errors
    rev = next(f for f in scan.findings if f.rule == "T4-REV")
    assert "0 ≠ 10 + 1 + 0 + 0" in rev.message


@pytest.mark.timeout(900)
@pytest.mark.skipif(os.environ.get("NIANBAO_OCR_ALL") != "1", reason="a full scan is read by .ci/run's OCR step (NIANBAO_OCR_ALL=1)")
def test_a_full_scan_reads_every_table_cell_as_the_text_layer(tmp_path: Path) -> None:
    """Every page an image (prose too, as a photocopier's "scan to PDF" gives): the tables
    still read cell for cell as the text layer, and the report's two errors stay errors."""
    src = ALL_SOURCES["hongze-2023"]
    text = check_file(src)
    scan = check_file(scanned_pdf(src, tmp_path / "hongze-2023-全扫描.pdf"))
    assert scan.status != "unreadable", scan.error
    assert scan.to_json()["ocr"] is True
    assert scan.to_json()["tables"] == text.to_json()["tables"]
    errors = lambda r: sorted(f.rule for f in r.findings if f.severity == "error" and f.rule.startswith(("T3", "T4")))  # noqa: E731
    assert errors(scan) == errors(text) == ["T4-AFT", "T4-REV"]
