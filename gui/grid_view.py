"""The view of one official table: merged header cells, fixed label widths, the cell
context menu (采用建议值 / 恢复原值)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHeaderView, QMenu, QTableView, QToolTip,
                               QWidget)

from core.model import Number

from gui.cells import format_number
from gui.delegate import CellDelegate
from gui.frozen_columns import FrozenColumns
from gui.cell_input import read_input
from gui.roles import CellRefRole, ColumnRole, DoubtRole, EditedRole, ExpectedRole, FixRole, KindRole
from gui.table_model import TableGridModel

# Label columns before the last one (表三's group and sub-group labels), in characters: they
# hold short words ("（三）不予公开") wrapped in a narrow column.
_FIXED_LABEL_CHARS = {"t3": [3, 6]}
_MIN_LABEL_CHARS = 9  # the row label column never narrower: labels wrap to a few lines instead
_HEADER_LINES = 2  # a number column is as wide as its header wrapped to two lines, or its numbers


class GridView(QTableView):
    """Emits ``apply_fix(table, row, col, value)`` and ``revert(table, row, col)`` from the
    context menu; the window turns them into undo commands."""

    apply_fix = Signal(str, str, str, object)
    revert = Signal(str, str, str)
    # A refused entry: the reason, shown at the cell and in the status bar.
    input_rejected = Signal(str)
    # A pasted block: [(table, row, col, value)] and the reasons for cells left out; the
    # window applies it as one undo step.
    pasted = Signal(object, object)
    # A doubted cell was settled (Enter on it, or a value typed into it): the pane moves on
    # to the next doubted cell, in this table or the next.
    settled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        delegate = CellDelegate(self)
        delegate.rejected.connect(self._rejected)
        self.setItemDelegate(delegate)
        self.last_rejection = ""
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
        self._stretch = False
        self._labels = 0
        self.frozen = FrozenColumns(self)
        self.horizontalScrollBar().rangeChanged.connect(lambda _lo, _hi: self.frozen.sync())

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
        self._stretch = not model.spec.label_cols
        self._labels = model.spec.label_cols
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Table 四 is one row of 15 numbers: at a fixed width its right end (复议后起诉 总计,
        # often the culprit) was cut off beside a pane of empty space. Its columns share the
        # width instead, and the headers wrap when narrow.
        if self._stretch:
            # Two characters a line ("结果/维持"): fifteen columns fit a 1280-pixel screen at 150 %.
            header.setMinimumSectionSize(2 * self.fontMetrics().horizontalAdvance("中") + 12)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.frozen.attach(model, self.selectionModel(), self._labels)
        self._layout_columns()

    def _layout_columns(self) -> None:
        """Number columns as wide as their content; the row labels take the rest of the pane
        and wrap, so on a 1366-pixel laptop 表三 needs no sideways scrolling. Only when even
        the narrowest labels do not fit does the grid scroll, under frozen labels."""
        model = self.grid_model()
        if not self._stretch:
            metrics = self.fontMetrics()
            em = metrics.horizontalAdvance("中")
            values = self._value_widths(model)
            fixed = [n * em + 12 for n in _FIXED_LABEL_CHARS.get(model.table, [])][: max(0, self._labels - 1)]
            longest = max((metrics.horizontalAdvance(c.text) for c in model.layout.cells
                           if c.kind == "label" and c.col + c.colspan == self._labels), default=10 * em)
            room = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width() - 1
            label = room - sum(fixed) - sum(values.values())
            # Labels whose start column is before the last label column span into it.
            label = max(_MIN_LABEL_CHARS * em, min(label, longest + 14))
            # Room left on a wide screen goes to the numbers (up to a comfortable width), not
            # to an empty strip at the right.
            slack = room - sum(fixed) - label - sum(values.values())
            if slack > 0 and values:
                cap = 7 * em if len(values) > 4 else 14 * em  # 表二's three or four columns may be wide
                share = slack // len(values)
                values = {col: max(width, min(cap, width + share)) for col, width in values.items()}
            for col, width in enumerate(fixed):
                self.setColumnWidth(col, width)
            if self._labels:
                self.setColumnWidth(self._labels - 1, label)
            for col, width in values.items():
                self.setColumnWidth(col, width)
        self._fit_rows()
        self.frozen.sync()

    def _value_widths(self, model: TableGridModel) -> dict[int, int]:
        metrics = self.fontMetrics()
        # Room for the culprit's "!" on the left and the edited corner on the right.
        minimum = metrics.horizontalAdvance("00000") + 18
        widths = {col: minimum for col in range(self._labels, model.columnCount())}
        for cell in model.layout.cells:
            if cell.col < self._labels:
                continue
            if cell.kind == "header" and cell.colspan == 1:
                need = -(-metrics.horizontalAdvance(cell.text) // _HEADER_LINES) + 16
            elif cell.kind == "value":
                need = metrics.horizontalAdvance(str(model.index(cell.row, cell.col).data() or "")) + 22
            else:
                continue
            widths[cell.col] = max(widths[cell.col], need)
        return widths

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if isinstance(self.model(), TableGridModel):
            self._layout_columns()

    def frozen_width(self) -> int:
        """How wide the frozen label columns are when they show (0 when the grid fits)."""
        frozen = getattr(self, "frozen", None)  # Qt calls scrollTo while the view is built
        return frozen.width_needed() if frozen is not None and frozen.isVisible() else 0

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        super().scrollTo(index, hint)
        # A number must not end up hidden under the frozen labels.
        frozen = self.frozen_width()
        if frozen and index.isValid() and index.column() >= self._labels:
            left = self.visualRect(index).left()
            if left < frozen:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - (frozen - left))

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
                width = sum(self.columnWidth(c + k) for k in range(cell.colspan)) - 18  # the cell padding
                # A little over the measured width: line breaking (no break before "，" or "）")
                # leaves lines short of the full width.
                text_width = int(metrics.horizontalAdvance(cell.text) * 1.06) + 4
                need = max(need, -(-text_width // max(width, 1)))
            self.setRowHeight(r, max(line + 10, need * line + 8))

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
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            index = self.currentIndex()
            if index.isValid() and index.data(DoubtRole):
                if index.data(Qt.ItemDataRole.EditRole):
                    self.confirm(index)
                else:
                    # Nothing was read here: Enter must not declare the cell blank unseen;
                    # it opens the cell for the number on the original.
                    self.edit(index)
                event.accept()
                return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_block(QGuiApplication.clipboard().text())
            event.accept()
            return
        if event.text() == "=" and self.accept_expected():
            event.accept()
            return
        super().keyPressEvent(event)

    def accept_expected(self) -> bool:
        """"=" on a draft's cell takes the value it is expected to hold (a total, the stock,
        last year's carry-over): one key, one undo step, like 采用建议值."""
        index = self.currentIndex()
        expected = index.data(ExpectedRole) if index.isValid() else None
        if expected is None or index.data(KindRole) != "value":
            return False
        if index.data(Qt.ItemDataRole.EditRole) == format_number(expected[0]):
            return True  # already holds it: no empty undo step
        table, row, col = index.data(CellRefRole)
        self.apply_fix.emit(table, row, col, expected[0])
        return True

    def confirm(self, index: QModelIndex) -> None:
        """The value shown is the one on the original: a 人工核对 step, then the next doubt."""
        model = self.grid_model()
        model.setData(index, index.data(Qt.ItemDataRole.EditRole) or "", Qt.ItemDataRole.EditRole)
        self.settled.emit()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab go from number cell to number cell (row by row), never to a row
        label or header, where typed digits would vanish."""
        if action not in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious) \
                or not isinstance(self.model(), TableGridModel):
            return super().moveCursor(action, modifiers)
        cells = sorted(((c.row, c.col) for c in self.grid_model().layout.value_cells()))
        if not cells:
            return super().moveCursor(action, modifiers)
        current = self.currentIndex()
        here = (current.row(), current.column()) if current.isValid() else (-1, -1)
        if action == QAbstractItemView.CursorAction.MoveNext:
            target = next((c for c in cells if c > here), cells[0])
        else:
            target = next((c for c in reversed(cells) if c < here), cells[-1])
        return self.model().index(*target)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        delegate = self.itemDelegate()
        was_doubted = isinstance(delegate, CellDelegate) and delegate.editing_doubt
        super().closeEditor(editor, hint)
        if was_doubted and hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            # Typed into a doubted cell and pressed Enter: on to the next one.
            self.settled.emit()

    def _rejected(self, index: QModelIndex, reason: str) -> None:
        self.last_rejection = reason
        QToolTip.showText(self.viewport().mapToGlobal(self.visualRect(index).bottomLeft()), reason, self.viewport())
        self.input_rejected.emit(reason)

    def paste_block(self, text: str) -> int:
        """A block copied from Excel or WPS (tab-separated rows) written from the current cell
        rightwards and down; labels and headers it lands on are skipped, text that is not a
        number is left out and said. Returns how many cells it sets."""
        model = self.grid_model()
        start = self.currentIndex()
        if not start.isValid():
            picked = self.selectedIndexes()
            start = min(picked, key=lambda i: (i.row(), i.column())) if picked else QModelIndex()
        if not start.isValid() or not text.strip():
            return 0
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()  # Excel ends a copied block with a line break
        edits: list[tuple[str, str, str, Number | None]] = []
        problems: list[str] = []
        for i, line in enumerate(lines):
            for j, raw in enumerate(line.split("\t")):
                index = model.index(start.row() + i, start.column() + j)
                cell = model.grid_cell(index)
                if cell is None or cell.kind != "value" or cell.row_key is None or cell.col_key is None:
                    continue
                value, reason = read_input(raw, index.data(ColumnRole))
                if reason is not None:
                    problems.append(reason)
                    continue
                edits.append((model.table, cell.row_key, cell.col_key, value))
        if edits or problems:
            self.pasted.emit(edits, problems)
        return len(edits)

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
        if QGuiApplication.clipboard().text().strip():
            paste = menu.addAction(self.tr("粘贴（从 Excel/WPS 复制的区域）"))
            paste.triggered.connect(lambda: self.paste_block(QGuiApplication.clipboard().text()))
        edit = menu.addAction(self.tr("编辑"))
        edit.triggered.connect(lambda: self.edit(index))
        menu.exec(self.viewport().mapToGlobal(pos))
