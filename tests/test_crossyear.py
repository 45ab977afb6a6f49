"""Year-over-year checks on real reports: 洪泽区 2023→2024 (PDF), 平潭 2019…2025 (scraped
text, a layout change in 2021), and reports of different agencies that share only the
template's wording."""

from __future__ import annotations

import copy
from functools import lru_cache

import pytest

from core.check import check_file
from core.batch.crossyear import (
    CROSS_YEAR_RULES,
    PROSE_SAME,
    agency_key,
    apply_cross_year,
    compare_years,
    cross_year_findings,
    previous_years,
    same_agency,
    similarity,
)
from core.model import Finding, Report
from tests.shared_data import REAL_PDF, REAL_TEXT, SEEDS, seed

PINGTAN = [REAL_TEXT / f"{n:03d}.txt" for n in range(8, 15)]  # 2019 … 2025


@lru_cache(maxsize=None)
def _check(path: str) -> Report:
    return check_file(path)


def report(path) -> Report:  # type: ignore[no-untyped-def]
    """A private copy of a cached check: tests change values and findings."""
    return copy.deepcopy(_check(str(path)))


def test_agency_key_ignores_script_spaces_brackets_and_people_government():
    key = agency_key("平凉市崆峒区人民政府办公室")
    assert key == "平凉市崆峒区政府办公室"
    assert agency_key("平涼市崆峒區人民政府辦公室") == key
    assert agency_key(" 平凉市 崆峒区人民政府\u3000办公室 ") == key
    assert agency_key("平凉市崆峒区人民政府办公室（区政务公开办）") == key
    assert agency_key("平凉市崆峒区人民政府办公室(区政务公开办)") == key
    assert agency_key("平凉市崆峒区政府办公室") == key
    assert agency_key("乾县人民政府") == "乾县政府"  # not 干县
    assert agency_key(None) is None and agency_key("") is None
    assert agency_key("平凉市崆峒区科学技术局") != key


def test_a_shorter_name_matches_only_when_it_still_names_its_place():
    assert same_agency(agency_key("洪泽区人民政府"), agency_key("淮安市洪泽区人民政府"))
    assert same_agency(agency_key("崆峒区科学技术局"), agency_key("平凉市崆峒区科学技术局"))
    assert not same_agency(agency_key("科学技术局"), agency_key("滕州市科学技术局"))
    assert not same_agency(agency_key("淮安市人民政府"), agency_key("淮安市洪泽区人民政府"))
    assert not same_agency(agency_key("滕州市科学技术局"), agency_key("殷都区科学技术局"))


def test_real_consecutive_pair_is_consistent():
    """洪泽区 2024's 上年结转 (0) is 2023's 结转下年度 (0); its 行政规范性文件 stock 8 = 5 + 3 − 0;
    about a third of its prose is reused from 2023 — a real report, not a copy."""
    h23, h24 = report(REAL_PDF / "hongze-2023.pdf"), report(REAL_PDF / "hongze-2024.pdf")
    assert compare_years(h24, h23) == []
    same = similarity(h24.extraction, h23.extraction)  # type: ignore[arg-type]
    assert same.prose is not None and 0.2 < same.prose < 0.5
    assert not same.flagged
    # The batch pairs them although one title says 淮安市洪泽区 and the other 洪泽区.
    assert cross_year_findings([h23, h24]) == {}


def test_carry_mismatch_names_the_cell_the_numbers_and_the_other_file():
    h23, h24 = report(REAL_PDF / "hongze-2023.pdf"), report(REAL_PDF / "hongze-2024.pdf")
    assert h24.extraction is not None
    h24.extraction = h24.extraction.with_value("t3", "carried", 0, 2)
    found = compare_years(h24, h23)
    assert [(f.rule, f.severity, f.cells, f.expected, f.actual, f.other_file) for f in found] == [
        ("X-YEAR-CARRY", "warning", [("t3", "carried", "natural")], 0, 2, str(REAL_PDF / "hongze-2023.pdf"))]
    assert "hongze-2023.pdf" in found[0].message and "相差 2" in found[0].message
    assert found[0].to_json()["other_file"] == str(REAL_PDF / "hongze-2023.pdf")


def test_stock_mismatch_shows_the_arithmetic():
    h23, h24 = report(REAL_PDF / "hongze-2023.pdf"), report(REAL_PDF / "hongze-2024.pdf")
    assert h24.extraction is not None
    h24.extraction = h24.extraction.with_value("t2", "normative_docs", 2, 6)
    found = compare_years(h24, h23)
    assert [(f.rule, f.cells[0], f.expected, f.actual) for f in found] == [("T2-STOCK", ("t2", "normative_docs", "in_force"), 8, 6)]
    message = found[0].message
    assert "现行有效 5 件 + 本年制发 3 件 − 本年废止 0 件，应为 8 件（少 2 件）" in message


def test_a_real_series_over_seven_years_and_a_layout_change_is_consistent():
    """平潭 2019…2025: 2021 carries 1 application into 2022, which reports it; 2020 (2019
    layout) → 2021 (2021 layout) still compares table 三."""
    reports = [report(p) for p in PINGTAN]
    assert [r.extraction.meta.year for r in reports] == list(range(2019, 2026))  # type: ignore[union-attr]
    assert cross_year_findings(reports) == {}
    # Change 2022's 上年结转 and only that pair speaks, against 2021.
    r22 = reports[3]
    assert r22.extraction is not None
    r22.extraction = r22.extraction.with_value("t3", "carried", 6, 4)
    found = cross_year_findings(reports)
    assert list(found) == [3]
    assert [(f.rule, f.cells, f.expected, f.actual, f.other_file) for f in found[3]] == [
        ("X-YEAR-CARRY", [("t3", "carried", "total")], 1, 4, str(PINGTAN[2]))]


def test_2019_layout_items_continue_from_last_year(tmp_path):
    """2019 → 2020, both in the 2019 trial layout: 上一年项目数量 = last year's + 本年增/减.
    (平潭's scraped table 二 runs its digits together, so rendered reports stand in.)"""
    from tests.render import consistent_tables, render_html, render_txt

    t19, t20 = consistent_tables(31, "2019"), consistent_tables(32, "2019")
    for row in ("licensing", "other_services", "punishment", "coercion", "fees"):
        t20["t2"][row][0] = t19["t2"][row][0] + t19["t2"][row][1]
    r19 = check_file(render_html(tmp_path / "2019.html", "某县农业农村局", 2019, t19, version="2019"))
    r20 = check_file(render_txt(tmp_path / "2020.txt", "某县农业农村局", 2020, t20, version="2019"))
    assert r19.template == "2019" and r20.template == "2019"
    assert not [f for f in compare_years(r20, r19) if f.rule == "T2V19-XYEAR"]
    expected = t19["t2"]["punishment"][0] + t19["t2"]["punishment"][1]
    r20.extraction = r20.extraction.with_value("t2", "punishment", 0, expected + 4)  # type: ignore[union-attr]
    found = [f for f in compare_years(r20, r19) if f.rule == "T2V19-XYEAR"]
    assert [(f.cells, f.expected, f.actual, f.other_file) for f in found] == [
        ([("t2", "punishment", "prev")], expected, expected + 4, str(tmp_path / "2019.html"))]
    assert "2019.html" in found[0].message and "相差 4" in found[0].message


def _redated(original: Report, year: int, *, rewrite: float = 0.0, filler: Report | None = None) -> Report:
    """Last year's report with the year changed (and, with ``rewrite``, that share of its
    prose sentences replaced by another report's)."""
    clone = copy.deepcopy(original)
    ext = clone.extraction
    assert ext is not None
    old = str(ext.meta.year)
    ext.meta.year = year
    for s in ext.meta.sentences:
        s.text = s.text.replace(old, str(year))
    if rewrite:
        assert filler is not None and filler.extraction is not None
        donors = [s.text for s in filler.extraction.meta.sentences if len(s.text) > 20]
        total = sum(len(s.text) for s in ext.meta.sentences)
        done = 0
        for s in ext.meta.sentences:
            if done >= rewrite * total or not donors:
                break
            if len(s.text) > 20:
                done += len(s.text)
                s.text = donors.pop(0)
    clone.file = original.file.replace(old, str(year)) + ".copy"
    return clone


def test_a_redated_copy_is_reported_with_its_similarity():
    h23 = report(REAL_PDF / "hongze-2023.pdf")
    copy24 = _redated(h23, 2024)
    found = compare_years(copy24, h23)
    # The copied table 二 does not continue last year's stock either (5 + 0 − 5 ≠ 5).
    assert [f.rule for f in found] == ["T2-STOCK", "X-YEAR-SAME"]
    f = found[1]
    assert f.severity == "warning" and f.cells == [("text", None, None)] and f.other_file == h23.file
    assert "相似度为 100%" in f.message and "hongze-2023.pdf" in f.message
    # A tenth rewritten is still a copy; a third rewritten is a report of its own.
    huaian = report(REAL_PDF / "huaian-2024.pdf")
    assert similarity(_redated(h23, 2024, rewrite=0.1, filler=huaian).extraction, h23.extraction).flagged  # type: ignore[arg-type]
    partly = similarity(_redated(h23, 2024, rewrite=0.35, filler=huaian).extraction, h23.extraction)  # type: ignore[arg-type]
    assert partly.prose is not None and partly.prose < PROSE_SAME and not partly.flagged


def test_reports_of_different_agencies_sharing_template_wording_are_not_copies():
    paths = sorted(SEEDS.glob("0*.txt")) + sorted(REAL_PDF.glob("*.pdf")) + [REAL_TEXT / "003.txt", REAL_TEXT / "013.txt"]
    reports = [_check(str(p)) for p in paths]
    worst = 0.0
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            if a.extraction is None or b.extraction is None:
                continue
            if same_agency(agency_key(a.extraction.meta.agency), agency_key(b.extraction.meta.agency)):
                continue  # 洪泽区 2023/2024: see test_real_consecutive_pair_is_consistent
            same = similarity(a.extraction, b.extraction)
            assert not same.flagged, (a.file, b.file, same)
            worst = max(worst, same.prose or 0.0)
    assert worst < 0.2


def test_pairing_needs_the_year_before_and_an_unambiguous_agency():
    h23, h24 = report(REAL_PDF / "hongze-2023.pdf"), report(REAL_PDF / "hongze-2024.pdf")
    assert h24.extraction is not None
    h24.extraction = h24.extraction.with_value("t3", "carried", 0, 2)
    assert list(cross_year_findings([h24, None, h23])) == [0]
    # Two years apart: nothing to compare in a batch; picked by hand: say which year to pick.
    h23.extraction.meta.year = 2022  # type: ignore[union-attr]
    assert cross_year_findings([h23, h24]) == {}
    picked = compare_years(h24, h23)
    assert [(f.rule, f.severity) for f in picked] == [("X-YEAR-PAIR", "info")]
    assert "2023 年度" in picked[0].message
    # A shorter name pairs only when one report of the year before ends with it.
    h23.extraction.meta.year = 2023  # type: ignore[union-attr]
    other = copy.deepcopy(h23)
    h24.extraction.meta.agency = "洪泽区人民政府"
    h23.extraction.meta.agency = "淮安市洪泽区人民政府（区政府办公室）"  # type: ignore[union-attr]
    other.extraction.meta.agency = "淮安市淮阴区人民政府"  # type: ignore[union-attr]
    assert list(cross_year_findings([h24, h23, other])) == [0]
    other.extraction.meta.agency = "某市洪泽区人民政府"  # type: ignore[union-attr]
    assert cross_year_findings([h24, h23, other]) == {}


def test_unreadable_previous_report_is_said_plainly():
    h24 = report(REAL_PDF / "hongze-2024.pdf")
    broken = Report("坏.pdf", None, "unreadable", "文件已损坏，无法打开。")
    found = compare_years(h24, broken)
    assert [(f.rule, f.severity, f.other_file) for f in found] == [("X-YEAR-PAIR", "info", "坏.pdf")]
    assert "无法读取" in found[0].message


def test_applying_twice_does_not_duplicate_and_updates_status():
    h23, h24 = report(REAL_PDF / "hongze-2023.pdf"), report(REAL_PDF / "hongze-2024.pdf")
    h24.extraction = h24.extraction.with_value("t3", "carried", 0, 2)  # type: ignore[union-attr]
    h24.findings = [f for f in h24.findings if f.severity == "info"]
    h24.status = "ok"
    assert apply_cross_year([h23, h24]) == 1
    assert apply_cross_year([h23, h24]) == 1
    assert [f.rule for f in h24.findings if f.rule in CROSS_YEAR_RULES] == ["X-YEAR-CARRY"]
    assert h24.status == "findings"


def test_other_file_is_serialised_only_when_set():
    plain = Finding("T3-BAL", "error", "…", [("t3", "new", "total")], 1, 2)
    assert "other_file" not in plain.to_json()
    cross = Finding("X-YEAR-CARRY", "warning", "…", [("t3", "carried", "total")], 1, 2, other_file="上年.pdf")
    assert cross.to_json()["other_file"] == "上年.pdf"


@pytest.mark.parametrize("name", ["000", "004"])
def test_a_seed_compared_with_itself_a_year_later_is_a_copy_only_with_enough_prose(name):
    """Seed 000/004 have enough own prose to judge; the comparison is of the prose, not of
    the all-zero tables."""
    r = report(seed(name))
    later = _redated(r, (r.extraction.meta.year or 2023) + 1)  # type: ignore[union-attr]
    same = similarity(later.extraction, r.extraction)  # type: ignore[arg-type]
    assert same.prose == 1.0 and same.flagged


def test_previous_years_maps_each_report_to_last_years_file():
    reports = [report(p) for p in PINGTAN[:3]] + [None, report(REAL_PDF / "hongze-2024.pdf"), report(REAL_PDF / "hongze-2023.pdf")]
    assert previous_years(reports) == {1: 0, 2: 1, 4: 5}


def test_more_repealed_than_could_be_in_force():
    # 洪泽 2023 had 5 in force, 2024 made 3: repealing 9 is impossible (T2-REPEAL≤STOCK).
    h23, h24 = report(REAL_PDF / "hongze-2023.pdf"), report(REAL_PDF / "hongze-2024.pdf")
    assert h24.extraction is not None
    h24.extraction = h24.extraction.with_value("t2", "normative_docs", 1, 9)
    found = compare_years(h24, h23)
    assert [(f.rule, f.culprit, f.expected, f.actual) for f in found] == [
        ("T2-REPEAL≤STOCK", ("t2", "normative_docs", "repealed"), 8, 9)]
    assert found[0].other_file.endswith("hongze-2023.pdf") and "多于上年报告" in found[0].message
