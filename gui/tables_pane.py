"""The three official tables as tabs, each with a banner when the table was not found, and
a line naming the report above them."""

from __future__ import annotations

import os

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from core.model import SEVERITY_ZH, Finding, in_review_order
from core.template import TABLE_KEYS

from gui.cells import cell_name, table_name
from gui.crop_panel import CropPanel
from gui.formats import format_label
from gui.grid_view import GridView
from gui.session import ReportSession
from gui.table_model import EditHandler, TableGridModel



class _ElidedLabel(QLabel):
    """The report's line beside the tabs: shortened with "…" rather than squeezing the tabs
    in a narrow pane (the full line is in the tooltip)."""

    def __init__(self) -> None:
        super().__init__()
        self.full = ""

    def setText(self, text: str) -> None:  # type: ignore[override]
        self.full = text
        self._elide()

    def text(self) -> str:  # type: ignore[override]
        return self.full

    def setToolTip(self, tip: str) -> None:  # type: ignore[override]
        super().setToolTip("\n".join(t for t in (self.full, tip) if t))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = min(self.fontMetrics().horizontalAdvance(self.full) + 16, self.maximumWidth())
        return QSize(width, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, max(0, self.width() - 10))
        super().setText(shown)


class TablesPane(QWidget):
    cell_selected = Signal(str, str, str)  # the current cell changed by the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = _ElidedLabel()
        self.info.setStyleSheet("font-weight: bold; padding: 2px 4px;")
        self.tabs = QTabWidget()
        self.views: dict[str, GridView] = {}
        self.banners: dict[str, QLabel] = {}
        self.models: dict[str, TableGridModel] = {}
        for key in TABLE_KEYS:
            page = QWidget()
            banner = QLabel()
            banner.setWordWrap(True)
            banner.setStyleSheet("color: #8a4b00; background: #fff4e0; border: 1px solid #f3d19c; padding: 6px;")
            banner.hide()
            view = GridView()
            box = QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(banner)
            box.addWidget(view, 1)
            self.tabs.addTab(page, table_name(key))
            self.views[key] = view
            self.banners[key] = banner
        # The report's line beside the tabs, not above them: on a 768-pixel laptop every row
        # of height goes to the table.
        self.tabs.setCornerWidget(self.info, Qt.Corner.TopRightCorner)
        # The doubted cell's picture, large, beside the grid while the clerk settles it.
        self.crop = CropPanel()
        for key, view in self.views.items():
            view.settled.connect(lambda k=key: self.next_doubt(k))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.crop)
        self.syncing = False
        self._session: ReportSession | None = None
        self._info = ""

    def set_session(self, session: ReportSession, edit_handler: EditHandler) -> None:
        ext = session.extraction
        meta = ext.meta
        parts = [meta.agency or self.tr("（未识别出机关名称）")]
        if meta.year:
            parts.append(self.tr("{year} 年度").format(year=meta.year))
        if ext.template:
            parts.append(self.tr("{version} 版格式").format(version=ext.template))
        if session.report.format:
            document = session.report.document
            parts.append(format_label(session.report.format, scanned=getattr(document, "ocr", None) is not None))
        self._info = "　".join(parts)
        self.info.setText(self._info)
        for key in TABLE_KEYS:
            old = self.models.get(key)
            model = TableGridModel(session, key, self)
            model.edit_handler = edit_handler
            view = self.views[key]
            view.setModel(model)
            view.selectionModel().currentChanged.connect(
                lambda current, _prev, k=key: self._current_changed(k, current))
            self.models[key] = model
            if old is not None:
                old.deleteLater()
        self._session = session
        self.update_titles(session.findings)
        # Open on the table with the most serious problem, not always on 表二: the clerk's
        # first look should land on what is wrong.
        first = next((f for f in in_review_order(session.findings) if f.severity != "info" and f.cells and f.cells[0][0] in TABLE_KEYS), None)
        self.tabs.setCurrentIndex(TABLE_KEYS.index(first.cells[0][0]) if first is not None else 0)
        # A scan with cells in doubt: those are settled first (before any letter can be
        # drawn), so the first one is current and Enter confirms it.
        for key in TABLE_KEYS:
            doubts = self.models[key].doubted_indexes()
            if doubts:
                self.show_table(key).setCurrentIndex(doubts[0])
                break

    def set_comparison(self, other_file: str | None) -> None:
        """Name last year's report the findings compare with, beside the report's own line."""
        text = self._info
        if other_file:
            text += "　" + self.tr("对比上年：{name}").format(name=os.path.basename(other_file))
        self.info.setText(text)
        self.info.setToolTip(other_file or "")

    def update_titles(self, findings: list[Finding]) -> None:
        for i, key in enumerate(TABLE_KEYS):
            n = sum(1 for f in findings if f.severity != "info" and any(ref[0] == key for ref in f.cells))
            self.tabs.setTabText(i, f"{table_name(key)}（{n}）" if n else table_name(key))
        self._update_banners(findings)

    def _update_banners(self, findings: list[Finding]) -> None:
        """A missing or unreadable table, or findings about a table as a whole (wrong
        version, columns outside the template): said above the grid, where no single cell
        could carry them."""
        session = self._session
        if session is None:
            return
        ext = session.extraction
        for key in TABLE_KEYS:
            banner = self.banners[key]
            name = table_name(key)
            if key in ext.unparsed_tables and key not in ext.tables:
                banner.setText(self.tr("原文中找到了{name}的标题，但表格内容无法读取（可能是图片或网页丢失了表格）；"
                                       "可以对照原件直接填写。").format(name=name))
            elif key not in ext.tables:
                banner.setText(self.tr("原文中没有找到{name}；可以对照原件直接填写。").format(name=name))
            else:
                whole = [f for f in findings if (key, None, None) in f.cells]
                if not whole:
                    banner.hide()
                    continue
                banner.setText("\n".join(f"【{SEVERITY_ZH[f.severity]}】{f.message}" for f in whole))
            banner.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The tabs first; the report's line gets what is left beside them.
        self.info.setMaximumWidth(max(0, self.width() - self.tabs.tabBar().sizeHint().width() - 12))

    def current_key(self) -> str | None:
        index = self.tabs.currentIndex()
        return TABLE_KEYS[index] if 0 <= index < len(TABLE_KEYS) else None

    def show_table(self, key: str) -> GridView:
        self.tabs.setCurrentIndex(TABLE_KEYS.index(key))
        return self.views[key]

    def select_cells(self, key: str, indexes: list[QModelIndex]) -> None:
        view = self.show_table(key)
        self.syncing = True
        try:
            view.select_cells(indexes)
        finally:
            self.syncing = False

    def next_doubt(self, key: str) -> bool:
        """Move to the next cell still in doubt after the current one: later in this table,
        then in the tables after it, then from the start. False when none is left."""
        order = list(TABLE_KEYS)
        start = order.index(key)
        current = self.views[key].currentIndex()
        here = (current.row(), current.column()) if current.isValid() else (-1, -1)
        for step in range(len(order) + 1):
            k = order[(start + step) % len(order)]
            model = self.models.get(k)
            if model is None:
                continue
            doubts = model.doubted_indexes()
            if step == 0:
                doubts = [i for i in doubts if (i.row(), i.column()) > here]
            elif step == len(order):
                doubts = [i for i in doubts if (i.row(), i.column()) < here]
            if doubts:
                view = self.show_table(k)
                view.setCurrentIndex(doubts[0])
                view.scrollTo(doubts[0])
                view.setFocus()
                return True
        self.crop.hide()
        return False

    def _current_changed(self, key: str, current: QModelIndex) -> None:
        model = self.models.get(key)
        cell = model.grid_cell(current) if model and current.isValid() else None
        if cell is not None and cell.kind == "value" and cell.row_key and cell.col_key and self._session is not None:
            self.crop.show_cell(cell_name(model.spec, cell.row_key, cell.col_key),
                                self._session.cell(key, cell.row_key, cell.col_key))
        else:
            self.crop.hide()
        if self.syncing or not current.isValid():
            return
        if cell is not None and cell.kind == "value" and cell.row_key and cell.col_key:
            self.cell_selected.emit(key, cell.row_key, cell.col_key)
