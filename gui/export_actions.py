"""The Word and write-back exports in the window (core/export/*): hooked into the 文件 menu of
the checker and into the batch view with a few lines each.

Checker: one action that follows the source format — a Word source gets 导出修正后的 Word (the
clerk's own file with tracked changes), an Excel source its own workbook with the corrections
written in, any other source 导出表格 (Word) (the three tables in the official layout) — and
导出审核意见 (Word). Batch view: 导出审核意见到文件夹, written in a pool thread so a hundred
letters do not freeze the window.

Dismissals come from the window's session when it keeps them (issue 13: ``dismissals``, a
mapping or a method returning one, keyed by ``core.dismissals.finding_key``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from core.dismissals import Dismissal
from core.model import Report

from gui.writeback_choice import WriteBackChoice

if TYPE_CHECKING:
    from gui.batch_view import BatchView
    from gui.main_window import MainWindow

MAX_LISTED = 8  # skipped cells named in the message; the rest are counted


def session_dismissals(session: Any) -> dict[str, Dismissal]:
    """The dismissals the window's session keeps, whatever form issue 13 gives them."""
    value = getattr(session, "dismissals", None)
    if callable(value):
        value = value()
    return dict(value) if isinstance(value, Mapping) else {}


def install_export_actions(window: "MainWindow") -> "ExportActions":
    """Put the actions into the menu that holds 导出修正后的 Excel, right after it; they keep
    their own state (updated as the menu opens), so the window needs no other hook."""
    menu = next((a.menu() for a in window.menuBar().actions()
                 if a.menu() is not None and window.export_action in a.menu().actions()), None)
    if menu is None:
        menu = window.menuBar().addMenu(QCoreApplication.translate("ExportActions", "导出(&X)"))
    actions = menu.actions()
    index = actions.index(window.export_action) + 1 if window.export_action in actions else len(actions)
    return ExportActions(window, menu, actions[index] if index < len(actions) else None)


class ExportActions(QObject):
    """The checker's Word exports, enabled for the report open when the menu shows."""

    def __init__(self, window: "MainWindow", menu: QMenu, before: QAction | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.word_action = QAction(self.tr("导出修正后的 Word(&W)…"), window)
        self.word_action.triggered.connect(self.export_word)
        # After the clerk's own file got its corrections (issue 29): open the written copy to
        # see what is left.
        self.recheck_action = QAction(self.tr("重新检查修正后的文件(&R)"), window)
        self.recheck_action.setToolTip(self.tr("打开刚写回的文件（修订视为已接受）并重新检查，看还剩哪些问题"))
        self.recheck_action.triggered.connect(self.recheck_written)
        self.recheck_action.setEnabled(False)
        self.last_written: str | None = None
        self.letter_action = QAction(self.tr("导出审核意见 (Word)(&L)…"), window)
        self.letter_action.setToolTip(self.tr("把本报告的问题写成一份审核意见（Word），发回报送单位整改"))
        self.letter_action.triggered.connect(self.export_letter)
        for action in (self.word_action, self.recheck_action, self.letter_action):
            if before is not None:
                menu.insertAction(before, action)
            else:
                menu.addAction(action)
        menu.aboutToShow.connect(self.update)
        self._install_main_action()
        # The clerk's "写回" choice per finding (issue 29), shown in the findings panel.
        self.choice = WriteBackChoice(self)
        self.choice.changed.connect(self._show_choice)
        panel = getattr(window, "findings", None)
        if panel is not None and hasattr(panel, "write_toggled"):
            panel.write_toggled.connect(self.choice.set_chosen)
        self.update()

    # ------------------------------------------------------------------ the main action

    def _install_main_action(self) -> None:
        """The toolbar's export and Ctrl+S follow the source (issue 29): a Word source's
        clerk wants their own Word file back corrected, an Excel source's their own workbook;
        any other source gets the corrected Excel. 导出修正后的 Excel stays in the menu (Ctrl+E)."""
        window = self.window
        excel = window.export_action
        self.main_action = QAction(excel.text(), window)
        self.main_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.main_action.triggered.connect(self.export_main)
        excel.setShortcuts([s for s in excel.shortcuts() if s != QKeySequence(QKeySequence.StandardKey.Save)])
        toolbar = getattr(window, "toolbar", None)
        if toolbar is not None:
            if excel in toolbar.actions():
                toolbar.insertAction(excel, self.main_action)
                toolbar.removeAction(excel)
            else:
                toolbar.addAction(self.main_action)
        window.addAction(self.main_action)  # Ctrl+S works wherever the focus is
        excel.changed.connect(self._sync_main)
        self._sync_main()

    @property
    def word_first(self) -> bool:
        """The clerk's own file (Word or Excel) is the output, not the corrected Excel."""
        return self._format() in ("docx", "xlsx")

    def main_name(self) -> str:
        fmt = self._format()
        if fmt == "docx":
            return self.tr("导出修正后的 Word")
        if fmt == "xlsx":
            return self.tr("导出修正后的原表格")
        return self.tr("导出修正后的 Excel")

    def _sync_main(self) -> None:
        self.main_action.setEnabled(self.window.export_action.isEnabled())
        self.main_action.setText(self.main_name() + "…")
        if self.word_first:
            self.main_action.setToolTip(self.tr("把勾选“写回”的更正写入原文件的副本（Word 中为修订并附批注）（Ctrl+S）"))
        else:
            self.main_action.setToolTip(self.tr("导出修正后的 Excel（Ctrl+S）"))

    def export_main(self) -> bool:
        """What the toolbar's export and Ctrl+S do."""
        if self.word_first:
            return self.export_word()
        return bool(self.window.export_corrected())

    # ------------------------------------------------------------------ write back

    def refresh_write_back(self) -> None:
        """The findings changed (a report opened, an edit, a dismissal): plan again."""
        self.choice.refresh(self.window.session)
        self._sync_main()

    def _show_choice(self) -> None:
        panel = getattr(self.window, "findings", None)
        if panel is None or not hasattr(panel, "set_write_back"):
            return
        session = self.window.session
        if not self.choice.active or session is None:
            panel.set_write_back(None)
            return
        from core.dismissals import finding_key
        from core.model import in_review_order

        keys = [finding_key(f) for f in in_review_order(session.findings)]  # as the panel lists them
        panel.set_write_back(self.choice.states(keys), self.choice.summary())

    def _format(self) -> str | None:
        session = self.window.session
        return session.report.format if session is not None else None

    def update(self) -> None:
        fmt = self._format()
        if fmt == "docx":
            self.word_action.setText(self.tr("导出修正后的 Word(&W)…"))
            self.word_action.setToolTip(self.tr("在原 Word 文件的副本中以修订方式写入更正的数字，并附批注说明原因"))
        elif fmt == "xlsx":
            self.word_action.setText(self.tr("导出修正后的原表格 (Excel)(&W)…"))
            self.word_action.setToolTip(self.tr("在原 Excel 文件的副本中直接改正单元格，并附批注说明原值和原因"))
        else:
            self.word_action.setText(self.tr("导出表格 (Word)(&W)…"))
            self.word_action.setToolTip(self.tr("按官方格式把表二、表三、表四（含更正后的数字）导出为 Word，便于粘贴到报告中"))
        readable = self.window.session is not None and self.window.session.report.extraction is not None
        self.word_action.setEnabled(readable)
        self.letter_action.setEnabled(self.window.session is not None)

    # ------------------------------------------------------------------ checker

    def _target(self, title: str, suggested: str, kind: str, suffix: str) -> str | None:
        start = str(Path(self.window.settings.last_folder()) / suggested)
        target, _ = QFileDialog.getSaveFileName(self.window, title, start, kind)
        if not target:
            return None
        if not target.lower().endswith(suffix):
            target += suffix
        return target

    def export_word(self) -> bool:
        """The format's export; True when written. A refusal (nothing edited, a bad name, a
        locked file) is shown as its sentence and nothing is written."""
        session, path = self.window.session, self.window.path
        if session is None or path is None or session.report.extraction is None:
            return False
        self.update()
        fmt = session.report.format
        source = Path(path)
        if fmt == "xlsx":
            target = self._target(self.tr("导出修正后的原表格"), f"{source.stem}（修订）{source.suffix or '.xlsx'}",
                                  self.tr("Excel 工作簿 (*.xlsx *.xlsm)"), source.suffix.lower() or ".xlsx")
        else:
            name = f"{source.stem}（修订）.docx" if fmt == "docx" else f"{source.stem}（表格）.docx"
            target = self._target(self.word_action.text().replace("(&W)…", ""), name, self.tr("Word 文档 (*.docx)"), ".docx")
        if target is None:
            return False
        try:
            skipped = self._write_word(fmt, session, target)
        except Exception as exc:  # noqa: BLE001 — ExportError carries the sentence; anything else gets ours
            self._failed(exc)
            return False
        self.window.settings.set_last_folder(os.path.dirname(target))
        if skipped:
            shown = "\n".join(f"· {s}" for s in skipped[:MAX_LISTED])
            more = self.tr("\n……另有 {n} 处").format(n=len(skipped) - MAX_LISTED) if len(skipped) > MAX_LISTED else ""
            QMessageBox.information(self.window, self.tr("部分更正未写入"),
                                    self.tr("已导出到“{path}”，但以下更正未写入：\n{cells}{more}")
                                    .format(path=target, cells=shown, more=more))
        self.window.statusBar().showMessage(self.tr("已导出：{path}").format(path=target), 8000)
        if fmt in ("docx", "xlsx"):
            self.written(target, fmt)
        return True

    def written(self, target: str, fmt: str | None) -> None:
        """The clerk's own file got its corrections: that is the output they chose, so the
        edits count as saved; the written copy can be checked again at once."""
        self.window.undo_stack.setClean()
        self.window.autosaver.clear()
        self.last_written = target
        self.recheck_action.setEnabled(True)
        what = self.tr("修正后的 Word 已导出") if fmt == "docx" else self.tr("修正后的 Excel 已导出")
        show = getattr(self.window, "show_exported", None)
        if show is not None:
            notice = self.window.export_notice
            show(target, what)
            if hasattr(notice, "offer_recheck"):
                notice.offer_recheck(self.recheck_written)

    def recheck_written(self) -> None:
        """Open the copy just written in the checker, as Word shows it with every change accepted."""
        if self.last_written and os.path.isfile(self.last_written):
            self.window.open_file(self.last_written)

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", None) or self.tr("导出时出现内部错误，未写入任何文件；请把原报告发给维护人员。")
        QMessageBox.warning(self.window, self.tr("导出失败"), message)

    def _write_word(self, fmt: str | None, session: Any, target: str) -> list[str]:
        """Write and return the cells not written, as sentences."""
        from core.export.content import cell_names

        ext = session.extraction
        chosen = self.choice.chosen() if self.choice.active else None
        plan = self.choice.plan if chosen is not None else None
        if fmt == "docx":
            from core.export.docx_writeback import write_corrected_docx

            result = write_corrected_docx(session.report, target, ext, chosen=chosen, plan=plan)
            return [f"{c.name}：{why}" for c, why in result.left]
        if fmt == "xlsx":
            from core.export.xlsx_writeback import write_corrected_xlsx

            xresult = write_corrected_xlsx(session.report, target, ext, chosen=chosen, plan=plan)
            out = [f"{c.name}：{why}" for c, why in xresult.left]
            if not xresult.comments:
                out.append(self.tr("该工作表已有批注或控件，未添加批注（数值已写入）"))
            return out
        from core.export.word_tables import write_word_tables

        tresult = write_word_tables(session.report, target, ext)
        if not tresult.left_empty:
            return []
        return [self.tr("{cells}：读数未经确认，已留空；请在表格中核实后再导出").format(cells=cell_names(ext, tresult.left_empty))]

    def export_letter(self) -> bool:
        session, path = self.window.session, self.window.path
        if session is None or path is None:
            return False
        from core.export.review_letter import letter_name, write_review_letter

        report = Report(session.report.file, session.report.format, session.report.status, session.report.error,
                        session.extraction, list(session.findings), session.report.document)
        target = self._target(self.tr("导出审核意见"), letter_name(report), self.tr("Word 文档 (*.docx)"), ".docx")
        if target is None:
            return False
        try:
            write_review_letter(report, target, dismissals=session_dismissals(session))
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)
            return False
        self.window.settings.set_last_folder(os.path.dirname(target))
        self.window.statusBar().showMessage(self.tr("已导出审核意见：{path}").format(path=target), 8000)
        return True


# ---------------------------------------------------------------------- batch view

class _LetterSignals(QObject):
    done = Signal(int, object)  # number of letters, folder
    failed = Signal(str)  # the Chinese sentence


class _LetterTask(QRunnable):
    def __init__(self, reports: list[Report | None], folder: str, dismissals: Mapping[str, Mapping[str, Dismissal]]) -> None:
        super().__init__()
        self.reports, self.folder, self.dismissals = reports, folder, dismissals
        self.signals = _LetterSignals()

    def run(self) -> None:
        from core.export.review_letter import write_review_letters

        try:
            paths = write_review_letters(self.reports, self.folder, dismissals=self.dismissals)
        except Exception as exc:  # noqa: BLE001 — the view shows the sentence
            self.signals.failed.emit(getattr(exc, "message", None) or QCoreApplication.translate(
                "BatchLetters", "写入审核意见时出现内部错误；请把这批报告发给维护人员。"))
            return
        self.signals.done.emit(len(paths), self.folder)


class BatchLetters(QObject):
    """导出审核意见到文件夹 in the batch view."""

    finished = Signal(bool)  # True when the letters were written (tests wait on it)

    def __init__(self, view: "BatchView", layout_row: Any) -> None:
        super().__init__(view)
        self.view = view
        self.button = QPushButton(self.tr("导出审核意见到文件夹…"))
        self.button.setToolTip(self.tr("为每份报告写一份审核意见（Word），按单位和年度命名，存入所选文件夹"))
        self.button.clicked.connect(self.choose_folder)
        self.button.setEnabled(False)
        layout_row.addWidget(self.button)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._task: _LetterTask | None = None
        self.dismissals: dict[str, dict[str, Dismissal]] = {}  # per report file, from the window

    def update(self) -> None:
        self.button.setEnabled(self.view.model.done_count() > 0 and self._task is None)

    def choose_folder(self) -> None:
        start = self.view.settings.last_folder()
        folder = QFileDialog.getExistingDirectory(self.view, self.tr("选择保存审核意见的文件夹"), start)
        if folder:
            self.write_to(folder)

    def write_to(self, folder: str) -> None:
        reports = [r for r in self.view.model.reports() if r is not None]
        if not reports or self._task is not None:
            return
        task = _LetterTask(reports, folder, self._all_dismissals())
        task.signals.done.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.button.setEnabled(False)
        self.view.status.setText(self.tr("正在写入 {n} 份审核意见…").format(n=len(reports)))
        self._pool.start(task)

    def _all_dismissals(self) -> dict[str, dict[str, Dismissal]]:
        """Per report file: what the batch rows carry (issue 13 keeps them on each row),
        then what was set here."""
        out: dict[str, dict[str, Dismissal]] = {}
        for row in getattr(self.view.model, "rows", []):
            found = getattr(row, "dismissals", None)
            if isinstance(found, Mapping) and found and getattr(row, "path", None):
                out[row.path] = dict(found)
        for path, found in self.dismissals.items():
            out.setdefault(path, {}).update(found)
        return out

    def _done(self, count: int, folder: str) -> None:
        self._task = None
        self.update()
        self.view.settings.set_last_folder(folder)
        self.view.status.setText(self.tr("已导出 {n} 份审核意见到：{path}").format(n=count, path=folder))
        self.finished.emit(True)

    def _failed(self, message: str) -> None:
        self._task = None
        self.update()
        parent: QWidget = self.view
        QMessageBox.warning(parent, self.tr("导出失败"), message)
        self.finished.emit(False)
