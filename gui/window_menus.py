"""The window's menus and toolbar, and the list of recently opened files."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox

from gui.about_dialog import AboutDialog

if TYPE_CHECKING:
    from gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class MenusMixin(_Base):
    """Part of ``MainWindow``: builds the actions the other parts connect to."""

    def _build_actions(self) -> None:
        menu_file = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.open_action = QAction(self.tr("打开(&O)…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_file)
        menu_file.addAction(self.open_action)
        self.recent_menu = menu_file.addMenu(self.tr("最近打开(&R)"))
        self._rebuild_recent(self.settings.recent_files())
        self.batch_action = QAction(self.tr("批量检查文件夹(&B)…"), self)
        self.batch_action.setShortcut(QKeySequence("Ctrl+B"))
        self.batch_action.triggered.connect(self.choose_batch_folder)
        menu_file.addAction(self.batch_action)
        # The menu names the key as the clerk sees it on the keyboard ("Alt+←"); Qt's Chinese
        # translation would print "Alt+左方向". The shortcut itself lives in a QShortcut.
        self.back_action = QAction(self.tr("← 返回批量结果") + "\tAlt+←", self)  # a key name, not translated
        self.back_action.setIconText(self.tr("← 返回批量结果"))
        self.back_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        self.back_shortcut.activated.connect(self._back_shortcut)
        self.back_action.setToolTip(self.tr("回到批量检查的结果列表（Alt+←）"))
        self.back_action.triggered.connect(self.back_to_batch)
        self.back_action.setVisible(False)
        menu_file.addAction(self.back_action)
        self.compare_action = QAction(self.tr("对比上年报告(&Y)…"), self)
        self.compare_action.setToolTip(self.tr("选择同一单位上一年度的报告，核对上年结转、现行有效件数等跨年度数据"))
        self.compare_action.triggered.connect(self.choose_previous_year)
        self.compare_action.setEnabled(False)
        menu_file.addAction(self.compare_action)
        menu_file.addSeparator()
        self.export_action = QAction(self.tr("导出修正后的 Excel(&E)…"), self)
        self.export_action.setShortcuts([QKeySequence.StandardKey.Save, QKeySequence("Ctrl+E")])
        self.export_action.triggered.connect(self.export_corrected)
        self.export_action.setEnabled(False)
        menu_file.addAction(self.export_action)
        self.pdf_action = QAction(self.tr("导出检查报告 (PDF)(&P)…"), self)
        self.pdf_action.setToolTip(self.tr("结论、修改后的三张表（标出改过和有误的单元格）、全部问题和核实说明，交领导签字用"))
        self.pdf_action.triggered.connect(self.export_check_pdf)
        self.pdf_action.setEnabled(False)
        menu_file.addAction(self.pdf_action)
        self.print_action = QAction(self.tr("打印检查报告…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_check_report)
        self.print_action.setEnabled(False)
        menu_file.addAction(self.print_action)
        self.discard_action = QAction(self.tr("放弃全部修改(&D)"), self)
        self.discard_action.triggered.connect(self.discard_edits)
        self.discard_action.setEnabled(False)
        menu_file.addAction(self.discard_action)
        menu_file.addSeparator()
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu_file.addAction(quit_action)

        menu_edit = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        menu_edit.addAction(self.undo_action)
        menu_edit.addAction(self.redo_action)
        menu_edit.addSeparator()
        self.fix_all_action = QAction(self.tr("全部采用建议值"), self)
        self.fix_all_action.triggered.connect(self.apply_all_fixes)
        menu_edit.addAction(self.fix_all_action)

        menu_help = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于与帮助(&A)…"), self)
        about.setShortcut(QKeySequence.StandardKey.HelpContents)
        about.triggered.connect(self.show_about)
        menu_help.addAction(about)

        toolbar = self.addToolBar(self.tr("工具栏"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # The toolbar's undo/redo keep a short, fixed text (the menu names the step): a text
        # that grew with each edit made the buttons after it jump about.
        self.toolbar_undo = QAction(self.tr("撤销"), self)
        self.toolbar_undo.triggered.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.toolbar_undo.setEnabled)
        self.undo_stack.undoTextChanged.connect(self.toolbar_undo.setToolTip)
        self.toolbar_undo.setEnabled(False)
        self.toolbar_redo = QAction(self.tr("重做"), self)
        self.toolbar_redo.triggered.connect(self.undo_stack.redo)
        self.undo_stack.canRedoChanged.connect(self.toolbar_redo.setEnabled)
        self.undo_stack.redoTextChanged.connect(self.toolbar_redo.setToolTip)
        self.toolbar_redo.setEnabled(False)
        for action in (self.back_action, self.open_action, self.export_action, self.toolbar_undo, self.toolbar_redo,
                       self.compare_action):
            toolbar.addAction(action)
        self.toolbar = toolbar

    def _back_shortcut(self) -> None:
        if self.back_action.isVisible():
            self.back_action.trigger()


    def _rebuild_recent(self, recent: list[str]) -> None:
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(recent))
        if recent:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction(self.tr("清空列表"))
            clear.triggered.connect(self._clear_recent)

    def _open_recent(self, path: str) -> None:
        if not os.path.exists(path):
            QMessageBox.information(self, self.tr("文件不存在"), self.tr("“{path}”已被移动或删除，已从列表中移除。").format(path=path))
            self._rebuild_recent(self.settings.remove_recent(path))
            return
        self.open_file(path)

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self._rebuild_recent([])

    def show_about(self) -> None:
        AboutDialog(self).exec()


