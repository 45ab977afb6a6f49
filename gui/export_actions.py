"""The Word and write-back exports in the checker (core/export/*).

One action that follows the source format — a Word source gets 导出修正后的 Word (the
clerk's own file with tracked changes), an Excel source its own workbook with the corrections
written in, any other source 导出表格 (Word) (the three tables in the official layout) — and
导出审核意见 (Word). ``ExportActions`` makes the two actions; the window places them in the
文件 menu after 导出修正后的 Excel (``WindowActions.add``) and calls ``update`` as the menu
opens. A file written is announced through ``announce`` (the export part's banner).

Word-first (issue 29): for a Word or Excel source the clerk's own file corrected is the output
they keep — ``main_name``/``export_main`` are what the toolbar's export, Ctrl+S and the
unexported-edits prompt do; writing it marks the edits saved (``mark_saved``) and offers
重新检查修正后的文件 (``recheck_action``, ``open_file``). Which corrections go in is the
clerk's choice per finding (``choice``, a ``WriteBackChoice``; the window shows it in the
findings' 写回 column).
(The batch view's 导出审核意见到文件夹 is ``gui/batch_letters``.)

Dismissals come from the open session (``dismissals``, a mapping or a method returning one,
keyed by ``core.dismissals.finding_key``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from core.dismissals import Dismissal
from core.model import Report

from gui.current_report import CurrentReport
from gui.settings import Settings
from gui.writeback_choice import WriteBackChoice

MAX_LISTED = 8  # skipped cells named in the message; the rest are counted


def session_dismissals(session: Any) -> dict[str, Dismissal]:
    """The dismissals the window's session keeps, whatever form issue 13 gives them."""
    value = getattr(session, "dismissals", None)
    if callable(value):
        value = value()
    return dict(value) if isinstance(value, Mapping) else {}


class ExportActions(QObject):
    """The checker's Word exports, enabled for the report open when the menu shows."""

    def __init__(self, host: QWidget, current: CurrentReport, settings: Settings, status_bar: QStatusBar,
                 announce: Callable[..., None], *, mark_saved: Callable[[], None] | None = None,
                 open_file: Callable[[str], bool] | None = None) -> None:
        super().__init__(host)
        self.mark_saved = mark_saved
        self.open_file = open_file
        self.host = host  # parent of the dialogs
        self.current = current
        self.settings = settings
        self.status_bar = status_bar
        self.announce = announce  # (path written, what it is): the banner above the tables
        self.word_action = QAction(self.tr("导出修正后的 Word(&W)…"), host)
        self.word_action.triggered.connect(self.export_word)
        self.letter_action = QAction(self.tr("导出审核意见 (Word)(&L)…"), host)
        self.letter_action.setToolTip(self.tr("把本报告的问题写成一份审核意见（Word），发回报送单位整改"))
        self.letter_action.triggered.connect(self.export_letter)
        # After the clerk's own file got its corrections: open the written copy to see what is left.
        self.recheck_action = QAction(self.tr("重新检查修正后的文件(&R)"), host)
        self.recheck_action.setToolTip(self.tr("打开刚写回的文件（修订视为已接受）并重新检查，看还剩哪些问题"))
        self.recheck_action.triggered.connect(self.recheck_written)
        self.recheck_action.setEnabled(False)
        self.last_written: str | None = None
        self.last_counts = (0, 0)  # (changes, comments only) the last write-back put in
        self.choice = WriteBackChoice(self)  # the clerk's 写回 choice per finding
        self.letterhead_action = QAction(self.tr("审核意见的落款设置…"), host)
        self.letterhead_action.setToolTip(self.tr("审核单位、文号、整改期限、联系人和落款日期：设置一次，每份审核意见都用"))
        self.letterhead_action.triggered.connect(self._edit_letterhead)
        self.update()

    # ------------------------------------------------------------------ Word first

    @property
    def word_first(self) -> bool:
        """The clerk's own file (Word or Excel) is the output, not the corrected Excel."""
        return self._format() in ("docx", "xlsx")

    def excel_is_output(self) -> bool:
        return not self.word_first

    def main_name(self) -> str:
        """What the toolbar's export and Ctrl+S do, in words."""
        fmt = self._format()
        if fmt == "docx":
            return self.tr("导出修正后的 Word")
        if fmt == "xlsx":
            return self.tr("导出修正后的原表格")
        return self.tr("导出修正后的 Excel")

    def main_tip(self) -> str:
        if self.word_first:
            return self.tr("把勾选“写回”的更正写入原文件的副本（Word 中为修订并附批注），Ctrl+S")
        return self.tr("导出修正后的 Excel，Ctrl+S")

    def refresh_write_back(self) -> None:
        """The findings changed (a report opened, an edit, a dismissal): plan again."""
        self.choice.refresh(self.current.session)

    def write_back_states(self) -> dict[str, tuple[bool, str, str]] | None:
        """For the findings' 写回 column, in the order the panel lists them; None when the
        source has no file of its own to write back into."""
        session = self.current.session
        if not self.choice.active or session is None:
            return None
        from core.dismissals import finding_key
        from core.model import in_review_order

        return self.choice.states([finding_key(f) for f in in_review_order(session.findings)])

    def written(self, target: str, fmt: str | None) -> None:
        """The clerk's own file got its corrections: that is the output they chose, so the
        edits count as saved; the written copy can be checked again at once."""
        if self.mark_saved is not None:
            self.mark_saved()
        self.last_written = target
        self.recheck_action.setEnabled(self.open_file is not None)
        changes, notes = self.last_counts
        if fmt == "docx":
            counted = self.tr("{n} 处修订").format(n=changes)
            if notes:
                counted += self.tr("，{m} 条批注").format(m=notes)
        else:
            counted = self.tr("{n} 个单元格").format(n=changes)
        what = f"{self._written_what(fmt)}（{counted}）"
        self.announce(target, what, self.recheck_written if self.open_file is not None else None)

    def recheck_written(self) -> None:
        """Open the copy just written in the checker, as Word shows it with every change accepted."""
        if self.open_file is not None and self.last_written and os.path.isfile(self.last_written):
            self.open_file(self.last_written)

    def _format(self) -> str | None:
        session = self.current.session
        return session.report.format if session is not None else None

    def update(self) -> None:
        fmt = self._format()
        if fmt == "docx":
            self.word_action.setText(self.tr("导出修正后的 Word(&W)…"))
            self.word_action.setToolTip(self.tr("在原 Word 文件的副本中以修订方式写入更正的数字，并附批注说明原因"))
        elif fmt == "xlsx":
            self.word_action.setText(self.tr("导出修正后的原表格 (Excel)(&W)…"))
            self.word_action.setToolTip(self.tr("在原 Excel 文件的副本中直接改正单元格，并附批注说明原值和原因"))
        elif fmt in ("doc", "xls", "ofd"):
            # No write-back into old binary Office/WPS files or OFD: say what is offered instead.
            self.word_action.setText(self.tr("导出表格 (Word)(&W)…"))
            self.word_action.setToolTip(self.tr("旧版 .doc/.wps/.xls/.et 和 OFD 文件不能直接改写；按官方格式把表二、表三、表四"
                                                "（含更正后的数字）导出为 Word，或用“导出修正后的 Excel”"))
        else:
            self.word_action.setText(self.tr("导出表格 (Word)(&W)…"))
            self.word_action.setToolTip(self.tr("按官方格式把表二、表三、表四（含更正后的数字）导出为 Word，便于粘贴到报告中"))
        readable = self.current.session is not None and self.current.session.report.extraction is not None
        self.word_action.setEnabled(readable)
        self.letter_action.setEnabled(self.current.session is not None)

    # ------------------------------------------------------------------ checker

    def _target(self, title: str, suggested: str, kind: str, suffix: str) -> str | None:
        start = str(Path(self.settings.last_folder()) / suggested)
        target, _ = QFileDialog.getSaveFileName(self.host, title, start, kind)
        if not target:
            return None
        if not target.lower().endswith(suffix):
            target += suffix
        return target

    def export_word(self) -> bool:
        """The format's export; True when written. A refusal (nothing edited, a bad name, a
        locked file) is shown as its sentence and nothing is written."""
        session, path = self.current.session, self.current.path
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
        self.settings.set_last_folder(os.path.dirname(target))
        if skipped:
            shown = "\n".join(f"· {s}" for s in skipped[:MAX_LISTED])
            more = self.tr("\n……另有 {n} 处").format(n=len(skipped) - MAX_LISTED) if len(skipped) > MAX_LISTED else ""
            QMessageBox.information(self.host, self.tr("部分更正未写入"),
                                    self.tr("已导出到“{path}”，但以下更正未写入：\n{cells}{more}")
                                    .format(path=target, cells=shown, more=more))
        self.status_bar.showMessage(self.tr("已导出：{path}").format(path=target), 8000)
        if fmt in ("docx", "xlsx"):
            self.written(target, fmt)  # the banner with the counts and 重新检查修正后的文件
        else:
            self.announce(target, self._written_what(fmt))
        return True

    def export_main(self) -> bool:
        """The clerk's own file corrected, for a Word or Excel source (False: not this kind of
        source, or nothing written)."""
        return self.word_first and self.export_word()

    def _written_what(self, fmt: str | None) -> str:
        if fmt == "docx":
            return self.tr("修正后的 Word（修订）已导出")
        if fmt == "xlsx":
            return self.tr("修正后的原表格 (Excel) 已导出")
        return self.tr("表格 (Word) 已导出")

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", None) or self.tr("导出时出现内部错误，未写入任何文件；请把原报告发给维护人员。")
        QMessageBox.warning(self.host, self.tr("导出失败"), message)

    def _write_word(self, fmt: str | None, session: Any, target: str) -> list[str]:
        """Write and return the cells not written, as sentences."""
        from core.export.content import cell_names

        ext = session.extraction
        chosen = self.choice.chosen() if self.choice.active else None
        plan = self.choice.plan if chosen is not None else None
        if fmt == "docx":
            from core.export.docx_writeback import write_corrected_docx

            result = write_corrected_docx(session.report, target, ext, chosen=chosen, plan=plan)
            self.last_counts = (result.changes, result.notes)
            return [f"{c.name}：{why}" for c, why in result.left]
        if fmt == "xlsx":
            from core.export.xlsx_writeback import write_corrected_xlsx

            xresult = write_corrected_xlsx(session.report, target, ext, chosen=chosen, plan=plan)
            self.last_counts = (xresult.changes, 0)
            out = [f"{c.name}：{why}" for c, why in xresult.left]
            if not xresult.comments:
                out.append(self.tr("该工作表已有批注或控件，未添加批注（数值已写入）"))
            return out
        from core.export.word_tables import write_word_tables

        tresult = write_word_tables(session.report, target, ext)
        if not tresult.left_empty:
            return []
        return [self.tr("{cells}：读数未经确认，已留空；请在表格中核实后再导出").format(cells=cell_names(ext, tresult.left_empty))]

    def _edit_letterhead(self) -> None:
        from gui.letterhead_dialog import edit_letterhead

        edit_letterhead(self.host)

    def export_letter(self) -> bool:
        session, path = self.current.session, self.current.path
        if session is None or path is None:
            return False
        from core.export.review_letter import letter_name, write_review_letter

        report = Report(session.report.file, session.report.format, session.report.status, session.report.error,
                        session.extraction, list(session.findings), session.report.document)
        target = self._target(self.tr("导出审核意见"), letter_name(report), self.tr("Word 文档 (*.docx)"), ".docx")
        if target is None:
            return False
        from core.export.reading_problems import reading_problems, reviewer_note
        from gui.letterhead_dialog import load_letterhead

        try:
            write_review_letter(report, target, dismissals=session_dismissals(session), letterhead=load_letterhead())
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)
            return False
        self.settings.set_last_folder(os.path.dirname(target))
        left = reading_problems(session.findings)
        if left:
            # For the reviewer, never in the letter (issue 27).
            QMessageBox.information(self.host, self.tr("审核意见已导出"), reviewer_note(len(left)))
        self.status_bar.showMessage(self.tr("已导出审核意见：{path}").format(path=target), 8000)
        self.announce(target, self.tr("审核意见已导出"))
        return True


