"""A table's cells laid on its grid, as a browser lays them: a ``rowspan``/``colspan`` cell
takes its first row and column, and the slots it covers are skipped by the cells after it."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from core.readers.cells import cell_text, span

_CELL_TAGS = ("td", "th")


@dataclass
class Placed:
    row: int
    col: int
    element: etree._Element


def place_cells(rows: list[etree._Element]) -> list[list[Placed]]:
    """Lay the cells on the table grid the way a browser does, with one repair: hand-made
    pages often repeat an empty cell where a rowspan already covers the slot, which would
    push the row's real cells one column to the right."""
    specs: list[list[tuple[etree._Element, int, int]]] = []
    for row in rows:
        cells = []
        for cell in row:
            if cell.tag in _CELL_TAGS:
                cells.append((cell, max(1, span(cell.get("colspan"))), span(cell.get("rowspan"))))
        specs.append(cells)
    width = max((sum(cs for _, cs, _ in cells) for cells in specs), default=0)
    n_rows = len(rows)
    busy: list[int] = []  # busy[col] = first row index no longer covered by a rowspan
    placed: list[list[Placed]] = []
    for r, cells in enumerate(specs):
        layout = _layout_standard(cells, busy, r)
        if layout and layout[-1][1] + layout[-1][2] > width:
            trial = busy[:]
            repaired = _layout_repaired(cells, trial, r, width)
            if repaired is not None:
                layout, busy[:] = repaired, trial
        row_out: list[Placed] = []
        for cell, col, cs, rs in layout:
            # rowspan="0" means "to the end of the table".
            end = n_rows if rs == 0 else min(n_rows, r + max(rs, 1))
            need = col + cs
            if len(busy) < need:
                busy.extend([0] * (need - len(busy)))
            for c in range(col, col + cs):
                busy[c] = max(busy[c], end) if end > r + 1 else busy[c]
            row_out.append(Placed(r, col, cell))
        placed.append(row_out)
    return placed


def _covered(busy: list[int], col: int, r: int) -> bool:
    return col < len(busy) and busy[col] > r


def _layout_standard(cells: list[tuple[etree._Element, int, int]], busy: list[int], r: int) -> list[tuple[etree._Element, int, int, int]]:
    out = []
    c = 0
    for cell, cs, rs in cells:
        while _covered(busy, c, r):
            c += 1
        out.append((cell, c, cs, rs))
        c += cs
    return out


def _layout_repaired(cells: list[tuple[etree._Element, int, int]], busy: list[int], r: int, width: int) -> list[tuple[etree._Element, int, int, int]] | None:
    """Empty cells that land on a covered slot are taken as stand-ins for it and dropped.
    When the row alone fills the whole width, the rowspan above was drawn too long and the
    row's own cells win."""
    full_row = sum(cs for _, cs, _ in cells) >= width
    out = []
    c = 0
    for cell, cs, rs in cells:
        if _covered(busy, c, r):
            if not cell_text("".join(cell.itertext())):
                c += 1
                continue
            if not full_row:
                while _covered(busy, c, r):
                    c += 1
            else:
                for k in range(c, min(c + cs, len(busy))):
                    busy[k] = r
        out.append((cell, c, cs, rs))
        c += cs
    if out and out[-1][1] + out[-1][2] > width:
        return None
    return out
