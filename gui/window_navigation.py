"""Showing a finding or a cell: selecting it in the grid and scrolling the source to where it
is printed. ``Navigator`` is given the tables, the source pane, the findings panel, the split
between them and the holder of the open report; it changes no value."""

from __future__ import annotations

from PySide6.QtCore import QObject

from core.document import Location
from core.model import Finding
from core.template import TABLE_KEYS

from gui.current_report import CurrentReport
from gui.findings_panel import FindingsPanel
from gui.roles import SeverityRole
from gui.source_pane import SourcePane
from gui.tables_pane import TablesPane
from gui.window_layout import SplitFit


class Navigator(QObject):
    def __init__(self, current: CurrentReport, tables: TablesPane, source: SourcePane, findings: FindingsPanel,
                 split_fit: SplitFit) -> None:
        super().__init__(current)
        self.current = current
        self.tables = tables
        self.source = source
        self.findings = findings
        self.split_fit = split_fit

    def land_on_first_finding(self) -> None:
        """A report just opened starts at the top-left of every table (not where the previous
        report was scrolled to), then shows its first finding in the reviewer's order: its
        cells selected and scrolled into view, its place in the source."""
        for view in self.tables.views.values():
            view.scrollToTop()
            view.horizontalScrollBar().setValue(0)
        self.findings.table.scrollToTop()
        self.split_fit.fit()  # the room the findings need depends on how many there are
        first = self.findings.proxy.index(0, 0)
        if first.isValid() and first.data(SeverityRole) != "info":
            self.findings.select_row(0)

    def show_cell_source(self, table: str, row: str | None, col: str | None) -> bool:
        if self.current.session is None:
            return False
        return self.source.show_location(self._cell_location(table, row, col))

    def _cell_location(self, table: str, row: str | None, col: str | None) -> Location | None:
        session = self.current.session
        assert session is not None
        extracted = session.extraction.tables.get(table)
        if extracted is None:
            return None
        if row is not None and col is not None:
            cell = session.cell(table, row, col)
            if cell is not None and cell.loc is not None:
                return cell.loc
        if row is not None and row in extracted.row_locs:
            return extracted.row_locs[row]
        return extracted.loc

    def select_cell(self, table: str, row: str, col: str) -> None:
        model = self.tables.models.get(table)
        if model is None:
            return
        index = model.index_of(row, col)
        if index.isValid():
            self.tables.select_cells(table, [index])
            self.show_cell_source(table, row, col)

    def show_finding(self, finding: Finding) -> None:
        """Select the finding's cells and show where it is in the source."""
        if self.current.session is None:
            return
        table_refs = [ref for ref in finding.cells if ref[0] in TABLE_KEYS]
        if finding.fixes:
            # A grouped finding (a 总计 column left blank) selects the cells to fill, not the
            # whole block of terms: those keep their highlight beside the selection.
            table_refs = [ref for ref, _value in finding.fixes if ref[0] in TABLE_KEYS]
        target = finding.culprit[0] if finding.culprit else (table_refs[0][0] if table_refs else None)
        if target is not None:
            model = self.tables.models[target]
            indexes = []
            for t, row, col in table_refs:
                if t != target:
                    continue
                found = model.value_indexes(row, col)
                if not found and row is not None:
                    label = model.row_label_index(row)
                    found = [label] if label.isValid() else []
                indexes.extend(found)
            if finding.culprit is not None and finding.culprit[0] == target:
                first = model.index_of(finding.culprit[1] or "", finding.culprit[2] or "")
                if first.isValid():
                    indexes = [first] + [i for i in indexes if i != first]
            self.tables.select_cells(target, indexes)
        if self.source.show_location(self._finding_location(finding)):
            return
        ref = finding.culprit or (table_refs[0] if table_refs else None)
        if ref is not None:
            self.show_cell_source(ref[0], ref[1], ref[2])

    def _finding_location(self, finding: Finding) -> Location | None:
        session = self.current.session
        assert session is not None
        if finding.loc is not None:
            return finding.loc
        meta = session.extraction.meta
        for table, row, _col in finding.cells:
            if table == "text" and row in meta.sections:
                return meta.sections[row][1]
            if table == "meta":
                loc = {"title": meta.title_loc, "year": meta.title_loc, "period": meta.period_loc,
                       "agency": meta.signature_loc, "signature": meta.signature_loc}.get(row or "")
                if loc is not None:
                    return loc
        ref = finding.culprit or next((c for c in finding.cells if c[0] in TABLE_KEYS), None)
        return self._cell_location(*ref) if ref is not None else None
