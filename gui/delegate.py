"""How a number cell is edited and drawn: a line edit whose text is read as the column
allows, and marks painted over the cell (edited corner, likely culprit, missing hatch)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from core.template import Column

from gui import palette
from gui.cell_input import read_input
from gui.roles import ColumnRole, CulpritRole, DoubtRole, EditedRole, ExpectedRole, KindRole, OriginRole, StateRole

AnyIndex = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    """The editor takes any text (an input method's full-width digits, "1,234"); what is not
    a number for the column is refused on commit with ``rejected(index, reason)``."""

    rejected = Signal(QModelIndex, str)
    editing_doubt = False  # the cell being edited was doubted when the edit began

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        self.editing_doubt = bool(index.data(DoubtRole))
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        editor.setMaxLength(40)
        editor.setPlaceholderText(self.tr("空白"))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            column: Column | None = index.data(ColumnRole)
            value, reason = read_input(editor.text(), column)
            if reason is not None:
                self.editing_doubt = False  # still in doubt: stay on it
                self.rejected.emit(QModelIndex(index), reason)
                return
            model.setData(index, "" if value is None else value, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if selected:
            # Selection as a tint and a frame, so the severity colours stay visible when a
            # finding selects its cells.
            plain = QStyleOptionViewItem(option)
            plain.state &= ~QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
            super().paint(painter, plain, index)
            painter.save()
            highlight = QColor(option.palette.color(QPalette.ColorRole.Highlight))  # type: ignore[attr-defined]
            tint = QColor(highlight)
            tint.setAlpha(55)
            painter.fillRect(rect, tint)
            pen = QPen(highlight)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()
        else:
            super().paint(painter, option, index)
        if index.data(KindRole) != "value":
            return
        painter.save()
        if index.data(StateRole) == "missing":
            painter.fillRect(rect.adjusted(1, 1, -1, -1), QBrush(palette.MISSING_HATCH, Qt.BrushStyle.BDiagPattern))
        if index.data(CulpritRole):
            pen = QPen(palette.SEVERITY_STRONG["error"])
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(2, 2, -3, -3))
            # A small "!" flag in the left corner: the likely culprit even without colour.
            painter.setPen(palette.SEVERITY_STRONG["error"])
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(rect.adjusted(4, 0, 0, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), "!")
        _paint_draft_marks(painter, rect, index)
        if index.data(EditedRole):
            size = min(9, rect.height() // 2)
            corner = QPolygonF([QPointF(rect.right() - size, rect.top()), QPointF(rect.right() + 1, rect.top()),
                                QPointF(rect.right() + 1, rect.top() + size)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.EDITED_MARK)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawPolygon(corner)
        painter.restore()


def _paint_draft_marks(painter: QPainter, rect, index: AnyIndex) -> None:  # type: ignore[no-untyped-def]
    """A draft's cell: a carried value has a green bar on its left; an expected value the cell
    does not hold is written small and grey on the left ("=7"), never into the cell."""
    if index.data(OriginRole) == "carried":
        painter.fillRect(rect.left() + 1, rect.top() + 2, 3, rect.height() - 4, palette.CARRIED_MARK)
    expected = index.data(ExpectedRole)
    if expected is None:
        return
    from gui.cells import format_number

    shown = index.data(Qt.ItemDataRole.EditRole)
    if shown != "" and shown == format_number(expected[0]):
        return
    painter.setPen(palette.EXPECTED_TEXT)
    font = painter.font()
    font.setItalic(True)
    painter.setFont(font)
    painter.drawText(rect.adjusted(6, 0, 0, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     "=" + format_number(expected[0]))
