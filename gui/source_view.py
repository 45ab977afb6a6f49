"""The original document as text (every format but PDF): ``Document.source_text`` read-only,
the selected cell's span highlighted, clicks reported as character positions."""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from gui import palette


class _Offsets:
    """Python string indices ↔ Qt positions. Qt counts UTF-16 units, so every character
    outside the BMP (rare CJK extensions) shifts later positions by one."""

    def __init__(self, text: str) -> None:
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, index: int) -> int:
        return index + bisect_right(self._wide, index - 1) if self._wide else index

    def from_qt(self, pos: int) -> int:
        if not self._wide:
            return pos
        index = pos
        while index > 0 and self.to_qt(index) > pos:
            index -= 1
        return index


class SourceTextView(QPlainTextEdit):
    position_clicked = Signal(int)  # a character index into source_text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Tables copied out of Word or a page are tab-separated: at Qt's default 80 px tab
        # stops a row of table 三 wrapped over two lines in the source pane and its numbers
        # drifted under the wrong label. Three CJK characters keep a row on one line.
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance("中") * 3)
        self._offsets = _Offsets("")
        self.highlighted: tuple[int, int] | None = None

    def set_text(self, text: str) -> None:
        self._offsets = _Offsets(text)
        self.highlighted = None
        self.setExtraSelections([])
        self.setPlainText(text)

    def highlight(self, start: int, end: int) -> None:
        """Mark a span of source_text and scroll it into the middle of the view."""
        self.highlighted = (start, end)
        a, b = self._offsets.to_qt(start), self._offsets.to_qt(max(end, start + 1))
        cursor = QTextCursor(self.document())
        limit = self.document().characterCount() - 1
        cursor.setPosition(min(a, limit))
        cursor.setPosition(min(b, limit), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(palette.SOURCE_HIGHLIGHT)
        fmt.setProperty(QTextFormat.Property.OutlinePen, palette.SOURCE_HIGHLIGHT_BORDER)
        selection.format = fmt  # type: ignore[attr-defined]
        selection.cursor = cursor  # type: ignore[attr-defined]
        self.setExtraSelections([selection])
        view_cursor = QTextCursor(self.document())
        view_cursor.setPosition(min(a, limit))
        self.setTextCursor(view_cursor)
        self.centerCursor()

    def clear_highlight(self) -> None:
        self.highlighted = None
        self.setExtraSelections([])

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.position_clicked.emit(self._offsets.from_qt(self.textCursor().position()))
