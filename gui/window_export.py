"""Exporting the corrected workbook from the window, and the prompt about unexported edits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox


if TYPE_CHECKING:
    from gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class ExportMixin(_Base):
    """Part of ``MainWindow``: the Excel export and ``maybe_save``."""

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
                # Dismissed findings (已核实，无需修改) are listed apart with their reasons.
                extra = {"dismissals": dict(session.dismissals)} if session.dismissals else {}
                write_corrected_workbook(session.report, target, session.extraction, session.cross_year_findings(), **extra)
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
        if not self.session.edits():
            return True  # only dismissals (kept on disk at once) or edits undone again
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

