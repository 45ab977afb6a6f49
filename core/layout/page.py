"""One page of positioned text, and what is found on it: lines of glyphs, ruled tables filled
with their glyphs, and (after ``core.layout.flow``) loose tables and paragraphs in reading
order. Every producer (core/producers: a PDF's text layer, OCR of a page image) builds these
pages with ``page_from_glyphs``; everything after works on them alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from core.layout.loose import LooseTable
from core.layout.ruled import fill_cells, find_ruled_tables, is_data_table, value_columns
from core.layout.text import Glyph, Line, group_lines, is_number, is_value, join_lines


class Canvas:
    """Stands in for a pdfplumber page for a producer that has no PDF behind it (the OCR of a
    page image, an OFD page): the table finder reads ``edges``, ``bbox`` and ``chars`` and
    nothing else, and only explicit lines are used."""

    def __init__(self, width: float, height: float) -> None:
        self.edges: list[dict] = []
        self.bbox = (0.0, 0.0, width, height)
        self.chars: list[dict] = []

    def find_tables(self, table_settings: dict):  # type: ignore[no-untyped-def]
        from pdfplumber.table import TableFinder, TableSettings  # deferred: pdfplumber is heavy and not every page needs it

        return TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]


class FinderClock(Protocol):
    """Where the table finder's time is added up (the PDF producer's timings, for the benchmark)."""

    table_finder: float


@dataclass
class Cell:
    text: str
    bbox: tuple[float, float, float, float]
    page: int
    label: bool = False  # sits in the label area (not a value column)
    keep_empty: bool = True  # an empty cell that is a printed blank, not layout


@dataclass
class Table:
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[Cell]]
    strict: bool
    # Cells that reach the table's bottom edge: where a row or a merged label cut by a
    # page break continues.
    bottom: list[Cell] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


@dataclass
class Para:
    lines: list[Line]
    page: int

    @property
    def top(self) -> float:
        return self.lines[0].top

    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])

    def bbox(self) -> tuple[float, float, float, float]:
        ls = self.lines
        return (min(ln.x0 for ln in ls), ls[0].top, max(ln.x1 for ln in ls), ls[-1].bottom)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[Table]
    items: list[Para | Table] = field(default_factory=list)
    glyphs: int = 0
    unmapped: int = 0  # glyphs without a Unicode mapping ("(cid:N)")
    dense: str | None = None  # skipped: the page draws more than the limits (what, in Chinese)
    damaged: bool = False  # a stream the page draws failed to inflate: its content is lost
    picture_only: bool = False  # no text layer, only an image: read by OCR
    # A picture whose text layer is hidden (producers/pdf/hidden.py): a scanner's OCR of it,
    # these many glyphs. Read as the text unless the check prefers our OCR of the image.
    hidden_text: int = 0



def page_from_glyphs(page, number: int, width: float, height: float, glyphs: list[Glyph],  # type: ignore[no-untyped-def]
                     borders: list[dict], clock: FinderClock | None = None) -> Page:
    """Glyphs and border lines → a page with its ruled tables filled. ``page`` answers
    ``find_tables`` (pdfplumber's page, or the OCR reader's stand-in for an image)."""
    tables: list[Table] = []
    if glyphs and borders:
        t2 = time.perf_counter()
        ruled = find_ruled_tables(page, borders)
        if clock is not None:
            clock.table_finder += time.perf_counter() - t2
        for table in ruled:
            rest = fill_cells(table, glyphs)
            if is_data_table(table):
                glyphs = rest
                tables.append(_from_ruled(table, number))
            else:
                for cell in table.cells:
                    cell.glyphs.clear()
    return Page(number, width, height, group_lines(glyphs), tables, glyphs=len(glyphs))


def _from_ruled(table, page: int) -> Table:
    values = value_columns(table)
    rows: list[list[Cell]] = []
    bottom: list[Cell] = []
    seen_number = False
    for grid_row in table.rows():
        row: list[Cell] = []
        seen_number = seen_number or any(is_number(c.text) for c in grid_row)
        for cell in grid_row:
            in_values = any(c in values for c in range(cell.c0, cell.c1))
            # An empty cell in the label area or the header is layout; an empty value
            # cell of a data row is a blank the report printed. Empty layout cells stay
            # until the tables are merged: a label cut by the page break may fill one.
            out = Cell(cell.text, cell.bbox, page, label=not in_values, keep_empty=in_values and seen_number)
            row.append(out)
            if cell.r1 == table.nrows:
                bottom.append(out)
        if any(c.text for c in row):
            rows.append(row)
    return Table(page, table.bbox, rows, True, bottom, [page])


def from_loose(table: LooseTable, page: int) -> Table:
    rows = [[Cell(c.text, c.bbox, page, label=not is_value(c.text)) for c in row] for row in table.rows]
    return Table(page, table.bbox, rows, False, list(rows[-1]) if rows else [], [page])

