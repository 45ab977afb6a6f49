"""Scanner-made "searchable" PDFs (issue 26): each page a scan with the scanner's own OCR as
a text layer no one sees. A good hidden layer is read as it is — exact, and no page is read
by our OCR; a poor one (digits misread, a column not read) gives no false error: the pages
it fails on are read by our OCR, and the clerk is told which and why.

The fixtures are built from the real PDFs in tests/data/real-pdf (tests/searchable_pdf.py):
their pages scanned, their own characters as the hidden text — spoiled the way a scanner's
OCR does for the poor one."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.check import check_extraction, check_file
from core.hidden_layer import PageFit, _doubt_misreads, page_fits, prefer_ours
from core.producers.pdf.pages import PdfTimings, read_pages
from core.readers import read_document
from tests import hostile3
from tests.searchable_pdf import scanner_misreads, searchable_pdf
from tests.shared_data import REAL_PDF


def _errors(report) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(f.rule for f in report.findings if f.severity == "error")


@pytest.fixture(scope="module")
def hongze24_text():  # type: ignore[no-untyped-def]
    return check_file(REAL_PDF / "hongze-2024.pdf")


@pytest.mark.parametrize("hide", ["invisible", "under"])
def test_the_hidden_text_of_a_searchable_scan_is_known_to_the_page(tmp_path: Path, hide: str) -> None:
    """Drawn invisible (render mode 3) or painted over by the scan: either way the page is a
    picture whose text is a reading of it, not text the page shows."""
    pdf = searchable_pdf(REAL_PDF / "hongze-2024.pdf", tmp_path / "可搜索.pdf", hide=hide)  # type: ignore[arg-type]
    pages = read_pages(pdf, None, None, PdfTimings())
    assert all(p.picture_only for p in pages)
    assert all(p.hidden_text > 100 for p in pages if p.number in (2, 3, 4))  # the table pages
    doc = read_document(pdf)
    assert doc.hidden_layer == [p.number for p in pages if p.hidden_text]
    assert doc.ocr is None  # read from the hidden text: the OCR engine was not run


def test_a_text_pdf_and_a_scan_stamped_with_page_numbers_have_no_hidden_text(tmp_path: Path) -> None:
    """The page number "- n -" stamped as real text over a scan is visible text: the page is a
    picture to read by OCR, not a searchable scan (and a text PDF stays a text PDF)."""
    from tests.ocr_scan import mixed_pdf

    text = read_pages(REAL_PDF / "hongze-2024.pdf", None, None, PdfTimings())
    assert not any(p.picture_only or p.hidden_text for p in text)
    scanned = mixed_pdf(REAL_PDF / "hongze-2024.pdf", tmp_path / "扫描.pdf", [2, 3])
    stamped = read_pages(hostile3.with_page_numbers(scanned, tmp_path / "扫描加页码.pdf"), None, None, PdfTimings())
    assert [p.number for p in stamped if p.picture_only] == [2, 3]
    assert not any(p.hidden_text for p in stamped)


@pytest.mark.parametrize("hide", ["invisible", "under"])
def test_a_good_hidden_layer_is_read_exactly_without_ocr(tmp_path: Path, hongze24_text, hide: str, ocr_calls) -> None:  # type: ignore[no-untyped-def]
    report = check_file(searchable_pdf(REAL_PDF / "hongze-2024.pdf", tmp_path / "可搜索.pdf", hide=hide))  # type: ignore[arg-type]
    assert ocr_calls == []
    assert report.document is not None and report.document.ocr is None  # the OCR engine never ran
    assert not report.ocr
    assert report.to_json()["tables"] == hongze24_text.to_json()["tables"]
    assert [(f.rule, f.severity) for f in report.findings] == [(f.rule, f.severity) for f in hongze24_text.findings]


@pytest.fixture
def ocr_calls(monkeypatch):  # type: ignore[no-untyped-def]
    """The pages the reader asked the OCR engine to read (it reads none: an empty list is the
    test's to assert; the check keeps the file's own reading when the OCR fails)."""
    import core.readers.pdf

    calls: list[list[int]] = []

    def refuse(path, data, numbers, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(numbers))
        raise RuntimeError("no OCR in this test")

    monkeypatch.setattr(core.readers.pdf, "ocr_pdf_pages", refuse)
    return calls


def test_a_searchable_scan_of_a_notice_is_not_read_again_by_ocr(tmp_path: Path, ocr_calls) -> None:  # type: ignore[no-untyped-def]
    """The hidden text names the document a 通知: its tables are not missing, no page is read
    by our OCR to look for them."""
    from tests.not_reports import NOTICE, write_pdf

    notice = write_pdf(tmp_path / "通知.pdf", NOTICE)
    report = check_file(searchable_pdf(notice, tmp_path / "通知-可搜索.pdf"))
    assert report.status == "not_report"
    assert report.document is not None and report.document.hidden_layer and report.document.ocr is None
    assert ocr_calls == []


def test_reading_choice_follows_the_shape_first_and_the_sums_only_where_the_shape_ties() -> None:
    good = PageFit(clean=90, faults=0, failing=0, values={("t3", "new", "natural"): ("ok", 5)})
    assert prefer_ours(PageFit(clean=85, faults=5), good) == "shape"  # theirs lost cells
    assert prefer_ours(good, PageFit(clean=85, faults=5)) is None  # ours lost cells: theirs kept
    misread = PageFit(clean=90, faults=0, failing=2, values={("t3", "new", "natural"): ("ok", 6)})
    assert prefer_ours(misread, good) == "sums"  # same shape: the sums choose, and say so
    assert prefer_ours(good, misread) is None
    other = PageFit(clean=90, faults=0, failing=2, values={("t3", "new", "natural"): ("ok", 8)})
    assert prefer_ours(misread, other) == "both"  # both break the sums, differently: ours, in doubt
    same = PageFit(clean=90, faults=0, failing=2, values=dict(misread.values))
    assert prefer_ours(misread, same) is None  # the report's own error, read alike: theirs, exact


def test_a_kept_hidden_reading_that_our_ocr_reads_otherwise_is_doubt_not_an_error(hongze24_text) -> None:  # type: ignore[no-untyped-def]
    """Where the file's reading was kept (its shape fitted better) yet breaks a sum, a cell of
    that sum our OCR read as another number is in doubt, naming both readings."""
    import copy

    theirs = copy.deepcopy(hongze24_text.extraction)
    ours = page_fits(hongze24_text.extraction, [3, 4])
    misread = theirs.tables["t3"].rows["new"][0]  # 自然人 / 本年新收, printed 95
    assert misread.value == 95 and misread.loc.page == 3
    misread.value = 45  # the scanner read "9" as "4"
    _doubt_misreads(theirs, ours, hongze24_text.document)
    assert misread.state == "uncertain" and misread.candidates == (45, 95)
    total = theirs.tables["t3"].rows["new"][-1]  # in the same broken sum, read alike by both
    assert total.state == "ok" and total.value == 95
    report_rules = [f.rule for f in check_extraction(theirs) if f.severity == "error"]
    assert not [r for r in report_rules if r.startswith("T3")]


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_hidden_layer_that_misreads_digits_as_digits_is_chosen_against_by_the_sums(tmp_path: Path, hongze24_text) -> None:  # type: ignore[no-untyped-def]
    """Misread only as other digits, the hidden text of page 4 fits the tables' shape as well
    as our reading: the text leaves the choice, the sums make it, and the note says so. (On
    page 3 the "2." of a row label read as "7." puts the row in the wrong place: the shape.)"""
    pdf = searchable_pdf(REAL_PDF / "hongze-2024.pdf", tmp_path / "可搜索.pdf", spoil=scanner_misreads([3, 4], letters=False))
    report = check_file(pdf)
    assert set(_errors(report)) <= set(_errors(hongze24_text))
    notes = [f.message for f in report.findings if f.rule == "X-READ" and "看不见的文字层" in f.message]
    assert [n[:4] for n in notes if "合计关系" in n] == ["第4页是"]
    assert [n[:4] for n in notes if "读不成报告的表格" in n] == ["第3页是"]
    _printed_or_in_doubt(report, hongze24_text)


def _printed_or_in_doubt(report, text) -> None:  # type: ignore[no-untyped-def]
    assert report.extraction is not None and text.extraction is not None
    for key, table in text.extraction.tables.items():
        for row, cells in table.rows.items():
            for i, printed in enumerate(cells):
                read = report.extraction.tables[key].rows[row][i]
                assert read.value == printed.value or read.state == "uncertain", (key, row, i, read, printed)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_poor_hidden_layer_gives_no_false_error(tmp_path: Path, hongze24_text) -> None:  # type: ignore[no-untyped-def]
    """Every fifth digit of the table pages misread ("0" as "O", "9" as "4", …) and one column
    of 表三 not read at all: the table pages are read by our OCR, named in a note, and the
    values are what is printed — or in doubt, never a confident wrong number."""
    pdf = searchable_pdf(REAL_PDF / "hongze-2024.pdf", tmp_path / "可搜索.pdf",
                         spoil=scanner_misreads([2, 3, 4], dropped_column_x=413))
    report = check_file(pdf)
    assert report.status != "unreadable", report.error
    # No error the text PDF does not have (a finding resting on a page read by OCR may be
    # softened to a warning, as for any scan).
    assert set(_errors(report)) <= set(_errors(hongze24_text))
    notes = [f.message for f in report.findings if f.rule == "X-READ" and "看不见的文字层" in f.message]
    assert notes and "第3页" in notes[0] and "本程序对页面图像的识别" in notes[0]
    assert report.extraction is not None and {3}.issubset(report.extraction.ocr_pages)
    _printed_or_in_doubt(report, hongze24_text)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_a_good_hidden_layer_keeps_the_reports_own_errors(tmp_path: Path) -> None:
    """hongze-2023's 表四 is wrong as published: the hidden text breaks two sums, the page is
    read by our OCR to see whether the scanner misread it, both read the same — the file's
    reading stays, and so do the two errors."""
    src = REAL_PDF / "hongze-2023.pdf"
    report = check_file(searchable_pdf(src, tmp_path / "可搜索.pdf"))
    text = check_file(src)
    assert report.to_json()["tables"] == text.to_json()["tables"]
    assert [e for e in _errors(report) if e.startswith("T4")] == ["T4-AFT", "T4-REV"]
    assert not [f for f in report.findings if "看不见的文字层" in f.message]


def test_cancelling_while_the_pages_are_read_again_is_a_cancelled_read(tmp_path: Path) -> None:
    """The clerk cancels after the file's own reading, while the pages it fails on are read
    again: the check stops with 已取消读取, not an internal error."""
    from core.limits import Cancelled

    pdf = searchable_pdf(REAL_PDF / "hongze-2024.pdf", tmp_path / "可搜索.pdf",
                         spoil=scanner_misreads([2, 3, 4], dropped_column_x=413))
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) > 6:  # the first reading of the 5 pages calls 6 times
            raise Cancelled()

    report = check_file(pdf, progress)
    assert len(calls) == 7
    assert report.status == "unreadable" and report.error == "已取消读取。"


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.heavy
def test_each_page_keeps_its_own_better_reading_and_no_page_is_read_twice(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """hongze-2023 with its 表三 page (3) misread by the scanner and its 表四 page (4) read
    well but wrong as published: both pages are read by our OCR; page 3 takes ours, page 4
    keeps the file's own — the report's two 表四 errors stay errors — and the mixed reading
    is laid out again from what was read, not read a second time."""
    import core.producers.ocr.contained as contained  # every page image is read through it

    src = REAL_PDF / "hongze-2023.pdf"
    pdf = searchable_pdf(src, tmp_path / "可搜索.pdf", spoil=scanner_misreads([3]))
    read = []
    original = contained.read_page

    def counting(img, number, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(number)
        return original(img, number, *args, **kwargs)

    monkeypatch.setattr(contained, "read_page", counting)
    report = check_file(pdf)
    text = check_file(src)
    assert sorted(read) == [3, 4]
    assert report.extraction is not None and report.extraction.ocr_pages == {3}
    notes = [f.message for f in report.findings if "看不见的文字层" in f.message]
    assert len(notes) == 1 and notes[0].startswith("第3页是扫描件")
    assert [e for e in _errors(report) if e.startswith("T4")] == ["T4-AFT", "T4-REV"]
    _printed_or_in_doubt(report, text)
