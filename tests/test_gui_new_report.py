"""新建年度报告 in the window (issue 28): from the real hongze-2023.pdf, the clerk fills 2024's
tables with the keyboard (typing, pasting a block, "=" to take a total), exports the Word
report, the filled official template and the Excel tables; each output reopens in the
checker with the values entered and no finding the window had not shown; the carried
column equals 2023's 结转下年度. Both Word outputs are rendered by LibreOffice to PNG."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from core.check import check_file
from core.draft_file import value_refs
from core.draft.tables import cell_of
from core.template import TEMPLATE_2021
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.gui_fixtures import ARTIFACTS, type_into_cell

DATA = Path(__file__).parent / "data"
HONGZE_2023 = DATA / "real-pdf" / "hongze-2023.pdf"
TEMPLATE = DATA / "real-docx" / "official-template-wps.docx"
APPLICANTS = ["natural", "commercial", "research", "social", "legal", "other"]
T3_PARTS = [r.key for r in TEMPLATE_2021.t3.rows if r.key not in ("total", "carry_next")]

TYPED = {
    ("t2", "regulations", "made"): "0", ("t2", "regulations", "repealed"): "0", ("t2", "regulations", "in_force"): "0",
    ("t2", "normative_docs", "made"): "3", ("t2", "normative_docs", "repealed"): "1",
    ("t2", "licensing", "decisions"): "1,234", ("t2", "punishment", "decisions"): "56",
    ("t2", "coercion", "decisions"): "7", ("t2", "fees", "amount_wan"): "12.5",
    ("t3", "new", "natural"): "20", ("t3", "new", "commercial"): "3", ("t3", "granted", "natural"): "12",
    ("t3", "granted", "commercial"): "2", ("t3", "partial", "natural"): "3", ("t3", "unable_1", "natural"): "4",
    ("t3", "unable_1", "commercial"): "1", ("t4", "review", "upheld"): "2", ("t4", "review", "corrected"): "1",
    ("t4", "litigation_direct", "upheld"): "1",
}


def _press_equals(qtbot, window, table: str, row: str, col: str) -> None:  # type: ignore[no-untyped-def]
    view = window.tables.show_table(table)
    view.setCurrentIndex(view.grid_model().index_of(row, col))
    qtbot.keyClick(view, "=")


def _paste(qtbot, window, table: str, row: str, col: str, text: str) -> None:  # type: ignore[no-untyped-def]
    view = window.tables.show_table(table)
    view.setCurrentIndex(view.grid_model().index_of(row, col))
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _findings(findings) -> set[tuple[str, tuple]]:  # type: ignore[no-untyped-def]
    return {(f.rule, tuple(map(tuple, f.cells))) for f in findings}


@pytest.mark.heavy
def test_new_report_from_last_years_pdf_filled_with_the_keyboard_and_exported(qtbot, make_window, tmp_path):
    from gui.new_report_dialog import NewReportDialog
    from gui.roles import ExpectedRole, OriginRole

    last_year = tmp_path / "hongze-2023.pdf"
    shutil.copy(HONGZE_2023, last_year)
    window = make_window(size=(1366, 768))

    # The dialog reads last year's report off the UI thread and proposes year and agency.
    dialog = NewReportDialog(str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.set_previous_file(str(last_year))
    qtbot.waitUntil(lambda: dialog.previous is not None, timeout=60000)
    assert dialog.year.value() == 2024 and dialog.agency.text() == "洪泽区人民政府"
    dialog.agency.setText("淮安市洪泽区人民政府")
    dialog.set_target(str(tmp_path / "2024草稿"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dialog.show()
    assert dialog.grab().save(str(ARTIFACTS / "new_report_dialog.png"))
    dialog.accept()
    assert dialog.draft is not None and dialog.target.endswith("2024草稿.nbdraft")
    assert window.new_report.start(dialog.draft, dialog.target)
    qtbot.waitUntil(lambda: window.new_report.editor is not None, timeout=20000)
    editor = window.new_report.editor
    assert window.session.report.format == "draft" and "年报草稿" in window.tables.info.text()

    # 二、上年结转 carried from 2023's 四、结转下年度继续办理, marked as carried.
    carry_2023 = [c.value for c in dialog.previous.extraction.tables["t3"].rows["carry_next"]]
    t3 = window.tables.models["t3"]
    for col in APPLICANTS + ["total"]:
        index = t3.index_of("carried", col)
        assert index.data(OriginRole) == "carried"
    assert [window.session.cell("t3", "carried", c).value for c in APPLICANTS + ["total"]] == carry_2023
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.tables.show_table("t3")
    assert window.grab().save(str(ARTIFACTS / "new_report_start_t3.png"))

    # Table 二 typed; 现行有效 of 行政规范性文件 shown as expected (5 + 3 − 1) and taken with "=".
    for (table, row, col), text in TYPED.items():
        if table == "t2":
            type_into_cell(qtbot, window, table, row, col, text)
    expected = window.tables.models["t2"].index_of("normative_docs", "in_force").data(ExpectedRole)
    assert expected is not None and expected[0] == 7
    assert window.grab().save(str(ARTIFACTS / "new_report_expected_t2.png"))
    _press_equals(qtbot, window, "t2", "normative_docs", "in_force")
    assert window.session.cell("t2", "normative_docs", "in_force").value == 7

    # Table 三: zeros pasted as a block (Ctrl+V), the figures typed, every total taken with "=".
    zeros = "\n".join("\t".join(["0"] * 6) for _ in T3_PARTS)
    _paste(qtbot, window, "t3", "new", "natural", zeros)
    for (table, row, col), text in TYPED.items():
        if table == "t3":
            type_into_cell(qtbot, window, table, row, col, text)
    for row in T3_PARTS:
        _press_equals(qtbot, window, "t3", row, "total")
    for col in APPLICANTS + ["total"]:
        _press_equals(qtbot, window, "t3", "total", col)
    for col in APPLICANTS + ["total"]:
        _press_equals(qtbot, window, "t3", "carry_next", col)
    assert window.session.cell("t3", "carry_next", "total").value == 1  # 23 + 0 − 22

    # Table 四 likewise.
    for row in ("review", "litigation_direct", "litigation_after_review"):
        for col in ("upheld", "corrected", "other", "pending"):
            text = TYPED.get(("t4", row, col), "0")
            type_into_cell(qtbot, window, "t4", row, col, text)
        _press_equals(qtbot, window, "t4", row, "total")

    draft = editor.draft
    assert all(draft.value(ref) is not None for ref in value_refs())
    assert draft.origin(("t3", "total", "total")) == "suggested"
    assert draft.origin(("t3", "carried", "natural")) == "carried"
    assert draft.origin(("t2", "licensing", "decisions")) == "typed" and draft.value(("t2", "licensing", "decisions")) == 1234
    shown = list(window.session.findings)
    assert not [f for f in shown if f.severity == "error"], [f.message for f in shown]
    assert not [f for f in shown if f.rule in ("T2-STOCK", "X-YEAR-CARRY")]

    window.tables.show_table("t3")
    assert window.grab().save(str(ARTIFACTS / "new_report_1366x768_t3.png"))
    window.tables.show_table("t2")
    assert window.grab().save(str(ARTIFACTS / "new_report_1366x768_t2.png"))

    # The draft on disk is the grid, and reopens as it was.
    saved = check_file(dialog.target)
    assert {ref: getattr(cell_of(saved.extraction, ref), "value", None) for ref in value_refs()} == \
        {ref: draft.value(ref) for ref in value_refs()}

    # The exports, from the window.
    outputs = {"report": tmp_path / "2024年度报告.docx", "filled": tmp_path / "2024（模板）.docx",
               "xlsx": tmp_path / "2024（表格）.xlsx"}
    assert window.new_report.export_docx(str(outputs["report"]))
    assert window.new_report.export_filled(str(outputs["filled"]), str(TEMPLATE))
    assert window.new_report.export_xlsx(str(outputs["xlsx"]))
    for name, path in outputs.items():
        report = check_file(path)
        ext = report.extraction
        assert report.status != "unreadable", name
        assert ext.meta.year == 2024 and ext.meta.agency == "淮安市洪泽区人民政府", name
        assert {ref: getattr(cell_of(ext, ref), "value", None) for ref in value_refs()} == \
            {ref: draft.value(ref) for ref in value_refs()}, name
        assert _findings(report.findings) <= _findings(shown), (name, _findings(report.findings) - _findings(shown))
        assert [c.value for c in ext.tables["t3"].rows["carried"]] == carry_2023, name

    _render_with_libreoffice([outputs["report"], outputs["filled"]])


def test_a_saved_draft_reopens_with_its_editor_and_a_changed_carry_over_warns(qtbot, make_window, tmp_path):
    from core.draft.outputs import save_draft
    from core.draft.start import new_draft

    draft = new_draft(previous=check_file(DATA / "real-text" / "010.txt"))  # 平潭 2021 → 2022, carry 1
    path = save_draft(draft, tmp_path / "平潭2022.nbdraft")
    window = make_window()
    window.open_file(str(path))
    qtbot.waitUntil(lambda: window.new_report.editor is not None, timeout=20000)
    assert window.session.cell("t3", "carried", "natural").value == 1
    type_into_cell(qtbot, window, "t3", "carried", "natural", "2")
    carry = [f for f in window.session.findings if f.rule == "X-YEAR-CARRY"]
    assert len(carry) == 1 and carry[0].expected == 1 and carry[0].actual == 2
    window.new_report.editor.set_reason("一件申请在上年底补正后重新计入")
    carry = [f for f in window.session.findings if f.rule == "X-YEAR-CARRY"]
    assert "补正后重新计入" in carry[0].message
    # Typing it back restores the carried mark; the draft on disk follows every edit.
    type_into_cell(qtbot, window, "t3", "carried", "natural", "1")
    assert window.new_report.editor.draft.origin(("t3", "carried", "natural")) == "carried"
    from core.draft_file import Draft

    on_disk = Draft.loads(path.read_text(encoding="utf-8"))
    assert on_disk.value(("t3", "carried", "natural")) == 1 and on_disk.origin(("t3", "carried", "natural")) == "carried"
    assert on_disk.reasons[("t3", "carried", "natural")] == "一件申请在上年底补正后重新计入"


def _render_with_libreoffice(paths: list[Path]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("没有 LibreOffice（soffice），未渲染 Word 输出")
    out = ARTIFACTS / "new_report"
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
        pdf = out / (path.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 0
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / path.stem)], check=True, timeout=120)


def test_blank_report_from_the_drop_zone(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QPushButton

    from gui.new_report_dialog import NewReportDialog

    def run(dialog: NewReportDialog) -> int:
        dialog.blank.setChecked(True)
        dialog.year.setValue(2025)
        dialog.agency.setText("某某县交通运输局")
        dialog.set_target(str(tmp_path / "空白.nbdraft"))
        dialog.accept()
        return NewReportDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", run)
    window = make_window()
    button = next(b for b in window.drop_zone.findChildren(QPushButton) if b.text() == "新建年度报告…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.new_report.editor is not None, timeout=20000)
    assert window.session.extraction.meta.year == 2025
    assert window.session.extraction.meta.agency == "某某县交通运输局"
    assert window.session.previous is None and window.new_report.editor.draft.last is None
    assert not [f for f in window.session.findings if f.severity == "error"]
    type_into_cell(qtbot, window, "t3", "new", "natural", "5")
    assert window.new_report.editor.draft.value(("t3", "new", "natural")) == 5
    assert (tmp_path / "空白.nbdraft").read_text(encoding="utf-8").count('"origin": "typed"') == 1


def test_the_clerks_own_words_replace_the_placeholders(qtbot, make_window, tmp_path):
    from core.draft.outputs import save_draft
    from core.draft.start import new_draft

    path = save_draft(new_draft(2024, "某某县交通运输局"), tmp_path / "正文.nbdraft")
    window = make_window()
    window.open_file(str(path))
    qtbot.waitUntil(lambda: window.new_report.editor is not None, timeout=20000)
    assert {"S5-EMPTY", "S6-EMPTY"} <= {f.rule for f in window.session.findings}
    five = "一是政策解读的形式还比较单一；二是依申请公开答复的说理不够充分。下一步将丰富解读形式，加强答复审核。"
    assert window.new_report.set_prose({"一": "2024年，本局认真贯彻落实《条例》。", "五": five, "六": "本年度未收取信息处理费。"})
    qtbot.waitUntil(lambda: window.new_report.editor is not None and not window.loading, timeout=20000)
    qtbot.waitUntil(lambda: "S5-EMPTY" not in {f.rule for f in window.session.findings}, timeout=20000)
    rules = {f.rule for f in window.session.findings}
    assert not {"S5-EMPTY", "S6-EMPTY", "S6-FEE"} & rules
    out = tmp_path / "正文.docx"
    assert window.new_report.export_docx(str(out))
    import docx

    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert five in texts and "本年度未收取信息处理费。" in texts and "（文字描述）" not in texts
