"""The view of one official table: merged header cells, fixed label widths, the cell
context menu (采用建议值 / 恢复原值)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from core.model import Number

from gui.cells import format_number
from gui.delegate import CellDelegate
from gui.roles import CellRefRole, EditedRole, FixRole, KindRole
from gui.table_model import TableGridModel

_VALUE_WIDTH = {"t2": 150, "t3": 70, "t4": 70}
_LABEL_WIDTHS = {"t2": [230], "t3": [46, 92, 250], "t4": []}
_MIN_STRETCH_WIDTH = 52


class GridView(QTableView):
    """Emits ``apply_fix(table, row, col, value)`` and ``revert(table, row, col)`` from the
    context menu; the window turns them into undo commands."""

    apply_fix = Signal(str, str, str, object)
    revert = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def grid_model(self) -> TableGridModel:
        model = self.model()
        assert isinstance(model, TableGridModel)
        return model

    def setModel(self, model: TableGridModel) -> None:  # type: ignore[override]
        old_selection = self.selectionModel()
        super().setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()  # the view does not own the selection model it replaced
        self.clearSpans()
        for cell in model.spans():
            self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        table = model.table
        labels = _LABEL_WIDTHS.get(table, []) if model.spec.label_cols else []
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in range(model.columnCount()):
            self.setColumnWidth(col, labels[col] if col < len(labels) else _VALUE_WIDTH.get(table, 80))
        # Table 四 is one row of 15 numbers: at a fixed width its right end (复议后起诉 总计,
        # often the culprit) was cut off beside a pane of empty space. Its columns share the
        # width instead, and the headers wrap when narrow.
        self._stretch = not model.spec.label_cols
        if self._stretch:
            header.setMinimumSectionSize(_MIN_STRETCH_WIDTH)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if getattr(self, "_stretch", False) and isinstance(self.model(), TableGridModel):
            self._fit_rows()

    def _fit_rows(self) -> None:
        model = self.grid_model()
        metrics = self.fontMetrics()
        line = metrics.height()
        for r in range(model.rowCount()):
            # Height from the longest single-row label/header in the row; spanned group
            # labels are left to their span.
            need = 1
            for c in range(model.columnCount()):
                cell = model.grid_cell(model.index(r, c))
                if cell is None or cell.kind == "value" or cell.rowspan > 1 or not cell.text:
                    continue
                width = sum(self.columnWidth(c + k) for k in range(cell.colspan)) - 10
                text_width = metrics.horizontalAdvance(cell.text)
                need = max(need, -(-text_width // max(width, 1)))
            self.setRowHeight(r, max(line + 12, need * line + 10))

    def select_cells(self, indexes: list[QModelIndex]) -> None:
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        sel_model = self.selectionModel()
        sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if indexes:
            sel_model.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(indexes[0], QAbstractItemView.ScrollHint.EnsureVisible)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> str:
        """The selected cells as tab-separated rows (pastes into Excel/WPS as a block)."""
        indexes = self.selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        picked = {(i.row(), i.column()): str(i.data() or "") for i in indexes}
        text = "\n".join("\t".join(picked.get((r, c), "") for c in cols) for r in rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid() or index.data(KindRole) != "value":
            return
        table, row, col = index.data(CellRefRole)
        menu = QMenu(self)
        fix: Number | None = index.data(FixRole)
        if fix is not None:
            action = menu.addAction(self.tr("采用建议值（改为 {value}）").format(value=format_number(fix)))
            action.triggered.connect(lambda: self.apply_fix.emit(table, row, col, fix))
        if index.data(EditedRole):
            action = menu.addAction(self.tr("恢复原值"))
            action.triggered.connect(lambda: self.revert.emit(table, row, col))
        edit = menu.addAction(self.tr("编辑"))
        edit.triggered.connect(lambda: self.edit(index))
        menu.exec(self.viewport().mapToGlobal(pos))
