"""The supervisor's desk in the batch view (issue 27): the roster of units that must report
(报送台账), last round's letters checked against the reports sent again (整改情况), the
letterhead, and all letters as one printable PDF — the row of buttons and the line naming
the units that have not reported. What the rows show is ``gui.desk_state.DeskState``."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from core.export.followup import FIXED, NOT_FIXED

from gui.batch_model import COL_CROSS, COL_FOLLOWUP, COL_ROSTER
from gui.desk_state import DeskState


class BatchDesk(QObject):
    """The buttons of the desk, in one row under the filters; ``changed`` after a roster or
    letters were loaded (the model's columns change)."""

    changed = Signal()

    def __init__(self, parent: QWidget, view: "QWidget") -> None:
        super().__init__(parent)
        self.view = view  # the BatchView: its model, settings and status line
        self.roster_button = QPushButton(self.tr("载入报送名单…"))
        self.roster_button.setToolTip(self.tr("应报送单位的名单（Excel 或 CSV 中的一列单位名称）：列出未报送、重复报送、年度不符的单位"))
        self.roster_button.clicked.connect(self.choose_roster)
        self.followup_button = QPushButton(self.tr("核对上轮审核意见…"))
        self.followup_button.setToolTip(self.tr("选择上一轮审核意见所在的文件夹：逐项标出已整改、未整改，并列出新问题"))
        self.followup_button.clicked.connect(self.choose_letters)
        self.letterhead_button = QPushButton(self.tr("落款设置…"))
        self.letterhead_button.setToolTip(self.tr("审核单位、文号、整改期限、联系人和落款日期，用于每一份审核意见"))
        self.letterhead_button.clicked.connect(self.edit_letterhead)
        self.pdf_button = QPushButton(self.tr("打印全部审核意见（PDF）…"))
        self.pdf_button.setToolTip(self.tr("把本批全部审核意见合成一个 PDF，每份意见从新的一页开始，便于盖章和邮寄"))
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.pdf_button.setEnabled(False)
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.line.setStyleSheet("color: #7a3e00;")
        self.line.hide()
        self.row = QHBoxLayout()
        self.row.addWidget(QLabel(self.tr("审核：")))
        for button in (self.roster_button, self.followup_button, self.letterhead_button, self.pdf_button):
            self.row.addWidget(button)
        self.row.addStretch(1)

    @property
    def state(self) -> DeskState:
        return self.view.model.desk  # type: ignore[attr-defined,no-any-return]

    def update(self) -> None:
        self.pdf_button.setEnabled(self.view.model.done_count() > 0)  # type: ignore[attr-defined]
        # The two columns only once there is something to show: on a 1366-pixel screen the
        # main problem's column needs the room.
        table = self.view.table  # type: ignore[attr-defined]
        shown = (not table.isColumnHidden(COL_ROSTER), not table.isColumnHidden(COL_FOLLOWUP))
        table.setColumnHidden(COL_ROSTER, not self.state.units)
        table.setColumnHidden(COL_FOLLOWUP, not self.state.letters)
        if (self.state.units or self.state.letters) and not any(shown):
            table.setColumnWidth(COL_CROSS, min(table.columnWidth(COL_CROSS), 130))
        text = self.state.roster_line()
        self.line.setText(text)
        self.line.setVisible(bool(text))

    def refresh(self) -> None:
        model = self.view.model  # type: ignore[attr-defined]
        self.state.recompute(model.reports())
        if model.rows:
            model.dataChanged.emit(model.index(0, 0), model.index(len(model.rows) - 1, model.columnCount() - 1))
        self.update()
        self.changed.emit()

    # -- roster --------------------------------------------------------------------------

    def choose_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.view, self.tr("选择报送名单"), self.view.settings.last_folder(),  # type: ignore[attr-defined]
                                              self.tr("名单 (*.xlsx *.xlsm *.csv *.txt)"))
        if path:
            self.load_roster(path)

    def load_roster(self, path: str) -> bool:
        from core.batch.roster import RosterError, load_roster

        try:
            units = load_roster(path)
        except RosterError as exc:
            QMessageBox.warning(self.view, self.tr("无法载入报送名单"), exc.message)
            return False
        self.state.units, self.state.roster_file = units, path
        self.refresh()
        return True

    # -- follow-up -----------------------------------------------------------------------

    def choose_letters(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.view, self.tr("选择上一轮审核意见所在的文件夹"),
                                                  self.view.settings.last_folder())  # type: ignore[attr-defined]
        if folder:
            self.load_letters(folder)

    def load_letters(self, folder: str) -> bool:
        from core.export.letter_items import read_items_folder

        letters = read_items_folder(folder)
        if not letters:
            QMessageBox.warning(self.view, self.tr("没有找到审核意见"),
                                self.tr("文件夹“{folder}”中没有本程序写出的审核意见整改条目（.items.json）；"
                                        "请选择导出审核意见时所选的文件夹。").format(folder=folder))
            return False
        self.state.letters, self.state.letters_folder = letters, folder
        self.refresh()
        return True

    def followup_counts(self) -> tuple[int, int]:
        fixed = sum(r.count(FIXED) for r in self.state.followups.values())
        open_ = sum(r.count(NOT_FIXED) for r in self.state.followups.values())
        return fixed, open_

    # -- letterhead and the printable PDF -------------------------------------------------

    def edit_letterhead(self) -> None:
        from gui.letterhead_dialog import edit_letterhead

        edit_letterhead(self.view)

    def choose_pdf(self) -> None:
        from gui.save_dialog import save_with_retry

        start = os.path.join(self.view.settings.last_folder(), self.tr("审核意见（打印）.pdf"))  # type: ignore[attr-defined]
        save_with_retry(self.view, self.tr("打印全部审核意见"), start, [self.tr("PDF 文件 (*.pdf)")],
                        with_suffix=lambda path, _chosen: path if path.lower().endswith(".pdf") else path + ".pdf",
                        is_source=lambda path: False, source_message="", write=self.write_pdf,
                        failure_message=lambda exc: getattr(exc, "message", None))

    def write_pdf(self, target: str) -> list[tuple[int, int]]:
        """All letters of the batch in one PDF; the reviewer is told of reading problems left."""
        from core.export.reading_problems import reading_problems
        from core.export.review_letter import build_letter
        from gui.letterhead_dialog import load_letterhead
        from gui.letters_pdf import write_letters_pdf

        head = load_letterhead()
        rows = [row for row in self.view.model.rows if row.report is not None]  # type: ignore[attr-defined]
        letters = [build_letter(row.report, dismissals=row.dismissals, letterhead=head, sequence=i)
                   for i, row in enumerate(rows)]
        ranges = write_letters_pdf(letters, target)
        doubtful = [os.path.basename(row.path) for row in rows if reading_problems(row.report.findings)]
        note = self.tr("已写出 {n} 份审核意见（共 {p} 页）：{path}").format(n=len(letters), p=ranges[-1][1], path=target)
        if doubtful:
            note += self.tr("。注意：{k} 份报告还有识别问题未核对、未写入意见（{names}），请打开核对后再发出").format(
                k=len(doubtful), names="、".join(doubtful[:5]) + ("等" if len(doubtful) > 5 else ""))
        self.view.status.setText(note)  # type: ignore[attr-defined]
        return ranges
