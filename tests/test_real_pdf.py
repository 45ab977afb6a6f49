"""The three real published PDFs (tests/data/real-pdf/README.md), end to end."""

from __future__ import annotations

import pytest

from core.check import check_file
from tests.shared_data import REAL_PDF


@pytest.fixture(scope="module")
def reports():
    return {name: check_file(REAL_PDF / f"{name}.pdf") for name in ("huaian-2024", "hongze-2023", "hongze-2024")}


def test_huaian_2024_reads_non_zero_tables_and_adds_up(reports):
    r = reports["huaian-2024"]
    t = r.to_json()["tables"]
    assert r.extraction.meta.agency == "淮安市人民政府" and r.extraction.meta.year == 2024
    assert t["t3"]["new"][-1] == 3119 and t["t3"]["carried"][-1] == 34
    assert t["t3"]["total"][-1] == 3050 and t["t3"]["carry_next"][-1] == 103
    assert t["t2"]["licensing"] == [447228] and t["t2"]["fees"] == [96171.6]
    assert len(t["t3"]) == 25 and sum(len(v) for v in t["t4"].values()) == 15
    assert [f for f in r.findings if f.severity == "error"] == []
    locs = [c.loc for c in r.extraction.tables["t3"].rows["new"]]
    assert all(loc is not None and loc.page and loc.bbox for loc in locs)


def test_hongze_2023_table_four_error_and_old_other_row(reports):
    r = reports["hongze-2023"]
    rev = next(f for f in r.findings if f.rule == "T4-REV")
    assert (rev.expected, rev.actual) == (11, 0) and rev.fix == 11
    assert rev.culprit == ("t4", "review", "total")
    aft = next(f for f in r.findings if f.rule == "T4-AFT")
    assert (aft.expected, aft.actual) == (5, 0)
    assert "S-VERSION-MIX" in {f.rule for f in r.findings}
    assert r.extraction.table_versions["t3"] == "2019" and "other" in r.extraction.tables["t3"].rows
    label = next(f for f in r.findings if f.rule == "S-LABEL")
    assert "其他法律行政止公开" in label.message and label.cells == [("t3", "deny_2", None)]


def test_hongze_2024_carry_over_matches_2023(reports):
    a, b = reports["hongze-2023"], reports["hongze-2024"]
    assert b.to_json()["tables"]["t3"]["carried"] == a.to_json()["tables"]["t3"]["carry_next"]
    assert not [f for f in b.findings if f.rule.startswith(("T3-", "T4-"))]
