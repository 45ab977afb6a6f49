"""Issue 13, tried as a new clerk would on a 1366×768 laptop: the window fits the screen and
lands on the error, accepts what clerks type and paste, and finishes the job (dismiss a
finding, print the check result, open the export). Every behaviour through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.model import review_rank
from gui.roles import FindingRole, FindingsRole
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, open_and_wait, type_into_cell  # noqa: F401
from tests.shared_data import REAL_PDF, REAL_TEXT, REPO  # noqa: F401

pytestmark = pytest.mark.gui


def test_zoom_buttons_on_the_pdf_pane(qtbot, gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.source_pane import SourcePane

    pane = SourcePane()
    qtbot.addWidget(pane)
    pane.resize(600, 700)
    pane.show()
    pane.is_pdf = True
    pane.zoom.show()
    pane.stack.setCurrentWidget(pane.pdf)
    pane.set_pages([(595.0, 842.0)] * 3)
    QApplication.processEvents()
    view, buttons = pane.pdf, pane.zoom.buttons
    fitted = view.zoom
    buttons["in"].click()
    assert view.zoom == pytest.approx(fitted * 1.15)
    buttons["out"].click()
    buttons["out"].click()
    assert view.zoom == pytest.approx(fitted / 1.15)
    buttons["page"].click()  # a whole A4 page in a 700-px-high pane
    assert view.zoom * 842 <= view.viewport().height()
    buttons["width"].click()
    assert view.zoom == pytest.approx((view.viewport().width() - 4) / (595 + 24))
    pane.resize(800, 700)  # fit width follows the pane
    QApplication.processEvents()
    assert view.zoom == pytest.approx((view.viewport().width() - 4) / (595 + 24)) and view.zoom > fitted


# ----------------------------------------------------------------------------- land on the error

def _copy(tmp_path, source):  # type: ignore[no-untyped-def]
    import shutil

    target = tmp_path / source.name
    shutil.copy2(source, target)
    return target


def test_findings_in_reviewer_order_and_the_window_lands_on_the_first(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # hongze-2023: the real error (行政复议 总计 0, should be 11) first, not the format finding;
    # the window opens on it: 表四, its cell selected, and the source highlighting it.
    from gui.findings_model import COL_RULE

    window = make_window(size=(1366, 768))
    open_and_wait(qtbot, window, _copy(tmp_path, REAL_PDF / "hongze-2023.pdf"), timeout=60000)
    panel = window.findings
    first = panel.proxy.index(0, 0).data(FindingRole)
    assert first.culprit == ("t4", "review", "total") and first.fix == 11
    ranks = [review_rank(panel.proxy.index(r, 0).data(FindingRole)) for r in range(panel.proxy.rowCount())]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert panel.current_finding() is first
    assert window.tables.tabs.currentIndex() == 2
    view = window.tables.views["t4"]
    assert view.currentIndex() == view.grid_model().index_of("review", "total")
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))
    # Sorting by another column and back by 级别 restores the reviewer's order.
    panel.table.sortByColumn(COL_RULE, Qt.SortOrder.AscendingOrder)
    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert panel.proxy.index(0, 0).data(FindingRole) is first


def test_opening_another_report_resets_the_scroll(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1000, 700))
    open_and_wait(qtbot, window, _copy(tmp_path, REAL_TEXT / "004.txt"))
    for key in ("t2", "t3"):
        view = window.tables.show_table(key)
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        assert view.verticalScrollBar().value() > 0
    open_and_wait(qtbot, window, _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt"))
    assert window.tables.views["t2"].verticalScrollBar().value() == 0
    view = window.tables.views["t3"]
    culprit = window.findings.current_finding().culprit
    assert culprit == ("t3", "granted", "total")
    assert window.tables.tabs.currentIndex() == 1
    assert view.viewport().rect().contains(view.visualRect(view.grid_model().index_of("granted", "total")))


def test_a_blank_total_column_is_one_finding_with_every_cell_marked(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # 004: the 总计 column left blank in eleven rows → one finding, eleven cells to fill, each
    # marked as the cell to change with its own suggested value; 采用建议值 fills all in one step.
    from gui.roles import CulpritRole, FixRole

    window = make_window()
    open_and_wait(qtbot, window, _copy(tmp_path, REAL_TEXT / "004.txt"))
    errors = [f for f in window.session.findings if f.severity == "error"]
    assert len(errors) == 1 and len(errors[0].fixes) == 11
    model = window.tables.models["t3"]
    for (table, row, col), value in errors[0].fixes:
        index = model.index_of(row, col)
        assert index.data(CulpritRole) and index.data(FixRole) == value
    assert window.findings.current_finding() is errors[0]  # landed on it: its eleven cells selected
    selected = {model.grid_cell(i).row_key for i in window.tables.views["t3"].selectedIndexes()}
    assert selected == {row for (_t, row, _c), _v in errors[0].fixes}
    assert window.findings.fix_button.isEnabled()
    window.findings.fix_button.click()
    assert not [f for f in window.session.findings if f.severity == "error"]
    assert window.session.cell("t3", "reject_2", "total").value == 9
    assert window.undo_stack.count() == 1 and "11 处" in window.undo_stack.text(0)
    window.undo_stack.undo()
    assert window.session.cell("t3", "reject_2", "total").value is None
    assert len([f for f in window.session.findings if f.severity == "error"]) == 1


# ----------------------------------------------------------------------------- fit the screen

SCREENS = {  # name: (physical width, height, QT_SCALE_FACTOR)
    "1366x768": (1366, 768, "1"),
    "1920x1080": (1920, 1080, "1"),
    "1920x1080@125": (1920, 1080, "1.25"),
    "1920x1080@150": (1920, 1080, "1.5"),
}


@pytest.mark.slow
def test_the_window_fits_laptop_screens_at_100_and_150_percent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Each screen is its own process (the screen and scale are fixed at start); they run side
    # by side. Screenshots: tests/_artifacts/screen_<name>_t3.png / _t4.png.
    import json
    import os
    import subprocess
    import sys

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    runs = {}
    for name, (width, height, scale) in SCREENS.items():
        config = tmp_path / f"{name}.json"
        config.write_text(json.dumps({"screens": [{"name": name, "x": 0, "y": 0, "width": width, "height": height,
                                                   "logicalDpi": 96, "dpr": 1}]}))
        settings = tmp_path / f"settings-{name}"
        settings.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
        runs[name] = subprocess.Popen(
            [sys.executable, "-m", "tests.screens_driver", str(REAL_PDF / "hongze-2023.pdf"),
             str(ARTIFACTS / f"screen_{name}"), str(settings), str(REAL_TEXT / "008.txt")],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for name, proc in runs.items():
        out, err = proc.communicate(timeout=120)
        line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
        assert proc.returncode == 0 and line, (name, out, err[-2000:])
        result = json.loads(line[len("RESULT "):])
        width, height, scale = SCREENS[name]
        assert result["available"] == [round(width / float(scale)), round(height / float(scale))], name
        assert result["fits"], (name, result)  # the first window is not larger than the screen
        assert result["t3"]["hscroll"] == 0, (name, result)  # 表三 without sideways scrolling
        assert result["t4"]["hscroll"] == 0, (name, result)
        # Room for five findings (hongze-2023 has four: all of them).
        assert result["findings_rows"] >= min(5, result["findings"]) and result["findings"] == 4, (name, result)
        assert result["many_findings"] > 5 and result["many_rows"] >= 5, (name, result)
        # 表四 (one row) leaves the findings the surplus: its grid is not mostly empty.
        t4 = result["t4"]
        assert t4["viewport"][1] - t4["used_height"] < 0.25 * (result["available"][1]), (name, result)


def test_row_labels_stay_while_the_numbers_scroll(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(760, 700))
    open_and_wait(qtbot, window, _copy(tmp_path, REAL_TEXT / "004.txt"))
    view = window.tables.show_table("t3")
    QApplication.processEvents()
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0  # too narrow even with wrapped labels: it scrolls …
    frozen = view.frozen
    assert frozen.isVisible() and view.frozen_width() == sum(view.columnWidth(c) for c in range(3))
    bar.setValue(bar.maximum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    # … under the labels, which stay at the left edge, scrolled down with the numbers.
    assert frozen.geometry().left() <= view.frameWidth()
    assert frozen.verticalScrollBar().value() == view.verticalScrollBar().value()
    assert frozen.selectionModel() is view.selectionModel()
    model = view.grid_model()
    target = model.index_of("granted", "natural")  # the first number column, now under the labels
    view.select_cells([target])
    assert view.visualRect(target).left() >= view.frozen_width()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "clerk_frozen_labels.png"))
    window.resize(1500, 800)  # wide enough: no scrolling, no overlay
    QApplication.processEvents()
    assert bar.maximum() == 0 and not frozen.isVisible()


def test_the_window_remembers_it_was_maximised(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    window = make_window(register=False)
    window.showMaximized()
    QApplication.processEvents()
    assert window.isMaximized()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.windowState() & Qt.WindowState.WindowMaximized
    available = again.screen().availableGeometry()
    assert again.width() <= available.width() and again.height() <= available.height()


# ----------------------------------------------------------------------------- what clerks type

@pytest.mark.parametrize("typed, value", [("１２", 12), ("1,234", 1234), ("  7 ", 7), ("１，２３４", 1234), ("12.0", 12),
                                          ("—", None)])
def test_what_clerks_type_is_accepted_and_normalised(qtbot, make_window, tmp_path, typed, value) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt"))
    type_into_cell(qtbot, window, "t3", "new", "natural", typed)
    cell = window.session.cell("t3", "new", "natural")
    assert cell.value == value and cell.state == ("ok" if value is not None else "blank")
    assert window.undo_stack.count() == 1


def test_decimals_in_wan_yuan_and_a_visible_reason_for_the_rest(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt"))
    type_into_cell(qtbot, window, "t2", "fees", "amount_wan", " ０.３５万元")
    assert window.session.cell("t2", "fees", "amount_wan").value == 0.35
    before = window.session.cell("t3", "new", "natural").value
    steps = window.undo_stack.count()
    for typed, words in (("abc", "不是数字"), ("1.5", "只能填整数"), ("-3", "不能填负数"), ("1,23", "逗号")):
        type_into_cell(qtbot, window, "t3", "new", "natural", typed)
        assert window.session.cell("t3", "new", "natural").value == before
        assert window.undo_stack.count() == steps  # nothing changed, nothing to undo
        assert words in window.statusBar().currentMessage(), typed
        assert words in window.tables.views["t3"].last_rejection


def test_paste_a_block_from_excel_in_one_undo_step(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    window = make_window()
    open_and_wait(qtbot, window, _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt"))
    view = window.tables.show_table("t3")
    model = view.grid_model()
    view.setCurrentIndex(model.index_of("new", "natural"))
    before = {(r, c): window.session.cell("t3", r, c).value for r in ("new", "carried") for c in ("natural", "commercial", "research")}
    # As Excel/WPS put it on the clipboard: tabs between cells, CRLF after each row, a full-width digit.
    QGuiApplication.clipboard().setText("41\t2\t0\r\n３\tabc\t1\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    cell = window.session.cell
    assert (cell("t3", "new", "natural").value, cell("t3", "new", "commercial").value) == (41, 2)
    assert (cell("t3", "carried", "natural").value, cell("t3", "carried", "research").value) == (3, 1)
    assert cell("t3", "carried", "commercial").value == before[("carried", "commercial")]  # "abc" left out …
    assert "1 格未粘贴" in window.statusBar().currentMessage() and "不是数字" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 1 and "粘贴" in window.undo_stack.text(0)
    window.undo_stack.undo()  # … and one undo puts the whole block back
    assert {(r, c): cell("t3", r, c).value for r, c in before} == before


# ----------------------------------------------------------------------------- dismiss a finding

def test_dismiss_a_finding_keeps_counts_survives_reopening_and_is_exported(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import openpyxl
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from gui.roles import DismissedRole, MarkRole

    path = _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt")
    window = make_window()
    open_and_wait(qtbot, window, path)
    panel = window.findings
    counts = dict(window.session.counts())
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(FindingRole).rule == "TX-NEW")
    panel.select_row(row)
    finding = panel.current_finding()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("正文含上年结转，已核对台账", True)))
    assert panel.dismiss_button.isEnabled()
    panel.dismiss_button.click()
    assert window.session.dismissal_of(finding).reason == "正文含上年结转，已核对台账"
    assert window.session.counts() == counts  # still counted …
    assert "其中 1 条已核实" in panel.verdict.text()
    index = next(panel.proxy.index(r, 4) for r in range(panel.proxy.rowCount())
                 if panel.proxy.index(r, 0).data(FindingRole).rule == "TX-NEW")
    assert index.data(DismissedRole) is not None and "已核实，无需修改：正文含上年结转" in index.data()
    grid = window.tables.models["t3"]
    assert any(grid.index(r, c).data(MarkRole) for r in range(grid.rowCount()) for c in range(grid.columnCount())
               if finding in (grid.index(r, c).data(FindingsRole) or []))  # … and still highlighted
    assert panel.dismiss_button.text() == "撤销“已核实”"
    # Undoable, and redoable.
    window.undo_stack.undo()
    assert window.session.dismissal_of(finding) is None and "已核实" not in panel.verdict.text()
    window.undo_stack.redo()
    assert window.session.dismissal_of(finding) is not None
    # The export lists it apart with its reason.
    target = tmp_path / "导出.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.exporting.export_corrected()
    sheet = openpyxl.load_workbook(target)["检查结果"]
    texts = [str(c.value) for r in sheet.iter_rows() for c in r if c.value]
    assert any("核实说明：正文含上年结转，已核对台账" in t for t in texts)
    # Reopening the file (another window, as after a restart) shows it dismissed still.
    window.close()
    again = make_window()
    open_and_wait(qtbot, again, path)
    assert again.session.dismissal_of(finding).reason == "正文含上年结转，已核对台账"
    assert "其中 1 条已核实" in again.findings.verdict.text()


def test_a_dismissal_is_counted_apart_in_the_batch(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from gui.batch_model import COL_ERRORS, COL_PROBLEM

    folder = tmp_path / "各单位"
    folder.mkdir()
    _copy(folder, REPO / "resources" / "sample" / "示例年报.txt")
    window = make_window()
    window.opening.start_batch([str(folder)])
    qtbot.waitUntil(lambda: bool(window.batch.model.rows) and window.batch.model.done_count() == 1, timeout=90000)
    model = window.batch.model
    errors = model.index(0, COL_ERRORS).data()
    problem = model.index(0, COL_PROBLEM).data()
    window.opening.open_from_batch(model.rows[0].path)
    qtbot.waitUntil(lambda: window.session is not None and not window.loading, timeout=20000)
    first = window.findings.current_finding()  # the window lands on the batch's 最主要的问题
    assert first.severity == "error" and first.message in problem
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", True)))  # no reason given
    window.findings.dismiss_button.click()
    assert window.opening.back_to_batch()
    assert model.index(0, COL_ERRORS).data() == f"{errors}（已核实 1）"  # still counted, said apart
    assert first.message not in model.index(0, COL_PROBLEM).data()  # no longer the thing to read first


# ----------------------------------------------------------------------------- not a report

@pytest.mark.parametrize("name, data, words", [
    ("old.doc", b"abcd", "另存为 .docx"),  # 4 bytes named .doc
    ("note.doc", "会议纪要：明天上午九点开会。\n".encode("utf-8"), "另存为 .docx"),  # a text named .doc
    ("台账.xls", "序号\t名称\n1\t会议\n".encode("gbk"), "另存为 .xlsx"),
    ("blob.dat", bytes(range(256)) * 8, "另存为 .docx"),  # a binary that is none of ours
    ("note.txt", "会议纪要：明天上午九点开会，请带笔记本。\n散会。\n".encode("utf-8"), "没有找到政府信息公开工作年度报告的内容"),
])
def test_what_is_not_a_report_is_refused_before_the_grid(qtbot, make_window, tmp_path, name, data, words) -> None:  # type: ignore[no-untyped-def]
    from core.check import check_file

    path = tmp_path / name
    path.write_bytes(data)
    report = check_file(path)
    # A text without a report in it is read and is "not a report" (issue 25); the others cannot be read.
    assert report.status == ("not_report" if name == "note.txt" else "unreadable") and words in (report.error or "")
    window = make_window()
    open_and_wait(qtbot, window, path)
    assert window.session is None and window.stack.currentWidget() is window.drop_zone
    assert window.drop_zone.error.isVisible() and words in window.drop_zone.error.text()
    assert str(path) not in window.settings.recent_files()  # not in 最近打开


def test_a_picture_and_a_web_page_saved_as_doc_are_not_refused_as_binaries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The OCR reader reads page images: a .png must not get the 另存为 .docx advice; Word's
    # "web page" .doc is HTML and is read as HTML.
    from core.check import check_file

    png = tmp_path / "扫描页.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert "另存为" not in (check_file(png).error or "")
    web = tmp_path / "年报.doc"
    web.write_bytes((REPO / "tests" / "fixtures" / "html").glob("*.html").__next__().read_bytes())
    assert check_file(web).status != "unreadable"


# ----------------------------------------------------------------------------- finish the job

def test_check_report_pdf_for_the_leader_and_the_export_notice(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    window = make_window()
    open_and_wait(qtbot, window, _copy(tmp_path, REAL_PDF / "hongze-2023.pdf"), timeout=60000)
    first = window.findings.current_finding()
    assert first.culprit == ("t4", "review", "total")
    window.editing.apply_fix(first)  # 行政复议 总计 0 → 11
    s_label = next(f for f in window.session.findings if f.rule == "S-LABEL")
    window.editing.dismiss_finding(s_label, "原件如此，已电话确认")
    target = tmp_path / "检查结果.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.commands.pdf_action.isEnabled()
    window.commands.pdf_action.trigger()
    assert target.is_file() and target.stat().st_size > 10_000
    with pdfplumber.open(target) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf.pages[0].to_image(resolution=80).save(str(ARTIFACTS / "clerk_check_report_p1.png"))
        if len(pdf.pages) > 1:
            pdf.pages[-1].to_image(resolution=80).save(str(ARTIFACTS / "clerk_check_report_last.png"))
    import unicodedata

    def norm(t: str) -> str:  # pdfplumber reads some glyphs of the embedded font as radicals (⼈ ⺠)
        return unicodedata.normalize("NFKC", t).replace("⺠", "民").replace(" ", "").replace("\n", "")

    squeezed = norm(text)
    assert norm("洪泽区人民政府") in squeezed and norm("结论：2个错误，0个待处理警告，1个警告已核实") in squeezed  # the verdict after the fix, the checked warning apart
    for words in ("表二", "表三", "表四", "2019年试行格式", "原件如此，已电话确认", "已核实，无需修改",
                  "修改记录", "原 0", "检查人", "审核人"):
        assert norm(words) in squeezed, words
    # The notice stays until closed; its buttons open the local file and folder only.
    notice = window.export_notice
    assert notice.isVisible() and str(target) in notice.label.text()
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    notice.open_file.click()
    notice.open_folder.click()
    assert [u.toLocalFile() for u in opened] == [str(target), str(tmp_path)] and all(u.isLocalFile() for u in opened)
    QApplication.processEvents()
    assert notice.isVisible()
    notice.close_button.click()
    assert not notice.isVisible()


# ----------------------------------------------------------------------------- small ones

def test_menu_shortcut_text_toolbar_width_and_check_time_label(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.commands.back_action.text().endswith("\tAlt+←") and "左方向" not in window.commands.back_action.text()
    assert window.commands.back_action.iconText() == "← 返回批量结果"
    open_and_wait(qtbot, window, _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt"))
    toolbar = window.commands.toolbar
    compare = toolbar.widgetForAction(window.commands.compare_action)
    x = compare.x()
    for col, value in (("natural", 41), ("commercial", 4100), ("research", 410000), ("social", 41000000)):
        window.editing.push_edit("t3", "new", col, value)  # the undo text grows: "表三 社会公益组织/本年新收 0→41000000"
        QApplication.processEvents()
    assert "表三" in window.commands.undo_action.text()  # the menu names the step …
    assert window.commands.toolbar_undo.text() == "撤销" and window.commands.toolbar_undo.isEnabled()  # … the toolbar stays put
    assert "表三" in window.commands.toolbar_undo.toolTip()
    assert compare.x() == x
    window.commands.toolbar_undo.trigger()
    assert window.session.cell("t3", "new", "social").value != 41000000
    assert "检查用时" in window.check_label.text()
    # An unreadable file leaves the report open as it was, its 检查用时 too (issue 29) …
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"abcd")
    open_and_wait(qtbot, window, bad)
    assert window.stack.currentWidget() is window.main_splitter and "检查用时" in window.check_label.text()
    # … and with no report open, the error page shows no 检查用时 of the report before it.
    window.opening.start_batch([str(bad)])  # the batch view closes the report
    qtbot.waitUntil(lambda: window.batch.model.done_count() == 1, timeout=20000)
    open_and_wait(qtbot, window, bad)
    assert window.stack.currentWidget() is window.drop_zone and window.check_label.text() == ""


def test_print_the_check_report_through_the_print_dialog(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Qt's print dialog, answered as a clerk choosing "Microsoft Print to PDF": the printer it
    # returns gets the whole check report.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    window = make_window()
    open_and_wait(qtbot, window, _copy(tmp_path, REPO / "resources" / "sample" / "示例年报.txt"))
    target = tmp_path / "打印.pdf"
    seen: list = []

    def accept(dialog) -> int:  # type: ignore[no-untyped-def]
        printer = dialog.printer()
        seen.append(printer.pageLayout().pageSize().id())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return int(QPrintDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert window.commands.print_action.isEnabled() and window.exporting.print_check_report()
    from PySide6.QtGui import QPageSize

    assert seen == [QPageSize.PageSizeId.A4]
    assert target.is_file() and target.stat().st_size > 5_000
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: int(QPrintDialog.DialogCode.Rejected))
    assert not window.exporting.print_check_report()  # cancelled: nothing printed
