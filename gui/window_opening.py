"""Opening reports: the file dialog, drag and drop, the batch view and back, last year's report
for comparison, and the load task off the UI thread.

``Opener`` is the only part that puts a report into the checker or takes it out
(``CurrentReport.open``/``close``). It is given what it fills and asks, nothing more: the
views, the holder of the open report, the settings, autosave and the dismissal store, the
window's status bar, ``edit_cell`` (the editing part's entry for a typed value) and
``confirm_leave`` (the export part's "unexported edits?" prompt, False to stay). The window
forwards its drag-and-drop events here (``drag_enter``/``drag_leave``/``drop``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QStatusBar, QWidget

from core.model import Number, Report
from core.readers import EXPLAINED_SUFFIXES, SUPPORTED_SUFFIXES

from gui.autosave import Autosaver, source_key
from gui.current_report import CurrentReport
from gui.dismiss import DismissalStore
from gui.formats import NO_WRITE_BACK, no_write_back_note
from gui.session import ReportSession
from gui.settings import DISPLAY_NAME, Settings
from gui.window_views import CheckerViews
from gui.worker import CheckTask, LoadTask, preload_engine

LOAD_THREADS = 2  # one load and the PDF pages of the previous one


class LoadStatus(QWidget):
    """Reading…: a label, a progress bar and 取消, in the status bar while a file is read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: reading has no measurable steps
        self.progress.setMaximumWidth(160)
        self.cancel_button = QPushButton(self.tr("取消"))
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.label)
        box.addWidget(self.progress)
        box.addWidget(self.cancel_button)
        self.set_busy(False)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setRange(0, 0)  # busy until a PDF reports its pages
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.label.setVisible(busy)
        self.label.setText(text)

    def set_step(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.label.setText(text)


class Opener(QObject):
    """From a path to the report installed in the checker (or the batch view)."""

    def __init__(self, host: QWidget, views: CheckerViews, current: CurrentReport, settings: Settings,
                 autosaver: Autosaver, dismissal_store: DismissalStore, status_bar: QStatusBar,
                 edit_cell: Callable[[str, str, str, Number | None], None], confirm_leave: Callable[[], bool]) -> None:
        super().__init__(host)
        self.host = host  # parent of dialogs; its title names the file open
        self.views = views
        self.current = current
        self.settings = settings
        self.autosaver = autosaver
        self.dismissal_store = dismissal_store
        self.status_bar = status_bar
        self.edit_cell = edit_cell
        self.confirm_leave = confirm_leave
        self.status = LoadStatus()
        self.status.cancel_button.clicked.connect(self.cancel_load)
        status_bar.addWidget(self.status)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(LOAD_THREADS)
        self._load_number = 0
        self.task: LoadTask | None = None
        self._loading_path: str | None = None
        self._from_batch: str | None = None  # the batch row being opened in the checker
        self._compare_number = 0
        self._compare_session: ReportSession | None = None
        self._abandoned: set[int] = set()  # load numbers cancelled while check_file still runs

    @property
    def loading(self) -> bool:
        return self.task is not None

    @property
    def loading_path(self) -> str | None:
        return self._loading_path

    # ------------------------------------------------------------------ opening

    def choose_file(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.host, self.tr("打开年度报告（选多个文件则批量检查）"),
                                                self.settings.last_folder(), self._filters())
        if len(paths) == 1:
            self.open_file(paths[0])
        elif paths:
            self.start_batch(paths)

    def _filters(self) -> str:
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES + EXPLAINED_SUFFIXES)
        return ";;".join([self.tr("年度报告 ({patterns})").format(patterns=patterns), self.tr("所有文件 (*)")])

    def open_file(self, path: str, *, from_batch: bool = False) -> bool:
        """Start reading ``path``; False when the user kept the current file instead."""
        if not self.confirm_leave():
            return False
        self.settings.set_last_folder(os.path.dirname(os.path.abspath(path)))
        self._from_batch = path if from_batch else None
        self._start_load(path)
        return True

    # ------------------------------------------------------------------ batch

    def choose_batch_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.host, self.tr("选择要批量检查的文件夹"), self.settings.last_folder())
        if folder:
            self.start_batch([folder])

    def start_batch(self, items: list[str]) -> bool:
        """Check files and folders together in the batch view; False when the user kept
        the open report's unexported edits instead."""
        if not self.confirm_leave():
            return False
        self.cancel_load()
        self.close_report()
        first = items[0]
        self.settings.set_last_folder(first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first)))
        self.views.batch.start(items)
        self.views.show_batch()
        self.host.setWindowTitle(self.tr("批量检查 — {app}").format(app=DISPLAY_NAME))
        return True

    def open_from_batch(self, path: str) -> None:
        """Open one report of the batch in the checker, the normal way (the source view needs
        the document, which the batch does not keep); 返回批量结果 comes back."""
        self.open_file(path, from_batch=True)

    def back_to_batch(self) -> bool:
        batch = self.views.batch
        if not batch.model.rows or self.views.showing_batch():
            return False
        if not self.confirm_leave():
            return False
        came_from = self.current.path or self._loading_path
        self.cancel_load()
        self.close_report()
        self.views.drop_zone.clear_error()
        self.views.show_batch()
        self.host.setWindowTitle(self.tr("批量检查 — {app}").format(app=DISPLAY_NAME))
        if came_from:
            batch.model.reload_dismissals(came_from)
            batch.select_path(came_from)
        batch.table.setFocus()
        return True

    # ------------------------------------------------------------------ last year's report

    def choose_previous_year(self) -> None:
        if self.current.session is None:
            return
        path = self.current.path
        folder = os.path.dirname(path) if path else self.settings.last_folder()
        chosen, _ = QFileDialog.getOpenFileName(self.host, self.tr("选择同一单位上一年度的报告"), folder, self._filters())
        if chosen:
            self.compare_with(chosen)

    def compare_with(self, path: str) -> None:
        """Check ``path`` off the UI thread, then add its year-over-year findings."""
        if self.current.session is None:
            return
        if self.current.path and os.path.abspath(path) == os.path.abspath(self.current.path):
            QMessageBox.information(self.host, self.tr("对比上年报告"), self.tr("请选择上一年度的报告，而不是当前报告本身。"))
            return
        self._compare_number += 1
        self._compare_session = self.current.session
        task = CheckTask(self._compare_number, path)
        task.signals.checked.connect(self._on_previous_checked)
        self.status.set_busy(True, self.tr("正在读取上年报告“{name}”…").format(name=Path(path).name))
        self.pool.start(task)

    @property
    def comparing(self) -> bool:
        return self._compare_session is not None

    def _on_previous_checked(self, number: int, report: Report) -> None:
        session = self.current.session
        if number != self._compare_number or session is None or session is not self._compare_session:
            return
        self._compare_session = None
        if self.task is None:
            self.status.set_busy(False)
        session.set_previous(report)
        self.views.tables.set_comparison(report.file)
        cross = [f for f in session.cross_year_findings() if f.rule != "X-YEAR-PAIR"]
        name = Path(report.file).name
        if any(f.rule == "X-YEAR-PAIR" for f in session.cross_year_findings()):
            text = self.tr("与“{name}”的对比有提示，请看问题列表中的 X-YEAR-PAIR。").format(name=name)
        elif cross:
            text = self.tr("已与“{name}”对比：{n} 处跨年度不一致，见问题列表。").format(name=name, n=len(cross))
        else:
            text = self.tr("已与“{name}”对比：跨年度数据一致。").format(name=name)
        self.status_bar.showMessage(text, 10000)

    # ------------------------------------------------------------------ the load task

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
        self.task = task
        self._loading_path = path
        self.status.set_busy(True, self.tr("正在读取“{name}”…").format(name=Path(path).name))
        self.pool.start(task)

    def cancel_load(self) -> None:
        if self._compare_session is not None:  # reading last year's report: its result is dropped
            self._compare_number += 1
            self._compare_session = None
            if self.task is None:
                self.status.set_busy(False)
                self.status_bar.showMessage(self.tr("已取消读取上年报告。"), 4000)
        if self.task is None:
            return
        self._cancel_task()
        self._load_number += 1  # whatever the cancelled task still emits is ignored
        self.status.set_busy(False)
        self.status_bar.showMessage(self.tr("已取消读取。"), 4000)

    def _cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancelled.set()
            # check_file cannot be interrupted: the abandoned task keeps its thread until the
            # reader returns. Give the pool one more thread meanwhile, so the next file starts
            # at once instead of queueing behind a file the user gave up on.
            self._abandoned.add(self.task.number)
            self.pool.setMaxThreadCount(LOAD_THREADS + len(self._abandoned))
            self.task = None

    def _on_task_finished(self, number: int) -> None:
        if number in self._abandoned:
            self._abandoned.discard(number)
            self.pool.setMaxThreadCount(LOAD_THREADS + len(self._abandoned))
        if number == self._load_number:
            self.task = None

    def _on_loaded(self, number: int, report: Report) -> None:
        if number != self._load_number:
            return
        path = self._loading_path or report.file
        self.status.set_busy(False)
        if report.status == "unreadable" or report.extraction is None:
            if self.current.session is not None and self.current.path != path:
                # The report open stays as it was: a file that cannot be read replaces nothing.
                QMessageBox.warning(self.host, self.tr("无法打开“{name}”").format(name=Path(path).name),
                                    report.error or self.tr("无法读取该文件。"))
                return
            self.close_report()
            self.views.drop_zone.show_error(Path(path).name, report.error or self.tr("无法读取该文件。"))
            self.views.show_drop_zone()
            self.host.setWindowTitle(DISPLAY_NAME)
            return
        self._install(report, path)

    def _on_progress(self, number: int, done: int, total: int) -> None:
        if number != self._load_number or self.task is None or total <= 1:
            return
        self.status.set_step(done, total, self.tr("正在读取“{name}”：第 {page} / {total} 页…").format(
            name=Path(self._loading_path or "").name, page=min(done + 1, total), total=total))

    def _on_recognising(self, number: int, done: int, total: int) -> None:
        """OCR takes seconds a page: say so, page by page, even for a single picture."""
        if number != self._load_number or self.task is None or total < 1:
            return
        name = Path(self._loading_path or "").name
        if done < total:
            text = self.tr("“{name}”是扫描件或图片：正在识别第 {page} / {total} 页…").format(
                name=name, page=done + 1, total=total)
        else:
            text = self.tr("“{name}”：已识别 {total} 页，正在核对识别结果…").format(name=name, total=total)
        self.status.set_step(done, total, text)

    def _on_pages(self, number: int, sizes: list[tuple[float, float]]) -> None:
        if number == self._load_number:
            self.views.source.set_pages(sizes)

    def _on_page_image(self, number: int, page: int, image: QImage, scale: float) -> None:
        if number == self._load_number:
            self.views.source.set_page_image(page, image, scale)

    def _install(self, report: Report, path: str) -> None:
        self.close_report()
        views = self.views
        views.drop_zone.clear_error()
        session = ReportSession(report, self.current)
        session.dismissals = self.dismissal_store.read(source_key(path))
        views.tables.set_session(session, self.edit_cell)
        views.source.set_document(report.document, session.extraction)
        self.autosaver.attach(path, session.edits)
        self.host.setWindowTitle(f"{Path(path).name}[*] — {DISPLAY_NAME}")
        self.host.setWindowModified(False)
        views.tables.set_comparison(None)
        self._compare_from_batch(session, path)
        views.show_checker()
        self.current.open(session, path)  # the other parts take it from here
        if report.format in NO_WRITE_BACK:
            self.status_bar.showMessage(no_write_back_note(), 20000)

    def _compare_from_batch(self, session: ReportSession, path: str) -> None:
        """A report opened from the batch is compared with last year's report of the same
        batch, as its row was: the findings are recomputed on every edit."""
        if self._from_batch is None:
            return
        self._from_batch = None
        model = self.views.batch.model
        row = model.row_of(path)
        previous = model.previous_report(row) if row is not None else None
        if previous is not None:
            session.set_previous(previous)
            self.views.tables.set_comparison(previous.file)

    def close_report(self) -> None:
        """Take the open report out of the checker (its edits were exported or given up)."""
        self.autosaver.detach()
        if self._compare_session is not None:  # the report it was for is gone
            self._compare_number += 1
            self._compare_session = None
        self.current.close()

    # ------------------------------------------------------------------ drag and drop

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData().urls()) and event.source() is None:
            event.acceptProposedAction()
            self.views.drop_zone.set_hover(True)
        else:
            event.ignore()

    def drag_leave(self) -> None:
        self.views.drop_zone.set_hover(False)

    def drop(self, event: QDropEvent) -> None:
        self.views.drop_zone.set_hover(False)
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
