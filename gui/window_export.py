"""Exports from the checker: the corrected Excel, the check report (PDF, print), the banner
naming the file written, and the prompt about unexported edits.

``Exporter`` is the place exports run from: it is given the holder of the open report, the
undo stack (an export marks it clean), settings, autosave (cleared after an export), the
export banner and the status bar. The Word write-backs and letters (``gui/export_actions``)
report what they wrote through ``show_exported`` here, so the banner always names the file
the last export wrote. ``maybe_save`` is the "unexported edits?" question the opening part
asks before another file replaces this one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from gui.autosave import Autosaver
from gui.current_report import CurrentReport
from gui.export_notice import ExportNotice
from gui.save_dialog import save_with_retry
from gui.session import ReportSession
from gui.settings import Settings


class Exporter(QObject):
    def __init__(self, host: QWidget, current: CurrentReport, undo_stack: QUndoStack, settings: Settings,
                 autosaver: Autosaver, notice: ExportNotice, status_bar: QStatusBar) -> None:
        super().__init__(host)
        self.host = host  # parent of the dialogs; its font prints the check report
        self.current = current
        self.undo_stack = undo_stack
        self.settings = settings
        self.autosaver = autosaver
        self.notice = notice
        self.status_bar = status_bar
        # What "save" means for the report open (issue 29): a Word or Excel source's own file
        # corrected is the clerk's output, the corrected Excel otherwise. The window sets these
        # to the Word write-back's (``ExportActions``); alone, the Exporter saves to Excel.
        self.main_name: Callable[[], str] = self._excel_name
        self.main_export: Callable[[], bool] = self.export_corrected
        self.excel_is_output: Callable[[], bool] = self._always
        # The banner names a file written from the report open; another report (or none)
        # must not offer to open it as if it were theirs.
        current.closed.connect(notice.clear)

    @property
    def session(self) -> ReportSession | None:
        return self.current.session

    @property
    def path(self) -> str | None:
        return self.current.path

    # ------------------------------------------------------------------ saving

    def export_corrected(self) -> bool:
        """Export the edited tables to Excel; True when written."""
        session = self.session
        if session is None or self.path is None:
            return False
        try:
            from core.export.workbook import ExportError, write_corrected_workbook
        except ImportError:
            QMessageBox.warning(self.host, self.tr("无法导出"),
                                self.tr("此版本尚未包含 Excel 导出功能，暂时无法导出修正后的表格；修改已自动暂存，不会丢失。"))
            return False
        source = Path(self.path)
        start = str(Path(self.settings.last_folder()) / f"{source.stem}（修正）.xlsx")
        original = os.path.abspath(self.path)

        def write(target: str) -> None:
            # 检查结果 lists what the window shows, the comparison with last year included.
            # Dismissed findings (已核实，无需修改) are listed apart with their reasons.
            extra = {"dismissals": dict(session.dismissals)} if session.dismissals else {}
            write_corrected_workbook(session.report, target, session.extraction, session.cross_year_findings(), **extra)

        def failure(exc: Exception) -> str | None:
            if isinstance(exc, ExportError):
                return str(getattr(exc, "message", None) or exc)
            if isinstance(exc, OSError):
                return self.tr("无法写入该位置（文件可能正被 Excel 打开，或没有写入权限）；请关闭该文件或另选位置。")
            return None

        target = save_with_retry(
            self.host, self.tr("导出修正后的 Excel"), start, [self.tr("Excel 工作簿 (*.xlsx)")],
            with_suffix=lambda path, _: path if path.lower().endswith(".xlsx") else path + ".xlsx",
            is_source=lambda path: os.path.abspath(path) == original,
            source_message=self.tr("不能覆盖原始报告文件；请另选一个文件名。"), write=write, failure_message=failure)
        if target is None:
            return False
        self.settings.set_last_folder(os.path.dirname(target))
        if self.excel_is_output():  # a Word source's edits are saved when its Word file is written
            self.undo_stack.setClean()
            self.autosaver.clear()
        self.status_bar.showMessage(self.tr("已导出：{path}").format(path=target), 8000)
        self.show_exported(target, self.tr("修正后的 Excel 已导出"))
        return True

    def show_exported(self, path: str, what: str, recheck: Callable[[], None] | None = None) -> None:
        """The file just written, with 打开文件 / 打开所在文件夹 (and 重新检查修正后的文件 when
        ``recheck`` is given), until the clerk closes it."""
        self.notice.show_file(path, what)
        if recheck is not None:
            self.notice.offer_recheck(recheck)

    def mark_saved(self) -> None:
        """The clerk's chosen output is written: the edits count as saved."""
        self.undo_stack.setClean()
        self.autosaver.clear()

    def _excel_name(self) -> str:
        return self.tr("导出修正后的 Excel")

    @staticmethod
    def _always() -> bool:
        return True

    # ------------------------------------------------------------------ the check report

    def export_check_pdf(self) -> str | None:
        """The check result as a PDF (for the leader who signs off); the path written."""
        session = self.session
        if session is None or self.path is None:
            return None
        from gui.check_report import write_pdf

        start = str(Path(self.settings.last_folder()) / f"{Path(self.path).stem}（检查结果）.pdf")
        target, _ = QFileDialog.getSaveFileName(self.host, self.tr("导出检查报告 (PDF)"), start, self.tr("PDF 文件 (*.pdf)"))
        if not target:
            return None
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        if os.path.abspath(target) == os.path.abspath(self.path):
            QMessageBox.warning(self.host, self.tr("导出失败"), self.tr("不能覆盖原始报告文件；请另选一个文件名。"))
            return None
        write_pdf(session, self.path, target, self.host.font())
        if not os.path.isfile(target) or os.path.getsize(target) == 0:
            QMessageBox.warning(self.host, self.tr("导出失败"),
                                self.tr("无法写入该位置（文件可能正被其他程序打开，或没有写入权限）；请另选位置。"))
            return None
        self.settings.set_last_folder(os.path.dirname(target))
        self.show_exported(target, self.tr("检查报告已导出"))
        return target

    def print_check_report(self) -> bool:
        session = self.session
        if session is None or self.path is None:
            return False
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from gui.check_report import print_document, setup_printer

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer)
        dialog = QPrintDialog(printer, self.host)
        dialog.setWindowTitle(self.tr("打印检查报告"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        print_document(session, self.path, printer, self.host.font())
        return True

    def maybe_save(self) -> bool:
        """Ask about unexported edits; False when the user cancels."""
        if self.session is None or self.undo_stack.isClean():
            return True
        if not self.session.edits():
            return True  # only dismissals (kept on disk at once) or edits undone again
        name = Path(self.path).name if self.path else ""
        answer = QMessageBox.question(
            self.host, self.tr("修改尚未导出"),
            self.tr("“{name}”有 {n} 处修改尚未导出。是否{what}？").format(
                name=name, n=len(self.session.edits()), what=self.main_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.main_export()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.clear()
            self.autosaver.detach()
            self.undo_stack.setClean()
            return True
        return False

