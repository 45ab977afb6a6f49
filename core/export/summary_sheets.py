"""The 合计 and 图表 sheets of the batch summary workbook, drawn with xlsxwriter from what
``core.export.summary_totals`` decided.

合计 draws each table in the official layout (``core.template.grid_layout``: the same merged
header cells, captions and row labels as the report), with the sums in the value cells; one
sheet per template version in the batch. 图表 holds the data of its two charts in cells (a
native Excel chart needs a range) and the charts beside them.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.export.content import table_caption
from core.export.summary_totals import TABLE_ZH, TABLES, Dismissals, Totals, VersionTotals, report_name, top_rules, verdict_counts
from core.model import Report
from core.template import GridLayout, grid_layout, template_for

VERSION_ZH = {"2021": "2021 年格式", "2019": "2019 年试行格式"}


def totals_sheet_name(version: str, versions: int) -> str:
    return "合计" if versions == 1 else f"合计（{version}）"


def draw_totals(wb, totals: Totals) -> None:  # type: ignore[no-untyped-def]
    title = wb.add_format({"bold": True, "font_size": 14})
    caption = wb.add_format({"bold": True, "font_size": 11})
    note = wb.add_format({"text_wrap": True, "valign": "top"})
    grid = {
        "header": wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#DDEBF7"}),
        "caption": wb.add_format({"bold": True, "border": 1, "align": "left", "valign": "vcenter", "text_wrap": True, "bg_color": "#F2F2F2"}),
        "label": wb.add_format({"border": 1, "align": "left", "valign": "vcenter", "text_wrap": True}),
        "value": wb.add_format({"border": 1, "align": "center", "valign": "vcenter"}),
        "decimal": wb.add_format({"border": 1, "align": "center", "valign": "vcenter", "num_format": "0.00"}),
    }
    versions = totals.versions or [VersionTotals("2021")]
    for vt in versions:
        ws = wb.add_worksheet(totals_sheet_name(vt.version, len(versions)))
        ws.set_column(0, 0, 28)
        ws.set_column(1, 2, 16)
        ws.set_column(3, 12, 11)
        ws.write(0, 0, f"本批年度报告各表合计（{VERSION_ZH.get(vt.version, vt.version)}）", title)
        counted = "，".join(f"{TABLE_ZH[t]} {len(vt.counted.get(t, []))} 份" for t in TABLES)
        ws.write(1, 0, f"纳入合计的报告：{counted}。读数不确定或未能读取的报告不计入，列在本表下方。", note)
        r = 3
        template = template_for(vt.version)
        for key in TABLES:
            spec = template.table(key)
            ws.write(r, 0, table_caption(spec), caption)
            r += 1
            layout = grid_layout(spec)
            _draw_grid(ws, r, layout, vt, grid, {c.key for row in spec.rows for c in row.columns if c.decimal})
            r += layout.rows + 1
        left = [lo for lo in totals.left_out if not lo.tables or _touches(lo, vt)]
        ws.write(r, 0, "未纳入合计的报告" if left else "所有报告均已纳入合计。", caption)
        r += 1
        if left:
            for j, head in enumerate(("报告", "未计入的表格", "原因")):
                ws.write(r, j, head, grid["header"])
            for lo in left:
                r += 1
                ws.write(r, 0, report_name(lo.report), grid["label"])
                ws.write(r, 1, "、".join(TABLE_ZH[t] for t in lo.tables), grid["label"])
                ws.write(r, 2, lo.reason, grid["label"])
        ws.freeze_panes(3, 0)


def _touches(lo, vt: VersionTotals) -> bool:  # type: ignore[no-untyped-def]
    """A report is listed under the version its tables were printed in; an unreadable one
    (no version known) under every version."""
    ext = lo.report.extraction
    if ext is None:
        return True
    return any((ext.table_versions.get(t, ext.template) or "2021") == vt.version for t in lo.tables)


def _draw_grid(ws, top: int, layout: GridLayout, vt: VersionTotals, fmt, decimal_cols: set[str]) -> None:  # type: ignore[no-untyped-def]
    for cell in layout.cells:
        r, c = top + cell.row, cell.col
        if cell.kind == "value":
            assert cell.row_key is not None and cell.col_key is not None
            counted = vt.counted.get(layout.table)
            value: object = vt.value(layout.table, cell.row_key, cell.col_key) if counted else ""
            style = fmt["decimal"] if cell.col_key in decimal_cols else fmt["value"]
        else:
            value, style = cell.text, fmt[cell.kind]
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_range(r, c, r + cell.rowspan - 1, c + cell.colspan - 1, value, style)
        else:
            ws.write(r, c, value, style)


def draw_charts(wb, reports: Sequence[Report], dismissals: Dismissals | None) -> None:  # type: ignore[no-untyped-def]
    ws = wb.add_worksheet("图表")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 16)
    ws.set_column(1, 3, 10)
    ws.set_column(4, 4, 60)
    ws.write_row(0, 0, ("结论", "报告份数"), head)
    verdicts = verdict_counts(reports)
    for i, (name, count) in enumerate(verdicts, 1):
        ws.write_row(i, 0, (name, count))
    # Every file accounted for, as the window and the CLI count them (core/batch/tally.py):
    # the counts above are reports; notices, cover letters and skipped files are said here.
    from core.batch.tally import tally, tally_line

    ws.write(len(verdicts) + 1, 0, tally_line(tally(reports)) + "。")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "报告份数", "categories": ["图表", 1, 0, len(verdicts), 0],
                    "values": ["图表", 1, 1, len(verdicts), 1], "data_labels": {"value": True},
                    "points": [{"fill": {"color": c}} for c in ("#FF7C80", "#FFD966", "#A9D08E", "#BFBFBF")]})
    chart.set_title({"name": "各结论的报告份数"})
    chart.set_legend({"none": True})
    ws.insert_chart(0, 6, chart, {"x_scale": 1.1, "y_scale": 1.0})

    top = len(verdicts) + 3
    ws.write_row(top, 0, ("规则", "问题数", "涉及报告", "已核实", "说明（示例）"), head)
    rules = top_rules(reports, dismissals)
    for i, rc in enumerate(rules, 1):
        ws.write_row(top + i, 0, (rc.rule, rc.findings, rc.reports, rc.dismissed))
        ws.write(top + i, 4, rc.example, wrap)
    if rules:
        bar = wb.add_chart({"type": "bar"})
        bar.add_series({"name": "问题数", "categories": ["图表", top + 1, 0, top + len(rules), 0],
                        "values": ["图表", top + 1, 1, top + len(rules), 1], "data_labels": {"value": True}})
        bar.set_title({"name": "出现最多的十条规则"})
        bar.set_x_axis({"reverse": True})  # categories run down a bar chart: the most frequent on top
        bar.set_legend({"none": True})
        ws.insert_chart(16, 6, bar, {"x_scale": 1.1, "y_scale": 1.2})
    else:
        ws.write(top + 1, 0, "本批报告未发现问题。")
