"""Read what is printed, even when it does not add up (issue #15, and #17's "numbers as
clerks write them"). Each case is a report in the shape real scrapes have it
(tests/data/real-text/008–014: cells run together; tab- and pipe-separated copies), the
printed values asserted cell by cell and the findings by rule and cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.check import check_file
from core.document import Document, Location, TextBlock
from core.extract.fit import fit_row
from core.extract.place import Sum
from core.tokens import parse_cell_number, tokenize
from tests.render import consistent_tables, render_txt
from tests.render_scrape import render_scrape

AGENCY = "某镇人民政府"


def small_tables() -> dict:
    """A town office's year: a handful of requests, every cell one digit."""
    t = consistent_tables(1)
    t["t3"] = {k: [0] * 7 for k in t["t3"]}
    t["t3"]["new"] = [2, 1, 0, 0, 0, 0, 3]
    t["t3"]["granted"] = [1, 1, 0, 0, 0, 0, 2]
    t["t3"]["unable_1"] = [1, 0, 0, 0, 0, 0, 1]
    t["t3"]["total"] = [2, 1, 0, 0, 0, 0, 3]
    t["t4"] = {k: [0] * 5 for k in t["t4"]}
    t["t2"] = {"regulations": [0, 0, 0], "normative_docs": [1, 0, 5], "licensing": [7], "punishment": [3],
               "coercion": [0], "fees": [0]}
    return t


def rules_at(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule]


def test_glued_row_with_wrong_total_is_read_as_printed_and_the_sum_reported(tmp_path: Path) -> None:
    # "2100001": seven digits for seven cells, total printed 1 where the parts give 3.
    path = render_scrape(tmp_path / "r.txt", AGENCY, 2025, small_tables(), printed={("t3", "new"): "2100001"})
    r = check_file(path)
    t3 = r.to_json()["tables"]["t3"]
    assert t3["new"] == [2, 1, 0, 0, 0, 0, 1]
    assert t3["total"] == [2, 1, 0, 0, 0, 0, 3]
    row = next(f for f in rules_at(r, "T3-ROW") if ("t3", "new", "total") in f.cells)
    assert row.severity == "error" and row.actual == 1 and row.expected == 3
    assert not rules_at(r, "S-ROWS")
    # The glued rows are one cause: one note for the table, not one per row.
    glued = [f for f in rules_at(r, "X-GLUED") if f.cells and f.cells[0][0] == "t3"]
    assert len(glued) == 1 and glued[0].severity == "info" and ("t3", "new", None) in glued[0].cells


def test_total_printed_zero_in_every_row_is_an_error_not_cannot_verify(tmp_path: Path) -> None:
    t = small_tables()
    printed = {("t3", k): "".join(str(v) for v in t["t3"][k][:6]) + "0" for k in t["t3"]}
    r = check_file(render_scrape(tmp_path / "r.txt", AGENCY, 2025, t, printed=printed))
    t3 = r.to_json()["tables"]["t3"]
    assert t3["new"] == [2, 1, 0, 0, 0, 0, 0] and t3["granted"] == [1, 1, 0, 0, 0, 0, 0]
    errors = {c for f in rules_at(r, "T3-ROW") if f.severity == "error" for c in f.cells}
    assert {("t3", "new", "total"), ("t3", "granted", "total"), ("t3", "unable_1", "total")} <= errors
    assert not [f for f in r.findings if "无法核对" in f.message]


def test_row_one_digit_short_keeps_its_digits_and_is_not_called_missing(tmp_path: Path) -> None:
    t = small_tables()
    r = check_file(render_scrape(tmp_path / "r.txt", AGENCY, 2025, t,
                                 printed={("t3", "carried"): "0 00000", ("t3", "deny_1"): "000000"}))
    cells = r.extraction.tables["t3"].rows["carried"]
    assert [c.value for c in cells] == [0] * 7 and all(c.known for c in cells)
    assert not rules_at(r, "S-ROWS")
    short = {f.cells[0][1] for f in rules_at(r, "X-SHORT-ROW")}
    assert short == {"carried", "deny_1"}
    assert not [f for f in r.findings if f.severity == "error"]


def test_short_row_with_parts_leaves_only_the_unknown_cell_open(tmp_path: Path) -> None:
    # "110000" for （一）予以公开 1 1 0 0 0 0 2: the total is the lost cell; the six printed
    # digits stay as printed.
    r = check_file(render_scrape(tmp_path / "r.txt", AGENCY, 2025, small_tables(), printed={("t3", "granted"): "110000"}))
    cells = r.extraction.tables["t3"].rows["granted"]
    assert [c.value for c in cells[:6]] == [1, 1, 0, 0, 0, 0] and all(c.state == "ok" for c in cells[:6])
    assert cells[6].state in ("inferred", "missing")


def test_chinese_numerals_and_wan_in_table_two_are_read_at_their_row(tmp_path: Path) -> None:
    r = check_file(render_scrape(tmp_path / "r.txt", AGENCY, 2025, small_tables(),
                                 printed={("t2", "licensing"): "一百一十七", ("t2", "fees"): "0.0117万"}))
    t2 = r.to_json()["tables"]["t2"]
    assert t2["licensing"] == [117] and t2["fees"] == [0.0117] and t2["punishment"] == [3]
    assert not rules_at(r, "S-ROWS")


def _tab_report(tmp_path: Path, replace: dict[str, str]) -> Path:
    path = render_txt(tmp_path / "r.txt", "某县某局", 2025, consistent_tables(3))
    text = path.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def test_table_two_cells_that_are_not_plain_numbers_are_judged_one_cell_at_a_time(tmp_path: Path) -> None:
    path = _tab_report(tmp_path, {
        "规章\t455\t116\t896": "规章\t\t116\t896",
        "行政规范性文件\t34\t439\t335": "行政规范性文件\t34件\t一百一十七\t1.334E+3",
        "行政许可\t497": "行政许可\t不适用",
        "行政处罚\t146": "行政处罚\t—",
        "行政强制\t61": "行政强制\tabc",
        "行政事业性收费\t320.52": "行政事业性收费\t0.0117万",
    })
    r = check_file(path)
    t2 = r.to_json()["tables"]["t2"]
    assert t2 == {"regulations": [None, 116, 896], "normative_docs": [34, 117, 1334], "licensing": [None],
                  "punishment": [None], "coercion": [None], "fees": [0.0117]}
    assert not rules_at(r, "S-ROWS") and not rules_at(r, "VAL-INT")
    numeric = {f.cells[0] for f in rules_at(r, "V-NUMERIC")}
    assert numeric == {("t2", "licensing", "decisions"), ("t2", "coercion", "decisions")}
    # "—" in 行政处罚 is named; a blank 规章 cell is how organs without rule-making power
    # print "not applicable" (template.md §8.8).
    assert [f.cells for f in rules_at(r, "T2-BLANK")] == [[("t2", "punishment", "decisions")]]


def test_blank_tab_field_is_a_cell_of_its_own_column(tmp_path: Path) -> None:
    path = _tab_report(tmp_path, {"二、上年结转政府信息公开申请数量\t6\t3\t5\t4\t2\t6\t26": "二、上年结转政府信息公开申请数量\t6\t\t5\t4\t2\t6\t26"})
    r = check_file(path)
    cells = r.extraction.tables["t3"].rows["carried"]
    assert [c.value for c in cells] == [6, None, 5, 4, 2, 6, 26]
    assert cells[1].state == "blank"
    assert [f.cells for f in rules_at(r, "T3-BLANK")] == [[("t3", "carried", "commercial")]]


def test_every_cell_with_a_count_word_is_read(tmp_path: Path) -> None:
    row = "一、本年新收政府信息公开申请数量\t390\t240\t225\t307\t275\t265\t1702"
    path = _tab_report(tmp_path, {row: "一、本年新收政府信息公开申请数量\t" + "\t".join(f"{v}件" for v in (390, 240, 225, 307, 275, 265, 1702))})
    r = check_file(path)
    assert r.to_json()["tables"]["t3"]["new"] == [390, 240, 225, 307, 275, 265, 1702]
    assert not [f for f in r.findings if f.severity == "error"]


def test_rounded_scientific_number_is_flagged_at_its_cell(tmp_path: Path) -> None:
    path = _tab_report(tmp_path, {"行政许可\t497": "行政许可\t1.2E+5"})
    r = check_file(path)
    assert r.to_json()["tables"]["t2"]["licensing"] == [None]
    assert [f.cells for f in rules_at(r, "V-NUMERIC")] == [[("t2", "licensing", "decisions")]]


@pytest.mark.parametrize("shape", ["tab", "pipe", "cell_per_line"])
def test_blank_table_two_never_takes_numbers_from_table_three(tmp_path: Path, shape: str) -> None:
    t = consistent_tables(3)
    t["t2"] = {k: [None] * len(v) for k, v in t["t2"].items()}
    t["t3"]["new"][0] = 100
    r = check_file(render_txt(tmp_path / "r.txt", "某县某局", 2025, t, shape=shape))
    t2 = r.to_json()["tables"]["t2"]
    assert t2["fees"] == [None] and all(v is None for row in t2.values() for v in row)
    assert not rules_at(r, "S-ROWS") and not rules_at(r, "X-EXTRA-VALUES") and not rules_at(r, "S-EXTRA")


def _tokens(text: str):  # type: ignore[no-untyped-def]
    doc = Document("x.txt", "txt", [TextBlock(text, Location(line=1))])
    return [t for t in tokenize(doc).tokens if t.kind != "label"]


def test_units_glued_to_amounts_in_the_2019_table_two() -> None:
    # 政府集中采购: 采购项目数量 0, 采购总金额 0元, printed "00元".
    cells, notes = fit_row(_tokens("政府集中采购00元"), 2, [], "表二", [("t2", "procurement", None)])
    assert [c.value for c in cells] == [0, 0] and all(c.state == "ok" for c in cells)
    cells, _ = fit_row(_tokens("政府集中采购 3 12.5万元"), 2, [], "表二", [("t2", "procurement", None)])
    assert [c.value for c in cells] == [3, 12.5] and cells[1].unit == "万元"


def test_sums_choose_only_where_the_digits_leave_a_choice_and_say_which() -> None:
    sums: list[Sum] = [(tuple(range(6)), 6)]
    # "640020470": 9 digits for 7 cells; only 64 0 0 2 0 4 70 makes 总计 the sum.
    cells, notes = fit_row(_tokens("数量640020470"), 7, sums, "表三“新收”行", [("t3", "new", None)], sum_name="本行“总计”等于各类申请人之和")
    assert [c.value for c in cells] == [64, 0, 0, 2, 0, 4, 70]
    assert "本行“总计”等于各类申请人之和" in notes[-1].message
    # Seven digits: the count fixes the split, the sum is not consulted.
    cells, notes = fit_row(_tokens("数量2100001"), 7, sums, "表三“新收”行", [("t3", "new", None)])
    assert [c.value for c in cells] == [2, 1, 0, 0, 0, 0, 1] and "按原样" in notes[-1].message


@pytest.mark.parametrize("text, value", [("一百一十七", 117), ("两千零五", 2005), ("十二", 12), ("零", 0), ("239件", 239),
                                         ("1.334E+3", 1334), ("12.5万元", 12.5), ("0.0117万", 0.0117)])
def test_numbers_as_clerks_write_them(text: str, value: float) -> None:
    parsed = parse_cell_number(text)
    assert parsed is not None and parsed[0] == value


@pytest.mark.parametrize("text", ["三", "二〇二四", "1.2E+5", "百百", "三五"])
def test_not_numbers(text: str) -> None:
    assert parse_cell_number(text) is None


def test_many_spelled_numbers_on_one_line_do_not_recurse() -> None:
    # A hostile line of thousands of Chinese numerals between words: each one a number.
    doc = Document("x.txt", "txt", [TextBlock("行政许可一百一十七第" * 3000, Location(line=1))])
    numbers = [t.value for t in tokenize(doc).tokens if t.kind == "number"]
    assert numbers == [117] * 3000
