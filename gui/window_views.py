"""The window's widgets, built once and handed to the parts that fill them.

Three pages in one stack — the drop zone (nothing open, or a file that could not be read),
the checker (tables beside the source above the findings) and the batch view — under the
export banner. ``CheckerViews`` only builds and lays them out; it connects nothing: the
window wires their signals to the parts (``gui/main_window.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from gui.batch_view import BatchView
from gui.drop_zone import DropZone
from gui.export_notice import ExportNotice
from gui.findings_panel import FindingsPanel
from gui.settings import Settings
from gui.source_pane import SourcePane
from gui.tables_pane import TablesPane


class CheckerViews:
    def __init__(self, settings: Settings) -> None:
        self.drop_zone = DropZone()
        self.batch = BatchView(settings)
        self.tables = TablesPane()
        self.source = SourcePane()
        self.findings = FindingsPanel()
        self.check_label = QLabel()  # 检查用时, in the status bar

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.addWidget(self.tables)
        self.top_splitter.addWidget(self.source)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 2)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)  # the checker page
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.findings)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 1)
        self.splitters = {"main": self.main_splitter, "top": self.top_splitter}

        self.stack = QStackedWidget()
        self.stack.addWidget(self.drop_zone)
        self.stack.addWidget(self.main_splitter)
        self.stack.addWidget(self.batch)
        self.export_notice = ExportNotice()
        self.central = QWidget()
        box = QVBoxLayout(self.central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.export_notice)
        box.addWidget(self.stack, 1)

    def show_checker(self) -> None:
        self.stack.setCurrentWidget(self.main_splitter)

    def show_batch(self) -> None:
        self.stack.setCurrentWidget(self.batch)

    def show_drop_zone(self) -> None:
        self.stack.setCurrentWidget(self.drop_zone)

    def showing_checker(self) -> bool:
        return self.stack.currentWidget() is self.main_splitter

    def showing_batch(self) -> bool:
        return self.stack.currentWidget() is self.batch
