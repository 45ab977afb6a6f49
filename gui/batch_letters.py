"""导出审核意见到文件夹 in the batch view (core/export/review_letter): written in a pool thread
so a hundred letters do not freeze the window. Given the batch's model, its status line and
the settings, not the view that holds it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton, QWidget

from core.dismissals import Dismissal
from core.model import Report

from gui.batch_model import BatchModel
from gui.settings import Settings


class _LetterSignals(QObject):
    done = Signal(int, object)  # number of letters, folder
    failed = Signal(str)  # the Chinese sentence


class _LetterTask(QRunnable):
    def __init__(self, reports: list[Report | None], folder: str, dismissals: Mapping[str, Mapping[str, Dismissal]],
                 letterhead: object = None) -> None:
        super().__init__()
        self.reports, self.folder, self.dismissals = reports, folder, dismissals
        self.letterhead = letterhead
        self.signals = _LetterSignals()

    def run(self) -> None:
        from core.export.review_letter import write_review_letters

        try:
            paths = write_review_letters(self.reports, self.folder, dismissals=self.dismissals,
                                         letterhead=self.letterhead)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 — the view shows the sentence
            self.signals.failed.emit(getattr(exc, "message", None) or QCoreApplication.translate(
                "BatchLetters", "写入审核意见时出现内部错误；请把这批报告发给维护人员。"))
            return
        self.signals.done.emit(len(paths), self.folder)


class BatchLetters(QObject):
    """导出审核意见到文件夹 in the batch view."""

    finished = Signal(bool)  # True when the letters were written (tests wait on it)

    def __init__(self, parent: QWidget, model: BatchModel, status: QLabel, settings: Settings) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.model = model
        self.status = status
        self.settings = settings
        self.button = QPushButton(self.tr("导出审核意见到文件夹…"))
        self.button.setToolTip(self.tr("为每份报告写一份审核意见（Word），按单位和年度命名，存入所选文件夹"))
        self.button.clicked.connect(self.choose_folder)
        self.button.setEnabled(False)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._task: _LetterTask | None = None
        self.dismissals: dict[str, dict[str, Dismissal]] = {}  # per report file, from the window

    def update(self) -> None:
        # Letters go to reports only: a notice or a skipped lock file gets none.
        reports = any(r is not None and r.is_report for r in self.model.reports())
        self.button.setEnabled(reports and self._task is None)

    def choose_folder(self) -> None:
        start = self.settings.last_folder()
        folder = QFileDialog.getExistingDirectory(self.parent_widget, self.tr("选择保存审核意见的文件夹"), start)
        if folder:
            self.write_to(folder)

    def write_to(self, folder: str) -> None:
        reports = [r for r in self.model.reports() if r is not None and r.is_report]
        if not reports or self._task is not None:
            return
        from gui.letterhead_dialog import load_letterhead

        task = _LetterTask(reports, folder, self._all_dismissals(), load_letterhead())
        task.signals.done.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.button.setEnabled(False)
        self.status.setText(self.tr("正在写入 {n} 份审核意见…").format(n=len(reports)))
        self._pool.start(task)

    def _all_dismissals(self) -> dict[str, dict[str, Dismissal]]:
        """Per report file: what the batch rows carry (issue 13 keeps them on each row),
        then what was set here."""
        out: dict[str, dict[str, Dismissal]] = {}
        for row in getattr(self.model, "rows", []):
            found = getattr(row, "dismissals", None)
            if isinstance(found, Mapping) and found and getattr(row, "path", None):
                out[row.path] = dict(found)
        for path, found in self.dismissals.items():
            out.setdefault(path, {}).update(found)
        return out

    def _done(self, count: int, folder: str) -> None:
        self._task = None
        self.update()
        self.settings.set_last_folder(folder)
        text = self.tr("已导出 {n} 份审核意见到：{path}").format(n=count, path=folder)
        # Reading problems are the reviewer's to settle before letters go out: said here,
        # never in the letters (issue 27).
        from core.export.reading_problems import reading_problems

        doubtful = [r for r in self.model.reports() if r is not None and reading_problems(r.findings)]
        if doubtful:
            text += self.tr("。注意：{k} 份报告还有识别问题未核对，未写入审核意见；请打开这些报告核对后重新导出").format(k=len(doubtful))
        self.status.setText(text)
        self.finished.emit(True)

    def _failed(self, message: str) -> None:
        self._task = None
        self.update()
        QMessageBox.warning(self.parent_widget, self.tr("导出失败"), message)
        self.finished.emit(False)
