"""The window's actions: menus, toolbar and the list of recently opened files.

``WindowActions`` is the one place where actions are created and placed. It knows no other
part: it builds ``QAction``s and the window connects their ``triggered`` to the part that does
the job (``MainWindow._wire``). A new command is an action here (or one a part makes and
places with ``add``), wired in the window; a part never reaches into the menu bar itself.

Actions that need an open report are listed in ``report_actions`` and follow
``set_report_open``. Recent files: ``note_opened`` after a report opens; choosing one emits
``open_requested`` (a file moved away is dropped from the list with a message)."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from gui.about_dialog import AboutDialog
from gui.settings import Settings


class WindowActions(QObject):
    open_requested = Signal(str)  # a recent file chosen (it exists)

    def __init__(self, host: QMainWindow, undo_stack: QUndoStack, settings: Settings) -> None:
        super().__init__(host)
        self.host = host
        self.settings = settings
        bar = host.menuBar()
        menu_file = bar.addMenu(self.tr("文件(&F)"))
        self.open_action = QAction(self.tr("打开(&O)…"), host)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        menu_file.addAction(self.open_action)
        self.recent_menu = menu_file.addMenu(self.tr("最近打开(&R)"))
        self.rebuild_recent(settings.recent_files())
        self.batch_action = QAction(self.tr("批量检查文件夹(&B)…"), host)
        self.batch_action.setShortcut(QKeySequence("Ctrl+B"))
        menu_file.addAction(self.batch_action)
        # The menu names the key as the clerk sees it on the keyboard ("Alt+←"); Qt's Chinese
        # translation would print "Alt+左方向". The shortcut itself lives in a QShortcut.
        self.back_action = QAction(self.tr("← 返回批量结果") + "\tAlt+←", host)  # a key name, not translated
        self.back_action.setIconText(self.tr("← 返回批量结果"))
        self.back_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), host)
        self.back_shortcut.activated.connect(self._back_shortcut)
        self.back_action.setToolTip(self.tr("回到批量检查的结果列表（Alt+←）"))
        self.back_action.setVisible(False)
        menu_file.addAction(self.back_action)
        self.compare_action = QAction(self.tr("对比上年报告(&Y)…"), host)
        self.compare_action.setToolTip(self.tr("选择同一单位上一年度的报告，核对上年结转、现行有效件数等跨年度数据"))
        menu_file.addAction(self.compare_action)
        menu_file.addSeparator()
        self.export_action = QAction(self.tr("导出修正后的 Excel(&E)…"), host)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        menu_file.addAction(self.export_action)
        # The toolbar's export and Ctrl+S: the output the clerk keeps, which follows the source
        # (issue 29) — 导出修正后的 Word for a Word source; ``set_main_export`` names it.
        self.main_action = QAction(self.tr("导出修正后的 Excel…"), host)
        self.main_action.setShortcut(QKeySequence.StandardKey.Save)
        host.addAction(self.main_action)  # its key works wherever the focus is
        self.pdf_action = QAction(self.tr("导出检查报告 (PDF)(&P)…"), host)
        self.pdf_action.setToolTip(self.tr("结论、修改后的三张表（标出改过和有误的单元格）、全部问题和核实说明，交领导签字用"))
        menu_file.addAction(self.pdf_action)
        self.print_action = QAction(self.tr("打印检查报告…"), host)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        menu_file.addAction(self.print_action)
        self.discard_action = QAction(self.tr("放弃全部修改(&D)"), host)
        menu_file.addAction(self.discard_action)
        menu_file.addSeparator()
        self.quit_action = QAction(self.tr("退出(&X)"), host)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(host.close)
        menu_file.addAction(self.quit_action)

        menu_edit = bar.addMenu(self.tr("编辑(&E)"))
        self.undo_action = undo_stack.createUndoAction(host, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = undo_stack.createRedoAction(host, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        menu_edit.addAction(self.undo_action)
        menu_edit.addAction(self.redo_action)
        menu_edit.addSeparator()
        self.fix_all_action = QAction(self.tr("全部采用建议值"), host)
        menu_edit.addAction(self.fix_all_action)

        menu_help = bar.addMenu(self.tr("帮助(&H)"))
        self.about_action = QAction(self.tr("关于与帮助(&A)…"), host)
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.about_action.triggered.connect(self.show_about)
        menu_help.addAction(self.about_action)
        self.menus: dict[str, QMenu] = {"file": menu_file, "edit": menu_edit, "help": menu_help}

        toolbar = host.addToolBar(self.tr("工具栏"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # The toolbar's undo/redo keep a short, fixed text (the menu names the step): a text
        # that grew with each edit made the buttons after it jump about.
        self.toolbar_undo = QAction(self.tr("撤销"), host)
        self.toolbar_undo.triggered.connect(undo_stack.undo)
        undo_stack.canUndoChanged.connect(self.toolbar_undo.setEnabled)
        undo_stack.undoTextChanged.connect(self.toolbar_undo.setToolTip)
        self.toolbar_undo.setEnabled(False)
        self.toolbar_redo = QAction(self.tr("重做"), host)
        self.toolbar_redo.triggered.connect(undo_stack.redo)
        undo_stack.canRedoChanged.connect(self.toolbar_redo.setEnabled)
        undo_stack.redoTextChanged.connect(self.toolbar_redo.setToolTip)
        self.toolbar_redo.setEnabled(False)
        for action in (self.back_action, self.open_action, self.main_action, self.toolbar_undo, self.toolbar_redo,
                       self.compare_action):
            toolbar.addAction(action)
        self.toolbar = toolbar
        # Enabled only while a report is open in the checker.
        self.report_actions: list[QAction] = [self.export_action, self.main_action, self.pdf_action, self.print_action,
                                              self.discard_action, self.compare_action]
        self.set_report_open(False)

    # ------------------------------------------------------------------ placing actions

    def add(self, menu: str, action: QAction, *, after: QAction | None = None, needs_report: bool = False) -> None:
        """Place ``action`` in ``menu`` ("file", "edit", "help"), right after ``after`` when
        given (else at the end); ``needs_report``: enabled only while a report is open."""
        target = self.menus[menu]
        actions = target.actions()
        if after is not None and after in actions and actions.index(after) + 1 < len(actions):
            target.insertAction(actions[actions.index(after) + 1], action)
        else:
            target.addAction(action)
        if needs_report:
            self.report_actions.append(action)

    def set_main_export(self, name: str, tip: str) -> None:
        """What the toolbar's export and Ctrl+S do for the report open, in words."""
        self.main_action.setText(name + "…")
        self.main_action.setToolTip(tip)

    def set_report_open(self, is_open: bool) -> None:
        for action in self.report_actions:
            action.setEnabled(is_open)

    def _back_shortcut(self) -> None:
        if self.back_action.isVisible():
            self.back_action.trigger()

    # ------------------------------------------------------------------ recent files

    def note_opened(self, path: str) -> None:
        self.rebuild_recent(self.settings.add_recent(path))

    def rebuild_recent(self, recent: list[str]) -> None:
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
            QMessageBox.information(self.host, self.tr("文件不存在"),
                                    self.tr("“{path}”已被移动或删除，已从列表中移除。").format(path=path))
            self.rebuild_recent(self.settings.remove_recent(path))
            return
        self.open_requested.emit(path)

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self.rebuild_recent([])

    def show_about(self) -> None:
        AboutDialog(self.host).exec()
