"""One root cause, one finding (template.md §6.1–6.2 as a reviewer reads them).

A wrong cell breaks every identity it sits in: （七）总计/自然人 printed one too many fails the
自然人 column's balance (T3-BAL), its办理结果 sum (T3-DONE) and the （七）总计 row sum (T3-ROW).
The clerk made one mistake and has one cell to change, so the checker says it once: the cell,
its printed value, the value that restores every identity through it, and those identities
with their sums. Three findings for one typo read as three mistakes and get the same cell
"fixed" three times.

A cell is that one cause only when the evidence leaves no other reading:
- it sits in two or more failing identities and one value makes every identity through it
  hold — the failing ones and the ones that hold now (a change that repairs two sums but
  breaks a third is not the fix);
- no other cell explains any of those identities as well (two candidates for the same
  identity mean two mistakes or an ambiguity: the findings stay apart).
Identities no single cell explains stay separate findings (core/rules/arithmetic.py).

A 总计 column left blank in many rows is the other common single cause (many cells, one
omission); ``group_blank_totals`` makes it one finding with every cell to fill.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.model import CellRef, Extraction, Finding, IdentitySums, Number
from core.rules.identities import Evaluated, cell_at, fix_value, holds_after, is_blank, number_text, statement
from core.template import TableSpec, cell_label, template_for

Ref = tuple[str, str, str]

# Which identity a merged finding is filed under (its ``rule``): the one whose lone total the
# culprit is (（一）予以公开/总计 is its row's 总计 → T3-ROW), else the first of this order.
_PRIMARY_ORDER = ("T3-ROW", "T3-DONE", "T3-BAL", "T4-REV", "T4-DIR", "T4-AFT")
_NUMBERED = "①②③④⑤⑥⑦⑧⑨"


@dataclass
class RootCause:
    cell: Ref
    fix: Number
    restores: list[Evaluated]  # the failing identities through the cell, in template order


def single_cell_causes(ext: Extraction, results: list[Evaluated]) -> list[RootCause]:
    """The cells each of which alone explains two or more failing identities."""
    failing = [r for r in results if r.fails]
    crossings: Counter[Ref] = Counter(ref for r in failing for ref in r.cells)
    candidates: list[RootCause] = []
    for ref, count in crossings.items():
        if count < 2:
            continue
        cell = cell_at(ext, ref)
        if cell is None or not cell.known:
            continue
        through = [r for r in failing if ref in r.cells]
        fix = fix_value(ext, through[0], ref)
        if fix is None or fix < 0:
            continue
        delta = fix - cell.number
        if all(r.after(ref, delta) for r in results if not r.unknown and ref in r.cells):
            candidates.append(RootCause(ref, fix, through))
    claims: Counter[int] = Counter(id(r) for c in candidates for r in c.restores)
    return [c for c in candidates if all(claims[id(r)] == 1 for r in c.restores)]


def repairs_all(ext: Extraction, results: list[Evaluated], ref: Ref, fix: Number) -> bool:
    """Whether writing ``fix`` into ``ref`` leaves every checkable identity through it holding."""
    cell = cell_at(ext, ref)
    if cell is None:
        return False
    delta = fix - cell.number
    return all(r.after(ref, delta) for r in results if not r.unknown and ref in r.cells)


def cause_finding(ext: Extraction, cause: RootCause) -> Finding:
    """One finding for the cell: its printed value and fix first (what the clerk changes),
    then each identity it restores with its own sums (the sentence a single failing identity
    gets)."""
    tmpl = template_for(ext.table_versions.get(cause.cell[0], ext.template))
    name = cell_label(tmpl, *cause.cell)
    cell = cell_at(ext, cause.cell)
    primary = _primary(cause)
    ordered = [primary] + [r for r in cause.restores if r is not primary]
    blank = is_blank(ext, cause.cell)
    printed = "空白（按 0 计）" if blank else f"印为 {number_text(cell.number)}"  # type: ignore[union-attr]
    parts = "；".join(f"{_NUMBERED[i] if i < len(_NUMBERED) else ''}{statement(ext, r).rstrip('。')}"
                      for i, r in enumerate(ordered))
    # What to write first (the list shows two lines of it), then why.
    text = (f"{name}{printed}，{'应填' if blank else '应为'} {number_text(cause.fix)}："
            f"这一格使 {len(ordered)} 个勾稽关系不成立，改正后都成立——{parts}。")
    cells: list[CellRef] = list(dict.fromkeys(ref for r in ordered for ref in r.cells))
    actual = None if blank or cell is None else cell.value
    return Finding(primary.identity.rule, "error", text, cells, cause.fix, actual, cause.cell, cause.fix,
                   identities=[sums(r) for r in ordered])


def sums(r: Evaluated) -> IdentitySums:
    return IdentitySums(r.identity.rule, r.identity.scope, r.left, r.right)


def _primary(cause: RootCause) -> Evaluated:
    lone = [r for r in cause.restores if r.identity.left == (cause.cell,)]
    pool = lone or cause.restores
    return min(pool, key=lambda r: _PRIMARY_ORDER.index(r.identity.rule) if r.identity.rule in _PRIMARY_ORDER else 99)


# ----------------------------------------------------------------------------- blank totals

def group_blank_totals(ext: Extraction, failing: list[Evaluated], findings: list[Finding]) -> list[Finding | None]:
    """A 总计 column left blank in many rows fails one row sum per row, and the column's own
    sum ((七)总计) with them. That is one finding listing every cell to fill and its value; a
    failing identity that filling them all repairs is part of it, not another finding.
    ``findings[i]`` is the finding of ``failing[i]``; the result is aligned with them, the
    group in its first member's place and ``None`` in the others'."""
    blank_fill = [i for i, f in enumerate(findings)
                  if f.rule == "T3-ROW" and f.culprit is not None and f.fix is not None and is_blank(ext, f.culprit)]
    if len(blank_fill) < 2:
        return list(findings)
    fixes: list[tuple[CellRef, Number]] = [(findings[i].culprit, findings[i].fix) for i in blank_fill]  # type: ignore[misc]
    grouped = set(blank_fill)
    repaired = [i for i, r in enumerate(failing) if i not in grouped and holds_after(ext, r, fixes)]
    members = sorted(grouped | set(repaired))
    cells: list[CellRef] = list(dict.fromkeys(ref for i in members for ref in findings[i].cells))
    tmpl = template_for(ext.table_versions.get("t3", ext.template))
    spec = tmpl.table("t3")
    column = next((c.label for c in spec.row(fixes[0][0][1]).columns if c.key == fixes[0][0][2]), "总计")  # type: ignore[arg-type]
    listed = "，".join(f"{_row_name(spec, ref[1])} {number_text(value)}" for ref, value in fixes)
    text = (f"表三“{column}”列有 {len(fixes)} 行空白（按 0 计），与各类申请人之和不符；"
            f"应分别填：{listed}。")
    also = [findings[i] for i in repaired]
    if also:
        names = "、".join(dict.fromkeys(_identity_name(f.rule) for f in also))
        text += f"填好后{names}也随之成立。"
    group = Finding("T3-ROW", "error", text, cells, None, None, fixes[0][0], fixes[0][1], fixes=fixes,
                    identities=[sums(failing[i]) for i in members])
    first = members[0]
    return [group if i == first else (None if i in members else f) for i, f in enumerate(findings)]



def _row_name(spec: TableSpec, row_key: str | None) -> str:
    """A row's label without its long explanatory brackets ("（区分处理的，只计这一情形…）")."""
    try:
        return re.sub(r"（[^）]{6,}）", "", spec.row(row_key or "").label)
    except KeyError:
        return str(row_key)


def _identity_name(rule: str) -> str:
    return {"T3-DONE": "（七）总计的勾稽关系", "T3-BAL": "表三的结转关系"}.get(rule, f"{rule} 的勾稽关系")
