"""The batch summary a supervisor files or forwards: one row per report (汇总), every
finding with its file (问题明细), the tables summed over the batch in the official layout
(合计, core/export/summary_totals.py) and two charts (图表), as an Excel workbook; or one CSV
for scripts. Findings an agency checked and dismissed still count (the report still prints
the numbers) and are marked apart with the reason.

The CSV has one row per finding with the report's columns repeated (a report without
findings, or unreadable, still has one row), UTF-8 with a BOM so Excel opens it as UTF-8.
Both are written to a temporary file beside the target and renamed over it, so a crash or
a full disk never leaves half a summary under the real name.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from core.batch.crossyear import CROSS_YEAR_RULES
from core.dismissals import Dismissal, finding_key
from core.export.content import cell_names
from core.export.leftovers import temp_beside, write_bytes
from core.export.summary_charts import draw_charts
from core.export.summary_print import lines_needed, print_setup, row_height
from core.export.summary_totals import verdict
from core.export.summary_years import draw_year_totals
from core.marks import SUMMARY_MARK
from core.oserror_zh import os_error_zh
from core.pathnames import shown
from core.model import SEVERITY_ZH, Finding, Report, in_review_order

# The dismissals of each report, keyed by its file: what the window recorded (issue 13).
Dismissals = Mapping[str, Mapping[str, Dismissal]]

FORMAT_ZH = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "html": "网页", "txt": "文本", "image": "图片",
             "doc": "DOC/WPS", "xls": "XLS/ET", "ofd": "OFD"}
TEMPLATE_ZH = {"2021": "2021 年格式", "2019": "2019 年试行格式"}


class SummaryError(Exception):
    """The summary could not be written; ``message`` is one Chinese sentence saying why and
    what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _other_files(report: Report) -> str:
    seen: list[str] = []
    for f in report.findings:
        if f.other_file and f.other_file not in seen:
            seen.append(f.other_file)
    return "；".join(seen)


def _cells_zh(report: Report, finding: Finding) -> str:
    if not finding.cells:
        return ""
    if report.extraction is None:
        return _cells_keys(finding)
    return cell_names(report.extraction, finding.cells)


def _cells_keys(finding: Finding) -> str:
    return "；".join("/".join("" if part is None else str(part) for part in cell) for cell in finding.cells)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return in_review_order(findings)


@dataclass(frozen=True)
class _Col:
    title: str
    width: float
    wrap: bool = False
    grow: bool = False  # its wrapped text sets the row's height (lists of cells and paths do not)


# Widths chosen so a sheet printed one page wide on landscape A4 stays readable (issue 27):
# long paths and messages wrap instead of widening the page.
SUMMARY_COLUMNS = (
    _Col("序号", 5), _Col("文件", 26, wrap=True), _Col("单位", 20, wrap=True), _Col("年度", 6), _Col("格式", 6),
    _Col("模板", 9, wrap=True), _Col("结论", 9), _Col("错误", 5), _Col("警告", 5), _Col("提示", 5),
    _Col("跨年度问题", 7, wrap=True), _Col("对照的上年报告", 18, wrap=True), _Col("已核实无需修改", 7, wrap=True),
    _Col("说明", 44, wrap=True, grow=True),
)
DETAIL_COLUMNS = (
    _Col("序号", 5), _Col("文件", 18, wrap=True), _Col("单位", 14, wrap=True), _Col("年度", 6), _Col("级别", 5),
    _Col("规则", 12, wrap=True), _Col("单元格", 18, wrap=True), _Col("单元格键", 12, wrap=True),
    _Col("问题说明", 64, wrap=True, grow=True), _Col("应为", 6), _Col("实际", 6), _Col("位置", 10, wrap=True),
    _Col("对照文件", 12, wrap=True), _Col("核实说明", 14, wrap=True, grow=True),
)
CSV_COLUMNS = ("文件", "单位", "年度", "格式", "模板", "结论", "错误", "警告", "提示", "级别", "规则", "单元格",
               "单元格键", "问题说明", "应为", "实际", "位置", "对照文件", "说明")


def _summary_row(number: int, report: Report, dismissed: Mapping[str, Dismissal] | None = None) -> list[object]:
    meta = report.extraction.meta if report.extraction else None
    counts = report.counts
    cross = sum(1 for f in report.findings if f.rule in CROSS_YEAR_RULES and f.severity != "info")
    if report.status in ("unreadable", "not_report", "skipped"):
        note = report.error or ""
    else:
        first = next((f for f in _sorted(report.findings) if f.severity == "error"), None)
        note = f"首个错误：{first.message}" if first else ""
    return _shown([
        number, report.file, (meta.agency if meta else None) or "", (meta.year if meta else None) or "",
        FORMAT_ZH.get(report.format or "", report.format or ""), TEMPLATE_ZH.get(report.template or "", "未识别" if report.extraction else ""),
        verdict(report), counts["error"], counts["warning"], counts["info"], cross, _other_files(report),
        sum(1 for f in report.findings if finding_key(f) in (dismissed or {})), note,
    ])


def _detail_row(number: int, report: Report, f: Finding, dismissed: Mapping[str, Dismissal] | None = None) -> list[object]:
    meta = report.extraction.meta if report.extraction else None
    return _shown([
        number, report.file, (meta.agency if meta else None) or "", (meta.year if meta else None) or "",
        SEVERITY_ZH[f.severity], f.rule, _cells_zh(report, f), _cells_keys(f), f.message,
        "" if f.expected is None else f.expected, "" if f.actual is None else f.actual,
        f.loc.describe() if f.loc is not None else "", f.other_file or "", _dismissal_note(f, dismissed),
    ])


def _shown(row: list[object]) -> list[object]:
    # A file name in GBK bytes (lone surrogates) cannot go into a UTF-8 file as it is.
    return [shown(v) if isinstance(v, str) else v for v in row]


def _dismissal_note(f: Finding, dismissed: Mapping[str, Dismissal] | None) -> str:
    d = (dismissed or {}).get(finding_key(f))
    if d is None:
        return ""
    return f"已核实无需修改：{d.reason}" if d.reason else "已核实无需修改"


def _csv_rows(reports: list[Report]) -> list[list[object]]:
    rows: list[list[object]] = []
    for report in reports:
        s = _summary_row(0, report)
        head = [s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]]
        if not report.findings:
            rows.append(head + [""] * 9 + [report.error or ""])
            continue
        for f in _sorted(report.findings):
            d = _detail_row(0, report, f)
            rows.append(head + d[4:-1] + [""])
    return rows


# --------------------------------------------------------------------------------------


def _identity(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def check_target(path: str, inputs: Sequence[str]) -> None:
    """Raise SummaryError when ``path`` cannot take the summary: wrong suffix, a folder, a
    missing folder, or one of the files being checked. The CLI calls it before checking, so
    a clerk learns of a bad name before waiting for the batch."""
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        raise SummaryError("汇总文件请以 .xlsx（Excel 工作簿）或 .csv 结尾。")
    mine = _identity(str(target))
    if any(_identity(name) == mine for name in inputs):
        raise SummaryError(f"“{target.name}”是被检查的年报之一，不能用汇总覆盖它；请换一个文件名。")
    try:
        is_folder = target.is_dir()
        directory = target.parent
        folder_exists = directory.is_dir()
    except OSError as exc:  # ENAMETOOLONG
        raise SummaryError(f"汇总文件名不可用（{os_error_zh(exc)}）；请换一个短一些的文件名或位置。") from exc
    if is_folder:
        raise SummaryError(f"“{target}”是一个文件夹；请给出汇总文件的文件名，如 汇总.xlsx。")
    if not folder_exists:
        raise SummaryError(f"文件夹“{directory}”不存在；请先建立该文件夹或换一个位置。")


def write_summary(reports: Sequence[Report | None], path: str, dismissals: Dismissals | None = None, *,
                  roster: object = None, followups: Mapping[int, object] | None = None) -> None:
    """Write the summary of ``reports`` (None entries — files not checked — are left out) to
    ``path``: .xlsx (sheets 汇总, 问题明细, 合计 per year, 图表, and 报送台账 / 整改情况 when
    a roster (core.batch.roster.RosterResult) or follow-ups (core.export.followup, by index
    into ``reports``) are given) or .csv by the suffix. ``dismissals``: per report file, the
    findings its agency dismissed. Raises SummaryError."""
    done = [r for r in reports if r is not None]
    check_target(path, [r.file for r in done])
    # The desk's sheets index the reports given; re-index them to the reports written.
    where = {id(r): i for i, r in enumerate(done)}
    desk_followups = {where[id(reports[i])]: f for i, f in (followups or {}).items()
                      if 0 <= i < len(reports) and reports[i] is not None}
    target = Path(path)
    suffix = target.suffix.lower()
    directory = target.parent
    try:
        tmp = str(temp_beside(directory, ".~汇总-", suffix))
    except OSError as exc:
        raise SummaryError(f"无法在“{directory}”中写入文件（{os_error_zh(exc)}）；请换一个有写入权限的位置。") from exc
    try:
        if suffix == ".csv":
            _write_csv(done, tmp)
        else:
            # Drawn in memory, written in one go: a full disk is an OSError here, not an
            # xlsxwriter traceback or a half-closed zip's destructor warning.
            buffer = io.BytesIO()
            _write_xlsx(done, buffer, dismissals or {}, roster, desk_followups, list(reports))
            write_bytes(Path(tmp), buffer.getvalue())
        os.replace(tmp, target)
    except PermissionError as exc:
        raise SummaryError(f"无法写入“{target.name}”：文件可能正在 Excel 或 WPS 中打开；请关闭后重试，或换一个文件名。") from exc
    except OSError as exc:
        raise SummaryError(f"无法写入“{target.name}”（{os_error_zh(exc)}）；请检查磁盘空间和写入权限，或换一个位置。") from exc
    except Exception as exc:  # noqa: BLE001 — xlsxwriter wraps a full disk in its FileCreateError
        cause = exc.__cause__ or exc.__context__
        reason = os_error_zh(cause) if isinstance(cause, OSError) else "生成 Excel 时出错"
        raise SummaryError(f"无法写入“{target.name}”（{reason}）；请检查磁盘空间和写入权限，或换一个位置。") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_csv(reports: list[Report], path: str) -> None:
    # utf-8-sig: the BOM makes Excel read the file as UTF-8 instead of the ANSI code page.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows([[inert(v) for v in row] for row in _csv_rows(reports)])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A CSV cell Excel and WPS will not run as a formula (OWASP "CSV injection"): text
    starting with = + - @ tab or CR gets a leading apostrophe. An agency name comes from
    the report, which anyone can write."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_xlsx(reports: list[Report], path: str | IO[bytes], dismissals: Dismissals, roster: object = None,
                followups: Mapping[int, object] | None = None, given: Sequence[Report | None] = ()) -> None:
    """``given``: the reports as passed to ``write_summary``, None entries included — the
    roster's indexes point into it."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
                                    "in_memory": True})
    try:
        wb.set_properties({"title": "政府信息公开工作年度报告检查汇总", "author": "年报校验", "comments": "由年报校验批量检查生成"})
        wb.set_custom_property(*SUMMARY_MARK)
        header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        top = wb.add_format({"valign": "top"})
        verdict_formats = {
            "有错误": wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "valign": "top"}),
            "无法读取": wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "valign": "top", "bold": True}),
            "有警告": wb.add_format({"font_color": "#9C5700", "bg_color": "#FFEB9C", "valign": "top"}),
            "未发现问题": wb.add_format({"font_color": "#006100", "bg_color": "#C6EFCE", "valign": "top"}),
            "不是年度报告": wb.add_format({"font_color": "#3F3F76", "bg_color": "#E4DFEC", "valign": "top"}),
            "已跳过": wb.add_format({"font_color": "#595959", "bg_color": "#EDEDED", "valign": "top"}),
        }

        summary = wb.add_worksheet("汇总")
        _header(summary, SUMMARY_COLUMNS, header, wrap, top)
        for i, report in enumerate(reports, 1):
            row = _summary_row(i, report, dismissals.get(report.file))
            for j, value in enumerate(row):
                fmt = verdict_formats.get(str(value)) if j == 6 else (wrap if SUMMARY_COLUMNS[j].wrap else top)
                summary.write(i, j, value, fmt)
            summary.set_row(i, row_height(_lines(row, SUMMARY_COLUMNS, lines_needed)))
        summary.autofilter(0, 0, max(len(reports), 1), len(SUMMARY_COLUMNS) - 1)
        summary.freeze_panes(1, 2)
        print_setup(summary)

        detail = wb.add_worksheet("问题明细")
        # Small print: the list of every finding is the longest sheet by far.
        small_wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_size": 9})
        small_top = wb.add_format({"valign": "top", "font_size": 9})
        _header(detail, DETAIL_COLUMNS, header, small_wrap, small_top)
        r = 0
        for i, report in enumerate(reports, 1):
            for f in _sorted(report.findings):
                r += 1
                values = _detail_row(i, report, f, dismissals.get(report.file))
                for j, value in enumerate(values):
                    detail.write(r, j, value, small_wrap if DETAIL_COLUMNS[j].wrap else small_top)
                detail.set_row(r, row_height(_lines(values, DETAIL_COLUMNS, lines_needed, 11 / 9), 12.0))
        detail.autofilter(0, 0, max(r, 1), len(DETAIL_COLUMNS) - 1)
        detail.freeze_panes(1, 2)
        print_setup(detail)

        draw_year_totals(wb, reports)
        draw_charts(wb, reports, dismissals)
        formats = {"header": header, "top": top, "wrap": wrap, "title": wb.add_format({"bold": True, "font_size": 12}),
                   "missing": wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "valign": "top"})}
        if roster is not None:
            from core.export.summary_desk import draw_roster

            draw_roster(wb, roster, given or reports, formats)
        if followups:
            from core.export.summary_desk import draw_followups

            draw_followups(wb, followups, formats)  # type: ignore[arg-type]
    finally:
        wb.close()


def _lines(values: Sequence[object], columns: Sequence[_Col], lines_needed, scale: float = 1.0) -> int:  # type: ignore[no-untyped-def]
    """The lines the row's longest wrapped text takes (the row's height on paper); ``scale``:
    how many more characters a line holds in a smaller font."""
    return max((lines_needed(str(v), c.width * scale) for v, c in zip(values, columns) if c.grow and v), default=1)


def _header(ws, columns: Sequence[_Col], header, wrap, top) -> None:  # type: ignore[no-untyped-def]
    for j, col in enumerate(columns):
        ws.write(0, j, col.title, header)
        ws.set_column(j, j, col.width, wrap if col.wrap else top)
    ws.set_row(0, 20)
