"""Word 97 paragraphs (core/readers/word97.py) → text blocks and raw tables, on the same
grid the DOCX reader uses: each row's cells placed by their left boundary among all the
table's boundaries (a cell spanning columns sits at its first grid column), vertically merged
continuations left out, empty cells kept; a row whose cell holds a nested table or a page of
prose is page layout, as in the DOCX reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.document import Block, Location, TextBlock
from core.readers.cells import PROSE_CELL_CHARS, BlockSink, cell_text, line_text

# The cell mark: ends a cell's last paragraph, and (on a row-end paragraph) the row.
CELL = "\x07"


@dataclass
class Para:
    """One paragraph: its text (up to its mark) and where it sits in a table."""

    text: str
    depth: int = 0  # 0 running text, 1 a table cell, 2 a cell of a table nested in one
    cell_end: bool = False  # its mark ends a cell at its depth
    row_end: bool = False  # its mark ends a row at its depth (the row's own mark, no text)
    # Row end only: cell boundaries (twips) and per-cell flags (0 plain, 1 continues the
    # merge above, 2 starts one).
    bounds: list[int] = field(default_factory=list)
    merges: list[int] = field(default_factory=list)



# A cell's content: its paragraphs, and the rows of any table nested in it.
_Rows = list[tuple[list[list["_Item"]], Para]]
_Item = str | _Rows


class _Level:
    """The table being read at one nesting depth."""

    def __init__(self) -> None:
        self.rows: _Rows = []
        self.cells: list[list[_Item]] = []
        self.pending: list[_Item] = []

    @property
    def open(self) -> bool:
        return bool(self.rows or self.cells or self.pending)

    def end_cell(self) -> None:
        self.cells.append(self.pending)
        self.pending = []

    def end_row(self, end: Para) -> None:
        if self.pending:
            self.end_cell()
        self.rows.append((self.cells, end))
        self.cells = []

    def close(self) -> _Rows:
        """The rows read; cells without a row end (a damaged file) make a last row."""
        if self.cells or self.pending:
            self.end_row(Para("", 1, row_end=True))
        rows, self.rows = self.rows, []
        return rows


def blocks_from(paras: list[Para]) -> list[Block]:
    """Text blocks and raw tables in reading order. A row with a cell that holds a nested
    table or a page of prose is page layout, as in the DOCX reader: the table so far is
    emitted and the cells' content is read in order."""
    sink = BlockSink()
    outer, inner = _Level(), _Level()
    segment: _Rows = []

    def text(raw: str) -> None:
        wrote = False
        for line in raw.split("\n"):
            line = line_text(line)
            if line:
                sink.budget.add(line)
                sink.blocks.append(TextBlock(line, Location(paragraph=sink.paragraphs)))
                wrote = True
        if wrote:
            sink.paragraphs += 1

    def close_inner() -> None:
        if inner.open:
            outer.pending.append(inner.close())

    def close_outer_rows() -> None:
        for cells, end in outer.close():
            if any(_is_container(items) for items in cells):
                _emit(sink, segment)
                segment.clear()
                for items in cells:
                    for item in items:
                        if isinstance(item, str):
                            text(item)
                        else:
                            _emit(sink, item)
            else:
                segment.append((cells, end))

    for para in paras:
        if para.depth == 0:
            close_inner()
            close_outer_rows()
            _emit(sink, segment)
            segment.clear()
            text(para.text)
        elif para.depth == 1:
            close_inner()
            if para.row_end:
                outer.end_row(para)
                close_outer_rows()
            else:
                outer.pending.append(para.text)
                if para.cell_end:
                    outer.end_cell()
        else:
            if para.row_end:
                inner.end_row(para)
            else:
                inner.pending.append(para.text)
                if para.cell_end:
                    inner.end_cell()
    close_inner()
    close_outer_rows()
    _emit(sink, segment)
    return sink.blocks


def _is_container(items: list[_Item]) -> bool:
    return any(not isinstance(item, str) for item in items) or sum(len(item) for item in items) > PROSE_CELL_CHARS


def _cell(items: list[_Item]) -> str:
    return cell_text(" ".join(item for item in items if isinstance(item, str)))


# Cell boundaries this close (twips) are one grid line: converters round column widths.
_SAME_LINE = 30


def _grid(rows: _Rows) -> dict[int, int]:
    column: dict[int, int] = {}
    last: int | None = None
    index = -1
    for b in sorted({b for _, end in rows for b in end.bounds}):
        if last is None or b - last > _SAME_LINE:
            index += 1
            last = b
        column[b] = index
    return column


def _emit(sink: BlockSink, rows: _Rows) -> None:
    """Place each row's cells on the table's grid (the union of all rows' cell boundaries,
    as Word's own grid is); vertically merged continuations are left out."""
    if not rows:
        return
    column = _grid(rows)
    out: list[list[tuple[int, str]]] = []
    for cells, end in rows:
        row: list[tuple[int, str]] = []
        usable = len(end.bounds) == len(cells) + 1
        for i, items in enumerate(cells):
            col = column[end.bounds[i]] if usable else i
            if usable and i < len(end.merges) and end.merges[i] == 1:
                continue
            row.append((col, _cell(items)))
        out.append(row)
    sink.emit_table(out)
