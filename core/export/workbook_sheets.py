"""Drawing the corrected workbook with XlsxWriter: one sheet per table in the official layout,
then 检查结果, 修改记录 and 原文.

XlsxWriter rather than openpyxl because it stores a formula together with its computed
value (``write_formula(..., value=...)``): Excel and WPS keep the totals live, and programs
that do not recalculate (pandas, our own reader, file previews) still see the numbers.

Sheet order matters to a re-check of the workbook: the title row comes first (agency and
year), the prose comes last (so section 六 ends where the report ends and the signature is
the last thing read), and the table sheets carry no section numerals of their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import IO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.export.content import (
    Change,
    TotalPlan,
    WorkbookContent,
    cell_content,
    display,
    finding_rows,
    TableMark,
    table_caption,
)
from core.model import CellValue, Extraction, Number
from core.template import GridCell, GridLayout, TableSpec, grid_layout

from core.marks import APP_SHEETS, EXPORT_MARK, PROSE_SHEET

FONT = "宋体"
GREEN = "#C6EFCE"  # a cell the user corrected
RED = "#FFC7CE"  # a total that disagrees with its parts, a cell a remaining error points at
YELLOW = "#FFEB9C"  # a cell the source lost, or one inferred from the sums
HEADER_BG = "#F2F2F2"

GRID_TOP = 2  # title row, caption row, then the official grid
LINE_PT = 15.0  # height of one text line at 11 pt


@dataclass
class _Formats:
    title: Format
    caption_row: Format
    header: Format
    caption: Format
    label: Format
    group: Format
    value: dict[str, Format]  # by fill: "", "green", "red", "yellow"
    note: Format
    text: Format
    heading: Format
    head_row: Format
    error_text: Format


def _formats(wb: Workbook) -> _Formats:
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    grid = {**base, "border": 1, "text_wrap": True}

    def f(*parts: dict[str, object], **kw: object) -> Format:
        props: dict[str, object] = {}
        for part in parts:
            props.update(part)
        props.update(kw)
        return wb.add_format(props)

    value = {"": f(grid, align="center")}
    for name, color in (("green", GREEN), ("red", RED), ("yellow", YELLOW)):
        value[name] = f(grid, align="center", bg_color=color)
    return _Formats(
        title=f(base, bold=True, font_size=16, align="center"),
        caption_row=f(base, bold=True, font_size=12, align="center"),
        header=f(grid, bold=True, align="center", bg_color=HEADER_BG),
        caption=f(grid, bold=True, align="left", bg_color=HEADER_BG),
        label=f(grid, align="left"),
        group=f(grid, align="center"),
        value=value,
        note=f(base, font_size=9, text_wrap=True, align="left", valign="top"),
        text=f(base, text_wrap=True, align="left", valign="top"),
        heading=f(base, bold=True, text_wrap=True, align="left", valign="top"),
        head_row=f(grid, bold=True, align="center", bg_color=HEADER_BG),
        error_text=f(grid, align="center", font_color="#9C0006"),
    )


def _units(text: str) -> float:
    """Width of text in Excel column units: a CJK character takes about two."""
    return sum(2.0 if ord(ch) >= 0x2E80 else 1.1 for ch in text)


def write_workbook(content: WorkbookContent, path: str | IO[bytes]) -> None:
    # in_memory: no part files in the system temp folder (a killed export left dozens).
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
                                    "in_memory": True})
    try:
        wb.set_properties({"title": content.title, "subject": "政府信息公开工作年度报告（校正后）", "author": "年报校验",
                           "comments": "由年报校验导出"})
        wb.set_custom_property(*EXPORT_MARK)
        fmt = _formats(wb)
        positions = {key: _table_sheet(wb, fmt, content, key) for key in ("t2", "t3", "t4")}
        _findings_sheet(wb, fmt, content)
        _changes_sheet(wb, fmt, content)
        _prose_sheet(wb, fmt, content, positions)
    finally:
        wb.close()


# ----------------------------------------------------------------------------- grids

Position = tuple[int, int]  # sheet row, sheet column


@dataclass
class _Place:
    """Where a grid is drawn: the sheet row of its first row, and for each grid column the
    first sheet column and how many sheet columns it takes (the 原文 sheet draws every table
    on one shared set of narrow columns)."""

    top: int
    cols: list[tuple[int, int]]
    widths: list[float]  # width of each grid column in Excel units

    def at(self, row: int, col: int) -> Position:
        return self.top + row, self.cols[col][0]

    def last_col(self, col: int, colspan: int) -> int:
        first, n = self.cols[col + colspan - 1]
        return first + n - 1


def _draw_grid(ws: Worksheet, fmt: _Formats, content: WorkbookContent, key: str, place: _Place,
               links: dict[tuple[str, str], Position] | None = None, link_sheet: str = "") -> dict[tuple[str, str], Position]:
    """Draw the official grid of one table; returns where each value cell went. With
    ``links`` the values are formulas pointing at the table's own sheet (the 原文 copy)."""
    spec = content.extraction.spec(key)
    layout = grid_layout(spec)
    positions: dict[tuple[str, str], Position] = {}
    for cell in layout.value_cells():
        assert cell.row_key is not None and cell.col_key is not None
        positions[(cell.row_key, cell.col_key)] = place.at(cell.row, cell.col)
    changes = {(ch.table, ch.row, ch.col): ch for ch in content.changes}
    flagged = _flagged_cells(content)
    for cell in layout.cells:
        r, c = place.at(cell.row, cell.col)
        r2, c2 = r + cell.rowspan - 1, place.last_col(cell.col, cell.colspan)
        if cell.kind == "value":
            _value_cell(ws, fmt, content, spec, key, cell, (r, c, r2, c2), positions, changes, flagged, links, link_sheet)
            continue
        style = {"header": fmt.header, "caption": fmt.caption}.get(cell.kind) or (fmt.group if cell.rowspan > 1 else fmt.label)
        _merged(ws, r, c, r2, c2, cell.text, style)
    _row_heights(ws, layout, place)
    return positions


def _table_sheet(wb: Workbook, fmt: _Formats, content: WorkbookContent, key: str) -> dict[tuple[str, str], Position]:
    ext = content.extraction
    spec = ext.spec(key)
    ws = wb.add_worksheet(spec.name)
    layout = grid_layout(spec)
    ncols = layout.cols
    widths = _column_widths(layout, key)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    _merged(ws, 0, 0, 0, ncols - 1, content.title, fmt.title)
    ws.set_row(0, 30)
    _merged(ws, 1, 0, 1, ncols - 1, table_caption(spec), fmt.caption_row)
    ws.set_row(1, 22)
    if key not in ext.tables:
        missing = ("原报告中未读到此表（可能是图片，或在转存中丢失），无法导出数值；"
                   "请对照原件核实后在程序中补填，或直接按统一格式填写。")
        _merged(ws, GRID_TOP, 0, GRID_TOP, ncols - 1, missing, fmt.note)
        ws.set_row(GRID_TOP, 40)
        _print_setup(ws, GRID_TOP, ncols, None)
        return {}
    place = _Place(GRID_TOP, [(c, 1) for c in range(ncols)], widths)
    positions = _draw_grid(ws, fmt, content, key, place)
    note_row = GRID_TOP + layout.rows
    # The note also ends the table for a reader: a long line of text after the last row.
    _merged(ws, note_row, 0, note_row, ncols - 1, _note(key), fmt.note)
    ws.set_row(note_row, 30 if key != "t2" else 42)
    header_end = GRID_TOP + layout.header_rows - 1 if layout.header_rows else None
    if header_end is not None:
        ws.freeze_panes(header_end + 1, 0)
    _print_setup(ws, note_row, ncols, header_end)
    return positions


def _note(key: str) -> str:
    colours = ("绿色为已修改的单元格（批注中有原值和修改依据），红色为与分项之和不符而保留原值的总计或检查结果指出的单元格，"
               "黄色为原文未能读出、扫描识别尚未核对或按合计关系推定的单元格（批注中有说明）。")
    if key == "t2":
        return "说明：" + colours
    return "说明：总计为公式，随各项数值自动求和（与分项不符的总计保留原值，不设公式）；" + colours


def _merged(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, text: str, style: Format) -> None:
    if r1 == r2 and c1 == c2:
        ws.write_string(r1, c1, text, style)
    else:
        ws.merge_range(r1, c1, r2, c2, "", style)
        ws.write_string(r1, c1, text, style)


def _flagged_cells(content: WorkbookContent) -> dict[tuple[str, str, str], str]:
    """Cells a remaining error or warning singles out (its culprit): the finding's words."""
    out: dict[tuple[str, str, str], str] = {}
    for f in content.findings:
        if f.severity == "info":
            continue
        # A grouped finding (a 总计 column left blank in many rows) flags each cell it fills.
        refs = [ref for ref, _value in f.cell_fixes()] or ([f.culprit] if f.culprit is not None else [])
        for table, row, col in refs:
            if row is None or col is None:
                continue
            text = f"{f.rule}：{f.message}"
            key = (table, row, col)
            out[key] = out[key] + "\n" + text if key in out else text
    return out


def _value_cell(ws: Worksheet, fmt: _Formats, content: WorkbookContent, spec: TableSpec, key: str, cell: GridCell,
                box: tuple[int, int, int, int], positions: dict[tuple[str, str], Position],
                changes: dict[tuple[str, str, str], Change], flagged: dict[tuple[str, str, str], str],
                links: dict[tuple[str, str], Position] | None, link_sheet: str) -> None:
    ext = content.extraction
    assert cell.row_key is not None and cell.col_key is not None
    ref = (key, cell.row_key, cell.col_key)
    value = _value_of(ext, spec, key, cell.row_key, cell.col_key)
    notes: list[str] = []
    fill = ""
    change = changes.get(ref)
    if change is not None:
        fill = "green"
        notes.append(f"原值：{display(change.original)}\n改为：{display(change.corrected)}\n依据：{change.reason}")
    if value is None or value.state == "missing":
        fill = "yellow"
        notes.append("原文中未能读出此格；请对照原件填写。")
    elif value.state == "inferred":
        fill = fill or "yellow"
        notes.append(f"原文缺失此格，按表内合计关系推定为 {display(value)}；请对照原件核实。")
    elif value.state == "uncertain":
        # Read from a scan and not yet confirmed by a person: the likeliest reading is
        # written (so the sums read), yellow as the legend says, with what else it may be.
        fill = fill or "yellow"
        seen = "、".join(_num(v) if v is not None else "空白" for v in value.candidates) or "无法辨认"
        notes.append(f"扫描件识别不确定，尚未人工核对：识别为 {_num(value.value)}（可能是 {seen}）；请对照原件确认。")
    plan = content.totals.get(ref)
    if plan is not None and not plan.holds and plan.failing_rule is not None and value is not None:
        fill = "red"
        notes.append(f"此总计为 {display(value)}，与各分项之和 {_num(plan.parts_sum)} 不一致（{plan.failing_rule}）；"
                     "为不掩盖差异，保留该数值，未设公式。")
    if ref in flagged:
        fill = "red"
        notes.append(flagged[ref])
    style = fmt.value[fill]
    r, c, r2, c2 = box
    if (r, c) != (r2, c2):
        ws.merge_range(r, c, r2, c2, "", style)
    shown = cell_content(value) if value is not None else None
    if shown is None and value is not None and value.state == "uncertain":
        shown = value.value
    if links is not None:
        # The 原文 copy follows the table sheet, so an edit there shows here too.
        target = links.get((cell.row_key, cell.col_key))
        if target is None or shown is None:
            ws.write_blank(r, c, None, style)
        else:
            ws.write_formula(r, c, f"='{link_sheet}'!{xl_rowcol_to_cell(*target)}", style, shown)
        return
    if plan is not None and plan.holds and isinstance(shown, (int, float)):
        ws.write_formula(r, c, _formula(plan, positions), style, shown)
    elif isinstance(shown, (int, float)):
        ws.write_number(r, c, shown, style)
    elif isinstance(shown, str):
        ws.write_string(r, c, shown, style)
    else:
        ws.write_blank(r, c, None, style)
    if notes:
        ws.write_comment(r, c, "\n\n".join(notes), {"author": "年报校验", "x_scale": 2.4, "y_scale": 2.0, "font_name": FONT})


def _num(n: Number | None) -> str:
    if n is None:
        return "（无法计算）"
    return f"{n:g}" if isinstance(n, float) else str(n)


def _value_of(ext: Extraction, spec: TableSpec, key: str, row: str, col: str) -> CellValue | None:
    table = ext.tables[key]
    cells = table.rows.get(row)
    if cells is None:
        return None
    index = [c.key for c in spec.row(row).columns].index(col)
    return cells[index] if index < len(cells) else None


def _formula(plan: TotalPlan, positions: dict[tuple[str, str], Position]) -> str:
    """=SUM over the parts: one range when they are contiguous in the grid (always, for
    the official layout), else a list."""
    cells = [positions[(row, col)] for _, row, col in plan.parts]
    rows = {r for r, _ in cells}
    cols = {c for _, c in cells}
    if len(rows) == 1 and max(cols) - min(cols) + 1 == len(cells):
        r = next(iter(rows))
        return f"=SUM({xl_rowcol_to_cell(r, min(cols))}:{xl_rowcol_to_cell(r, max(cols))})"
    if len(cols) == 1 and max(rows) - min(rows) + 1 == len(cells):
        c = next(iter(cols))
        return f"=SUM({xl_rowcol_to_cell(min(rows), c)}:{xl_rowcol_to_cell(max(rows), c)})"
    return "=SUM(" + ",".join(xl_rowcol_to_cell(r, c) for r, c in cells) + ")"


def _column_widths(layout: GridLayout, key: str) -> list[float]:
    """Widths that fit the Chinese labels: row labels on one or two lines, header words
    wrapped like the official table (结果/维持), numbers comfortably."""
    value_min = {"t2": 16.0, "t3": 9.0, "t4": 7.0}[key]
    widths = [0.0] * layout.cols
    for cell in layout.cells:
        if cell.colspan != 1:
            continue
        if cell.kind == "value":
            need = value_min
        elif cell.kind == "label" and cell.rowspan > 3:
            need = 6.0  # tall group cells ("三、本年度办理结果") read top to bottom
        elif cell.kind == "label":
            need = min(_units(cell.text) + 2, 40.0)
        else:
            need = min(_units(cell.text) + 2, value_min + 2 if key != "t2" else 30.0)
        widths[cell.col] = max(widths[cell.col], need)
    for i, w in enumerate(widths):
        widths[i] = max(w, 6.0 if key != "t4" else value_min)
    # A spanning label must fit its span on at most two lines.
    for cell in layout.cells:
        if cell.colspan > 1 and cell.kind in ("label", "caption"):
            span = sum(widths[cell.col: cell.col + cell.colspan])
            need = min(_units(cell.text) + 2, 40.0 + 12.0)
            if span < need:
                extra = (need - span)
                widths[cell.col + cell.colspan - 1] += extra
    return widths


def _row_heights(ws: Worksheet, layout: GridLayout, place: _Place) -> None:
    """Merged cells never grow their rows by themselves: give each row the lines its
    longest wrapped text needs."""
    heights = [1.0] * layout.rows
    tall: list[GridCell] = []
    for cell in layout.cells:
        if cell.rowspan > 1:
            tall.append(cell)
            continue
        heights[cell.row] = max(heights[cell.row], _lines(cell, place.widths))
    for cell in tall:
        need = _lines(cell, place.widths)
        have = sum(heights[cell.row: cell.row + cell.rowspan])
        if need > have:
            extra = (need - have) / cell.rowspan
            for r in range(cell.row, cell.row + cell.rowspan):
                heights[r] += extra
    for r, lines in enumerate(heights):
        ws.set_row(place.top + r, max(20.0, lines * LINE_PT + 5))


def _lines(cell: GridCell, widths: list[float]) -> float:
    if not cell.text:
        return 1.0
    span = sum(widths[cell.col: cell.col + cell.colspan]) - 1.5
    return float(max(1, math.ceil(_units(cell.text) / max(span, 2.0))))


def _print_setup(ws: Worksheet, last_row: int, ncols: int, header_end: int | None) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.print_area(0, 0, last_row, ncols - 1)
    if header_end is not None:
        ws.repeat_rows(GRID_TOP, header_end)
    ws.set_footer("&C第 &P 页，共 &N 页")


# ----------------------------------------------------------------------------- other sheets

def _findings_sheet(wb: Workbook, fmt: _Formats, content: WorkbookContent) -> None:
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
    _merged(ws, 0, 0, 0, len(heads) - 1, summary, fmt.caption_row)
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
        lines = max(math.ceil(_units(row.message) / (widths[4] - 2)), math.ceil(_units(row.cells) / (widths[3] - 2)), 1)
        ws.set_row(r, lines * LINE_PT + 5)
    last = max(1, 1 + len(rows))
    if rows:
        ws.autofilter(1, 0, last, len(heads) - 1)
    if dismissed_rows:
        r = last + 2
        _merged(ws, r, 0, r, len(heads) - 1, f"已核实，无需修改（{len(dismissed_rows)} 条，仍计入上方统计）",
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
            lines = max(math.ceil(_units(message) / (widths[4] - 2)) + 1, math.ceil(_units(row.cells) / (widths[3] - 2)), 1)
            ws.set_row(r, lines * LINE_PT + 5)
        last = r
    _print_setup(ws, last, len(heads), 1)


def _changes_sheet(wb: Workbook, fmt: _Formats, content: WorkbookContent) -> None:
    ws = wb.add_worksheet(APP_SHEETS[1])
    heads = ("序号", "表格", "行", "列", "原值", "改为", "依据")
    widths = (6, 7, 34, 16, 10, 10, 70)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ext = content.extraction
    n = len(content.changes)
    summary = f"修改记录：共修改 {n} 处" if n else "修改记录：未作修改（表中数值与原报告一致）"
    _merged(ws, 0, 0, 0, len(heads) - 1, summary, fmt.caption_row)
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
        lines = max(math.ceil(_units(ch.reason) / (widths[6] - 2)), math.ceil(_units(row.label) / (widths[2] - 2)), 1)
        ws.set_row(r, lines * LINE_PT + 5)
    _print_setup(ws, max(1, 1 + n), len(heads), 1)


# The 原文 sheet: prose in one wide merged column, tables drawn on narrow shared columns.
PROSE_COLS = 16
PROSE_COL_WIDTH = 7.0
_INLINE_SPANS = {"t2": [4, 4, 4, 4], "t3": [1, 1, 7] + [1] * 7, "t4": [1] * 15}


def _prose_sheet(wb: Workbook, fmt: _Formats, content: WorkbookContent,
                 positions: dict[str, dict[tuple[str, str], Position]]) -> None:
    ws = wb.add_worksheet(PROSE_SHEET)
    ws.set_column(0, PROSE_COLS - 1, PROSE_COL_WIDTH)
    width = PROSE_COLS * PROSE_COL_WIDTH
    last = PROSE_COLS - 1
    _merged(ws, 0, 0, 0, last, "以下为原报告全文。文中表格取自本工作簿的表二、表三、表四工作表，数值请在那三张表中修改。", fmt.note)
    r = 1
    for item in content.prose:
        if isinstance(item, TableMark):
            if not positions.get(item.table):
                continue
            r = _inline_table(ws, fmt, content, item.table, r, positions[item.table]) + 1
            continue
        if isinstance(item, tuple):
            for c, text in enumerate(item[: PROSE_COLS - 1]):
                if text:
                    ws.write_string(r, c, text, fmt.text)
            rest = "\t".join(t for t in item[PROSE_COLS - 1:] if t)
            if rest:
                ws.write_string(r, PROSE_COLS - 1, rest, fmt.text)
            r += 1
            continue
        heading = len(item) <= 40 and item[:1] in "一二三四五六" and item[1:2] in ("、", ".", "．")
        _merged(ws, r, 0, r, last, item, fmt.heading if heading else fmt.text)
        lines = sum(max(1, math.ceil(_units(part) / (width - 2))) for part in item.split("\n"))
        ws.set_row(r, lines * LINE_PT + 4)
        r += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.print_area(0, 0, max(r - 1, 0), last)
    ws.set_footer("&C第 &P 页，共 &N 页")


def _inline_table(ws: Worksheet, fmt: _Formats, content: WorkbookContent, key: str, top: int,
                  links: dict[tuple[str, str], Position]) -> int:
    """Draw table ``key`` at row ``top`` of the 原文 sheet; returns the next free row."""
    spans = _INLINE_SPANS[key]
    cols: list[tuple[int, int]] = []
    c = 0
    for n in spans:
        cols.append((c, n))
        c += n
    place = _Place(top, cols, [n * PROSE_COL_WIDTH for n in spans])
    spec = content.extraction.spec(key)
    _draw_grid(ws, fmt, content, key, place, links, spec.name)
    return top + grid_layout(spec).rows
