"""The grid and findings models: the official layout, read-only labels, highlight roles
beside the data, editing through the real delegate, and Qt's own model checks."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from core.check import check_extraction, check_file
from core.document import Document, Location
from core.model import CellValue, ExtractedTable, Extraction, Meta, Report
from core.template import TABLE_KEYS, TEMPLATE_2019, TEMPLATE_2021, grid_layout
from tests.gui_fixtures import *  # noqa: F401,F403
from tests.shared_data import seed

pytestmark = pytest.mark.gui


def _report(version: str = "2021", edits: dict | None = None) -> Report:
    """A hand-built report: every cell 0 with a text span, then ``edits`` applied."""
    template = TEMPLATE_2021 if version == "2021" else TEMPLATE_2019
    text_parts: list[str] = []
    pos = 0
    tables = {}
    for spec in template.tables:
        rows = {}
        for row in spec.rows:
            cells = []
            for _col in row.columns:
                cells.append(CellValue(0, "ok", "0", Location(start=pos, end=pos + 1)))
                text_parts.append("0\t")
                pos += 2
            rows[row.key] = cells
            text_parts.append("\n")
            pos += 1
        tables[spec.key] = ExtractedTable(spec.key, rows)
    for (table, row, index), value in (edits or {}).items():
        tables[table].rows[row][index] = value
    ext = Extraction(version, tables, Meta(agency="测试局", year=2023 if version == "2021" else 2020),
                     table_versions={k: version for k in TABLE_KEYS})
    doc = Document("/tmp/hand-built.txt", "txt", [], source_text="".join(text_parts))
    return Report(doc.path, "txt", "findings", None, ext, check_extraction(ext), doc)


@pytest.fixture
def session(gui_app):  # type: ignore[no-untyped-def]
    from gui.session import ReportSession

    return ReportSession(_report())


@pytest.mark.parametrize("table", TABLE_KEYS)
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_grid_models_pass_qt_model_tester(gui_app, qtmodeltester, table, version) -> None:  # type: ignore[no-untyped-def]
    from gui.session import ReportSession
    from gui.table_model import TableGridModel

    report = _report(version, {("t3", "new", 0): CellValue(None, "missing"), ("t3", "carried", 1): CellValue(None, "blank", "—")})
    model = TableGridModel(ReportSession(report), table)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == grid_layout(report.extraction.spec(table)).rows


def test_findings_model_and_filter_pass_qt_model_tester(gui_app, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from gui.findings_model import FindingsModel, SeverityFilter

    report = check_file(seed("000"))
    model = FindingsModel()
    model.set_findings(report.findings, report.extraction)
    assert model.rowCount() == len(report.findings) > 0
    qtmodeltester.check(model, force_py=True)
    proxy = SeverityFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)


def test_table3_grid_shows_official_layout_with_spans(session) -> None:  # type: ignore[no-untyped-def]
    from gui.grid_view import GridView
    from gui.roles import KindRole
    from gui.table_model import TableGridModel

    model = TableGridModel(session, "t3")
    view = GridView()
    view.setModel(model)
    # The note cell spans the three label columns and the three header rows.
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (3, 3)
    assert "勾稽关系" in model.index(0, 0).data()
    assert model.index(0, 3).data() == "申请人情况" and view.columnSpan(0, 3) == 7
    assert model.index(1, 4).data() == "法人或其他组织" and view.columnSpan(1, 4) == 5
    # The group label "三、本年度办理结果" spans every outcome row down to （七）总计.
    spec = session.spec("t3")
    outcome_rows = [r for r in spec.rows if r.groups and r.groups[0] == "三、本年度办理结果"]
    first = 3 + spec.row_keys.index(outcome_rows[0].key)
    assert model.index(first, 0).data() == "三、本年度办理结果"
    assert view.rowSpan(first, 0) == len(outcome_rows)
    # Row labels come from the template; values are right-aligned numbers.
    new = model.index_of("new", "natural")
    assert model.index(new.row(), 0).data() == spec.row("new").label
    assert new.data() == "0"
    assert new.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert new.data(KindRole) == "value"


def test_labels_are_read_only_and_numbers_editable(session) -> None:  # type: ignore[no-untyped-def]
    from gui.table_model import TableGridModel

    for table in TABLE_KEYS:
        model = TableGridModel(session, table)
        for cell in model.layout.cells:
            flags = model.flags(model.index(cell.row, cell.col))
            editable = bool(flags & Qt.ItemFlag.ItemIsEditable)
            assert editable == (cell.kind == "value"), (table, cell)
    model = TableGridModel(session, "t3")
    label = model.index(3, 0)
    assert not model.setData(label, "5")
    assert label.data() == session.spec("t3").rows[0].label


def test_highlight_roles_mark_failing_cells_without_touching_values(gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.roles import CulpritRole, FixRole, SeverityRole, StateRole
    from gui.session import ReportSession
    from gui.table_model import TableGridModel

    # 行政复议: 结果维持 10 + 结果纠正 1, 总计 0 (the hongze-2023 error).
    report = _report(edits={("t4", "review", 0): CellValue(10, "ok", "10"), ("t4", "review", 1): CellValue(1, "ok", "1"),
                            ("t3", "carried", 2): CellValue(None, "missing")})
    session = ReportSession(report)
    model = TableGridModel(session, "t4")
    total = model.index_of("review", "total")
    assert total.data(SeverityRole) == "error"
    assert total.data(CulpritRole) is True
    assert total.data(FixRole) == 11
    assert total.data() == "0"  # the value shown is still the printed one
    tip = total.data(Qt.ItemDataRole.ToolTipRole)
    assert "≠" in tip and "11" in tip and "建议值" in tip
    upheld = model.index_of("review", "upheld")
    assert upheld.data(SeverityRole) == "error" and not upheld.data(CulpritRole)
    assert model.index_of("litigation_direct", "total").data(SeverityRole) is None
    t3 = TableGridModel(session, "t3")
    missing = t3.index_of("carried", "research")
    assert missing.data(StateRole) == "missing"
    assert missing.data() == ""
    assert "缺失" in missing.data(Qt.ItemDataRole.ToolTipRole)


def test_parse_value_follows_column_rules() -> None:
    from gui.table_model import parse_value

    t2 = TEMPLATE_2021.t2
    count = t2.row("regulations").columns[0]
    fees = t2.row("fees").columns[0]
    delta = TEMPLATE_2019.t2.row("licensing").columns[1]
    assert parse_value("15", count) == (True, 15)
    assert parse_value("", count) == (True, None)
    assert parse_value("1.5", count)[0] is False
    assert parse_value("-2", count)[0] is False
    assert parse_value("96171.6", fees) == (True, 96171.6)
    assert parse_value("-3", delta) == (True, -3)


def test_editing_through_the_delegate_rechecks(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    from gui.grid_view import GridView
    from gui.roles import EditedRole, PrintedRole, SeverityRole
    from gui.table_model import TableGridModel

    model = TableGridModel(session, "t3")
    view = GridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    index = model.index_of("new", "natural")
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "0"
    editor.selectAll()
    qtbot.keyClicks(editor, "7")  # a refused entry ("-7", "abc") is tested in test_gui_clerk.py
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: session.cell("t3", "new", "natural").value == 7, timeout=2000)
    assert index.data() == "7"
    assert index.data(EditedRole) is True
    assert index.data(PrintedRole) == "0"
    assert index.data(SeverityRole) == "error"
    assert any("T3-BAL" in {i.rule for i in f.identities} for f in session.findings)
    assert session.report.extraction.tables["t3"].rows["new"][0].value == 0  # printed values kept


def test_undo_command_restores_and_names_the_cell(session) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QUndoStack

    from gui.undo import SetCellCommand

    before = [(f.rule, f.message) for f in session.findings]
    stack = QUndoStack()
    stack.push(SetCellCommand(session, "t3", "new", "natural", 12))
    stack.push(SetCellCommand(session, "t3", "new", "natural", 15))  # merges with the previous edit
    assert stack.count() == 1
    assert stack.text(0) == "表三 自然人/本年新收 0→15"
    assert session.cell("t3", "new", "natural").value == 15
    stack.undo()
    assert session.cell("t3", "new", "natural").value == 0
    assert not session.edits()
    assert [(f.rule, f.message) for f in session.findings] == before


def test_edit_of_missing_table_creates_it_and_undo_removes_it(gui_app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QUndoStack

    from gui.session import ReportSession
    from gui.undo import SetCellCommand

    report = _report()
    del report.extraction.tables["t4"]
    session = ReportSession(report)
    stack = QUndoStack()
    stack.push(SetCellCommand(session, "t4", "review", "upheld", 2))
    assert session.cell("t4", "review", "pending").state == "missing"
    assert session.is_edited("t4", "review", "upheld")
    stack.undo()
    assert "t4" not in session.extraction.tables


def test_findings_filter_and_sort(gui_app) -> None:  # type: ignore[no-untyped-def]
    from gui.findings_model import COL_SEVERITY, FindingsModel, SeverityFilter, verdict
    from gui.roles import FindingRole

    report = _report(edits={("t4", "review", 0): CellValue(10, "ok", "10"),
                            ("t3", "carried", 2): CellValue(None, "missing")})
    model = FindingsModel()
    model.set_findings(report.findings, report.extraction)
    proxy = SeverityFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_SEVERITY, Qt.SortOrder.AscendingOrder)
    severities = [proxy.index(r, 0).data(FindingRole).severity for r in range(proxy.rowCount())]
    assert severities[0] == "error" and "warning" in severities
    proxy.set_shown("warning", False)
    shown = {proxy.index(r, 0).data(FindingRole).severity for r in range(proxy.rowCount())}
    assert "warning" not in shown and "error" in shown
    assert verdict({"error": 3, "warning": 2, "info": 0}) == "3 个错误，2 个警告"
    assert verdict({"error": 0, "warning": 0, "info": 0}) == "未发现问题"


def test_copy_selection_as_tab_separated_rows(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from gui.grid_view import GridView
    from gui.table_model import TableGridModel

    session.set_value("t3", "new", "commercial", 4)
    model = TableGridModel(session, "t3")
    view = GridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.select_cells([model.index_of("new", "natural"), model.index_of("new", "commercial"),
                       model.index_of("carried", "natural"), model.index_of("carried", "commercial")])
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "0\t4\n0\t0"
