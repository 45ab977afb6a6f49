"""One ``QAbstractTableModel`` per table, over the official grid layout
(``core.template.grid_layout``) and the session's current values and findings."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from core.model import SEVERITY_ORDER, SEVERITY_ZH, CellValue, Finding, Number
from core.template import Column, GridCell, GridLayout, grid_layout

from gui import palette
from gui.cell_input import read_input
from gui.cells import cell_name, format_number, touches_row
from gui.roles import (CellRefRole, ColumnRole, CulpritRole, DoubtRole, EditedRole, ExpectedRole, FindingsRole, FixRole,
                       KindRole, MarkRole, OriginRole, PrintedRole, SeverityRole, StateRole)
from gui.session import ReportSession

EditHandler = Callable[[str, str, str, Number | None], None]
AnyIndex = QModelIndex | QPersistentModelIndex

_ALIGN_VALUE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_LABEL = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_HEADER = Qt.AlignmentFlag.AlignCenter


def parse_value(text: str, column: Column) -> tuple[bool, Number | None]:
    """What the user typed → (valid, value). Empty means a blank cell. The reading (full-width
    digits, 1,234, spaces, units) is ``gui.cell_input.read_input``'s."""
    value, reason = read_input(text, column)
    return reason is None, value


class _Marks:
    """What the findings say about one value cell.

    ``strong``: some finding points at this very cell and cannot say which of its cells is
    wrong (or names this one as the culprit). Cells a finding only involves (the other
    terms of a sum whose culprit is elsewhere, the cells of a row the finding names as a
    whole) get a faint tint, so the cell to look at stands out."""

    __slots__ = ("findings", "severity", "culprit", "fix", "strong")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.severity: str | None = None
        self.culprit = False
        self.fix: Number | None = None
        self.strong = False


def cell_mark(finding: Finding, table: str, row_key: str, col_key: str) -> str | None:
    """How ``finding`` concerns one value cell: "culprit", "strong", "involved" or None.

    A whole-table reference marks no cell (the banner above the table says it); a whole-row
    reference marks the row's cells only when the finding names no single cell of the table
    (a garbled label or a short row), and then faintly: the label carries the colour."""
    if finding.culprit == (table, row_key, col_key) or _fix_for(finding, table, row_key, col_key) is not None:
        return "culprit"
    named = False
    involved = False
    for t, r, c in finding.cells:
        if t != table:
            continue
        if r == row_key and c == col_key:
            named = True
        elif r is None and c == col_key:
            named = True  # a whole column (a missing applicant column)
        elif r == row_key and c is None:
            involved = True
    if named:
        return "involved" if finding.culprit is not None else "strong"
    if involved and not any(t == table and c is not None for t, _r, c in finding.cells):
        return "involved"
    return None


def _fix_for(finding: Finding, table: str, row_key: str, col_key: str) -> Number | None:
    """The value ``finding`` suggests for this cell (a grouped finding has one per cell)."""
    return next((value for ref, value in finding.cell_fixes() if ref == (table, row_key, col_key)), None)


class TableGridModel(QAbstractTableModel):
    def __init__(self, session: ReportSession, table: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.spec = session.spec(table)
        self.layout: GridLayout = grid_layout(self.spec)
        self._anchor: dict[tuple[int, int], GridCell] = {(c.row, c.col): c for c in self.layout.cells}
        self._marks: dict[tuple[str, str], _Marks] = {}
        self._label_severity: dict[tuple[int, int], str] = {}
        self._label_findings: dict[tuple[int, int], list[Finding]] = {}
        self.edit_handler: EditHandler | None = None
        # A draft (gui/new_report.py) says per cell: expected (value, why) and the origin.
        self.draft_notes: Callable[[str, str, str], tuple[tuple[Number, str] | None, str | None]] | None = None
        self._refresh_marks()
        session.changed.connect(self.refresh)

    # -- structure -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout.rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout.cols

    def spans(self) -> list[GridCell]:
        return [c for c in self.layout.cells if c.rowspan > 1 or c.colspan > 1]

    def grid_cell(self, index: AnyIndex) -> GridCell | None:
        return self._anchor.get((index.row(), index.column())) if index.isValid() else None

    def index_of(self, row_key: str, col_key: str) -> QModelIndex:
        pos = self.layout.position(row_key, col_key)
        return self.index(*pos) if pos else QModelIndex()

    def row_label_index(self, row_key: str) -> QModelIndex:
        for cell in self.layout.cells:
            if cell.kind == "label" and cell.text == self._row_label(row_key) and self._label_row(cell) == row_key:
                return self.index(cell.row, cell.col)
        return QModelIndex()

    def value_indexes(self, row_key: str | None = None, col_key: str | None = None) -> list[QModelIndex]:
        return [self.index(c.row, c.col) for c in self.layout.value_cells()
                if (row_key is None or c.row_key == row_key) and (col_key is None or c.col_key == col_key)]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        cell = self.grid_cell(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if cell is not None and cell.kind == "value":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- data ----------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.grid_cell(index)
        if cell is None:
            return None
        if role == KindRole:
            return cell.kind
        if cell.kind != "value":
            return self._static_data(cell, role)
        return self._value_data(cell, role)

    def _static_data(self, cell: GridCell, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            hits = self._label_findings.get((cell.row, cell.col), [])
            return "\n".join([cell.text] + [f"【{SEVERITY_ZH[f.severity]} {f.rule}】{f.message}" for f in hits])
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == FindingsRole:
            return list(self._label_findings.get((cell.row, cell.col), []))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN_LABEL if cell.kind == "label" else _ALIGN_HEADER)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.kind == "label" and (cell.row, cell.col) in self._label_severity:
                return palette.SEVERITY_BACKGROUND[self._label_severity[(cell.row, cell.col)]]
            return {"caption": palette.CAPTION_BACKGROUND, "header": palette.HEADER_BACKGROUND}.get(
                cell.kind, palette.LABEL_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and cell.kind in ("caption", "header"):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _value_data(self, cell: GridCell, role: int) -> Any:
        assert cell.row_key is not None and cell.col_key is not None
        value = self.session.cell(self.table, cell.row_key, cell.col_key)
        marks = self._marks.get((cell.row_key, cell.col_key))
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None or value.value is None else format_number(value.value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN_VALUE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell, value, marks)
        if role == Qt.ItemDataRole.BackgroundRole:
            if value is not None and value.state == "uncertain":
                return palette.UNCERTAIN_BACKGROUND
            if marks is None or marks.severity is None:
                return None
            if marks.culprit:
                return palette.CULPRIT_BACKGROUND
            if marks.strong:
                return palette.SEVERITY_BACKGROUND[marks.severity]
            return palette.SEVERITY_FAINT[marks.severity]
        if role == Qt.ItemDataRole.ForegroundRole:
            state = value.state if value is not None else "missing"
            if state in ("blank", "missing"):
                return palette.BLANK_TEXT
            if state == "text":
                return palette.TEXT_CELL
            if value is not None and value.ocr:
                return palette.OCR_TEXT
            return None
        if role == Qt.ItemDataRole.FontRole:
            if value is not None and value.state == "inferred":
                font = QFont()
                font.setItalic(True)
                return font
            if marks is not None and marks.culprit:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role in (ExpectedRole, OriginRole):
            expected, origin = self.draft_notes(self.table, cell.row_key, cell.col_key) if self.draft_notes else (None, None)
            return expected if role == ExpectedRole else origin
        if role == CellRefRole:
            return (self.table, cell.row_key, cell.col_key)
        if role == StateRole:
            return value.state if value is not None else "missing"
        if role == SeverityRole:
            return marks.severity if marks else None
        if role == FindingsRole:
            return list(marks.findings) if marks else []
        if role == CulpritRole:
            return bool(marks and marks.culprit)
        if role == MarkRole:
            if marks is None:
                return None
            return "culprit" if marks.culprit else "strong" if marks.strong else "involved"
        if role == FixRole:
            return marks.fix if marks else None
        if role == EditedRole:
            return self.session.is_edited(self.table, cell.row_key, cell.col_key)
        if role == DoubtRole:
            return self.doubted(cell.row_key, cell.col_key)
        if role == PrintedRole:
            return _display(self.session.printed(self.table, cell.row_key, cell.col_key), printed=True)
        if role == ColumnRole:
            return next(c for c in self.spec.row(cell.row_key).columns if c.key == cell.col_key)
        return None

    def _tooltip(self, cell: GridCell, value: CellValue | None, marks: _Marks | None) -> str:
        assert cell.row_key is not None and cell.col_key is not None
        lines = [cell_name(self.spec, cell.row_key, cell.col_key)]
        state = value.state if value is not None else "missing"
        if state == "missing":
            lines.append(self.tr("原文中未能读出这一格（缺失）；可直接填入原件上的数值。"))
        elif state == "blank":
            lines.append(self.tr("原文此格为空白（或“—”“/”“无”），计算时按 0 处理。"))
        elif state == "text":
            lines.append(self.tr("原文此格不是数字：“{raw}”。").format(raw=value.raw if value else ""))
        elif state == "inferred":
            # Said as a clerk sees it: nothing was "lost" in their file; we could not read it.
            lines.append(self.tr("原件上这一格没能读出来（扫描不清，或文件转换时漏掉了），"
                                 "表中的 {value} 是按合计关系推算的。请看原件上这一格的数字；"
                                 "如果不一样，直接输入原件上的数。").format(value=_display(value)))
        elif state == "uncertain" and value is not None:
            lines.append(self.tr("这一格是从扫描图片识别的，识别不确定，请对照下面的原件图像确认后填入。"))
            if value.crop_png:
                import base64

                lines.append('<img src="data:image/png;base64,{}">'.format(base64.b64encode(value.crop_png).decode()))
        elif value is not None and value.ocr:
            lines.append(self.tr("这一格是从扫描图片识别的。"))
        if self.session.is_edited(self.table, cell.row_key, cell.col_key):
            printed = _display(self.session.printed(self.table, cell.row_key, cell.col_key), printed=True)
            lines.append(self.tr("已修改，原值：{value}").format(value=printed))
        if self.draft_notes is not None:
            lines.extend(_draft_lines(*self.draft_notes(self.table, cell.row_key, cell.col_key)))
        for finding in (marks.findings if marks else []):
            lines.append(f"【{SEVERITY_ZH[finding.severity]} {finding.rule}】{finding.message}")
            fix = _fix_for(finding, self.table, cell.row_key, cell.col_key)
            if fix is not None:
                lines.append(self.tr("建议值：{fix}（右键“采用建议值”）").format(fix=format_number(fix)))
        if any(line.startswith("<img ") for line in lines):
            # Rich text, for the picture of an uncertain OCR cell.
            import html

            return "<br>".join(line if line.startswith("<img ") else html.escape(line) for line in lines)
        return "\n".join(lines)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self.grid_cell(index)
        if role != Qt.ItemDataRole.EditRole or cell is None or cell.kind != "value":
            return False
        assert cell.row_key is not None and cell.col_key is not None
        column = self.data(index, ColumnRole)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            ok, number = parse_value(format_number(value), column)
        else:
            ok, number = parse_value(str(value if value is not None else ""), column)
        if not ok:
            return False
        current = self.session.cell(self.table, cell.row_key, cell.col_key)
        # The value shown, entered again on a doubted cell, is the clerk's confirmation
        # (人工核对): a step of its own, which settles the cell's reading warning.
        if current is not None and current.state != "missing" and current.value == number and (
                number is not None or current.state == "blank") and not self.doubted(cell.row_key, cell.col_key):
            return True  # nothing changed: no undo step
        if self.edit_handler is not None:
            self.edit_handler(self.table, cell.row_key, cell.col_key, number)
        else:
            self.session.set_value(self.table, cell.row_key, cell.col_key, number)
        return True

    # -- findings ------------------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_marks()
        if self.layout.rows and self.layout.cols:
            self.dataChanged.emit(self.index(0, 0), self.index(self.layout.rows - 1, self.layout.cols - 1))

    def _refresh_marks(self) -> None:
        marks: dict[tuple[str, str], _Marks] = {}
        label_severity: dict[tuple[int, int], str] = {}
        label_findings: dict[tuple[int, int], list[Finding]] = {}
        relevant = sorted((f for f in self.session.findings if any(ref[0] == self.table for ref in f.cells)),
                          key=lambda f: SEVERITY_ORDER[f.severity])
        for cell in self.layout.value_cells():
            assert cell.row_key is not None and cell.col_key is not None
            m = _Marks()
            for f in relevant:
                how = cell_mark(f, self.table, cell.row_key, cell.col_key)
                if how is None:
                    continue
                m.findings.append(f)
                if how == "culprit":
                    m.culprit = True
                    fix = _fix_for(f, self.table, cell.row_key, cell.col_key)
                    if fix is not None and m.fix is None:
                        m.fix = fix
                m.strong = m.strong or how in ("culprit", "strong")
            if not m.findings:
                continue
            # The colour is the worst of the findings that point at the cell itself, if any.
            pointed = [f for f in m.findings if cell_mark(f, self.table, cell.row_key, cell.col_key) != "involved"]
            m.severity = (pointed or m.findings)[0].severity
            marks[(cell.row_key, cell.col_key)] = m
        for label in self.layout.cells:
            if label.kind != "label":
                continue
            row_key = self._label_row(label)
            hits = [f for f in relevant if row_key and touches_row(f, self.table, row_key)]
            if hits:
                label_severity[(label.row, label.col)] = hits[0].severity
                label_findings[(label.row, label.col)] = hits
        self._marks = marks
        self._label_severity = label_severity
        self._label_findings = label_findings

    def _label_row(self, label: GridCell) -> str | None:
        """The template row a label cell names (its own row, not a group spanning several)."""
        if label.rowspan > 1:
            return None
        for cell in self.layout.value_cells():
            if cell.row == label.row:
                return cell.row_key
        return None

    def _row_label(self, row_key: str) -> str:
        return self.spec.row(row_key).label

    def doubted(self, row_key: str, col_key: str) -> bool:
        """Whether a person still has to settle this cell: read by OCR and in doubt, not read
        at all on a page the reader saw, or named by a reading problem (core/export/
        reading_problems.py) — and not yet typed or confirmed."""
        from core.export.reading_problems import is_reading_problem

        value = self.session.cell(self.table, row_key, col_key)
        if value is not None and value.confirmed:
            return False
        if value is not None and value.state == "uncertain":
            return True
        marks = self._marks.get((row_key, col_key))
        return bool(marks and any(is_reading_problem(f) and cell_mark(f, self.table, row_key, col_key) != "involved"
                                  for f in marks.findings))

    def doubted_indexes(self) -> list[QModelIndex]:
        """The doubted cells in reading order (row by row)."""
        cells = sorted(self.layout.value_cells(), key=lambda c: (c.row, c.col))
        return [self.index(c.row, c.col) for c in cells
                if c.row_key and c.col_key and self.doubted(c.row_key, c.col_key)]

    def findings_at(self, index: AnyIndex) -> list[Finding]:
        return self.data(index, FindingsRole) or []


def _draft_lines(expected: tuple[Number, str] | None, origin: str | None) -> list[str]:
    tr = QCoreApplication.translate
    lines = []
    if origin == "carried":
        lines.append(tr("TableGridModel", "沿用上年报告的“结转下年度继续办理”；如有改动请填写理由。"))
    elif origin == "suggested":
        lines.append(tr("TableGridModel", "采用了程序算出的合计。"))
    if expected is not None:
        lines.append(tr("TableGridModel", "应为 {value}：{why}（按 = 键采用）").format(value=format_number(expected[0]), why=expected[1]))
    return lines


def _display(value: CellValue | None, printed: bool = False) -> str:
    if value is None or value.state == "missing":
        return QCoreApplication.translate("TableGridModel", "（缺失）") if printed else ""
    if value.state == "text":
        return value.raw or ""
    if value.value is None:
        raw = (value.raw or "").strip()
        return (raw or QCoreApplication.translate("TableGridModel", "（空白）")) if printed else raw
    return format_number(value.value)
