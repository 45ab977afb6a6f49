"""Changes of values in the window: each one an undo command; suggested fixes one at a time or
all at once; the recovery of edits autosaved before a crash.

``Editor`` is the only part that pushes onto the window's ``QUndoStack``. It is given the holder
of the open report, the undo stack, autosave, the dismissal store, the status bar and
``select_cell`` (the navigation part's, to show the cell a fix wrote). It offers recovery when
a report opens, clears the stack when it closes, and keeps dismissals on disk as they change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from core.model import Finding, Number

from gui.autosave import Autosaver, source_key
from gui.current_report import CurrentReport
from gui.dismiss import DismissalStore, DismissCommand
from gui.session import Edit, ReportSession
from gui.undo import RevertCellCommand, SetCellCommand, fix_text

MAX_BULK_FIXES = 60  # a bulk fix converges long before this; the cap only guards against a loop


class Editor(QObject):
    """Every change of a value goes through the undo stack here."""

    def __init__(self, host: QWidget, current: CurrentReport, undo_stack: QUndoStack, autosaver: Autosaver,
                 dismissal_store: DismissalStore, status_bar: QStatusBar,
                 select_cell: Callable[[str, str, str], None]) -> None:
        super().__init__(host)
        self.host = host  # parent of the questions asked
        self.current = current
        self.undo_stack = undo_stack
        self.autosaver = autosaver
        self.dismissal_store = dismissal_store
        self.status_bar = status_bar
        self.select_cell = select_cell
        current.closed.connect(undo_stack.clear)
        current.dismissals_changed.connect(self._dismissals_changed)
        # Bound methods, not lambdas: Qt drops the connection when the editor is destroyed.
        undo_stack.indexChanged.connect(self._edits_changed)

    @property
    def session(self) -> ReportSession | None:
        return self.current.session

    # ------------------------------------------------------------------ edits

    def push_edit(self, table: str, row: str, col: str, value: Number | None) -> None:
        if self.session is not None:
            self.undo_stack.push(SetCellCommand(self.session, table, row, col, value))

    def apply_fix(self, finding: Finding) -> None:
        """Write the finding's suggested value(s): a grouped finding (a 总计 column left blank
        in many rows) fills all its cells in one undo step."""
        fixes = finding.cell_fixes() if self.session is not None else []
        if not fixes:
            return
        if len(fixes) == 1:
            (table, row, col), value = fixes[0]
            self.apply_cell_fix(table, row, col, value)  # type: ignore[arg-type]
            return
        session = self.session
        assert session is not None
        self.undo_stack.beginMacro(self.tr("采用建议值（{n} 处）").format(n=len(fixes)))
        try:
            for (table, row, col), value in fixes:
                self.undo_stack.push(SetCellCommand(session, table, row, col, value, text=fix_text()))  # type: ignore[arg-type]
        finally:
            self.undo_stack.endMacro()
        (table, row, col), _value = fixes[0]
        self.select_cell(table, row, col)  # type: ignore[arg-type]

    def apply_cell_fix(self, table: str, row: str, col: str, value: Number) -> None:
        if self.session is not None:
            self.undo_stack.push(SetCellCommand(self.session, table, row, col, value, text=fix_text()))
            self.select_cell(table, row, col)

    def apply_all_fixes(self) -> int:
        """Apply suggested values until none is left: one undo step for all of them."""
        session = self.session
        if session is None:
            return 0
        if not any(f.cell_fixes() for f in session.findings):
            self.status_bar.showMessage(self.tr("没有可采用的建议值。"), 4000)
            return 0
        applied = 0
        tried: set[tuple[str, str, str]] = set()
        self.undo_stack.beginMacro(self.tr("全部采用建议值"))
        try:
            for _ in range(MAX_BULK_FIXES):
                # Re-read after every write: a fix can clear or change the others' advice.
                candidate = next(((ref, value) for f in session.findings for ref, value in f.cell_fixes()
                                  if ref not in tried), None)
                if candidate is None:
                    break
                (table, row, col), value = candidate
                tried.add((table, row, col))  # type: ignore[arg-type]
                self.undo_stack.push(SetCellCommand(session, table, row, col, value, text=fix_text()))  # type: ignore[arg-type]
                applied += 1
        finally:
            self.undo_stack.endMacro()
        self.undo_stack.command(self.undo_stack.index() - 1).setText(
            self.tr("全部采用建议值（{n} 处）").format(n=applied))
        return applied

    def paste_cells(self, edits: list[tuple[str, str, str, Number | None]], problems: list[str]) -> int:
        """A pasted block: every cell it changes in one undo step."""
        session = self.session
        if session is None:
            return 0
        changed = [(t, r, c, v) for t, r, c, v in edits if _differs(session, t, r, c, v)]
        if changed:
            self.undo_stack.beginMacro(self.tr("粘贴 {n} 格").format(n=len(changed)))
            try:
                for table, row, col, value in changed:
                    self.undo_stack.push(SetCellCommand(session, table, row, col, value))
            finally:
                self.undo_stack.endMacro()
        text = self.tr("已粘贴 {n} 格。").format(n=len(changed))
        if problems:
            text += self.tr("{m} 格未粘贴：{reason}").format(m=len(problems), reason=problems[0])
        self.status_bar.showMessage(text, 10000)
        return len(changed)

    def dismiss_finding(self, finding: Finding, reason: str = "") -> None:
        """已核实，无需修改: one undo step; kept for this file at once (``DismissalStore``)."""
        if self.session is not None:
            self.undo_stack.push(DismissCommand(self.session, finding, reason))

    def undismiss_finding(self, finding: Finding) -> None:
        if self.session is not None and self.session.dismissal_of(finding) is not None:
            self.undo_stack.push(DismissCommand(self.session, finding, dismiss=False))

    def _dismissals_changed(self) -> None:
        path = self.current.path
        if self.session is not None and path is not None:
            self.dismissal_store.write(source_key(path), path, self.session.dismissals)

    def input_rejected(self, reason: str) -> None:
        self.status_bar.showMessage(self.tr("未修改：{reason}").format(reason=reason), 10000)

    def revert_cell(self, table: str, row: str, col: str) -> None:
        if self.session is None:
            return
        self.undo_stack.push(RevertCellCommand(self.session, table, row, col, self.tr("恢复原值")))

    def discard_edits(self) -> None:
        if self.session is None or not self.session.edits():
            return
        answer = QMessageBox.question(self.host, self.tr("放弃全部修改"), self.tr("放弃对本文件的全部修改，恢复为原文数值？"),
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

    # ------------------------------------------------------------------ recovery

    def offer_recovery(self) -> None:
        edits = self.autosaver.recoverable()
        if not edits or self.session is None:
            return
        answer = QMessageBox.question(
            self.host, self.tr("恢复未导出的修改"),
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



def _differs(session: ReportSession, table: str, row: str, col: str, value: Number | None) -> bool:
    current = session.cell(table, row, col)
    if current is None or current.state == "missing":
        return True
    if value is None:
        return current.state != "blank"
    return current.value != value or current.state != "ok"
