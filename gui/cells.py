"""Naming and addressing the cells of a report, shared by the grid, the findings panel and
the undo commands."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from core.model import CellRef, Extraction, Finding, Number
from core.template import TableSpec



def table_name(key: str) -> str:
    """表二/表三/表四 (as the template names them), 基本信息 (metadata), 正文 (prose)."""
    names = {
        "t2": QCoreApplication.translate("Cells", "表二"),
        "t3": QCoreApplication.translate("Cells", "表三"),
        "t4": QCoreApplication.translate("Cells", "表四"),
        "meta": QCoreApplication.translate("Cells", "基本信息"),
        "text": QCoreApplication.translate("Cells", "正文"),
    }
    return names.get(key, key)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def col_index(spec: TableSpec, row_key: str, col_key: str) -> int | None:
    try:
        keys = [c.key for c in spec.row(row_key).columns]
    except KeyError:
        return None
    return keys.index(col_key) if col_key in keys else None


def format_number(value: Number | None) -> str:
    if value is None:
        return "空"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def short_row_label(spec: TableSpec, row_key: str) -> str:
    """A row's label short enough for an undo entry: numbering dropped, long labels
    replaced by the fragment the template recognises them by ("本年新收")."""
    row = spec.row(row_key)
    label = _NUMBERING.sub("", row.label).replace("行政诉讼·", "")
    if len(label) <= 8:
        return label
    fragment = row.match[0] if row.match else ""
    return fragment if fragment and fragment in row.label else label[:7] + "…"


def cell_name(spec: TableSpec, row_key: str, col_key: str) -> str:
    """"表三 自然人/本年新收", "表二 规章/本年制发件数", "表四 行政复议/结果维持"."""
    row = short_row_label(spec, row_key)
    col = next((c.label for c in spec.row(row_key).columns if c.key == col_key), col_key)
    if spec.key == "t3":
        return f"{spec.name} {col}/{row}"
    return f"{spec.name} {row}/{col}"


def touches_row(finding: Finding, table: str, row_key: str) -> bool:
    """Whether a finding is about a whole row (e.g. a missing row), for its label cell."""
    return any(t == table and r == row_key and c is None for t, r, c in finding.cells)


def finding_tables(finding: Finding) -> list[str]:
    return list(dict.fromkeys(ref[0] for ref in finding.cells))


def describe_location(ext: Extraction | None, finding: Finding) -> str:
    """Where a finding is, in words: the culprit or the first cell, or the source location."""
    ref: CellRef | None = finding.culprit or next((c for c in finding.cells if c[0] in ("t2", "t3", "t4")), None)
    if ref is not None and ext is not None:
        table, row, col = ref
        spec = ext.spec(table)
        if row is None:
            return spec.name
        if not spec.has_row(row):
            return f"{spec.name} {row}"
        if col is None:
            return f"{spec.name} {short_row_label(spec, row)}"
        return cell_name(spec, row, col)
    if finding.loc is not None:
        return finding.loc.describe()
    if finding.cells:
        table, row, _ = finding.cells[0]
        if table == "text" and row:
            return QCoreApplication.translate("Cells", "正文第{n}部分").format(n=row)
        return table_name(table)
    return ""
