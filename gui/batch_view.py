"""The batch view: a folder (or several files) checked at once, one row per file as each is
checked, a progress bar that counts files, 取消, filters, and 导出汇总表. Double-clicking a
row asks the window to open that report in the checker."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QModelIndex, QThreadPool, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from core.model import Report

from gui.batch_letters import BatchLetters
from gui.batch_desk import BatchDesk
from gui.batch_model import (COL_AGENCY, COL_CROSS, COL_ERRORS, COL_FILE, COL_FOLLOWUP, COL_PROBLEM, COL_ROSTER,
                             COL_TEMPLATE, COL_VERDICT, COL_WARNINGS, COL_YEAR, PathRole, BatchFilter, BatchModel)
from gui.batch_worker import BatchTask
from gui.formats import supported_formats
from gui.save_dialog import save_with_retry
from gui.settings import Settings

_COLUMN_WIDTHS = {COL_FILE: 200, COL_AGENCY: 190, COL_YEAR: 56, COL_TEMPLATE: 64, COL_VERDICT: 92, COL_ERRORS: 48,
                  COL_WARNINGS: 48, COL_CROSS: 250, COL_ROSTER: 150, COL_FOLLOWUP: 170}


class BatchView(QWidget):
    open_requested = Signal(str)  # path of the report to open in the checker
    running_changed = Signal(bool)

    def __init__(self, settings: Settings, parent: QWidget | None = None, workers: int | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.workers = workers  # None: one worker process per core
        self.task: str | None = None  # None: core.check.check_file in the workers
        self.model = BatchModel(self)
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(self.model)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)  # a cancelled batch winds down while the next starts
        self._number = 0
        self._task: BatchTask | None = None
        self.items: list[str] = []
        self._tally_text = ""
        self._busy: dict[int, tuple[int, int]] = {}  # file index → (pages recognised, pages) while read

        self.title = QLabel(self.tr("批量检查"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        # The count is in the status line beside it; text drawn on the bar sat across the
        # edge of the filled part and was hard to read.
        self.progress.setTextVisible(False)
        self.progress.setMinimumWidth(220)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)

        self.verdict_filter = QComboBox()
        for key, text in (("all", self.tr("全部文件")), ("error", self.tr("有错误")), ("warning", self.tr("有警告")),
                          ("ok", self.tr("未发现问题")), ("unreadable", self.tr("无法读取")),
                          ("not_report", self.tr("不是年度报告")), ("skipped", self.tr("已跳过")),
                          ("cross", self.tr("与上年不一致")), ("not_fixed", self.tr("整改未完成"))):
            self.verdict_filter.addItem(text, key)
        self.verdict_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_verdict(self.verdict_filter.currentData()))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("筛选：文件名、机关、年度或问题中的文字"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.export_button = QPushButton(self.tr("导出汇总表…"))
        self.export_button.setToolTip(self.tr("把每个文件的结论、错误和警告写入一个 Excel 汇总表（也可保存为 CSV）"))
        self.export_button.clicked.connect(self.export_summary)
        self.export_button.setEnabled(False)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until the user sorts
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        for col, width in _COLUMN_WIDTHS.items():
            self.table.setColumnWidth(col, width)
        # activated = a double-click (or a single click where the platform opens items that
        # way) or Enter on the row; doubleClicked as well would open the report twice.
        self.table.activated.connect(self._activated)

        self.hint = QLabel(self.tr("双击一行，在检查窗口中打开该报告（表格、原文和全部问题）；"
                                   "看完后点“返回批量结果”回到这里。"))
        self.hint.setStyleSheet("color: #5b6675;")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("显示：")))
        filters.addWidget(self.verdict_filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.export_button)
        self.letters = BatchLetters(self, self.model, self.status, settings)  # 导出审核意见到文件夹
        filters.addWidget(self.letters.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        self.desk = BatchDesk(self, self)  # 报送台账、整改核对、落款、打印 (issue 27)
        layout.addLayout(self.desk.row)
        layout.addWidget(self.desk.line)
        self.desk.update()
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._set_running(False)

    # ------------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self, items: list[str]) -> None:
        """Check the files and folders in ``items``; a batch still running is cancelled."""
        self._stop_task()
        self._number += 1
        self.items = list(items)
        self.model.set_files([])
        self.export_button.setEnabled(False)
        self.letters.update()
        task = BatchTask(self._number, self.items, self.workers, self.task)
        task.signals.listed.connect(self._on_listed)
        task.signals.checked.connect(self._on_checked)
        task.signals.finished.connect(self._on_finished)
        task.signals.failed.connect(self._on_failed)
        task.signals.activity.connect(self._on_activity)
        self._busy: dict[int, tuple[int, int]] = {}
        self._task = task
        self.progress.setRange(0, 0)  # until the folder is listed
        self.status.setText(self.tr("正在查找文件…"))
        self._set_running(True)
        self._pool.start(task)

    def cancel(self) -> None:
        """Stop the run: files being checked are abandoned, the rows checked so far stay."""
        if self._task is None:
            return
        self._stop_task()
        self._number += 1  # what the cancelled run still sends is ignored
        self.model.finish(self.model.reports())
        self._set_running(False)
        self._show_tally(cancelled=True)

    def shutdown(self, wait_ms: int = 5000) -> None:
        """Cancel and let the worker processes end (the window is closing)."""
        self._stop_task()
        self._pool.waitForDone(wait_ms)

    def _stop_task(self) -> None:
        if self._task is not None:
            self._task.cancel.set()
            self._task = None

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.running_changed.emit(running)

    def _on_listed(self, number: int, files: list[str]) -> None:
        if number != self._number:
            return
        self.model.set_files(files)
        self.progress.setRange(0, max(len(files), 1))
        self.progress.setValue(0)
        if not files:
            self.status.setText(self.tr("没有找到可检查的文件（支持 {formats}）；请拖入这些格式的年度报告或包含它们的文件夹。")
                                .format(formats=supported_formats()))
        else:
            self.status.setText(self.tr("正在检查 {n} 个文件…").format(n=len(files)))

    def _on_activity(self, number: int, index: int, done: int, total: int) -> None:
        """Name the work under way: the files being read and, for a scan, the page."""
        if number != self._number or not 0 <= index < len(self.model.rows):
            return
        self._busy[index] = (done, total)
        self._show_progress()

    def _on_checked(self, number: int, index: int, report: Report) -> None:
        if number != self._number:
            return
        self.model.set_report(index, report)
        self._busy.pop(index, None)
        self.progress.setValue(self.model.done_count())
        self._show_progress()

    def _show_progress(self) -> None:
        from core.batch.progress import activity_text

        done, n = self.model.done_count(), len(self.model.rows)
        busy = [(os.path.basename(self.model.rows[i].path), d, t) for i, (d, t) in sorted(self._busy.items())]
        self.status.setText(self.tr("已检查 {done} / {n} 个文件").format(done=done, n=n)
                            + ("；" + activity_text(busy) if busy else "…"))

    def _on_finished(self, number: int, results: list[Report | None]) -> None:
        if number != self._number:
            return
        self._task = None
        self.model.finish(results)
        self._set_running(False)
        self._show_tally(cancelled=False)

    def _on_failed(self, number: int) -> None:
        if number != self._number:
            return
        self._task = None
        self.model.finish(self.model.reports())
        self._set_running(False)
        self.status.setText(self.tr("批量检查中途出错，已检查的结果保留在下表；请重新拖入文件再试，或逐个打开检查。"))

    def _show_tally(self, cancelled: bool) -> None:
        if not self.model.rows and not cancelled:
            return  # the "no files found" message stays
        tally = self.model.tally()
        n = len(self.model.rows)
        parts = [self.tr("{k} 个有错误").format(k=tally["error"]), self.tr("{k} 个有警告").format(k=tally["warning"]),
                 self.tr("{k} 个未发现问题").format(k=tally["ok"])]
        if tally["unreadable"]:
            parts.append(self.tr("{k} 个无法读取").format(k=tally["unreadable"]))
        # Every file is counted: a notice or a cover letter, a lock file, our own summary.
        if tally["not_report"]:
            parts.append(self.tr("{k} 个不是年度报告").format(k=tally["not_report"]))
        if tally["skipped"]:
            parts.append(self.tr("{k} 个已跳过").format(k=tally["skipped"]))
        head = (self.tr("已取消：检查了 {done} / {n} 个文件").format(done=self.model.done_count(), n=n) if cancelled
                else self.tr("共 {n} 个文件").format(n=n))
        self._tally_text = head + self.tr("：") + "，".join(parts) + self.tr("。")
        self.status.setText(self._tally_text)
        self.export_button.setEnabled(self.model.done_count() > 0)
        self.letters.update()
        self.desk.update()

    # ------------------------------------------------------------------ rows

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(PathRole))

    def select_path(self, path: str) -> None:
        """Select and show the row of ``path`` (coming back from the checker)."""
        row = self.model.row_of(path)
        if row is None:
            return
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if proxy_index.isValid():
            self.table.selectRow(proxy_index.row())
            self.table.scrollTo(proxy_index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # ------------------------------------------------------------------ summary

    def export_summary(self) -> bool:
        """Write the summary workbook; True when written. The same care as the corrected
        export: never over a checked report, a locked file asks for another place."""
        reports = [r for r in self.model.reports() if r is not None]
        if not reports:
            return False
        from core.export.summary import SummaryError, write_summary

        xlsx, csv = self.tr("Excel 工作簿 (*.xlsx)"), self.tr("CSV 文件（逗号分隔） (*.csv)")
        first = Path(self.model.rows[0].path)
        folder = first.parent if first.parent.is_dir() else Path(self.settings.last_folder())
        start = str(folder / self.tr("年报检查汇总.xlsx"))
        sources = {os.path.normcase(os.path.abspath(row.path)) for row in self.model.rows}

        def write(target: str) -> None:
            # Findings the clerk dismissed in the window are counted apart, with the reason.
            dismissed = {row.report.file: row.dismissals for row in self.model.rows if row.report is not None and row.dismissals}
            # With the roster and last round's letters, when loaded (issue 27): their indexes
            # are the rows', so the rows' reports go in as they are, None for files not checked.
            desk = self.model.desk
            write_summary(self.model.reports(), target, dismissed, roster=desk.roster, followups=desk.followups)

        def failure(exc: Exception) -> str | None:
            if isinstance(exc, SummaryError):  # locked by Excel, no permission, a checked report …: pick again
                return exc.message
            if isinstance(exc, OSError):
                return self.tr("无法写入该位置（文件可能正被 Excel 或 WPS 打开，或没有写入权限）；请关闭该文件或另选位置。")
            return None

        target = save_with_retry(
            self, self.tr("导出汇总表"), start, [xlsx, csv],
            with_suffix=lambda path, chosen: path if path.lower().endswith((".xlsx", ".csv"))
            else path + (".csv" if chosen == csv else ".xlsx"),
            is_source=lambda path: os.path.normcase(os.path.abspath(path)) in sources,
            source_message=self.tr("不能覆盖被检查的报告文件；请另选一个文件名。"), write=write, failure_message=failure)
        if target is None:
            return False
        self.settings.set_last_folder(os.path.dirname(target))
        self.status.setText(self._tally_text + self.tr("已导出汇总表：{path}").format(path=target))
        return True
