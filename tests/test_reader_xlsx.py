"""XLSX reader: a whole report in one sheet with merged ranges, numbers stored as text or as
3.0, formulas with and without cached results, the checker's own exported workbook, hostile
or empty workbooks."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.document import RawTable, ReadError, TextBlock
from core.readers import read_document
from core.readers.xlsx import read_xlsx
from core.template import SECTIONS, TEMPLATE_2019, TEMPLATE_2021
from tests.render import block_kinds, cell_count, consistent_tables, expected_row, render_xlsx, row_of, table_rows, text_blocks

AGENCY = "上海市科学技术委员会"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def data_2021() -> dict:
    return consistent_tables(21, "2021")


@pytest.mark.parametrize("mode", ["numbers", "text", "floats"])
def test_report_sheet_merged_ranges_and_number_forms(tmp_path: Path, data_2021: dict, mode: str) -> None:
    path = render_xlsx(tmp_path / "r.xlsx", AGENCY, 2023, data_2021,
                       numbers_as_text=mode == "text", float_numbers=mode == "floats")
    doc = read_xlsx(path)
    t3 = TEMPLATE_2021.t3
    for key in ("new", "carried", "partial", "deny_3", "unable_1", "reject_5", "other_3", "total", "carry_next"):
        label = t3.row(key).label
        assert row_of(doc, label) == [label, *expected_row(data_2021, "t3", key)], key
    assert cell_count(doc, "三、本年度办理结果") == 1
    assert cell_count(doc, "（五）不予处理") == 1
    assert row_of(doc, "行政事业性收费") == ["行政事业性收费", expected_row(data_2021, "t2", "fees")[0]]
    t4_values = [v for key in ("review", "litigation_direct", "litigation_after_review") for v in expected_row(data_2021, "t4", key)]
    assert t4_values in table_rows(doc)
    assert not any(v.endswith(".0") for row in table_rows(doc) for v in row)


def test_cells_located_by_sheet_and_reference(tmp_path: Path, data_2021: dict) -> None:
    doc = read_xlsx(render_xlsx(tmp_path / "r.xlsx", AGENCY, 2023, data_2021, sheet="报告全文"))
    tables = [b for b in doc.blocks if isinstance(b, RawTable)]
    assert len(tables) == 3
    # Each table spans only its own columns: table 二 is 4 wide, table 四 15.
    assert max(len(r) for r in tables[0].rows) == 4
    assert max(len(r) for r in tables[2].rows) == 15
    row = next(r for r in tables[1].rows if r[0].text == TEMPLATE_2021.t3.row("deny_2").label)
    assert [c.loc.cell[0] for c in row] == list("CDEFGHIJ")
    assert {c.loc.sheet for c in row} == {"报告全文"}
    assert row[0].loc.describe().startswith("工作表“报告全文”单元格C")


def test_prose_rows_become_text_blocks_in_order(tmp_path: Path, data_2021: dict) -> None:
    doc = read_xlsx(render_xlsx(tmp_path / "r.xlsx", AGENCY, 2023, data_2021))
    texts = text_blocks(doc)
    assert texts[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert [t for t in texts if t in {s.heading for s in SECTIONS}] == [s.heading for s in SECTIONS]
    assert texts[-2:] == [AGENCY, "2024年1月20日"]
    assert "本年度未收取信息处理费。" in texts
    assert block_kinds(doc).count("T") == 3
    # Table captions stay in their table.
    assert cell_count(doc, "第二十条第（一）项") == 1


def test_2019_layout(tmp_path: Path) -> None:
    data = consistent_tables(22, "2019")
    doc = read_xlsx(render_xlsx(tmp_path / "r.xlsx", AGENCY, 2020, data, version="2019"))
    t3 = TEMPLATE_2019.t3
    assert row_of(doc, t3.row("other").label) == [t3.row("other").label, *expected_row(data, "t3", "other")]
    assert row_of(doc, "政府集中采购") == ["政府集中采购", *expected_row(data, "t2", "procurement")]


def test_sheets_in_order_dates_and_multiline_prose(tmp_path: Path) -> None:
    wb = Workbook()
    first = wb.active
    first.title = "正文"
    first["A1"] = "某区2023年政府信息公开工作年度报告"
    first["A2"] = "一、总体情况\n本年度工作平稳。\n\n二、主动公开政府信息情况"
    first["A3"] = datetime(2024, 1, 18)
    second = wb.create_sheet("表三")
    second.append(["项目", "自然人", "总计"])
    second.append(["一、本年新收政府信息公开申请数量", 3.0, "3"])
    second.append(["  ", None, None])
    second.merge_cells("B4:C4")
    second["A4"] = "（七）总计"
    second["B4"] = 2.5
    path = tmp_path / "s.xlsx"
    wb.save(path)
    doc = read_xlsx(path)
    assert text_blocks(doc) == ["某区2023年政府信息公开工作年度报告", "一、总体情况", "本年度工作平稳。", "二、主动公开政府信息情况", "2024年1月18日"]
    assert table_rows(doc) == [["项目", "自然人", "总计"], ["一、本年新收政府信息公开申请数量", "3", "3"], ["（七）总计", "2.5"]]
    assert block_kinds(doc) == "PPPPPT"
    assert doc.blocks[1].loc.cell == "A2" and doc.blocks[-1].loc.sheet == "表三"


def test_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["一、本年新收政府信息公开申请数量", 1, 2, "=SUM(B1:C1)"])
    ws.append(["二、上年结转政府信息公开申请数量", 0, 0, "=SUM(B2:C2)"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    doc = read_xlsx(path)
    assert row_of(doc, "一、本年新收") == ["一、本年新收政府信息公开申请数量", "1", "2", ""]
    assert len(doc.notes) == 1
    assert "D1" in doc.notes[0] and "计算结果" in doc.notes[0]
    # The clerk is told: values read as blank are a warning in the findings.
    from core.check import check_file

    told = [f for f in check_file(path).findings if f.rule == "X-READ"]
    assert [(f.severity, f.message) for f in told] == [("warning", doc.notes[0])]


def test_exported_workbook_reads_back_exactly(tmp_path: Path, data_2021: dict) -> None:
    export = pytest.importorskip("core.export.workbook")
    from core.check import check_file
    from tests.render import render_docx

    source = check_file(render_docx(tmp_path / "r.docx", AGENCY, 2023, data_2021))
    assert source.status == "ok"
    target = export.write_corrected_workbook(source, tmp_path / "out.xlsx")
    doc = read_document(target)
    # Totals are formulas with cached values: they must come back as numbers.
    assert row_of(doc, "（七）总计") == ["（七）总计", *expected_row(data_2021, "t3", "total")]
    assert not doc.notes
    back = check_file(target)
    assert back.to_json()["tables"] == source.to_json()["tables"]
    assert back.to_json()["agency"] == AGENCY and back.to_json()["year"] == 2023


def test_empty_workbook_is_a_read_error(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["C3"] = "   "
    wb.create_sheet("空表")
    path = tmp_path / "empty.xlsx"
    wb.save(path)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "空的" in err.value.message


def test_hostile_packages(tmp_path: Path, data_2021: dict) -> None:
    path = render_xlsx(tmp_path / "r.xlsx", AGENCY, 2023, data_2021)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(path.read_bytes())
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/pad.bin", b"\0" * (6 * 1024 * 1024))
    with pytest.raises(ReadError) as err:
        read_document(bomb)
    assert "压缩比" in err.value.message

    entity = tmp_path / "entity.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(entity, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert not data.startswith(b"<?xml")
                data = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + data
            dst.writestr(item, data)
    with pytest.raises(ReadError) as err:
        read_document(entity)
    assert "实体" in err.value.message

    truncated = tmp_path / "t.xlsx"
    truncated.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(ReadError) as err:
        read_xlsx(truncated)
    assert CHINESE.search(err.value.message)


def test_merged_range_over_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "表三"
    path = tmp_path / "m.xlsx"
    wb.save(path)
    patched = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
            dst.writestr(item, data)
    with pytest.raises(ReadError) as err:
        read_xlsx(patched)
    assert "合并单元格" in err.value.message


def test_committed_fixtures_check_clean() -> None:
    """The rendered fixtures in tests/fixtures (all formats) read and check without findings."""
    from core.check import check_file
    from tests.render import FIXTURE_DIR, FIXTURES

    for name, fmt, agency, year, version, _ in FIXTURES:
        data = check_file(FIXTURE_DIR / name).to_json()
        assert (data["format"], data["status"], data["template"], data["agency"], data["year"]) == (fmt, "ok", version, agency, year), name


def test_sheet_named_like_ours_is_read_unless_the_workbook_is_our_export(tmp_path: Path) -> None:
    # A clerk's own workbook may call a sheet 检查结果; only our export (marked by a custom
    # document property) has those sheets skipped.
    from core.export.workbook import write_corrected_workbook
    from core.check import check_file
    from core.marks import APP_SHEETS

    wb = Workbook()
    ws = wb.active
    ws.title = APP_SHEETS[0]
    ws["A1"] = "本单位自查：表三第一行已核对。"
    plain = tmp_path / "自查.xlsx"
    wb.save(plain)
    assert "本单位自查：表三第一行已核对。" in text_blocks(read_xlsx(plain))

    exported = tmp_path / "导出.xlsx"
    write_corrected_workbook(check_file(Path("resources/sample/示例年报.txt")), exported)
    with zipfile.ZipFile(exported) as z:
        assert "年报校验导出" in z.read("docProps/custom.xml").decode("utf-8")
    doc = read_xlsx(exported)
    sheets = {b.loc.sheet for b in doc.blocks}
    assert "表三" in "".join(s or "" for s in sheets)
    assert not sheets & set(APP_SHEETS)
