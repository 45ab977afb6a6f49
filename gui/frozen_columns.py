"""Row labels that stay put while the numbers scroll: a second view over the same model and
selection, showing only the label columns, laid over the left edge of the grid (Qt's
"frozen column" pattern). It appears only when the grid is wider than its pane."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QFrame, QTableView, QWidget

from gui.table_model import TableGridModel


class FrozenColumns(QTableView):
    def __init__(self, grid: QTableView) -> None:
        super().__init__(grid)
        self.grid = grid
        self.columns = 0
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # labels are not edited
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A line at the right edge: the labels are fixed, the numbers slide under them.
        self.setStyleSheet("QTableView { border-right: 2px solid #9aa5b1; }")
        self.setItemDelegate(grid.itemDelegate())
        grid.viewport().stackUnder(self)
        grid.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        self.hide()

    def attach(self, model: TableGridModel, selection: QItemSelectionModel, columns: int) -> None:
        old = self.selectionModel()
        self.setModel(model)
        if old is not None and old is not selection:
            old.deleteLater()
        own = self.selectionModel()
        self.setSelectionModel(selection)  # one selection for both views
        if own is not None and own is not selection:
            own.deleteLater()
        self.columns = columns
        self.clearSpans()
        for cell in model.spans():
            width = min(cell.colspan, columns - cell.col)
            if cell.col < columns and (cell.rowspan > 1 or width > 1):
                self.setSpan(cell.row, cell.col, cell.rowspan, width)
        for col in range(model.columnCount()):
            self.setColumnHidden(col, col >= columns)

    # The delegate is shared with the grid, so the grid's editor signals reach this view too.
    # It never edits: left to Qt, a Tab in the grid's editor moved the shared current cell to
    # the next *visible* cell here — the next row's label — and the typed digits vanished.
    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        return

    def commitData(self, editor: QWidget) -> None:
        return

    def width_needed(self) -> int:
        return sum(self.grid.columnWidth(c) for c in range(self.columns))

    def sync(self) -> None:
        """Follow the grid's column widths, row heights and scroll position; shown only
        while the grid scrolls sideways."""
        model = self.model()
        if model is None or not self.columns:
            self.hide()
            return
        for col in range(self.columns):
            self.setColumnWidth(col, self.grid.columnWidth(col))
        for row in range(model.rowCount()):
            if self.rowHeight(row) != self.grid.rowHeight(row):
                self.setRowHeight(row, self.grid.rowHeight(row))
        frame = self.grid.frameWidth()
        self.setGeometry(frame, frame, self.width_needed() + 2, self.grid.viewport().height())
        self.verticalScrollBar().setValue(self.grid.verticalScrollBar().value())
        self.setVisible(self.grid.horizontalScrollBar().maximum() > 0)
