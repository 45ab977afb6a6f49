"""The corrected Excel export: layout, live totals with stored values, comments, change log,
findings, prose, and safe writing. Files are opened with openpyxl as a second program
would see them (``data_only=True`` shows the values stored for formulas)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pytest

import core.export.files as files_module
import core.export.workbook as export_module
from core.check import check_extraction, check_file
from core.export.workbook import ExportError, write_corrected_workbook
from core.export.content import MANUAL_REASON
from core.export.prose import prose_lines
from core.model import Extraction, Report
from core.template import T3_NOTE, grid_layout
from tests.shared_data import REPO, seed

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"
SHEETS = ["表二", "表三", "表四", "检查结果", "修改记录", "原文"]
GRID_TOP = 3  # 1-based row of the grid: title, caption, then the table


@pytest.fixture(scope="module")
def sample() -> Report:
    report = check_file(SAMPLE)
    assert report.extraction is not None
    return report


def _col(ext: Extraction, table: str, row: str, col: str) -> int:
    return [c.key for c in ext.spec(table).row(row).columns].index(col)


def _cell_address(ext: Extraction, table: str, row: str, col: str) -> str:
    pos = grid_layout(ext.spec(table)).position(row, col)
    assert pos is not None
    return f"{openpyxl.utils.get_column_letter(pos[1] + 1)}{pos[0] + GRID_TOP}"


def _fixed(sample: Report) -> Extraction:
    """The sample with the fix the row-sum finding suggests applied, as the window does."""
    finding = next(f for f in sample.findings if f.rule == "T3-ROW" and f.fix is not None)
    assert finding.culprit is not None
    table, row, col = finding.culprit
    assert sample.extraction is not None
    return sample.extraction.with_value(table, row, _col(sample.extraction, table, row, col), finding.fix)


# ----------------------------------------------------------------------------- layout

def test_sheets_title_and_official_layout(sample: Report, tmp_path: Path) -> None:
    out = write_corrected_workbook(sample, tmp_path / "导出.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS
    ext = sample.extraction
    assert ext is not None
    title = f"{ext.meta.agency}{ext.meta.year}年政府信息公开工作年度报告"
    for key in ("t2", "t3", "t4"):
        ws = wb[ext.spec(key).name]
        assert ws["A1"].value == title
        layout = grid_layout(ext.spec(key))
        merged = {str(r) for r in ws.merged_cells.ranges}
        for cell in layout.cells:
            if cell.kind == "value":
                continue
            top_left = f"{openpyxl.utils.get_column_letter(cell.col + 1)}{cell.row + GRID_TOP}"
            assert ws[top_left].value == cell.text, (key, top_left)
            if cell.rowspan > 1 or cell.colspan > 1:
                bottom_right = f"{openpyxl.utils.get_column_letter(cell.col + cell.colspan)}{cell.row + cell.rowspan + GRID_TOP - 1}"
                assert f"{top_left}:{bottom_right}" in merged, (key, cell.text)
            assert ws[top_left].border.left.style == "thin"
        # Printed on A4 landscape, one page wide.
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the file format's default
        assert int(ws.page_setup.fitToHeight) == 0  # as many pages tall as needed
        for letter in ("A", "B"):
            assert ws.column_dimensions[letter].width >= 6
    t3 = wb["表三"]
    assert t3["A3"].value == T3_NOTE
    assert "A3:C5" in {str(r) for r in t3.merged_cells.ranges}
    # Row labels of table 三 are wide enough for the longest label on two lines.
    assert t3.column_dimensions["C"].width >= 30


def test_values_as_printed_without_edits(sample: Report, tmp_path: Path) -> None:
    out = write_corrected_workbook(sample, tmp_path / "原样.xlsx")
    wb = openpyxl.load_workbook(out, data_only=True)
    ext = sample.extraction
    assert ext is not None
    for key, table in ext.tables.items():
        ws = wb[ext.spec(key).name]
        for row in ext.spec(key).rows:
            for i, col in enumerate(row.columns):
                value = table.rows[row.key][i].value
                assert ws[_cell_address(ext, key, row.key, col.key)].value == value, (key, row.key, col.key)
    assert wb["修改记录"].max_row == 1 or wb["修改记录"]["A3"].value is None
    assert "未作修改" in wb["修改记录"]["A1"].value


# ----------------------------------------------------------------------------- totals

def test_totals_are_formulas_with_stored_values_where_they_hold(sample: Report, tmp_path: Path) -> None:
    edited = _fixed(sample)
    out = write_corrected_workbook(sample, tmp_path / "改后.xlsx", edited)
    formulas = openpyxl.load_workbook(out)["表三"]
    values = openpyxl.load_workbook(out, data_only=True)["表三"]
    ext = edited
    # Every 总计 column cell and every （七）总计 cell is a live formula after the fix.
    for row in ext.spec("t3").rows:
        addr = _cell_address(ext, "t3", row.key, "total")
        assert str(formulas[addr].value).startswith("=SUM("), (row.key, formulas[addr].value)
        assert values[addr].value == ext.tables["t3"].rows[row.key][-1].value
    first = _cell_address(ext, "t3", "new", "natural")
    last = _cell_address(ext, "t3", "new", "other")
    assert formulas[_cell_address(ext, "t3", "new", "total")].value == f"=SUM({first}:{last})"
    for col in ("natural", "commercial", "other"):
        addr = _cell_address(ext, "t3", "total", col)
        top = _cell_address(ext, "t3", "granted", col)
        bottom = _cell_address(ext, "t3", ext.spec("t3").rows[-3].key, col)
        assert formulas[addr].value == f"=SUM({top}:{bottom})"
        assert values[addr].value == ext.tables["t3"].rows["total"][_col(ext, "t3", "total", col)].value
    t4f = openpyxl.load_workbook(out)["表四"]
    t4v = openpyxl.load_workbook(out, data_only=True)["表四"]
    for row in ("review", "litigation_direct", "litigation_after_review"):
        addr = _cell_address(ext, "t4", row, "total")
        assert str(t4f[addr].value).startswith("=SUM(")
        assert t4v[addr].value == ext.tables["t4"].rows[row][-1].value


def test_inconsistent_total_kept_as_value_highlighted(sample: Report, tmp_path: Path) -> None:
    """Unedited, the sample's （一）予以公开 总计 19 ≠ 17: a formula would print 17 and hide it."""
    out = write_corrected_workbook(sample, tmp_path / "原样.xlsx")
    ws = openpyxl.load_workbook(out)["表三"]
    ext = sample.extraction
    assert ext is not None
    addr = _cell_address(ext, "t3", "granted", "total")
    assert ws[addr].value == 19
    assert ws[addr].data_type == "n"
    assert ws[addr].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws[addr].comment is not None and "T3-ROW" in ws[addr].comment.text and "17" in ws[addr].comment.text
    # The corner cell closes T3-DONE too, which fails (38 ≠ 40): also kept as printed.
    corner = _cell_address(ext, "t3", "total", "total")
    assert not str(ws[corner].value).startswith("=")
    # A row whose total agrees keeps its formula.
    assert str(ws[_cell_address(ext, "t3", "new", "total")].value).startswith("=SUM(")


# ----------------------------------------------------------------------------- changes

def test_corrected_cell_comment_and_change_log(sample: Report, tmp_path: Path) -> None:
    edited = _fixed(sample)
    assert sample.extraction is not None
    # A second edit that no finding suggested.
    edited = edited.with_value("t2", "licensing", 0, 1300)
    out = write_corrected_workbook(sample, tmp_path / "改后.xlsx", edited)
    wb = openpyxl.load_workbook(out)
    cell = wb["表三"][_cell_address(edited, "t3", "granted", "total")]
    assert cell.comment is not None
    assert "原值：19" in cell.comment.text and "改为：17" in cell.comment.text and "T3-" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("C6EFCE")
    log = wb["修改记录"]
    assert [c.value for c in log[2]] == ["序号", "表格", "行", "列", "原值", "改为", "依据"]
    rows = [[c.value for c in r] for r in log.iter_rows(min_row=3) if r[0].value is not None]
    assert len(rows) == 2
    t2_row, t3_row = rows
    assert t2_row[1:6] == ["表二", "行政许可", "本年处理决定数量", 1268, 1300]
    assert t2_row[6] == MANUAL_REASON
    assert t3_row[1:6] == ["表三", "（一）予以公开", "总计", 19, 17]
    assert t3_row[6].startswith("T3-") and "17" in t3_row[6]


def test_findings_sheet_lists_what_remains_after_edits(sample: Report, tmp_path: Path) -> None:
    edited = _fixed(sample)
    out = write_corrected_workbook(sample, tmp_path / "改后.xlsx", edited)
    ws = openpyxl.load_workbook(out)["检查结果"]
    remaining = check_extraction(edited)
    assert [c.value for c in ws[2]] == ["序号", "严重程度", "规则", "涉及单元格", "说明", "应为", "实为"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3) if r[0].value is not None]
    assert len(rows) == len(remaining)
    assert [r[2] for r in rows] == [f.rule for f in remaining]
    assert not any(r[2] in ("T3-ROW", "T3-DONE") for r in rows)  # the fix closed both
    tx = next(r for r in rows if r[2] == "TX-NEW")
    assert tx[1] == "错误"
    assert "正文第一部分" in tx[3] and "表三“" in tx[3]
    assert (tx[5], tx[6]) == (39, 40)
    assert "1 个错误" in ws["A1"].value


def test_prose_sheet_holds_text_without_the_source_tables(tmp_path: Path) -> None:
    report = check_file(seed("004"))
    out = write_corrected_workbook(report, tmp_path / "滕州.xlsx")
    ws = openpyxl.load_workbook(out)["原文"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    joined = "\n".join(texts)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in texts
    assert "信息处理费" in joined
    # Each table appears once, where it was printed, linked to its own sheet.
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert any(f.startswith("='表三'!") for f in formulas)
    assert texts.count("（七）总计") == 1
    lines = prose_lines(report)
    assert not any(line.strip() in ("0", "总计") for line in lines)


# ----------------------------------------------------------------------------- safe writing

def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".~")]


def test_refuses_to_overwrite_the_source(sample: Report, tmp_path: Path) -> None:
    source = tmp_path / "报告.xlsx"
    source.write_bytes(b"original")
    report = dataclasses.replace(sample, file=str(source))
    with pytest.raises(ExportError) as err:
        write_corrected_workbook(report, tmp_path / "." / "报告.xlsx")
    assert "原始报告" in err.value.message
    assert source.read_bytes() == b"original"
    assert _leftovers(tmp_path) == []


def test_refuses_a_target_that_is_not_xlsx(sample: Report, tmp_path: Path) -> None:
    for name in ("结果.xls", "结果.txt", "结果"):
        with pytest.raises(ExportError) as err:
            write_corrected_workbook(sample, tmp_path / name)
        assert ".xlsx" in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder(sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("core.export.leftovers.tempfile.mkstemp", refuse)
    with pytest.raises(ExportError) as err:
        write_corrected_workbook(sample, tmp_path / "结果.xlsx")
    assert "没有权限" in err.value.message and "文件夹" in err.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_really_read_only_folder(sample: Report, tmp_path: Path) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError) as err:
            write_corrected_workbook(sample, folder / "结果.xlsx")
        assert "没有权限" in err.value.message
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_target_open_in_excel(sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"the clerk's earlier export")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(files_module.os, "replace", locked)
    with pytest.raises(ExportError) as err:
        write_corrected_workbook(sample, target)
    assert "Excel" in err.value.message and "关闭" in err.value.message
    assert target.read_bytes() == b"the clerk's earlier export"
    assert _leftovers(tmp_path) == []


def test_failure_while_writing_leaves_nothing(sample: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def half_written(content: object, out: BinaryIO) -> None:  # the workbook is drawn in memory
        out.write(b"PK\x03\x04 partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "write_workbook", half_written)
    with pytest.raises(ExportError) as err:
        write_corrected_workbook(sample, tmp_path / "结果.xlsx")
    assert "磁盘空间不足" in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_replaces_an_existing_export_whole(sample: Report, tmp_path: Path) -> None:
    target = tmp_path / "结果.xlsx"
    write_corrected_workbook(sample, target)
    first = target.read_bytes()
    write_corrected_workbook(sample, target, _fixed(sample))
    assert target.read_bytes() != first
    assert openpyxl.load_workbook(target).sheetnames == SHEETS
    assert _leftovers(tmp_path) == []
    assert target.stat().st_mode & 0o044  # readable like any other file the user saves


def test_unreadable_report_cannot_be_exported(tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    report = check_file(empty)
    assert report.status == "unreadable"
    with pytest.raises(ExportError) as err:
        write_corrected_workbook(report, tmp_path / "结果.xlsx")
    assert "未能读取" in err.value.message


def test_cli_export_writes_the_workbook(tmp_path: Path) -> None:
    from core.cli import run_cli

    source = tmp_path / shutil.copy(seed("001"), tmp_path / "殷都.txt").name
    out = tmp_path / "殷都.xlsx"
    assert run_cli(["export", str(source), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == SHEETS


def test_year_over_year_findings_from_the_window_are_listed(tmp_path: Path) -> None:
    # The window passes the comparison with last year's report; 检查结果 lists it too.
    from core.batch.crossyear import compare_years

    this_year = check_file(REPO / "tests" / "data" / "real-pdf" / "hongze-2024.pdf")
    last_year = check_file(REPO / "tests" / "data" / "real-pdf" / "hongze-2023.pdf")
    assert this_year.extraction is not None
    edited = this_year.extraction.with_value("t3", "carried", 0, 3)  # 上年结转 no longer matches
    current = dataclasses.replace(this_year, extraction=edited, findings=check_extraction(edited))
    extra = compare_years(current, last_year)
    carry = [f for f in extra if f.rule == "X-YEAR-CARRY"]
    assert carry and carry[0].other_file and carry[0].other_file.endswith("hongze-2023.pdf")
    out = write_corrected_workbook(this_year, tmp_path / "修正.xlsx", edited, extra)
    sheet = openpyxl.load_workbook(out)["检查结果"]
    rules = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert "X-YEAR-CARRY" in rules


def test_dismissed_findings_are_listed_apart_with_their_reason(sample: Report, tmp_path: Path) -> None:
    # The window passes the findings the clerk checked and left as printed ("已核实，无需修改").
    from core.dismissals import Dismissal, finding_key

    tx = next(f for f in sample.findings if f.rule == "TX-NEW")
    dismissals = {finding_key(tx): Dismissal(finding_key(tx), "正文数字含跨年度结转，已与经办人核实")}
    out = write_corrected_workbook(sample, tmp_path / "核实.xlsx", None, (), dismissals)
    ws = openpyxl.load_workbook(out)["检查结果"]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    head = next(i for i, r in enumerate(values) if r[0] and str(r[0]).startswith("已核实，无需修改"))
    open_rules = [r[2] for r in values[:head] if r[0] is not None]
    assert "TX-NEW" not in open_rules and len(open_rules) == len(sample.findings) - 1
    listed = values[head + 1]
    assert listed[2] == "TX-NEW" and "核实说明：正文数字含跨年度结转，已与经办人核实" in listed[4]
    assert "其中 1 条已核实，无需修改" in ws["A1"].value
    assert f"{sample.counts['error']} 个错误" in ws["A1"].value  # still counted


@pytest.mark.parametrize("name", ["hongze-2023.pdf", "huaian-2024.pdf"])
def test_prose_sheet_of_a_pdf_does_not_repeat_the_table_headers(name: str) -> None:
    # A ruled PDF table's header rows sit above its first value: they belong to the table
    # (drawn from its own sheet), not to the text before it — as the TXT sample already reads.
    from core.export.prose import TableMark, prose_items

    report = check_file(REPO / "tests" / "data" / "real-pdf" / name)
    items = prose_items(report)
    marks = [i for i, item in enumerate(items) if isinstance(item, TableMark)]
    assert [items[i].table for i in marks] == ["t2", "t3", "t4"]
    for i in marks:
        assert isinstance(items[i - 1], str) and items[i - 1][:2] in ("二、", "三、", "四、"), items[i - 1]
    assert not any(isinstance(item, tuple) and "自然人" in item for item in items)
    assert "第二十条第（一）项" not in items
