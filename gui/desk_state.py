"""What the batch view shows of the supervisor's desk (issue 27), row by row: the roster's
standing (报送台账) and the follow-up of last round's letters (整改情况). No widgets: the batch
model reads it for its two columns and its filter; gui/batch_desk.py loads it."""

from __future__ import annotations

from collections.abc import Sequence

from core.export.followup import FollowUp, follow_up_batch
from core.batch.roster import MISSING, OUTSIDE, TWICE, WRONG_YEAR, RosterResult, match_roster
from core.export.letter_items import LetterItems
from core.model import Report


class DeskState:
    def __init__(self) -> None:
        self.units: list[str] = []
        self.roster_file = ""
        self.letters: list[LetterItems] = []
        self.letters_folder = ""
        self.roster: RosterResult | None = None
        self.followups: dict[int, FollowUp] = {}

    def recompute(self, reports: Sequence[Report | None]) -> None:
        done = [r for r in reports if r is not None]
        self.roster = match_roster(self.units, reports) if self.units and done else None
        self.followups = follow_up_batch(reports, self.letters) if self.letters and done else {}

    def roster_text(self, row: int) -> str:
        roster = self.roster
        if roster is None:
            return ""
        if row in roster.outside:
            return OUTSIDE
        unit = roster.by_report.get(row)
        status = next((u for u in roster.units if u.unit == unit), None)
        if status is None:
            return ""
        return unit if status.status not in (TWICE, WRONG_YEAR) else f"{status.status}（{unit}）"

    def followup_text(self, row: int) -> str:
        result = self.followups.get(row)
        return result.summary() if result is not None else ""

    def followup_tooltip(self, row: int) -> str:
        result = self.followups.get(row)
        if result is None:
            return "未找到该单位该年度的上一轮审核意见。" if self.letters else ""
        lines = [f"对照：{result.letter.number or result.letter.title}"]
        lines += [f"{o.status}：{o.item.n}. {o.item.text}" for o in result.outcomes]
        lines += [f"新问题：{f.message}" for f in result.new_problems]
        return "\n".join(lines)

    def open_followup(self, row: int) -> bool:
        result = self.followups.get(row)
        return result is not None and not result.closed

    def roster_line(self) -> str:
        roster = self.roster
        if roster is None:
            return f"报送名单：{len(self.units)} 个单位（检查完成后核对）" if self.units else ""
        parts = [roster.summary()]
        for status in (MISSING, TWICE, WRONG_YEAR):
            names = roster.named(status)
            if names:
                parts.append(f"{status}：" + "、".join(names))
        return "；".join(parts) + "。"
