"""整改闭环 (issue 27): the corrected report an agency sends back, checked against the items
kept beside last round's letter."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from core.export.followup import FIXED, NOT_FIXED, follow_up, follow_up_batch
from core.check import check_extraction, check_file
from core.export.letter_items import read_items, read_items_folder
from core.export.letterhead import Letterhead
from core.export.review_letter import write_review_letter
from core.model import Report
from tests.shared_data import REAL_PDF


def _edited(report: Report, edits: list[tuple[str, str, str, int]]) -> Report:
    ext = report.extraction
    assert ext is not None
    for table, row, col, value in edits:
        index = [c.key for c in ext.spec(table).row(row).columns].index(col)
        ext = ext.with_value(table, row, index, value)
    findings = check_extraction(ext)
    return dataclasses.replace(report, file="/elsewhere/resubmitted.pdf", extraction=ext, findings=findings,
                               status="findings" if any(f.severity != "info" for f in findings) else "ok")


@pytest.fixture(scope="module")
def hongze_2023() -> Report:
    return check_file(str(REAL_PDF / "hongze-2023.pdf"))


def test_a_resubmission_turns_the_letters_items_into_fixed_and_not_fixed(hongze_2023: Report, tmp_path: Path) -> None:
    head = Letterhead(office="淮安市人民政府办公室", number_pattern="淮政公开审〔{year}〕{n}号", first_number=7)
    letter = write_review_letter(hongze_2023, tmp_path / "意见.docx", letterhead=head, day=date(2026, 12, 1))
    items = read_items(tmp_path / "意见.items.json")
    data = json.loads((tmp_path / "意见.items.json").read_text(encoding="utf-8"))
    assert letter.exists() and data["report"] == {"agency": "洪泽区人民政府", "year": 2023,
                                                    "title": "洪泽区人民政府2023年政府信息公开工作年度报告"}
    assert data["letter"] == {"number": "淮政公开审〔2026〕7号", "day": "2026-12-01"}
    assert [i.rule for i in items.items] == ["T4-REV", "T4-AFT", "S-VERSION-MIX", "S-LABEL"]
    first = items.items[0]
    assert first.cells and first.values.get("t4/review/total") == 0 and first.should_be == "11"
    assert "/work" not in json.dumps(data, ensure_ascii=False)  # no local path beside the letter either

    # The agency corrects 行政复议/总计 but not 复议后起诉, and a new slip creeps into table 四.
    again = _edited(hongze_2023, [("t4", "review", "total", 11), ("t4", "litigation_direct", "total", 99)])
    result = follow_up(items, again)
    status = {o.item.rule: o.status for o in result.outcomes}
    assert status["T4-REV"] == FIXED
    assert status["T4-AFT"] == NOT_FIXED
    assert result.count(FIXED) >= 1 and result.count(NOT_FIXED) >= 1
    assert any(f.rule.startswith("T4-") and ("litigation_direct" in str(f.cells)) for f in result.new_problems)
    assert result.summary().startswith(f"{FIXED} ")
    assert not result.closed


def test_the_batch_matches_a_letter_by_agency_and_year(hongze_2023: Report, tmp_path: Path) -> None:
    write_review_letter(hongze_2023, tmp_path / "意见.docx", day=date(2026, 12, 1))
    letters = read_items_folder(tmp_path)
    fixed = _edited(hongze_2023, [("t4", "review", "total", 11), ("t4", "litigation_after_review", "total", 5)])
    hongze_2024 = check_file(str(REAL_PDF / "hongze-2024.pdf"))  # the same agency, another year: no letter
    outcomes = follow_up_batch([hongze_2024, None, fixed], letters)
    assert list(outcomes) == [2]
    assert outcomes[2].count(NOT_FIXED) == sum(1 for o in outcomes[2].outcomes if o.item.rule.startswith("S-"))
