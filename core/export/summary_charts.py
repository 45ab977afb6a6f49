"""The 图表 sheet of the batch summary: reports by verdict, the problems of the reporting
units, and — charted apart — the checker's own reading problems (a scan's doubtful cells, a
row read without its numbers). Put in one chart, the tallest bars were the checker's reading
troubles, which say nothing about how the units report. Bars are labelled by what the rule
means (core/export/rule_names.py), the code kept in the data table beside it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from core.export.reading_problems import is_reading_problem
from core.export.rule_names import rule_zh
from core.export.summary_print import lines_needed, print_setup, row_height
from core.export.summary_totals import Dismissals, RuleCount, top_rules, verdict_counts
from core.model import Report

SHEET = "图表"


def draw_charts(wb, reports: Sequence[Report], dismissals: Dismissals | None) -> None:  # type: ignore[no-untyped-def]
    ws = wb.add_worksheet(SHEET)
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
    title = wb.add_format({"bold": True, "font_size": 11})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_size": 9})
    top = wb.add_format({"valign": "top"})
    ws.set_column(0, 0, 26)
    ws.set_column(1, 3, 8)
    ws.set_column(4, 4, 14)
    ws.set_column(5, 5, 40)
    ws.write_row(0, 0, ("结论", "报告份数"), head)
    verdicts = verdict_counts(reports)
    for i, (name, count) in enumerate(verdicts, 1):
        ws.write_row(i, 0, (name, count), top)
    # Every file accounted for, as the window and the CLI count them (core/batch/tally.py):
    # the counts above are reports; notices, cover letters and skipped files are said here.
    from core.batch.tally import tally, tally_line

    ws.write(len(verdicts) + 1, 0, tally_line(tally(reports)) + "。")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "报告份数", "categories": [SHEET, 1, 0, len(verdicts), 0],
                      "values": [SHEET, 1, 1, len(verdicts), 1], "data_labels": {"value": True},
                      "points": [{"fill": {"color": c}} for c in ("#FF7C80", "#FFD966", "#A9D08E", "#BFBFBF")]})
    chart.set_title({"name": "各结论的报告份数", "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    ws.insert_chart(0, 7, chart, {"x_scale": 0.9, "y_scale": 0.75})

    units = [_only(r, reading=False) for r in reports]
    reading = [_only(r, reading=True) for r in reports]
    r = len(verdicts) + 2
    unit_rules = top_rules(units, dismissals)
    r, first = _rule_table(ws, r, "报送单位的问题（出现最多的规则，不含识别问题）", unit_rules,
                           head, title, wrap, top, "本批报告未发现报送单位的问题。")
    if first is not None:
        _bar(wb, ws, first, [(rule_zh(rc.rule), rc.findings) for rc in unit_rules], "报送单位的问题", 12, 7)
    reading_rules = top_rules(reading, dismissals)
    r, first = _rule_table(ws, r + 1, "识别问题（检查程序未能确定的读数，需审核人员核对原件）", reading_rules,
                           head, title, wrap, top, "本批报告没有识别问题。")
    if first is not None:
        _bar(wb, ws, first, [(rule_zh(rc.rule), rc.findings) for rc in reading_rules], "识别问题（需核对原件）", 30, 7)
    ws.print_area(0, 0, max(r, 48), 15)  # the charts, not their data columns
    print_setup(ws, header_rows=0, tall=1)


def _only(report: Report, *, reading: bool) -> Report:
    kept = [f for f in report.findings if is_reading_problem(f) == reading]
    return dataclasses.replace(report, findings=kept)


def _rule_table(ws, r: int, heading: str, rules: list[RuleCount], head, title, wrap, top,  # type: ignore[no-untyped-def]
                empty: str) -> tuple[int, tuple[int, int] | None]:
    ws.write(r, 0, heading, title)
    r += 1
    ws.write_row(r, 0, ("问题（规则含义）", "问题数", "涉及报告", "已核实", "规则代码", "说明（示例）"), head)
    if not rules:
        ws.write(r + 1, 0, empty, top)
        return r + 2, None
    start = r + 1
    for rc in rules:
        r += 1
        ws.write_row(r, 0, (rule_zh(rc.rule), rc.findings, rc.reports, rc.dismissed, rc.rule), top)
        example = rc.example if len(rc.example) <= 120 else rc.example[:118] + "…"
        ws.write(r, 5, example, wrap)
        ws.set_row(r, row_height(min(3, lines_needed(example, 44)), 12.0))
    return r + 1, (start, r)


# The bars' data, least frequent first, out of the printed area: a bar chart draws its first
# category at the bottom, and a reversed axis is drawn mirrored by LibreOffice and WPS.
_CHART_DATA_COL = 20


def _bar(wb, ws, rows: tuple[int, int], rules: list[tuple[str, int]], name: str, at_row: int,  # type: ignore[no-untyped-def]
         at_col: int) -> None:
    first, last = rows
    col = _CHART_DATA_COL + 2 * (at_row > 12)
    for k, r in enumerate(range(last, first - 1, -1)):
        # Values, not formulas: LibreOffice does not recalculate an .xlsx on opening.
        ws.write(first + k, col, rules[r - first][0])
        ws.write(first + k, col + 1, rules[r - first][1])
    bar = wb.add_chart({"type": "bar"})
    bar.add_series({"name": "问题数", "categories": [SHEET, first, col, last, col],
                    "values": [SHEET, first, col + 1, last, col + 1], "data_labels": {"value": True}})
    bar.set_title({"name": name, "name_font": {"size": 11}})
    bar.set_legend({"none": True})
    ws.insert_chart(at_row, at_col, bar, {"x_scale": 0.9, "y_scale": 1.0})
