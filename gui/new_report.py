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
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QStatusBar, QWidget

from core.draft.live import Expectation, compare_for, expectations, last_year_report
from core.draft_file import Draft, DraftError, Ref
from core.draft.outputs import save_draft, write_filled_template, write_report_docx, write_tables_xlsx
from core.draft.tables import sync_from
from core.export.files import ExportError
from core.model import Number
from core.template import TEMPLATE_2021

from gui.autosave import Autosaver
from gui.current_report import CurrentReport
from gui.session import ReportSession
from gui.settings import Settings
from gui.tables_pane import TablesPane


class DraftEditor(QObject):
    """The draft behind the open session."""

    def __init__(self, session: ReportSession, draft: Draft, path: str, tables: TablesPane, undo_stack: QUndoStack,
                 status_bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.draft = draft
        self.path = path
        self.tables = tables
        self.undo_stack = undo_stack
        self.status_bar = status_bar
        self.expected: dict[Ref, Expectation] = {}
        self.save_error: str | None = None
        session.compare = compare_for(draft)
        previous = last_year_report(draft)
        if previous is not None:
            session.set_previous(previous)
            tables.set_comparison(previous.file)
        for model in tables.models.values():
            model.draft_notes = self.note
        session.changed.connect(self._changed)
        self.expected = expectations(self.draft, self.session.extraction)
        for model in tables.models.values():
            model.refresh()

    def note(self, table: str, row: str, col: str) -> tuple[tuple[Number, str] | None, str | None]:
        ref = (table, row, col)
        found = self.expected.get(ref)
        return ((found.value, found.why) if found else None), self.draft.origin(ref)

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
            self.status_bar.showMessage(self.tr("草稿未能保存：{why}").format(why=exc.message), 10000)
            return False
        self.save_error = None
        # Saved: closing or opening another file has nothing to ask about.
        self.undo_stack.setClean()
        return True

    def changed_carry_overs(self) -> list[Ref]:
        last = self.draft.last
        if last is None:
            return []
        refs = [("t3", "carried", c.key) for c in TEMPLATE_2021.t3.row("carried").columns]
        return [ref for ref in refs
                if self.draft.value(ref) is not None and self.draft.value(ref) != last.value(("t3", "carry_next", ref[2]))]

    def set_reason(self, reason: str) -> None:
        """The reason the carried values were changed (quoted in the findings and the report)."""
        for ref in self.changed_carry_overs():
            self.draft.reasons[ref] = reason.strip()
        self.save()
        self.session.recheck()

    def detach(self) -> None:
        for model in self.tables.models.values():
            if model.draft_notes == self.note:
                model.draft_notes = None


class NewReport(QObject):
    """新建年度报告 and the open draft's exports. Placed by the window: ``new_action`` and
    ``menu`` (the draft's exports) in the 文件 menu; ``opened``/``closed`` follow the open
    report; ``choose_new`` also answers the drop zone's button."""

    def __init__(self, host: QWidget, current: CurrentReport, tables: TablesPane, undo_stack: QUndoStack,
                 autosaver: Autosaver, settings: Settings, status_bar: QStatusBar, *,
                 open_file: Callable[[str], bool], confirm_leave: Callable[[], bool],
                 announce: Callable[[str, str], None]) -> None:
        super().__init__(host)
        self.host = host
        self.current = current
        self.tables = tables
        self.undo_stack = undo_stack
        self.autosaver = autosaver
        self.settings = settings
        self.status_bar = status_bar
        self.open_file = open_file
        self.confirm_leave = confirm_leave
        self.announce = announce
        self.editor: DraftEditor | None = None
        self.new_action = QAction(self.tr("新建年度报告(&N)…"), host)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setToolTip(self.tr("从上年报告（或空白）开始填写本年的三张表，导出 Word 报告和 Excel 表格"))
        self.new_action.triggered.connect(self.choose_new)
        self.menu = QMenu(self.tr("年度报告草稿"), host)
        self.docx_action = self.menu.addAction(self.tr("导出年度报告 (Word，官方格式)…"))
        self.docx_action.triggered.connect(self._ask_docx)
        self.filled_action = self.menu.addAction(self.tr("填入官方模板 (Word)…"))
        self.filled_action.triggered.connect(self._ask_filled)
        self.own_action = self.menu.addAction(self.tr("填入自己的模板副本 (Word)…"))
        self.own_action.triggered.connect(self._ask_own)
        self.xlsx_action = self.menu.addAction(self.tr("导出表格 (Excel)…"))
        self.xlsx_action.triggered.connect(self._ask_xlsx)
        self.menu.addSeparator()
        self.prose_action = self.menu.addAction(self.tr("编写正文（第一、五、六部分）…"))
        self.prose_action.triggered.connect(self._ask_prose)
        self.reason_action = self.menu.addAction(self.tr("填写上年结转的改动理由…"))
        self.reason_action.triggered.connect(self._ask_reason)
        self.menu.menuAction().setEnabled(False)

    # ------------------------------------------------------------------ the open report

    def opened(self, session: ReportSession) -> None:
        """A report was opened: a draft gets its editor."""
        self.closed()
        path = self.current.path
        if session.report.format != "draft" or path is None:
            return
        try:
            with open(path, encoding="utf-8-sig") as f:
                draft = Draft.loads(f.read())
        except (OSError, DraftError, UnicodeDecodeError):
            return
        # The draft file is saved on every change: the edits-autosave would only offer to
        # "recover" what the draft already holds.
        self.autosaver.detach()
        self.editor = DraftEditor(session, draft, path, self.tables, self.undo_stack, self.status_bar, self)
        self.menu.menuAction().setEnabled(True)
        self.status_bar.showMessage(self.tr("草稿“{name}”：每次修改自动保存；灰色“=数字”是应填的值，按 = 键采用。").format(
            name=Path(path).name), 10000)

    def closed(self) -> None:
        if self.editor is not None:
            self.editor.detach()
            self.editor.deleteLater()
            self.editor = None
        self.menu.menuAction().setEnabled(False)

    # ------------------------------------------------------------------ starting

    def choose_new(self) -> bool:
        from gui.new_report_dialog import NewReportDialog

        dialog = NewReportDialog(self.settings.last_folder(), self.host)
        accepted = dialog.exec() == NewReportDialog.DialogCode.Accepted
        draft, target = dialog.draft, dialog.target
        dialog.deleteLater()
        if not accepted or draft is None:
            return False
        return self.start(draft, target)

    def start(self, draft: Draft, target: str) -> bool:
        """Save the new draft to ``target`` and open it in the grid."""
        if not self.confirm_leave():
            return False
        try:
            path = str(save_draft(draft, target))
        except ExportError as exc:
            QMessageBox.warning(self.host, self.tr("新建年度报告"), exc.message)
            return False
        # Opened the way any file is: the draft reader, the check, then ``opened``.
        return self.open_file(path)

    # ------------------------------------------------------------------ exports

    def _save_name(self, title: str, suffix: str, filters: str, stem: str) -> str:
        assert self.editor is not None
        folder = os.path.dirname(self.editor.path)
        path, _ = QFileDialog.getSaveFileName(self.host, title, os.path.join(folder, stem + suffix), filters)
        return path

    def _ask_docx(self) -> None:
        if self.editor is None:
            return
        path = self._save_name(self.tr("导出年度报告 (Word)"), ".docx", self.tr("Word 文档 (*.docx)"), self.editor.draft.title)
        if path:
            self.export_docx(path)

    def _ask_filled(self) -> None:
        if self.editor is None:
            return
        path = self._save_name(self.tr("填入官方模板 (Word)"), ".docx", self.tr("Word 文档 (*.docx)"),
                               self.editor.draft.title + self.tr("（模板）"))
        if path:
            self.export_filled(path)

    def _ask_own(self) -> None:
        if self.editor is None:
            return
        template, _ = QFileDialog.getOpenFileName(self.host, self.tr("选择要填写的模板（国家统一格式的空白模板）"),
                                                  self.settings.last_folder(), self.tr("Word 文档 (*.docx)"))
        if not template:
            return
        path = self._save_name(self.tr("填入自己的模板副本 (Word)"), ".docx", self.tr("Word 文档 (*.docx)"),
                               self.editor.draft.title + self.tr("（模板）"))
        if path:
            self.export_filled(path, template)

    def _ask_xlsx(self) -> None:
        if self.editor is None:
            return
        path = self._save_name(self.tr("导出表格 (Excel)"), ".xlsx", self.tr("Excel 工作簿 (*.xlsx)"),
                               self.editor.draft.title + self.tr("（表格）"))
        if path:
            self.export_xlsx(path)

    def export_docx(self, target: str) -> bool:
        editor = self.editor
        assert editor is not None
        return self._export(lambda: write_report_docx(editor.draft, target, editor.path), target,
                            self.tr("年度报告 (Word) 已导出"))

    def export_filled(self, target: str, template: str | None = None) -> bool:
        editor = self.editor
        assert editor is not None
        return self._export(lambda: write_filled_template(editor.draft, target, template, editor.path), target,
                            self.tr("填好的官方模板 (Word) 已导出"))

    def export_xlsx(self, target: str) -> bool:
        editor = self.editor
        assert editor is not None
        return self._export(lambda: write_tables_xlsx(editor.draft, target, editor.path), target,
                            self.tr("表格 (Excel) 已导出"))

    def _export(self, write: Callable[[], object], target: str, what: str) -> bool:
        try:
            write()
        except ExportError as exc:
            QMessageBox.warning(self.host, self.tr("导出"), exc.message)
            return False
        self.announce(target, what)
        return True

    def _ask_prose(self) -> None:
        if self.editor is None:
            return
        from gui.new_report_prose import ProseDialog

        dialog = ProseDialog(self.editor.draft.prose, self.host)
        accepted = dialog.exec() == ProseDialog.DialogCode.Accepted
        prose = dialog.prose()
        dialog.deleteLater()
        if accepted:
            self.set_prose(prose)

    def set_prose(self, prose: dict[str, str]) -> bool:
        """Keep the clerk's text and read the draft again: the prose is checked as the
        document's (S5-EMPTY, the 信息处理费 statement …), which only a fresh read gives."""
        editor = self.editor
        if editor is None:
            return False
        editor.draft.prose.update(prose)
        if not editor.save():
            return False
        return self.open_file(editor.path)

    def _ask_reason(self) -> None:
        if self.editor is None:
            return
        changed = self.editor.changed_carry_overs()
        if not changed:
            QMessageBox.information(self.host, self.tr("上年结转"), self.tr("上年结转与上年报告的结转下年度一致，无需填写理由。"))
            return
        reasons = self.editor.draft.reasons
        current = next((reasons[ref] for ref in changed if reasons.get(ref)), "")
        reason, ok = QInputDialog.getText(self.host, self.tr("上年结转的改动理由"),
                                          self.tr("上年结转与上年报告的结转下年度不同（{n} 列），理由（写入报告第三部分）：").format(n=len(changed)),
                                          text=current)
        if ok:
            self.editor.set_reason(reason)
