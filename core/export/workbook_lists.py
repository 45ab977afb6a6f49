"""The corrected workbook's record sheets: 检查结果 (the findings that remain after the edits,
the dismissed ones apart with the clerk's reason) and 修改记录 (every change with its reason)."""

from __future__ import annotations

import math

from xlsxwriter.workbook import Workbook

from core.export.content import WorkbookContent, cell_content, display, finding_rows
from core.export.workbook_style import LINE_PT, Formats, merged, print_setup, text_units
from core.marks import APP_SHEETS

def findings_sheet(wb: Workbook, fmt: Formats, content: WorkbookContent) -> None:
    ws = wb.add_worksheet(APP_SHEETS[0])
    heads = ("序号", "严重程度", "规则", "涉及单元格", "说明", "应为", "实为")
    widths = (6, 9, 15, 34, 70, 9, 9)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    open_findings, dismissed = content.split_findings()
    rows = finding_rows(content.extraction, open_findings)
    # A dismissed finding still counts (the report still prints those numbers); it is listed
    # apart below, with the clerk's reason.
    dismissed_rows = finding_rows(content.extraction, [f for f, _d in dismissed])
    counts = {"错误": 0, "警告": 0, "提示": 0}
    for row in rows + dismissed_rows:
        counts[row.severity] = counts.get(row.severity, 0) + 1
    if rows or dismissed_rows:
        summary = f"检查结果（按导出时的数值重新检查）：{counts['错误']} 个错误，{counts['警告']} 个警告，{counts['提示']} 条提示"
        if dismissed_rows:
            summary += f"（其中 {len(dismissed_rows)} 条已核实，无需修改）"
    else:
        summary = "检查结果（按导出时的数值重新检查）：未发现问题"
    merged(ws, 0, 0, 0, len(heads) - 1, summary, fmt.caption_row)
    ws.set_row(0, 24)
    for c, h in enumerate(heads):
        ws.write_string(1, c, h, fmt.head_row)
    ws.freeze_panes(2, 0)
    for i, row in enumerate(rows, 1):
        r = 1 + i
        ws.write_number(r, 0, i, fmt.value[""])
        ws.write_string(r, 1, row.severity, fmt.error_text if row.severity == "错误" else fmt.value[""])
        ws.write_string(r, 2, row.rule, fmt.value[""])
        ws.write_string(r, 3, row.cells, fmt.label)
        ws.write_string(r, 4, row.message, fmt.label)
        for c, n in ((5, row.expected), (6, row.actual)):
            if n is None:
                ws.write_blank(r, c, None, fmt.value[""])
            else:
                ws.write_number(r, c, n, fmt.value[""])
        lines = max(math.ceil(text_units(row.message) / (widths[4] - 2)), math.ceil(text_units(row.cells) / (widths[3] - 2)), 1)
        ws.set_row(r, lines * LINE_PT + 5)
    last = max(1, 1 + len(rows))
    if rows:
        ws.autofilter(1, 0, last, len(heads) - 1)
    if dismissed_rows:
        r = last + 2
        merged(ws, r, 0, r, len(heads) - 1, f"已核实，无需修改（{len(dismissed_rows)} 条，仍计入上方统计）",
                fmt.caption_row)
        ws.set_row(r, 24)
        for i, (row, (_f, dismissal)) in enumerate(zip(dismissed_rows, dismissed), 1):
            r += 1
            reason = dismissal.reason.strip() or "（未填写理由）"
            message = f"{row.message}\n核实说明：{reason}"
            ws.write_number(r, 0, i, fmt.value[""])
            ws.write_string(r, 1, row.severity, fmt.value[""])
            ws.write_string(r, 2, row.rule, fmt.value[""])
            ws.write_string(r, 3, row.cells, fmt.label)
            ws.write_string(r, 4, message, fmt.label)
            for c, n in ((5, row.expected), (6, row.actual)):
                if n is None:
                    ws.write_blank(r, c, None, fmt.value[""])
                else:
                    ws.write_number(r, c, n, fmt.value[""])
            lines = max(math.ceil(text_units(message) / (widths[4] - 2)) + 1, math.ceil(text_units(row.cells) / (widths[3] - 2)), 1)
            ws.set_row(r, lines * LINE_PT + 5)
        last = r
    print_setup(ws, last, len(heads), 1)


def changes_sheet(wb: Workbook, fmt: Formats, content: WorkbookContent) -> None:
    ws = wb.add_worksheet(APP_SHEETS[1])
    heads = ("序号", "表格", "行", "列", "原值", "改为", "依据")
    widths = (6, 7, 34, 16, 10, 10, 70)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ext = content.extraction
    n = len(content.changes)
    summary = f"修改记录：共修改 {n} 处" if n else "修改记录：未作修改（表中数值与原报告一致）"
    merged(ws, 0, 0, 0, len(heads) - 1, summary, fmt.caption_row)
    ws.set_row(0, 24)
    for c, h in enumerate(heads):
        ws.write_string(1, c, h, fmt.head_row)
    ws.freeze_panes(2, 0)
    for i, ch in enumerate(content.changes, 1):
        r = 1 + i
        spec = ext.spec(ch.table)
        row = spec.row(ch.row)
        col = next(c for c in row.columns if c.key == ch.col)
        ws.write_number(r, 0, i, fmt.value[""])
        ws.write_string(r, 1, spec.name, fmt.value[""])
        ws.write_string(r, 2, row.label, fmt.label)
        ws.write_string(r, 3, col.label, fmt.label)
        for c, cell in ((4, ch.original), (5, ch.corrected)):
            shown = cell_content(cell) if cell is not None else None
            if isinstance(shown, (int, float)):
                ws.write_number(r, c, shown, fmt.value[""])
            else:
                ws.write_string(r, c, display(cell), fmt.value[""])
        ws.write_string(r, 6, ch.reason, fmt.label)
        lines = max(math.ceil(text_units(ch.reason) / (widths[6] - 2)), math.ceil(text_units(row.label) / (widths[2] - 2)), 1)
        ws.set_row(r, lines * LINE_PT + 5)
    print_setup(ws, max(1, 1 + n), len(heads), 1)
