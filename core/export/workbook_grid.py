"""The table sheets of the corrected workbook: tables 二/三/四 in the official grid, totals
as live formulas, corrected, doubtful and flagged cells filled and commented."""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.export.content import Change, TotalPlan, WorkbookContent, cell_content, display, table_caption
from core.export.workbook_style import FONT, GRID_TOP, LINE_PT, Formats, merged, print_setup, text_units
from core.model import CellValue, Extraction, Number
from core.template import GridCell, GridLayout, TableSpec, grid_layout

Position = tuple[int, int]  # sheet row, sheet column


@dataclass
class Place:
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


def draw_grid(ws: Worksheet, fmt: Formats, content: WorkbookContent, key: str, place: Place,
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
        merged(ws, r, c, r2, c2, cell.text, style)
    _row_heights(ws, layout, place)
    return positions


def table_sheet(wb: Workbook, fmt: Formats, content: WorkbookContent, key: str) -> dict[tuple[str, str], Position]:
    ext = content.extraction
    spec = ext.spec(key)
    ws = wb.add_worksheet(spec.name)
    layout = grid_layout(spec)
    ncols = layout.cols
    widths = _column_widths(layout, key)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    merged(ws, 0, 0, 0, ncols - 1, content.title, fmt.title)
    ws.set_row(0, 30)
    merged(ws, 1, 0, 1, ncols - 1, table_caption(spec), fmt.caption_row)
    ws.set_row(1, 22)
    if key not in ext.tables:
        missing = ("原报告中未读到此表（可能是图片，或在转存中丢失），无法导出数值；"
                   "请对照原件核实后在程序中补填，或直接按统一格式填写。")
        merged(ws, GRID_TOP, 0, GRID_TOP, ncols - 1, missing, fmt.note)
        ws.set_row(GRID_TOP, 40)
        print_setup(ws, GRID_TOP, ncols, None)
        return {}
    place = Place(GRID_TOP, [(c, 1) for c in range(ncols)], widths)
    positions = draw_grid(ws, fmt, content, key, place)
    note_row = GRID_TOP + layout.rows
    # The note also ends the table for a reader: a long line of text after the last row.
    merged(ws, note_row, 0, note_row, ncols - 1, _note(key), fmt.note)
    ws.set_row(note_row, 30 if key != "t2" else 42)
    header_end = GRID_TOP + layout.header_rows - 1 if layout.header_rows else None
    if header_end is not None:
        ws.freeze_panes(header_end + 1, 0)
    print_setup(ws, note_row, ncols, header_end)
    return positions


def _note(key: str) -> str:
    colours = ("绿色为已修改的单元格（批注中有原值和修改依据），红色为与分项之和不符而保留原值的总计或检查结果指出的单元格，"
               "黄色为原文未能读出、扫描识别尚未核对或按合计关系推定的单元格（批注中有说明）。")
    if key == "t2":
        return "说明：" + colours
    return "说明：总计为公式，随各项数值自动求和（与分项不符的总计保留原值，不设公式）；" + colours


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


def _value_cell(ws: Worksheet, fmt: Formats, content: WorkbookContent, spec: TableSpec, key: str, cell: GridCell,
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
            need = min(text_units(cell.text) + 2, 40.0)
        else:
            need = min(text_units(cell.text) + 2, value_min + 2 if key != "t2" else 30.0)
        widths[cell.col] = max(widths[cell.col], need)
    for i, w in enumerate(widths):
        widths[i] = max(w, 6.0 if key != "t4" else value_min)
    # A spanning label must fit its span on at most two lines.
    for cell in layout.cells:
        if cell.colspan > 1 and cell.kind in ("label", "caption"):
            span = sum(widths[cell.col: cell.col + cell.colspan])
            need = min(text_units(cell.text) + 2, 40.0 + 12.0)
            if span < need:
                extra = (need - span)
                widths[cell.col + cell.colspan - 1] += extra
    return widths


def _row_heights(ws: Worksheet, layout: GridLayout, place: Place) -> None:
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
    return float(max(1, math.ceil(text_units(cell.text) / max(span, 2.0))))
