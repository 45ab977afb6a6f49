"""The 原文 sheet: the report's full text in reading order, each table drawn where it was
printed, its values formulas pointing at the table's own sheet."""

from __future__ import annotations

import math

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.export.content import WorkbookContent
from core.export.prose import TableMark
from core.export.workbook_grid import Place, Position, draw_grid
from core.export.workbook_style import LINE_PT, Formats, merged, text_units
from core.marks import PROSE_SHEET
from core.template import grid_layout

# The 原文 sheet: prose in one wide merged column, tables drawn on narrow shared columns.
PROSE_COLS = 16
PROSE_COL_WIDTH = 7.0
_INLINE_SPANS = {"t2": [4, 4, 4, 4], "t3": [1, 1, 7] + [1] * 7, "t4": [1] * 15}


def prose_sheet(wb: Workbook, fmt: Formats, content: WorkbookContent,
                 positions: dict[str, dict[tuple[str, str], Position]]) -> None:
    ws = wb.add_worksheet(PROSE_SHEET)
    ws.set_column(0, PROSE_COLS - 1, PROSE_COL_WIDTH)
    width = PROSE_COLS * PROSE_COL_WIDTH
    last = PROSE_COLS - 1
    merged(ws, 0, 0, 0, last, "以下为原报告全文。文中表格取自本工作簿的表二、表三、表四工作表，数值请在那三张表中修改。", fmt.note)
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
        merged(ws, r, 0, r, last, item, fmt.heading if heading else fmt.text)
        lines = sum(max(1, math.ceil(text_units(part) / (width - 2))) for part in item.split("\n"))
        ws.set_row(r, lines * LINE_PT + 4)
        r += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.print_area(0, 0, max(r - 1, 0), last)
    ws.set_footer("&C第 &P 页，共 &N 页")


def _inline_table(ws: Worksheet, fmt: Formats, content: WorkbookContent, key: str, top: int,
                  links: dict[tuple[str, str], Position]) -> int:
    """Draw table ``key`` at row ``top`` of the 原文 sheet; returns the next free row."""
    spans = _INLINE_SPANS[key]
    cols: list[tuple[int, int]] = []
    c = 0
    for n in spans:
        cols.append((c, n))
        c += n
    place = Place(top, cols, [n * PROSE_COL_WIDTH for n in spans])
    spec = content.extraction.spec(key)
    draw_grid(ws, fmt, content, key, place, links, spec.name)
    return top + grid_layout(spec).rows
