"""The check result as a printable page: what a clerk hands the leader who signs off.

Verdict, the report's name, the three tables as corrected (changed cells and wrong cells
marked as in the grid), every open finding, every dismissal with its reason, the changes
made, and lines to sign. Built as HTML for a ``QTextDocument`` (tables with the template's
merged headers), printed on Qt's print dialog or written to PDF with ``QPrinter``."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from core.dismissals import split_dismissed
from core.model import SEVERITY_ZH, Finding, in_review_order
from core.template import TABLE_KEYS

from gui.cells import cell_name, describe_location, format_number, table_name
from gui.findings_model import verdict
from gui.roles import EditedRole, KindRole, MarkRole, PrintedRole, SeverityRole
from gui.session import ReportSession
from gui.settings import DISPLAY_NAME
from gui.table_model import TableGridModel

_CHANGED = "#dbe9fb"  # an edited cell: the value the clerk wrote, the printed one beside it
_WRONG = "#f4b4b4"  # a cell a finding names as wrong (the culprit, or the only cell)
_INVOLVED = "#fbe5e5"
_HEAD = "#eef1f5"


def _t(text: str) -> str:
    return QCoreApplication.translate("CheckReport", text)


def _e(text: object) -> str:
    return html.escape(str(text))


def report_html(session: ReportSession, path: str) -> str:
    ext = session.extraction
    meta = ext.meta
    findings = in_review_order(session.findings)
    still_open, dismissed = split_dismissed(findings, session.dismissals)
    open_counts = _count(still_open)
    worst = "#c62828" if open_counts.get("error") else "#b7791f" if open_counts.get("warning") else "#2e7d32"
    name = (meta.agency or "") + (f"{meta.year} 年度" if meta.year else "")
    parts = [
        "<html><body style='font-size:9pt'>",
        f"<h2 style='margin:0'>{_e(_t('政府信息公开工作年度报告 检查结果'))}</h2>",
        f"<p style='margin:2px 0'>{_e(name or _t('（未识别出机关名称）'))}　{_e(_t('文件'))}：{_e(os.path.basename(path))}</p>",
        f"<p style='font-size:13pt;font-weight:bold;color:{worst};margin:6px 0'>{_e(_t('结论'))}："
        f"{_e(conclusion(still_open, [f for f, _d in dismissed]))}</p>",
        f"<p style='color:#444;margin:0 0 6px 0'>{_e(_t('表中数值为修改后的数值；'))}"
        f"<span style='background:{_CHANGED}'>　{_e(_t('蓝底'))}　</span>{_e(_t('为已修改的单元格（下方小字为原文数值），'))}"
        f"<span style='background:{_WRONG}'>　{_e(_t('红底'))}　</span>{_e(_t('为检查认为有误的单元格。'))}</p>",
    ]
    for key in TABLE_KEYS:
        parts.append(_table_html(session, key))
    parts.append(_findings_html(session, still_open))
    if dismissed:
        parts.append(_dismissed_html(session, dismissed))
    parts.append(_changes_html(session))
    today = date.today().strftime("%Y-%m-%d")
    parts.append(
        f"<p style='margin-top:18px'>{_e(_t('检查人'))}：＿＿＿＿＿＿　　{_e(_t('审核人'))}：＿＿＿＿＿＿　　"
        f"{_e(_t('日期'))}：＿＿＿＿＿＿</p>"
        f"<p style='color:#777;font-size:8pt'>{_e(_t('由{app}生成于 {day}；本程序只核对表格数字的勾稽关系和格式，不判断数字是否真实。').format(app=DISPLAY_NAME, day=today))}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def conclusion(still_open: list[Finding], dismissed: list[Finding]) -> str:
    """The verdict with the findings marked 已核实 counted apart: a leader reading "1 个错误"
    would think a checked error still open. "0 个待处理错误，1 个错误已核实，2 个警告"."""
    if not dismissed:
        return verdict(_count(still_open))
    open_counts, checked = _count(still_open), _count(dismissed)
    words = {"error": (_t("{n} 个错误"), _t("{n} 个待处理错误"), _t("{n} 个错误已核实")),
             "warning": (_t("{n} 个警告"), _t("{n} 个待处理警告"), _t("{n} 个警告已核实")),
             "info": (_t("{n} 条提示"), _t("{n} 条待处理提示"), _t("{n} 条提示已核实"))}
    parts = []
    for severity, (plain, waiting, done) in words.items():
        n, m = open_counts[severity], checked[severity]
        if m:
            parts += [waiting.format(n=n), done.format(n=m)]
        elif n:
            parts.append(plain.format(n=n))
    return "，".join(parts)


def _count(findings: Iterable[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out


def _table_html(session: ReportSession, key: str) -> str:
    title = f"<h3 style='margin:10px 0 2px 0'>{_e(table_name(key))}　{_e(session.spec(key).heading.split('、', 1)[-1])}</h3>"
    if key not in session.extraction.tables:
        return title + f"<p>{_e(_t('原文中没有找到该表。'))}</p>"
    model = TableGridModel(session, key)
    widths = _column_widths(model)
    try:
        rows: list[str] = []
        for r in range(model.rowCount()):
            cells: list[str] = []
            for c in range(model.columnCount()):
                cell = model.grid_cell(model.index(r, c))
                if cell is None:
                    continue  # covered by a span
                index = model.index(r, c)
                span = (f" rowspan='{cell.rowspan}'" if cell.rowspan > 1 else "") + (
                    f" colspan='{cell.colspan}'" if cell.colspan > 1 else f" width='{widths[c]}%'")
                if index.data(KindRole) != "value":
                    head = cell.kind in ("header", "caption")
                    style = f"background:{_HEAD};font-weight:bold;text-align:center" if head else ""
                    cells.append(f"<td{span} style='{style}'>{_e(cell.text)}</td>")
                    continue
                text = _e(index.data() or "")
                mark = index.data(MarkRole)
                background = ""
                if mark in ("culprit", "strong") and index.data(SeverityRole) == "error":
                    background, text = _WRONG, f"<b>{text}</b>"
                elif mark is not None and index.data(SeverityRole) == "error":
                    background = _INVOLVED
                if index.data(EditedRole):
                    background = _CHANGED
                    text += f"<br/><span style='color:#555;font-size:7pt'>{_e(_t('原'))} {_e(index.data(PrintedRole))}</span>"
                style = "text-align:right" + (f";background:{background}" if background else "")
                cells.append(f"<td{span} style='{style}'>{text}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
    finally:
        model.deleteLater()
    return title + ("<table border='1' cellspacing='0' cellpadding='2' width='100%' style='border-collapse:collapse'>"
                    + "".join(rows) + "</table>")


def _column_widths(model: TableGridModel) -> list[int]:
    """Percent of the page per grid column: the row labels wide enough to read in two or
    three lines, the numbers sharing the rest (表三's ten columns on A4 portrait)."""
    labels = {"t2": [34], "t3": [8, 11, 23]}.get(model.table, []) if model.spec.label_cols else []
    n = model.columnCount()
    rest = max(1, n - len(labels))
    share = max(1, (100 - sum(labels)) // rest)
    return [labels[c] if c < len(labels) else share for c in range(n)]


def _findings_html(session: ReportSession, findings: list) -> str:  # type: ignore[type-arg]
    head = f"<h3 style='margin:12px 0 2px 0'>{_e(_t('检查发现的问题'))}（{len(findings)}）</h3>"
    if not findings:
        return head + f"<p>{_e(_t('未发现需要处理的问题。'))}</p>"
    rows = []
    for i, f in enumerate(findings, 1):
        expected = format_number(f.expected) if f.expected is not None else ""
        actual = format_number(f.actual) if f.actual is not None else ""
        color = {"error": "#c62828", "warning": "#b7791f"}.get(f.severity, "#1f5fa8")
        rows.append(f"<tr><td>{i}</td><td style='color:{color}'>{_e(SEVERITY_ZH[f.severity])}</td>"
                    f"<td>{_e(describe_location(session.extraction, f))}</td><td>{_e(f.message)}</td>"
                    f"<td style='text-align:right'>{_e(expected)}</td><td style='text-align:right'>{_e(actual)}</td></tr>")
    return head + _list_table([_t("序号"), _t("级别"), _t("位置"), _t("说明"), _t("应为"), _t("实为")], rows)


def _dismissed_html(session: ReportSession, dismissed: list) -> str:  # type: ignore[type-arg]
    head = f"<h3 style='margin:12px 0 2px 0'>{_e(_t('已核实，无需修改'))}（{len(dismissed)}）</h3>"
    rows = []
    for i, (f, d) in enumerate(dismissed, 1):
        rows.append(f"<tr><td>{i}</td><td>{_e(SEVERITY_ZH[f.severity])}</td>"
                    f"<td>{_e(describe_location(session.extraction, f))}</td><td>{_e(f.message)}</td>"
                    f"<td>{_e(d.reason or _t('（未填写理由）'))}</td></tr>")
    return head + _list_table([_t("序号"), _t("级别"), _t("位置"), _t("说明"), _t("核实说明")], rows)


def _changes_html(session: ReportSession) -> str:
    edits = session.edits()
    head = f"<h3 style='margin:12px 0 2px 0'>{_e(_t('修改记录'))}（{len(edits)}）</h3>"
    if not edits:
        return head + f"<p>{_e(_t('未作修改，表中数值与原报告一致。'))}</p>"
    from gui.undo import printed_text

    rows = []
    for i, e in enumerate(edits, 1):
        rows.append(f"<tr><td>{i}</td><td>{_e(cell_name(session.spec(e.table), e.row, e.col))}</td>"
                    f"<td style='text-align:right'>{_e(printed_text(session.printed(e.table, e.row, e.col)))}</td>"
                    f"<td style='text-align:right'>{_e(format_number(e.value))}</td></tr>")
    return head + _list_table([_t("序号"), _t("单元格"), _t("原值"), _t("改为")], rows)


def _list_table(heads: list[str], rows: list[str]) -> str:
    # 序号 narrow; the rest share the width as their text needs.
    narrow = " width='5%'"
    head = "".join(f"<th{narrow if i == 0 else ''} style='background:{_HEAD}'>{_e(h)}</th>" for i, h in enumerate(heads))
    return ("<table border='1' cellspacing='0' cellpadding='3' width='100%' style='border-collapse:collapse'>"
            f"<tr>{head}</tr>" + "".join(rows) + "</table>")


def report_document(session: ReportSession, path: str, font: QFont | None = None) -> QTextDocument:
    doc = QTextDocument()
    if font is not None:
        base = QFont(font)
        base.setPointSizeF(9)
        doc.setDefaultFont(base)
    doc.setHtml(report_html(session, path))
    return doc


def setup_printer(printer: QPrinter) -> None:
    """A4 portrait with 12 mm margins: 表三's ten columns fit the width at 9 pt."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))


def write_pdf(session: ReportSession, path: str, target: str, font: QFont | None = None) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(target)
    printer.setDocName(_t("检查结果"))
    setup_printer(printer)
    print_document(session, path, printer, font)


def print_document(session: ReportSession, path: str, printer: QPrinter, font: QFont | None = None) -> None:
    report_document(session, path, font).print_(printer)
