"""What the corrected workbook says, decided before any file is touched: the value each cell
shows, which totals stay live formulas, the list of changes with their reasons, the findings
that remain, and the prose of the source without its tables.

Pure functions of a Report and an (edited) Extraction; ``core.export.workbook_sheets`` only draws
what this module decides, so the decisions can be tested without opening a workbook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.check import check_extraction
from core.dismissals import Dismissal, split_dismissed
from core.document import Document, Location, RawTable, TableCell, TextBlock
from core.model import SEVERITY_ZH, CellRef, CellValue, Extraction, Finding, Number, Report
from core.normalize import label_key
from core.template import SECTIONS, TableSpec, Template, cell_label, template_for
from core.tokens import parse_cell_number

# The blank mark written for a cell the report printed empty: a visible "—" keeps the cell
# a cell (an empty string is easily dropped by readers and copy-paste) and reads back blank.
BLANK_MARK = "—"

# Excel refuses longer strings in one cell.
MAX_CELL_CHARS = 32_000

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


# ----------------------------------------------------------------------------- prose

@dataclass(frozen=True)
class TableMark:
    """Where a table stood in the source: the 原文 sheet draws the table there (linked to
    its own sheet), so the full text reads like the report and each table sits under its
    section heading, where any reader of annual reports looks for it."""

    table: str


# A line of text, a mark where a table stood, or a row of a table that is not one of the
# three (a box around the introduction, a layout table), kept cell by cell.
ProseItem = str | TableMark | tuple[str, ...]


def prose_items(report: Report) -> list[ProseItem]:
    """The source's running text in reading order — title, prose of the six sections,
    signature — with each of tables 二/三/四 replaced by a mark where it was printed. The
    source's own copy of a table (a scrape, possibly damaged) is never repeated: a re-check
    of the workbook must read the corrected values."""
    ext = report.extraction
    doc = report.document
    if doc is None or ext is None:
        return list(_section_text_lines(ext))
    spans = _table_spans(ext, doc)
    items: list[ProseItem] = []
    placed: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, RawTable):
            # Row by row: a ruled PDF page may hold a table together with headings and prose
            # in one grid; other tables (a box around the introduction, page layout) are report
            # text too — the statistics period often sits in such a box.
            # The header rows of a ruled table sit above the first value the extraction
            # placed, outside its span: a row of the grid that holds only that table's header
            # and caption words is part of the table, not text to repeat before it.
            owner = next((k for row in block.rows if (k := _row_table(row, spans)) is not None), None)
            owner_words = _header_words(ext.spec(owner)) if owner is not None else ""
            for row in block.rows:
                cells = tuple(c.text.strip() for c in row)
                filled = [c for c in cells if c]
                key = None if len(filled) == 1 and _is_section_heading(filled[0]) else _row_table(row, spans)
                if key is None and owner is not None and filled and not (len(filled) == 1 and _is_section_heading(filled[0])) \
                        and all(_is_header_line(c, owner_words) for c in filled):
                    key = owner
                if key is not None:
                    if key not in placed:
                        placed.add(key)
                        items.append(TableMark(key))
                elif len(filled) == 1:
                    items.extend(_split_long(filled[0]))
                elif filled:
                    items.append(tuple(c[:MAX_CELL_CHARS] for c in cells))
            continue
        key = _table_of(block, spans)
        if key is not None:
            if key not in placed:
                placed.add(key)
                items.append(TableMark(key))
            continue
        text = block.text.strip()
        if text:
            items.extend(_split_long(text))
    return items


def _row_table(row: list[TableCell], spans: dict[str, tuple[int, int]]) -> str | None:
    for key, span in spans.items():
        if any(_inside(cell.loc, [span]) for cell in row):
            return key
    return None


def prose_lines(report: Report) -> list[str]:
    return [item if isinstance(item, str) else "\t".join(item) for item in prose_items(report)
            if not isinstance(item, TableMark)]


def _table_of(block: TextBlock, spans: dict[str, tuple[int, int]]) -> str | None:
    if _is_section_heading(block.text):
        # A heading that names the table's words ("四、…行政复议、行政诉讼情况") can be
        # taken for the table's first header cell; it stays in the text.
        return None
    for key, span in spans.items():
        if _inside(block.loc, [span]):
            return key
    return None


def _section_text_lines(ext: Extraction | None) -> list[str]:
    if ext is None:
        return []
    lines: list[str] = []
    for num in ext.meta.section_order or list(ext.meta.section_text):
        for line in ext.meta.section_text.get(num, "").split("\n"):
            if line.strip() and "\t" not in line:
                lines.extend(_split_long(line.strip()))
    return lines


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CELL_CHARS:
        return [text]
    out: list[str] = []
    while len(text) > MAX_CELL_CHARS:
        cut = text.rfind("。", 0, MAX_CELL_CHARS)
        cut = cut + 1 if cut > 0 else MAX_CELL_CHARS
        out.append(text[:cut])
        text = text[cut:]
    if text:
        out.append(text)
    return out


def _inside(loc: Location, spans: list[tuple[int, int]]) -> bool:
    if loc.start is None or loc.end is None:
        return False
    return any(loc.start < end and loc.end > start for start, end in spans)


_PIECES = re.compile(r"[\t|｜]+|[ \u3000\u00a0]{2,}")


def _header_words(spec: TableSpec) -> str:
    """All header and caption words of a table, as one matching key."""
    from core.template import grid_layout

    words = [c.text for c in grid_layout(spec).cells if c.kind in ("header", "caption")]
    return "|".join(label_key(w, keep_annotation=True) for w in words) + "|" + "|".join(label_key(w) for w in words)


def _table_spans(ext: Extraction, doc: Document) -> dict[str, tuple[int, int]]:
    """Character spans of the source taken by tables 二/三/四: from the first header line
    above the first row to the last value, as the extraction located them."""
    blocks = [b for b in doc.blocks if isinstance(b, TextBlock) and b.loc.start is not None]
    spans: dict[str, tuple[int, int]] = {}
    for key, table in ext.tables.items():
        locs: list[Location] = [loc for loc in [table.loc, *table.row_locs.values()] if loc is not None]
        locs += [c.loc for cells in table.rows.values() for c in cells if c.loc is not None]
        starts = [loc.start for loc in locs if loc.start is not None]
        ends = [loc.end for loc in locs if loc.end is not None]
        if not starts or not ends:
            continue
        start, end = min(starts), max(ends)
        words = _header_words(ext.spec(key))
        # Walk back over the header lines printed above the first row ("申请人情况",
        # "商业" / "企业", "第二十条第（一）项", the 勾稽关系 note).
        before = [b for b in blocks if b.loc.end is not None and b.loc.end <= start]
        for block in reversed(before):
            if not _is_header_line(block.text, words):
                break
            start = block.loc.start  # type: ignore[assignment]
        # Numbers a damaged scrape left after the last placed cell belong to the table too.
        after = [b for b in blocks if b.loc.start is not None and b.loc.start >= end]
        for block in after:
            if not _PIECES.sub("", block.text).strip() or not all(
                    parse_cell_number(p) is not None for p in _PIECES.split(block.text) if p.strip()):
                break
            end = block.loc.end  # type: ignore[assignment]
        spans[key] = (start, end)
    return spans


_NUMERAL = re.compile(r"^\s*[一二三四五六]\s*[、.．,，]")


def _is_section_heading(text: str) -> bool:
    if not _NUMERAL.match(text) or len(text.strip()) > 60:
        return False
    key = label_key(text)
    return any(any(frag in key for frag in section.match) for section in SECTIONS)


def _is_header_line(text: str, words: str) -> bool:
    pieces = [p for p in _PIECES.split(text) if p.strip()]
    if not pieces:
        return True
    for piece in pieces:
        if parse_cell_number(piece) is not None:
            continue
        key = label_key(piece, keep_annotation=True)
        if not key or key not in words:
            key = label_key(piece)
            if not key or key not in words:
                return False
    return True


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
