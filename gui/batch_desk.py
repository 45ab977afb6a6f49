"""The supervisor's desk in the batch view (issue 27): the roster of units that must report
(报送台账), last round's letters checked against the reports sent again (整改情况), the
letterhead, and all letters as one printable PDF.

``DeskState`` is what the batch model shows in its 报送台账 and 整改情况 columns; ``BatchDesk``
is the row of buttons and the line naming the units that have not reported."""

from __future__ import annotations

import os
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from core.batch.followup import FIXED, NOT_FIXED, FollowUp, follow_up_batch
from core.batch.roster import MISSING, OUTSIDE, TWICE, WRONG_YEAR, RosterResult, match_roster
from core.export.letter_items import LetterItems
from core.model import Report


class DeskState:
    def __init__(self) -> None:
        self.units: list[str] = []
        self.roster_file = ""
        self.letters: list[LetterItems] = []
        self.letters_folder = ""
        self.roster: RosterResult | None = None
        self.followups: dict[int, FollowUp] = {}

    def recompute(self, reports: Sequence[Report | None]) -> None:
        done = [r for r in reports if r is not None]
        self.roster = match_roster(self.units, reports) if self.units and done else None
        self.followups = follow_up_batch(reports, self.letters) if self.letters and done else {}

    def roster_text(self, row: int) -> str:
        roster = self.roster
        if roster is None:
            return ""
        if row in roster.outside:
            return OUTSIDE
        unit = roster.by_report.get(row)
        status = next((u for u in roster.units if u.unit == unit), None)
        if status is None:
            return ""
        return unit if status.status not in (TWICE, WRONG_YEAR) else f"{status.status}（{unit}）"

    def followup_text(self, row: int) -> str:
        result = self.followups.get(row)
        return result.summary() if result is not None else ""

    def followup_tooltip(self, row: int) -> str:
        result = self.followups.get(row)
        if result is None:
            return "未找到该单位该年度的上一轮审核意见。" if self.letters else ""
        lines = [f"对照：{result.letter.number or result.letter.title}"]
        lines += [f"{o.status}：{o.item.n}. {o.item.text}" for o in result.outcomes]
        lines += [f"新问题：{f.message}" for f in result.new_problems]
        return "\n".join(lines)

    def open_followup(self, row: int) -> bool:
        result = self.followups.get(row)
        return result is not None and not result.closed

    def roster_line(self) -> str:
        roster = self.roster
        if roster is None:
            return f"报送名单：{len(self.units)} 个单位（检查完成后核对）" if self.units else ""
        parts = [roster.summary()]
        for status in (MISSING, TWICE, WRONG_YEAR):
            names = roster.named(status)
            if names:
                parts.append(f"{status}：" + "、".join(names))
        return "；".join(parts) + "。"


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
        from gui.batch_model import COL_FOLLOWUP, COL_ROSTER

        self.pdf_button.setEnabled(self.view.model.done_count() > 0)  # type: ignore[attr-defined]
        # The two columns only once there is something to show: on a 1366-pixel screen the
        # main problem's column needs the room.
        table = self.view.table  # type: ignore[attr-defined]
        shown = (not table.isColumnHidden(COL_ROSTER), not table.isColumnHidden(COL_FOLLOWUP))
        table.setColumnHidden(COL_ROSTER, not self.state.units)
        table.setColumnHidden(COL_FOLLOWUP, not self.state.letters)
        if (self.state.units or self.state.letters) and not any(shown):
            from gui.batch_model import COL_CROSS

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
