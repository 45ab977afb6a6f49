"""导出审核意见 (Word): the letter for 洪泽区 2023 as published (table 四 totals printed 0, a
garbled row label, the 2019 single （六） row), dismissals, the year-over-year part, and the
batch folder of letters."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from pathlib import Path

import docx
import pytest

from core.batch.crossyear import compare_years
from core.check import check_file
from core.dismissals import Dismissal, finding_key
from core.export.review_letter import build_letter, letter_name, write_review_letter, write_review_letters
from core.model import Report
from tests.shared_data import REAL_PDF

DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def hongze_2023() -> Report:
    return check_file(str(REAL_PDF / "hongze-2023.pdf"))


@pytest.fixture(scope="module")
def hongze_2024() -> Report:
    return check_file(str(REAL_PDF / "hongze-2024.pdf"))


def test_letter_for_hongze_2023(hongze_2023: Report) -> None:
    text = build_letter(hongze_2023, reviewer="淮安市人民政府办公室", day=DAY).paragraphs()
    assert text[0] == "关于《洪泽区人民政府2023年政府信息公开工作年度报告》的审核意见"
    assert text[1] == "洪泽区人民政府："
    assert text[2] == ("经审核，你单位报送的《洪泽区人民政府2023年政府信息公开工作年度报告》"
                       "存在 3 处错误、1 处需核实的问题，需要整改。")
    assert text[3] == "一、需要更正的数据"
    # Each correction: the cell, the page, what is printed, what it should be, and why.
    assert text[4].startswith("1. 表四“行政复议/总计”（第4页）：报告填报为 0，应为 11。表四总计应等于结果维持、结果纠正、其他结果、尚未审结之和")
    assert "10 + 1 + 0 + 0 = 11" in text[4] and "若其他数据无误" not in text[4]
    assert text[5].startswith("2. 表四“行政诉讼·复议后起诉/总计”（第4页）：报告填报为 0，应为 5。")
    assert text[6] == "二、其他需要整改的问题"
    assert text[7].startswith("3. 表三“（六）其他处理”行：") and "2019 年试行格式" in text[7]
    assert text[8].startswith("4. 表三“2.其他法律行政法规禁止公开”行（第3页）：") and "“2.其他法律行政止公开”" in text[8]
    assert text[9].startswith("请你单位对照上述问题逐项核实")
    assert text[10:] == ["淮安市人民政府办公室", "2026年12月1日"]


def test_dismissed_findings_are_left_out(hongze_2023: Report) -> None:
    label = next(f for f in hongze_2023.findings if f.rule == "S-LABEL")
    dismissals = {finding_key(label): Dismissal(finding_key(label), "印刷稿已更正")}
    letter = build_letter(hongze_2023, dismissals=dismissals, day=DAY)
    text = "\n".join(letter.paragraphs())
    assert "行政止公开" not in text
    assert "存在 3 处错误，需要整改" in text
    assert "另有 1 处经你单位核实说明无需修改，未列入本意见。" in text


def test_year_over_year_findings_have_their_own_part(hongze_2023: Report, hongze_2024: Report) -> None:
    # Last year's report as if it had carried 3 applications into 2024 (the real one carried 0).
    assert hongze_2023.extraction is not None
    prev_ext = hongze_2023.extraction.with_value("t3", "carry_next", 6, 3)
    previous = dataclasses.replace(hongze_2023, extraction=prev_ext)
    cross = compare_years(hongze_2024, previous)
    assert [f.rule for f in cross] == ["X-YEAR-CARRY"]
    letter = build_letter(hongze_2024, extra_findings=cross, day=DAY)
    text = letter.paragraphs()
    # Parts are numbered as they occur: no data to correct here, so this is part 二.
    part = text.index("二、与上年度报告对照发现的问题")
    assert "上年" in text[part + 1] and "hongze-2023.pdf" not in text[part + 1]  # no file name in a letter
    assert [p.rule for p in letter.cross_year] == ["X-YEAR-CARRY"]


def test_the_word_file_reads_as_the_letter(hongze_2023: Report, tmp_path: Path) -> None:
    path = write_review_letter(hongze_2023, tmp_path / "意见.docx", day=DAY)
    paragraphs = [p for p in docx.Document(str(path)).paragraphs]
    assert [p.text for p in paragraphs] == build_letter(hongze_2023, day=DAY).paragraphs()
    title = paragraphs[0]
    assert title.alignment == 1 and title.runs[0].font.size.pt == 20  # centred, 二号
    assert docx.Document(str(path)).core_properties.title.startswith("关于《洪泽区")


def test_unreadable_report_gets_a_letter_asking_for_a_new_file(tmp_path: Path) -> None:
    broken = tmp_path / "某镇人民政府2023年报.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    report = check_file(str(broken))
    assert report.status == "unreadable"
    text = build_letter(report, day=DAY).paragraphs()
    assert text[1] == "某镇人民政府2023年报："
    assert "无法读取" in text[2] and text[2].endswith("请重新报送可以打开、可以复制文字的文件。")


def test_batch_folder_one_letter_per_report_named_by_agency_and_year(hongze_2023: Report, hongze_2024: Report,
                                                                    tmp_path: Path) -> None:
    copy = dataclasses.replace(hongze_2023, file=str(tmp_path / "另一份.pdf"))
    out = tmp_path / "意见"
    out.mkdir()
    label = next(f for f in hongze_2024.findings if f.rule == "S-LABEL")
    paths = write_review_letters([hongze_2023, None, hongze_2024, copy], out, day=DAY,
                                 dismissals={hongze_2024.file: {finding_key(label): Dismissal(finding_key(label))}})
    assert [p.name for p in paths] == ["洪泽区人民政府2023年度报告审核意见.docx", "淮安市洪泽区人民政府2024年度报告审核意见.docx",
                                       "洪泽区人民政府2023年度报告审核意见（2）.docx"]
    # Each letter has its items beside it, for the follow-up of the corrected report.
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in paths] + [p.stem + ".items.json" for p in paths])
    letter_2024 = "\n".join(p.text for p in docx.Document(str(paths[1])).paragraphs)
    assert "行政止公开" not in letter_2024 and "核实说明无需修改" in letter_2024


def test_letter_name_is_safe_for_windows() -> None:
    report = Report(file="/x/a.pdf", format="pdf", status="unreadable", error="坏了。")
    assert letter_name(report) == "a年度报告审核意见.docx"
    report = dataclasses.replace(report, file='/x/某局:2023/"稿".pdf')
    assert not set(letter_name(report)) & set('\\/:*?"<>|')


def test_the_readers_doubts_are_counted_not_listed() -> None:
    from tests.shared_data import seed

    report = check_file(str(seed("000")))  # a scrape that lost cells: 25 rows read short
    assert sum(f.rule == "X-SHORT-ROW" for f in report.findings) == 25
    letter = build_letter(report, day=DAY)
    text = letter.paragraphs()
    assert not any("只识别出" in t for t in text)
    # The checker's doubts are the reviewer's to settle (issue 27): told apart, not in the letter.
    assert not any("识别" in t for t in text)
    assert letter.reading_left >= 25 and len(letter.reviewer_notes) == 1
    assert f"还有 {letter.reading_left} 处识别问题" in letter.reviewer_notes[0]
    # Problems over many cells name the table, not a hundred cells.
    assert all(len(t) < 400 for t in text)


def test_one_finding_with_several_cells_to_fill_names_each(hongze_2023: Report) -> None:
    # The shape issue 13 gives one root cause over several cells (Finding.fixes).
    f = copy.deepcopy(next(f for f in hongze_2023.findings if f.rule == "T4-REV"))
    f.fixes = [(("t4", "review", "total"), 11), (("t4", "litigation_after_review", "total"), 5)]  # type: ignore[attr-defined]
    report = dataclasses.replace(hongze_2023, findings=[f])
    (problem,) = build_letter(report, day=DAY).corrections
    assert problem.cell == "表四"
    assert problem.text.endswith("应填：表四“行政复议/总计”应为 11；表四“行政诉讼·复议后起诉/总计”应为 5。")
