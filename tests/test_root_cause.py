"""One root cause, one finding (issue 24): a cell that alone breaks several identities is one
finding — the cell, its printed value, its fix, and the identities it restores with their
sums — and 应为 / 实为 describe that cell. Identities no single cell explains stay apart.

Reports are real files: the bundled sample, the real WPS template filled as a clerk does
(tests/fill_wps.py), and reports rendered from consistent random tables (tests/render.py)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from core.check import check_file
from core.export.review_letter import build_letter
from core.model import Finding, Report
from core.rules.arithmetic import evaluate, identities_for
from core.template import T3_COLUMNS, template_for
from tests.fill_wps import fill_wps_template
from tests.render import consistent_tables, render_txt

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample" / "示例年报.txt"
AGENCY = "示例县市场监督管理局"
T3_ROWS = template_for("2021").t3.row_keys
T3_COLS = [c.key for c in T3_COLUMNS]


def _tables(seed: int) -> dict:
    tables = consistent_tables(seed)
    tables["t2"]["regulations"] = [0, 0, 0]  # a department makes no 规章 (T2-REG-POWER info)
    return tables


def _errors(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity == "error"]


def _failing(report: Report) -> list[tuple[str, str]]:
    assert report.extraction is not None
    out = []
    for ident in identities_for(report.extraction):
        r = evaluate(report.extraction, ident)
        if r.fails:
            out.append((ident.rule, ident.scope))
    return out


def _named(report: Report) -> set[tuple[str, str]]:
    return {(i.rule, i.scope) for f in report.findings for i in f.identities}


def test_sample_says_two_errors_and_its_letter_lists_the_cell_once() -> None:
    report = check_file(SAMPLE)
    errors = _errors(report)
    assert [f.rule for f in errors] == ["T3-ROW", "TX-NEW"]
    cell = errors[0]
    assert (cell.culprit, cell.fix, cell.expected, cell.actual) == (("t3", "granted", "total"), 17, 17, 19)
    assert [(i.rule, i.left, i.right) for i in cell.identities] == [("T3-ROW", 19, 17), ("T3-DONE", 38, 40)]
    # The identities' own sums stay in the message.
    assert "19 ≠ 12 + 3 + 1 + 0 + 0 + 1 = 17" in cell.message and "38 ≠" in cell.message and "= 40" in cell.message
    letter = build_letter(report)
    assert letter.verdict.startswith("存在 2 处错误")
    named = [p for p in letter.corrections + letter.others if "予以公开/总计" in p.cell]
    assert len(named) == 1 and (named[0].printed, named[0].should_be) == ("19", "17")


@pytest.fixture(scope="module")
def wps(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tables = _tables(7)
    return tables, fill_wps_template(tmp_path_factory.mktemp("wps") / "clean.docx", tables)


def test_the_filled_wps_template_reads_back_and_checks_clean(wps: tuple[dict, Path]) -> None:
    tables, path = wps
    report = check_file(path)
    assert report.to_json()["tables"]["t3"] == tables["t3"]
    assert report.to_json()["tables"]["t4"] == tables["t4"]
    assert [f.rule for f in report.findings if f.severity != "info"] == []


def test_one_typo_in_the_wps_template_is_one_error_listed_once(wps: tuple[dict, Path], tmp_path: Path) -> None:
    tables = copy.deepcopy(wps[0])
    right = tables["t3"]["total"][0]
    tables["t3"]["total"][0] = right + 1  # （七）总计/自然人
    report = check_file(fill_wps_template(tmp_path / "typo.docx", tables))
    errors = _errors(report)
    assert len(errors) == 1, [f.message for f in errors]
    f = errors[0]
    assert f.culprit == ("t3", "total", "natural") and f.fix == right
    assert (f.expected, f.actual) == (right, right + 1)
    # （七）总计/自然人 is its column's lone total: filed under T3-DONE, naming all three.
    assert f.rule == "T3-DONE"
    assert [i.rule for i in f.identities] == ["T3-DONE", "T3-BAL", "T3-ROW"]
    assert f"印为 {right + 1}" in f.message and f"应为 {right}：这一格使 3 个勾稽关系不成立，改正后都成立" in f.message
    assert "①（七）总计应等于各项办理结果之和" in f.message and "②表三“自然人”列" in f.message and "③总计列" in f.message
    assert report.to_json()["findings"][0]["identities"][1] == {
        "rule": "T3-BAL", "scope": "“自然人”列", "left": tables["t3"]["new"][0] + tables["t3"]["carried"][0],
        "right": right + 1 + tables["t3"]["carry_next"][0]}
    letter = build_letter(report)
    assert letter.verdict.startswith("存在 1 处错误")
    problems = letter.corrections + letter.others
    assert len(problems) == 1 and "（七）总计/自然人" in problems[0].cell
    assert (problems[0].printed, problems[0].should_be) == (str(right + 1), str(right))


@pytest.mark.parametrize("seed", range(12))
def test_any_one_wrong_cell_of_table_three_is_one_error_at_that_cell(seed: int, tmp_path: Path) -> None:
    rng = random.Random(1000 + seed)
    tables = _tables(seed)
    row, col = rng.choice(T3_ROWS), rng.randrange(len(T3_COLS))
    right = tables["t3"][row][col]
    wrong = right + rng.choice((1, 2, 5, 10)) if right < 3 or rng.random() < 0.5 else right - rng.randint(1, right)
    tables["t3"][row][col] = wrong
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    errors = _errors(report)
    assert len(errors) == 1, [f.message for f in errors]
    f = errors[0]
    assert f.culprit == ("t3", row, T3_COLS[col]) and f.fix == right and (f.expected, f.actual) == (right, wrong)
    # Every cell of table 三 sits in a row sum and a column identity: both are named.
    assert len(f.identities) >= 2
    assert set(_failing(report)) <= _named(report)


def test_two_wrong_cells_in_one_row_stay_two_findings(tmp_path: Path) -> None:
    tables = _tables(3)
    tables["t3"]["granted"][0] += 2
    tables["t3"]["granted"][1] += 1
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    errors = _errors(report)
    # The row sum fails once (差 3); each column's办理结果 sum fails apart. No one cell explains
    # them, so nothing claims a single change repairs everything.
    assert sorted(f.rule for f in errors) == ["T3-DONE", "T3-DONE", "T3-ROW"]
    assert not any("都成立" in f.message for f in errors)
    assert set(_failing(report)) <= _named(report)


def test_a_change_that_would_break_a_holding_sum_is_not_called_the_cause(tmp_path: Path) -> None:
    """（七）总计 printed one too many in both 自然人 and 总计: its own row sum still holds, so
    changing either cell alone would break it. Four identities fail; no single cell explains
    them, and none is said to be repaired by one change."""
    tables = _tables(5)
    tables["t3"]["total"][0] += 1
    tables["t3"]["total"][6] += 1
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    errors = _errors(report)
    assert sorted(f.rule for f in errors) == ["T3-BAL", "T3-BAL", "T3-DONE", "T3-DONE"]
    assert not any("都成立" in f.message for f in errors)
    assert set(_failing(report)) <= _named(report)


def test_a_blank_total_is_one_finding_saying_what_to_fill(tmp_path: Path) -> None:
    tables = _tables(11)
    right = tables["t3"]["granted"][6]
    tables["t3"]["granted"][6] = None
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    errors = _errors(report)
    assert len(errors) == 1
    f = errors[0]
    assert f.culprit == ("t3", "granted", "total") and f.fix == right
    assert (f.expected, f.actual) == (right, None)
    assert "空白（按 0 计）" in f.message and f"应填 {right}：这一格使 2 个勾稽关系不成立" in f.message
    assert [i.rule for i in f.identities] == ["T3-ROW", "T3-DONE"]


def test_a_lone_identity_keeps_the_cell_to_change_as_expected_and_actual(tmp_path: Path) -> None:
    tables = _tables(2)
    tables["t4"]["review"][4] += 3  # 行政复议/总计: table 四 has one identity per row
    report = check_file(render_txt(tmp_path / "r.txt", AGENCY, 2023, tables))
    errors = _errors(report)
    assert [f.rule for f in errors] == ["T4-REV"]
    f = errors[0]
    printed = tables["t4"]["review"][4]
    assert f.culprit == ("t4", "review", "total") and (f.expected, f.actual) == (printed - 3, printed)
    assert [(i.rule, i.left, i.right) for i in f.identities] == [("T4-REV", printed, printed - 3)]
