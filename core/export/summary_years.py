"""The 合计 sheets, one per report year (and per template version within a year): the sums of
2023's reports and 2024's reports are different statements, and adding them into one total
— what the summary did — says nothing anyone asked. Reports whose year could not be read are
summed nowhere and listed, with the reason, on the first sheet.

The sums themselves are ``core.export.summary_totals.batch_totals`` over each year's reports;
each table is drawn in the official layout (``core.template.grid_layout``: the same merged
header cells, captions and row labels as the report) with the sums in the value cells, row
heights set for the wrapped labels (they overlapped when printed), each table on a new page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.export.content import table_caption
from core.export.summary_print import lines_needed, print_setup, row_height
from core.export.summary_totals import TABLE_ZH, TABLES, LeftOut, Totals, VersionTotals, batch_totals, report_name
from core.model import Report
from core.template import GridLayout, grid_layout, template_for

VERSION_ZH = {"2021": "2021 年格式", "2019": "2019 年试行格式"}
_WIDTHS = {"t2": (30, 14, 14, 14, 14), "t3": (9, 12, 24), "t4": ()}  # label columns, in characters
_VALUE_WIDTH = 9


@dataclass
class YearTotals:
    year: int
    totals: Totals


def totals_by_year(reports: Sequence[Report]) -> tuple[list[YearTotals], list[LeftOut]]:
    """Each year's totals (the latest year first), and the reports whose year is unknown."""
    groups: dict[int, list[Report]] = {}
    unknown: list[LeftOut] = []
    for report in reports:
        if not report.is_report:
            continue  # a notice or a cover letter has no place in the 合计, not even as left out
        year = report.extraction.meta.year if report.extraction else None
        if year is None:
            why = (f"无法读取：{report.error or '文件无法打开'}" if report.status == "unreadable" or report.extraction is None
                   else "未能识别报告年度，不计入任何年度的合计")
            unknown.append(LeftOut(report, TABLES, why))
            continue
        groups.setdefault(year, []).append(report)
    return [YearTotals(year, batch_totals(groups[year])) for year in sorted(groups, reverse=True)], unknown


def sheet_name(year: int, version: str, versions: int) -> str:
    return f"合计（{year}）" if versions == 1 else f"合计（{year}，{version}格式）"


def draw_year_totals(wb, reports: Sequence[Report]) -> list[str]:  # type: ignore[no-untyped-def]
    """Draw the 合计 sheets; returns their names."""
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
    years, unknown = totals_by_year(reports)
    names: list[str] = []
    if not years:
        years = [YearTotals(0, Totals([VersionTotals("2021")], []))]
    first = True
    for yt in years:
        versions = yt.totals.versions or [VersionTotals("2021")]
        for vt in versions:
            name = sheet_name(yt.year, vt.version, len(versions)) if yt.year else "合计"
            names.append(name)
            ws = wb.add_worksheet(name)
            year_text = f"{yt.year} 年度" if yt.year else "本批"
            ws.merge_range(0, 0, 0, 9, f"{year_text}报告各表合计（{VERSION_ZH.get(vt.version, vt.version)}）", title)
            counted = "，".join(f"{TABLE_ZH[t]} {len(vt.counted.get(t, []))} 份" for t in TABLES)
            text = (f"纳入合计的 {year_text}报告：{counted}。只合计同一年度、同一格式的报告；其他年度见各自的工作表。"
                    "读数不确定或未能读取的报告不计入，列在本表下方。")
            ws.merge_range(1, 0, 1, 12, text, note)
            ws.set_row(1, 32)
            r = 3
            template = template_for(vt.version)
            breaks: list[int] = []
            widths = _set_widths(ws)
            for key in TABLES:
                spec = template.table(key)
                if key != "t2":
                    breaks.append(r)
                ws.write(r, 0, table_caption(spec), caption)
                r += 1
                layout = grid_layout(spec)
                _draw_grid(ws, r, layout, vt, grid, {c.key for row in spec.rows for c in row.columns if c.decimal})
                _fit_rows(ws, r, layout, widths)
                r += layout.rows + 1
            # Each report left out is listed once, on its year's sheet of the format it was
            # printed in (the year's first sheet when the year has no sheet of that format).
            left = [lo for lo in yt.totals.left_out if _sheet_of(lo, versions) is vt]
            if first:
                left += unknown
            r = _draw_left_out(ws, r, left, caption, grid)
            ws.set_h_pagebreaks(breaks)
            ws.freeze_panes(3, 0)
            print_setup(ws, header_rows=0)
            first = False
    return names


def _set_widths(ws) -> list[float]:  # type: ignore[no-untyped-def]
    """One set of column widths for the three tables on the sheet: the widest label each
    column carries, the numbers narrow."""
    widths = [float(_VALUE_WIDTH)] * 16
    for key in TABLES:
        for col, width in enumerate(_WIDTHS[key]):
            widths[col] = max(widths[col], width)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    return widths


def _fit_rows(ws, top: int, layout: GridLayout, widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    """Row heights from the longest label or header of each row (a label spanning rows is
    given the room its rows already have)."""
    need = [1] * layout.rows
    for cell in layout.cells:
        if cell.kind == "value" or not cell.text or cell.rowspan > 1:
            continue
        width = sum(widths[c] for c in range(cell.col, min(cell.col + cell.colspan, len(widths))))
        need[cell.row] = max(need[cell.row], lines_needed(cell.text, width))
    for row, lines in enumerate(need):
        ws.set_row(top + row, row_height(lines))


def _draw_left_out(ws, r: int, left: list[LeftOut], caption, grid) -> int:  # type: ignore[no-untyped-def]
    ws.write(r, 0, "未纳入合计的报告" if left else "所有报告均已纳入合计。", caption)
    r += 1
    if not left:
        return r
    ws.write(r, 0, "报告", grid["header"])
    ws.merge_range(r, 1, r, 2, "未计入的表格", grid["header"])
    ws.merge_range(r, 3, r, 12, "原因", grid["header"])
    for lo in left:
        r += 1
        name = report_name(lo.report)
        ws.write(r, 0, name, grid["label"])
        ws.merge_range(r, 1, r, 2, "、".join(TABLE_ZH[t] for t in lo.tables), grid["label"])
        ws.merge_range(r, 3, r, 12, lo.reason, grid["label"])
        ws.set_row(r, row_height(max(lines_needed(name, 30), lines_needed(lo.reason, 9 * 10 + 24))))
    return r + 1


def _sheet_of(lo: LeftOut, versions: list[VersionTotals]) -> VersionTotals:
    ext = lo.report.extraction
    if ext is not None:
        printed = {(ext.table_versions.get(t, ext.template) or "2021") for t in lo.tables}
        for vt in versions:
            if vt.version in printed:
                return vt
    return versions[0]


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
