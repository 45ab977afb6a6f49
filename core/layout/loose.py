"""Tables without borders, rebuilt from where the words sit.

Many reports draw tables 二/三/四 with hidden borders or lay them out with spaces; table
finders see nothing there. Lines whose runs are separated by cell-wide gaps and carry
numbers are table rows. Inside such a region the label column is rebuilt piece by piece:
a label wrapped over several lines, with its numbers printed beside its middle line, is
joined again and put in front of those numbers, so the row reads [label, n1 … n7].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.layout.text import Line, Run, is_number, is_value, join_lines, starts_item

# Non-table lines allowed between two table lines of one region (wrapped label pieces,
# the characters of a vertical group label).
_MAX_INNER_GAP_LINES = 6
# "第二十条第（五）项": a caption row of table 二, never the rest of a label.
_CAPTION = re.compile(r"^第[一二三四五六七八九十百\d]+条")


@dataclass
class LooseCell:
    text: str
    bbox: tuple[float, float, float, float]


@dataclass
class LooseTable:
    rows: list[list[LooseCell]]
    bbox: tuple[float, float, float, float]


@dataclass
class _Label:
    pieces: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def x0(self) -> float:
        return min(p.x0 for p in self.pieces)

    def cell(self) -> LooseCell:
        ps = self.pieces
        return LooseCell(join_lines([p.text for p in ps]), (self.x0, self.top, max(p.x1 for p in ps), self.bottom))


def _is_tabular(line: Line) -> bool:
    runs = line.runs
    if len(runs) < 2:
        return False
    return len(runs) >= 3 or any(is_number(r.text) for r in runs)


def _has_number(line: Line) -> bool:
    return any(is_number(r.text) for r in line.runs)


def split_regions(lines: list[Line], at_page_top: bool) -> list[Line | LooseTable]:
    """Replace the lines that form text-laid-out tables by LooseTables; other lines pass
    through. ``lines`` are one page's running-text lines, top to bottom."""
    tabular = [_is_tabular(ln) for ln in lines]
    if not any(tabular):
        return list(lines)
    out: list[Line | LooseTable] = []
    i, n = 0, len(lines)
    while i < n:
        if not tabular[i]:
            out.append(lines[i])
            i += 1
            continue
        start = i
        end = i + 1  # exclusive
        while end < n:
            if tabular[end] and _close(lines[end - 1], lines[end], 3.0) and abs(lines[end].size - lines[end - 1].size) <= 1.5:
                end += 1
                continue
            # Non-table lines sandwiched between table lines belong to the table (wrapped
            # labels) unless they are printed larger than the table (a heading, prose).
            size = max(ln.size for ln in lines[start:end] if _is_tabular(ln))
            j = end
            while j < n and not tabular[j] and j - end < _MAX_INNER_GAP_LINES and _close(lines[j - 1], lines[j], 2.0) \
                    and lines[j].size <= size + 0.5:
                j += 1
            if j < n and tabular[j] and j > end and _close(lines[j - 1], lines[j], 2.0) and lines[j].size <= size + 0.5:
                end = j + 1
                continue
            break
        region = lines[start:end]
        if not any(_has_number(ln) for ln in region):
            out.extend(region)
            i = end
            continue
        value_x0 = min(r.x0 for ln in region if _has_number(ln) for r in ln.runs if is_number(r.text))
        # A label's last lines after the last row, and at the top of a continuation page
        # its first lines before the first row.
        size = max(ln.size for ln in region if _is_tabular(ln))
        while end < n and not tabular[end] and _close(lines[end - 1], lines[end], 1.5) and _in_label_area(lines[end], value_x0) \
                and lines[end].size <= size + 0.5:
            region.append(lines[end])
            end += 1
        lead: list[Line] = []
        k = start - 1
        while k >= 0 and at_page_top and not tabular[k] and _in_label_area(lines[k], value_x0) and not starts_item(lines[k].text) \
                and all(not isinstance(o, LooseTable) for o in out) and _close(lines[k], lines[k + 1], 1.5):
            lead.insert(0, lines[k])
            k -= 1
        if lead and k < 0:
            del out[len(out) - len(lead):]
            region = lead + region
        out.append(build_table(region, value_x0))
        i = end
    return out


def _close(a: Line, b: Line, factor: float) -> bool:
    return b.top - a.bottom < factor * max(a.size, b.size)


def _in_label_area(line: Line, value_x0: float) -> bool:
    return line.x1 <= value_x0 + 1


def build_table(region: list[Line], value_x0: float) -> LooseTable:
    first_numeric = next(i for i, ln in enumerate(region) if _has_number(ln))
    # A label wrapped over several lines and aligned to the top of its cell starts above
    # its row's numbers (Word's default for a table without borders): its first lines are
    # the body's, not header rows. The header ends with its last line that reaches into
    # the value columns.
    while first_numeric > 0 and all(r.x1 <= value_x0 + 1 for r in region[first_numeric - 1].runs) \
            and not _CAPTION.match(region[first_numeric - 1].text.strip()) \
            and any(r.x1 > value_x0 + 1 for ln in region[:first_numeric - 1] for r in ln.runs):
        first_numeric -= 1
    rows: list[tuple[float, list[LooseCell]]] = []
    for ln in region[:first_numeric]:
        rows.append((ln.top, [LooseCell(r.text, r.bbox) for r in ln.runs]))

    numeric: list[tuple[Line, list[Run]]] = []  # (line, value runs)
    labels: list[_Label] = []
    open_labels: list[_Label] = []
    body = region[first_numeric:]
    all_pieces = [r for ln in body for r in ln.runs if r.x1 <= value_x0 + 1]
    for ln in body:
        pieces = [r for r in ln.runs if r.x1 <= value_x0 + 1]
        values = [r for r in ln.runs if r.x1 > value_x0 + 1]
        if values and not _has_number(ln) and not all(is_value(r.text) for r in values):
            # A header or caption row inside the table ("信息内容 本年处理决定数量").
            rows.append((ln.top, [LooseCell(r.text, r.bbox) for r in ln.runs]))
            open_labels = []
            continue
        if values:
            numeric.append((ln, values))
        for piece in pieces:
            target = _continued(open_labels, piece, all_pieces)
            if target is None:
                target = _Label([piece])
                labels.append(target)
                open_labels = [lb for lb in open_labels if not _overlaps_x(lb.pieces[-1], piece)] + [target]
            else:
                target.pieces.append(piece)

    attached: dict[int, list[_Label]] = {}
    alone: list[_Label] = []
    for label in labels:
        row = _row_for(label, numeric)
        if row is None:
            alone.append(label)
        else:
            attached.setdefault(row, []).append(label)
    for idx, (ln, values) in enumerate(numeric):
        cells = [lb.cell() for lb in sorted(attached.get(idx, []), key=lambda lb: lb.x0)]
        cells += [LooseCell(r.text, r.bbox) for r in values]
        rows.append((ln.top, cells))
    for label in alone:
        rows.append((label.top, [label.cell()]))
    rows.sort(key=lambda item: item[0])
    table_rows = [cells for _, cells in rows]
    boxes = [c.bbox for row in table_rows for c in row]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return LooseTable(table_rows, bbox)


def _overlaps_x(a: Run, b: Run) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _continued(open_labels: list[_Label], piece: Run, pieces: list[Run]) -> _Label | None:
    """The label ``piece`` continues, if any: the piece does not start a new item, sits
    right below a piece of that label, and that piece filled its column (the text wrapped
    because the cell was full — "规章" above "行政规范性文件" is two labels)."""
    if starts_item(piece.text) or _CAPTION.match(piece.text):
        return None
    size = max(g.size for g in piece.glyphs)
    for label in reversed(open_labels):
        last = label.pieces[-1]
        if not _overlaps_x(last, piece):
            continue
        gap = piece.top - last.bottom
        # The characters of a vertical label are spread over the whole group; the lines
        # of a wrapped label sit closer than two rows (whose cells have padding).
        vertical = len(last.text) <= 2 and len(piece.text) <= 2
        if gap >= (4.0 if vertical else 0.8) * size:
            continue
        # The column: left-aligned pieces with the same left edge, and centred pieces no
        # wider than this one (a label spanning two columns says nothing about this one).
        width = last.x1 - last.x0
        column_right = max(p.x1 for p in pieces if abs(p.x0 - last.x0) < 1.0
                           or (_overlaps_x(p, last) and p.x1 - p.x0 <= 1.5 * width))
        if vertical or last.x1 >= column_right - 1.5 * size or piece.x1 - piece.x0 < width - 0.5 * size:
            return label
    return None


def _row_for(label: _Label, numeric: list[tuple[Line, list[Run]]]) -> int | None:
    if not numeric:
        return None
    size = max(g.size for p in label.pieces for g in p.glyphs)
    tol = 0.25 * size
    mids = [((ln.top + ln.bottom) / 2) for ln, _ in numeric]
    covered = [i for i, m in enumerate(mids) if label.top - tol <= m <= label.bottom + tol]
    if covered:
        if len(covered) == 1:
            return covered[0]
        # A group label spans several rows: it heads the first of them. A wrapped row label
        # covering two rows belongs to the one nearest its centre.
        if len(label.pieces) <= 3 and all(len(p.text) > 2 for p in label.pieces):
            centre = (label.top + label.bottom) / 2
            return min(covered, key=lambda i: abs(mids[i] - centre))
        return covered[0]
    centre = (label.top + label.bottom) / 2
    best = min(range(len(mids)), key=lambda i: abs(mids[i] - centre))
    if abs(mids[best] - centre) > 1.5 * size + (label.bottom - label.top) / 2:
        return None
    return best
