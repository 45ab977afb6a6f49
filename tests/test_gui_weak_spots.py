"""Issue 3's weak spots in the window: a cancelled load that cannot be interrupted, reverting
a cell printed as text, and which cells a finding colours."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.model import CellValue
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import open_and_wait
from tests.shared_data import REAL_PDF, REPO, SEEDS
from tests.test_gui_models import _report

pytestmark = pytest.mark.gui

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"


def test_cancel_leaves_the_window_usable_and_drops_the_late_result(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """check_file cannot be interrupted; cancel must not wait for it, the next file must
    open while it still runs, and its result must be ignored when it finally arrives."""
    import gui.worker as worker
    from core.check import check_file

    release = threading.Event()
    started = threading.Event()
    slow_path = str(next(SEEDS.glob("000_*.txt")))

    def stuck(path, progress=None):  # type: ignore[no-untyped-def]
        if str(path) == slow_path:
            started.set()
            release.wait(20)  # a reader stuck between progress calls
        return check_file(path, progress)

    monkeypatch.setattr(worker, "check_file", stuck)
    window = make_window()
    # Two stuck loads, both cancelled: the pool (two threads) would be full without the
    # extra thread given per abandoned task.
    for _ in range(2):
        started.clear()
        window.open_file(slow_path)
        assert started.wait(5)
        window.opening.cancel_load()
        assert not window.loading and not window.opening.status.cancel_button.isVisible()
    assert window.commands.open_action.isEnabled()
    other = next(SEEDS.glob("004_*.txt"))
    open_and_wait(qtbot, window, other, timeout=5000)  # while both stuck reads still run
    assert window.session is not None and window.path == str(other)
    release.set()
    qtbot.waitUntil(lambda: window.opening.pool.activeThreadCount() == 0, timeout=10000)
    qtbot.wait(50)  # let the late signals arrive
    assert window.path == str(other)  # the late results were dropped
    assert window.session.extraction.meta.agency == "滕州市科学技术局"
    assert window.opening.pool.maxThreadCount() == 2


def test_cancel_stops_reading_a_pdf_between_pages(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The PDF reader calls back between pages; a cancelled load stops there, so its thread
    is free again long before the whole file would have been read."""
    import gui.worker as worker
    from core.check import check_file

    import threading

    results: list = []
    pages: list[tuple[int, int]] = []
    cancelled = threading.Event()

    def recording(path, progress=None):  # type: ignore[no-untyped-def]
        def watch(done: int, total: int) -> None:
            pages.append((done, total))
            if done == 1:
                # Hold the reader after its first page until the user has pressed 取消, so
                # the test does not race a 6-page file that reads in half a second.
                cancelled.wait(10)
            if progress is not None:
                progress(done, total)
        report = check_file(path, watch)
        results.append(report)
        return report

    monkeypatch.setattr(worker, "check_file", recording)
    window = make_window()
    window.open_file(str(REAL_PDF / "huaian-2024.pdf"))
    qtbot.waitUntil(lambda: len(pages) >= 2, timeout=20000)
    window.opening.cancel_load()
    cancelled.set()
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    total = pages[0][1]
    assert total > 2 and len(pages) < total + 1  # stopped before the last page
    assert results[0].status == "unreadable" and results[0].error == "已取消读取。"
    qtbot.wait(50)
    assert window.session is None and not window.drop_zone.error.isVisible()  # nothing shown for it


def test_pdf_pages_count_up_in_the_status_bar(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    seen: list[str] = []
    window.open_file(str(REAL_PDF / "hongze-2023.pdf"))
    qtbot.waitUntil(lambda: (seen.append(window.opening.status.label.text()) or not window.loading), timeout=30000)
    assert any("页" in text and "/" in text for text in seen), seen
    assert window.session is not None


def test_revert_restores_a_cell_printed_as_text(gui_app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QUndoStack

    from gui.session import ReportSession
    from gui.table_model import TableGridModel
    from gui.undo import RevertCellCommand, SetCellCommand

    report = _report(edits={("t3", "new", 1): CellValue(None, "text", "详见附件"),
                            ("t3", "new", 2): CellValue(None, "blank", "无")})
    session = ReportSession(report)
    model = TableGridModel(session, "t3")
    stack = QUndoStack()
    for col, printed in (("commercial", "详见附件"), ("research", "无")):
        index = model.index_of("new", col)
        assert index.data() == printed
        stack.push(SetCellCommand(session, "t3", "new", col, 3))
        assert index.data() == "3"
        stack.push(RevertCellCommand(session, "t3", "new", col, "恢复原值"))
        assert index.data() == printed, col  # not an empty cell
        assert not session.is_edited("t3", "new", col)
        assert stack.text(stack.count() - 1) == f"恢复原值：{model.data(index, Qt.ItemDataRole.ToolTipRole).splitlines()[0]} 3→{printed}"
    assert session.cell("t3", "new", "commercial").state == "text"
    assert session.cell("t3", "new", "research").state == "blank"
    assert not session.edits()
    stack.undo()
    assert session.cell("t3", "new", "research").value == 3


def test_revert_of_a_row_the_reader_never_found_removes_it_again(gui_app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QUndoStack

    from gui.session import ReportSession
    from gui.undo import RevertCellCommand, SetCellCommand

    report = _report()
    del report.extraction.tables["t3"].rows["deny_7"]
    del report.extraction.tables["t4"]
    session = ReportSession(report)
    session.recheck()  # the hand-built report's findings predate the deletions
    before = sorted((f.rule, tuple(map(tuple, f.cells))) for f in session.findings)
    assert any(f.rule == "S-ROWS" for f in session.findings)
    stack = QUndoStack()
    stack.push(SetCellCommand(session, "t3", "deny_7", "natural", 1))
    stack.push(SetCellCommand(session, "t4", "review", "upheld", 2))
    stack.push(RevertCellCommand(session, "t3", "deny_7", "natural", "恢复原值"))
    stack.push(RevertCellCommand(session, "t4", "review", "upheld", "恢复原值"))
    assert "deny_7" not in session.extraction.tables["t3"].rows
    assert "t4" not in session.extraction.tables
    assert sorted((f.rule, tuple(map(tuple, f.cells))) for f in session.findings) == before


def test_reverting_a_cell_printed_as_wu_in_the_window(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """规章 printed as "无 — 0": after an edit and 恢复原值 the cell shows "无" again."""
    path = tmp_path / "规章写无.txt"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("规章\t0\t0\t0", "规章\t无\t—\t0"), encoding="utf-8")
    window = make_window()
    open_and_wait(qtbot, window, path)
    printed = window.session.cell("t2", "regulations", "made")
    assert (printed.value, printed.state, printed.raw) == (None, "blank", "无")
    index = window.tables.models["t2"].index_of("regulations", "made")
    window.editing.push_edit("t2", "regulations", "made", 4)
    assert index.data() == "4"
    window.tables.views["t2"].revert.emit("t2", "regulations", "made")  # the context menu's 恢复原值
    assert index.data() == "无"
    assert window.undo_stack.undoText().endswith("4→无")
    assert not window.session.edits()
    window.undo_stack.undo()
    assert index.data() == "4"


def test_the_culprit_stands_out_from_the_cells_it_involves(gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui import palette
    from gui.roles import MarkRole, SeverityRole
    from gui.session import ReportSession
    from gui.table_model import TableGridModel

    # 行政复议 结果维持 10 + 结果纠正 1, 总计 0: the total is the culprit (hongze-2023).
    report = _report(edits={("t4", "review", 0): CellValue(10, "ok", "10"), ("t4", "review", 1): CellValue(1, "ok", "1")})
    model = TableGridModel(ReportSession(report), "t4")
    total, upheld = model.index_of("review", "total"), model.index_of("review", "upheld")
    assert total.data(MarkRole) == "culprit"
    assert upheld.data(MarkRole) == "involved" and upheld.data(SeverityRole) == "error"
    bg = Qt.ItemDataRole.BackgroundRole
    assert total.data(bg) == palette.CULPRIT_BACKGROUND
    assert upheld.data(bg) == palette.SEVERITY_FAINT["error"]
    assert model.index_of("litigation_direct", "upheld").data(MarkRole) is None


def test_row_and_table_references_do_not_paint_every_cell(gui_app) -> None:  # type: ignore[no-untyped-def]
    from core.model import Finding
    from gui.roles import FindingsRole, MarkRole
    from gui.session import ReportSession
    from gui.table_model import TableGridModel

    session = ReportSession(_report())
    label_only = Finding("S-LABEL", "warning", "行标签有错字", [("t3", "deny_2", None)])
    with_cell = Finding("X-TEST", "error", "某格有误", [("t3", "new", None), ("t3", "new", "research")])
    whole = Finding("S-VERSION-YEAR", "error", "表三格式与年度不符", [("t3", None, None), ("meta", "year", None)])
    session.findings = [label_only, with_cell, whole]
    model = TableGridModel(session, "t3")
    # The finding names one cell of its row: only that cell is marked.
    assert model.index_of("new", "research").data(MarkRole) == "strong"
    assert model.index_of("new", "natural").data(MarkRole) is None
    # A row as a whole: faint on the values, the colour is on the label (with the message).
    assert model.index_of("deny_2", "natural").data(MarkRole) == "involved"
    label = model.row_label_index("deny_2")
    assert label.isValid() and "行标签有错字" in label.data(Qt.ItemDataRole.ToolTipRole)
    assert label.data(FindingsRole) == [label_only]
    # The whole table: no cell painted.
    assert model.index_of("carried", "other").data(MarkRole) is None


def test_whole_table_findings_are_said_in_the_banner(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The sample (2021 format) dated 2019 throughout: S-VERSION-YEAR names tables 二 and 三
    # as a whole, which no cell can show.
    path = tmp_path / "示例年报（2019）.txt"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("2023", "2019"), encoding="utf-8")
    window = make_window()
    open_and_wait(qtbot, window, path)
    whole = [f for f in window.session.findings if f.rule == "S-VERSION-YEAR"]
    assert whole, [f.rule for f in window.session.findings]
    for finding in whole:
        key = next(ref[0] for ref in finding.cells if ref[1] is None and ref[0] in ("t2", "t3", "t4"))
        banner = window.tables.banners[key]
        assert not banner.isHidden() and finding.message in banner.text()
    from gui.roles import MarkRole

    t2 = window.tables.models["t2"]
    assert all(t2.index(c.row, c.col).data(MarkRole) is None for c in t2.layout.value_cells())
