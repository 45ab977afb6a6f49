"""The picture of a doubted cell, large, beside the grid: what the scan shows at the cell the
clerk is settling, so the number can be compared without hovering for a tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from core.model import CellValue, Number

from gui.cells import format_number

_SCALE = 3  # crops are cut at the scan's resolution: a digit is ~15 pixels high
_MAX_WIDTH = 260


class CropPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("CropPanel { background: #fff8e6; border: 1px solid #f3d19c; }")
        self.title = QLabel(self.tr("原件图像（放大）"))
        self.title.setStyleSheet("font-weight: bold;")
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(60)
        self.readings = QLabel()
        self.readings.setWordWrap(True)
        self.hint = QLabel(self.tr("按回车确认表格中的值并转到下一个待核对的单元格；若不对，直接输入原件上的数。"))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b4a00;")
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self.title)
        box.addWidget(self.picture)
        box.addWidget(self.readings)
        box.addWidget(self.hint)
        box.addStretch(1)
        self.setFixedWidth(_MAX_WIDTH + 20)
        self.hide()

    def show_cell(self, name: str, value: CellValue | None) -> None:
        """Show the crop of an uncertain cell; hide for any other cell."""
        if value is None or value.state != "uncertain" or value.confirmed:
            self.hide()
            return
        pixmap = QPixmap()
        if value.crop_png:
            pixmap.loadFromData(value.crop_png, "PNG")
        if not pixmap.isNull():
            scaled = pixmap.scaled(min(_MAX_WIDTH, pixmap.width() * _SCALE), pixmap.height() * _SCALE,
                                   Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            self.picture.setPixmap(scaled)
        else:
            self.picture.setText(self.tr("（没有此格的图像）"))
        seen = "、".join(_n(v) for v in value.candidates) if value.candidates else self.tr("无法辨认")
        self.readings.setText(self.tr("{name}\n识别为：{value}（可能是 {seen}）").format(
            name=name, value=_n(value.value), seen=seen))
        self.show()


def _n(value: Number | None) -> str:
    return format_number(value) if value is not None else "空白"
