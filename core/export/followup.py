"""整改闭环: the corrected report an agency sends back, checked against last round's letter.

Each item of the letter (core/export/letter_items.py) is 已整改 when the new report no longer
has a finding on the same rule and cells, 未整改 when it still has; problems the new report
has that the letter did not list are listed as new. An item cannot be judged (无法核对) when
the new report cannot be read, or when the cells it names are now in doubt (an OCR cell not
yet confirmed): doubt is not a verdict either way.

Letters are matched to reports by the agency the report prints and its year, with the same
agency matching the cross-year pairing uses (core.batch.crossyear).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.batch.crossyear import agency_key, same_agency
from core.dismissals import finding_key
from core.export.letter_items import LetterItem, LetterItems
from core.export.reading_problems import is_reading_problem
from core.model import Finding, Report

FIXED = "已整改"
NOT_FIXED = "未整改"
UNKNOWN = "无法核对"


@dataclass
class ItemOutcome:
    item: LetterItem
    status: str  # FIXED / NOT_FIXED / UNKNOWN
    now: str = ""  # what the new report says on it (the finding still there), or why unknown


@dataclass
class FollowUp:
    letter: LetterItems
    report: Report
    outcomes: list[ItemOutcome] = field(default_factory=list)
    new_problems: list[Finding] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def closed(self) -> bool:
        """Every item settled and nothing new to correct."""
        return all(o.status == FIXED for o in self.outcomes) and not self.new_problems

    def summary(self) -> str:
        """"已整改 3 / 未整改 1，新问题 2" — what the batch view's column shows."""
        parts = [f"{FIXED} {self.count(FIXED)} / {NOT_FIXED} {self.count(NOT_FIXED)}"]
        if self.count(UNKNOWN):
            parts.append(f"{UNKNOWN} {self.count(UNKNOWN)}")
        if self.new_problems:
            parts.append(f"新问题 {len(self.new_problems)}")
        return "，".join(parts)


def follow_up(letter: LetterItems, report: Report) -> FollowUp:
    out = FollowUp(letter, report)
    if report.status == "unreadable" or report.extraction is None:
        out.outcomes = [ItemOutcome(item, UNKNOWN, "重新报送的文件无法读取") for item in letter.items]
        return out
    open_ = [f for f in report.findings if f.severity != "info"]
    doubts = [f for f in open_ if is_reading_problem(f)]
    problems = [f for f in open_ if f not in doubts]
    doubtful_cells = {c for f in doubts for c in f.cells}
    matched: set[int] = set()
    for item in letter.items:
        hit = _still_there(item, problems)
        if hit is not None:
            matched.add(id(hit))
            out.outcomes.append(ItemOutcome(item, NOT_FIXED, hit.message))
        elif set(item.cells) & doubtful_cells:
            out.outcomes.append(ItemOutcome(item, UNKNOWN, "相关单元格识别不确定，请先在窗口中核对"))
        else:
            out.outcomes.append(ItemOutcome(item, FIXED))
    out.new_problems = [f for f in problems if id(f) not in matched]
    return out


def _still_there(item: LetterItem, findings: Sequence[Finding]) -> Finding | None:
    """The finding of the new report that is the letter's item again: the same key (rule and
    cells), else the same rule over an overlapping set of cells (a fix of one cell moves an
    arithmetic finding's culprit but not its root cause), else — for an item without cells —
    the same rule."""
    for f in findings:
        if finding_key(f) == item.key:
            return f
    cells = set(item.cells)
    for f in findings:
        if f.rule != item.rule:
            continue
        if cells and cells & set(f.cells):
            return f
        if not cells and not f.cells:
            return f
    return None


def match_letters(reports: Sequence[Report | None], letters: Sequence[LetterItems]) -> dict[int, LetterItems]:
    """For each report (by index), the letter written on the same agency's report of the
    same year. Exact agency keys first, then a unique loose match (``same_agency``); when
    several letters fit, the latest signed wins (the last round)."""
    out: dict[int, LetterItems] = {}
    for i, report in enumerate(reports):
        if report is None or report.extraction is None or not report.is_report:
            continue
        key = agency_key(report.extraction.meta.agency)
        year = report.extraction.meta.year
        if not key:
            continue
        same_year = [letter for letter in letters if letter.year == year or letter.year is None or year is None]
        exact = [letter for letter in same_year if letter.agency_key == key]
        loose = [letter for letter in same_year if same_agency(letter.agency_key, key)]
        loose_agencies = {letter.agency_key for letter in loose}
        chosen = exact or (loose if len(loose_agencies) == 1 else [])
        if chosen:
            out[i] = max(chosen, key=lambda letter: letter.day)
    return out


def follow_up_batch(reports: Sequence[Report | None], letters: Sequence[LetterItems]) -> dict[int, FollowUp]:
    matches = match_letters(reports, letters)
    return {i: follow_up(letter, reports[i]) for i, letter in matches.items()}  # type: ignore[arg-type]
