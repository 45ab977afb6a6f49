"""After an export: a line above the window's content naming the file written, with
打开文件 and 打开所在文件夹, that stays until the clerk closes it (a status-bar message was
gone before they looked for the file)."""

from __future__ import annotations

import os

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


def open_local(path: str) -> bool:
    """Open a file or folder of this computer with the program the system uses for it.
    Only ever a local path made into a file:// URL: never a web address, never a program
    of ours started with arguments (tests/test_network.py checks this is the only call)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.abspath(path)))


class ExportNotice(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.setStyleSheet("QFrame#exportNotice { background: #e8f5e9; border: 1px solid #a5d6a7; }")
        self.path = ""
        self.label = QLabel()
        self.open_file = QPushButton(self.tr("打开文件"))
        self.open_folder = QPushButton(self.tr("打开所在文件夹"))
        # After the clerk's own file got its corrections (issue 29): check the copy again.
        self.recheck = QPushButton(self.tr("重新检查修正后的文件"))
        self.recheck.setToolTip(self.tr("在本窗口打开刚写出的文件并重新检查（修订视为已接受），看还剩哪些问题"))
        self.recheck.hide()
        self._recheck = None
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("关闭此提示"))
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 4, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_file)
        layout.addWidget(self.open_folder)
        layout.addWidget(self.recheck)
        layout.addWidget(self.close_button)
        self.open_file.clicked.connect(lambda: open_local(self.path))
        self.open_folder.clicked.connect(lambda: open_local(os.path.dirname(os.path.abspath(self.path))))
        self.close_button.clicked.connect(self.hide)
        self.recheck.clicked.connect(self._do_recheck)
        self.hide()

    def offer_recheck(self, recheck) -> None:  # type: ignore[no-untyped-def]
        """Show 重新检查修正后的文件 for the file shown; ``recheck()`` opens it."""
        self._recheck = recheck
        self.recheck.show()

    def _do_recheck(self) -> None:
        recheck = self._recheck
        self.hide()
        if recheck is not None:
            recheck()

    def clear(self) -> None:
        self.path = ""
        self.label.clear()
        self.recheck.hide()
        self._recheck = None
        self.hide()

    def show_file(self, path: str, what: str) -> None:
        self.recheck.hide()
        self._recheck = None
        self.path = path
        self.label.setText(self.tr("{what}：{path}").format(what=what, path=os.path.abspath(path)))
        self.label.setToolTip(os.path.abspath(path))
        self.show()
