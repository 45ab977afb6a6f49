"""What the window shows with no report open: where to drop a file, and the message of a
file that could not be read."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.formats import supported_formats


class DropZone(QFrame):
    open_requested = Signal()
    batch_requested = Signal()
    new_requested = Signal()  # 新建年度报告 (gui/new_report.py)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setStyleSheet(
            "QFrame#dropZone { border: 2px dashed #9aa5b4; border-radius: 12px; background: #f6f8fb; margin: 24px; }"
            "QFrame#dropZone[hover=\"true\"] { border-color: #1f6fd1; background: #eaf2fd; }"
        )
        self.hint = QLabel(self.tr("把年度报告文件拖到这里"))
        font = self.hint.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.hint.setFont(font)
        self.formats = QLabel(self.tr("支持 {formats}；一次拖入多个文件或整个文件夹则批量检查").format(
            formats=supported_formats()))
        self.formats.setStyleSheet("color: #5b6675;")
        self.formats.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("readError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel#readError { color: #b3261e; background: #fdecea; border: 1px solid #f2b8b5;"
                                 " border-radius: 6px; padding: 10px; }")
        self.error.hide()
        button = QPushButton(self.tr("选择文件…"))
        button.clicked.connect(self.open_requested)
        batch = QPushButton(self.tr("批量检查文件夹…"))
        batch.clicked.connect(self.batch_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(button)
        buttons.addWidget(batch)
        new = QPushButton(self.tr("新建年度报告…"))
        new.clicked.connect(self.new_requested)
        buttons.addWidget(new)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.hint, self.formats, self.error):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_error(self, file_name: str, message: str) -> None:
        self.error.setText(self.tr("无法读取“{name}”：{message}").format(name=file_name, message=message))
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def set_hover(self, on: bool) -> None:
        self.setProperty("hover", "true" if on else "false")
        self.style().unpolish(self)
        self.style().polish(self)
