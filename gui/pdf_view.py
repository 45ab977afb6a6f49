"""The original PDF, page by page, with the selected cell's box highlighted.

Scene coordinates are PDF points with a top-left origin (as pdfplumber reports boxes), the
pages stacked top to bottom; the page images are drawn scaled down from their rendering
resolution, so a box from ``Location.bbox`` needs no conversion beyond the page offset."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem,
                               QGraphicsView, QWidget)

from gui import palette

PAGE_GAP = 12.0
ZOOM_STEP = 1.15
MIN_ZOOM, MAX_ZOOM = 0.2, 6.0


class PdfView(QGraphicsView):
    clicked = Signal(int, float, float)  # 1-based page, x, y in PDF points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor("#8a8f98"))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._tops: list[float] = []
        self._sizes: list[tuple[float, float]] = []
        self._pages: list[QGraphicsPixmapItem | None] = []
        self._box: QGraphicsRectItem | None = None
        self._zoom = 1.0
        self._fit: str | None = "width"  # "width", "page" or None (a zoom the user chose)
        self._press: QPointF | None = None
        self.highlighted: tuple[int, tuple[float, float, float, float]] | None = None

    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        scene = self.scene()
        scene.clear()
        self._box = None
        self.highlighted = None
        self._sizes = list(sizes)
        self._tops = []
        self._pages = []
        y = 0.0
        width = max((w for w, _ in sizes), default=595.0)
        for i, (w, h) in enumerate(sizes):
            self._tops.append(y)
            blank = scene.addRect(QRectF(0, y, w, h), QPen(QColor("#555")), QBrush(Qt.GlobalColor.white))
            blank.setZValue(0)
            label = QGraphicsSimpleTextItem(self.tr("第 {n} 页 正在渲染…").format(n=i + 1))
            label.setPos(20, y + 20)
            scene.addItem(label)
            self._pages.append(None)
            y += h + PAGE_GAP
        scene.setSceneRect(QRectF(-PAGE_GAP, -PAGE_GAP, width + 2 * PAGE_GAP, y + PAGE_GAP))
        self._apply_zoom()

    def set_page_image(self, page: int, image: QImage, scale: float) -> None:
        """``page`` is 0-based; ``scale`` is pixels per PDF point of the image."""
        if not 0 <= page < len(self._tops):
            return
        item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setScale(1.0 / scale)
        item.setPos(0, self._tops[page])
        item.setZValue(1)
        self.scene().addItem(item)
        self._pages[page] = item

    def rendered_pages(self) -> int:
        return sum(1 for p in self._pages if p is not None)

    def page_count(self) -> int:
        return len(self._tops)

    def highlight(self, page: int, bbox: tuple[float, float, float, float]) -> None:
        """``page`` is 1-based as in ``Location.page``."""
        if not 1 <= page <= len(self._tops):
            return
        x0, top, x1, bottom = bbox
        pad = 2.0
        rect = QRectF(x0 - pad, self._tops[page - 1] + top - pad, (x1 - x0) + 2 * pad, (bottom - top) + 2 * pad)
        if self._box is None:
            self._box = QGraphicsRectItem()
            pen = QPen(palette.SOURCE_HIGHLIGHT_BORDER)
            pen.setWidthF(1.5)
            pen.setCosmetic(True)
            self._box.setPen(pen)
            self._box.setBrush(QBrush(palette.SOURCE_HIGHLIGHT))
            self._box.setZValue(2)
            self.scene().addItem(self._box)
        self._box.setRect(rect)
        self._box.show()
        self.highlighted = (page, bbox)
        self.centerOn(rect.center())

    def show_page(self, page: int) -> None:
        if 1 <= page <= len(self._tops):
            self.clear_highlight()
            w, _ = self._sizes[page - 1]
            self.centerOn(QPointF(w / 2, self._tops[page - 1] + self.viewport().height() / (2 * self._zoom)))

    def clear_highlight(self) -> None:
        if self._box is not None:
            self._box.hide()
        self.highlighted = None

    def page_at(self, point: QPointF) -> tuple[int, float, float] | None:
        for i, top in enumerate(self._tops):
            w, h = self._sizes[i]
            if top <= point.y() <= top + h and 0 <= point.x() <= w:
                return i + 1, point.x(), point.y() - top
        return None

    # -- zoom and clicks -----------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom

    def zoom_by(self, factor: float) -> None:
        """Zoom in (> 1) or out (< 1) around the centre of the view (the buttons, Ctrl+wheel)."""
        centre = self.mapToScene(self.viewport().rect().center())
        self._fit = None
        self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, self._zoom * factor))
        self._apply_zoom()
        self.centerOn(centre)

    def fit_width(self) -> None:
        self._fit = "width"
        self._apply_zoom()

    def fit_page(self) -> None:
        """The whole current page in the view."""
        page = self._current_page()
        self._fit = "page"
        self._apply_zoom()
        if page is not None:
            w, h = self._sizes[page]
            self.centerOn(QPointF(w / 2, self._tops[page] + h / 2))

    def _current_page(self) -> int | None:
        if not self._tops:
            return None
        y = self.mapToScene(self.viewport().rect().center()).y()
        return max((i for i, top in enumerate(self._tops) if top <= y), default=0)

    def _apply_zoom(self) -> None:
        if self._fit is not None and self._sizes:
            width = max(w for w, _ in self._sizes) + 2 * PAGE_GAP
            self._zoom = max(MIN_ZOOM, (self.viewport().width() - 4) / width)
            if self._fit == "page":
                height = max(h for _, h in self._sizes) + 2 * PAGE_GAP
                self._zoom = max(MIN_ZOOM, min(self._zoom, (self.viewport().height() - 4) / height))
        self.resetTransform()
        self.scale(self._zoom, self._zoom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit is not None:
            self._apply_zoom()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        # A click, not the end of a drag: report where in the document it was.
        if self._press is not None and (event.position() - self._press).manhattanLength() < 4:
            hit = self.page_at(self.mapToScene(event.position().toPoint()))
            if hit is not None:
                self.clicked.emit(*hit)
        self._press = None
