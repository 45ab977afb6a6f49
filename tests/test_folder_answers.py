"""Every file in the folder gets an answer (issue 25): a folder of 30 mixed files — reports in
every format, notices and cover letters, a 公文 and an invoice, damaged files, a lock file and
our own summary — is accounted for file by file in the JSON, the CLI's closing line and the
summary (the window's batch view: tests/test_gui_batch.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.mixed_folder import MIXED_FILES, build_mixed_folder

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return build_mixed_folder(tmp_path_factory.mktemp("mixed"))


def _matches(status: str, expected: str) -> bool:
    return status in ("ok", "findings") if expected == "findings_or_ok" else status == expected


@pytest.mark.slow
def test_cli_json_summary_and_closing_line_account_for_every_file(mixed, tmp_path) -> None:
    folder, expect = mixed
    summary = tmp_path / "汇总.xlsx"
    run = subprocess.run([sys.executable, str(REPO / "main.py"), "check", str(folder), "--json", "--summary", str(summary),
                          "--workers", "2"], capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=600)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(lines) == MIXED_FILES
    by_name = {Path(line["file"]).name: line for line in lines}
    assert set(by_name) == set(expect)
    for name, line in by_name.items():
        assert _matches(line["status"], expect[name]), (name, line["status"], line["error"])
        if line["status"] in ("unreadable", "not_report", "skipped"):
            assert line["error"] and line["findings"] == [] and line["tables"] == {}
    assert by_name["旧版年报.doc"]["format"] == "doc" and by_name["WPS表格.et"]["format"] == "xls"
    assert by_name["电子公文系统导出.ofd"]["format"] == "ofd" and by_name["新版WPS.wps"]["format"] == "docx"
    # The closing line counts every file, the parts adding up to 30.
    closing = [ln for ln in run.stderr.splitlines() if ln.startswith("共 ")]
    assert closing == [f"共 {MIXED_FILES} 个文件：检查了 17 份报告（{_parts(lines)}），2 个无法读取，8 个不是年度报告，3 个已跳过。"], run.stderr
    # Notices and skipped files do not make the exit status 2; the damaged PDF and the zip do.
    assert run.returncode == 2
    # The summary lists every file, the non-reports with their own verdict and reason.
    wb = load_workbook(summary)
    rows = [[c.value for c in row] for row in wb["汇总"].iter_rows(min_row=2)]
    assert len(rows) == MIXED_FILES
    verdicts = [row[6] for row in rows]
    assert verdicts.count("不是年度报告") == 8 and verdicts.count("已跳过") == 3 and verdicts.count("无法读取") == 2
    chart = [c.value for row in wb["图表"].iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("共 ")]
    assert chart == closing
    # The 合计 adds the 17 reports and nothing else: a notice is not even listed as left out.
    totals = " ".join(str(c.value) for ws in wb.worksheets if ws.title.startswith("合计")
                      for row in ws.iter_rows() for c in row if c.value is not None)
    for name in ("编制发布工作的通知.pdf", "发票.ofd", "Thumbs.db", "上次的汇总.xlsx"):
        assert name not in totals


def _parts(lines: list[dict]) -> str:
    counts = {"error": 0, "warning": 0, "ok": 0}
    for line in lines:
        if line["status"] in ("ok", "findings"):
            severities = {f["severity"] for f in line["findings"]}
            counts["error" if "error" in severities else "warning" if "warning" in severities else "ok"] += 1
    return f"{counts['error']} 份有错误，{counts['warning']} 份有警告，{counts['ok']} 份未发现问题"


def test_letters_go_to_reports_only(mixed, tmp_path) -> None:
    from core.batch.runner import run_batch
    from core.export.review_letter import write_review_letters

    folder, expect = mixed
    from core.batch.files import collect_files

    files = collect_files([str(folder)])
    assert len(files) == MIXED_FILES
    picked = [f for f in files if expect[Path(f).name] in ("not_report", "skipped")] + [
        next(f for f in files if Path(f).name == "旧版年报.doc")]
    reports = run_batch(picked, workers=0)
    out = tmp_path / "letters"
    out.mkdir()
    written = write_review_letters(reports, out)
    assert len(written) == 1  # the .doc report's; none for 8 non-reports and 3 skipped files


def test_a_corrected_workbook_beside_its_report_is_skipped_but_checked_alone(tmp_path) -> None:
    from core.batch.runner import run_batch
    from core.check import check_file
    from core.export.workbook import write_corrected_workbook

    source = tmp_path / "年报.doc"
    source.write_bytes((REPO / "tests" / "data" / "office-binary" / "report_2019.doc").read_bytes())
    corrected = tmp_path / "年报（更正）.xlsx"
    write_corrected_workbook(check_file(source), corrected)
    both = run_batch([str(source), str(corrected)], workers=0)
    assert [r.status for r in both] == ["ok", "skipped"] and "重复计入" in both[1].error
    alone = run_batch([str(corrected)], workers=0)
    assert alone[0].status in ("ok", "findings")
