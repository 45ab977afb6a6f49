"""The checker window end to end, offscreen: opening (argument, drop, recent), the grid on
real reports, edits through the real editor with undo, suggested fixes, the unsaved-edits
prompt, autosave recovery, export, and a screenshot of a real PDF report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from core.template import TABLE_KEYS
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, answer, open_and_wait, seed_copy, type_into_cell
from tests.shared_data import REAL_PDF, REPO, SEEDS

pytestmark = pytest.mark.gui

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"  # one table-三 row-sum error


def _sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / SAMPLE.name
    shutil.copy2(SAMPLE, target)
    return target


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_each_seed_opens_and_the_grid_shows_its_values(qtbot, make_window, path) -> None:  # type: ignore[no-untyped-def]
    from core.check import check_file

    window = make_window()
    open_and_wait(qtbot, window, path)
    expected = check_file(path)
    assert window.session is not None
    assert window.stack.currentWidget() is window.main_splitter
    assert window.windowTitle().startswith(path.name)
    for key in TABLE_KEYS:
        model = window.tables.models[key]
        table = expected.extraction.tables.get(key)
        banner = window.tables.banners[key]
        if table is None:
            assert not banner.isHidden() and "表" in banner.text()
            continue
        assert banner.isHidden()
        spec = expected.extraction.spec(key)
        for row_key, cells in table.rows.items():
            if not spec.has_row(row_key):
                continue
            for col, cell in zip(spec.row(row_key).columns, cells):
                shown = model.index_of(row_key, col.key).data()
                if cell.value is not None and cell.state != "text":
                    assert shown == str(cell.value), (key, row_key, col.key)
    assert window.findings.model.rowCount() == len(expected.findings)
    counts = expected.counts
    verdict = window.findings.verdict.text()
    if counts["error"]:
        assert f"{counts['error']} 个错误" in verdict
    elif not counts["warning"]:
        assert verdict.startswith("未发现问题")


def test_seed_002_without_tables_shows_banners_and_source_text(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, next(SEEDS.glob("002_*.txt")))
    for key in TABLE_KEYS:
        assert not window.tables.banners[key].isHidden()
    assert window.source.text.toPlainText().startswith("舟曲縣")  # the source as printed, traditional


def test_edit_shows_finding_at_cell_and_undo_removes_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from gui.roles import CulpritRole, EditedRole, SeverityRole

    window = make_window()
    open_and_wait(qtbot, window, next(SEEDS.glob("001_*.txt")))
    assert window.session.counts()["error"] == 0
    type_into_cell(qtbot, window, "t3", "new", "natural", "5")
    model = window.tables.models["t3"]
    cell = model.index_of("new", "natural")
    assert cell.data() == "5"
    assert cell.data(SeverityRole) == "error"
    assert cell.data(CulpritRole) is True  # the crossing of the failing row and column sums
    assert cell.data(EditedRole) is True
    assert "原值：0" in cell.data(Qt.ItemDataRole.ToolTipRole)
    rules = {f.rule for f in window.session.findings if f.severity == "error"}
    assert "T3-ROW" in rules  # one wrong cell: one finding naming the row sum and the column balance
    assert any({"T3-ROW", "T3-BAL"} <= {i.rule for i in f.identities} for f in window.session.findings)
    assert "个错误" in window.findings.verdict.text()
    assert window.isWindowModified()
    assert window.undo_stack.undoText() == "表三 自然人/本年新收 0→5"
    window.commands.undo_action.trigger()
    assert cell.data() == "0"
    assert cell.data(SeverityRole) is None
    assert not cell.data(EditedRole)
    assert window.session.counts()["error"] == 0
    assert not window.isWindowModified()
    window.commands.redo_action.trigger()
    assert cell.data() == "5"


def test_suggested_fix_from_the_findings_panel(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.roles import FindingRole

    window = make_window()
    open_and_wait(qtbot, window, _sample_copy(tmp_path))
    panel = window.findings
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(FindingRole).rule == "T3-ROW")
    panel.select_row(row)
    finding = panel.current_finding()
    assert finding.culprit == ("t3", "granted", "total") and finding.fix == 17
    # Selecting the finding selects its cells and shows the source line of the culprit.
    view = window.tables.views["t3"]
    assert window.tables.tabs.currentIndex() == TABLE_KEYS.index("t3")
    culprit = view.grid_model().index_of("granted", "total")
    assert view.selectionModel().isSelected(culprit)
    assert window.source.text.highlighted is not None
    start, end = window.source.text.highlighted
    assert window.session.document.source_text[start:end].strip() == "19"
    assert panel.fix_button.isEnabled()
    panel.fix_button.click()
    assert culprit.data() == "17"
    assert not any(f.rule in ("T3-ROW", "T3-DONE") for f in window.session.findings)
    assert window.undo_stack.undoText().startswith("采用建议值")
    window.undo_stack.undo()
    assert culprit.data() == "19"


def test_bulk_fix_is_one_undo_step(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, next(SEEDS.glob("001_*.txt")))
    type_into_cell(qtbot, window, "t4", "review", "upheld", "4")
    type_into_cell(qtbot, window, "t3", "carried", "legal", "2")
    assert window.session.counts()["error"] >= 2
    steps = window.undo_stack.count()
    applied = window.editing.apply_all_fixes()
    assert applied >= 2
    assert window.session.counts()["error"] == 0
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText().startswith("全部采用建议值")
    window.undo_stack.undo()
    assert window.session.counts()["error"] >= 2


def test_context_menu_fix_signal_applies_value(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _sample_copy(tmp_path))
    view = window.tables.views["t3"]
    view.apply_fix.emit("t3", "granted", "total", 17)
    assert window.session.cell("t3", "granted", "total").value == 17
    view.revert.emit("t3", "granted", "total")
    assert window.session.cell("t3", "granted", "total").value == 19
    assert not window.session.edits()


def test_dropping_a_file_opens_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.stack.currentWidget() is window.drop_zone
    path = next(SEEDS.glob("004_*.txt"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    center = window.rect().center()
    enter = QDragEnterEvent(center, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(center), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.session.extraction.meta.agency == "滕州市科学技术局"
    assert window.settings.recent_files()[0].endswith(path.name)


def test_drag_without_files_is_refused(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    mime = QMimeData()
    mime.setText("not a file")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_unreadable_file_shows_the_engine_message(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "空文件.pdf"
    empty.write_bytes(b"")
    window = make_window()
    open_and_wait(qtbot, window, empty)
    assert window.session is None
    assert window.stack.currentWidget() is window.drop_zone
    message = window.drop_zone.error.text()
    assert "空文件.pdf" in message and "0 字节" in message
    assert not window.drop_zone.error.isHidden()


def test_unsaved_edits_prompt_on_close_and_on_opening_another(qtbot, make_window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, seed_copy(tmp_path, "001"))
    type_into_cell(qtbot, window, "t3", "new", "natural", "3")
    calls: list = []
    answer(monkeypatch, QMessageBox.StandardButton.Cancel, calls)
    assert not window.open_file(str(next(SEEDS.glob("004_*.txt"))))
    assert window.session.cell("t3", "new", "natural").value == 3
    assert not window.close()
    assert window.isVisible()
    assert len(calls) == 2 and "1 处修改" in calls[0][1]
    answer(monkeypatch, QMessageBox.StandardButton.Discard, calls)
    assert window.close()
    assert len(calls) == 3


def test_save_in_prompt_exports_and_export_error_lets_user_pick_again(qtbot, make_window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export = pytest.importorskip("core.export.workbook")
    window = make_window()
    open_and_wait(qtbot, window, _sample_copy(tmp_path))
    window.findings.apply_fix.emit(next(f for f in window.session.findings if f.fix is not None))
    window.autosaver.flush()
    assert window.autosaver.recoverable()
    targets = [str(tmp_path / "first.xlsx"), str(tmp_path / "second.xlsx")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (targets.pop(0), "")))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    real = export.write_corrected_workbook
    written: list = []

    def flaky(report, target, edited, extra_findings=()):  # type: ignore[no-untyped-def]
        if not written:
            written.append(None)
            raise export.ExportError("目标文件正被其他程序打开；请关闭后再试，或另选位置。")
        written.append(edited)
        return real(report, target, edited, extra_findings)

    monkeypatch.setattr(export, "write_corrected_workbook", flaky)
    answer(monkeypatch, QMessageBox.StandardButton.Save)
    assert window.close()
    assert warnings == ["目标文件正被其他程序打开；请关闭后再试，或另选位置。"]
    assert (tmp_path / "second.xlsx").exists()
    assert written[1].tables["t3"].rows["granted"][-1].value == 17
    assert window.autosaver.store.read(_key(tmp_path)) == []


def _key(tmp_path: Path) -> str:
    from gui.autosave import source_key

    return source_key(str(tmp_path / SAMPLE.name)) or ""


def test_autosave_recovery_after_a_crash(qtbot, make_window, monkeypatch, tmp_path, isolated) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy(tmp_path, "003")
    first = make_window(register=False)
    open_and_wait(qtbot, first, path)
    type_into_cell(qtbot, first, "t3", "new", "natural", "6")
    type_into_cell(qtbot, first, "t2", "regulations", "made", "2")
    qtbot.waitUntil(lambda: not first.autosaver.pending(), timeout=3000)  # the debounced write happened
    saved = list(isolated.glob("*.json"))
    assert len(saved) == 1 and path.parent != saved[0].parent
    # "Crash": the first window goes away without the close prompt.
    calls: list = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, calls)
    second = make_window()
    open_and_wait(qtbot, second, path)
    assert calls and "2 处修改" in calls[0][1]
    assert second.session.cell("t3", "new", "natural").value == 6
    assert second.session.cell("t2", "regulations", "made").value == 2
    assert second.isWindowModified()
    assert second.undo_stack.count() == 1  # recovery is one step
    first.undo_stack.setClean()
    first.close()
    first.deleteLater()


def test_declined_recovery_is_discarded(qtbot, make_window, monkeypatch, tmp_path, isolated) -> None:  # type: ignore[no-untyped-def]
    from gui.autosave import AutosaveStore, source_key
    from gui.session import Edit

    path = seed_copy(tmp_path, "001")
    AutosaveStore(isolated).write(source_key(str(path)), str(path), [Edit("t3", "new", "natural", 9)])
    answer(monkeypatch, QMessageBox.StandardButton.No)
    window = make_window()
    open_and_wait(qtbot, window, path)
    assert window.session.cell("t3", "new", "natural").value == 0
    assert not list(isolated.glob("*.json"))


def test_cancel_loading_keeps_window_usable(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_file(str(next(SEEDS.glob("000_*.txt"))))
    assert window.loading and window.opening.status.cancel_button.isVisible()
    window.opening.cancel_load()
    assert not window.loading and not window.opening.status.cancel_button.isVisible()
    qtbot.wait(300)
    assert window.session is None  # the cancelled result was ignored


def test_settings_remember_recent_files_and_geometry(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, next(SEEDS.glob("001_*.txt")))
    window.resize(1111, 777)
    window.main_splitter.setSizes([500, 200])
    window.close()
    again = make_window(size=None)
    assert again.settings.recent_files()[0].endswith("001_1b29eabe76958ce6.txt")
    assert again.commands.recent_menu.actions()[0].text().endswith("001_1b29eabe76958ce6.txt")
    # Restored, not the first-run default (the offscreen screen clamps it to its own size).
    assert (again.width(), again.height()) != (1360, 860)
    assert again.settings.restore_window(again, again.views.splitters)
    assert again.settings.last_folder() == str(SEEDS)


def test_clicking_in_the_source_selects_the_cell(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _sample_copy(tmp_path))
    cell = window.session.cell("t3", "granted", "total")
    assert cell.loc is not None and cell.loc.start is not None
    window.source.text.position_clicked.emit(cell.loc.start)
    view = window.tables.views["t3"]
    assert view.currentIndex() == view.grid_model().index_of("granted", "total")
    assert window.tables.tabs.currentIndex() == TABLE_KEYS.index("t3")


def test_prose_finding_jumps_to_the_sentence(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _sample_copy(tmp_path))
    finding = next(f for f in window.session.findings if f.rule == "TX-NEW")
    window.navigation.show_finding(finding)
    start, end = window.source.text.highlighted
    assert "本年度新收政府信息公开申请40件" in window.session.document.source_text[start:end]


def test_about_dialog_lists_what_is_not_checked(gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.about_dialog import AboutDialog

    body = AboutDialog().body()
    assert "不检查什么" in body and "是否真实" in body and "勾稽关系" in body


def test_qt_standard_buttons_are_chinese(gui_app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontInfo

    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    # The chosen font is a real CJK font on this machine (CI installs fonts-noto-cjk).
    assert QFontInfo(QApplication.font()).family() in ("Noto Sans CJK SC", "Microsoft YaHei UI", "Source Han Sans SC",
                                                       "PingFang SC", "WenQuanYi Micro Hei")


@pytest.mark.slow
def test_real_pdf_renders_with_highlights(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("core.readers.pdf")
    from gui.roles import CulpritRole, FixRole, SeverityRole

    window = make_window()
    window.resize(1600, 1000)
    open_and_wait(qtbot, window, REAL_PDF / "hongze-2023.pdf", timeout=60000)
    assert window.session is not None and window.source.is_pdf
    qtbot.waitUntil(lambda: window.source.pdf.page_count() > 0
                    and window.source.pdf.rendered_pages() == window.source.pdf.page_count(), timeout=30000)
    model = window.tables.models["t4"]
    total = model.index_of("review", "total")
    assert total.data(SeverityRole) == "error"
    assert total.data(CulpritRole) and total.data(FixRole) == 11
    finding = next(f for f in window.session.findings if f.culprit == ("t4", "review", "total"))
    window.navigation.show_finding(finding)
    assert window.tables.tabs.currentIndex() == TABLE_KEYS.index("t4")
    assert window.source.pdf.highlighted is not None
    loc = window.session.cell("t4", "review", "total").loc
    assert window.source.pdf.highlighted == (loc.page, loc.bbox)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "gui_hongze-2023.png"))
    # Clicking a number on the page selects its cell.
    upheld = window.session.cell("t4", "review", "upheld").loc
    x0, top, x1, bottom = upheld.bbox
    scene_y = window.source.pdf._tops[upheld.page - 1] + (top + bottom) / 2
    hit = window.source.pdf.page_at(QPointF((x0 + x1) / 2, scene_y))
    assert hit is not None and hit[0] == upheld.page and abs(hit[2] - (top + bottom) / 2) < 1e-6
    window.source.pdf.clicked.emit(upheld.page, (x0 + x1) / 2, (top + bottom) / 2)
    assert window.tables.views["t4"].currentIndex() == model.index_of("review", "upheld")
    window.tables.show_table("t3")
    assert window.grab().save(str(ARTIFACTS / "gui_hongze-2023_t3.png"))


def test_opens_on_the_table_with_the_first_problem(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The sample's errors are in 表三: the clerk's first look lands there, not on 表二.
    window = make_window()
    open_and_wait(qtbot, window, _sample_copy(tmp_path))
    assert window.tables.tabs.currentIndex() == 1
    clean = tmp_path / "滕州.txt"
    shutil.copy2(next(SEEDS.glob("004_*.txt")), clean)
    open_and_wait(qtbot, window, clean)
    assert window.tables.tabs.currentIndex() == 0


def test_an_edit_is_on_disk_by_the_next_event_loop_turn(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # No timer between an edit and its autosave: a kill right after an edit loses nothing.
    from PySide6.QtWidgets import QApplication

    path = _sample_copy(tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, path)
    window.editing.push_edit("t3", "granted", "total", 17)
    QApplication.processEvents()
    saved = window.autosaver.store.read(_key(tmp_path))
    assert [(e.table, e.row, e.col, e.value) for e in saved] == [("t3", "granted", "total", 17)]
    window.editing.apply_all_fixes()  # a bulk fix: written once, as one set
    QApplication.processEvents()
    assert len(window.autosaver.store.read(_key(tmp_path))) >= 1 and not window.autosaver.pending()
