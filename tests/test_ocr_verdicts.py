"""Doubt is not an error, for the parts of a report read by OCR: an error resting on a
scanned page's text (a label, a heading, the prose) is a warning that says it came from the
scan; arithmetic on cells the trust pass accepted stays an error. No OCR is run here: the
real hongze-2023 reading is marked as if its table pages had been scanned."""

from __future__ import annotations

import copy

from core.check import check_file
from core.model import Finding, Location
from core.rules import run_rules
from core.rules.reading import OCR_NOTE, soften_ocr
from tests.shared_data import REAL_PDF


def _as_if_scanned(pages: set[int], tables: set[str]):  # type: ignore[no-untyped-def]
    ext = copy.deepcopy(check_file(REAL_PDF / "hongze-2023.pdf").extraction)
    assert ext is not None
    ext.ocr_pages = pages
    for key in tables:
        for cells in ext.tables[key].rows.values():
            for cell in cells:
                cell.ocr = True
    return ext


def test_a_label_read_from_a_scan_gives_a_warning_the_arithmetic_stays_an_error() -> None:
    text = {f.rule: f.severity for f in run_rules(_as_if_scanned(set(), set()))}
    assert text["S-VERSION-MIX"] == "error" and text["T4-REV"] == "error"  # the text layer's verdict
    scanned = run_rules(_as_if_scanned({3, 4}, {"t3", "t4"}))
    mix = next(f for f in scanned if f.rule == "S-VERSION-MIX")
    assert mix.severity == "warning" and mix.message.endswith(OCR_NOTE)
    assert {f.rule for f in scanned if f.severity == "error"} == {"T4-REV", "T4-AFT"}


def test_only_findings_on_scanned_pages_are_softened() -> None:
    ext = _as_if_scanned({2}, set())
    on_scan = Finding("M-YEAR", "error", "正文写的年度与标题不符。", loc=Location(page=2))
    on_text = Finding("M-YEAR", "error", "正文写的年度与标题不符。", loc=Location(page=1))
    out = soften_ocr([on_scan, on_text], ext)
    assert [f.severity for f in out] == ["warning", "error"]
    assert out[0].message.endswith(OCR_NOTE) and not out[1].message.endswith(OCR_NOTE)
    # A Word paragraph beside a pasted table picture was typed, not scanned: still an error.
    in_paragraph = Finding("M-YEAR", "error", "正文写的年度与标题不符。", loc=Location(paragraph=3))
    assert soften_ocr([in_paragraph], ext)[0].severity == "error"
    # A text-layer document is untouched.
    assert soften_ocr([on_scan], _as_if_scanned(set(), set()))[0].severity == "error"


def test_text_in_a_scanned_number_cell_is_a_reading_doubt_not_an_error() -> None:
    # The scan differential's false errors: dust or a seal's stroke read "IF!" in a number
    # cell became V-NUMERIC "印有…" errors. Read from a picture, it is a doubt; typed, an error.
    for scanned, severity in ((True, "warning"), (False, "error")):
        ext = _as_if_scanned({3} if scanned else set(), {"t3"} if scanned else set())
        cell = ext.tables["t3"].rows["granted"][0]
        cell.raw, cell.value, cell.state = "IF!", None, "text"
        found = [f for f in run_rules(ext) if f.rule == "V-NUMERIC"]
        assert found and {f.severity for f in found} == {severity}, found
        assert found[0].message.endswith(OCR_NOTE) == scanned


def test_a_scanned_table_whose_values_were_all_lost_is_still_a_scanned_table() -> None:
    # Dev seed 27 (report_2019 faxed at 200×98 dpi): 表三's labels were read, none of its
    # values, so no cell was marked as read from the image — and the 2021 rows "missing"
    # from the misread labels stood as an S-ROWS error. Its labels stand on a scanned page.
    for pages, severity in (({3}, "warning"), (set(), "error")):
        ext = _as_if_scanned(pages, set())
        table = ext.tables["t3"]
        assert any(loc.page == 3 for loc in table.row_locs.values())
        for cells in table.rows.values():
            for cell in cells:
                cell.value, cell.raw, cell.state = None, "", "missing"
        del table.rows["reject_5"]
        found = [f for f in run_rules(ext) if f.rule == "S-ROWS" and f.cells and f.cells[0][0] == "t3"]
        assert found and {f.severity for f in found} == {severity}, [(f.rule, f.severity) for f in found]
