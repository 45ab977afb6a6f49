"""The window's size and the split between tables and findings, for a 1366×768 laptop as
much as for a 1920×1080 desk screen (at 100 %, 125 %, 150 %).

The window never opens larger than the screen's available area, and opens maximised on a
small screen. The findings keep room for five findings; the tables take the rest, except
that a table needing less (表四 is one row) gives the surplus to the findings. Once the
clerk drags the divider, their split is kept (and remembered) instead."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter

from gui.findings_panel import FindingsPanel
from gui.tables_pane import TablesPane

DEFAULT_SIZE = QSize(1360, 860)
# Below this the window opens maximised: a laptop screen has no room to spare for a frame.
SMALL_SCREEN = QSize(1600, 950)
MIN_TOP_SHARE = 0.45  # a short table leaves the PDF beside it at least this share


def fit_to_screen(window: QMainWindow) -> None:
    """First start (nothing remembered): as large as useful, never beyond the screen."""
    screen = window.screen()
    if screen is None:
        window.resize(DEFAULT_SIZE)
        return
    available = screen.availableGeometry()
    size = DEFAULT_SIZE.boundedTo(available.size() * 0.94)
    window.resize(size)
    window.move(available.center() - window.rect().center())
    if available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height():
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def keep_on_screen(window: QMainWindow) -> None:
    """A remembered geometry from a larger screen (a docked laptop) is cut to this one."""
    screen = window.screen()
    if screen is None or window.isMaximized():
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    if available.contains(frame):
        return
    size = window.size().boundedTo(available.size() - (frame.size() - window.size()))
    window.resize(size)
    window.move(available.topLeft())


class SplitFit(QObject):
    """Keeps the tables/findings split fitted to the table shown until the user moves it."""

    def __init__(self, splitter: QSplitter, tables: TablesPane, findings: FindingsPanel) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.tables = tables
        self.findings = findings
        self.auto = True
        splitter.splitterMoved.connect(self._moved_by_user)
        tables.tabs.currentChanged.connect(lambda _i: self.fit())
        splitter.installEventFilter(self)

    def _moved_by_user(self, _pos: int, _index: int) -> None:
        self.auto = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def fit(self) -> None:
        if not self.auto:
            return
        total = self.splitter.height() - self.splitter.handleWidth()
        if total <= 0:
            return
        low = self.findings.minimumSizeHint().height()
        top = max(total - low, 0)
        need = self._tables_need()
        if need is not None and need < top:
            top = max(need, int(total * MIN_TOP_SHARE))
        if self.splitter.sizes() != [top, total - top]:
            self.splitter.setSizes([top, total - top])

    def _tables_need(self) -> int | None:
        """Height the shown table needs in full, with the pane's own lines above it."""
        key = self.tables.current_key()
        view = self.tables.views.get(key) if key else None
        if view is None or view.model() is None:
            return None
        rows = sum(view.rowHeight(r) for r in range(view.model().rowCount()))
        bar = view.horizontalScrollBar()
        scroll = bar.sizeHint().height() if bar.maximum() > 0 else 0
        chrome = self.tables.height() - view.height()
        return rows + 2 * view.frameWidth() + scroll + chrome + 8

