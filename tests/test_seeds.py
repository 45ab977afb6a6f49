"""The five real seed reports, each with the outcome a careful human gives it
(tests/data/seeds/README.md). This manifest is the backbone of the regression suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.check import check_file
from core.model import Report
from tests.shared_data import REPO, seed


def rules(report: Report, severity: str | None = None) -> list[str]:
    return [f.rule for f in report.findings if severity is None or f.severity == severity]


def all_values(report: Report, table: str) -> list:
    assert report.extraction is not None
    return [c.value for cells in report.extraction.tables[table].rows.values() for c in cells]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {p: check_file(seed(p)) for p in ("000", "001", "002", "003", "004")}


def test_seed_000_cell_per_line_scrape_reads_tables_and_reports_short_rows(reports):
    r = reports["000"]
    ext = r.extraction
    assert ext.meta.agency == "平凉市崆峒区科学技术局" and ext.meta.year == 2023
    assert ext.template == "2021"
    # Tables 二 and 四 complete, all 0.
    assert all_values(r, "t2") == [0] * 10
    assert all_values(r, "t4") == [0] * 15
    # Table 三: every row found; the scrape dropped cells, and the report says so per row.
    assert len(ext.tables["t3"].rows) == 25
    short = [f for f in r.findings if f.rule == "X-SHORT-ROW"]
    assert len(short) >= 15
    assert all(f.severity == "warning" for f in short)
    # Lost cells are never invented: what cannot be placed is missing, not 0.
    states = {c.state for cells in ext.tables["t3"].rows.values() for c in cells}
    assert "missing" in states
    assert rules(r, "error") == []


def test_seed_000_prose_sum_is_consistent_but_a_changed_part_is_caught(tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    assert "发布信息34条" in text
    assert "TX-SUM" not in rules(check_file(seed("000")))
    changed = tmp_path / "000_changed.txt"
    # Parts short of the whole may just be a partial list ("其中" names some kinds) …
    changed.write_text(text.replace("发布信息34条", "发布信息35条"), encoding="utf-8")
    assert "TX-SUM" not in rules(check_file(changed))
    # … parts adding up to more than the whole cannot be right.
    changed.write_text(text.replace("发布信息34条", "发布信息33条"), encoding="utf-8")
    finding = next(f for f in check_file(changed).findings if f.rule == "TX-SUM")
    assert finding.expected == 33 and finding.actual == 34
    assert finding.cells[0][0] == "text" and finding.cells[0][1] == "一"


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_complete_seeds_read_every_cell_with_zero_errors(reports, prefix):
    r = reports[prefix]
    assert r.extraction.template == "2021"
    assert all_values(r, "t2") == [0] * 10
    assert all_values(r, "t3") == [0] * 175
    assert all_values(r, "t4") == [0] * 15
    assert rules(r, "error") == []
    assert not [f for f in r.findings if f.rule.startswith(("X-", "S-ROWS", "S-LABEL", "T3-", "T4-"))]


def test_seed_002_traditional_text_is_read_and_missing_tables_reported(reports):
    r = reports["002"]
    ext = r.extraction
    assert ext.meta.agency == "舟曲县科学技术局" and ext.meta.year == 2021
    assert ext.tables == {}
    missing = [f for f in r.findings if f.rule == "S-TABLES"]
    assert sorted(f.cells[0][0] for f in missing) == ["t2", "t3", "t4"]
    assert all(f.severity == "error" and "只有标题" in f.message for f in missing)
    assert set("一二三四五六") <= set(ext.meta.sections)
    assert r.to_json()["tables"] == {}


def test_seed_003_signature_differs_from_title(reports):
    r = reports["003"]
    f = next(f for f in r.findings if f.rule == "M-AGENCY")
    assert "西山区科学技术工业信息化局" in f.message and "西山区科学技术和工业信息化局" in f.message
    assert ["meta", "signature", None] in [list(c) for c in f.cells]


def test_seed_004_docx_dump_heading_variant_and_wrapped_label(reports):
    r = reports["004"]
    ext = r.extraction
    assert ext.meta.agency == "滕州市科学技术局" and ext.meta.year == 2023
    assert ext.meta.sections["四"][0].startswith("四、因政府信息公开工作被申请行政复议")
    assert r.status == "ok"


def _with_cell(prefix: str, tmp_path: Path, old_line_start: str, column: int, value: str) -> Path:
    """Seed 001 is tab-separated: change one cell of the row whose line starts so."""
    lines = seed(prefix).read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(old_line_start):
            cells = line.split("\t")
            numbers = [j for j, c in enumerate(cells) if c.strip().isdigit()]
            cells[numbers[column]] = value
            lines[i] = "\t".join(cells)
            break
    else:
        raise AssertionError(old_line_start)
    out = tmp_path / f"{prefix}_changed.txt"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def test_a_wrong_cell_is_the_culprit_of_its_row_and_column(tmp_path):
    path = _with_cell("001", tmp_path, "一、本年新收", 0, "5")
    r = check_file(path)
    errors = [f for f in r.findings if f.severity == "error"]
    # One wrong cell breaks its row sum and its column's balance: one finding for the one
    # cell to change, naming both identities with their sums.
    assert len(errors) == 1
    f = errors[0]
    assert f.rule == "T3-ROW" and f.culprit == ("t3", "new", "natural") and f.fix == 0
    assert [i.rule for i in f.identities] == ["T3-ROW", "T3-BAL"]
    assert "应为 0：这一格使 2 个勾稽关系不成立，改正后都成立" in f.message and "本年新收" in f.message and "“自然人”列" in f.message
    # 应为 / 实为 are the cell's: what to write and what is printed (the row's sums: 0 vs 5).
    assert (f.expected, f.actual) == (0, 5)
    assert (f.identities[0].left, f.identities[0].right) == (0, 5)


def test_a_wrong_total_gets_the_sum_as_fix(tmp_path):
    path = _with_cell("001", tmp_path, "二、上年结转", 6, "3")
    r = check_file(path)
    row = next(f for f in r.findings if f.rule == "T3-ROW")
    assert row.culprit == ("t3", "carried", "total") and row.fix == 0
    assert "总计" in row.message and "差 3" in row.message


def test_cli_json_lines_and_exit_codes(tmp_path):
    bad = tmp_path / "坏 文件.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "check", "--json", str(seed("001")), str(seed("002")), str(bad)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(o["file"]).name for o in lines] == [seed("001").name, seed("002").name, bad.name]
    assert proc.returncode == 2
    assert lines[0]["status"] == "findings" and lines[0]["template"] == "2021" and lines[0]["year"] == 2024
    assert set(lines[0]["tables"]) == {"t2", "t3", "t4"}
    assert lines[0]["tables"]["t3"]["new"] == [0] * 7
    assert lines[1]["status"] == "findings" and lines[1]["tables"] == {}
    assert lines[2]["status"] == "unreadable" and lines[2]["tables"] == {}
    assert lines[2]["error"] and "Traceback" not in proc.stderr
    for finding in lines[1]["findings"]:
        assert set(finding) >= {"rule", "severity", "message", "cells", "expected", "actual"}
    proc = subprocess.run([sys.executable, str(REPO / "main.py"), "check", "--json", str(seed("004"))],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0


def test_cli_readable_report_is_chinese(tmp_path):
    proc = subprocess.run([sys.executable, str(REPO / "main.py"), "check", str(seed("003"))],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert "落款单位" in proc.stdout and "结论：0 个错误，1 个警告" in proc.stdout
