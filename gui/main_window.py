"""The checker window: opening files, the tables beside the source, the findings, edits with
undo, autosave and export."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (QLabel, QMainWindow, QProgressBar, QPushButton, QSplitter, QStackedWidget, QVBoxLayout,
                               QWidget)

from core.document import Location
from core.model import Finding
from core.template import TABLE_KEYS

from gui.autosave import AutosaveStore, Autosaver
from gui.batch_view import BatchView
from gui.dismiss import DismissalStore
from gui.drop_zone import DropZone
from gui.export_notice import ExportNotice
from gui.findings_panel import FindingsPanel
from gui.roles import SeverityRole
from gui.session import ReportSession
from gui.settings import DISPLAY_NAME, Settings
from gui.source_pane import SourcePane
from gui.tables_pane import TablesPane
from gui.window_edits import EditsMixin
from gui.window_export import ExportMixin
from gui.window_layout import SplitFit, fit_to_screen, keep_on_screen
from gui.window_menus import MenusMixin
from gui.window_opening import LOAD_THREADS, OpeningMixin


class MainWindow(MenusMixin, OpeningMixin, EditsMixin, ExportMixin, QMainWindow):
    """The window; its parts by responsibility: ``window_menus`` (actions, recent files),
    ``window_opening`` (files, batch, comparison, loading), ``window_edits`` (undo commands,
    fixes, recovery), ``window_export`` (Excel export, unsaved-edits prompt). This module
    builds the widgets and shows findings and cells."""

    def __init__(self, settings: Settings | None = None, autosave: AutosaveStore | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.undo_stack = QUndoStack(self)
        self.session: ReportSession | None = None
        self.path: str | None = None
        self._load_number = 0
        self._task: LoadTask | None = None
        self._loading_path: str | None = None
        self._from_batch: str | None = None  # the batch row being opened in the checker
        self._compare_number = 0
        self._compare_session: ReportSession | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(LOAD_THREADS)
        self._abandoned: set[int] = set()  # load numbers cancelled while check_file still runs
        self.autosaver = Autosaver(autosave or AutosaveStore(), self)
        self.dismissal_store = DismissalStore(self.autosaver.store.folder)

        self.setWindowTitle(DISPLAY_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self.batch.model.dismissal_store = self.dismissal_store
        self._build_actions()
        self._build_status()
        from gui.export_actions import install_export_actions  # Word exports and letters (issue 14)

        self.export_actions = install_export_actions(self)
        # Bound methods, not lambdas: Qt drops the connection when the window is destroyed.
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._edits_changed)
        self.split_fit = SplitFit(self.main_splitter, self.tables, self.findings)
        if self.settings.restore_window(self, self.splitters, self.split_fit):
            keep_on_screen(self)
        else:
            fit_to_screen(self)

    # ------------------------------------------------------------------ building the window

    def _build_widgets(self) -> None:
        self.drop_zone = DropZone()
        self.drop_zone.open_requested.connect(self.choose_file)
        self.drop_zone.batch_requested.connect(self.choose_batch_folder)
        self.batch = BatchView(self.settings)
        self.batch.open_requested.connect(self.open_from_batch)
        self.tables = TablesPane()
        self.source = SourcePane()
        self.findings = FindingsPanel()

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.addWidget(self.tables)
        self.top_splitter.addWidget(self.source)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 2)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.findings)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 1)
        self.splitters = {"main": self.main_splitter, "top": self.top_splitter}

        self.stack = QStackedWidget()
        self.stack.addWidget(self.drop_zone)
        self.stack.addWidget(self.main_splitter)
        self.stack.addWidget(self.batch)
        self.stack.currentChanged.connect(self._page_changed)
        self.export_notice = ExportNotice()
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.export_notice)
        box.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.tables.cell_selected.connect(self._cell_selected)
        self.source.cell_clicked.connect(self.select_cell)
        self.findings.finding_selected.connect(self.show_finding)
        self.findings.apply_fix.connect(self.apply_fix)
        self.findings.apply_all.connect(self.apply_all_fixes)
        self.findings.dismiss.connect(self.dismiss_finding)
        self.findings.undismiss.connect(self.undismiss_finding)
        for view in self.tables.views.values():
            view.apply_fix.connect(self._apply_cell_fix)
            view.revert.connect(self.revert_cell)
            view.pasted.connect(self.paste_cells)
            view.input_rejected.connect(self._input_rejected)

    def _build_status(self) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: reading has no measurable steps
        self.progress.setMaximumWidth(160)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel_load)
        self.check_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.progress_label)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addPermanentWidget(self.check_label)
        self._set_busy(False)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setRange(0, 0)  # busy until a PDF reports its pages
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.progress_label.setText(text)

    @property
    def loading(self) -> bool:
        return self._task is not None


    # ------------------------------------------------------------------ findings and selection

    def _session_changed(self) -> None:
        self._show_findings()

    def _show_findings(self) -> None:
        session = self.session
        if session is None:
            return
        self.findings.set_findings(session.findings, session.extraction, session.counts(), session.dismissals)
        self.tables.update_titles(session.findings)
        self.fix_all_action.setEnabled(any(f.cell_fixes() for f in session.findings))
        self.check_label.setText(self.tr("检查用时 {ms:.0f} 毫秒").format(ms=session.last_check_ms) if session.last_check_ms else "")
        if hasattr(self, "export_actions"):
            self.export_actions.refresh_write_back()  # the 写回 column and its count (issue 29)

    def _land_on_first_finding(self) -> None:
        """A report just opened starts at the top-left of every table (not where the previous
        report was scrolled to), then shows its first finding in the reviewer's order: its
        cells selected and scrolled into view, its place in the source."""
        for view in self.tables.views.values():
            view.scrollToTop()
            view.horizontalScrollBar().setValue(0)
        self.findings.table.scrollToTop()
        self.split_fit.fit()  # the room the findings need depends on how many there are
        first = self.findings.proxy.index(0, 0)
        if first.isValid() and first.data(SeverityRole) != "info":
            self.findings.select_row(0)

    def _cell_selected(self, table: str, row: str, col: str) -> None:
        self._show_cell_source(table, row, col)

    def _show_cell_source(self, table: str, row: str | None, col: str | None) -> bool:
        if self.session is None:
            return False
        return self.source.show_location(self._cell_location(table, row, col))

    def _cell_location(self, table: str, row: str | None, col: str | None) -> Location | None:
        assert self.session is not None
        extracted = self.session.extraction.tables.get(table)
        if extracted is None:
            return None
        if row is not None and col is not None:
            cell = self.session.cell(table, row, col)
            if cell is not None and cell.loc is not None:
                return cell.loc
        if row is not None and row in extracted.row_locs:
            return extracted.row_locs[row]
        return extracted.loc

    def select_cell(self, table: str, row: str, col: str) -> None:
        model = self.tables.models.get(table)
        if model is None:
            return
        index = model.index_of(row, col)
        if index.isValid():
            self.tables.select_cells(table, [index])
            self._show_cell_source(table, row, col)

    def show_finding(self, finding: Finding) -> None:
        """Select the finding's cells and show where it is in the source."""
        if self.session is None:
            return
        table_refs = [ref for ref in finding.cells if ref[0] in TABLE_KEYS]
        if finding.fixes:
            # A grouped finding (a 总计 column left blank) selects the cells to fill, not the
            # whole block of terms: those keep their highlight beside the selection.
            table_refs = [ref for ref, _value in finding.fixes if ref[0] in TABLE_KEYS]
        target = finding.culprit[0] if finding.culprit else (table_refs[0][0] if table_refs else None)
        if target is not None:
            model = self.tables.models[target]
            indexes = []
            for t, row, col in table_refs:
                if t != target:
                    continue
                found = model.value_indexes(row, col)
                if not found and row is not None:
                    label = model.row_label_index(row)
                    found = [label] if label.isValid() else []
                indexes.extend(found)
            if finding.culprit is not None and finding.culprit[0] == target:
                first = model.index_of(finding.culprit[1] or "", finding.culprit[2] or "")
                if first.isValid():
                    indexes = [first] + [i for i in indexes if i != first]
            self.tables.select_cells(target, indexes)
        if self.source.show_location(self._finding_location(finding)):
            return
        ref = finding.culprit or (table_refs[0] if table_refs else None)
        if ref is not None:
            self._show_cell_source(ref[0], ref[1], ref[2])

    def _finding_location(self, finding: Finding) -> Location | None:
        assert self.session is not None
        if finding.loc is not None:
            return finding.loc
        meta = self.session.extraction.meta
        for table, row, _col in finding.cells:
            if table == "text" and row in meta.sections:
                return meta.sections[row][1]
            if table == "meta":
                loc = {"title": meta.title_loc, "year": meta.title_loc, "period": meta.period_loc,
                       "agency": meta.signature_loc, "signature": meta.signature_loc}.get(row or "")
                if loc is not None:
                    return loc
        ref = finding.culprit or next((c for c in finding.cells if c[0] in TABLE_KEYS), None)
        return self._cell_location(*ref) if ref is not None else None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.cancel_load()
        self.batch.shutdown()
        self._pool.waitForDone(5000)
        if self.session is not None and not self.undo_stack.isClean():
            self.autosaver.flush()
        self.autosaver.detach()
        self.settings.save_window(self, self.splitters, self.split_fit)
        event.accept()

