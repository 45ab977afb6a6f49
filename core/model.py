"""What extraction produces and rules consume: tables in template keys with the source
location of every cell, the report's metadata and prose, and findings.

The JSON produced by ``Report.to_json`` is the contract in ../shared/cli-contract.md.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from core.document import Document, Location
from core.template import TABLE_KEYS, TableSpec, template_for

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def review_rank(finding: "Finding") -> int:
    """Where a reviewer reads a finding: an error with a value to write first, then other
    errors, then warnings, then information. Sorting by it is stable, so the rules' own order
    (table by table, row by row) holds within each rank."""
    if finding.severity == "error":
        return 0 if (finding.fix is not None or finding.expected is not None) else 1
    return 2 if finding.severity == "warning" else 3


def in_review_order(findings: "list[Finding]") -> "list[Finding]":
    return sorted(findings, key=review_rank)

CellState = Literal["ok", "blank", "missing", "text", "inferred", "uncertain"]
Number = int | float
CellRef = tuple[str, str | None, str | None]  # (table, row, column) as in the contract


@dataclass
class CellValue:
    """One numeric cell of a table as printed.

    state: ``ok`` a number; ``blank`` printed empty / — / / / 无 (arithmetic uses 0);
    ``missing`` the reader could not find the cell; ``text`` something that is not a number
    ("详见附件"); ``inferred`` the source lost the cell but the template's sums leave only
    one possible value (seed 000's all-zero rows with a dropped cell); ``uncertain`` read by
    OCR and still in doubt after a re-read (``value`` is the likeliest reading, ``candidates``
    the readings seen): a reading warning (X-OCR), never an arithmetic error.
    """

    value: Number | None
    state: CellState = "ok"
    raw: str | None = None
    loc: Location | None = None
    unit: str | None = None  # a unit printed inside the cell ("元", "万元")
    ocr: bool = False  # read from a page image (core/producers/ocr), not from a text layer
    candidates: tuple[Number | None, ...] = ()  # for ``uncertain``: the readings seen
    crop_png: bytes | None = None  # for ``uncertain``: the cell's picture, for the clerk to look at
    confirmed: bool = False  # a person typed or confirmed this value: reading notes on it are settled

    @property
    def number(self) -> Number:
        """The value arithmetic uses: blanks and unreadable cells count as 0."""
        return self.value if self.value is not None else 0

    @property
    def known(self) -> bool:
        """True when the value is really known (a number, or printed blank = 0)."""
        return self.state in ("ok", "blank", "inferred")


@dataclass
class ExtractedTable:
    key: str  # t2 / t3 / t4
    rows: dict[str, list[CellValue]]  # template row key → cells in template column order
    loc: Location | None = None  # where the table starts in the source
    row_locs: dict[str, Location] = field(default_factory=dict)  # where each row label is
    row_labels: dict[str, str] = field(default_factory=dict)  # each row's label as printed
    extra_rows: list[str] = field(default_factory=list)  # labels printed that the template lacks
    missing_columns: list[str] = field(default_factory=list)  # t3 columns absent from the header

    def cell(self, row: str, col_index: int) -> CellValue | None:
        cells = self.rows.get(row)
        if cells is None or col_index >= len(cells):
            return None
        return cells[col_index]


@dataclass
class Dated:
    """A date or year read from the document, with where it was read."""

    value: date | None
    text: str
    loc: Location | None = None


@dataclass
class Sentence:
    """A sentence of the prose, in the simplified text, with its section and location."""

    text: str
    section: str | None  # "一" … "六" or None before section 一
    loc: Location | None = None


@dataclass
class Meta:
    title: str | None = None
    title_loc: Location | None = None
    agency: str | None = None
    year: int | None = None  # report year from the title
    period_start: Dated | None = None
    period_end: Dated | None = None
    period_text: str | None = None
    period_loc: Location | None = None
    signature_agency: str | None = None
    signature_loc: Location | None = None
    signature_date: Dated | None = None
    publish_date: Dated | None = None  # page metadata (发布时间) when the scrape kept it
    # The sections found: number → (heading as printed, location, order of appearance)
    sections: dict[str, tuple[str, Location | None]] = field(default_factory=dict)
    section_order: list[str] = field(default_factory=list)
    # Sections not found under their own numeral but present by their words ("一、主动公开
    # 政府信息情况" where 二 is due): number → (line as printed, location).
    headings_by_words: dict[str, tuple[str, Location | None]] = field(default_factory=dict)
    # Sections whose heading is lost but whose content is there (a conversion dropped "五、…"
    # while "（一）主要问题" / "（二）改进情况" follow): number → (sub-headings found, location).
    section_content: dict[str, tuple[list[str], Location | None]] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    section_text: dict[str, str] = field(default_factory=dict)  # simplified prose per section


@dataclass(frozen=True)
class IdentitySums:
    """One failing identity of the template: its rule, which row or column (Chinese, as in
    the messages) and the sums of its two sides as printed (left ≠ right)."""

    rule: str
    scope: str
    left: Number
    right: Number

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "scope": self.scope, "left": self.left, "right": self.right}


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    cells: list[CellRef] = field(default_factory=list)
    expected: Number | None = None
    actual: Number | None = None
    # The single cell most likely wrong, where the rules can tell (e.g. the crossing point of
    # a failing row sum and a failing column identity), and the value that would fix it.
    culprit: CellRef | None = None
    fix: Number | None = None
    loc: Location | None = None  # for prose / meta findings: where the sentence is
    # Cross-year findings (core/batch/crossyear.py) compare with another year's report of the same
    # agency: the path of that file as given. An extension of ../shared/cli-contract.md,
    # serialised as "other_file" only when set, so single-report output is unchanged.
    other_file: str | None = None
    # One root cause, one finding: a 总计 column left blank in eleven rows is one finding whose
    # every cell to fill is listed here with its value (``culprit``/``fix`` keep the first, for
    # readers of one cell). An extension of the contract, serialised as "fixes" only when set.
    fixes: list[tuple[CellRef, Number]] = field(default_factory=list)
    # The arithmetic identities this finding is about, with both sides as printed: one for a
    # single failing identity, several when one cell breaks them all (one root cause, one
    # finding; core/rules/root_cause.py). ``expected``/``actual`` then describe the cell to
    # change (its fix and its printed value), the identity's own sums are here. An extension
    # of the contract, serialised as "identities" only when set.
    identities: list["IdentitySums"] = field(default_factory=list)

    def cell_fixes(self) -> list[tuple[CellRef, Number]]:
        """Every (cell, value) this finding suggests writing: ``fixes``, else its one culprit."""
        if self.fixes:
            return list(self.fixes)
        if self.culprit is not None and self.fix is not None and self.culprit[1] and self.culprit[2]:
            return [(self.culprit, self.fix)]
        return []

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "cells": [list(c) for c in self.cells],
            "expected": self.expected,
            "actual": self.actual,
        }
        if self.culprit is not None:
            out["culprit"] = list(self.culprit)
        if self.fix is not None:
            out["fix"] = self.fix
        if self.loc is not None:
            out["location"] = self.loc.describe()
        if self.other_file is not None:
            out["other_file"] = self.other_file
        if self.fixes:
            out["fixes"] = [{"cell": list(ref), "value": value} for ref, value in self.fixes]
        if self.identities:
            out["identities"] = [i.to_json() for i in self.identities]
        return out


@dataclass
class TableCopy:
    """A further printed copy of table 三, beyond the one read (core/extract/copies.py): the
    rules compare it with the table read and check its own sums (core/rules/copies.py)."""

    table: ExtractedTable
    version: str | None


@dataclass
class Extraction:
    """Everything read from one document: the input of the rules, and what the window edits."""

    template: str | None  # "2021" / "2019" / None when no table was found
    tables: dict[str, ExtractedTable]
    meta: Meta
    # The layout each table was printed in. Usually all equal ``template``; a report that mixes
    # a 2021 table 二 with a 2019 table 三 (S-VERSION-MIX) is shown and checked table by table.
    table_versions: dict[str, str] = field(default_factory=dict)
    notes: list[Finding] = field(default_factory=list)  # findings made while reading
    # Table keys whose heading was found but whose cells could not be read (tables as images,
    # a scrape that dropped them): reported as unreadable, not as missing.
    unparsed_tables: list[str] = field(default_factory=list)
    # Pages (1-based) whose text came from OCR (a scan, a picture): findings resting on what
    # was read there are reading doubts, not errors (core/rules/reading.py soften_ocr).
    ocr_pages: set[int] = field(default_factory=set)
    # Table 三 printed again beyond the one read, in print order; and how many report titles
    # the text holds (two or more with a copy: two reports in one file).
    t3_copies: list[TableCopy] = field(default_factory=list)
    report_titles: int = 0

    def spec(self, table: str) -> "TableSpec":
        """The template declaration the table was printed in: grid, export and rules use it."""
        return template_for(self.table_versions.get(table, self.template)).table(table)

    def read_tables(self) -> Iterator[tuple[str, ExtractedTable, TableSpec]]:
        """Each table that was read, in template order (二, 三, 四), with its declaration."""
        for key in TABLE_KEYS:
            table = self.tables.get(key)
            if table is not None:
                yield key, table, self.spec(key)

    def value(self, table: str, row: str, col_index: int) -> CellValue | None:
        t = self.tables.get(table)
        return t.cell(row, col_index) if t else None

    def with_value(self, table: str, row: str, col_index: int, value: Number | None) -> "Extraction":
        """A copy with one cell changed, as an edit in the window makes it."""
        clone = copy.deepcopy(self)
        cell = clone.tables[table].rows[row][col_index]
        cell.value = value
        cell.state = "ok" if value is not None else "blank"
        cell.unit = None
        cell.candidates = ()  # the clerk has looked: no longer in doubt
        cell.crop_png = None
        cell.confirmed = True
        return clone


# Statuses of files that are no report: not counted, no letter, not in the totals.
NOT_REPORT_STATUSES = ("not_report", "skipped")


@dataclass
class Report:
    file: str
    format: str | None
    # "not_report": read, and not a 政府信息公开工作年度报告 (a notice, a cover letter…);
    # "skipped": met in a folder and left out on purpose (an Office lock file, our own
    # output). Both carry their reason in ``error`` and are no report for counts and totals.
    status: Literal["ok", "findings", "unreadable", "not_report", "skipped"]
    error: str | None = None
    extraction: Extraction | None = None
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    # Some text was read from page images (scans, pictures): kept here, not only on the
    # document, because the batch drops documents to save memory.
    ocr: bool = False

    @property
    def template(self) -> str | None:
        return self.extraction.template if self.extraction else None

    @property
    def is_report(self) -> bool:
        """A report (read or not): what the counts, the letters and the 合计 are about."""
        return self.status not in NOT_REPORT_STATUSES

    @property
    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_json(self) -> dict[str, object]:
        ext = self.extraction
        tables: dict[str, dict[str, list[Number | None]]] = {}
        if ext is not None:
            for key in ("t2", "t3", "t4"):
                table = ext.tables.get(key)
                if table is None:
                    continue
                tables[key] = {row: [c.value for c in cells] for row, cells in table.rows.items()}
        meta = ext.meta if ext else None
        out: dict[str, object] = {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "format": self.format,
            "template": ext.template if ext else None,
            "agency": meta.agency if meta else None,
            "year": meta.year if meta else None,
            "tables": tables,
            "findings": [f.to_json() for f in self.findings],
        }
        if self.ocr:
            # An extension of the contract: present (and true) only when some text was read
            # from page images, so the output of text-layer files is unchanged.
            out["ocr"] = True
        return out
