"""The batch view end to end, offscreen, with real worker processes: a dropped folder of real
files listed with the engine's verdicts, sorting and filtering, cancel, opening a row in the
checker and coming back, year-over-year findings in the row and in the opened report,
对比上年报告, the summary export, and a screenshot."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, open_and_wait
from tests.shared_data import REAL_PDF, REAL_TEXT, REPO, SEEDS

pytestmark = pytest.mark.gui

SAMPLE = REPO / "resources" / "sample" / "示例年报.txt"
FIXTURES = REPO / "tests" / "fixtures"
BATCH_TIMEOUT = 90000


def _real_folder(tmp_path: Path) -> Path:
    """The sample, the seeds, the rendered fixtures in every format and a corrupt PDF."""
    folder = tmp_path / "各单位年报"
    folder.mkdir()
    for path in [SAMPLE, *sorted(SEEDS.glob("*.txt")), *sorted(p for p in FIXTURES.rglob("*") if p.is_file())]:
        shutil.copy2(path, folder / path.name)
    (folder / "损坏的报告.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj garbage")
    return folder


def _drop(window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = window.rect().center()
    enter = QDragEnterEvent(center, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)  # a real drag enters before it drops
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def _run(qtbot, window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    _drop(window, paths)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.batch and window.batch.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.batch.running, timeout=BATCH_TIMEOUT)


def _row(model, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, r in enumerate(model.rows) if Path(r.path).name == name)


def _expected_verdict(report) -> str:  # type: ignore[no-untyped-def]
    if report.status in ("unreadable", "not_report", "skipped"):
        return report.status
    counts = report.counts
    return "error" if counts["error"] else "warning" if counts["warning"] else "ok"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The sample (2023, 上年结转 2/1/0/0/0/0/3) and the same bureau's 2022 report that left
    2/1/0/0/1/0/4 to carry over: 法律服务机构 and 总计 disagree across the years."""
    folder = tmp_path / "示例局"
    folder.mkdir()
    this_year = folder / "示例局2023.txt"
    shutil.copy2(SAMPLE, this_year)
    text = SAMPLE.read_text(encoding="utf-8").replace("2023", "2022")
    text = text.replace("四、结转下年度继续办理\t\t3\t0\t0\t0\t1\t0\t4", "四、结转下年度继续办理\t\t2\t1\t0\t0\t1\t0\t4")
    last_year = folder / "示例局2022.txt"
    last_year.write_text(text, encoding="utf-8")
    return this_year, last_year


def test_dropped_folder_lists_every_file_with_the_engines_verdict(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from core.batch.files import collect_files
    from core.check import check_file
    from core.batch.crossyear import apply_cross_year
    from gui.batch_model import COL_ERRORS, COL_PROBLEM, COL_VERDICT, VerdictRole

    folder = _real_folder(tmp_path)
    window = make_window()
    _run(qtbot, window, [folder])
    files = collect_files([str(folder)])
    model = window.batch.model
    assert [r.path for r in model.rows] == files and len(files) >= 14
    expected = [check_file(f) for f in files]
    apply_cross_year(expected)  # the fixtures hold 某县农业农村局 2019 and 2020: a pair
    for i, report in enumerate(expected):
        index = model.index(i, COL_VERDICT)
        assert index.data(VerdictRole) == _expected_verdict(report), (files[i], model.index(i, COL_PROBLEM).data())
        if report.status in ("ok", "findings"):
            assert model.index(i, COL_ERRORS).data() == str(report.counts["error"])
    corrupt = _row(model, "损坏的报告.pdf")
    assert model.index(corrupt, COL_VERDICT).data() == "无法读取"
    assert "PDF" in model.index(corrupt, COL_PROBLEM).data()  # the reader's Chinese explanation
    sample = _row(model, SAMPLE.name)
    assert model.index(sample, COL_PROBLEM).data().startswith("【错误】")
    assert window.batch.progress.isHidden() and window.batch.cancel_button.isHidden()
    assert f"共 {len(files)} 个文件" in window.batch.status.text()
    assert multiprocessing.active_children() == []  # the worker processes ended


def test_sorting_and_filtering(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import COL_AGENCY, COL_ERRORS, COL_FILE, COL_PROBLEM, COL_VERDICT, VerdictRole

    window = make_window()
    _run(qtbot, window, [_real_folder(tmp_path)])
    batch = window.batch
    proxy, model = batch.proxy, batch.model
    n = model.rowCount()
    batch.table.sortByColumn(COL_ERRORS, Qt.SortOrder.DescendingOrder)
    errors = [int(proxy.index(r, COL_ERRORS).data() or -1) for r in range(proxy.rowCount())]
    assert errors == sorted(errors, reverse=True) and errors[0] >= 3
    batch.table.sortByColumn(COL_VERDICT, Qt.SortOrder.AscendingOrder)  # files needing attention first
    verdicts = [proxy.index(r, 0).data(VerdictRole) for r in range(proxy.rowCount())]
    assert verdicts[0] == "error" and verdicts[-1] == "not_report"  # reports first, then what is not one
    assert verdicts.index("ok") < verdicts.index("not_report")
    batch.table.sortByColumn(COL_FILE, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, COL_FILE).data() for r in range(proxy.rowCount())]
    assert names == sorted(names)

    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("unreadable"))
    unreadable = [(proxy.index(r, COL_FILE).data(), proxy.index(r, COL_PROBLEM).data()) for r in range(proxy.rowCount())]
    assert [name for name, _ in unreadable] == ["损坏的报告.pdf"], unreadable
    # The fixtures' README.md is a text but not a report: its own verdict (issue 25).
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("not_report"))
    not_reports = [(proxy.index(r, COL_FILE).data(), proxy.index(r, COL_PROBLEM).data()) for r in range(proxy.rowCount())]
    assert [name for name, _ in not_reports] == ["README.md"], not_reports
    assert "没有找到政府信息公开工作年度报告的内容" in not_reports[0][1]
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("error"))
    assert proxy.rowCount() == sum(1 for r in model.rows if r.verdict == "error") >= 2
    batch.verdict_filter.setCurrentIndex(batch.verdict_filter.findData("all"))
    batch.search.setText("滕州")  # (QTest cannot type characters outside Latin-1)
    agencies = [proxy.index(r, COL_AGENCY).data() for r in range(proxy.rowCount())]
    assert agencies and all("滕州" in a for a in agencies)
    assert len(agencies) == sum(1 for r in model.rows if r.report and r.report.extraction
                                and "滕州" in (r.report.extraction.meta.agency or ""))
    batch.search.clear()
    assert proxy.rowCount() == n


def _checked(tmp_path: Path) -> list:  # type: ignore[type-arg]
    from core.batch.files import collect_files
    from core.check import check_file
    from core.batch.crossyear import apply_cross_year

    reports = [check_file(f) for f in collect_files([str(_real_folder(tmp_path))])]
    apply_cross_year(reports)
    return reports


def test_batch_model_passes_qt_model_tester(gui_app, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import BatchModel

    reports = _checked(tmp_path)
    model = BatchModel()
    qtmodeltester.check(model, force_py=True)
    # Filled the way a run fills it, while the tester watches the signals.
    model.set_files([r.file for r in reports])
    for i, report in enumerate(reports[:-3]):
        model.set_report(i, report)
    model.finish(reports[:-3] + [None] * 3)
    assert sum(1 for r in model.rows if r.verdict == "cancelled") == 3
    qtmodeltester.check(model, force_py=True)


def test_batch_filter_passes_qt_model_tester(gui_app, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import COL_ERRORS, BatchFilter, BatchModel

    reports = _checked(tmp_path)
    model = BatchModel()
    proxy = BatchFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_ERRORS)
    qtmodeltester.check(proxy, force_py=True)
    model.set_files([r.file for r in reports])
    for i, report in enumerate(reports):
        model.set_report(i, report)
    model.finish(reports)
    for verdict in ("error", "unreadable", "cross", "all"):
        proxy.set_verdict(verdict)
    proxy.set_text("局")
    proxy.set_text("")
    assert proxy.rowCount() == len(reports)


def test_cancel_stops_the_run_and_the_window_stays_usable(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import COL_VERDICT

    window = make_window()
    window.batch.task = "tests.batch_tasks:slow"  # each file takes ≥ 0.5 s in its worker
    folder = _real_folder(tmp_path)
    _drop(window, [folder])
    batch = window.batch
    qtbot.waitUntil(lambda: batch.model.rowCount() > 0, timeout=10000)
    assert batch.running and batch.cancel_button.isVisible() and batch.progress.isVisible()
    qtbot.waitUntil(lambda: batch.model.done_count() >= 1, timeout=30000)  # the run is under way
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "gui_batch_running.png"))
    batch.cancel_button.click()
    assert not batch.running and not batch.cancel_button.isVisible()
    done = batch.model.done_count()
    assert done < batch.model.rowCount()
    assert "已取消" in batch.status.text()
    cancelled = [r for r in range(batch.model.rowCount()) if batch.model.rows[r].report is None]
    assert cancelled and all(batch.model.index(r, COL_VERDICT).data() == "未检查" for r in cancelled)
    qtbot.waitUntil(lambda: multiprocessing.active_children() == [], timeout=10000)  # workers stopped
    qtbot.wait(300)
    assert batch.model.done_count() == done  # nothing arrives after the cancel
    # Usable at once: a report opens, and the back button returns to the partial results.
    open_and_wait(qtbot, window, next(SEEDS.glob("004_*.txt")))
    assert window.session is not None and window.commands.back_action.isVisible()
    assert window.opening.back_to_batch()
    assert batch.model.done_count() == done


def test_double_click_opens_the_report_and_back_returns_to_the_rows(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import COL_FILE

    window = make_window()
    _run(qtbot, window, [_real_folder(tmp_path)])
    batch = window.batch
    before = [(r.path, r.verdict) for r in batch.model.rows]
    batch.table.sortByColumn(COL_FILE, Qt.SortOrder.DescendingOrder)
    proxy_row = next(r for r in range(batch.proxy.rowCount()) if batch.proxy.index(r, COL_FILE).data() == SAMPLE.name)
    index = batch.proxy.index(proxy_row, COL_FILE)
    batch.table.scrollTo(index)
    rect = batch.table.visualRect(index)
    opened: list[str] = []
    batch.open_requested.connect(opened.append)
    # A person's double-click: press and release, then the double-click event.
    qtbot.mouseClick(batch.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(batch.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1  # once, not once per signal
    qtbot.waitUntil(lambda: window.session is not None and not window.loading, timeout=20000)
    assert window.stack.currentWidget() is window.main_splitter
    assert Path(window.path).name == SAMPLE.name
    assert window.source.text.toPlainText().strip().startswith("示例市")  # the document, read the normal way
    assert window.commands.back_action.isVisible() and window.commands.back_action.isEnabled()
    assert any("T3-DONE" in {i.rule for i in f.identities} for f in window.session.findings)
    window.commands.back_action.trigger()
    assert window.stack.currentWidget() is batch
    assert window.session is None and not window.commands.back_action.isVisible()
    assert [(r.path, r.verdict) for r in batch.model.rows] == before
    selected = batch.table.selectionModel().selectedRows()
    assert len(selected) == 1 and selected[0].data() == SAMPLE.name


def test_back_asks_about_unexported_edits(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.gui_fixtures import answer

    this_year, last_year = _pair_files(tmp_path)
    window = make_window()
    _run(qtbot, window, [this_year, last_year])
    window.opening.open_from_batch(str(this_year))
    qtbot.waitUntil(lambda: window.session is not None and not window.loading, timeout=20000)
    window.editing.push_edit("t3", "new", "natural", 31)
    answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.opening.back_to_batch()
    assert window.stack.currentWidget() is window.main_splitter and window.session is not None


def _pair_files(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "示例局"
    folder.mkdir()
    this_year = folder / "示例局2023.txt"
    shutil.copy2(SAMPLE, this_year)
    text = SAMPLE.read_text(encoding="utf-8").replace("2023", "2022")
    text = text.replace("四、结转下年度继续办理\t\t3\t0\t0\t0\t1\t0\t4", "四、结转下年度继续办理\t\t2\t1\t0\t0\t1\t0\t4")
    assert "\t2\t1\t0\t0\t1\t0\t4" in text
    last_year = folder / "示例局2022.txt"
    last_year.write_text(text, encoding="utf-8")
    return this_year, last_year


def test_cross_year_pair_in_the_row_and_in_the_opened_report(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import COL_CROSS, COL_WARNINGS, CrossRole
    from gui.findings_model import COL_WHERE
    from gui.roles import FindingRole

    this_year, last_year = _pair_files(tmp_path)
    window = make_window()
    _run(qtbot, window, [this_year.parent])
    model = window.batch.model
    row = _row(model, this_year.name)
    text = model.index(row, COL_CROSS).data()
    assert text == f"4 处不一致（对比 {last_year.name}）"  # X-YEAR-CARRY ×2, T2-STOCK, X-YEAR-SAME
    assert "X-YEAR-CARRY" in model.index(row, COL_CROSS).data(Qt.ItemDataRole.ToolTipRole)
    carry = [f for f in model.index(row, 0).data(CrossRole) if f.rule == "X-YEAR-CARRY"]
    assert {f.culprit for f in carry} == {("t3", "carried", "legal"), ("t3", "carried", "total")}
    assert all(Path(f.other_file) == last_year for f in carry)
    assert int(model.index(row, COL_WARNINGS).data()) >= 2
    assert model.index(_row(model, last_year.name), COL_CROSS).data() == ""  # nothing before 2022 in the batch
    window.batch.verdict_filter.setCurrentIndex(window.batch.verdict_filter.findData("cross"))
    assert window.batch.proxy.rowCount() == 1

    window.opening.open_from_batch(str(this_year))
    qtbot.waitUntil(lambda: window.session is not None and not window.loading, timeout=20000)
    panel = window.findings

    def carry_rows() -> list[int]:
        return [r for r in range(panel.model.rowCount()) if panel.model.finding(r).rule == "X-YEAR-CARRY"]

    assert len(carry_rows()) == 2
    where = panel.model.index(carry_rows()[0], COL_WHERE).data()
    assert f"对比：{last_year.name}" in where
    tip = panel.model.index(carry_rows()[0], 0).data(Qt.ItemDataRole.ToolTipRole)
    assert str(last_year) in tip
    assert last_year.name in window.tables.info.text()
    # The culprit cell is marked in the grid, and the comparison follows edits.
    from gui.roles import CulpritRole

    legal = window.tables.models["t3"].index_of("carried", "legal")
    assert legal.data(CulpritRole)
    window.editing.push_edit("t3", "carried", "legal", 1)
    assert [panel.model.finding(r).culprit for r in carry_rows()] == [("t3", "carried", "total")]
    window.editing.push_edit("t3", "carried", "total", 4)
    assert carry_rows() == []
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert len(carry_rows()) == 2
    finding = panel.model.index(carry_rows()[0], 0).data(FindingRole)
    window.navigation.show_finding(finding)  # jumps to the cell like any other finding
    assert window.tables.tabs.currentIndex() == 1


def test_compare_with_last_years_report_from_the_menu(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    this_year, last_year = _pair_files(tmp_path)
    window = make_window()
    assert not window.commands.compare_action.isEnabled()
    open_and_wait(qtbot, window, this_year)
    assert window.commands.compare_action.isEnabled()
    assert not any(f.rule == "X-YEAR-CARRY" for f in window.session.findings)
    asked: list[str] = []

    def pick(parent, title, folder, filters):  # type: ignore[no-untyped-def]
        asked.append(title)
        return str(last_year), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.commands.compare_action.trigger()
    assert asked and "上一年度" in asked[0]
    qtbot.waitUntil(lambda: not window.opening.comparing, timeout=20000)
    carry = [f for f in window.session.findings if f.rule == "X-YEAR-CARRY"]
    assert len(carry) == 2 and all(f.other_file == str(last_year) for f in carry)
    assert window.tables.models["t3"].index_of("carried", "total").data(Qt.ItemDataRole.ToolTipRole).count("X-YEAR-CARRY") == 1
    # The copy also keeps 2022's prose (X-YEAR-SAME) and 行政规范性文件 stock (T2-STOCK).
    cross = [f for f in window.session.findings if f.other_file]
    assert {f.rule for f in cross} == {"X-YEAR-CARRY", "X-YEAR-SAME", "T2-STOCK"}
    assert f"{len(cross)} 处跨年度不一致" in window.statusBar().currentMessage()
    assert last_year.name in window.tables.info.text()
    # Another report: the comparison was for the previous one.
    open_and_wait(qtbot, window, next(SEEDS.glob("004_*.txt")))
    assert not any(f.other_file for f in window.session.findings)
    assert last_year.name not in window.tables.info.text()


def test_compare_with_a_report_of_the_wrong_year_says_so(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    this_year, _ = _pair_files(tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, this_year)
    window.opening.compare_with(str(next(SEEDS.glob("001_*.txt"))))  # another bureau, 2024
    qtbot.waitUntil(lambda: not window.opening.comparing, timeout=20000)
    pair = [f for f in window.session.findings if f.rule == "X-YEAR-PAIR"]
    assert pair and "2022 年度" in pair[0].message
    assert "X-YEAR-PAIR" in window.statusBar().currentMessage()


def test_export_summary_refuses_a_checked_report_and_writes_the_workbook(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    this_year, last_year = _pair_files(tmp_path)
    workbook = this_year.parent / "某县农业农村局2020.xlsx"  # a report that is itself a workbook
    shutil.copy2(FIXTURES / "xlsx" / "report_2019.xlsx", workbook)
    original = workbook.read_bytes()
    window = make_window()
    _run(qtbot, window, [this_year, last_year, workbook])
    assert window.batch.export_button.isEnabled()
    target = tmp_path / "汇总"
    targets = [(str(workbook), "Excel 工作簿 (*.xlsx)"), (str(target), "Excel 工作簿 (*.xlsx)")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: targets.pop(0)))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    assert window.batch.export_summary()
    assert len(warnings) == 1 and "不能覆盖" in warnings[0]
    assert workbook.read_bytes() == original  # the checked report is untouched
    written = tmp_path / "汇总.xlsx"
    book = openpyxl.load_workbook(written)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("X-YEAR-CARRY" in c for c in cells) and any(last_year.name in c for c in cells)
    assert any("某县农业农村局" in c for c in cells)
    assert "已导出汇总表" in window.batch.status.text()


@pytest.mark.slow
def test_screenshots_of_the_batch_and_an_opened_cross_year_report(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 平潭 reports of seven years (scraped, digits run together), the 洪泽 pair of real
    PDFs and the sample pair: looked at by a person, kept under tests/_artifacts."""
    folder = tmp_path / "批量"
    folder.mkdir()
    for name in ("008", "009", "010", "011", "012", "013", "014"):
        shutil.copy2(REAL_TEXT / f"{name}.txt", folder / f"平潭{name}.txt")
    for pdf in ("hongze-2023.pdf", "hongze-2024.pdf"):
        shutil.copy2(REAL_PDF / pdf, folder / pdf)
    this_year, last_year = _pair_files(tmp_path)
    window = make_window(size=(1500, 900))
    _run(qtbot, window, [folder, this_year, last_year])
    assert window.batch.model.rowCount() == 11
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(100)  # pending layouts (the status bar's labels) settle as they would on screen
    assert window.grab().save(str(ARTIFACTS / "gui_batch.png"))
    window.opening.open_from_batch(str(this_year))
    qtbot.waitUntil(lambda: window.session is not None and not window.loading, timeout=20000)
    finding = next(f for f in window.session.findings if f.rule == "X-YEAR-CARRY")
    window.navigation.show_finding(finding)
    qtbot.wait(100)
    assert window.grab().save(str(ARTIFACTS / "gui_batch_opened.png"))


def test_closing_the_window_during_a_batch_stops_the_workers(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(register=False)
    window.batch.task = "tests.batch_tasks:slow"
    _drop(window, [_real_folder(tmp_path)])
    qtbot.waitUntil(lambda: window.batch.running and window.batch.model.rowCount() > 0, timeout=10000)
    qtbot.waitUntil(lambda: len(multiprocessing.active_children()) > 0, timeout=10000)
    assert window.close()
    # Closing did not wait for the batch to run out: files were still unchecked when it
    # returned (each slow file takes half a second or more; counted, not timed).
    assert window.batch.model.done_count() < window.batch.model.rowCount()
    qtbot.waitUntil(lambda: multiprocessing.active_children() == [], timeout=10000)
    window.deleteLater()


def test_the_empty_window_offers_a_folder_and_a_folder_without_reports_says_so(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    # Nothing in it: a file of any kind would be listed and answered (issue 25).
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(empty)))
    window = make_window()
    buttons = [b for b in window.drop_zone.findChildren(type(window.batch.export_button)) if "文件夹" in b.text()]
    assert len(buttons) == 1
    buttons[0].click()
    assert window.stack.currentWidget() is window.batch
    qtbot.waitUntil(lambda: not window.batch.running, timeout=10000)
    assert window.batch.model.rowCount() == 0
    assert "没有找到可检查的文件" in window.batch.status.text()
    assert not window.batch.export_button.isEnabled()


def test_a_failing_batch_machinery_keeps_the_window_and_says_so(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import core.batch.runner

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no processes")

    monkeypatch.setattr(core.batch.runner, "run_batch", broken)
    this_year, last_year = _pair_files(tmp_path)
    window = make_window()
    _drop(window, [this_year, last_year])
    qtbot.waitUntil(lambda: "批量检查中途出错" in window.batch.status.text(), timeout=10000)
    assert not window.batch.running and window.batch.cancel_button.isHidden()
    assert "OSError" not in window.batch.status.text()
    assert [r.verdict for r in window.batch.model.rows] == ["cancelled", "cancelled"]
    open_and_wait(qtbot, window, this_year)  # still usable
    assert window.session is not None


def test_export_summary_counts_what_the_clerk_dismissed(qtbot, make_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A finding dismissed in the window (已核实，无需修改) reaches the batch summary with its reason."""
    import openpyxl

    from core.dismissals import Dismissal, finding_key

    this_year, last_year = _pair_files(tmp_path)
    window = make_window()
    _run(qtbot, window, [this_year, last_year])
    row = next(r for r in window.batch.model.rows if r.report is not None and r.report.findings)
    finding = row.report.findings[0]
    row.dismissals = {finding_key(finding): Dismissal(finding_key(finding), "原件如此，已电话核实")}
    target = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "Excel 工作簿 (*.xlsx)")))
    assert window.batch.export_summary()
    book = openpyxl.load_workbook(target)
    cells = [str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert any("原件如此，已电话核实" in c for c in cells)
