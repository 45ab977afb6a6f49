"""The findings as a sortable, filterable table."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt,
                            Signal)

from core.dismissals import Dismissal, finding_key
from core.model import SEVERITY_ZH, Extraction, Finding, in_review_order, review_rank

from gui import palette
from gui.cells import describe_location, table_name, finding_tables, format_number
from gui.roles import DismissedRole, FindingRole, SeverityRole, SortRole

AnyIndex = QModelIndex | QPersistentModelIndex

COL_SEVERITY, COL_RULE, COL_TABLE, COL_WHERE, COL_MESSAGE, COL_EXPECTED, COL_ACTUAL, COL_WRITE = range(8)


class FindingsModel(QAbstractTableModel):
    # The clerk ticked or unticked "写回" (issue 29): the finding's key, and whether to write it.
    write_toggled = Signal(str, bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._where: list[str] = []
        self._dismissed: list[Dismissal | None] = []
        # Per finding: (chosen, kind, what is written) when it has a correction to write back
        # into the source, else None. Kind "note" is a comment only, "same" a correction
        # already listed for another finding.
        self._write: list[tuple[bool, str, str] | None] = []
        self._headers = [self.tr("级别"), self.tr("规则"), self.tr("表格"), self.tr("位置"), self.tr("说明"),
                         self.tr("应为"), self.tr("实为"), self.tr("写回")]

    def set_findings(self, findings: list[Finding], extraction: Extraction | None,
                     dismissals: dict[str, Dismissal] | None = None) -> None:
        self.beginResetModel()
        self._findings = in_review_order(findings)
        self._where = [_where(extraction, f) for f in self._findings]
        self._dismissed = [(dismissals or {}).get(finding_key(f)) for f in self._findings]
        self._write = [None] * len(self._findings)
        self.endResetModel()

    def set_write_states(self, states: dict[str, tuple[bool, str, str]]) -> None:
        """The "写回" column: finding key → (chosen, kind, what is written) for the findings
        with a correction."""
        self._write = [states.get(finding_key(f)) for f in self._findings]
        if self._findings:
            self.dataChanged.emit(self.index(0, COL_WRITE), self.index(len(self._findings) - 1, COL_WRITE))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_WRITE and self._write_state(index.row()) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        state = self._write_state(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_WRITE or state is None:
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        self._write[index.row()] = (on, state[1], state[2])
        self.dataChanged.emit(index, index)
        self.write_toggled.emit(finding_key(self._findings[index.row()]), on)
        return True

    def _write_state(self, row: int) -> tuple[bool, str, str] | None:
        return self._write[row] if 0 <= row < len(self._write) else None

    def dismissal(self, row: int) -> Dismissal | None:
        return self._dismissed[row] if 0 <= row < len(self._dismissed) else None

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        dismissed = self._dismissed[index.row()] if index.row() < len(self._dismissed) else None
        if col == COL_WRITE and role not in (DismissedRole, FindingRole, SeverityRole):
            return self._write_data(index.row(), role)
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(f, index.row(), col)
            if dismissed is not None and col == COL_SEVERITY:
                return text + "\n" + self.tr("已核实")
            if dismissed is not None and col == COL_MESSAGE:
                reason = dismissed.reason or self.tr("未填写理由")
                return self.tr("【已核实，无需修改：{reason}】").format(reason=reason) + text
            return text
        if role == DismissedRole:
            return dismissed
        if dismissed is not None and role == Qt.ItemDataRole.ForegroundRole:
            return palette.DISMISSED_TEXT
        if dismissed is not None and role == Qt.ItemDataRole.BackgroundRole and col == COL_SEVERITY:
            return palette.DISMISSED_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f.message
            if dismissed is not None:
                tip = self.tr("已核实，无需修改：{reason}").format(reason=dismissed.reason or self.tr("（未填写理由）")) + "\n" + tip
            fixes = f.cell_fixes()
            if len(fixes) == 1:
                tip += "\n" + self.tr("建议值：{fix}").format(fix=format_number(fixes[0][1]))
            elif fixes:
                tip += "\n" + self.tr("可一次采用全部 {n} 处建议值").format(n=len(fixes))
            if f.other_file:
                tip += "\n" + self.tr("对比的上年报告：{path}").format(path=f.other_file)
            return tip
        if role == SortRole:
            if col == COL_SEVERITY:
                # The reviewer's order (core.model.review_rank: an error with a value to write
                # first), the rules' own order within each rank.
                return review_rank(f) * 100_000 + index.row()
            if col in (COL_EXPECTED, COL_ACTUAL):
                value = f.expected if col == COL_EXPECTED else f.actual
                return float(value) if value is not None else float("-inf")
            return self._text(f, index.row(), col)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SEVERITY:
            return palette.SEVERITY_BACKGROUND[f.severity]
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_SEVERITY:
            return palette.SEVERITY_STRONG[f.severity]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_EXPECTED, COL_ACTUAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FindingRole:
            return f
        if role == SeverityRole:
            return f.severity
        return None

    def _write_data(self, row: int, role: int) -> Any:
        state = self._write_state(row)
        if state is None:
            return None
        chosen, kind, what = state
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return {"note": self.tr("批注"), "same": self.tr("同一处")}.get(kind, self.tr("修订"))
        if role == SortRole:
            return ((0 if chosen else 2) + (1 if kind == "note" else 0)) * 100_000 + row
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind == "same":
                tip = self.tr("与上面一条问题是同一处更正，只写回一次")
            elif kind == "note":
                tip = self.tr("勾选后，导出修正后的 Word 时在原文相应位置加一条批注说明这个问题（不改动原文文字）")
            else:
                tip = self.tr("勾选后，导出时把这条更正写回原文件（Word 中为修订，可逐条接受或拒绝，并附批注说明原因）")
            return f"{tip}\n{what}" if what and kind != "note" else tip
        return None

    def _text(self, f: Finding, row: int, col: int) -> str:
        if col == COL_SEVERITY:
            return SEVERITY_ZH[f.severity]
        if col == COL_RULE:
            return f.rule
        if col == COL_TABLE:
            return "、".join(table_name(t) for t in finding_tables(f)) or table_name("text")
        if col == COL_WHERE:
            return self._where[row]
        if col == COL_MESSAGE:
            return f.message
        if col == COL_EXPECTED:
            return format_number(f.expected) if f.expected is not None else ""
        if col == COL_ACTUAL:
            return format_number(f.actual) if f.actual is not None else ""
        return ""


def _where(extraction: Extraction | None, f: Finding) -> str:
    """The location, and for a year-over-year finding the other year's file it compares with."""
    where = describe_location(extraction, f)
    if f.other_file:
        other = QCoreApplication.translate("FindingsModel", "对比：{name}").format(name=os.path.basename(f.other_file))
        return f"{where}\n{other}" if where else other
    return where


class SeverityFilter(QSortFilterProxyModel):
    """Shows the findings whose severity is ticked; sorts by the model's sort keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._shown = {"error", "warning", "info"}
        self.setSortRole(SortRole)

    def set_shown(self, severity: str, shown: bool) -> None:
        # Qt ≥ 6.10 replaces invalidateFilter() with a begin/end pair.
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:
            begin()
        if shown:
            self._shown.add(severity)
        else:
            self._shown.discard(severity)
        if begin is not None:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def shown(self) -> set[str]:
        return set(self._shown)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(SeverityRole) in self._shown


def verdict(counts: dict[str, int]) -> str:
    """"3 个错误，2 个警告" / "未发现问题"."""
    from PySide6.QtCore import QCoreApplication

    parts = []
    if counts.get("error"):
        parts.append(QCoreApplication.translate("Verdict", "{n} 个错误").format(n=counts["error"]))
    if counts.get("warning"):
        parts.append(QCoreApplication.translate("Verdict", "{n} 个警告").format(n=counts["warning"]))
    if not parts:
        text = QCoreApplication.translate("Verdict", "未发现问题")
        if counts.get("info"):
            text += QCoreApplication.translate("Verdict", "（{n} 条提示）").format(n=counts["info"])
        return text
    if counts.get("info"):
        parts.append(QCoreApplication.translate("Verdict", "{n} 条提示").format(n=counts["info"]))
    return "，".join(parts)
