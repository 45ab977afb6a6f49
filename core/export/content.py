"""What the corrected workbook says, decided before any file is touched: the value each cell
shows, which totals stay live formulas, the list of changes with their reasons, the findings
that remain, and the prose of the source without its tables (core/export/prose.py).

Pure functions of a Report and an (edited) Extraction; ``core.export.workbook_sheets`` only draws
what this module decides, so the decisions can be tested without opening a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.check import check_extraction
from core.dismissals import Dismissal, split_dismissed
from core.export.prose import ProseItem, prose_items
from core.model import SEVERITY_ZH, CellRef, CellValue, Extraction, Finding, Number, Report
from core.template import TableSpec, Template, cell_label, template_for
from core.tokens import parse_cell_number

# The blank mark written for a cell the report printed empty: a visible "—" keeps the cell
# a cell (an empty string is easily dropped by readers and copy-paste) and reads back blank.
BLANK_MARK = "—"

MANUAL_REASON = "手工修改"


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-9


# ----------------------------------------------------------------------------- cell text

def cell_content(cell: CellValue) -> Number | str | None:
    """What the workbook stores for a cell: a number, a string exactly as printed (blank
    marks, non-numbers, numbers printed with a unit), or None for a cell the source lost."""
    if cell.state in ("ok", "inferred") and cell.value is not None:
        if cell.unit and cell.raw and parse_cell_number(cell.raw) is not None:
            # "52.15万元" / "2792220.8元": the unit printed inside the cell is itself a
            # finding (V-UNIT, T2-UNIT); keep the cell as printed so it is not hidden.
            return cell.raw.strip()
        return cell.value
    if cell.state == "blank":
        raw = (cell.raw or "").strip()
        # An edit to "empty" keeps the old raw text; only a real blank mark is reused.
        if raw and parse_cell_number(raw) == (None, None):
            return raw
        return BLANK_MARK
    if cell.state == "text":
        return (cell.raw or "").strip() or BLANK_MARK
    return None  # missing


def number_text(value: Number) -> str:
    """A number as a clerk types it: 12, 52.15, 2792220.8 (never 2.79222e+06)."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def display(cell: CellValue | None) -> str:
    """A cell's value as a person reads it in the change log and comments."""
    if cell is None:
        return "（无）"
    content = cell_content(cell)
    if content is None:
        return "（未能读出）"
    if isinstance(content, (int, float)):
        return number_text(content)
    return str(content)


# ----------------------------------------------------------------------------- totals

@dataclass(frozen=True)
class TotalPlan:
    """A total cell: the parts it sums (one list per identity it closes), and whether the
    current values satisfy every one of those identities."""

    cell: tuple[str, str, str]
    rule: str
    parts: tuple[tuple[str, str, str], ...]  # the parts the formula sums
    holds: bool
    parts_sum: Number | None  # None when a part is unreadable
    failing_rule: str | None = None


def _cell(ext: Extraction, ref: tuple[str, str, str]) -> CellValue | None:
    table, row, col = ref
    t = ext.tables.get(table)
    if t is None or row not in t.rows:
        return None
    keys = [c.key for c in ext.spec(table).row(row).columns]
    if col not in keys:
        return None
    cells = t.rows[row]
    index = keys.index(col)
    return cells[index] if index < len(cells) else None


def _sum(ext: Extraction, refs: tuple[tuple[str, str, str], ...]) -> Number | None:
    total: Number = 0
    for ref in refs:
        cell = _cell(ext, ref)
        if cell is None or not cell.known:
            return None
        total += cell.number
    return total


def total_plans(ext: Extraction) -> dict[tuple[str, str, str], TotalPlan]:
    """Every 总计 cell of tables 三 and 四, from the template's identities whose left side
    is one cell (T3-ROW, T3-DONE, T4-*; T3-BAL balances two pairs and has no total cell).

    The decision (why formulas only where the identity holds): the export is the corrected
    workbook, so a total that agrees with its parts becomes a live formula and keeps agreeing
    when the clerk edits further in Excel or WPS. A total that disagrees — the report printed
    it so and the user did not accept the fix — is written as the literal value, highlighted
    and commented: a formula there would silently replace the printed number with the sum and
    hide exactly the inconsistency the check found. A total printed blank stays blank (a
    formula would turn it into 0 and hide the T3-BLANK warning)."""
    plans: dict[tuple[str, str, str], list[tuple[str, tuple[tuple[str, str, str], ...]]]] = {}
    for table in ("t3", "t4"):
        if table not in ext.tables:
            continue
        tmpl = template_for(ext.table_versions.get(table, ext.template))
        for ident in tmpl.identities:
            if len(ident.left) != 1 or ident.left[0][0] != table:
                continue
            plans.setdefault(ident.left[0], []).append((ident.rule, ident.right))
    out: dict[tuple[str, str, str], TotalPlan] = {}
    for ref, idents in plans.items():
        cell = _cell(ext, ref)
        if cell is None:
            continue
        # The 总计 column is the sum of its row wherever a row sum exists (T3-ROW), so the
        # （七）总计/总计 corner reads like every other cell of that column.
        idents.sort(key=lambda rp: rp[0] != "T3-ROW")
        holds = True
        failing = None
        for rule, parts in idents:
            s = _sum(ext, parts)
            ok = (s is not None and cell.state in ("ok", "inferred") and cell.value is not None
                  and not cell.unit and _eq(cell.value, s))
            if not ok:
                holds = False
                if failing is None and s is not None and cell.known:
                    failing = rule
        rule, parts = idents[0]
        out[ref] = TotalPlan(ref, rule, parts, holds, _sum(ext, parts), failing)
    return out


# ----------------------------------------------------------------------------- changes

@dataclass(frozen=True)
class Change:
    table: str
    row: str
    col: str
    original: CellValue | None
    corrected: CellValue
    reason: str
    rule: str | None  # the rule whose fix the edit applied; None for a manual edit


def _fix_matches(f: Finding, ref: CellRef, value: Number | None) -> bool:
    if value is None:
        return False
    # A grouped finding (a 总计 column left blank in many rows) suggests a value for each cell.
    return any(tuple(cell) == tuple(ref) and _eq(fix, value) for cell, fix in f.cell_fixes())


def find_changes(original: Extraction, edited: Extraction, original_findings: list[Finding]) -> list[Change]:
    """Every cell whose value the user changed, in table order, with the finding whose
    suggested fix it applies (a finding of the original check, or one that the edits made
    before it exposed), else 手工修改."""
    out: list[Change] = []
    for table, t, spec in edited.read_tables():
        for row in spec.rows:
            cells = t.rows.get(row.key)
            if cells is None:
                continue
            for index, col in enumerate(row.columns):
                if index >= len(cells):
                    continue
                new = cells[index]
                old = original.value(table, row.key, index)
                if old is not None and _same_value(old, new):
                    continue
                ref: CellRef = (table, row.key, col.key)
                out.append(_change(original, edited, original_findings, ref, index, old, new))
    return out


def _same_value(a: CellValue, b: CellValue) -> bool:
    if a.value is not None and b.value is not None:
        return _eq(a.value, b.value)
    # Text cleared to blank, a lost cell confirmed blank: the shown value changed.
    return display(a) == display(b)


def _change(original: Extraction, edited: Extraction, original_findings: list[Finding], ref: CellRef,
            index: int, old: CellValue | None, new: CellValue) -> Change:
    table, row, col = ref
    assert row is not None and col is not None
    candidates = list(original_findings)
    if old is not None:
        # The findings just before this edit: the other edits applied, this one not.
        before = edited.with_value(table, row, index, old.value)
        before.tables[table].rows[row][index] = old
        candidates += check_extraction(before)
    for f in candidates:
        if _fix_matches(f, ref, new.value):
            return Change(table, row, col, old, new, f"{f.rule}：{f.message}", f.rule)
    return Change(table, row, col, old, new, MANUAL_REASON, None)


# ----------------------------------------------------------------------------- findings

_META_NAMES = {
    "title": "标题", "year": "报告年度", "period": "统计期限", "agency": "单位名称",
    "signature": "落款单位", "date": "落款或发布日期",
}


def cell_names(ext: Extraction, cells: list[CellRef]) -> str:
    names: list[str] = []
    for table, row, col in cells:
        if table in ("t2", "t3", "t4"):
            tmpl = template_for(ext.table_versions.get(table, ext.template))
            name = cell_label(tmpl, table, row, col)
        elif table == "meta":
            name = _META_NAMES.get(row or "", "报告信息")
        elif table == "text":
            name = f"正文第{row}部分" if row else "正文"
        else:
            name = str(table)
        if name not in names:
            names.append(name)
    if len(names) > 8:
        return "、".join(names[:8]) + f"等 {len(names)} 处"
    return "、".join(names)


@dataclass(frozen=True)
class FindingRow:
    severity: str  # Chinese
    rule: str
    cells: str
    message: str
    expected: Number | None
    actual: Number | None


def finding_rows(ext: Extraction, findings: list[Finding]) -> list[FindingRow]:
    return [FindingRow(SEVERITY_ZH[f.severity], f.rule, cell_names(ext, f.cells), f.message, f.expected, f.actual)
            for f in findings]


# ----------------------------------------------------------------------------- title

def title_text(ext: Extraction) -> str:
    """The title row of every table sheet: "{agency}{year}年政府信息公开工作年度报告", as the
    report's own title reads, so a re-check finds the agency and year."""
    meta = ext.meta
    if meta.year is None:
        return f"{meta.agency or ''}政府信息公开工作年度报告"
    return f"{meta.agency or ''}{meta.year}年政府信息公开工作年度报告"


def table_caption(spec: TableSpec) -> str:
    """"表三　收到和处理政府信息公开申请情况": the section heading without its numeral, so it
    is not taken for the heading of section 三 when the workbook is read again."""
    heading = spec.heading.split("、", 1)[-1]
    return f"{spec.name}　{heading}"


@dataclass
class WorkbookContent:
    """Everything the sheets show."""

    report: Report
    extraction: Extraction  # the values to write (edited, or as printed)
    findings: list[Finding]  # remaining after the edits
    changes: list[Change]
    totals: dict[tuple[str, str, str], TotalPlan]
    prose: list[ProseItem]
    title: str
    templates: dict[str, Template] = field(default_factory=dict)
    # Findings the clerk checked and left as printed ("已核实，无需修改"), by finding_key.
    dismissals: dict[str, Dismissal] = field(default_factory=dict)

    def split_findings(self) -> tuple[list[Finding], list[tuple[Finding, Dismissal]]]:
        """The findings still open, and the dismissed ones with their reason."""
        return split_dismissed(self.findings, self.dismissals)


def build_content(report: Report, edited: Extraction | None, extra_findings: Sequence[Finding] = (),
                  dismissals: Mapping[str, Dismissal] | None = None) -> WorkbookContent:
    original = report.extraction
    assert original is not None
    ext = edited if edited is not None else original
    findings = check_extraction(ext) if edited is not None else list(report.findings)
    findings += [f for f in extra_findings if f not in findings]
    changes = find_changes(original, ext, report.findings) if edited is not None else []
    return WorkbookContent(
        report=report,
        extraction=ext,
        findings=findings,
        changes=changes,
        totals=total_plans(ext),
        prose=prose_items(report),
        title=title_text(ext),
        dismissals=dict(dismissals or {}),
    )
