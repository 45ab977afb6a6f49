"""新建年度报告 in the window: the menu, and the draft open in the grid.

A draft opens like any report (the .nbdraft reader feeds the one pipeline), in the same grid
and with the same undo, findings and fixes. This module adds what a draft has on top:

- last year's figures compared on every edit through the batch's cross-year rules
  (``ReportSession.previous``/``compare``): 上年结转 against last year's 结转下年度, 现行有效
  against last year's stock + 制发 − 废止 — warnings, never an overwrite;
- per cell, the expected value and where the value came from (``ExpectedRole``/``OriginRole``
  of the table model): carried cells marked, totals and the stock shown grey beside the cell
  and taken with the "=" key (one undo step);
- the draft file itself saved after every change (it is its own autosave), reopenable from
  文件 → 打开 like any report;
- exports from the window: the report in the official layout (Word), the official template
  filled in place (Word, the one shipped or the clerk's own copy), the tables (Excel).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from core.draft.live import Expectation, compare_for, expectations, last_year_report
from core.draft.model import Draft, DraftError, Ref
from core.draft.outputs import save_draft, write_filled_template, write_report_docx, write_tables_xlsx
from core.draft.tables import sync_from
from core.export.files import ExportError
from core.model import Number, Report

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class DraftEditor(QObject):
    """The draft behind the window's current session."""

    def __init__(self, window: "MainWindow", draft: Draft, path: str) -> None:
        super().__init__(window)
        self.window = window
        self.draft = draft
        self.path = path
        self.expected: dict[Ref, Expectation] = {}
        self.save_error: str | None = None
        session = window.session
        assert session is not None
        self.session = session
        session.compare = compare_for(draft)
        previous = last_year_report(draft)
        if previous is not None:
            session.set_previous(previous)
            window.tables.set_comparison(previous.file)
        # The draft file is saved on every change: the edits-autosave would only offer to
        # "recover" what the draft already holds.
        window.autosaver.detach()
        for model in window.tables.models.values():
            model.draft_notes = self.note
        session.changed.connect(self._changed)
        self._refresh()

    def note(self, table: str, row: str, col: str) -> tuple[tuple[Number, str] | None, str | None]:
        ref = (table, row, col)
        found = self.expected.get(ref)
        return ((found.value, found.why) if found else None), self.draft.origin(ref)

    def _refresh(self) -> None:
        self.expected = expectations(self.draft, self.session.extraction)
        for model in self.window.tables.models.values():
            model.refresh()

    def _changed(self) -> None:
        changed = sync_from(self.draft, self.session.extraction)
        last = self.draft.last
        self.expected = expectations(self.draft, self.session.extraction)
        for ref in changed:
            value = self.draft.value(ref)
            if value is None:
                continue
            if ref[:2] == ("t3", "carried") and last is not None and value == last.value(("t3", "carry_next", ref[2])):
                self.draft.set(ref, value, "carried")
            elif (e := self.expected.get(ref)) is not None and e.kind in ("total", "stock") and e.value == value:
                self.draft.set(ref, value, "suggested")
        # No refresh of the models here: they refreshed on the same signal, and the cells are
        # painted after every slot has run, so they already read the new expectations.
        self.save()

    def save(self) -> bool:
        try:
            save_draft(self.draft, self.path)
        except ExportError as exc:
            self.save_error = exc.message
            self.window.statusBar().showMessage(self.tr("草稿未能保存：{why}").format(why=exc.message), 10000)
            return False
        self.save_error = None
        # Saved: closing or opening another file has nothing to ask about.
        self.window.undo_stack.setClean()
        return True

    def changed_carry_overs(self) -> list[Ref]:
        last = self.draft.last
        if last is None:
            return []
        return [ref for ref in (("t3", "carried", c) for c in ("natural", "commercial", "research", "social", "legal", "other", "total"))
                if self.draft.value(ref) is not None and self.draft.value(ref) != last.value(("t3", "carry_next", ref[2]))]

    def set_reason(self, reason: str) -> None:
        """The reason the carried values were changed (quoted in the findings and the report)."""
        for ref in self.changed_carry_overs():
            self.draft.reasons[ref] = reason.strip()
        self.save()
        self.session.recheck()


class NewReportActions(QObject):
    """The 年度报告 menu of the window."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.editor: DraftEditor | None = None
        menu = window.menuBar().addMenu(self.tr("年度报告(&N)"))
        self.new_action = QAction(self.tr("新建年度报告…"), window)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.choose_new)
        self.docx_action = QAction(self.tr("导出年度报告 (Word，官方格式)…"), window)
        self.docx_action.triggered.connect(self._ask_docx)
        self.filled_action = QAction(self.tr("填入官方模板 (Word)…"), window)
        self.filled_action.triggered.connect(lambda: self._ask_filled(own=False))
        self.own_action = QAction(self.tr("填入自己的模板副本 (Word)…"), window)
        self.own_action.triggered.connect(lambda: self._ask_filled(own=True))
        self.xlsx_action = QAction(self.tr("导出表格 (Excel)…"), window)
        self.xlsx_action.triggered.connect(self._ask_xlsx)
        self.reason_action = QAction(self.tr("填写上年结转的改动理由…"), window)
        self.reason_action.triggered.connect(self._ask_reason)
        menu.addAction(self.new_action)
        menu.addSeparator()
        for action in (self.docx_action, self.filled_action, self.own_action, self.xlsx_action, self.reason_action):
            menu.addAction(action)
        window.drop_zone.new_requested.connect(self.choose_new)
        self.draft_actions = (self.docx_action, self.filled_action, self.own_action, self.xlsx_action, self.reason_action)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for action in self.draft_actions:
            action.setEnabled(on)

    # ------------------------------------------------------------------ starting

    def choose_new(self) -> bool:
        from gui.new_report_dialog import NewReportDialog

        dialog = NewReportDialog(self.window.settings.last_folder(), self.window)
        if dialog.exec() != NewReportDialog.DialogCode.Accepted or dialog.draft is None:
            return False
        return self.start(dialog.draft, dialog.target)

    def start(self, draft: Draft, target: str) -> bool:
        """Save the new draft to ``target`` and open it in the grid."""
        if not self.window.maybe_save():
            return False
        try:
            path = str(save_draft(draft, target))
        except ExportError as exc:
            QMessageBox.warning(self.window, self.tr("新建年度报告"), exc.message)
            return False
        # Opened the way any file is: the draft reader, the check, then ``installed``.
        return self.window.open_file(path)

    def installed(self, report: Report, path: str) -> None:
        """Called by the window after it shows a report: a draft gets its editor."""
        if self.editor is not None:
            self.editor.deleteLater()
            self.editor = None
        if report.format != "draft" or self.window.session is None:
            self._enable(False)
            return
        try:
            with open(path, encoding="utf-8-sig") as f:
                draft = Draft.loads(f.read())
        except (OSError, DraftError, UnicodeDecodeError):
            self._enable(False)
            return
        self.editor = DraftEditor(self.window, draft, path)
        self._enable(True)
        self.window.statusBar().showMessage(self.tr("草稿“{name}”：每次修改自动保存；灰色“=数字”是应填的值，按 = 键采用。").format(
            name=Path(path).name), 10000)

    # ------------------------------------------------------------------ exports

    def _save_name(self, title: str, suffix: str, filters: str, stem: str) -> str:
        assert self.editor is not None
        folder = os.path.dirname(self.editor.path)
        path, _ = QFileDialog.getSaveFileName(self.window, title, os.path.join(folder, stem + suffix), filters)
        return path

    def _ask_docx(self) -> None:
        if self.editor is None:
            return
        path = self._save_name(self.tr("导出年度报告 (Word)"), ".docx", self.tr("Word 文档 (*.docx)"), self.editor.draft.title)
        if path:
            self.export_docx(path)

    def _ask_filled(self, own: bool) -> None:
        if self.editor is None:
            return
        template = None
        if own:
            template, _ = QFileDialog.getOpenFileName(self.window, self.tr("选择要填写的模板（国家统一格式的空白模板）"),
                                                      self.window.settings.last_folder(), self.tr("Word 文档 (*.docx)"))
            if not template:
                return
        path = self._save_name(self.tr("填入官方模板 (Word)"), ".docx", self.tr("Word 文档 (*.docx)"),
                               self.editor.draft.title + self.tr("（模板）"))
        if path:
            self.export_filled(path, template)

    def _ask_xlsx(self) -> None:
        if self.editor is None:
            return
        path = self._save_name(self.tr("导出表格 (Excel)"), ".xlsx", self.tr("Excel 工作簿 (*.xlsx)"), self.editor.draft.title + self.tr("（表格）"))
        if path:
            self.export_xlsx(path)

    def export_docx(self, target: str) -> bool:
        assert self.editor is not None
        return self._export(lambda: write_report_docx(self.editor.draft, target, self.editor.path), target,  # type: ignore[union-attr]
                            self.tr("年度报告 (Word) 已导出"))

    def export_filled(self, target: str, template: str | None = None) -> bool:
        assert self.editor is not None
        return self._export(lambda: write_filled_template(self.editor.draft, target, template, self.editor.path),  # type: ignore[union-attr]
                            target, self.tr("填好的官方模板 (Word) 已导出"))

    def export_xlsx(self, target: str) -> bool:
        assert self.editor is not None
        return self._export(lambda: write_tables_xlsx(self.editor.draft, target, self.editor.path), target,  # type: ignore[union-attr]
                            self.tr("表格 (Excel) 已导出"))

    def _export(self, write, target: str, what: str) -> bool:  # type: ignore[no-untyped-def]
        try:
            write()
        except ExportError as exc:
            QMessageBox.warning(self.window, self.tr("导出"), exc.message)
            return False
        self.window.show_exported(target, what)
        return True

    def _ask_reason(self) -> None:
        if self.editor is None:
            return
        changed = self.editor.changed_carry_overs()
        if not changed:
            QMessageBox.information(self.window, self.tr("上年结转"), self.tr("上年结转与上年报告的结转下年度一致，无需填写理由。"))
            return
        current = next((self.editor.draft.reasons.get(ref, "") for ref in changed if self.editor.draft.reasons.get(ref)), "")
        reason, ok = QInputDialog.getText(self.window, self.tr("上年结转的改动理由"),
                                          self.tr("上年结转与上年报告的结转下年度不同（{n} 列），理由（写入报告第三部分）：").format(n=len(changed)),
                                          text=current)
        if ok:
            self.editor.set_reason(reason)


def install_new_report_actions(window: "MainWindow") -> NewReportActions:
    return NewReportActions(window)
