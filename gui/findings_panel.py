"""The verdict, the findings table with its severity filter, and the fix buttons."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMenu,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from core.dismissals import Dismissal, finding_key
from core.model import SEVERITY_ZH, Extraction, Finding

from gui import palette
from gui.findings_model import COL_MESSAGE, COL_SEVERITY, COL_WRITE, FindingsModel, SeverityFilter, verdict
from gui.roles import DismissedRole, FindingRole


MIN_VISIBLE_FINDINGS = 5


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # Finding
    apply_fix = Signal(object)  # Finding
    apply_all = Signal()
    dismiss = Signal(object, str)  # Finding, the reason given
    undismiss = Signal(object)  # Finding
    write_toggled = Signal(str, bool)  # finding key, whether to write it back into the source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = SeverityFilter(self)
        self.proxy.setSourceModel(self.model)

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.verdict.setFont(font)

        self.filters: dict[str, QCheckBox] = {}
        top = QHBoxLayout()
        top.addWidget(self.verdict, 1)
        for severity in ("error", "warning", "info"):
            box = QCheckBox(SEVERITY_ZH[severity])
            box.setChecked(True)
            box.toggled.connect(lambda on, s=severity: self.proxy.set_shown(s, on))
            self.filters[severity] = box
            top.addWidget(box)
        self.fix_button = QPushButton(self.tr("采用建议值"))
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self._apply_current)
        self.fix_all_button = QPushButton(self.tr("全部采用建议值"))
        self.fix_all_button.setEnabled(False)
        self.fix_all_button.clicked.connect(self.apply_all)
        self.dismiss_button = QPushButton(self.tr("已核实，无需修改…"))
        self.dismiss_button.setToolTip(self.tr("核对原始资料后确认这条问题无需修改：它仍计入统计、单元格仍标出，"
                                               "导出的“检查结果”中单独列出并附理由。"))
        self.dismiss_button.setEnabled(False)
        self.dismiss_button.clicked.connect(self._dismiss_current)
        # How many corrections the clerk's own file will get (issue 29), before writing.
        self.write_count = QLabel()
        self.write_count.setObjectName("writeCount")
        self.write_count.setToolTip(self.tr("在“写回”列勾选要写回原文件的更正；导出修正后的 Word 时以修订方式写入"))
        self.write_count.hide()
        top.addWidget(self.write_count)
        top.addWidget(self.dismiss_button)
        top.addWidget(self.fix_button)
        top.addWidget(self.fix_all_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Two lines per finding; the full message is in the tooltip.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() * 2 + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((48, 96, 64, 170, 0, 56, 56, 86)):
            if width:
                self.table.setColumnWidth(col, width)
        self.table.setColumnHidden(COL_WRITE, True)
        # Right-click a finding: 写回原文件 on or off, as the 写回 column's box.
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.model.write_toggled.connect(self.write_toggled)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.clicked.connect(self._clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self._room_for(MIN_VISIBLE_FINDINGS)

    def _room_for(self, rows: int) -> None:
        """Room for ``rows`` findings whatever the screen: the window's split never takes it away."""
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + rows * self.table.verticalHeader().defaultSectionSize()
                                    + 2 * self.table.frameWidth() + 2)

    def start_report(self, count: int) -> None:
        """A report just opened, with ``count`` findings: nothing of the previous report stays
        current, and the room is five findings when there are five (one or none leaves it to
        the tables). The room is set here once per report, not on each re-check: a bulk fix
        that clears three findings must not make the panel jump."""
        self.table.setCurrentIndex(QModelIndex())
        self.table.clearSelection()
        self._room_for(max(2, min(MIN_VISIBLE_FINDINGS, count)))

    def set_findings(self, findings: list[Finding], extraction: Extraction | None, counts: dict[str, int],
                     dismissals: dict[str, Dismissal] | None = None) -> None:
        current = self.current_finding()
        row = self.table.currentIndex().row()
        self.model.set_findings(findings, extraction, dismissals)
        text = verdict(counts)
        checked = sum(1 for f in findings if dismissals and finding_key(f) in dismissals)
        if checked:
            text += self.tr("（其中 {n} 条已核实，无需修改）").format(n=checked)
        self.verdict.setText(text)
        worst = "error" if counts.get("error") else "warning" if counts.get("warning") else None
        color = palette.SEVERITY_STRONG[worst].name() if worst else "#2e7d32"
        self.verdict.setStyleSheet(f"QLabel#verdict {{ color: {color}; }}")
        self.fix_all_button.setEnabled(any(f.cell_fixes() for f in findings))
        self.fix_button.setEnabled(False)
        self._reselect(current, row)

    def set_write_back(self, states: dict[str, tuple[bool, str, str]] | None, summary: str = "") -> None:
        """The "写回" column and the count of corrections, for a Word or Excel source; None
        hides them (any other source has no file of its own to write back into)."""
        shown = states is not None
        self.table.setColumnHidden(COL_WRITE, not shown)
        self.model.set_write_states(states or {})
        self.write_count.setVisible(shown)
        self.write_count.setText(summary)

    def write_menu(self, pos: QPoint) -> QMenu | None:
        """The context menu of the finding at ``pos`` (viewport coordinates): 写回原文件, checked
        as its box; None when the finding has nothing to write back."""
        index = self.table.indexAt(pos)
        if not index.isValid() or self.table.isColumnHidden(COL_WRITE):
            return None
        box = self.proxy.index(index.row(), COL_WRITE)
        checked = box.data(Qt.ItemDataRole.CheckStateRole)
        if checked is None:
            return None
        menu = QMenu(self)
        action = menu.addAction(self.tr("写回原文件"))
        action.setCheckable(True)
        action.setChecked(checked == Qt.CheckState.Checked)
        action.toggled.connect(lambda on, i=box: self.proxy.setData(
            i, (Qt.CheckState.Checked if on else Qt.CheckState.Unchecked).value, Qt.ItemDataRole.CheckStateRole))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.write_menu(pos)
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _reselect(self, finding: Finding | None, old_row: int) -> None:
        """Keep the same finding current across a refresh (a dismissal redraws the list).
        When a fix resolved it, the finding that took its place in the list becomes current,
        so 采用建议值 / 已核实 stay at hand — selected quietly: the grid keeps showing the
        cell just fixed."""
        self.dismiss_button.setEnabled(False)
        if finding is None or self.proxy.rowCount() == 0:
            return
        key = finding_key(finding)
        rows = range(self.proxy.rowCount())
        row = next((r for r in rows if finding_key(self.proxy.index(r, 0).data(FindingRole)) == key),
                   min(max(old_row, 0), self.proxy.rowCount() - 1))
        index = self.proxy.index(row, 0)
        self.table.blockSignals(True)
        self.table.selectionModel().blockSignals(True)
        try:
            self.select_row(row)
        finally:
            self.table.selectionModel().blockSignals(False)
            self.table.blockSignals(False)
        self._update_buttons(index.data(FindingRole), index.data(DismissedRole))

    def _update_buttons(self, finding: Finding | None, dismissed: Dismissal | None) -> None:
        self.fix_button.setEnabled(finding is not None and bool(finding.cell_fixes()))
        self.dismiss_button.setEnabled(finding is not None)
        self.dismiss_button.setText(self.tr("撤销“已核实”") if dismissed is not None else self.tr("已核实，无需修改…"))

    def _dismiss_current(self) -> None:
        index = self.table.currentIndex()
        finding: Finding | None = index.data(FindingRole) if index.isValid() else None
        if finding is None:
            return
        if index.data(DismissedRole) is not None:
            self.undismiss.emit(finding)
            return
        reason, ok = QInputDialog.getText(self, self.tr("已核实，无需修改"),
                                          self.tr("核实说明（可不填），例如“与原始台账核对无误”："))
        if ok:
            self.dismiss.emit(finding, reason)

    def current_finding(self) -> Finding | None:
        index = self.table.currentIndex()
        return index.data(FindingRole) if index.isValid() else None

    def select_row(self, proxy_row: int) -> None:
        self.table.selectRow(proxy_row)
        self.table.setCurrentIndex(self.proxy.index(proxy_row, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding: Finding | None = current.data(FindingRole) if current.isValid() else None
        self._update_buttons(finding, current.data(DismissedRole) if current.isValid() else None)
        if finding is not None:
            self.finding_selected.emit(finding)

    def _clicked(self, index: QModelIndex) -> None:
        # A second click on the same row jumps there again (currentRowChanged would not fire).
        finding = index.data(FindingRole)
        if finding is not None and index.row() == self.table.currentIndex().row():
            self.finding_selected.emit(finding)

    def _apply_current(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.cell_fixes():
            self.apply_fix.emit(finding)
