"""新建年度报告: pick last year's report (any format the checker reads, a scan included) or
start blank, the year and the agency (taken from last year's report), and where the draft is
saved. Last year's report is read off the UI thread; the dialog builds the draft
(core.draft.start.new_draft) and leaves opening it to the caller."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from core.draft_file import SUFFIX, Draft
from core.draft.start import StartError, new_draft
from core.model import Report
from core.readers import SUPPORTED_SUFFIXES

from gui.worker import CheckTask


class NewReportDialog(QDialog):
    def __init__(self, folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建年度报告"))
        self.folder = folder
        self.previous: Report | None = None
        self.draft: Draft | None = None
        self.target = ""
        self._number = 0
        # The application's pool, not one of the dialog's own: a pool dies waiting for its
        # tasks, and a scan being read must not hold up closing the dialog.
        self._pool = QThreadPool.globalInstance()
        self._target_chosen = False

        self.from_last = QRadioButton(self.tr("从上年报告开始（沿用上年结转、现行有效件数）"))
        self.blank = QRadioButton(self.tr("从空白开始"))
        group = QButtonGroup(self)
        group.addButton(self.from_last)
        group.addButton(self.blank)
        self.from_last.setChecked(True)
        self.previous_edit = QLineEdit()
        self.previous_edit.setReadOnly(True)
        self.previous_edit.setPlaceholderText(self.tr("上年度的报告：PDF、Word、Excel、网页、文本或扫描件"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse_previous)
        row = QHBoxLayout()
        row.addWidget(self.previous_edit, 1)
        row.addWidget(browse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(2021, 2100)
        self.year.setValue(max(2021, date.today().year - 1))
        self.agency = QLineEdit()
        self.agency.setPlaceholderText(self.tr("单位全称，如 淮安市洪泽区人民政府"))
        self.target_edit = QLineEdit()
        save_as = QPushButton(self.tr("另存为…"))
        save_as.clicked.connect(self._browse_target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(save_as)

        form = QFormLayout()
        form.addRow(self.tr("报告年度"), self.year)
        form.addRow(self.tr("单位"), self.agency)
        form.addRow(self.tr("草稿保存到"), target_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始填写"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.from_last)
        box.addLayout(row)
        box.addWidget(self.status)
        box.addWidget(self.blank)
        box.addLayout(form)
        box.addWidget(self.buttons)
        for signal in (self.from_last.toggled, self.agency.textChanged, self.year.valueChanged):
            signal.connect(self._update)
        self.setMinimumWidth(640)  # the status line wraps; adjustSize must not squeeze it narrower
        self._update()

    # ------------------------------------------------------------------ last year's report

    def _browse_previous(self) -> None:
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES if s != SUFFIX)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择上一年度的报告"), self.folder,
                                              self.tr("年度报告 ({patterns})").format(patterns=patterns))
        if path:
            self.set_previous_file(path)

    def set_previous_file(self, path: str) -> None:
        """Read ``path`` as last year's report (off the UI thread)."""
        self.from_last.setChecked(True)
        self.previous = None
        self.previous_edit.setText(path)
        self._number += 1
        task = CheckTask(self._number, path)
        task.signals.checked.connect(self._on_checked)
        self.status.setText(self.tr("正在读取“{name}”…（扫描件需要几秒到几十秒）").format(name=Path(path).name))
        self._pool.start(task)
        self._update()

    @property
    def reading(self) -> bool:
        return bool(self.previous_edit.text()) and self.previous is None and not self.status.property("failed")

    def _on_checked(self, number: int, report: Report) -> None:
        if number != self._number:
            return
        self.status.setProperty("failed", report.status == "unreadable" or report.extraction is None)
        if self.status.property("failed"):
            self.status.setText(self.tr("无法读取：{why}").format(why=report.error or ""))
            self._update()
            return
        self.previous = report
        meta = report.extraction.meta  # type: ignore[union-attr]
        if meta.agency and not self.agency.text().strip():
            self.agency.setText(meta.agency)
        if meta.year is not None:
            self.year.setValue(max(2021, meta.year + 1))
        version = {"2021": self.tr("2021 年格式"), "2019": self.tr("2019 年试行格式")}.get(report.template or "", self.tr("格式未识别"))
        text = self.tr("已读取：{agency} {year} 年度报告（{version}）。").format(
            agency=meta.agency or self.tr("单位未识别"), year=meta.year or "?", version=version)
        try:
            preview = new_draft(self.year.value(), meta.agency or self.tr("本单位"), report)
        except StartError:
            preview = None
        if preview is not None and preview.last is not None and preview.last.unmapped:
            text += self.tr("留空（开始后在问题列表中说明）：") + "；".join(preview.last.unmapped)
        self.status.setText(text)
        self._update()
        self.adjustSize()  # the wrapped status may take several lines

    # ------------------------------------------------------------------ the draft

    def _default_target(self) -> str:
        folder = self.folder
        if self.from_last.isChecked() and self.previous_edit.text():
            folder = os.path.dirname(self.previous_edit.text())
        name = f"{self.agency.text().strip() or self.tr('本单位')}{self.year.value()}年度报告草稿{SUFFIX}"
        return os.path.join(folder or os.path.expanduser("~"), name)

    def _browse_target(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("草稿保存到"), self.target_edit.text() or self._default_target(),
                                              self.tr("年报草稿 (*{suffix})").format(suffix=SUFFIX))
        if path:
            self.set_target(path)

    def set_target(self, path: str) -> None:
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        self._target_chosen = True
        self.target_edit.setText(path)

    def _update(self) -> None:
        if not self._target_chosen:
            self.target_edit.setText(self._default_target())
        ready = bool(self.agency.text().strip()) and (self.blank.isChecked() or self.previous is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def accept(self) -> None:
        previous = self.previous if self.from_last.isChecked() else None
        try:
            self.draft = new_draft(self.year.value(), self.agency.text().strip(), previous)
        except StartError as exc:
            self.status.setText(exc.message)
            return
        self.target = self.target_edit.text().strip() or self._default_target()
        super().accept()
