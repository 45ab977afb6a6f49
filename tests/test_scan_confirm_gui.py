"""Confirming a scan with the keyboard alone (issue 27): a seal scan of a clean report opens
with its doubted cells amber; Enter confirms the value shown and moves to the next one (the
cell's picture large beside the grid), a typed value settles a cell the reading got wrong,
Tab moves between number cells only, and the report ends at "未发现问题"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, open_and_wait
from tests.ocr_scan import scanned_pdf
from tests.shared_data import REAL_PDF

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _truth() -> dict[tuple[str, str, str], object]:
    """What huaian-2024 prints, from its text layer."""
    from core.check import check_file

    report = check_file(str(REAL_PDF / "huaian-2024.pdf"))
    assert report.status == "ok" and report.extraction is not None
    ext = report.extraction
    out = {}
    for key, table, spec in ext.read_tables():
        for row, cells in table.rows.items():
            if spec.has_row(row):
                for col, cell in zip(spec.row(row).columns, cells):
                    out[(key, row, col.key)] = cell.value
    return out


@pytest.mark.heavy
def test_a_seal_scan_from_open_to_clean_with_the_keyboard(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from gui.cells import format_number
    from gui.roles import CellRefRole, DoubtRole

    scan = scanned_pdf(REAL_PDF / "huaian-2024.pdf", tmp_path / "淮安市2024年报（扫描）.pdf")
    truth = _truth()
    window = make_window(size=(1366, 768))
    open_and_wait(qtbot, window, scan, timeout=600000)
    assert window.session is not None, window.drop_zone.error.text()
    before = [f for f in window.session.findings if f.severity != "info"]
    assert before and all(f.rule == "X-OCR" for f in before), [f.message for f in before]
    assert window.findings.verdict.text() != "未发现问题"
    ARTIFACTS.mkdir(exist_ok=True)

    typed = confirmed = 0
    for _ in range(len(before) + 2):
        key = window.tables.current_key()
        assert key is not None
        view = window.tables.views[key]
        index = view.currentIndex()
        if not index.data(DoubtRole):
            break
        if typed + confirmed == 0:
            # The first doubted cell is current on opening, its picture large beside the grid.
            assert window.tables.crop.isVisible() and window.tables.crop.picture.pixmap() is not None
            window.grab().save(str(ARTIFACTS / "scan_confirm_1366.png"))
        ref = index.data(CellRefRole)
        right = truth[ref]
        shown = index.data(Qt.ItemDataRole.DisplayRole)
        if shown == format_number(right):
            qtbot.keyClick(view, Qt.Key.Key_Return)  # the value shown is the original's
            confirmed += 1
        else:
            qtbot.keyClicks(view, format_number(right))  # typing opens the cell's editor
            qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
            typed += 1
        # The cell is settled, with a 人工核对 step in the edit log.
        assert not index.data(DoubtRole)
        assert window.undo_stack.text(window.undo_stack.index() - 1).startswith("人工核对")
    assert typed + confirmed == len(before)
    assert [f for f in window.session.findings if f.severity != "info"] == []
    assert window.findings.verdict.text().startswith("未发现问题")
    assert not window.tables.crop.isVisible()


def test_tab_moves_between_number_cells_only(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from gui.roles import KindRole

    window = make_window()
    open_and_wait(qtbot, window, REAL_PDF / "huaian-2024.pdf", timeout=60000)
    view = window.tables.show_table("t3")
    model = view.grid_model()
    last_of_row = model.index_of("new", "total")
    view.setCurrentIndex(last_of_row)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    after = view.currentIndex()
    assert after.data(KindRole) == "value" and after.row() > last_of_row.row()
    # Typing then Tab: the digits land in the number cell, and Tab goes on to the next number.
    qtbot.keyClicks(view, "7")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
    assert after.data(Qt.ItemDataRole.DisplayRole) == "7"
    assert view.currentIndex().data(KindRole) == "value" and view.currentIndex() != after
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.currentIndex() == after
