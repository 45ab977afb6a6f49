"""Prose checks a careful reviewer makes (issue #15): new compared with new, part 五 that
says nothing, a year copied from last year's report in the middle of a sentence, "所有申请均已
办理完成" with requests carried over."""

from __future__ import annotations

from pathlib import Path

from core.check import check_file
from tests.render import consistent_tables, render_txt

AGENCY = "某区司法局"


def _report(tmp_path: Path, prose: dict[str, list[str]], year: int = 2025, seed: int = 5):  # type: ignore[no-untyped-def]
    tables = consistent_tables(seed)
    r = check_file(render_txt(tmp_path / "r.txt", AGENCY, year, tables, prose=prose))
    return r, tables


def _by(r, rule: str) -> list:  # type: ignore[no-untyped-def]
    return [f for f in r.findings if f.rule == rule]


def test_new_is_compared_with_new_when_carry_over_is_named_apart(tmp_path: Path) -> None:
    tables = consistent_tables(5)
    new = tables["t3"]["new"][-1]
    carried = tables["t3"]["carried"][-1]
    r, _ = _report(tmp_path, {"一": [f"2025年，本局本年新收政府信息公开申请{new + 1}件，上年结转{carried}件。"]})
    f = _by(r, "TX-NEW")
    assert len(f) == 1 and f[0].severity == "error"
    assert (f[0].expected, f[0].actual) == (new, new + 1)
    assert ("t3", "new", "total") in f[0].cells and ("t3", "carried", "total") not in f[0].cells


def test_count_including_carry_over_only_when_it_says_so(tmp_path: Path) -> None:
    tables = consistent_tables(5)
    new, carried = tables["t3"]["new"][-1], tables["t3"]["carried"][-1]
    r, _ = _report(tmp_path, {"一": [f"2025年，本局共收到政府信息公开申请{new + carried}件（含上年结转{carried}件）。"]})
    assert not _by(r, "TX-NEW")
    r, _ = _report(tmp_path, {"一": [f"2025年，本局本年新收政府信息公开申请{new}件，上年结转{carried}件。"]})
    assert not _by(r, "TX-NEW")


def test_part_five_that_says_nothing_is_a_warning(tmp_path: Path) -> None:
    for text in ("无。", "暂无问题。", "问题较少。"):
        r, _ = _report(tmp_path, {"五": [text]})
        f = _by(r, "S5-EMPTY")
        assert len(f) == 1 and f[0].severity == "warning" and "第五十条" in f[0].message, text
    r, _ = _report(tmp_path, {"五": ["存在的主要问题是政策解读形式单一。下一步将丰富解读形式。"]})
    assert not _by(r, "S5-EMPTY")


def test_last_years_number_in_the_middle_of_a_sentence_is_m_year(tmp_path: Path) -> None:
    r, _ = _report(tmp_path, {"一": ["2025年，本局扎实推进政务公开。", "在主动公开方面，本单位2024年度通过门户网站主动公开政府信息120条。"]})
    f = _by(r, "M-YEAR")
    assert len(f) == 1 and f[0].severity == "error" and (f[0].expected, f[0].actual) == (2025, 2024)
    assert f[0].cells[1] == ("text", "一", None)
    # A year that is neither the report year nor the one before: an error even without a
    # subject; last year's number without one ("2024年通过…") may be a look back: a warning.
    r, _ = _report(tmp_path, {"一": ["2025年，本局扎实推进政务公开。", "在主动公开方面，2021年通过门户网站主动公开政府信息120条。"]})
    assert [(f.severity, f.actual) for f in _by(r, "M-YEAR")] == [("error", 2021)]
    r, _ = _report(tmp_path, {"一": ["2025年，本局扎实推进政务公开。", "在主动公开方面，2024年通过门户网站主动公开政府信息120条。"]})
    assert [(f.severity, f.actual) for f in _by(r, "M-YEAR")] == [("warning", 2024)]


def test_years_that_are_not_the_work_year_are_not_m_year(tmp_path: Path) -> None:
    r, _ = _report(tmp_path, {"一": ["2025年，本局扎实推进政务公开，截至2025年12月31日共有规范性文件12件。",
                                     "发布《某区法治建设规划（2024－2027年）》，较2024年增长10%。"],
                              "五": ["针对2024年工作中存在的主要问题，本局加强了培训。存在的主要问题是解读形式单一。"]})
    assert not _by(r, "M-YEAR")


def test_all_done_while_requests_are_carried_over(tmp_path: Path) -> None:
    tables = consistent_tables(5)
    assert tables["t3"]["carry_next"][-1] > 0
    r, _ = _report(tmp_path, {"一": ["2025年，本局扎实推进政务公开。", "所有申请均已按时办理完成。"]})
    f = _by(r, "TX-CARRY")
    assert len(f) == 1 and f[0].severity == "warning" and ("t3", "carry_next", "total") in f[0].cells
