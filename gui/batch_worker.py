"""Running a batch off the UI thread. ``core.batch.run_batch`` checks the files in worker
processes and calls back in the thread that runs it (here a pool thread); the task turns
each callback into a queued signal, so the batch view fills its rows on the UI thread."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, Signal

log = logging.getLogger(__name__)


class BatchSignals(QObject):
    listed = Signal(int, object)  # batch number, list[str] of the files to check
    checked = Signal(int, int, object)  # batch number, file index, Report
    finished = Signal(int, object)  # batch number, list[Report | None] (cross-year findings added)
    failed = Signal(int)  # batch number: the batch machinery itself failed (logged)
    activity = Signal(int, int, int, int)  # batch number, file index, pages recognised, pages in all (0, 0: started)


class BatchTask(QRunnable):
    def __init__(self, number: int, items: list[str], workers: int | None = None, task: str | None = None) -> None:
        super().__init__()
        self.number = number
        self.items = items
        self.workers = workers
        self.task = task  # "module:function" checking one file in a worker (tests slow it down)
        self.signals = BatchSignals()
        self.cancel = threading.Event()

    def run(self) -> None:
        from core.batch.files import collect_files
        from core.batch.runner import run_batch

        try:
            files = collect_files(self.items)
            self.signals.listed.emit(self.number, files)
            if not files or self.cancel.is_set():
                self.signals.finished.emit(self.number, [None] * len(files))
                return
            extra = {"task": self.task} if self.task else {}
            results = run_batch(files, workers=self.workers, cancel=self.cancel,
                                on_report=lambda i, report: self.signals.checked.emit(self.number, i, report),
                                on_activity=lambda i, done, total: self.signals.activity.emit(self.number, i, done, total),
                                **extra)
        except Exception:  # noqa: BLE001 — the window says so in Chinese and keeps the rows checked so far
            log.exception("batch run failed")
            self.signals.failed.emit(self.number)
            return
        self.signals.finished.emit(self.number, results)
