"""The checker window, composed of parts that each do one job and never import the window.

    views        CheckerViews (window_views): the widgets — drop zone, tables, source, findings,
                 batch, export banner (also held as ``tables``, ``source``, ``findings`` …)
    current      CurrentReport (current_report): the open session and path; opened/closed/changed
    commands     WindowActions (window_menus): every menu and toolbar action, recent files
    opening      Opener (window_opening): files, drops, batch and back, last year's report, loading
    editing      Editor (window_edits): undo commands — typed values, fixes, paste, dismissals, recovery
    exporting    Exporter (window_export): Excel export, check report PDF/print, the banner, the
                 unexported-edits prompt
    export_actions  ExportActions (export_actions): Word write-back and review letter
    new_report   NewReport (new_report): 新建年度报告, the open draft's editor and exports
    navigation   Navigator (window_navigation): a finding or cell selected and shown in the source

Each part is given what it needs (the holder of the open report, the undo stack, settings,
the status bar, a callable of another part) in ``__init__`` below; ``_wire`` is the one place
where signals and actions are connected to the parts. A new command: make its ``QAction`` in
``WindowActions`` (or in a new part, placed with ``commands.add``) and connect it in ``_wire``.
A new export: a method on ``Exporter`` (or a part given ``exporting.show_exported``).

The window itself keeps what Qt asks of a main window (drag and drop, close) and a small
front: ``session``, ``path``, ``loading``, ``open_file`` and ``export_main`` (the toolbar's
export and Ctrl+S: the clerk's own Word or Excel file corrected for such a source, issue 29)."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragLeaveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow

from gui.autosave import AutosaveStore, Autosaver
from gui.current_report import CurrentReport
from gui.dismiss import DismissalStore
from gui.export_actions import ExportActions
from gui.new_report import NewReport
from gui.session import ReportSession
from gui.settings import DISPLAY_NAME, Settings
from gui.window_edits import Editor
from gui.window_export import Exporter
from gui.window_layout import SplitFit, fit_to_screen, keep_on_screen
from gui.window_menus import WindowActions
from gui.window_navigation import Navigator
from gui.window_opening import Opener
from gui.window_views import CheckerViews


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, autosave: AutosaveStore | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.undo_stack = QUndoStack(self)
        self.current = CurrentReport(self)
        self.autosaver = Autosaver(autosave or AutosaveStore(), self)
        self.dismissal_store = DismissalStore(self.autosaver.store.folder)
        self.setWindowTitle(DISPLAY_NAME)
        self.setAcceptDrops(True)

        self.views = views = CheckerViews(self.settings)
        self.setCentralWidget(views.central)
        # The widgets by their short names (tests and the parts below use them).
        self.drop_zone, self.batch, self.tables = views.drop_zone, views.batch, views.tables
        self.source, self.findings, self.stack = views.source, views.findings, views.stack
        self.main_splitter, self.export_notice, self.check_label = views.main_splitter, views.export_notice, views.check_label
        self.batch.model.dismissal_store = self.dismissal_store
        status_bar = self.statusBar()

        self.commands = WindowActions(self, self.undo_stack, self.settings)
        self.split_fit = SplitFit(self.main_splitter, self.tables, self.findings)
        self.navigation = Navigator(self.current, self.tables, self.source, self.findings, self.split_fit)
        self.exporting = Exporter(self, self.current, self.undo_stack, self.settings, self.autosaver,
                                  self.export_notice, status_bar)
        self.editing = Editor(self, self.current, self.undo_stack, self.autosaver, self.dismissal_store, status_bar,
                              select_cell=self.navigation.select_cell)
        self.opening = Opener(self, views, self.current, self.settings, self.autosaver, self.dismissal_store, status_bar,
                              edit_cell=self.editing.push_edit, confirm_leave=self.exporting.maybe_save)
        status_bar.addPermanentWidget(self.check_label)
        self.export_actions = ExportActions(self, self.current, self.settings, status_bar,
                                            announce=self.exporting.show_exported, mark_saved=self.exporting.mark_saved,
                                            open_file=self.open_file)
        self.commands.add("file", self.export_actions.word_action, after=self.commands.export_action)
        self.commands.add("file", self.export_actions.recheck_action, after=self.export_actions.word_action)
        self.commands.add("file", self.export_actions.letter_action, after=self.export_actions.recheck_action)
        # Saving is the output the clerk keeps: their own Word/Excel file for such a source (issue 29).
        self.exporting.main_name = self.export_actions.main_name
        self.exporting.main_export = self.export_main
        self.exporting.excel_is_output = self.export_actions.excel_is_output
        self.commands.add("file", self.export_actions.letterhead_action, after=self.export_actions.letter_action)
        self.new_report = NewReport(self, self.current, self.tables, self.undo_stack, self.autosaver, self.settings,
                                    status_bar, open_file=self.opening.open_file, confirm_leave=self.exporting.maybe_save,
                                    announce=self.exporting.show_exported)
        self.commands.add("file", self.new_report.new_action, after=self.commands.batch_action)
        self.commands.add("file", self.new_report.menu.menuAction(), after=self.new_report.new_action)
        self._wire()
        if self.settings.restore_window(self, views.splitters, self.split_fit):
            keep_on_screen(self)
        else:
            fit_to_screen(self)

    def _wire(self) -> None:
        """Every connection between the widgets, the actions and the parts. Bound methods, not
        lambdas: Qt drops a connection when its receiver is destroyed."""
        views, commands = self.views, self.commands
        opening, editing, exporting, navigation = self.opening, self.editing, self.exporting, self.navigation

        views.drop_zone.open_requested.connect(opening.choose_file)
        views.drop_zone.batch_requested.connect(opening.choose_batch_folder)
        views.drop_zone.new_requested.connect(self.new_report.choose_new)
        views.batch.open_requested.connect(opening.open_from_batch)
        views.stack.currentChanged.connect(self._page_changed)
        views.tables.cell_selected.connect(navigation.show_cell_source)
        views.source.cell_clicked.connect(navigation.select_cell)
        views.findings.finding_selected.connect(navigation.show_finding)
        views.findings.apply_fix.connect(editing.apply_fix)
        views.findings.apply_all.connect(editing.apply_all_fixes)
        views.findings.dismiss.connect(editing.dismiss_finding)
        views.findings.undismiss.connect(editing.undismiss_finding)
        views.findings.write_toggled.connect(self.export_actions.choice.set_chosen)
        self.export_actions.choice.changed.connect(self._show_write_back)
        for view in views.tables.views.values():
            view.apply_fix.connect(editing.apply_cell_fix)
            view.revert.connect(editing.revert_cell)
            view.pasted.connect(editing.paste_cells)
            view.input_rejected.connect(editing.input_rejected)

        commands.open_action.triggered.connect(opening.choose_file)
        commands.open_requested.connect(opening.open_file)
        commands.batch_action.triggered.connect(opening.choose_batch_folder)
        commands.back_action.triggered.connect(opening.back_to_batch)
        commands.compare_action.triggered.connect(opening.choose_previous_year)
        commands.export_action.triggered.connect(exporting.export_corrected)
        commands.main_action.triggered.connect(self.export_main)
        commands.pdf_action.triggered.connect(exporting.export_check_pdf)
        commands.print_action.triggered.connect(exporting.print_check_report)
        commands.discard_action.triggered.connect(editing.discard_edits)
        commands.fix_all_action.triggered.connect(editing.apply_all_fixes)
        commands.menus["file"].aboutToShow.connect(self.export_actions.update)

        # A report opened: the actions, then the findings shown, then the offer to recover
        # edits autosaved before a crash (in this order: the question comes over the report).
        self.current.opened.connect(self._report_opened)
        self.current.opened.connect(editing.offer_recovery)
        self.current.closed.connect(self._report_closed)
        self.current.opened.connect(self.new_report.opened)  # a draft gets its editor
        self.current.closed.connect(self.new_report.closed)
        self.current.changed.connect(self._show_findings)
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    # ------------------------------------------------------------------ the front

    @property
    def session(self) -> ReportSession | None:
        return self.current.session

    @property
    def path(self) -> str | None:
        return self.current.path

    @property
    def loading(self) -> bool:
        return self.opening.loading

    def open_file(self, path: str) -> bool:
        """Read ``path`` into the checker; False when the clerk kept the open report."""
        return self.opening.open_file(path)

    def export_main(self) -> bool:
        """The toolbar's export and Ctrl+S: the clerk's own file corrected for a Word or Excel
        source, the corrected Excel for any other."""
        if self.export_actions.word_first:
            return self.export_actions.export_main()
        return self.exporting.export_corrected()

    # ------------------------------------------------------------------ reactions

    def _report_opened(self, session: ReportSession) -> None:
        self.commands.set_report_open(True)
        if self.current.path is not None:
            self.commands.note_opened(self.current.path)
        self.findings.start_report(len(session.findings))
        self._show_findings()
        self.navigation.land_on_first_finding()

    def _report_closed(self) -> None:
        self.commands.set_report_open(False)
        self.export_actions.refresh_write_back()
        self.commands.set_main_export(self.export_actions.main_name(), self.export_actions.main_tip())

    def _show_findings(self) -> None:
        session = self.current.session
        if session is None:
            return
        self.findings.set_findings(session.findings, session.extraction, session.counts(), session.dismissals)
        self.tables.update_titles(session.findings)
        self.commands.fix_all_action.setEnabled(any(f.cell_fixes() for f in session.findings))
        self.check_label.setText(self.tr("检查用时 {ms:.0f} 毫秒").format(ms=session.last_check_ms) if session.last_check_ms else "")
        self.export_actions.refresh_write_back()  # the 写回 column and its count (issue 29)
        self.commands.set_main_export(self.export_actions.main_name(), self.export_actions.main_tip())

    def _show_write_back(self) -> None:
        self.findings.set_write_back(self.export_actions.write_back_states(), self.export_actions.choice.summary())

    def _page_changed(self, _index: int = 0) -> None:
        self.commands.back_action.setVisible(bool(self.batch.model.rows) and not self.views.showing_batch())
        if not self.views.showing_checker():
            self.check_label.clear()  # 检查用时 belongs to the report shown, not to the batch or an error

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    # ------------------------------------------------------------------ Qt's main-window events

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.opening.drag_enter(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.opening.drag_leave()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.opening.drop(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.exporting.maybe_save():
            event.ignore()
            return
        self.opening.cancel_load()
        self.batch.shutdown()
        self.opening.pool.waitForDone(5000)
        if self.session is not None and not self.undo_stack.isClean():
            self.autosaver.flush()
        self.autosaver.detach()
        self.settings.save_window(self, self.views.splitters, self.split_fit)
        event.accept()
