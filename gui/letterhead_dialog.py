"""审核意见的落款设置: the supervisor enters the office, 文号, 整改期限, contact and date once;
every letter (one report's, a batch's folder, the printable PDF) uses them. Kept in QSettings
under "letterhead/"."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout, QWidget)

from core.export.letterhead import Letterhead, parse_day

_GROUP = "letterhead"


def load_letterhead(settings: QSettings | None = None) -> Letterhead:
    s = settings or QSettings()
    s.beginGroup(_GROUP)
    try:
        data = {key: s.value(key) for key in s.childKeys()}
    finally:
        s.endGroup()
    try:
        return Letterhead.from_dict(data)
    except Exception:  # noqa: BLE001 — a damaged setting is not worth an error: start again
        return Letterhead()


def save_letterhead(head: Letterhead, settings: QSettings | None = None) -> None:
    s = settings or QSettings()
    s.beginGroup(_GROUP)
    try:
        s.remove("")
        for key, value in head.to_dict().items():
            s.setValue(key, value)
    finally:
        s.endGroup()
    s.sync()


class LetterheadDialog(QDialog):
    def __init__(self, head: Letterhead, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("审核意见的落款设置"))
        self.office = QLineEdit(head.office)
        self.office.setPlaceholderText(self.tr("如：某某市人民政府办公室"))
        self.number = QLineEdit(head.number_pattern)
        self.number.setPlaceholderText(self.tr("如：某政公开审〔{year}〕{n}号"))
        self.number.setToolTip(self.tr("{year} 换成落款年份，{n} 换成本批意见的序号（从起始编号起）；不需要文号可留空"))
        self.first = QSpinBox()
        self.first.setRange(1, 99999)
        self.first.setValue(head.first_number)
        self.deadline = QLineEdit(head.deadline)
        self.deadline.setPlaceholderText(self.tr("如：15（个工作日）或 2027年1月15日"))
        self.contact = QLineEdit(head.contact)
        self.phone = QLineEdit(head.phone)
        self.fixed_day = QCheckBox(self.tr("使用固定的落款日期"))
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy年M月d日")
        parsed = parse_day(head.day) if head.day else None
        self.fixed_day.setChecked(parsed is not None)
        self.day.setDate(QDate(parsed.year, parsed.month, parsed.day) if parsed else QDate.currentDate())
        self.day.setEnabled(parsed is not None)
        self.fixed_day.toggled.connect(self.day.setEnabled)

        form = QFormLayout()
        form.addRow(self.tr("审核单位（落款）："), self.office)
        form.addRow(self.tr("文号："), self.number)
        form.addRow(self.tr("起始编号："), self.first)
        form.addRow(self.tr("整改期限："), self.deadline)
        form.addRow(self.tr("联系人："), self.contact)
        form.addRow(self.tr("联系电话："), self.phone)
        form.addRow(self.fixed_day, self.day)
        note = QLabel(self.tr("留空的项目不写入审核意见；不使用固定日期时，落款为出具当天。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6675;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(note)
        box.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def letterhead(self) -> Letterhead:
        day = self.day.date().toString("yyyy-MM-dd") if self.fixed_day.isChecked() else ""
        return Letterhead(office=self.office.text().strip(), number_pattern=self.number.text().strip(),
                          first_number=self.first.value(), deadline=self.deadline.text().strip(),
                          contact=self.contact.text().strip(), phone=self.phone.text().strip(), day=day)


def edit_letterhead(parent: QWidget | None = None) -> Letterhead | None:
    """Show the dialog; the settings saved, or None when cancelled."""
    dialog = LetterheadDialog(load_letterhead(), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    head = dialog.letterhead()
    save_letterhead(head)
    return head
