"""One open report while the user works on it: the values as they stand after edits, the
values as printed, and the findings of the current values.

Edits change the window's copy of the core's ``Extraction`` in place (the same change
``Extraction.with_value`` makes, without copying the whole document on every keystroke);
``report.extraction`` stays as printed, so an edited cell can always show what it was.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Signal

from core.check import check_extraction
from core.dismissals import Dismissal, finding_key
from core.model import CellValue, ExtractedTable, Extraction, Finding, Meta, Number, Report
from core.template import TableSpec

from gui.cells import col_index


@dataclass(frozen=True)
class Edit:
    """A cell whose value differs from the printed one (what autosave keeps)."""

    table: str
    row: str
    col: str
    value: Number | None


class ReportSession(QObject):
    """Emits ``changed`` after every change of a value, with findings already re-checked."""

    changed = Signal()
    dismissals_changed = Signal()

    def __init__(self, report: Report, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report = report
        printed = report.extraction or Extraction(None, {}, Meta())
        # The report keeps the values as printed (the export marks what changed against
        # them); the window edits its own copy.
        self.extraction: Extraction = copy.deepcopy(printed)
        self.findings: list[Finding] = list(report.findings)
        self._printed: dict[str, ExtractedTable] = printed.tables
        self.last_check_ms = 0.0
        # Last year's report of the same agency (from a batch, or picked with 对比上年报告):
        # its year-over-year findings are recomputed with every re-check, so an edit of
        # 上年结转 clears or raises X-YEAR-CARRY like any other rule.
        self.previous: Report | None = None
        # How the current values are compared with ``previous``, when not the batch's plain
        # compare_years: a draft (gui/new_report.py) waits for a cell to be filled.
        self.compare: Callable[[Report, Report], list[Finding]] | None = None
        # Findings the clerk checked and left as printed, by core.dismissals.finding_key.
        self.dismissals: dict[str, Dismissal] = {}

    # -- reading -------------------------------------------------------------------------

    @property
    def document(self):  # type: ignore[no-untyped-def]
        return self.report.document

    def spec(self, table: str) -> TableSpec:
        return self.extraction.spec(table)

    def cell(self, table: str, row: str, col: str) -> CellValue | None:
        return _lookup(self.extraction.tables, self.spec(table), table, row, col)

    def printed(self, table: str, row: str, col: str) -> CellValue | None:
        return _lookup(self._printed, self.spec(table), table, row, col)

    def is_edited(self, table: str, row: str, col: str) -> bool:
        now, before = self.cell(table, row, col), self.printed(table, row, col)
        if now is None:
            return False
        if before is None:
            return now.state != "missing"
        return (now.value, now.state) != (before.value, before.state)

    def edits(self) -> list[Edit]:
        out: list[Edit] = []
        for key, table in self.extraction.tables.items():
            spec = self.spec(key)
            for row_key, cells in table.rows.items():
                if not spec.has_row(row_key):
                    continue
                for col, cell in zip(spec.row(row_key).columns, cells):
                    if self.is_edited(key, row_key, col.key):
                        out.append(Edit(key, row_key, col.key, cell.value))
        return out

    # -- changing ------------------------------------------------------------------------

    def snapshot(self, table: str) -> ExtractedTable | None:
        """A copy of one table as it stands, for undo (tables are small)."""
        current = self.extraction.tables.get(table)
        return copy.deepcopy(current) if current is not None else None

    def restore(self, table: str, snapshot: ExtractedTable | None) -> None:
        if snapshot is None:
            self.extraction.tables.pop(table, None)
        else:
            self.extraction.tables[table] = copy.deepcopy(snapshot)
        self.recheck()

    def set_value(self, table: str, row: str, col: str, value: Number | None, *, recheck: bool = True) -> None:
        spec = self.spec(table)
        index = col_index(spec, row, col)
        if index is None:
            raise KeyError((table, row, col))
        # A table or row the reader did not find becomes real once the user fills it in.
        target = self.extraction.tables.setdefault(table, ExtractedTable(table, {}))
        width = len(spec.row(row).columns)
        cells = target.rows.setdefault(row, [])
        while len(cells) < width:
            cells.append(CellValue(None, "missing"))
        cell = cells[index]
        cell.value = value
        cell.state = "ok" if value is not None else "blank"
        cell.unit = None
        # The clerk has looked at the original: the cell is no longer in doubt, and the
        # reading notes on it are settled (core/rules/settled.py).
        cell.candidates = ()
        cell.confirmed = True
        if recheck:
            self.recheck()

    def revert_value(self, table: str, row: str, col: str, *, recheck: bool = True) -> None:
        """Put one cell back exactly as printed: a printed "无", "—" or "详见附件" keeps its
        text and state (setting its value would turn it into a plain blank), and a row or
        table the reader never found disappears again once nothing in it is edited."""
        spec = self.spec(table)
        index = col_index(spec, row, col)
        if index is None:
            raise KeyError((table, row, col))
        target = self.extraction.tables.get(table)
        cells = target.rows.get(row) if target is not None else None
        if target is None or cells is None or index >= len(cells):
            return  # never edited: already as printed
        printed_table = self._printed.get(table)
        printed = printed_table.cell(row, index) if printed_table is not None else None
        cells[index] = copy.deepcopy(printed) if printed is not None else CellValue(None, "missing")
        # A row (or table) the user created by typing into it is dropped again, so S-ROWS /
        # S-TABLES report it missing as before instead of a row of empty cells.
        if (printed_table is None or row not in printed_table.rows) and all(c.state == "missing" for c in cells):
            del target.rows[row]
        if printed_table is None and not target.rows:
            del self.extraction.tables[table]
        if recheck:
            self.recheck()

    def recheck(self) -> None:
        start = time.perf_counter()
        findings = check_extraction(self.extraction)
        self.findings = findings + self._cross_year(findings)
        self.last_check_ms = (time.perf_counter() - start) * 1000
        self.changed.emit()

    def set_dismissal(self, key: str, dismissal: Dismissal | None) -> None:
        """Dismiss (or take back) one finding: counts and highlights stay, the list marks it."""
        if dismissal is None:
            self.dismissals.pop(key, None)
        else:
            self.dismissals[key] = dismissal
        self.dismissals_changed.emit()
        self.changed.emit()

    def dismissal_of(self, finding: Finding) -> Dismissal | None:
        return self.dismissals.get(finding_key(finding))

    def set_previous(self, previous: Report | None) -> None:
        """Compare with last year's report from now on (None: stop comparing)."""
        self.previous = previous
        self.recheck()

    def cross_year_findings(self) -> list[Finding]:
        from core.batch.crossyear import CROSS_YEAR_RULES

        return [f for f in self.findings if f.rule in CROSS_YEAR_RULES]

    def _cross_year(self, findings: list[Finding]) -> list[Finding]:
        if self.previous is None:
            return []
        from core.batch.crossyear import compare_years

        report = self.report
        status = "findings" if any(f.severity != "info" for f in findings) else "ok"
        current = Report(report.file, report.format, status, None, self.extraction, findings)
        return (self.compare or compare_years)(current, self.previous)

    # -- counting ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out


def _lookup(tables: dict[str, ExtractedTable], spec: TableSpec, table: str, row: str, col: str) -> CellValue | None:
    t = tables.get(table)
    if t is None:
        return None
    index = col_index(spec, row, col)
    if index is None:
        return None
    return t.cell(row, index)
