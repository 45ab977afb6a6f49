"""Window papercuts of issue 24, each as a clerk meets it: the export banner, the list after
全部采用建议值, the help, the format label, the lost cell's explanation and the check
report's conclusion."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTabWidget

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, open_and_wait, seed_copy
from tests.shared_data import REPO

pytestmark = pytest.mark.gui

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"  # three findings with suggested values
WORD = REPO / "tests" / "fixtures" / "docx" / "report_2019.docx"


def _copy(source: Path, tmp_path: Path, name: str | None = None) -> Path:
    return Path(shutil.copy2(source, tmp_path / (name or source.name)))


def _save_as(monkeypatch, target: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))


def test_the_banner_names_the_file_last_written_and_leaves_with_its_report(qtbot, make_window, tmp_path,
                                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, _copy(WORD, tmp_path, "农业农村局.docx"))
    window.editing.push_edit("t3", "new", "natural", 149)
    _save_as(monkeypatch, tmp_path / "修正.xlsx")
    assert window.exporting.export_corrected()
    assert window.export_notice.path.endswith("修正.xlsx")

    _save_as(monkeypatch, tmp_path / "修订.docx")
    assert window.export_actions.export_word()
    notice = window.export_notice
    assert notice.isVisible() and Path(notice.path) == tmp_path / "修订.docx"  # 打开文件 opens what was written
    assert "Word" in notice.label.text() and "修订.docx" in notice.label.text()

    _save_as(monkeypatch, tmp_path / "意见.docx")
    assert window.export_actions.export_letter()
    assert Path(notice.path) == tmp_path / "意见.docx" and "审核意见" in notice.label.text()

    open_and_wait(qtbot, window, _copy(SAMPLE, tmp_path))
    assert not notice.isVisible() and notice.path == ""  # not this report's file


def test_fix_all_keeps_a_finding_current_and_the_panel_where_it_was(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1366, 768))
    open_and_wait(qtbot, window, _copy(SAMPLE, tmp_path))
    panel = window.findings
    qtbot.waitUntil(lambda: panel.current_finding() is not None)
    sizes = window.main_splitter.sizes()
    room = panel.minimumSizeHint().height()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / "papercut_fix_all_before.png"))

    assert window.editing.apply_all_fixes() >= 1
    left = window.session.findings
    assert len(left) >= 1  # the prose mismatch has no suggested value
    assert panel.current_finding() is not None and panel.current_finding() in left
    assert panel.dismiss_button.isEnabled()
    assert panel.minimumSizeHint().height() == room
    window.split_fit.fit()  # as a tab switch or a resize does
    assert window.main_splitter.sizes() == sizes
    window.grab().save(str(ARTIFACTS / "papercut_fix_all_after.png"))


def test_help_describes_the_product_as_it_is(gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.about_dialog import AboutDialog

    body = AboutDialog().body()
    assert "没有文字层时无法读取" not in body  # scans are read now
    assert "扫描件和图片" in body and "识别" in body
    assert "修订" in body and "修正后的 Word" in body  # the clerk's own Word file with tracked changes
    assert "批量检查" in body and "审核意见" in body


_ALLOWED_LATIN = {"PDF", "Word", "Excel", "WPS", "CSV", "OFD", "Ctrl", "Alt", "Shift"}


def _english_words(text: str) -> set[str]:
    text = re.sub(r"\.[A-Za-z]{2,5}\b", "", text)  # file extensions: .docx, .jpg
    text = re.sub(r"\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b", "", text)  # rule codes: T3-DONE
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in _ALLOWED_LATIN}


def test_format_labels_are_chinese(gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.formats import format_label, supported_formats

    for fmt in ("pdf", "docx", "xlsx", "html", "txt", "image", "ofd", "something-new", None):
        for scanned in (False, True):
            label = format_label(fmt, scanned=scanned)
            assert re.search(r"[\u4e00-\u9fff]", label) and not _english_words(label), (fmt, label)
    assert "扫描件" in supported_formats() and not _english_words(supported_formats())


def test_no_visible_label_is_english_for_any_format(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The window as a clerk sees it after opening a picture (the report's line named its
    format "image"), and the drop zone's list of formats."""
    import dataclasses

    from core.check import check_file

    from gui.session import ReportSession

    window = make_window()
    source = _copy(SAMPLE, tmp_path)
    shown: list[str] = [w.text() for w in window.drop_zone.findChildren(QLabel) if w.text()]
    for fmt in ("image", "pdf", "docx", "xlsx", "html", "txt"):
        report = dataclasses.replace(check_file(str(source)), format=fmt)
        session = ReportSession(report, window)
        window.tables.set_session(session, window.editing.push_edit)
        shown.append(window.tables.info.text())
    shown += [w.text() for w in window.tables.findChildren(QLabel) if w.isVisibleTo(window) and w.text()]
    shown += [w.text() for w in window.findChildren(QAbstractButton) if w.isVisibleTo(window) and w.text()]
    for tabs in window.findChildren(QTabWidget):
        shown += [tabs.tabText(i) for i in range(tabs.count())]
    english = {text: _english_words(text) for text in shown if _english_words(text)}
    assert not english


def test_a_cell_the_sums_filled_in_is_explained_in_the_clerks_words(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_and_wait(qtbot, window, seed_copy(tmp_path, "000"))  # all-zero rows with a dropped cell
    session = window.session
    found = [(key, row, i) for key, table in session.extraction.tables.items() for row, cells in table.rows.items()
             for i, cell in enumerate(cells) if cell.state == "inferred"]
    assert found
    key, row, i = found[0]
    col = session.spec(key).row(row).columns[i].key
    model = window.tables.models[key]
    tip = model.data(model.index_of(row, col), Qt.ItemDataRole.ToolTipRole)
    assert "丢失" not in tip
    assert "没能读出来" in tip and "原件" in tip and "直接输入" in tip


def test_check_report_counts_checked_errors_apart(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.check_report import report_html

    window = make_window()
    path = _copy(SAMPLE, tmp_path)
    open_and_wait(qtbot, window, path)
    window.editing.apply_all_fixes()
    errors = [f for f in window.session.findings if f.severity == "error"]
    assert len(errors) == 1  # the prose says 40 where the table says 39
    window.editing.dismiss_finding(errors[0], "与原始台账核对无误")
    text = re.sub(r"<[^>]+>", "", report_html(window.session, str(path)))
    assert "结论：0 个待处理错误，1 个错误已核实" in text
    assert "结论：1 个错误" not in text
