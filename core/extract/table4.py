"""Table 四 (政府信息公开行政复议、行政诉讼情况): fifteen numbers after its header words,
in three groups of four results and their total."""

from __future__ import annotations

import dataclasses
from typing import Sequence

from core.extract.fit import T4_ROW_SUM, fit_row as _fit
from core.extract.place import Sum
from core.extract.table_result import TableResult
from core.model import ExtractedTable, Finding
from core.normalize import label_key
from core.template import T4
from core.tokens import Token


_T4_HEADER_KEYS = tuple(label_key(s) for s in ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"))


def parse_t4(tokens: Sequence[Token]) -> TableResult:
    started = False
    values: list[Token] = []
    anchor: Token | None = None
    # A character or two between two numbers of the value line ("三" for a faxed "33") is a
    # cell OCR could not read as a number: it keeps its place, unread, so the numbers after
    # it stay in their columns.
    between: Token | None = None
    unread: list[Token] = []
    for tok in tokens:
        if tok.kind == "break":
            continue
        if tok.kind != "label" and between is not None:
            if started and tok.line == between.line:
                unread.append(dataclasses.replace(between, kind="text"))
                values.append(unread[-1])
            between = None
        if tok.kind == "label":
            key = label_key(tok.text)
            if values and 0 < len(key) <= 2 and tok.line == values[-1].line and not any(h in key for h in _T4_HEADER_KEYS):
                between = tok
                continue
            between = None
            if not key:
                continue
            hits = sum(1 for h in _T4_HEADER_KEYS if h in key)
            if hits and (len(key) <= 16 or hits >= 3):
                if anchor is None:
                    anchor = tok
                started = True
                continue
            if values and len(key) > 16:
                break  # prose after the table
            continue
        if started:
            values.append(tok)
    if anchor is None or not values:
        return TableResult(None, None, found_anchor=anchor is not None)
    ncols = 15
    values = _data_row(values, ncols)
    sums: list[Sum] = [(tuple(range(b, b + 4)), b + 4) for b in (0, 5, 10)]
    refs = [("t4", None, None)]
    values, strays = _off_the_row(values)
    if sum(1 for v in values if not any(v is u for u in unread)) >= ncols:
        # The line has its fifteen numbers: the characters among them are marks, not cells.
        values = [v for v in values if not any(v is u for u in unread)]
    cells, notes = _fit(values, ncols, sums, "表四", refs, sum_name=T4_ROW_SUM)
    if strays:
        notes.insert(0, Finding(
            "X-EXTRA-VALUES", "warning",
            f"表四的数值行之外另有{len(strays)}个数（{'、'.join(t.raw or '空白' for t in strays[:6])}），"
            f"不在数值所在的那一行上，未采用；请对照原件核对。",
            refs,
        ))
    rows = {row.key: cells[i * 5:(i + 1) * 5] for i, row in enumerate(T4.rows)}
    table = ExtractedTable("t4", rows, anchor.loc, {r.key: anchor.loc for r in T4.rows})
    return TableResult(table, "2021", notes, True)


def _off_the_row(values: list[Token]) -> tuple[list[Token], list[Token]]:
    """Table 四's numbers stand on one line. A few numbers on lines of their own above or
    below it — marks in the header's cells, a seal's or the scan's specks read as "0" or
    "1", pieces of a digit split off — are not cells of the row: taken in, they slid every
    value a column along (dev seeds 3, 32, 34, 68, 71). Only when one line holds most of
    the table's numbers (ten or more) and each other line a few of them; a table printed as
    three rows of five is left as it is."""
    lines: dict[tuple[int | None, int], list[Token]] = {}
    for tok in values:
        lines.setdefault((tok.loc.page if tok.loc is not None else None, tok.line), []).append(tok)
    if len(lines) < 2:
        return values, []

    def numbers(toks: list[Token]) -> int:
        return sum(1 for t in toks if t.kind == "number")

    main = max(lines.values(), key=numbers)
    if numbers(main) < 10 or any(numbers(toks) > numbers(main) // 4 for toks in lines.values() if toks is not main):
        return values, []
    kept = {id(t) for t in main}
    return list(main), [t for t in values if id(t) not in kept and t.kind != "blank"]


def _data_row(values: list[Token], ncols: int) -> list[Token]:
    """Table 四's numbers are one printed row. More numbers than its fifteen cells, spread
    over several rows of which one holds exactly fifteen: that row is the data, the others a
    header's words misread as digits (a scan's "总计" read "81" at 100 dpi, dev seed 49 —
    taken first, every value moved along a column)."""
    if len(values) <= ncols:
        return values
    rows: dict[tuple[str, int], list[Token]] = {}
    for tok in values:
        where = ("row", tok.row_id) if tok.row_id is not None else ("line", tok.line)
        rows.setdefault(where, []).append(tok)
    full = [row for row in rows.values() if sum(1 for t in row if t.kind in ("number", "blank")) == ncols]
    if len(full) == 1 and len(full[0]) == ncols:
        return full[0]
    return values
