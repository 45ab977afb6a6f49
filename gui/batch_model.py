"""The batch as a table: one row per file, filled in as each file is checked, sortable, and
filtered by verdict and by text."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor

from core.batch.crossyear import CROSS_YEAR_RULES
from core.dismissals import Dismissal, split_dismissed
from core.model import SEVERITY_ZH, Finding, Report, review_rank

from gui import palette
from gui.desk_state import DeskState
from gui.dismiss import DismissalStore
from gui.roles import SortRole

AnyIndex = QModelIndex | QPersistentModelIndex

(COL_FILE, COL_AGENCY, COL_YEAR, COL_TEMPLATE, COL_VERDICT, COL_ERRORS, COL_WARNINGS, COL_PROBLEM,
 COL_CROSS, COL_ROSTER, COL_FOLLOWUP) = range(11)

# "error" / "warning" / "ok" / "unreadable" / "not_report" / "skipped" / "waiting" / "cancelled"
VerdictRole = int(Qt.ItemDataRole.UserRole) + 40
PathRole = int(Qt.ItemDataRole.UserRole) + 41
CrossRole = int(Qt.ItemDataRole.UserRole) + 42  # the row's year-over-year findings


# How verdicts sort: the files needing attention first.
_VERDICT_ORDER = {"error": 0, "unreadable": 1, "warning": 2, "ok": 3, "not_report": 4, "skipped": 5, "cancelled": 6,
                  "waiting": 7}
_VERDICT_COLOUR = {"error": palette.SEVERITY_STRONG["error"], "warning": palette.SEVERITY_STRONG["warning"],
                   "ok": QColor("#2e7d32"), "unreadable": QColor("#6b3a00"), "waiting": palette.BLANK_TEXT,
                   "cancelled": palette.BLANK_TEXT, "not_report": QColor("#4b3f8f"), "skipped": palette.BLANK_TEXT}
# A file that is not a report is not one of the batch's reports: its whole row is set apart
# (lavender), so a clerk reading down the verdicts does not take it for a checked report.
_NOT_REPORT_ROW = QColor("#ece8f6")


def _t(text: str) -> str:
    return QCoreApplication.translate("BatchModel", text)


def verdict_text(verdict: str) -> str:
    return {
        "error": _t("有错误"),
        "warning": _t("有警告"),
        "ok": _t("未发现问题"),
        "unreadable": _t("无法读取"),
        "waiting": _t("等待检查"),
        "cancelled": _t("未检查"),  # the status line says the run was cancelled
        "not_report": _t("不是年度报告"),
        "skipped": _t("已跳过"),
    }[verdict]


@dataclass(eq=False)
class BatchRow:
    path: str
    report: Report | None = None
    cancelled: bool = False
    # Findings the clerk marked 已核实，无需修改 in the window (core.dismissals), by key.
    dismissals: dict[str, Dismissal] = field(default_factory=dict)

    def dismissed_count(self, severity: str) -> int:
        if self.report is None or not self.dismissals:
            return 0
        _open, dismissed = split_dismissed(self.report.findings, self.dismissals)
        return sum(1 for f, _d in dismissed if f.severity == severity)

    @property
    def verdict(self) -> str:
        report = self.report
        if report is None:
            return "cancelled" if self.cancelled else "waiting"
        from core.batch.tally import verdict_key

        return verdict_key(report)

    def counts(self) -> dict[str, int]:
        return self.report.counts if self.report is not None else {"error": 0, "warning": 0, "info": 0}

    def cross_year(self) -> list[Finding]:
        return [f for f in self.report.findings if f.rule in CROSS_YEAR_RULES] if self.report else []

    def main_problem(self) -> str:
        """The one thing to read first: the error of an unreadable file, else the most
        severe finding (an arithmetic error before a warning before a remark)."""
        report = self.report
        if report is None:
            return ""
        if report.status in ("unreadable", "not_report", "skipped"):
            return report.error or ""
        # A finding the clerk already checked and dismissed is not the thing to read first.
        still_open, _dismissed = split_dismissed(report.findings, self.dismissals)
        ranked = sorted((f for f in still_open if f.severity != "info"), key=review_rank)
        return f"【{SEVERITY_ZH[ranked[0].severity]}】{ranked[0].message}" if ranked else ""


class BatchModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BatchRow] = []
        self._previous: dict[int, int] = {}  # row → row of the same agency's previous year
        self.dismissal_store: DismissalStore | None = None  # set by the window
        self._headers = [self.tr("文件"), self.tr("机关"), self.tr("年度"), self.tr("格式"), self.tr("结论"),
                         self.tr("错误"), self.tr("警告"), self.tr("最主要的问题"), self.tr("与上年对比"),
                         self.tr("报送台账"), self.tr("整改情况")]
        # The roster and the follow-up of last round's letters (gui/batch_desk.py), by row.
        self.desk = DeskState()

    # -- filling -------------------------------------------------------------------------

    def set_files(self, files: list[str]) -> None:
        self.beginResetModel()
        self.rows = [BatchRow(path) for path in files]
        self._previous = {}
        self.desk.recompute([])
        self.endResetModel()

    def set_report(self, index: int, report: Report) -> None:
        if not 0 <= index < len(self.rows):
            return
        self.rows[index].report = report
        self._load_dismissals(self.rows[index])
        self._row_changed(index)

    def _load_dismissals(self, row: BatchRow) -> None:
        if self.dismissal_store is not None:
            from gui.autosave import source_key

            row.dismissals = self.dismissal_store.read(source_key(row.path))

    def reload_dismissals(self, path: str) -> None:
        """After the clerk dismissed findings of ``path`` in the window."""
        index = self.row_of(path)
        if index is not None:
            self._load_dismissals(self.rows[index])
            self._row_changed(index)

    def finish(self, results: list[Report | None]) -> None:
        """The batch ended (done or cancelled): reports now carry their cross-year findings;
        files never checked are marked as cancelled."""
        from core.batch.crossyear import previous_years

        for i, row in enumerate(self.rows):
            report = results[i] if i < len(results) else None
            if report is not None:
                row.report = report
                self._load_dismissals(row)
            elif row.report is None:
                row.cancelled = True
        self._previous = previous_years(self.reports())
        self.desk.recompute(self.reports())
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self._headers) - 1))

    def _row_changed(self, index: int) -> None:
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(self._headers) - 1))

    # -- reading -------------------------------------------------------------------------

    def reports(self) -> list[Report | None]:
        return [row.report for row in self.rows]

    def done_count(self) -> int:
        return sum(1 for row in self.rows if row.report is not None)

    def tally(self) -> dict[str, int]:
        out = {v: 0 for v in _VERDICT_ORDER}
        for row in self.rows:
            out[row.verdict] += 1
        return out

    def row_of(self, path: str) -> int | None:
        key = _same_file(path)
        return next((i for i, row in enumerate(self.rows) if _same_file(row.path) == key), None)

    def previous_report(self, row: int) -> Report | None:
        """Last year's report the batch compared ``row`` with, if it is in the batch."""
        match = self._previous.get(row)
        return self.rows[match].report if match is not None else None

    def cross_year_text(self, row: int) -> str:
        """"3 处不一致（对比 2022年报.docx）", "一致（对比 …）", or "" when the batch holds no
        previous year of the agency."""
        match = self._previous.get(row)
        if match is None:
            return ""
        other = os.path.basename(self.rows[match].path)
        cross = self.rows[row].cross_year()
        differences = [f for f in cross if f.rule != "X-YEAR-PAIR"]
        if differences:
            return self.tr("{n} 处不一致（对比 {name}）").format(n=len(differences), name=other)
        if cross:
            return self.tr("见提示（对比 {name}）").format(name=other)
        # Cells either report left blank or unreadable are not compared: "no difference
        # found", not "consistent".
        return self.tr("未见不一致（对比 {name}）").format(name=other)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), col)
        if role == SortRole:
            return self._sort_key(index.row(), col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_VERDICT:
                return _VERDICT_COLOUR[row.verdict]
            if row.report is None or row.verdict == "skipped":
                return palette.BLANK_TEXT
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            verdict = row.verdict
            if verdict == "not_report":
                return _NOT_REPORT_ROW
            if col == COL_VERDICT and verdict in ("error", "warning"):
                return palette.SEVERITY_FAINT[verdict]
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_YEAR, COL_ERRORS, COL_WARNINGS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == VerdictRole:
            return row.verdict
        if role == PathRole:
            return row.path
        if role == CrossRole:
            return row.cross_year()
        return None

    def _text(self, i: int, col: int) -> str:
        row = self.rows[i]
        report = row.report
        ext = report.extraction if report is not None else None
        if col == COL_FILE:
            return os.path.basename(row.path)
        if col == COL_VERDICT:
            return verdict_text(row.verdict)
        if report is None:
            return ""
        if col == COL_AGENCY:
            return (ext.meta.agency if ext else None) or ""
        if col == COL_YEAR:
            return str(ext.meta.year) if ext and ext.meta.year else ""
        if col == COL_TEMPLATE:
            return self.tr("{v} 版").format(v=ext.template) if ext and ext.template else ""
        if col in (COL_ERRORS, COL_WARNINGS):
            if not report.is_report or report.status == "unreadable":
                return ""
            severity = "error" if col == COL_ERRORS else "warning"
            text = str(row.counts()[severity])
            checked = row.dismissed_count(severity)
            # Still counted (the report prints those numbers), said apart.
            return text + self.tr("（已核实 {n}）").format(n=checked) if checked else text
        if col == COL_PROBLEM:
            return row.main_problem()
        if col == COL_CROSS:
            return self.cross_year_text(i)
        if col == COL_ROSTER:
            return self.desk.roster_text(i)
        if col == COL_FOLLOWUP:
            return self.desk.followup_text(i)
        return ""

    def _sort_key(self, i: int, col: int) -> Any:
        row = self.rows[i]
        if col == COL_VERDICT:
            return _VERDICT_ORDER[row.verdict]
        if col in (COL_ERRORS, COL_WARNINGS):
            if row.report is None or row.report.status in ("unreadable", "not_report", "skipped"):
                return -1
            return row.counts()["error" if col == COL_ERRORS else "warning"]
        if col == COL_YEAR:
            ext = row.report.extraction if row.report is not None else None
            return ext.meta.year if ext and ext.meta.year else 0
        return self._text(i, col)

    def _tooltip(self, i: int, col: int) -> str:
        row = self.rows[i]
        if col == COL_FOLLOWUP:
            return self.desk.followup_tooltip(i)
        if col == COL_FILE:
            return row.path
        if col == COL_PROBLEM:
            return row.main_problem()
        if col == COL_CROSS:
            cross = row.cross_year()
            if cross:
                return "\n".join(f"【{SEVERITY_ZH[f.severity]} {f.rule}】{f.message}" for f in cross)
            previous = self.previous_report(i)
            if previous is not None:
                return self.tr("已与上年报告“{path}”核对上年结转、现行有效件数等，未发现不一致，正文也不雷同"
                               "（任一方无法读出的格子不作比较）。").format(path=previous.file)
            return self.tr("本批文件中没有该单位上一年度的报告，未做跨年度核对。")
        if col == COL_VERDICT and row.report is not None and row.report.status in ("unreadable", "not_report", "skipped"):
            return row.report.error or ""
        if col == COL_VERDICT and row.report is not None:
            counts = row.counts()
            return self.tr("{e} 个错误，{w} 个警告，{i} 条提示；双击打开查看").format(
                e=counts["error"], w=counts["warning"], i=counts["info"])
        return self._text(i, col)


class BatchFilter(QSortFilterProxyModel):
    """Rows whose verdict is chosen ("all", a verdict, or "cross" for files with a
    year-over-year finding) and whose file, agency or problem contains the text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._verdict = "all"
        self._text = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_verdict(self, verdict: str) -> None:
        self._changing(lambda: setattr(self, "_verdict", verdict))

    def set_text(self, text: str) -> None:
        self._changing(lambda: setattr(self, "_text", text.strip().casefold()))

    def _changing(self, change: Any) -> None:
        # Qt ≥ 6.10 replaces invalidateFilter() with a begin/end pair.
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:
            begin()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, BatchModel)
        row = model.rows[source_row]
        if self._verdict == "cross":
            if not any(f.rule != "X-YEAR-PAIR" for f in row.cross_year()):
                return False
        elif self._verdict == "not_fixed":  # 整改未完成: an item 未整改, or new problems
            if not model.desk.open_followup(source_row):
                return False
        elif self._verdict == "error":
            if row.verdict != "error":
                return False
        elif self._verdict != "all" and row.verdict != self._verdict:
            return False
        if not self._text:
            return True
        haystack = " ".join(model.data(model.index(source_row, c)) or "" for c in
                            (COL_FILE, COL_AGENCY, COL_YEAR, COL_PROBLEM, COL_CROSS, COL_ROSTER, COL_FOLLOWUP))
        return self._text in haystack.casefold()


def _same_file(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
