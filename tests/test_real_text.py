"""Real reports as scrapes and PDF conversions leave them (tests/data/real-text/README.md):
digits run together, labels glued to headers. Where the template's identities decide the
only reading the checker reads it; where they do not, it says it could not read the row."""

from __future__ import annotations

import pytest

from core.check import check_file
from tests.shared_data import REAL_TEXT


@pytest.fixture(scope="module")
def pingtan_2021():
    return check_file(REAL_TEXT / "010.txt")


def test_glued_rows_split_by_row_and_column_identities(pingtan_2021):
    r = pingtan_2021
    t3 = r.to_json()["tables"]["t3"]
    assert r.extraction.meta.agency == "平潭综合实验区" and r.extraction.meta.year == 2021
    assert t3["new"] == [64, 0, 0, 2, 0, 4, 70]
    # "270020130" reads two ways within its row; the column identities pick one.
    assert t3["granted"] == [27, 0, 0, 2, 0, 1, 30]
    assert t3["unable_1"] == [22, 0, 0, 0, 0, 3, 25]
    assert len(t3) == 25
    assert not [f for f in r.findings if f.severity == "error"]
    glued = [f for f in r.findings if f.rule == "X-GLUED"]
    assert glued and all(f.severity in ("info", "warning") for f in glued)


def test_ambiguous_glued_row_is_reported_not_guessed(pingtan_2021):
    # 行政规范性文件 "693665" has no sum to decide between 6/93/665, 69/3/665 …
    cells = pingtan_2021.extraction.tables["t2"].rows["normative_docs"]
    assert all(c.state == "missing" and c.value is None for c in cells)
    f = next(f for f in pingtan_2021.findings if f.rule == "X-GLUED" and f.cells == [("t2", "normative_docs", None)])
    assert f.severity == "warning" and "多种拆分方式" in f.message


@pytest.mark.parametrize("name, year, new_total", [("011.txt", 2022, 74), ("012.txt", 2023, 81), ("013.txt", 2024, 218), ("014.txt", 2025, 154)])
def test_pingtan_years_read_table_three(name, year, new_total):
    r = check_file(REAL_TEXT / name)
    assert r.extraction.meta.year == year
    assert r.to_json()["tables"]["t3"]["new"][-1] == new_total
    assert r.extraction.template == "2021"


def test_2019_layout_scrape_detected():
    r = check_file(REAL_TEXT / "008.txt")
    assert r.extraction.template == "2019" and r.extraction.meta.year == 2019
    assert "other" in r.extraction.tables["t3"].rows
    assert not [f for f in r.findings if f.rule == "S-VERSION-YEAR"]


def test_ocr_markdown_with_one_table_per_row_reads_completely():
    # 001: table 三 split into small pipe tables under "### …" headings that repeat the row
    # label, placeholder headers ("数据1"…"数据6"), a stray header line in the middle and
    # "### (六) 其他" for （六）其他处理.
    r = check_file(REAL_TEXT / "001.txt")
    tables = r.to_json()["tables"]
    t3 = tables["t3"]
    assert len(t3) == 25 and all(None not in row for row in t3.values())
    assert t3["new"] == [705, 3, 0, 0, 5, 0, 713]
    assert t3["other_2"] == [7, 0, 0, 0, 0, 0, 7]
    assert t3["other_3"] == [142, 1, 0, 0, 0, 0, 143]
    assert t3["total"] == [710, 3, 0, 0, 5, 0, 718]
    assert tables["t4"] == {"review": [27, 10, 9, 15, 61], "litigation_direct": [3, 0, 0, 0, 3],
                            "litigation_after_review": [8, 0, 1, 1, 10]}
    assert tables["t2"]["normative_docs"] == [6, 1, 32]
    assert r.findings == []


def test_pdf_to_markdown_with_detached_labels_is_aligned_by_template_order():
    # 002: labels printed apart from their number rows, page numbers inside table 三, tables
    # under their own numbering ("一、主动公开政府信息情况", "## 表三：…").
    r = check_file(REAL_TEXT / "002.txt")
    tables = r.to_json()["tables"]
    t3 = tables["t3"]
    assert t3["partial"] == [0] * 7
    assert t3["deny_5"] == [1, 0, 0, 0, 0, 0, 1]
    assert t3["unable_1"] == [4, 0, 0, 0, 0, 0, 4] and t3["unable_2"] == [6, 0, 0, 0, 0, 0, 6]
    assert t3["other_1"] == [8, 2, 0, 0, 0, 0, 10] and t3["other_2"] == [0] * 7
    assert t3["total"] == [33, 2, 0, 0, 0, 0, 35]
    assert tables["t2"] == {"licensing": [97], "punishment": [0], "coercion": [0], "fees": [0],
                            "regulations": [0, 0, 0], "normative_docs": [13, 0, 55]}
    assert tables["t4"]["review"] == [1, 0, 0, 0, 1]
    rules = {f.rule for f in r.findings}
    # Every identity holds once the rows are aligned; the alignment itself is disclosed.
    assert not rules & {"T3-BAL", "T3-DONE", "T3-ROW", "X-EXTRA-VALUES", "S-LABEL", "TX-DONE", "S6-FEE", "M-PERIOD"}
    detached = next(f for f in r.findings if f.rule == "X-DETACHED")
    assert detached.severity == "info" and len(detached.cells) == 10
    assert r.extraction.meta.period_text and "2024" in r.extraction.meta.period_text
    # Parts 二, 三, 四 and 六 are there under other numerals: a numbering warning, not "missing".
    sections = {f.cells[0][1]: f for f in r.findings if f.rule == "S-SECTIONS"}
    assert sections["二"].severity == "warning" and "一、主动公开政府信息情况" in sections["二"].message
    assert sections["六"].severity == "warning"
    # The 五 heading was lost in the conversion but its content follows (issue #15): a
    # warning naming what was found, not "缺少第五部分".
    assert sections["五"].severity == "warning" and "(一)主要问题" in sections["五"].message


def test_pdf_to_markdown_with_page_footers_and_split_table_two():
    # 003: "— 4 —" page footers inside tables, table 二's rows with one cell moved away
    # (two pipe cells for three columns: not digits run together), table 四 under a
    # mangled header.
    r = check_file(REAL_TEXT / "003.txt")
    tables = r.to_json()["tables"]
    assert tables["t4"] == {"review": [40, 0, 10, 5, 55], "litigation_direct": [2, 0, 4, 6, 12],
                            "litigation_after_review": [6, 0, 9, 7, 22]}
    assert tables["t3"]["new"] == [1259, 36, 0, 0, 0, 0, 1295]
    assert tables["t3"]["total"] == [1139, 48, 0, 0, 4, 0, 1191]
    assert tables["t2"]["fees"] == [0]
    assert tables["t2"]["regulations"] == [None, None, None]  # 22 | 235 for three columns: not guessed
    rules = [f.rule for f in r.findings]
    assert "X-GLUED" not in rules and "X-EXTRA-VALUES" not in rules
    assert not [f for f in r.findings if f.severity == "error"]
    assert not [f for f in r.findings if f.rule.startswith("TX-")]
    five = next(f for f in r.findings if f.rule == "S-SECTIONS" and f.cells == [("text", "五", None)])
    assert five.severity == "warning" and "存在的主要问题" in five.message


def test_blank_totals_are_named_as_blanks_and_a_printed_total_is_not_talked_down():
    # 004 (Shanghai 2019, HTML): the 总计 column is left blank in every outcome row.
    r = check_file(REAL_TEXT / "004.txt")
    # One root cause, one finding: the eleven blank totals are one finding listing each cell
    # and the value to fill; the printed (七)总计 805 is right, and filling the blanks repairs
    # it, so it is part of that finding (no fix of 805 to 0, no second error).
    errors = [f for f in r.findings if f.severity == "error"]
    assert len(errors) == 1 and errors[0].rule == "T3-ROW"
    group = errors[0]
    assert "11 行空白（按 0 计）" in group.message and "（七）总计" in group.message
    assert len(group.fixes) == 11 and group.fixes[0] == (("t3", "granted", "total"), 272)
    assert (group.culprit, group.fix) == (("t3", "granted", "total"), 272)
    assert sum(v for _ref, v in group.fixes) == 805
    assert all(ref in group.cells for ref, _v in group.fixes) and ("t3", "total", "total") in group.cells
    assert group.to_json()["fixes"][1] == {"cell": ["t3", "partial", "total"], "value": 3}


def test_pingtan_scrapes_find_glued_and_misprinted_headings_and_signed_changes():
    # 009 (2020, 2019 layout): "…895.90元三、收到和处理…" heading glued to a cell; table 二's
    # 本年增/减 glued with a minus sign ("行政处罚2648-18538") is still the 行政处罚 row.
    r = check_file(REAL_TEXT / "009.txt")
    assert "三" in r.extraction.meta.sections
    assert "punishment" in r.extraction.tables["t2"].rows and "coercion" in r.extraction.tables["t2"].rows
    assert not [f for f in r.findings if f.rule in ("S-SECTIONS", "S-ROWS")]
    # 011 (2022): the published heading has a typo ("行政法复议"): found, and the typo named.
    r = check_file(REAL_TEXT / "011.txt")
    heading = [f for f in r.findings if f.rule == "S-SECTIONS"]
    assert len(heading) == 1 and heading[0].severity == "warning" and "行政法复议" in heading[0].message
