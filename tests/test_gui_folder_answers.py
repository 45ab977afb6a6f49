"""The window's batch view accounts for every file of a 30-file mixed folder (issue 25):
a row each, non-reports with their own verdict and row colour, the status line counting
them apart, and letters only for the reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS
from tests.mixed_folder import MIXED_FILES, build_mixed_folder

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_the_batch_view_answers_every_file_of_a_mixed_folder(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import COL_ERRORS, COL_FILE, COL_PROBLEM, COL_VERDICT, VerdictRole

    folder, expect = build_mixed_folder(tmp_path)
    window = make_window(size=(1366, 768))
    window.opening.start_batch([str(folder)])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.batch and window.batch.running, timeout=10000)
    qtbot.waitUntil(lambda: not window.batch.running, timeout=180000)
    model = window.batch.model
    assert model.rowCount() == MIXED_FILES
    verdicts = {Path(r.path).name: r.verdict for r in model.rows}
    for name, want in expect.items():
        got = verdicts[name]
        assert got in ("ok", "warning", "error") if want == "findings_or_ok" else got == want, (name, got)
    status = window.batch.status.text()
    assert status.startswith(f"共 {MIXED_FILES} 个文件：")
    assert "2 个无法读取" in status and "8 个不是年度报告" in status and "3 个已跳过" in status
    tally = model.tally()
    assert tally["error"] + tally["warning"] + tally["ok"] == 17
    # A notice: its own verdict and colour across the row, its reason as the main problem, no counts.
    row = next(i for i, r in enumerate(model.rows) if Path(r.path).name == "编制发布工作的通知.pdf")
    assert model.index(row, COL_VERDICT).data() == "不是年度报告"
    assert model.index(row, COL_VERDICT).data(VerdictRole) == "not_report"
    assert "这是一份通知" in model.index(row, COL_PROBLEM).data()
    assert model.index(row, COL_ERRORS).data() == ""
    backgrounds = [model.index(row, c).data(Qt.ItemDataRole.BackgroundRole) for c in (COL_FILE, COL_VERDICT, COL_PROBLEM)]
    assert all(b is not None for b in backgrounds) and len({b.name() for b in backgrounds}) == 1
    report_row = next(i for i, r in enumerate(model.rows) if Path(r.path).name == "旧版年报.doc")
    assert model.index(report_row, COL_FILE).data(Qt.ItemDataRole.BackgroundRole) is None
    # The filter shows them apart.
    batch = window.batch
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("not_report"))
    assert batch.proxy.rowCount() == 8
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("skipped"))
    assert batch.proxy.rowCount() == 3
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("all"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "gui_batch_mixed_folder.png"))
    # Letters: one per report, none for the 8 non-reports and the 3 skipped files.
    out = tmp_path / "意见"
    out.mkdir()
    with qtbot.waitSignal(batch.letters.finished, timeout=60000):
        batch.letters.write_to(str(out))
    assert len(list(out.glob("*.docx"))) == 17 + 2  # the two unreadable files get a "please resend" letter


@pytest.mark.parametrize("name", ["report_2019.doc", "report_2021_text_numbers.et"])
def test_an_old_binary_report_opens_and_says_what_is_exported_instead_of_writing_back(qtbot, make_window, name) -> None:  # type: ignore[no-untyped-def]
    from tests.gui_fixtures import open_and_wait

    path = Path(__file__).parent / "data" / "office-binary" / name
    window = make_window(size=(1366, 768))
    open_and_wait(qtbot, window, path, timeout=60000)
    assert window.session is not None
    assert "旧版" in window.tables.info.text()
    # Said as it opens: the file is not rewritten, the corrected Excel and the Word tables are offered.
    said = window.statusBar().currentMessage()
    assert "不能直接改写" in said and "导出修正后的 Excel" in said and "导出表格 (Word)" in said
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / f"gui_old_binary_{Path(name).suffix[1:]}.png"))
