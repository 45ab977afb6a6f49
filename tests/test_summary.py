"""The batch summary: the workbook read back with openpyxl, the CSV read back as Excel and
a script would, and the refusals (wrong suffix, overwriting a report, a failed write)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import copy
import zipfile

from openpyxl.utils import get_column_letter

from core.check import check_file
from core.cli import run_cli
from core.dismissals import Dismissal, finding_key
from core.export.content import table_caption
from core.export.summary_totals import batch_totals
from core.model import CellValue
from core.template import grid_layout, template_for
from core.batch.crossyear import apply_cross_year
from core.model import Report
from core.export.summary import SummaryError, write_summary
from tests.batch_fixture import SAMPLE, chain, own_prose
from tests.render import Tables, consistent_tables, render_txt
from tests.shared_data import REPO, seed


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report | None]:
    folder = tmp_path_factory.mktemp("summary")
    t21 = consistent_tables(41)
    t22 = chain(t21, consistent_tables(42))
    t22["t3"]["carried"][0] += 1
    t22["t3"]["carried"][6] += 1
    t22["t3"]["new"][0] -= 1
    t22["t3"]["new"][6] -= 1
    paths = [
        shutil.copy(SAMPLE, folder / SAMPLE.name),
        render_txt(folder / "科技局2021.txt", "滕州市科学技术局", 2021, t21, prose=own_prose(2021)),
        render_txt(folder / "科技局2022.txt", "滕州市科学技术局", 2022, t22, prose=own_prose(2022)),
        shutil.copy(seed("001"), folder / "殷都区.txt"),
    ]
    bad = folder / "损坏.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    workbook = shutil.copy(REPO / "tests" / "fixtures" / "xlsx" / "report_2019.xlsx", folder / "上报.xlsx")
    out: list[Report | None] = [check_file(p) for p in paths] + [check_file(bad), check_file(workbook), None]
    apply_cross_year(out)
    return out


def _done(reports: list[Report | None]) -> list[Report]:
    return [r for r in reports if r is not None]


def test_workbook_has_one_row_per_report_and_every_finding(reports, tmp_path):
    path = tmp_path / "汇总.xlsx"
    write_summary(reports, str(path))
    wb = load_workbook(path)
    # One 合计 sheet per report year (issue 27): never added across years.
    assert wb.sheetnames == ["汇总", "问题明细", "合计（2024）", "合计（2023）", "合计（2022）", "合计（2021）", "合计（2020）", "图表"]
    summary, detail = wb["汇总"], wb["问题明细"]
    head = [c.value for c in summary[1]]
    assert head[:7] == ["序号", "文件", "单位", "年度", "格式", "模板", "结论"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    done = _done(reports)
    assert len(rows) == len(done)  # the None entry (not checked) is left out
    col = {name: head.index(name) for name in head}
    by_file = {row[col["文件"]]: row for row in rows}
    sample = by_file[done[0].file]
    assert sample[col["结论"]] == "有错误" and sample[col["错误"]] == done[0].counts["error"]
    assert sample[col["单位"]] == "示例市自然资源和规划局" and sample[col["年度"]] == 2023
    assert str(sample[col["说明"]]).startswith("首个错误：")
    later = by_file[done[2].file]
    assert later[col["跨年度问题"]] == 2 and later[col["对照的上年报告"]] == done[1].file
    broken = by_file[done[4].file]
    assert broken[col["结论"]] == "无法读取" and broken[col["说明"]] == done[4].error
    assert summary.freeze_panes == "C2" and summary.auto_filter.ref is not None
    assert summary.column_dimensions["B"].width > 20

    dhead = [c.value for c in detail[1]]
    assert dhead == ["序号", "文件", "单位", "年度", "级别", "规则", "单元格", "单元格键", "问题说明", "应为", "实际", "位置", "对照文件", "核实说明"]
    drows = [[c.value for c in row] for row in detail.iter_rows(min_row=2)]
    assert len(drows) == sum(len(r.findings) for r in done)
    dcol = {name: dhead.index(name) for name in dhead}
    carry = [r for r in drows if r[dcol["规则"]] == "X-YEAR-CARRY"]
    assert [(r[dcol["文件"]], r[dcol["级别"]], r[dcol["单元格键"]], r[dcol["应为"]], r[dcol["实际"]], r[dcol["对照文件"]]) for r in carry] == [
        (done[2].file, "警告", "t3/carried/natural", t, t + 1, done[1].file)
        for t in [done[1].extraction.tables["t3"].rows["carry_next"][0].value]  # type: ignore[union-attr]
    ] + [(done[2].file, "警告", "t3/carried/total", t, t + 1, done[1].file)
         for t in [done[1].extraction.tables["t3"].rows["carry_next"][6].value]]  # type: ignore[union-attr]
    assert "表三" in carry[0][dcol["单元格"]] and "上年结转" in carry[0][dcol["单元格"]]
    # Errors first within a file, so the filter-less reader sees them first.
    sample_rows = [r[dcol["级别"]] for r in drows if r[dcol["文件"]] == done[0].file]
    assert sample_rows == sorted(sample_rows, key=["错误", "警告", "提示"].index)
    assert detail.freeze_panes == "C2" and detail.auto_filter.ref is not None
    assert wb.custom_doc_props["年报校验汇总"].value == "1"


def test_csv_is_utf8_with_bom_and_one_row_per_finding(reports, tmp_path):
    path = tmp_path / "汇总.csv"
    write_summary(reports, str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    head, body = rows[0], rows[1:]
    assert head[:6] == ["文件", "单位", "年度", "格式", "模板", "结论"]
    done = _done(reports)
    assert len(body) == sum(max(1, len(r.findings)) for r in done)
    col = {name: head.index(name) for name in head}
    broken = [r for r in body if r[col["文件"]] == done[4].file]
    assert len(broken) == 1 and broken[0][col["结论"]] == "无法读取" and broken[0][col["说明"]] == done[4].error
    carry = [r for r in body if r[col["规则"]] == "X-YEAR-CARRY"]
    assert [r[col["单元格键"]] for r in carry] == ["t3/carried/natural", "t3/carried/total"]
    assert all(r[col["对照文件"]] == done[1].file and r[col["级别"]] == "警告" for r in carry)


def test_refuses_wrong_suffix_a_folder_and_overwriting_a_report(reports, tmp_path):
    done = _done(reports)
    victim = Path(done[5].file)  # a workbook report: the summary's own suffix
    before = victim.read_bytes()
    with pytest.raises(SummaryError, match="不能用汇总覆盖"):
        write_summary(reports, str(victim))
    with pytest.raises(SummaryError, match=r"\.xlsx"):
        write_summary(reports, str(tmp_path / "汇总.txt"))
    (tmp_path / "目录.xlsx").mkdir()
    with pytest.raises(SummaryError, match="文件夹"):
        write_summary(reports, str(tmp_path / "目录.xlsx"))
    with pytest.raises(SummaryError, match="不存在"):
        write_summary(reports, str(tmp_path / "没有" / "汇总.xlsx"))
    assert victim.read_bytes() == before


def test_a_failed_write_leaves_the_old_summary_and_no_temporary_file(reports, tmp_path, monkeypatch):
    path = tmp_path / "汇总.xlsx"
    write_summary(reports, str(path))
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("core.export.summary._write_xlsx", fail)
    with pytest.raises(SummaryError, match="磁盘空间"):
        write_summary(reports, str(path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总.xlsx"]


def test_an_empty_batch_still_gives_headers(tmp_path):
    write_summary([], str(tmp_path / "空.xlsx"))
    wb = load_workbook(tmp_path / "空.xlsx")
    assert wb["汇总"].max_row == 1 and wb["问题明细"]["A1"].value == "序号"


# --------------------------------------------------------------------------------------
# 合计 and 图表: a batch whose sums are known


def _totals_batch(folder: Path) -> tuple[list[Report], dict[str, Tables]]:
    data = {name: consistent_tables(seed_) for name, seed_ in (("甲", 101), ("乙", 102), ("丙", 103))}
    data["丙"]["t4"]["review"][0] = "详见附件"  # a cell that is not a number: 丙's table 四 is not added
    paths = [render_txt(folder / f"{name}.txt", f"某县{name}局", 2023, tables) for name, tables in data.items()]
    data["丁"] = consistent_tables(104, version="2019")
    paths.append(render_txt(folder / "丁.txt", "某县丁局", 2020, data["丁"], version="2019"))
    bad = folder / "损坏.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    reports = [check_file(p) for p in paths] + [check_file(bad)]
    return reports, data


def _grid_values(ws, spec) -> dict[tuple[str, str], object]:  # type: ignore[no-untyped-def]
    caption = table_caption(spec)
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == caption) + 1
    return {(c.row_key, c.col_key): ws.cell(top + c.row, 1 + c.col).value for c in grid_layout(spec).value_cells()}


def test_totals_sheet_sums_every_cell_in_the_official_layout(tmp_path: Path) -> None:
    reports, data = _totals_batch(tmp_path)
    assert [r.template for r in reports[:4]] == ["2021", "2021", "2021", "2019"]
    path = tmp_path / "汇总.xlsx"
    write_summary(reports, str(path))
    wb = load_workbook(path)
    # Each year's totals on a sheet of its own (issue 27): 2023 (甲乙丙, 2021 layout), 2020 (丁, 2019).
    assert wb.sheetnames[2:] == ["合计（2023）", "合计（2020）", "图表"]
    ws = wb["合计（2023）"]
    t2021 = template_for("2021")
    for key, names in (("t2", "甲乙丙"), ("t3", "甲乙丙"), ("t4", "甲乙")):
        spec = t2021.table(key)
        got = _grid_values(ws, spec)
        for row in spec.rows:
            for j, col in enumerate(row.columns):
                want = sum(data[n][key][row.key][j] for n in names)
                assert got[(row.key, col.key)] == pytest.approx(want), (key, row.key, col.key)
    assert "表二 3 份，表三 3 份，表四 2 份" in ws.cell(2, 1).value
    # The official header: merged exactly as the template declares.
    spec = t2021.table("t3")
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == table_caption(spec)) + 1
    merged = {str(m) for m in ws.merged_cells.ranges}
    for h in grid_layout(spec).cells:
        if h.rowspan > 1 or h.colspan > 1:
            ref = f"{get_column_letter(1 + h.col)}{top + h.row}:{get_column_letter(h.col + h.colspan)}{top + h.row + h.rowspan - 1}"
            assert ref in merged, (h.text, ref)
            assert ws.cell(top + h.row, 1 + h.col).value == (h.text or None)
    # The reports left out, with the reason.
    listed = {ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, 4).value) for r in range(1, ws.max_row + 1)}
    tables, reason = listed["某县丙局2023年（丙.txt）"]
    assert tables == "表四" and reason.startswith("表四有 ") and reason.endswith(" 个单元格未能确定读数")
    assert listed["损坏.docx"][0] == "表二、表三、表四" and listed["损坏.docx"][1].startswith("无法读取：")
    # The 2020 report in the 2019 layout has its own sheet, in its own layout.
    got19 = _grid_values(wb["合计（2020）"], template_for("2019").table("t3"))
    assert got19[("new", "total")] == data["丁"]["t3"]["new"][-1]


def test_uncertain_and_missing_cells_are_listed_not_added(tmp_path: Path) -> None:
    reports, data = _totals_batch(tmp_path)
    first = copy.deepcopy(reports[0])
    first.extraction.tables["t3"].rows["new"][0].state = "uncertain"  # type: ignore[union-attr,assignment]
    second = copy.deepcopy(reports[1])
    second.extraction.tables["t2"].rows["regulations"][0] = CellValue(None, "missing")  # type: ignore[union-attr]
    totals = batch_totals([first, second])
    (vt,) = totals.versions
    assert [len(vt.counted.get(t, [])) for t in ("t2", "t3", "t4")] == [1, 1, 2]
    assert vt.value("t3", "new", "total") == data["乙"]["t3"]["new"][-1]
    assert vt.value("t2", "regulations", "made") == data["甲"]["t2"]["regulations"][0]
    assert [(lo.tables, lo.reason) for lo in totals.left_out] == [
        (("t3",), "表三有 1 个单元格未能确定读数"), (("t2",), "表二有 1 个单元格未能确定读数")]


def test_chart_sheet_has_native_charts_of_verdicts_and_rules(tmp_path: Path) -> None:
    reports, _ = _totals_batch(tmp_path)
    # "详见附件" in 丙's 行政复议/结果维持 is read at that one cell (V-NUMERIC, issue #15);
    # the row's other cells are read as printed.
    short = next(f for f in reports[2].findings if f.rule == "V-NUMERIC")
    dismissals = {reports[2].file: {finding_key(short): Dismissal(finding_key(short), "附件中已列明")}}
    path = tmp_path / "汇总.xlsx"
    write_summary(reports, str(path), dismissals)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        # Verdicts, the units' problems, and apart the identities 丙's "详见附件" left unverifiable.
        assert len(charts) == 3
        xml = b"".join(z.read(n) for n in charts).decode("utf-8")
        assert "<c:barChart>" in xml
        assert "各结论的报告份数" in xml
        assert "报送单位的问题" in xml and "识别问题" in xml
    wb = load_workbook(path)
    ws = wb["图表"]
    verdicts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 6)}
    assert verdicts == {"有错误": 1, "有警告": 0, "未发现问题": 3, "无法读取": 1}
    head_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "问题（规则含义）")
    end = next(r for r in range(head_row + 1, ws.max_row + 2) if not ws.cell(r, 5).value)
    rows = range(head_row + 1, end)  # the units' table, up to the blank row before the next
    # Keyed by the code (column E); labelled by what the rule means (column A).
    rules = {ws.cell(r, 5).value: [ws.cell(r, c).value for c in (2, 3, 4)] for r in rows if ws.cell(r, 5).value}
    # (open findings, reports, dismissed): the dismissed one is counted apart.
    # 丙's table 四 identity left unverifiable by its "详见附件" is charted with the reading
    # problems, apart from the units' own (issue 27).
    assert rules == {"T2-REG-POWER": [3, 3, 0]}
    reading = next(r for r in range(end, ws.max_row + 1) if ws.cell(r, 1).value == "问题（规则含义）")
    assert ws.cell(reading + 1, 5).value == "T4-REV" and ws.cell(reading + 1, 2).value == 1
    assert ws.cell(head_row + 1, 1).value == "表二行政许可等数据异常"
    summary = wb["汇总"]
    head = [c.value for c in summary[1]]
    row = next(r for r in summary.iter_rows(min_row=2, values_only=True) if r[1] == reports[2].file)
    assert row[head.index("已核实无需修改")] == 1 and row[head.index("警告")] == 1
    detail = wb["问题明细"]
    dhead = [c.value for c in detail[1]]
    notes = [r[dhead.index("核实说明")] for r in detail.iter_rows(min_row=2, values_only=True) if r[dhead.index("规则")] == "V-NUMERIC"]
    assert notes == ["已核实无需修改：附件中已列明"]


def test_cli_summary_writes_the_same_sheets(tmp_path: Path) -> None:
    _totals_batch(tmp_path)
    out = tmp_path / "结果.xlsx"
    code = run_cli(["check", str(tmp_path), "--summary", str(out), "--workers", "1"])
    assert code == 2  # the corrupt file
    assert load_workbook(out).sheetnames == ["汇总", "问题明细", "合计（2023）", "合计（2020）", "图表"]
