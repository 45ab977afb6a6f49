"""Letters a supervisor signs (issue 27): the letter of a scanned report carries the letterhead
and none of the checker's reading doubts; all letters of a batch print as one PDF, one letter
per page range; the exported workbook marks the cells still in doubt."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from PIL import ImageDraw

from core.check import check_file
from core.export.letterhead import Letterhead, LetterheadError, load_letterhead
from core.export.review_letter import build_letter
from core.model import Report
from tests.gui_fixtures import ARTIFACTS
from tests.ocr_scan import scan, t4_crop
from tests.shared_data import REAL_PDF

HEAD = Letterhead(office="淮安市人民政府办公室", number_pattern="淮政公开审〔{year}〕{n}号", first_number=12,
                  deadline="15", contact="王敏", phone="0517-83600000", day="2026-12-01")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """hongze-2023 as a seal scan with one digit of table 四 blotted: a scanned report with
    reading problems beside the agency's own (the 2019 row of table 三, a garbled label)."""
    from tests.ocr_scan import render_pages

    dpi = 170
    f = dpi / 72
    pages = render_pages(REAL_PDF / "hongze-2023.pdf", dpi)
    crop = t4_crop(dpi)  # where tests/test_ocr_gui.py blots the "5" of 复议后起诉/总计
    x, y = int(40 * f) + int(crop.width * 0.653) + 24, int(290 * f) + int(crop.height * 0.905) - 6
    ImageDraw.Draw(pages[3]).ellipse((x - 12, y - 14, x + 12, y + 10), fill=(70, 70, 70))
    scans = [scan(p, seed=i) for i, p in enumerate(pages)]
    path = tmp_path_factory.mktemp("scan") / "洪泽区2023年报（扫描）.pdf"
    scans[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=scans[1:])
    report = check_file(str(path))
    from core.export.reading_problems import reading_problems

    # The blot leaves table 四's row in doubt (X-OCR or X-SHORT-ROW as the reading goes).
    assert report.ocr and reading_problems(report.findings), [f.rule for f in report.findings]
    return report


def test_the_letter_of_a_scan_has_no_reading_problem_and_carries_the_letterhead(scanned: Report) -> None:
    letter = build_letter(scanned, letterhead=HEAD, sequence=2)
    text = "\n".join(letter.paragraphs())
    assert "识别" not in text and "未能读出" not in text and "对照原件" not in text
    assert letter.number == "淮政公开审〔2026〕14号" and letter.day == date(2026, 12, 1)
    assert "请于收到本意见后 15 个工作日内对照上述问题逐项核实" in text
    assert "联系人：王敏；联系电话：0517-83600000。" in text
    assert letter.paragraphs()[-2:] == ["淮安市人民政府办公室", "2026年12月1日"]
    assert "扫描" not in text and ".pdf" not in text  # the report's title, never a file name or path
    assert letter.paragraphs()[0] == "关于《洪泽区人民政府2023年政府信息公开工作年度报告》的审核意见"
    # The reviewer is told, apart from the letter.
    assert letter.reading_left >= 1 and "尚未核对" in letter.reviewer_notes[0]


def test_all_letters_of_a_batch_as_one_pdf(qtbot, scanned: Report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.letters_pdf import write_letters_pdf

    hongze = check_file(str(REAL_PDF / "hongze-2023.pdf"))
    letters = [build_letter(r, letterhead=HEAD, sequence=i) for i, r in enumerate([hongze, scanned])]
    ranges = write_letters_pdf(letters, tmp_path / "审核意见.pdf")
    with pdfplumber.open(tmp_path / "审核意见.pdf") as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    assert ranges[0][0] == 1 and ranges[1][0] == ranges[0][1] + 1 and ranges[1][1] == len(pages)
    # NFKC: the CJK font's text map gives some characters as Kangxi radicals (⼈ for 人).
    first = unicodedata.normalize("NFKC", "".join(pages[ranges[0][0] - 1: ranges[0][1]])).replace(" ", "").replace("\n", "")
    second = unicodedata.normalize("NFKC", "".join(pages[ranges[1][0] - 1: ranges[1][1]])).replace(" ", "").replace("\n", "")
    assert "淮政公开审〔2026〕12号" in first and "洪泽区" in first and "应为11" in first
    assert "淮政公开审〔2026〕13号" in second and "淮安市" in second and "识别" not in second
    assert "王敏" in second and "0517-83600000" in second
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "审核意见.pdf"), str(ARTIFACTS / "letters")],
                       check=True, timeout=120)


def test_the_cli_letterhead_file(tmp_path: Path) -> None:
    (tmp_path / "落款.json").write_text('{"审核单位": "某市政务公开办", "文号": "某公开〔{year}〕{n}号", "落款日期": "2026年12月1日"}',
                                      encoding="utf-8-sig")
    head = load_letterhead(tmp_path / "落款.json")
    assert head.office == "某市政务公开办" and head.number(0, head.signing_day()) == "某公开〔2026〕1号"
    (tmp_path / "坏.json").write_text('{"落款日期": "明天"}', encoding="utf-8")
    with pytest.raises(LetterheadError, match="落款日期"):
        load_letterhead(tmp_path / "坏.json")


def test_the_workbook_marks_cells_still_in_doubt(tmp_path: Path) -> None:
    import copy

    from core.export.workbook import write_corrected_workbook

    report = check_file(str(REAL_PDF / "huaian-2024.pdf"))
    ext = copy.deepcopy(report.extraction)
    assert ext is not None
    cell = ext.tables["t3"].rows["new"][6]  # 本年新收/总计, as OCR leaves a cell it doubts
    cell.state, cell.candidates, cell.ocr = "uncertain", (cell.value, 152), True
    path = write_corrected_workbook(dataclasses.replace(report, extraction=ext), tmp_path / "表.xlsx")
    book = openpyxl.load_workbook(path)
    doubted = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
               if c.comment is not None and "尚未人工核对" in c.comment.text]
    assert doubted, "the uncertain cell carries a comment"
    cell = doubted[0]
    assert cell.value is not None  # the likeliest reading is written, not left blank
    assert cell.fill.fgColor.rgb not in (None, "00000000")
    legend = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str) and "扫描识别尚未核对" in c.value]
    assert legend
