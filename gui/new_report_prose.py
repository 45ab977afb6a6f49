"""The words only the clerk can write in a new year's report: parts 一 (总体情况), 五 (存在的
主要问题及改进情况) and 六 (其他需要报告的事项). What is left empty stays "（文字描述）" in the
exports; what is written replaces it, and the checker reads it like any report's prose."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from core.template import SECTIONS

PARTS = ("一", "五", "六")


class ProseDialog(QDialog):
    def __init__(self, prose: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("编写正文"))
        self.setMinimumWidth(640)
        box = QVBoxLayout(self)
        hint = QLabel(self.tr("只有本单位能写的部分；没写的部分在导出的报告中保留“（文字描述）”。第二至四部分的标准句子由表格数字自动起草。"))
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.edits: dict[str, QPlainTextEdit] = {}
        headings = {s.number: s.heading for s in SECTIONS}
        for number in PARTS:
            box.addWidget(QLabel(headings[number]))
            edit = QPlainTextEdit(prose.get(number, ""))
            edit.setTabChangesFocus(True)
            if number == "六":
                edit.setPlaceholderText(self.tr("如：本年度未收取信息处理费。"))
            box.addWidget(edit, 1)
            self.edits[number] = edit
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def prose(self) -> dict[str, str]:
        return {number: edit.toPlainText().strip() for number, edit in self.edits.items()}
