"""Opening reports in the window: the file dialog, drag and drop, the batch view and back, last
year's report for comparison, and the load task off the UI thread."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model import Report
from core.readers import SUPPORTED_SUFFIXES

from gui.autosave import source_key
from gui.session import ReportSession
from gui.settings import DISPLAY_NAME
from gui.worker import CheckTask, LoadTask, preload_engine

LOAD_THREADS = 2  # one load and the PDF pages of the previous one

if TYPE_CHECKING:
    from gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class OpeningMixin(_Base):
    """Part of ``MainWindow``: from a path to an installed ``ReportSession``."""

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
            self.batch.model.reload_dismissals(came_from)
            self.batch.select_path(came_from)
        self.batch.table.setFocus()
        return True

    def _page_changed(self, _index: int = 0) -> None:
        self.back_action.setVisible(bool(self.batch.model.rows) and self.stack.currentWidget() is not self.batch)
        if self.stack.currentWidget() is not self.main_splitter:
            self.check_label.clear()  # 检查用时 belongs to the report shown, not to the batch or an error

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
        task.signals.recognising.connect(self._on_recognising)
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
            if self.session is not None and self.path != path:
                # The report open stays as it was: a file that cannot be read replaces nothing.
                QMessageBox.warning(self, self.tr("无法打开“{name}”").format(name=Path(path).name),
                                    report.error or self.tr("无法读取该文件。"))
                return
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

    def _on_recognising(self, number: int, done: int, total: int) -> None:
        """OCR takes seconds a page: say so, page by page, even for a single picture."""
        if number != self._load_number or self._task is None or total < 1:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        name = Path(self._loading_path or "").name
        if done < total:
            text = self.tr("“{name}”是扫描件或图片：正在识别第 {page} / {total} 页…").format(
                name=name, page=done + 1, total=total)
        else:
            text = self.tr("“{name}”：已识别 {total} 页，正在核对识别结果…").format(name=name, total=total)
        self.progress_label.setText(text)

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
        session.dismissals = self.dismissal_store.read(source_key(path))
        session.changed.connect(self._session_changed)
        session.dismissals_changed.connect(self._dismissals_changed)
        self.tables.set_session(session, self.push_edit)
        self.source.set_document(report.document, session.extraction)
        self._show_findings()
        self.autosaver.attach(path, session.edits)
        self._rebuild_recent(self.settings.add_recent(path))
        self.setWindowTitle(f"{Path(path).name}[*] — {DISPLAY_NAME}")
        self.setWindowModified(False)
        self.export_action.setEnabled(True)
        self.pdf_action.setEnabled(True)
        self.print_action.setEnabled(True)
        self.discard_action.setEnabled(True)
        self.compare_action.setEnabled(True)
        self.tables.set_comparison(None)
        self._compare_from_batch(path)
        self.stack.setCurrentWidget(self.main_splitter)
        self._land_on_first_finding()
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
            self.session.dismissals_changed.disconnect(self._dismissals_changed)
            self.session.deleteLater()
        self.session = None
        self.path = None
        self.export_action.setEnabled(False)
        self.pdf_action.setEnabled(False)
        self.print_action.setEnabled(False)
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


def _local_paths(urls: list[QUrl]) -> list[str]:
    """Local files and folders of a drop (a folder is checked as a batch)."""
    return [u.toLocalFile() for u in urls if u.isLocalFile() and os.path.exists(u.toLocalFile())]
