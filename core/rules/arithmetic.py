"""The 勾稽关系 (template.md §6.1–6.2): every identity the template declares, evaluated on
the printed values, with the cells involved, the arithmetic spelled out, the likely culprit
and the value that would fix it.

A blank cell counts as 0 (and T3-BLANK says so); a cell that could not be read makes the
identity unverifiable, which is reported separately from a false one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.model import CellRef, CellValue, Extraction, Finding, Number
from core.template import Identity, TableSpec, cell_label, template_for
from core.tokens import MAX_DIGITS

# The cell each identity's fix is written into when no crossing identity points elsewhere:
# totals are what clerks add up by hand, so they are the usual culprit.
_FIX_SIDE = {"T3-BAL": ("right", "carry_next"), "T3-DONE": ("left", "total"), "T3-ROW": ("left", "total"),
             "T4-REV": ("left", "total"), "T4-DIR": ("left", "total"), "T4-AFT": ("left", "total")}


@dataclass
class Evaluated:
    identity: Identity
    left: Number
    right: Number
    unknown: list[CellRef]  # cells that could not be read

    @property
    def holds(self) -> bool:
        return not self.unknown and _eq(self.left, self.right)


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-9


def _cell(ext: Extraction, ref: tuple[str, str, str]) -> CellValue | None:
    table, row, col = ref
    t = ext.tables.get(table)
    if t is None or row not in t.rows:
        return None
    spec = ext.spec(table)
    try:
        index = [c.key for c in spec.row(row).columns].index(col)
    except (KeyError, ValueError):
        return None
    cells = t.rows[row]
    return cells[index] if index < len(cells) else None


def identities_for(ext: Extraction) -> list[Identity]:
    out: list[Identity] = []
    t3 = template_for(ext.table_versions.get("t3", ext.template))
    for ident in t3.identities:
        table = ident.left[0][0]
        if table in ext.tables:
            out.append(ident)
    return out


def evaluate(ext: Extraction, ident: Identity) -> Evaluated:
    unknown: list[CellRef] = []
    sums = []
    for side in (ident.left, ident.right):
        total: Number = 0
        for ref in side:
            cell = _cell(ext, ref)
            if cell is None or not cell.known:
                unknown.append(ref)
                continue
            total += cell.number
        sums.append(total)
    return Evaluated(ident, sums[0], sums[1], unknown)


def check_identities(ext: Extraction) -> list[Finding]:
    results = [evaluate(ext, ident) for ident in identities_for(ext)]
    failing = [r for r in results if not r.unknown and not _eq(r.left, r.right)]
    # A wrong cell usually breaks one row sum and one column identity that cross at it.
    crossings: Counter[tuple[str, str, str]] = Counter()
    for r in failing:
        for ref in r.identity.left + r.identity.right:
            crossings[ref] += 1
    findings = [_failure(ext, r, crossings, failing) for r in failing]
    findings = _group_blank_totals(ext, failing, findings)
    findings.extend(_unverifiable(ext, [r for r in results if r.unknown]))
    return findings


def _group_blank_totals(ext: Extraction, failing: list[Evaluated], findings: list[Finding]) -> list[Finding]:
    """One root cause, one finding: a 总计 column left blank in many rows fails one row sum
    per row, and the column's own sum ((七)总计) with them. That is one finding listing every
    cell to fill and its value; a failing identity that filling them all repairs is part of
    it, not another finding."""
    blank_fill = [i for i, f in enumerate(findings)
                  if f.rule == "T3-ROW" and f.culprit is not None and f.fix is not None and _is_blank(ext, f.culprit)]
    if len(blank_fill) < 2:
        return findings
    fixes: list[tuple[CellRef, Number]] = [(findings[i].culprit, findings[i].fix) for i in blank_fill]  # type: ignore[misc]
    grouped = set(blank_fill)
    repaired = [i for i, r in enumerate(failing) if i not in grouped and _repaired_by(ext, r, fixes)]
    members = sorted(grouped | set(repaired))
    cells: list[CellRef] = list(dict.fromkeys(ref for i in members for ref in findings[i].cells))
    tmpl = template_for(ext.table_versions.get("t3", ext.template))
    spec = tmpl.table("t3")
    column = next((c.label for c in spec.row(fixes[0][0][1]).columns if c.key == fixes[0][0][2]), "总计")  # type: ignore[arg-type]
    listed = "，".join(f"{_row_name(spec, ref[1])} {_n(value)}" for ref, value in fixes)
    text = (f"表三“{column}”列有 {len(fixes)} 行空白（按 0 计），与各类申请人之和不符；"
            f"应分别填：{listed}。")
    also = [findings[i] for i in repaired]
    if also:
        names = "、".join(dict.fromkeys(_identity_name(f.rule) for f in also))
        text += f"填好后{names}也随之成立。"
    group = Finding("T3-ROW", "error", text, cells, None, None, fixes[0][0], fixes[0][1], fixes=fixes)
    first = members[0]
    return [group if i == first else f for i, f in enumerate(findings) if i == first or i not in members]


def _repaired_by(ext: Extraction, r: Evaluated, fixes: list[tuple[CellRef, Number]]) -> bool:
    left, right = r.left, r.right
    for ref, value in fixes:
        cell = _cell(ext, ref)  # type: ignore[arg-type]
        if cell is None:
            return False
        delta = value - cell.number
        if ref in r.identity.left:
            left += delta
        if ref in r.identity.right:
            right += delta
    return _eq(left, right)


def _row_name(spec: TableSpec, row_key: str | None) -> str:
    """A row's label without its long explanatory brackets ("（区分处理的，只计这一情形…）")."""
    try:
        return re.sub(r"（[^）]{6,}）", "", spec.row(row_key or "").label)
    except KeyError:
        return str(row_key)


def _identity_name(rule: str) -> str:
    return {"T3-DONE": "（七）总计的勾稽关系", "T3-BAL": "表三的结转关系"}.get(rule, f"{rule} 的勾稽关系")


def _failure(ext: Extraction, r: Evaluated, crossings: Counter[tuple[str, str, str]], failing: list[Evaluated]) -> Finding:
    ident = r.identity
    tmpl = template_for(ext.table_versions.get(ident.left[0][0], ext.template))
    diff = r.left - r.right
    culprit, fix, confident = _culprit(ext, r, crossings, failing)
    left_txt = _terms(ext, tmpl, ident.left)
    right_txt = _terms(ext, tmpl, ident.right)
    if ident.rule == "T3-BAL":
        text = (f"表三{ident.scope}：第一项加第二项 {left_txt} = {_n(r.left)}，"
                f"不等于第三项加第四项 {right_txt} = {_n(r.right)}（差 {_n(abs(diff))}）。")
        expected, actual = r.left, r.right
    else:
        total_ref = ident.left[0]
        where = cell_label(tmpl, *total_ref)
        shown = "空白（按 0 计）" if _is_blank(ext, total_ref) else _n(r.left)
        text = f"{where} {shown} ≠ {right_txt} = {_n(r.right)}（差 {_n(abs(diff))}）。"
        if ident.rule == "T3-ROW":
            text = "总计列应等于各类申请人之和：" + text
        elif ident.rule == "T3-DONE":
            text = "（七）总计应等于各项办理结果之和：" + text
        else:
            text = "表四总计应等于结果维持、结果纠正、其他结果、尚未审结之和：" + text
        expected, actual = r.right, r.left
    blanks = [ref for ref in ident.left + ident.right if ref != culprit and _is_blank(ext, ref)]
    if blanks and culprit is not None and not confident and not _is_blank(ext, culprit):
        # A printed total against parts left blank (counted as 0): the blanks are the likely
        # gap, so changing the printed total to the blanks' sum would be bad advice.
        culprit, fix = None, None
        text += f"其中 {len(blanks)} 个单元格空白、按 0 计算；请先按原始数据补填空白单元格再核对。"
    if culprit is not None and fix is not None:
        name = cell_label(tmpl, *culprit)
        if _is_blank(ext, culprit):
            text += f"{name}空白，应填 {_n(fix)}。"
        elif confident:
            text += f"最可能出错的是{name}，改为 {_n(fix)} 后相关勾稽关系都成立。"
        else:
            text += f"若其他数据无误，{name}应为 {_n(fix)}。"
    cells: list[CellRef] = list(dict.fromkeys(ident.left + ident.right))
    return Finding(ident.rule, "error", text, cells, expected, actual, culprit, fix)


def _is_blank(ext: Extraction, ref: tuple[str, str, str]) -> bool:
    cell = _cell(ext, ref)
    return cell is not None and cell.state == "blank"


def _culprit(ext: Extraction, r: Evaluated, crossings: Counter[tuple[str, str, str]], failing: list[Evaluated]) -> tuple[tuple[str, str, str] | None, Number | None, bool]:
    ident = r.identity
    cells = ident.left + ident.right
    best = max(cells, key=lambda c: crossings[c])
    if crossings[best] >= 2:
        fix = _fix_value(ext, r, best)
        if fix is not None and fix >= 0:
            # Confident when the same change repairs every failing identity through that cell.
            ok = all(_repairs(ext, other, best, fix) for other in failing if best in other.identity.left + other.identity.right)
            if ok:
                return best, fix, True
    side, row_or_col = _FIX_SIDE.get(ident.rule, ("left", "total"))
    refs = ident.left if side == "left" else ident.right
    target = next((ref for ref in refs if row_or_col in (ref[1], ref[2])), refs[0])
    fix = _fix_value(ext, r, target)
    if fix is None or fix < 0:
        return None, None, False
    return target, fix, False


def _fix_value(ext: Extraction, r: Evaluated, ref: tuple[str, str, str]) -> Number | None:
    cell = _cell(ext, ref)
    if cell is None:
        return None
    current = cell.number
    diff = r.left - r.right
    value = current - diff if ref in r.identity.left else current + diff
    return int(value) if float(value).is_integer() else value


def _repairs(ext: Extraction, other: Evaluated, ref: tuple[str, str, str], fix: Number) -> bool:
    cell = _cell(ext, ref)
    if cell is None:
        return False
    delta = fix - cell.number
    left = other.left + (delta if ref in other.identity.left else 0)
    right = other.right + (delta if ref in other.identity.right else 0)
    return _eq(left, right)


def _terms(ext: Extraction, tmpl, refs: tuple[tuple[str, str, str], ...]) -> str:  # type: ignore[no-untyped-def]
    values = []
    for ref in refs:
        cell = _cell(ext, ref)
        values.append(_n(cell.number) if cell is not None else "?")
    if len(values) > 8:
        nonzero = [v for v in values if v != "0"]
        return "（" + " + ".join(nonzero or ["0"]) + (" + 其余各项 0" if len(nonzero) < len(values) else "") + "）"
    return " + ".join(values)


def _n(value: Number) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


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
