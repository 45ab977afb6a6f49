"""Tables and paragraphs across page breaks: a table continued on the next page is merged
into one, its repeated header rows dropped and a row or a merged label cell cut by the page
break joined again, so a label is followed by its own numbers."""

from __future__ import annotations

from core.document import Note
from core.layout.page import Cell, Page, Para, Table
from core.layout.text import is_number, is_value, join_lines, starts_item


def merge_across_pages(pages: list[Page], right: float, notes: list[str]) -> list[Para | Table]:
    out: list[Para | Table] = []
    merged_pages: list[tuple[int, int]] = []
    for page in pages:
        items = list(page.items)
        if out and isinstance(out[-1], Table):
            _drop_repeated_header_lines(out, items)
        if out and items:
            prev, nxt = out[-1], items[0]
            if isinstance(prev, Table) and isinstance(nxt, Table) and _same_table(prev, nxt):
                _append_table(prev, nxt)
                merged_pages.append((prev.pages[-1], page.number))
                prev.pages.append(page.number)
                items.pop(0)
            elif isinstance(prev, Para) and isinstance(nxt, Para):
                last, first = prev.lines[-1], nxt.lines[0]
                if (len(last.runs) == 1 and len(first.runs) == 1 and last.x1 >= right - 1.5 * last.size
                        and abs(last.size - first.size) <= 1.5 and not starts_item(first.text)
                        and first.x0 <= min(ln.x0 for ln in nxt.lines) + 0.5):
                    prev.lines.extend(nxt.lines)
                    items.pop(0)
        out.extend(items)
    if merged_pages:
        spans = "、".join(f"第{a}–{b}页" for a, b in merged_pages)
        notes.append(Note(f"{spans}的表格跨页，已合并为一个表格。", "routine"))
    return out


def _drop_repeated_header_lines(out: list[Para | Table], items: list[Para | Table]) -> None:
    """A header repeated on the continuation page of a table without borders partly reads
    as lines of text above the table (its lines without numbers): drop those lines when
    they repeat what stood above or at the top of the previous page's table."""
    table = out[-1]
    assert isinstance(table, Table)
    seen: set[str] = set()
    for row in _header_rows(table):
        seen.add(_row_key(row))
        seen.update(c.text.replace(" ", "") for c in row if c.text)
    for item in reversed(out[-8:-1]):
        if not isinstance(item, Para):
            break
        seen.add(item.text().replace(" ", ""))
    k = 0
    while k < len(items) and isinstance(items[k], Para) and items[k].text().replace(" ", "").replace("\t", "") in {
            t.replace("\t", "") for t in seen}:
        k += 1
    if 0 < k < len(items) and isinstance(items[k], Table) and _same_table(table, items[k]):
        del items[:k]


def _header_rows(table: Table) -> list[list[Cell]]:
    out = []
    for row in table.rows:
        if any(is_number(c.text) for c in row):
            break
        out.append(row)
    return out


def _same_table(a: Table, b: Table) -> bool:
    if a.strict != b.strict:
        return False
    if a.strict:
        return abs(a.bbox[0] - b.bbox[0]) < 12 and abs(a.bbox[2] - b.bbox[2]) < 12
    # Loose tables have no frame: compare where their value columns start.
    return abs(_values_x0(a) - _values_x0(b)) < 24


def _values_x0(t: Table) -> float:
    xs = [c.bbox[0] for row in t.rows for c in row if is_number(c.text)]
    return min(xs) if xs else t.bbox[0]


def _row_key(row: list[Cell]) -> str:
    return "".join(c.text.replace(" ", "") for c in row)


def _append_table(a: Table, b: Table) -> None:
    rows = list(b.rows)
    # The header printed again on the continuation page.
    header = {_row_key(r) for r in _header_rows(a)}
    while rows and _row_key(rows[0]) in header:
        rows.pop(0)
    if rows:
        rows = _join_cut_row(a, rows)
    a.rows.extend(rows)
    a.bbox = (min(a.bbox[0], b.bbox[0]), a.bbox[1], max(a.bbox[2], b.bbox[2]), a.bbox[3])
    a.bottom = b.bottom


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _join_cut_row(a: Table, rows: list[list[Cell]]) -> list[list[Cell]]:
    """The first row of a continuation page may be the rest of a row cut by the break (a
    label's last lines, or the numbers) or the rest of a merged label cell ("（四）无" |
    "法提供"). Join what continues; keep what starts something new."""
    first = rows[0]
    targets = a.bottom if a.strict else (a.rows[-1] if a.rows else [])
    if not targets:
        return rows
    plan: list[tuple[Cell, Cell | None]] = []
    whole_row = True
    # A table without borders: the previous page ended with a label alone, its numbers
    # come with the rest of the label.
    label_only = not a.strict and not any(is_value(t.text) for t in targets)
    for cell in first:
        if not cell.text:
            continue
        target = max(targets, key=lambda t: _overlap(t.bbox, cell.bbox))
        if _overlap(target.bbox, cell.bbox) <= 0:
            target = None
        if is_value(cell.text):
            if label_only:
                target = None
            elif target is None or target.text:
                whole_row = False
            plan.append((cell, target))
            continue
        # Only a numbered label can be cut (captions and headers are complete); a label
        # may also fill the empty top part of its merged cell left on the previous page.
        if target is not None and not target.text and target.label:
            plan.append((cell, target))
        elif target is not None and target.text and starts_item(target.text) and not starts_item(cell.text) \
                and not is_value(target.text):
            plan.append((cell, target))
        else:
            whole_row = False
            plan.append((cell, None))
    if whole_row and plan:
        for cell, target in plan:
            if target is None:
                a.rows[-1].append(cell)
            else:
                target.text = join_lines([target.text, cell.text]) if target.text else cell.text
        return rows[1:]
    # Only merged label cells continue; the row itself is a new one.
    joined = False
    for cell, target in plan:
        if target is not None and not is_value(cell.text) and target.label:
            target.text = join_lines([target.text, cell.text])
            cell.text = ""
            joined = True
    if joined:
        rows[0] = [c for c in first if c.text or c.keep_empty]
    return rows
