"""Ruled tables: drawn borders → pdfplumber's table finder → a grid with merged cells.

Only stroked lines and thin filled rectangles count as borders. WPS paints a white or
light-blue filled rectangle behind every line of prose and behind table cells; pdfplumber's
default finder takes those for cell borders and reads a whole page of prose as a
one-column table. Glyphs are put into cells by position here (one lookup per glyph)
rather than by pdfplumber's per-cell cropping, which is quadratic in cells × glyphs.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from core.layout.text import Glyph, glyph_lines_text, is_value

# A filled rectangle thinner than this (points) is a drawn line, not a shaded area.
_THIN = 2.5
# Borders closer than this (points) are the same grid line.
_SNAP = 2.0
# A cell with this much text is prose: the "table" around it is a text frame.
_PROSE_CELL_CHARS = 300


@dataclass
class GridCell:
    bbox: tuple[float, float, float, float]
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    glyphs: list[Glyph] = field(default_factory=list)
    text: str = ""


@dataclass
class RuledTable:
    bbox: tuple[float, float, float, float]
    cells: list[GridCell]
    nrows: int
    ncols: int

    def rows(self) -> list[list[GridCell]]:
        """Cells by the grid row they start in, left to right; a merged cell appears once."""
        out: list[list[GridCell]] = [[] for _ in range(self.nrows)]
        for cell in self.cells:
            out[cell.r0].append(cell)
        for row in out:
            row.sort(key=lambda c: c.c0)
        return out


def border_objects(page) -> list[dict]:
    """The page's drawn lines and border-like rectangles, for the explicit table finder,
    plus the closing lines of tables cut by a page break (see ``closers``)."""
    out: list[dict] = [ln for ln in page.lines]
    for rect in page.rects:
        if rect.get("stroke") or min(rect["width"], rect["height"]) < _THIN:
            out.append(rect)
    if out:
        out.extend(closers(out, float(page.height)))
    return out


def closers(borders: list[dict], page_height: float) -> list[dict]:
    """WPS leaves a table that continues on the next page open: the column lines run to
    the page break but no bottom border is drawn (and on the next page no top border over
    the first row's merged cells). Where several column lines end at the same height, a
    line across them closes the table, so its last row is found."""
    verticals = [b for b in borders if b["width"] < _THIN and b["height"] >= _THIN]
    if len(verticals) < 2:
        return []
    template = verticals[0]
    offset = template.get("doctop", template["top"]) - template["top"]
    out: list[dict] = []
    for attr in ("top", "bottom"):
        ends = sorted(verticals, key=lambda b: b[attr])
        group: list[dict] = []
        for b in ends + [None]:
            if b is not None and group and b[attr] - group[0][attr] <= _SNAP:
                group.append(b)
                continue
            if len(group) >= 2:
                y = sum(g[attr] for g in group) / len(group)
                x0 = min(g["x0"] for g in group)
                x1 = max(g["x1"] for g in group)
                out.append({
                    **template, "object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                    "width": x1 - x0, "height": 0.0, "y0": page_height - y, "y1": page_height - y,
                    "doctop": y + offset,
                })
            group = [b] if b is not None else []
    return out


def find_ruled_tables(page, borders: list[dict]) -> list[RuledTable]:
    verticals = [b for b in borders if b["object_type"] == "rect" or b["width"] < 1]
    horizontals = [b for b in borders if b["object_type"] == "rect" or b["height"] < 1]
    if len(verticals) < 2 or len(horizontals) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": verticals,
        "explicit_horizontal_lines": horizontals,
        "snap_tolerance": 3,
        "join_tolerance": 3,
        "intersection_tolerance": 3,
    }
    tables = []
    for found in page.find_tables(table_settings=settings):
        grid = _grid(found.cells)
        if grid is not None:
            tables.append(grid)
    return tables


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _index(lines: list[float], v: float) -> int:
    """Index of the grid line nearest to ``v``."""
    i = bisect_right(lines, v)
    if i == 0:
        return 0
    if i == len(lines):
        return len(lines) - 1
    return i if lines[i] - v < v - lines[i - 1] else i - 1


def _grid(bboxes: list[tuple[float, float, float, float]]) -> RuledTable | None:
    if not bboxes:
        return None
    xs = _snap([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _snap([b[1] for b in bboxes] + [b[3] for b in bboxes])
    cells: list[GridCell] = []
    for b in bboxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append(GridCell(b, r0, r1, c0, c1))
    if not cells:
        return None
    bbox = (min(b[0] for b in bboxes), min(b[1] for b in bboxes), max(b[2] for b in bboxes), max(b[3] for b in bboxes))
    return RuledTable(bbox, cells, len(ys) - 1, len(xs) - 1)


def fill_cells(table: RuledTable, glyphs: list[Glyph]) -> list[Glyph]:
    """Put each glyph whose centre lies in a cell into that cell; return the others."""
    xs = _snap([c.bbox[0] for c in table.cells] + [c.bbox[2] for c in table.cells])
    ys = _snap([c.bbox[1] for c in table.cells] + [c.bbox[3] for c in table.cells])
    owner: dict[tuple[int, int], GridCell] = {}
    for cell in table.cells:
        for r in range(cell.r0, cell.r1):
            for c in range(cell.c0, cell.c1):
                owner.setdefault((r, c), cell)
    x0, top, x1, bottom = table.bbox
    rest: list[Glyph] = []
    for g in glyphs:
        mx, my = g.mid_x, g.mid_y
        if not (x0 <= mx <= x1 and top <= my <= bottom):
            rest.append(g)
            continue
        c = bisect_right(xs, mx) - 1
        r = bisect_right(ys, my) - 1
        cell = owner.get((r, c))
        if cell is None:
            rest.append(g)
        else:
            cell.glyphs.append(g)
    for cell in table.cells:
        cell.text = glyph_lines_text(cell.glyphs) if cell.glyphs else ""
    return rest


def is_data_table(table: RuledTable) -> bool:
    """A bordered frame around prose (one column, or a cell holding a paragraph) is page
    layout, not a table: its text is read as running text."""
    filled = [c for c in table.cells if c.text]
    if not filled:
        return False
    if max(len(c.text) for c in filled) > _PROSE_CELL_CHARS:
        return False
    rows = table.rows()
    return any(sum(1 for c in row if c.text) >= 2 for row in rows)


def value_columns(table: RuledTable) -> set[int]:
    return {c.c0 for c in table.cells if c.text and is_value(c.text) and any(ch.isdigit() for ch in c.text)}
