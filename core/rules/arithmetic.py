"""The 勾稽关系 (template.md §6.1–6.2): every identity the template declares, evaluated on
the printed values, with the cells involved, the arithmetic spelled out, the likely culprit
and the value that would fix it.

A blank cell counts as 0 (and T3-BLANK says so); a cell that could not be read makes the
identity unverifiable, which is reported separately from a false one.
"""

from __future__ import annotations

from collections import Counter

from core.model import CellRef, Extraction, Finding, Number
from core.rules.identities import Evaluated, cell_at, evaluate, fix_value, identities_for, is_blank, number_text, statement
from core.rules.root_cause import cause_finding, group_blank_totals, repairs_all, single_cell_causes, sums
from core.template import TableSpec, cell_label, template_for
from core.tokens import MAX_DIGITS

# The names other modules use (core/rules/reading.py, core/trust.py, core/rules/copies.py).
_cell = cell_at
_n = number_text
__all__ = ["check_identities", "check_values", "evaluate", "identities_for", "Evaluated", "_cell"]

# The cell each identity's fix is written into when no crossing identity points elsewhere:
# totals are what clerks add up by hand, so they are the usual culprit.
_FIX_SIDE = {"T3-BAL": ("right", "carry_next"), "T3-DONE": ("left", "total"), "T3-ROW": ("left", "total"),
             "T4-REV": ("left", "total"), "T4-DIR": ("left", "total"), "T4-AFT": ("left", "total")}


def check_identities(ext: Extraction) -> list[Finding]:
    results = [evaluate(ext, ident) for ident in identities_for(ext)]
    failing = [r for r in results if r.fails]
    # One root cause, one finding: a cell that alone breaks several identities is one finding,
    # placed where the first of them would be (core/rules/root_cause.py).
    causes = single_cell_causes(ext, results)
    cause_of = {id(r): c for c in causes for r in c.restores}
    slots: list[Finding | int] = []  # a merged finding, or the index of a finding in ``rest``
    rest: list[Evaluated] = []
    crossings: Counter[tuple[str, str, str]] = Counter(
        ref for r in failing if id(r) not in cause_of for ref in r.cells)
    for r in failing:
        cause = cause_of.get(id(r))
        if cause is None:
            slots.append(len(rest))
            rest.append(r)
        elif r is cause.restores[0]:
            slots.append(cause_finding(ext, cause))
    rest_findings = group_blank_totals(ext, rest, [_failure(ext, r, crossings, results) for r in rest])
    findings = [slot if isinstance(slot, Finding) else rest_findings[slot] for slot in slots]
    findings = [f for f in findings if f is not None]
    findings.extend(_unverifiable(ext, [r for r in results if r.unknown]))
    return findings


def _failure(ext: Extraction, r: Evaluated, crossings: Counter[tuple[str, str, str]], results: list[Evaluated]) -> Finding:
    """A failing identity no single cell explains together with another: its sums, and the cell
    to change if the others are right."""
    ident = r.identity
    tmpl = template_for(ext.table_versions.get(ident.left[0][0], ext.template))
    culprit, fix, confident = _culprit(ext, r, crossings, results)
    text = statement(ext, r)
    if ident.rule == "T3-BAL":
        expected, actual = r.left, r.right
    else:
        expected, actual = r.right, r.left
    blanks = [ref for ref in ident.left + ident.right if ref != culprit and is_blank(ext, ref)]
    if blanks and culprit is not None and not confident and not is_blank(ext, culprit):
        # A printed total against parts left blank (counted as 0): the blanks are the likely
        # gap, so changing the printed total to the blanks' sum would be bad advice.
        culprit, fix = None, None
        text += f"其中 {len(blanks)} 个单元格空白、按 0 计算；请先按原始数据补填空白单元格再核对。"
    if culprit is not None and fix is not None:
        name = cell_label(tmpl, *culprit)
        if is_blank(ext, culprit):
            text += f"{name}空白，应填 {number_text(fix)}。"
        elif confident:
            text += f"最可能出错的是{name}，改为 {number_text(fix)} 后相关勾稽关系都成立。"
        else:
            text += f"若其他数据无误，{name}应为 {number_text(fix)}。"
        # 应为 / 实为 describe the cell to change, as the window and the letter show them; the
        # identity's own sums stay in the message and in ``identities``.
        cell = cell_at(ext, culprit)
        expected, actual = fix, (None if cell is None or cell.state == "blank" else cell.value)
    cells: list[CellRef] = list(dict.fromkeys(ident.left + ident.right))
    return Finding(ident.rule, "error", text, cells, expected, actual, culprit, fix, identities=[sums(r)])


def _culprit(ext: Extraction, r: Evaluated, crossings: Counter[tuple[str, str, str]],
             results: list[Evaluated]) -> tuple[tuple[str, str, str] | None, Number | None, bool]:
    ident = r.identity
    cells = ident.left + ident.right
    best = max(cells, key=lambda c: crossings[c])
    if crossings[best] >= 2:
        fix = fix_value(ext, r, best)
        # Confident only when the change leaves every identity through the cell holding.
        if fix is not None and fix >= 0 and repairs_all(ext, results, best, fix):
            return best, fix, True
    side, row_or_col = _FIX_SIDE.get(ident.rule, ("left", "total"))
    refs = ident.left if side == "left" else ident.right
    target = next((ref for ref in refs if row_or_col in (ref[1], ref[2])), refs[0])
    fix = fix_value(ext, r, target)
    if fix is None or fix < 0:
        return None, None, False
    return target, fix, False


def _unverifiable(ext: Extraction, results: list[Evaluated]) -> list[Finding]:
    """One warning per rule: the identities that could not be checked and the unread cells."""
    by_rule: dict[str, list[Evaluated]] = {}
    for r in results:
        by_rule.setdefault(r.identity.rule, []).append(r)
    out = []
    for rule, rs in by_rule.items():
        missing = list(dict.fromkeys(ref for r in rs for ref in r.unknown))
        scopes = "、".join(dict.fromkeys(r.identity.scope for r in rs))
        if len(scopes) > 80:
            scopes = scopes[:78] + "…"
        out.append(Finding(
            rule, "warning",
            f"{scopes}的勾稽关系无法核对：有 {len(missing)} 个单元格未能读出数值（缺失或不是数字），请对照原件补全后再核对。",
            missing,
        ))
    return out


def check_values(ext: Extraction) -> list[Finding]:
    """VAL-INT, V-SIGN, V-NUMERIC, T3-BLANK, T3-ZERO-COLS, T3-CARRY-LE and the table-二 value
    rules."""
    out: list[Finding] = []
    for key, table, spec in ext.read_tables():
        tmpl = template_for(ext.table_versions.get(key, ext.template))
        blanks: list[CellRef] = []
        for row_key, cells in table.rows.items():
            if not spec.has_row(row_key):
                continue
            for col, cell in zip(spec.row(row_key).columns, cells):
                ref = (key, row_key, col.key)
                name = cell_label(tmpl, *ref)
                if cell.state == "text" and _digit_run(cell.raw):
                    # Hundreds of digits are no count a clerk typed: a reading problem there.
                    out.append(Finding("X-DIGITS", "warning", f"{name}印有一串 {len(cell.raw or '')} 位的数字，"
                                       "不像件数或金额，未能读出；请核对原文该单元格。", [ref]))
                elif cell.state == "text":
                    sev = "warning" if key == "t2" else "error"
                    out.append(Finding("V-NUMERIC", sev, f"{name}应填数字，却印有“{cell.raw}”；请填写数字（没有则填 0）。", [ref]))
                elif cell.state == "blank" and not (key == "t2" and row_key == "regulations"):
                    # "/" in 规章 is how an organ without rule-making power says "not
                    # applicable" (template.md §8.8); any other blank is named.
                    blanks.append(ref)
                if cell.value is None:
                    continue
                if cell.value < 0 and not col.signed:
                    out.append(Finding("V-SIGN", "error", f"{name}为负数 {_n(cell.value)}，该栏不能为负；请更正。", [ref], 0, cell.value, ref, None))
                if not col.decimal and not float(cell.value).is_integer():
                    out.append(Finding("VAL-INT", "error", f"{name}为 {_n(cell.value)}，件数应为整数；请更正。", [ref], None, cell.value))
                if key == "t2" and col.key == "amount_wan" and cell.unit == "元":
                    out.append(Finding("T2-UNIT", "error", f"{name}写成了“{cell.raw}”，模板单位为万元；请换算成万元（除以 10000）后填写。", [ref]))
        if blanks:
            out.append(Finding(
                "T2-BLANK" if key == "t2" else "T3-BLANK", "warning",
                f"{spec.name}有 {len(blanks)} 个单元格为空白（或“—”“/”“无”），计算时按 0 处理；模板要求每格都填数字，没有请填 0。",
                blanks,
            ))
    out.extend(_zero_cols(ext))
    out.extend(_carry_le(ext))
    out.extend(_t2_plausibility(ext))
    return out


def _digit_run(raw: str | None) -> bool:
    digits = (raw or "").replace(",", "").replace("，", "").replace(".", "")
    return digits.isdigit() and len(digits) > MAX_DIGITS


def _zero_cols(ext: Extraction) -> list[Finding]:
    table = ext.tables.get("t3")
    if table is None:
        return []
    rows = []
    for row_key, cells in table.rows.items():
        applicants, total = cells[:-1], cells[-1]
        if all(c.state == "blank" for c in applicants) and total.state == "ok":
            rows.append(row_key)
    if not rows:
        return []
    return [Finding(
        "T3-ZERO-COLS", "warning",
        f"表三有 {len(rows)} 行只填了总计，各类申请人栏目为空白；请按申请人类别分别填写（没有请填 0）。",
        [("t3", r, None) for r in rows],
    )]


def _carry_le(ext: Extraction) -> list[Finding]:
    table = ext.tables.get("t3")
    if table is None or not all(k in table.rows for k in ("new", "carried", "carry_next")):
        return []
    if "total" in table.rows:
        return []  # T3-BAL covers it
    out = []
    spec = ext.spec("t3")
    for i, col in enumerate(spec.row("new").columns):
        new, carried, nxt = (table.rows[k][i] for k in ("new", "carried", "carry_next"))
        if nxt.known and new.known and carried.known and nxt.number > new.number + carried.number:
            out.append(Finding(
                "T3-CARRY-LE", "error",
                f"表三“{col.label}”列：结转下年度 {_n(nxt.number)} 大于本年新收与上年结转之和 {_n(new.number + carried.number)}，不可能成立。",
                [("t3", "carry_next", col.key), ("t3", "new", col.key), ("t3", "carried", col.key)],
                new.number + carried.number, nxt.number,
            ))
    return out


def _t2_plausibility(ext: Extraction) -> list[Finding]:
    table = ext.tables.get("t2")
    if table is None:
        return []
    out = []
    version = ext.table_versions.get("t2", ext.template)
    tmpl = template_for(version)
    spec: TableSpec = tmpl.t2
    if version == "2021":
        for row_key in ("regulations", "normative_docs"):
            cells = table.rows.get(row_key)
            if not cells or len(cells) < 3:
                continue
            made, _, in_force = cells
            if made.value is not None and in_force.value is not None and in_force.value < made.value:
                out.append(Finding(
                    "T2-VALID≥MADE", "warning",
                    f"表二“{spec.row(row_key).label}”：现行有效件数 {_n(in_force.value)} 小于本年制发件数 {_n(made.value)}，本年制发的文件通常仍然有效；请核对。",
                    [("t2", row_key, "made"), ("t2", row_key, "in_force")], made.value, in_force.value,
                ))
    else:
        for row_key in ("regulations", "normative_docs"):
            cells = table.rows.get(row_key)
            if cells and len(cells) == 3 and cells[1].value is not None and cells[2].value is not None and cells[2].value < cells[1].value:
                out.append(Finding(
                    "T2V19-PUB", "warning",
                    f"表二“{spec.row(row_key).label}”：对外公开总数量 {_n(cells[2].value)} 小于本年新公开数量 {_n(cells[1].value)}；请核对。",
                    [("t2", row_key, "new_pub"), ("t2", row_key, "total_pub")], cells[1].value, cells[2].value,
                ))
        for row_key in ("licensing", "other_services", "punishment", "coercion", "fees"):
            cells = table.rows.get(row_key)
            if cells and len(cells) >= 2 and cells[0].value is not None and cells[1].value is not None and cells[0].value + cells[1].value < 0:
                out.append(Finding(
                    "T2V19-ITEMS", "error",
                    f"表二“{spec.row(row_key).label}”：上一年项目数量 {_n(cells[0].value)} 加本年增/减 {_n(cells[1].value)} 小于 0，项目数不可能为负。",
                    [("t2", row_key, "prev"), ("t2", row_key, "delta")],
                ))
    return out
