"""Table 四 (政府信息公开行政复议、行政诉讼情况): fifteen numbers after its header words,
in three groups of four results and their total."""

from __future__ import annotations

from typing import Sequence

from core.extract.fit import T4_ROW_SUM, fit_row as _fit
from core.extract.place import Sum
from core.extract.table_result import TableResult
from core.model import ExtractedTable
from core.normalize import label_key
from core.template import T4
from core.tokens import Token


_T4_HEADER_KEYS = tuple(label_key(s) for s in ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"))


def parse_t4(tokens: Sequence[Token]) -> TableResult:
    started = False
    values: list[Token] = []
    anchor: Token | None = None
    for tok in tokens:
        if tok.kind == "break":
            continue
        if tok.kind == "label":
            key = label_key(tok.text)
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
    cells, notes = _fit(values, ncols, sums, "表四", refs, sum_name=T4_ROW_SUM)
    rows = {row.key: cells[i * 5:(i + 1) * 5] for i, row in enumerate(T4.rows)}
    table = ExtractedTable("t4", rows, anchor.loc, {r.key: anchor.loc for r in T4.rows})
    return TableResult(table, "2021", notes, True)


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
