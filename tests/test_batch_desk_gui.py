"""The supervisor's desk in the batch view (issue 27): a roster names who has not reported,
last round's letters are checked item by item (a column and a filter), the letterhead is
entered once and kept, and all letters print as one PDF. Screens at 1366×768."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS
from tests.shared_data import REAL_PDF, REAL_TEXT, seed

pytestmark = pytest.mark.gui


def test_roster_followup_letterhead_and_the_printable_pdf(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber
    from PySide6.QtCore import QSettings

    from core.check import check_file
    from core.export.letterhead import Letterhead
    from core.export.review_letter import write_review_letters
    from gui.batch_model import COL_FOLLOWUP, COL_ROSTER
    from gui.letterhead_dialog import LetterheadDialog, load_letterhead, save_letterhead

    folder = tmp_path / "报送"
    folder.mkdir()
    for path in (REAL_PDF / "hongze-2023.pdf", REAL_TEXT / "001.txt", REAL_TEXT / "002.txt", seed("001"), seed("002")):
        shutil.copy(path, folder / path.name)
    # Last round's letter on hongze-2023: the same report sent again is 未整改 item by item.
    letters = tmp_path / "上轮意见"
    letters.mkdir()
    write_review_letters([check_file(str(REAL_PDF / "hongze-2023.pdf"))], letters, day=date(2026, 11, 1))
    (tmp_path / "名单.csv").write_text("单位名称\n洪泽区人民政府\n沐阳县人民政府\n上海市科委\n殷都区科学技术局\n舟曲县科学技术局\n"
                                    "涟水县人民政府\n金湖县人民政府\n", encoding="utf-8")

    # The letterhead is entered once and kept in the settings.
    dialog = LetterheadDialog(Letterhead())
    dialog.office.setText("淮安市人民政府办公室")
    dialog.number.setText("淮公开审〔{year}〕{n}号")
    dialog.contact.setText("王敏")
    dialog.phone.setText("0517-83600000")
    dialog.deadline.setText("15")
    save_letterhead(dialog.letterhead())
    assert load_letterhead(QSettings()).office == "淮安市人民政府办公室"

    window = make_window(size=(1366, 768))
    window.opening.start_batch([str(folder)])
    batch = window.batch
    qtbot.waitUntil(lambda: batch.running, timeout=5000)
    qtbot.waitUntil(lambda: not batch.running, timeout=120000)
    assert batch.desk.load_roster(str(tmp_path / "名单.csv"))
    assert batch.desk.load_letters(str(letters))
    line = batch.desk.line.text()
    assert "未报送：涟水县人民政府、金湖县人民政府" in line, line
    model = batch.model
    hongze = next(i for i, r in enumerate(model.rows) if r.path.endswith("hongze-2023.pdf"))
    # Most reports are of 2024: the 2023 report is said to be of the wrong year.
    assert model.index(hongze, COL_ROSTER).data() == "年度不符（洪泽区人民政府）"
    assert model.index(hongze, COL_FOLLOWUP).data().startswith("已整改 0 / 未整改 4")
    # The filter 整改未完成 keeps only that row.
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("not_fixed"))
    assert batch.proxy.rowCount() == 1
    batch.verdict_filter.setCurrentIndex(0)
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / "batch_desk_1366.png"))

    # The summary exported from the view carries the roster and the follow-up.
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    summary = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(summary), "")))
    assert batch.export_summary()
    book = openpyxl.load_workbook(summary)
    assert "报送台账" in book.sheetnames and "整改情况" in book.sheetnames
    assert [c.value for c in book["报送台账"]["B"]][2:4] == ["涟水县人民政府", "金湖县人民政府"]  # 未报送 first

    ranges = batch.desk.write_pdf(str(tmp_path / "审核意见.pdf"))
    assert len(ranges) == 5 and ranges[0][0] == 1
    with pdfplumber.open(tmp_path / "审核意见.pdf") as pdf:
        assert len(pdf.pages) == ranges[-1][1]
        first = pdf.pages[0].extract_text() or ""
    assert "淮公开审" in first and "王敏" in first
    assert "已写出 5 份审核意见" in batch.status.text()


def test_the_batch_view_names_the_file_and_page_being_read(qtbot, gui_app) -> None:  # type: ignore[no-untyped-def]
    # "已检查 6 / 20" alone looked frozen for the minutes a scan takes (issue 27).
    from gui.batch_view import BatchView
    from gui.settings import Settings

    view = BatchView(Settings())
    qtbot.addWidget(view)
    view._number = 7  # noqa: SLF001 — the run the signals belong to
    view._on_listed(7, ["/报送/甲县扫描件.pdf", "/报送/乙县.docx"])  # noqa: SLF001
    view._on_activity(7, 0, 2, 6)  # noqa: SLF001 — page 3 of 6 being recognised
    view._on_activity(7, 1, 0, 0)  # noqa: SLF001 — the other file started
    text = view.status.text()
    assert text.startswith("已检查 0 / 2 个文件；正在读取 ") and "甲县扫描件.pdf（扫描件，正在识别第 3 / 6 页）" in text
    assert "乙县.docx" in text
    view._on_activity(6, 0, 5, 6)  # noqa: SLF001 — an earlier run's late signal is ignored
    assert "第 3 / 6 页" in view.status.text()
