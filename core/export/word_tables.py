"""导出表格 (Word): tables 二, 三 and 四 in the official layout as a .docx the clerk pastes into
a report that is not a Word file (PDF, web page, text, scan).

Each table is drawn from ``core.template.grid_layout`` — the merged header cells, captions
and row labels exactly as the template declares them — with the corrected values. A value
the clerk has not confirmed (inferred from the sums, or a doubtful reading) is left empty and
returned, so the window can say which cells still need the clerk's eye; a pasted table must
not carry a number nobody read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from core.export.content import cell_content, number_text, table_caption, title_text
from core.export.docx_writer import HEADING_FONT, TITLE_FONT, Cell, DocxDocument, Para, Run, Table, text_width, write_docx
from core.export.files import ExportError, check_target, write_atomically
from core.model import CellRef, CellValue, Extraction, Report
from core.template import GridLayout, TableSpec, grid_layout

# States written as they are; anything else waits for the clerk.
_WRITTEN = ("ok", "blank", "text")


@dataclass
class TablesExport:
    path: Path
    left_empty: list[CellRef] = field(default_factory=list)  # unconfirmed cells, not written


def write_word_tables(report: Report, target: str | os.PathLike[str], edited: Extraction | None = None) -> TablesExport:
    """Write the three tables of the report (with the edits of ``edited``) to ``target``
    (.docx). Raises ExportError only."""
    ext = edited if edited is not None else report.extraction
    if ext is None:
        raise ExportError("该文件未能读取，没有可导出的表格；请先解决读取问题再导出。")
    if not ext.tables:
        raise ExportError("报告中没有找到表二、表三、表四，没有可导出的表格；请确认选对了文件。")
    path = check_target(report.file, target, ".docx")
    result = TablesExport(path)
    try:
        document = tables_document(ext, result.left_empty)
    except Exception as exc:  # noqa: BLE001 — a bug of ours must surface as a sentence
        raise ExportError("整理导出表格时出现内部错误，未写入任何文件；请把原报告发给维护人员。") from exc
    write_atomically(path, lambda tmp: write_docx(document, tmp), "Word 文件")
    return result


def tables_document(ext: Extraction, left_empty: list[CellRef]) -> DocxDocument:
    doc = DocxDocument(title=title_text(ext), size=12, landscape=True)
    doc.blocks.append(Para((Run(title_text(ext), size=18, font=TITLE_FONT),), align="center", space_after=12))
    width = text_width(doc)
    for _, _, spec in ext.read_tables():
        doc.blocks.append(Para((Run(table_caption(spec), font=HEADING_FONT),), keep_next=True, space_after=6))
        doc.blocks.append(_table(ext, spec, width, left_empty))
    return doc


def official_table(ext: Extraction, spec: TableSpec, width: int, left_empty: list[CellRef]) -> Table:
    """One table in the official layout (also the tables of a new year's report, core/draft)."""
    return _table(ext, spec, width, left_empty)


def _table(ext: Extraction, spec: TableSpec, width: int, left_empty: list[CellRef]) -> Table:
    layout = grid_layout(spec)
    widths = _widths(layout, spec, width)
    starts = {(c.row, c.col): c for c in layout.cells}
    covered: dict[tuple[int, int], tuple[int, str]] = {}  # (row, col) under a vertical merge → its colspan
    for c in layout.cells:
        for r in range(c.row + 1, c.row + c.rowspan):
            covered[(r, c.col)] = (c.colspan, "continue")
    rows: list[tuple[Cell, ...]] = []
    for r in range(layout.rows):
        cells: list[Cell] = []
        col = 0
        while col < layout.cols:
            grid = starts.get((r, col))
            if grid is not None:
                vmerge = "restart" if grid.rowspan > 1 else None
                if grid.kind == "value":
                    text = _value_text(ext, spec, grid.row_key, grid.col_key, left_empty)
                    cells.append(Cell(text, grid.colspan, vmerge))  # type: ignore[arg-type]
                else:
                    align = "left" if grid.kind in ("label", "caption") else "center"
                    cells.append(Cell(grid.text, grid.colspan, vmerge, bold=grid.kind != "label", align=align))  # type: ignore[arg-type]
                col += grid.colspan
            elif (r, col) in covered:
                span, _ = covered[(r, col)]
                cells.append(Cell("", span, "continue"))
                col += span
            else:
                cells.append(Cell(""))
                col += 1
        rows.append(tuple(cells))
    return Table(tuple(rows), widths, size=9 if layout.cols > 6 else 10.5, header_rows=layout.header_rows)


def _widths(layout: GridLayout, spec: TableSpec, width: int) -> tuple[int, ...]:
    """Label columns wide enough for the row labels, value columns share the rest."""
    label_cols = 0 if spec.single_row else (1 if spec.key == "t2" else spec.label_cols)
    values = layout.cols - label_cols
    if label_cols == 0:
        return tuple([width // values] * values)
    # Table 三's label columns nest: the group (三、本年度办理结果), the subgroup ((三)不予公开),
    # then the item (1.属于国家秘密), which carries the longest words.
    shares = {1: [0.34], 2: [0.14, 0.22], 3: [0.08, 0.11, 0.19]}.get(label_cols, [0.36 / label_cols] * label_cols)
    labels = [int(width * share) for share in shares]
    per_value = (width - sum(labels)) // values
    return tuple(labels + [per_value] * values)


def _value_text(ext: Extraction, spec: TableSpec, row_key: str | None, col_key: str | None, left_empty: list[CellRef]) -> str:
    assert row_key is not None and col_key is not None
    index = [c.key for c in spec.row(row_key).columns].index(col_key)
    cell: CellValue | None = ext.value(spec.key, row_key, index)
    if cell is None or cell.state not in _WRITTEN:
        left_empty.append((spec.key, row_key, col_key))
        return ""
    content = cell_content(cell)
    if content is None:
        return ""
    return number_text(content) if isinstance(content, (int, float)) else str(content)
