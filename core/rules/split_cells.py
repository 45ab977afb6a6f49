"""X-SPLIT: a row sum that fails where two neighbouring one-digit cells, read as one number,
would make it hold — "12" in 自然人 printed or recognised as 1 | 2 across 自然人 and 商业企业
(an OCR engine or a PDF conversion that cut a number at a column line).

A suggested reading at those two cells, for the clerk to check against the original: a
warning, never a change of the values (the errors on the printed numbers stay). Said only
when exactly one pair of neighbours explains the row, so it is a lead, not a guess among
several."""

from __future__ import annotations

from core.model import CellRef, Extraction, Finding
from core.rules.identities import Evaluated, cell_at, evaluate, holds_after, identities_for, number_text
from core.template import cell_label, template_for

RULE = "X-SPLIT"
_ROW_RULES = ("T3-ROW", "T4-REV", "T4-DIR", "T4-AFT")

Ref = tuple[str, str, str]


def check_split_cells(ext: Extraction) -> list[Finding]:
    results = [evaluate(ext, ident) for ident in identities_for(ext)]
    out: list[Finding] = []
    for r in results:
        if r.identity.rule not in _ROW_RULES or not r.fails:
            continue
        # The row's cells in print order: the parts, then the 总计.
        order = list(r.identity.right) + list(r.identity.left)
        readings = []
        for a, b in zip(order, order[1:]):
            merged = _merged(ext, a, b)
            if merged is None:
                continue
            places = [(keep, zero) for keep, zero in ((a, b), (b, a)) if holds_after(ext, r, [(keep, merged), (zero, 0)])]
            if places:
                readings.append((a, b, merged, places))
        if len(readings) != 1:
            continue
        a, b, merged, places = readings[0]
        # The column identities through the two cells choose where the number sits, if they can.
        whole = [(keep, zero) for keep, zero in places
                 if all(holds_after(ext, o, [(keep, merged), (zero, 0)]) for o in results
                        if not o.unknown and (keep in o.cells or zero in o.cells))]
        out.append(_finding(ext, r, a, b, merged, whole[0] if len(whole) == 1 else None, bool(whole)))
    return out


def _merged(ext: Extraction, a: Ref, b: Ref) -> int | None:
    cells = [cell_at(ext, ref) for ref in (a, b)]
    digits = []
    for cell in cells:
        if cell is None or cell.state != "ok" or not isinstance(cell.value, int) or not 0 <= cell.value <= 9:
            return None
        raw = (cell.raw or str(cell.value)).strip()
        if raw != str(cell.value):
            return None
        digits.append(cell.value)
    if digits[0] == 0:
        return None  # "05" is no number a clerk prints
    return digits[0] * 10 + digits[1]



def _finding(ext: Extraction, r: Evaluated, a: Ref, b: Ref, merged: int, place: tuple[Ref, Ref] | None,
             columns_hold: bool) -> Finding:
    tmpl = template_for(ext.table_versions.get(a[0], ext.template))
    spec = tmpl.table(a[0])
    row = spec.row(a[1])
    label = {c.key: c.label for c in row.columns}
    name = cell_label(tmpl, a[0], a[1], None)
    va, vb = cell_at(ext, a).value, cell_at(ext, b).value  # type: ignore[union-attr]
    text = (f"{name}的“{label[a[2]]}”{va} 与“{label[b[2]]}”{vb} 可能是同一个数 {merged} 被拆成了两格"
            f"（识别或格式转换时数字跨过了格线）：")
    if place is not None:
        keep, zero = place
        text += f"读作“{label[keep[2]]}”{merged}、“{label[zero[2]]}”0 时，本行与所在列的合计都相符。"
    elif columns_hold:
        text += f"其中一格读作 {merged}、另一格读作 0 时，本行与所在列的合计都相符。"
    else:
        text += f"其中一格读作 {merged}、另一格读作 0 时，本行合计相符。"
    text += f"请对照原件核对这两格；原件确实印作 {number_text(va)} 和 {number_text(vb)} 时，以上合计问题仍需更正。"  # type: ignore[arg-type]
    cells: list[CellRef] = [a, b]
    return Finding(RULE, "warning", text, cells)
