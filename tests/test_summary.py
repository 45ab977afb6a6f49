"""The batch summary: the workbook read back with openpyxl, the CSV read back as Excel and
a script would, and the refusals (wrong suffix, overwriting a report, a failed write)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.check import check_file
from core.batch.crossyear import apply_cross_year
from core.model import Report
from core.export.summary import SummaryError, write_summary
from tests.batch_fixture import SAMPLE, chain, own_prose
from tests.render import consistent_tables, render_txt
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
    assert wb.sheetnames == ["汇总", "问题明细"]
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
    assert dhead == ["序号", "文件", "单位", "年度", "级别", "规则", "单元格", "单元格键", "问题说明", "应为", "实际", "位置", "对照文件"]
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
