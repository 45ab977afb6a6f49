"""Table 二 (主动公开政府信息情况): its rows read from the tokens up to where table 三
begins, and the template version from the header words (2019 or 2021)."""

from __future__ import annotations

import re
from typing import Sequence

from core.document import Location
from core.extract.fit import fit_row as _fit, merge_digit_notes
from core.extract.rows import T2_MAX_LABEL, T2_UNION, match_row, scan_rows, short_label
from core.extract.table_result import TableResult
from core.model import CellValue, ExtractedTable, Finding
from core.normalize import label_key
from core.template import T2_2019, T2_2021, VERSION_MARKERS
from core.tokens import Token


# Words that open table 三 (its header note, its first row): table 二 has ended there.
_T3_OPENING = tuple(label_key(w) for w in ("本年新收政府信息公开申请数量", "本列数据的勾稽关系", "申请人情况"))


def _until_next_table(tokens: Sequence[Token]) -> Sequence[Token]:
    """Table 二's tokens end where table 三 begins: a row of table 二 left blank must not take
    table 三's first numbers (a reader never takes a number across a table boundary)."""
    first = next((i for i, t in enumerate(tokens) if t.kind == "label"
                  and match_row(label_key(t.text), T2_UNION, set(), None) is not None), None)
    if first is None:
        return tokens
    for i in range(first + 1, len(tokens)):
        tok = tokens[i]
        if tok.kind == "label" and any(w in label_key(tok.text) for w in _T3_OPENING):
            return tokens[:i]
    return tokens


def parse_t2(tokens: Sequence[Token], fallback_version: str | None) -> TableResult:
    tokens = _until_next_table(tokens)
    hits, header, extras = scan_rows(tokens, T2_UNION, T2_MAX_LABEL, groups=False, start_key=None)
    # A row whose label is printed inside the table but whose cells could not be read is
    # there: it is a reading problem at that row, never "表二缺少1行". Outside the table's
    # span (a mention in the prose) a label alone is no row.
    valued = [h for h in hits if h.values]
    first_valued = min((h.label.pos for h in valued), default=None)
    with_values = {h.key for h in valued}
    hits = [h for h in hits if h.values or (first_valued is not None and h.label.pos > first_valued
                                            and h.key not in with_values)]
    text = "".join(label_key(t.text) for t in tokens if t.kind == "label")
    score = {v: sum(1 for m in VERSION_MARKERS[v] if m in text) for v in ("2019", "2021")}  # type: ignore[index]
    if not hits:
        return TableResult(None, None, found_anchor=score["2019"] + score["2021"] > 0)
    if score["2019"] != score["2021"]:
        version = "2019" if score["2019"] > score["2021"] else "2021"
    else:
        lic = next((h for h in hits if h.key == "licensing"), None)
        if lic is not None and len(lic.values) >= 2:
            version = "2019"
        elif any(h.key in ("other_services", "procurement") for h in hits):
            version = "2019"
        else:
            version = fallback_version or "2021"
    spec = T2_2021 if version == "2021" else T2_2019
    notes: list[Finding] = []
    rows: dict[str, list[CellValue]] = {}
    row_locs: dict[str, Location] = {}
    row_labels: dict[str, str] = {}
    # The template's own captions ("第二十条第（一）项") followed by a cell a conversion moved
    # are not extra rows.
    extra_rows = [t.raw for t in extras if not re.match(r"第二十条|信息内容", label_key(t.text))]
    for hit in hits:
        if hit.key in rows:
            continue
        if not spec.has_row(hit.key):
            extra_rows.append(hit.label.raw)
            continue
        ncols = len(spec.row(hit.key).columns)
        where = f"表二“{short_label(spec, hit.key)}”行"
        if not hit.values:
            cells = [CellValue(None, "missing", None, hit.label.loc) for _ in range(ncols)]
            row_notes = [Finding("X-SHORT-ROW", "warning", f"{where}印有行标签，但未能读出其数值（原文：“{hit.label_raw[:40]}”），请对照原件核对。",
                                 [("t2", hit.key, None)], loc=hit.label.loc)]
        else:
            cells, row_notes = _fit(hit.values, ncols, [], where, [("t2", hit.key, None)])
            _count_units_as_text(cells, [c.decimal for c in spec.row(hit.key).columns])
        notes.extend(row_notes)
        rows[hit.key] = cells
        row_locs[hit.key] = hit.label.loc
        row_labels[hit.key] = hit.label_raw
    notes = merge_digit_notes(notes, "表二")
    table = ExtractedTable("t2", rows, hits[0].label.loc, row_locs, row_labels, extra_rows=extra_rows)
    return TableResult(table, version, notes, True)


def _count_units_as_text(cells: list[CellValue], decimal: Sequence[bool]) -> None:
    """"1.2万" is an amount in 万元 only in an amount column; in a count column it is not a
    number the template asks for, so it is reported at that cell (V-NUMERIC)."""
    for cell, is_amount in zip(cells, decimal):
        if cell.state == "ok" and cell.unit == "万" and not is_amount:
            cell.value, cell.state = None, "text"
