"""The template's identities evaluated on the printed values: the primitives the arithmetic
findings (core/rules/arithmetic.py) and the root-cause grouping (core/rules/root_cause.py)
share, and the OCR trust pass uses to know which cells to look at again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.model import CellRef, CellValue, Extraction, Number
from core.template import Identity, cell_label, template_for

Ref = tuple[str, str, str]


@dataclass
class Evaluated:
    identity: Identity
    left: Number
    right: Number
    unknown: list[CellRef]  # cells that could not be read

    @property
    def holds(self) -> bool:
        return not self.unknown and eq(self.left, self.right)

    @property
    def fails(self) -> bool:
        """False with every cell read: an arithmetic error, not a reading problem."""
        return not self.unknown and not eq(self.left, self.right)

    @property
    def cells(self) -> tuple[Ref, ...]:
        return self.identity.left + self.identity.right

    def after(self, ref: Ref, delta: Number) -> bool:
        """Whether the identity holds once ``ref`` changes by ``delta``."""
        left = self.left + (delta if ref in self.identity.left else 0)
        right = self.right + (delta if ref in self.identity.right else 0)
        return eq(left, right)


def eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-9


def cell_at(ext: Extraction, ref: tuple[str, str | None, str | None]) -> CellValue | None:
    table, row, col = ref
    t = ext.tables.get(table)
    if t is None or row not in t.rows:
        return None
    spec = ext.spec(table)
    try:
        index = [c.key for c in spec.row(row).columns].index(col)  # type: ignore[arg-type]
    except (KeyError, ValueError):
        return None
    cells = t.rows[row]
    return cells[index] if index < len(cells) else None



def holds_after(ext: Extraction, r: Evaluated, changes: Iterable[tuple[CellRef, Number]]) -> bool:
    """Whether the evaluated identity ``r`` would hold with these cells changed to these
    values (a cell that is not there cannot be changed: False)."""
    left, right = r.left, r.right
    for ref, value in changes:
        cell = cell_at(ext, ref)
        if cell is None:
            return False
        delta = value - cell.number
        if ref in r.identity.left:
            left += delta
        if ref in r.identity.right:
            right += delta
    return eq(left, right)


def is_blank(ext: Extraction, ref: tuple[str, str | None, str | None]) -> bool:
    cell = cell_at(ext, ref)
    return cell is not None and cell.state == "blank"


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
            cell = cell_at(ext, ref)
            if cell is None or not cell.known:
                unknown.append(ref)
                continue
            total += cell.number
        sums.append(total)
    return Evaluated(ident, sums[0], sums[1], unknown)


def fix_value(ext: Extraction, r: Evaluated, ref: Ref) -> Number | None:
    """The value of ``ref`` that makes ``r`` hold, the other cells as printed."""
    cell = cell_at(ext, ref)
    if cell is None:
        return None
    diff = r.left - r.right
    value = cell.number - diff if ref in r.identity.left else cell.number + diff
    return int(value) if float(value).is_integer() else value


def number_text(value: Number) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def statement(ext: Extraction, r: Evaluated) -> str:
    """The failing identity spelled out with the printed values, one sentence."""
    ident = r.identity
    tmpl = template_for(ext.table_versions.get(ident.left[0][0], ext.template))
    diff = number_text(abs(r.left - r.right))
    right_txt = _terms(ext, ident.right)
    if ident.rule == "T3-BAL":
        return (f"表三{ident.scope}：第一项加第二项 {_terms(ext, ident.left)} = {number_text(r.left)}，"
                f"不等于第三项加第四项 {right_txt} = {number_text(r.right)}（差 {diff}）。")
    total_ref = ident.left[0]
    shown = "空白（按 0 计）" if is_blank(ext, total_ref) else number_text(r.left)
    text = f"{cell_label(tmpl, *total_ref)} {shown} ≠ {right_txt} = {number_text(r.right)}（差 {diff}）。"
    if ident.rule == "T3-ROW":
        return "总计列应等于各类申请人之和：" + text
    if ident.rule == "T3-DONE":
        return "（七）总计应等于各项办理结果之和：" + text
    return "表四总计应等于结果维持、结果纠正、其他结果、尚未审结之和：" + text


def _terms(ext: Extraction, refs: tuple[Ref, ...]) -> str:
    values = []
    for ref in refs:
        cell = cell_at(ext, ref)
        values.append(number_text(cell.number) if cell is not None else "?")
    if len(values) > 8:
        nonzero = [v for v in values if v != "0"]
        return "（" + " + ".join(nonzero or ["0"]) + (" + 其余各项 0" if len(nonzero) < len(values) else "") + "）"
    return " + ".join(values)
