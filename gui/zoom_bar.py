"""Zoom buttons over the PDF pane: a clerk on a laptop touchpad has no Ctrl+wheel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from gui.pdf_view import ZOOM_STEP, PdfView


class ZoomBar(QWidget):
    def __init__(self, view: PdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, tip, slot in (
                ("out", "－", self.tr("缩小"), lambda: view.zoom_by(1 / ZOOM_STEP)),
                ("in", "＋", self.tr("放大"), lambda: view.zoom_by(ZOOM_STEP)),
                ("width", self.tr("适合宽度"), self.tr("页面宽度适合窗格"), view.fit_width),
                ("page", self.tr("整页"), self.tr("整页显示在窗格内"), view.fit_page)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[name] = button
