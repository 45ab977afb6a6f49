"""The original document beside the tables: the PDF pages or the source text, a line saying
where the highlighted spot is, and the map from source positions back to cells."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from core.document import Document, Location
from core.model import Extraction
from core.template import TABLE_KEYS

from gui.pdf_view import PdfView
from gui.source_view import SourceTextView
from gui.zoom_bar import ZoomBar

CellRef3 = tuple[str, str, str]


@dataclass(frozen=True)
class _Placed:
    ref: CellRef3
    loc: Location


class SourcePane(QWidget):
    cell_clicked = Signal(str, str, str)  # a cell the user pointed at in the source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.where = QLabel()
        self.where.setStyleSheet("color: #5b6675; padding: 2px 4px;")
        self.text = SourceTextView()
        self.pdf = PdfView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.text)
        self.stack.addWidget(self.pdf)
        self.zoom = ZoomBar(self.pdf)
        self.zoom.hide()  # PDF only
        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.text.position_clicked.connect(self._text_clicked)
        self.pdf.clicked.connect(self._pdf_clicked)
        self._placed: list[_Placed] = []
        self._pending: Location | None = None
        self.is_pdf = False

    def set_document(self, document: Document | None, extraction: Extraction) -> None:
        self.is_pdf = document is not None and document.format == "pdf"
        self._pending = None
        self.zoom.setVisible(self.is_pdf)
        self.where.setText(self.tr("原文") if document is None else self.tr("原文：{name}").format(
            name=document.path.replace("\\", "/").rsplit("/", 1)[-1]))
        if self.is_pdf:
            self.stack.setCurrentWidget(self.pdf)
            self.pdf.set_pages([])
            self.text.set_text("")
        else:
            self.stack.setCurrentWidget(self.text)
            self.text.set_text(document.source_text if document is not None else "")
        self._placed = _place_cells(extraction)

    # PDF pages arrive from the load task after the tables are shown.
    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        self.pdf.set_pages(sizes)
        if self._pending is not None:
            self.show_location(self._pending)

    def set_page_image(self, page: int, image: QImage, scale: float) -> None:
        self.pdf.set_page_image(page, image, scale)

    def show_location(self, loc: Location | None) -> bool:
        """Scroll to and highlight a location; False when the source has no such spot."""
        if loc is None:
            return False
        if self.is_pdf:
            if loc.page is None:
                return False
            if self.pdf.page_count() == 0:
                self._pending = loc  # pages not rendered yet
                return True
            self._pending = None
            if loc.bbox is not None:
                self.pdf.highlight(loc.page, loc.bbox)
            else:
                self.pdf.show_page(loc.page)
        else:
            if loc.start is None:
                return False
            self.text.highlight(loc.start, loc.end if loc.end is not None else loc.start + 1)
        self.where.setText(self.tr("原文位置：{where}").format(where=loc.describe()))
        return True

    def cell_at_text(self, pos: int) -> CellRef3 | None:
        best: _Placed | None = None
        for placed in self._placed:
            s, e = placed.loc.start, placed.loc.end
            if s is None or e is None or not s <= pos <= e:
                continue
            if best is None or (e - s) < (best.loc.end - best.loc.start):  # type: ignore[operator]
                best = placed
        return best.ref if best else None

    def cell_at_pdf(self, page: int, x: float, y: float) -> CellRef3 | None:
        for placed in self._placed:
            loc = placed.loc
            if loc.page != page or loc.bbox is None:
                continue
            x0, top, x1, bottom = loc.bbox
            if x0 - 2 <= x <= x1 + 2 and top - 2 <= y <= bottom + 2:
                return placed.ref
        return None

    def _text_clicked(self, pos: int) -> None:
        ref = self.cell_at_text(pos)
        if ref is not None:
            self.cell_clicked.emit(*ref)

    def _pdf_clicked(self, page: int, x: float, y: float) -> None:
        ref = self.cell_at_pdf(page, x, y)
        if ref is not None:
            self.cell_clicked.emit(*ref)


def _place_cells(ext: Extraction) -> list[_Placed]:
    out: list[_Placed] = []
    for key in TABLE_KEYS:
        table = ext.tables.get(key)
        if table is None:
            continue
        spec = ext.spec(key)
        for row_key, cells in table.rows.items():
            if not spec.has_row(row_key):
                continue
            for col, cell in zip(spec.row(row_key).columns, cells):
                if cell.loc is not None:
                    out.append(_Placed((key, row_key, col.key), cell.loc))
    return out
