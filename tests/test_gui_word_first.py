"""The Word-first window (issue 29): a clerk opens their own Word file (the real WPS template,
filled with a table typo, a prose figure that disagrees with the table, last year in the
title and a garbled row label), chooses per finding what goes back, sees how many
corrections will go in, presses Ctrl+S and gets their Word file back with tracked changes;
then checks the written copy again in one step."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from core.dismissals import finding_key
from gui.findings_model import COL_WRITE
from gui.roles import FindingRole
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, open_and_wait, seed_copy
from tests.render import consistent_tables, render_xlsx
from tests.wps_template import fill

pytestmark = pytest.mark.gui

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AGENCY = "某区交通运输局"


def _word_report(folder: Path) -> Path:
    tables = consistent_tables(7)
    tables["t3"]["granted"][0] += 1
    said = str(tables["t3"]["new"][-1] + 1)
    intro = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。",
             f"2023年，本局共新收政府信息公开申请{said[:2]}", f"{said[2:]}件。"]
    return fill(folder / f"{AGENCY}2023年报.docx", tables, title=f"{AGENCY}2022年政府信息公开工作年度报告", intro=intro,
                labels={"deny_2": "2.其他法律行政止公开"}, signature=AGENCY)


def _save_as(monkeypatch, target: Path) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def dialog(_parent, title, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(title)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return asked


def _write_rows(window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rule → row of the findings model, for the findings with a 写回 box."""
    model = window.findings.model
    out = {}
    for row in range(model.rowCount()):
        index = model.index(row, COL_WRITE)
        if index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            out[model.finding(row).rule] = row
    return out


def test_a_word_source_is_word_first(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = _word_report(tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, source)
    actions = window.export_actions
    main = window.commands.main_action
    # The toolbar's export is the Word one, and Ctrl+S is its key; the Excel export stays in the menu.
    assert main.text() == "导出修正后的 Word…" and main.isEnabled()
    assert main in window.commands.toolbar.actions() and window.commands.export_action not in window.commands.toolbar.actions()
    assert main.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert QKeySequence(QKeySequence.StandardKey.Save) not in window.commands.export_action.shortcuts()
    # Every finding with a correction has its 写回 box; the count is shown before writing.
    assert not window.findings.table.isColumnHidden(COL_WRITE)
    rows = _write_rows(window)
    assert {"TX-NEW", "S-LABEL"} <= set(rows) and ({"M-PERIOD", "M-YEAR"} & set(rows))
    assert window.findings.write_count.text() == "写回 Word：4 处修订"
    # The clerk leaves the label as printed.
    label = window.findings.model.index(rows["S-LABEL"], COL_WRITE)
    assert window.findings.model.setData(label, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.findings.write_count.text() == "写回 Word：3 处修订"
    assert label.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    title = window.findings.model.index(rows.get("M-PERIOD", rows.get("M-YEAR")), COL_WRITE)
    assert "标题年度：原为 2022 年，改为 2023 年" in title.data(Qt.ItemDataRole.ToolTipRole)  # what is written, before writing
    # Ctrl+S writes the Word copy with the three chosen corrections.
    target = tmp_path / "修订.docx"
    asked = _save_as(monkeypatch, target)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["导出修正后的 Word"]
    assert target.is_file()
    with zipfile.ZipFile(target) as z:
        body = z.read("word/document.xml").decode("utf-8")
        comments = z.read("word/comments.xml").decode("utf-8")
    assert body.count("<w:ins ") == 3 and comments.count("<w:comment ") == 3
    assert "法规禁" not in body  # the label was left as printed
    # The written copy is offered for a second check, and opens in one step.
    assert actions.recheck_action.isEnabled()
    assert window.export_notice.isVisible() and window.export_notice.recheck.isVisible()
    assert "修正后的 Word（修订）已导出（3 处修订）" in window.export_notice.label.text()
    window.export_notice.recheck.click()
    qtbot.waitUntil(lambda: not window.loading, timeout=20000)
    assert window.path == str(target)
    left = {f.rule for f in window.session.findings}
    assert "S-LABEL" in left and not left & {"TX-NEW", "T3-ROW", "T3-DONE", "M-PERIOD", "M-YEAR"}


def test_the_context_menu_turns_write_back_off_and_on(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _word_report(tmp_path))
    panel = window.findings
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(FindingRole).rule == "TX-NEW")
    pos = panel.table.visualRect(panel.proxy.index(row, 1)).center()
    menu = panel.write_menu(pos)
    assert menu is not None
    (action,) = menu.actions()
    assert action.text() == "写回原文件" and action.isChecked()
    action.trigger()  # off
    assert panel.write_count.text() == "写回 Word：3 处修订"
    assert panel.proxy.index(row, COL_WRITE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    panel.write_menu(pos).actions()[0].trigger()  # on again
    assert panel.write_count.text() == "写回 Word：4 处修订"
    info = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(FindingRole).rule == "T2-REG-POWER")
    assert panel.write_menu(panel.table.visualRect(panel.proxy.index(info, 1)).center()) is not None  # a comment only


def test_the_star_stays_until_the_word_file_is_written(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = _word_report(tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, source)
    finding = next(f for f in window.session.findings if f.rule == "T3-ROW")
    window.editing.apply_fix(finding)  # the clerk fixes the typo in the grid
    assert window.isWindowModified()
    _save_as(monkeypatch, tmp_path / "表格.xlsx")
    assert window.exporting.export_corrected()  # the Excel export: the clerk's Word file is still unchanged
    assert (tmp_path / "表格.xlsx").is_file() and window.isWindowModified()
    _save_as(monkeypatch, tmp_path / "修订.docx")
    assert window.export_main()
    assert not window.isWindowModified()
    with zipfile.ZipFile(tmp_path / "修订.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert body.count('w:author="年报校验"') >= 4  # the edit and the chosen corrections


def test_unsaved_edits_prompt_names_the_word_file(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    source = _word_report(tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, source)
    window.editing.apply_fix(next(f for f in window.session.findings if f.rule == "T3-ROW"))
    asked: list[str] = []

    def question(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    _save_as(monkeypatch, tmp_path / "修订.docx")
    assert window.exporting.maybe_save()
    assert "导出修正后的 Word" in asked[0] and (tmp_path / "修订.docx").is_file()


def test_a_file_that_cannot_be_opened_leaves_the_report(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = _word_report(tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, source)
    session = window.session
    title = window.windowTitle()
    findings = list(session.findings)
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    open_and_wait(qtbot, window, bad)
    assert window.session is session and window.path == str(source) and window.windowTitle() == title
    assert window.stack.currentWidget() is window.main_splitter and session.findings == findings
    assert window.commands.main_action.isEnabled() and window.findings.write_count.text() == "写回 Word：4 处修订"


def test_a_dismissed_finding_is_not_written_back(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _word_report(tmp_path))
    label = next(f for f in window.session.findings if f.rule == "S-LABEL")
    window.editing.dismiss_finding(label, "原文如此")
    assert window.findings.write_count.text() == "写回 Word：3 处修订"
    assert window.export_actions.choice.state(finding_key(label)) is None


def test_the_clerks_own_workbook(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tables = consistent_tables(7)
    truth = copy.deepcopy(tables)
    tables["t3"]["granted"][0] += 1
    path = render_xlsx(tmp_path / "年报.xlsx", AGENCY, 2023, tables)
    window = make_window()
    open_and_wait(qtbot, window, path)
    main = window.commands.main_action
    assert main.text() == "导出修正后的原表格…"
    assert window.findings.write_count.text() == "写回 Excel：1 个单元格"
    _save_as(monkeypatch, tmp_path / "改.xlsx")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "改.xlsx").is_file()
    window.export_actions.recheck_written()
    qtbot.waitUntil(lambda: not window.loading, timeout=20000)
    assert window.path == str(tmp_path / "改.xlsx")
    assert [c.value for c in window.session.extraction.tables["t3"].rows["granted"]] == truth["t3"]["granted"]


def test_other_sources_keep_the_excel_export(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, seed_copy(tmp_path, "001"))
    assert window.commands.main_action.text() == "导出修正后的 Excel…"
    assert window.findings.table.isColumnHidden(COL_WRITE) and not window.findings.write_count.isVisible()


def test_render_the_word_first_window(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """What the clerk sees on a 1366×768 laptop: the 写回 column, the count, the Word action;
    after writing, the banner with 重新检查修正后的文件."""
    window = make_window(size=(1366, 768))
    open_and_wait(qtbot, window, _word_report(tmp_path))
    window.resize(1366, 768)  # the offscreen screen is smaller; the window fits it at start
    qtbot.wait(50)
    assert (window.width(), window.height()) == (1366, 768)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = window.grab()
    assert image.save(str(ARTIFACTS / "word_first_1366x768.png"))
    header = window.findings.table.horizontalHeader()
    assert header.sectionViewportPosition(COL_WRITE) + header.sectionSize(COL_WRITE) <= header.viewport().width() + 1
    assert window.findings.write_count.isVisible()
    _save_as(monkeypatch, tmp_path / "修订.docx")
    assert window.export_main()
    qtbot.wait(50)
    assert window.grab().save(str(ARTIFACTS / "word_first_written_1366x768.png"))
    notice = window.export_notice
    assert notice.recheck.isVisible() and notice.recheck.geometry().right() <= notice.width()
