"""The summary's sheets of the supervisor's desk (issue 27): 报送台账 (which units reported,
which did not, who sent two, whose year is wrong) and 整改情况 (each item of last round's
letter 已整改 / 未整改, and the new problems), printed like the other sheets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from core.export.followup import FIXED, NOT_FIXED, UNKNOWN, FollowUp
from core.batch.roster import MISSING, OUTSIDE, RosterResult
from core.export.summary_print import lines_needed, print_setup, row_height
from core.model import SEVERITY_ZH, Report


def draw_roster(wb, roster: RosterResult, reports: Sequence[Report | None], formats: Mapping[str, object]) -> None:  # type: ignore[no-untyped-def]
    ws = wb.add_worksheet("报送台账")
    head, top, wrap = formats["header"], formats["top"], formats["wrap"]
    ws.write(0, 0, f"报送台账：{roster.summary()}", formats["title"])
    columns = (("序号", 6), ("单位", 30), ("报送情况", 12), ("报告文件", 40), ("说明", 40))
    for j, (title, width) in enumerate(columns):
        ws.write(1, j, title, head)
        ws.set_column(j, j, width)
    r = 1
    # The ones to chase first: not reported, then the doubtful, then the rest.
    order = {MISSING: 0, "重复报送": 1, "年度不符": 2}
    for n, unit in enumerate(sorted(roster.units, key=lambda u: order.get(u.status, 3)), 1):
        r += 1
        files = "\n".join(Path(found.file).name for i in unit.reports
                           if i < len(reports) and (found := reports[i]) is not None)
        values = (n, unit.unit, unit.status, files, unit.note)
        for j, value in enumerate(values):
            ws.write(r, j, value, formats["missing"] if unit.status == MISSING and j == 2 else (wrap if j >= 3 else top))
        ws.set_row(r, row_height(max(lines_needed(files, 40), lines_needed(unit.note, 40))))
    for i in roster.outside:
        report = reports[i] if i < len(reports) else None
        if report is None:
            continue
        r += 1
        ws.write_row(r, 0, ("", "", OUTSIDE, Path(report.file).name, "名单中没有与报告所署机关相符的单位"), top)
    ws.freeze_panes(2, 0)
    print_setup(ws, header_rows=2)


def draw_followups(wb, followups: Mapping[int, FollowUp], formats: Mapping[str, object]) -> None:  # type: ignore[no-untyped-def]
    ws = wb.add_worksheet("整改情况")
    head, top, wrap = formats["header"], formats["top"], formats["wrap"]
    fixed = sum(f.count(FIXED) for f in followups.values())
    open_ = sum(f.count(NOT_FIXED) for f in followups.values())
    unknown = sum(f.count(UNKNOWN) for f in followups.values())
    new = sum(len(f.new_problems) for f in followups.values())
    ws.write(0, 0, f"整改情况：{len(followups)} 份报告对照上一轮审核意见，已整改 {fixed} 项，未整改 {open_} 项"
                   + (f"，无法核对 {unknown} 项" if unknown else "") + f"，新问题 {new} 个", formats["title"])
    columns = (("单位", 24), ("年度", 7), ("审核意见文号", 20), ("条目", 6), ("整改情况", 10), ("问题", 80))
    for j, (title, width) in enumerate(columns):
        ws.write(1, j, title, head)
        ws.set_column(j, j, width)
    r = 1
    for result in followups.values():
        letter = result.letter
        rows = [(str(o.item.n), o.status, o.item.text) for o in result.outcomes]
        rows += [("新", "新问题", f"【{SEVERITY_ZH[f.severity]}】{f.message}") for f in result.new_problems]
        for n, status, text in rows:
            r += 1
            style = formats["missing"] if status in (NOT_FIXED, "新问题") else top
            ws.write_row(r, 0, (letter.agency, letter.year or "", letter.number or letter.title, n), top)
            ws.write(r, 4, status, style)
            ws.write(r, 5, text, wrap)
            ws.set_row(r, row_height(lines_needed(text, 80)))
    ws.autofilter(1, 0, max(r, 2), len(columns) - 1)
    ws.freeze_panes(2, 0)
    print_setup(ws, header_rows=2)
