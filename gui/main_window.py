"""The checker window: opening files, the tables beside the source, the findings, edits with
undo, autosave and export."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer, QUrl, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QSplitter,
                               QStackedWidget, QWidget)

from core.document import Location
from core.model import Finding, Number, Report
from core.readers import SUPPORTED_SUFFIXES
from core.template import TABLE_KEYS

from gui.about_dialog import AboutDialog
from gui.autosave import AutosaveStore, Autosaver
from gui.batch_view import BatchView
from gui.drop_zone import DropZone
from gui.findings_panel import FindingsPanel
from gui.session import Edit, ReportSession
from gui.settings import DISPLAY_NAME, Settings
from gui.source_pane import SourcePane
from gui.tables_pane import TablesPane
from gui.undo import RevertCellCommand, SetCellCommand, fix_text
from gui.worker import CheckTask, LoadTask, preload_engine

LOAD_THREADS = 2  # one load and the PDF pages of the previous one
MAX_BULK_FIXES = 60  # a bulk fix converges long before this; the cap only guards against a loop


class MainWindow(QMainWindow):
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

        self.setWindowTitle(DISPLAY_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_status()
        # Bound methods, not lambdas: Qt drops the connection when the window is destroyed.
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._edits_changed)
        if not self.settings.restore_window(self, self.splitters):
            self.resize(1360, 860)

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
        self.setCentralWidget(self.stack)

        self.tables.cell_selected.connect(self._cell_selected)
        self.source.cell_clicked.connect(self.select_cell)
        self.findings.finding_selected.connect(self.show_finding)
        self.findings.apply_fix.connect(self.apply_fix)
        self.findings.apply_all.connect(self.apply_all_fixes)
        for view in self.tables.views.values():
            view.apply_fix.connect(self._apply_cell_fix)
            view.revert.connect(self.revert_cell)

    def _build_actions(self) -> None:
        menu_file = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.open_action = QAction(self.tr("打开(&O)…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_file)
        menu_file.addAction(self.open_action)
        self.recent_menu = menu_file.addMenu(self.tr("最近打开(&R)"))
        self._rebuild_recent(self.settings.recent_files())
        self.batch_action = QAction(self.tr("批量检查文件夹(&B)…"), self)
        self.batch_action.setShortcut(QKeySequence("Ctrl+B"))
        self.batch_action.triggered.connect(self.choose_batch_folder)
        menu_file.addAction(self.batch_action)
        self.back_action = QAction(self.tr("← 返回批量结果"), self)
        self.back_action.setShortcut(QKeySequence.StandardKey.Back)
        self.back_action.setToolTip(self.tr("回到批量检查的结果列表（Alt+←）"))
        self.back_action.triggered.connect(self.back_to_batch)
        self.back_action.setVisible(False)
        menu_file.addAction(self.back_action)
        self.compare_action = QAction(self.tr("对比上年报告(&Y)…"), self)
        self.compare_action.setToolTip(self.tr("选择同一单位上一年度的报告，核对上年结转、现行有效件数等跨年度数据"))
        self.compare_action.triggered.connect(self.choose_previous_year)
        self.compare_action.setEnabled(False)
        menu_file.addAction(self.compare_action)
        menu_file.addSeparator()
        self.export_action = QAction(self.tr("导出修正后的 Excel(&E)…"), self)
        self.export_action.setShortcuts([QKeySequence.StandardKey.Save, QKeySequence("Ctrl+E")])
        self.export_action.triggered.connect(self.export_corrected)
        self.export_action.setEnabled(False)
        menu_file.addAction(self.export_action)
        self.discard_action = QAction(self.tr("放弃全部修改(&D)"), self)
        self.discard_action.triggered.connect(self.discard_edits)
        self.discard_action.setEnabled(False)
        menu_file.addAction(self.discard_action)
        menu_file.addSeparator()
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu_file.addAction(quit_action)

        menu_edit = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        menu_edit.addAction(self.undo_action)
        menu_edit.addAction(self.redo_action)
        menu_edit.addSeparator()
        self.fix_all_action = QAction(self.tr("全部采用建议值"), self)
        self.fix_all_action.triggered.connect(self.apply_all_fixes)
        menu_edit.addAction(self.fix_all_action)

        menu_help = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于与帮助(&A)…"), self)
        about.setShortcut(QKeySequence.StandardKey.HelpContents)
        about.triggered.connect(self.show_about)
        menu_help.addAction(about)

        toolbar = self.addToolBar(self.tr("工具栏"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.back_action, self.open_action, self.export_action, self.undo_action, self.redo_action,
                       self.compare_action):
            toolbar.addAction(action)

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

    # ------------------------------------------------------------------ opening

    def choose_file(self) -> None:
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        filters = ";;".join([self.tr("年度报告 ({patterns})").format(patterns=patterns), self.tr("所有文件 (*)")])
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("打开年度报告（选多个文件则批量检查）"),
                                                self.settings.last_folder(), filters)
        if len(paths) == 1:
            self.open_file(paths[0])
        elif paths:
            self.start_batch(paths)

    def open_file(self, path: str, *, from_batch: bool = False) -> bool:
        """Start reading ``path``; False when the user kept the current file instead."""
        if not self.maybe_save():
            return False
        self.settings.set_last_folder(os.path.dirname(os.path.abspath(path)))
        self._from_batch = path if from_batch else None
        self._start_load(path)
        return True

    # ------------------------------------------------------------------ batch

    def choose_batch_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择要批量检查的文件夹"), self.settings.last_folder())
        if folder:
            self.start_batch([folder])

    def start_batch(self, items: list[str]) -> bool:
        """Check files and folders together in the batch view; False when the user kept
        the open report's unexported edits instead."""
        if not self.maybe_save():
            return False
        self.cancel_load()
        self._close_session()
        first = items[0]
        self.settings.set_last_folder(first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first)))
        self.batch.start(items)
        self.stack.setCurrentWidget(self.batch)
        self.setWindowTitle(self.tr("批量检查 — {app}").format(app=DISPLAY_NAME))
        return True

    def open_from_batch(self, path: str) -> None:
        """Open one report of the batch in the checker, the normal way (the source view needs
        the document, which the batch does not keep); 返回批量结果 comes back."""
        self.open_file(path, from_batch=True)

    def back_to_batch(self) -> bool:
        if not self.batch.model.rows or self.stack.currentWidget() is self.batch:
            return False
        if not self.maybe_save():
            return False
        came_from = self.path or self._loading_path
        self.cancel_load()
        self._close_session()
        self.drop_zone.clear_error()
        self.stack.setCurrentWidget(self.batch)
        self.setWindowTitle(self.tr("批量检查 — {app}").format(app=DISPLAY_NAME))
        if came_from:
            self.batch.select_path(came_from)
        self.batch.table.setFocus()
        return True

    def _page_changed(self, _index: int = 0) -> None:
        self.back_action.setVisible(bool(self.batch.model.rows) and self.stack.currentWidget() is not self.batch)

    # ------------------------------------------------------------------ last year's report

    def choose_previous_year(self) -> None:
        if self.session is None:
            return
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        filters = ";;".join([self.tr("年度报告 ({patterns})").format(patterns=patterns), self.tr("所有文件 (*)")])
        folder = os.path.dirname(self.path) if self.path else self.settings.last_folder()
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择同一单位上一年度的报告"), folder, filters)
        if path:
            self.compare_with(path)

    def compare_with(self, path: str) -> None:
        """Check ``path`` off the UI thread, then add its year-over-year findings."""
        if self.session is None:
            return
        if self.path and os.path.abspath(path) == os.path.abspath(self.path):
            QMessageBox.information(self, self.tr("对比上年报告"), self.tr("请选择上一年度的报告，而不是当前报告本身。"))
            return
        self._compare_number += 1
        self._compare_session = self.session
        task = CheckTask(self._compare_number, path)
        task.signals.checked.connect(self._on_previous_checked)
        self._set_busy(True, self.tr("正在读取上年报告“{name}”…").format(name=Path(path).name))
        self._pool.start(task)

    @property
    def comparing(self) -> bool:
        return self._compare_session is not None

    def _on_previous_checked(self, number: int, report: Report) -> None:
        session = self.session
        if number != self._compare_number or session is None or session is not self._compare_session:
            return
        self._compare_session = None
        if self._task is None:
            self._set_busy(False)
        session.set_previous(report)
        self.tables.set_comparison(report.file)
        cross = [f for f in session.cross_year_findings() if f.rule != "X-YEAR-PAIR"]
        name = Path(report.file).name
        if any(f.rule == "X-YEAR-PAIR" for f in session.cross_year_findings()):
            text = self.tr("与“{name}”的对比有提示，请看问题列表中的 X-YEAR-PAIR。").format(name=name)
        elif cross:
            text = self.tr("已与“{name}”对比：{n} 处跨年度不一致，见问题列表。").format(name=name, n=len(cross))
        else:
            text = self.tr("已与“{name}”对比：跨年度数据一致。").format(name=name)
        self.statusBar().showMessage(text, 10000)

    def _start_load(self, path: str) -> None:
        self._cancel_task()
        preload_engine()
        self._load_number += 1
        task = LoadTask(self._load_number, path)
        task.signals.loaded.connect(self._on_loaded)
        task.signals.progress.connect(self._on_progress)
        task.signals.pages.connect(self._on_pages)
        task.signals.page_image.connect(self._on_page_image)
        task.signals.finished.connect(self._on_task_finished)
        self._task = task
        self._loading_path = path
        self._set_busy(True, self.tr("正在读取“{name}”…").format(name=Path(path).name))
        self._pool.start(task)

    def cancel_load(self) -> None:
        if self._compare_session is not None:  # reading last year's report: its result is dropped
            self._compare_number += 1
            self._compare_session = None
            if self._task is None:
                self._set_busy(False)
                self.statusBar().showMessage(self.tr("已取消读取上年报告。"), 4000)
        if self._task is None:
            return
        self._cancel_task()
        self._load_number += 1  # whatever the cancelled task still emits is ignored
        self._set_busy(False)
        self.statusBar().showMessage(self.tr("已取消读取。"), 4000)

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancelled.set()
            # check_file cannot be interrupted: the abandoned task keeps its thread until the
            # reader returns. Give the pool one more thread meanwhile, so the next file starts
            # at once instead of queueing behind a file the user gave up on.
            self._abandoned.add(self._task.number)
            self._pool.setMaxThreadCount(LOAD_THREADS + len(self._abandoned))
            self._task = None

    def _on_task_finished(self, number: int) -> None:
        if number in self._abandoned:
            self._abandoned.discard(number)
            self._pool.setMaxThreadCount(LOAD_THREADS + len(self._abandoned))
        if number == self._load_number:
            self._task = None

    def _on_loaded(self, number: int, report: Report) -> None:
        if number != self._load_number:
            return
        path = self._loading_path or report.file
        self._set_busy(False)
        if report.status == "unreadable" or report.extraction is None:
            self._close_session()
            self.drop_zone.show_error(Path(path).name, report.error or self.tr("无法读取该文件。"))
            self.stack.setCurrentWidget(self.drop_zone)
            self.setWindowTitle(DISPLAY_NAME)
            return
        self._install(report, path)

    def _on_progress(self, number: int, done: int, total: int) -> None:
        if number != self._load_number or self._task is None or total <= 1:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress_label.setText(self.tr("正在读取“{name}”：第 {page} / {total} 页…").format(
            name=Path(self._loading_path or "").name, page=min(done + 1, total), total=total))

    def _on_pages(self, number: int, sizes: list[tuple[float, float]]) -> None:
        if number == self._load_number:
            self.source.set_pages(sizes)

    def _on_page_image(self, number: int, page: int, image: QImage, scale: float) -> None:
        if number == self._load_number:
            self.source.set_page_image(page, image, scale)

    def _install(self, report: Report, path: str) -> None:
        self._close_session()
        self.drop_zone.clear_error()
        session = ReportSession(report, self)
        self.session = session
        self.path = path
        session.changed.connect(self._session_changed)
        self.tables.set_session(session, self.push_edit)
        self.source.set_document(report.document, session.extraction)
        self._show_findings()
        self.autosaver.attach(path, session.edits)
        self._rebuild_recent(self.settings.add_recent(path))
        self.setWindowTitle(f"{Path(path).name}[*] — {DISPLAY_NAME}")
        self.setWindowModified(False)
        self.export_action.setEnabled(True)
        self.discard_action.setEnabled(True)
        self.compare_action.setEnabled(True)
        self.tables.set_comparison(None)
        self._compare_from_batch(path)
        self.stack.setCurrentWidget(self.main_splitter)
        self._offer_recovery()

    def _compare_from_batch(self, path: str) -> None:
        """A report opened from the batch is compared with last year's report of the same
        batch, as its row was: the findings are recomputed on every edit."""
        if self._from_batch is None or self.session is None:
            return
        self._from_batch = None
        row = self.batch.model.row_of(path)
        previous = self.batch.model.previous_report(row) if row is not None else None
        if previous is not None:
            self.session.set_previous(previous)
            self.tables.set_comparison(previous.file)

    def _close_session(self) -> None:
        self.autosaver.detach()
        self.undo_stack.clear()
        if self.session is not None:
            self.session.changed.disconnect(self._session_changed)
            self.session.deleteLater()
        self.session = None
        self.path = None
        self.export_action.setEnabled(False)
        self.discard_action.setEnabled(False)
        self.compare_action.setEnabled(False)
        if self._compare_session is not None:  # the report it was for is gone
            self._compare_number += 1
            self._compare_session = None

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData().urls()) and event.source() is None:
            event.acceptProposedAction()
            self.drop_zone.set_hover(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_zone.set_hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_zone.set_hover(False)
        paths = _local_paths(event.mimeData().urls())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Open after the drop returns: the save prompt must not run inside the drag loop.
        if len(paths) == 1 and os.path.isfile(paths[0]):
            QTimer.singleShot(0, lambda: self.open_file(paths[0]))
        else:  # a folder or several files: the batch view
            QTimer.singleShot(0, lambda: self.start_batch(paths))

    # ------------------------------------------------------------------ findings and selection

    def _session_changed(self) -> None:
        self._show_findings()

    def _show_findings(self) -> None:
        session = self.session
        if session is None:
            return
        self.findings.set_findings(session.findings, session.extraction, session.counts())
        self.tables.update_titles(session.findings)
        self.fix_all_action.setEnabled(any(f.fix is not None and f.culprit is not None for f in session.findings))
        self.check_label.setText(self.tr("检查用时 {ms:.0f} 毫秒").format(ms=session.last_check_ms) if session.last_check_ms else "")

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

    # ------------------------------------------------------------------ edits

    def push_edit(self, table: str, row: str, col: str, value: Number | None) -> None:
        if self.session is not None:
            self.undo_stack.push(SetCellCommand(self.session, table, row, col, value))

    def apply_fix(self, finding: Finding) -> None:
        if self.session is None or finding.culprit is None or finding.fix is None:
            return
        table, row, col = finding.culprit
        if row is None or col is None:
            return
        self._apply_cell_fix(table, row, col, finding.fix)

    def _apply_cell_fix(self, table: str, row: str, col: str, value: Number) -> None:
        if self.session is not None:
            self.undo_stack.push(SetCellCommand(self.session, table, row, col, value, text=fix_text()))
            self.select_cell(table, row, col)

    def apply_all_fixes(self) -> int:
        """Apply suggested values until none is left: one undo step for all of them."""
        session = self.session
        if session is None:
            return 0
        if not any(f.fix is not None and f.culprit is not None and f.culprit[1] and f.culprit[2] for f in session.findings):
            self.statusBar().showMessage(self.tr("没有可采用的建议值。"), 4000)
            return 0
        applied = 0
        tried: set[tuple[str, str, str]] = set()
        self.undo_stack.beginMacro(self.tr("全部采用建议值"))
        try:
            for _ in range(MAX_BULK_FIXES):
                candidate = next((f for f in session.findings
                                  if f.fix is not None and f.culprit is not None and f.culprit[1] and f.culprit[2]
                                  and f.culprit not in tried), None)
                if candidate is None:
                    break
                table, row, col = candidate.culprit  # type: ignore[misc]
                tried.add((table, row, col))  # type: ignore[arg-type]
                self.undo_stack.push(SetCellCommand(session, table, row, col, candidate.fix, text=fix_text()))  # type: ignore[arg-type]
                applied += 1
        finally:
            self.undo_stack.endMacro()
        self.undo_stack.command(self.undo_stack.index() - 1).setText(
            self.tr("全部采用建议值（{n} 处）").format(n=applied))
        return applied

    def revert_cell(self, table: str, row: str, col: str) -> None:
        if self.session is None:
            return
        self.undo_stack.push(RevertCellCommand(self.session, table, row, col, self.tr("恢复原值")))

    def discard_edits(self) -> None:
        if self.session is None or not self.session.edits():
            return
        answer = QMessageBox.question(self, self.tr("放弃全部修改"), self.tr("放弃对本文件的全部修改，恢复为原文数值？"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.undo_stack.beginMacro(self.tr("放弃全部修改"))
        for edit in self.session.edits():
            self.revert_cell(edit.table, edit.row, edit.col)
        self.undo_stack.endMacro()
        self.autosaver.clear()

    def _edits_changed(self, _index: int = 0) -> None:
        self.autosaver.schedule()

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    # ------------------------------------------------------------------ recovery

    def _offer_recovery(self) -> None:
        edits = self.autosaver.recoverable()
        if not edits or self.session is None:
            return
        answer = QMessageBox.question(
            self, self.tr("恢复未导出的修改"),
            self.tr("上次关闭前对该文件有 {n} 处修改尚未导出（程序可能意外退出）。是否恢复这些修改？").format(n=len(edits)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_edits(edits)
        else:
            self.autosaver.clear()

    def restore_edits(self, edits: list[Edit]) -> int:
        session = self.session
        if session is None:
            return 0
        applied = 0
        self.undo_stack.beginMacro(self.tr("恢复未导出的修改（{n} 处）").format(n=len(edits)))
        for edit in edits:
            try:
                self.undo_stack.push(SetCellCommand(session, edit.table, edit.row, edit.col, edit.value))
                applied += 1
            except KeyError:
                continue  # a cell of another layout: the file changed since
        self.undo_stack.endMacro()
        return applied

    # ------------------------------------------------------------------ saving

    def export_corrected(self) -> bool:
        """Export the edited tables to Excel; True when written."""
        session = self.session
        if session is None or self.path is None:
            return False
        try:
            from core.export.workbook import ExportError, write_corrected_workbook
        except ImportError:
            QMessageBox.warning(self, self.tr("无法导出"),
                                self.tr("此版本尚未包含 Excel 导出功能，暂时无法导出修正后的表格；修改已自动暂存，不会丢失。"))
            return False
        source = Path(self.path)
        start = str(Path(self.settings.last_folder()) / f"{source.stem}（修正）.xlsx")
        while True:
            target, _ = QFileDialog.getSaveFileName(self, self.tr("导出修正后的 Excel"), start,
                                                    self.tr("Excel 工作簿 (*.xlsx)"))
            if not target:
                return False
            if not target.lower().endswith(".xlsx"):
                target += ".xlsx"
            start = target
            if os.path.abspath(target) == os.path.abspath(self.path):
                QMessageBox.warning(self, self.tr("导出失败"), self.tr("不能覆盖原始报告文件；请另选一个文件名。"))
                continue
            try:
                # 检查结果 lists what the window shows, the comparison with last year included.
                write_corrected_workbook(session.report, target, session.extraction, session.cross_year_findings())
            except ExportError as exc:
                QMessageBox.warning(self, self.tr("导出失败"), str(getattr(exc, "message", None) or exc))
                continue
            except OSError:
                QMessageBox.warning(self, self.tr("导出失败"),
                                    self.tr("无法写入该位置（文件可能正被 Excel 打开，或没有写入权限）；请关闭该文件或另选位置。"))
                continue
            break
        self.settings.set_last_folder(os.path.dirname(target))
        self.undo_stack.setClean()
        self.autosaver.clear()
        self.statusBar().showMessage(self.tr("已导出：{path}").format(path=target), 8000)
        return True

    def maybe_save(self) -> bool:
        """Ask about unexported edits; False when the user cancels."""
        if self.session is None or self.undo_stack.isClean():
            return True
        name = Path(self.path).name if self.path else ""
        answer = QMessageBox.question(
            self, self.tr("修改尚未导出"),
            self.tr("“{name}”有 {n} 处修改尚未导出。是否导出修正后的 Excel？").format(name=name, n=len(self.session.edits())),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.export_corrected()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.clear()
            self.autosaver.detach()
            self.undo_stack.setClean()
            return True
        return False

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
        self.settings.save_window(self, self.splitters)
        event.accept()

    # ------------------------------------------------------------------ misc

    def _rebuild_recent(self, recent: list[str]) -> None:
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(recent))
        if recent:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction(self.tr("清空列表"))
            clear.triggered.connect(self._clear_recent)

    def _open_recent(self, path: str) -> None:
        if not os.path.exists(path):
            QMessageBox.information(self, self.tr("文件不存在"), self.tr("“{path}”已被移动或删除，已从列表中移除。").format(path=path))
            self._rebuild_recent(self.settings.remove_recent(path))
            return
        self.open_file(path)

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self._rebuild_recent([])

    def show_about(self) -> None:
        AboutDialog(self).exec()


def _local_paths(urls: list[QUrl]) -> list[str]:
    """Local files and folders of a drop (a folder is checked as a batch)."""
    return [u.toLocalFile() for u in urls if u.isLocalFile() and os.path.exists(u.toLocalFile())]
