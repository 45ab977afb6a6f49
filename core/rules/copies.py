"""Table 三 printed more than once, and two reports in one file (the copies are found by
core/extract/copies.py). A clerk who pasted the table twice gets a verdict on one copy while
the other says something else. Two copies are a finding in themselves; a copy whose numbers
differ from the one checked, or whose own sums fail, is an error, because the reader of the
report cannot know which copy is meant.
"""

from __future__ import annotations

import copy
import dataclasses

from core.model import Extraction, Finding, TableCopy
from core.rules.arithmetic import check_identities
from core.template import template_for

_VERSION_ZH = {"2021": "2021 年格式", "2019": "2019 年试行格式"}


def check_copies(ext: Extraction) -> list[Finding]:
    """Findings about copies of table 三 beyond the one in ``ext``, and about a second
    report (two report titles or more)."""
    copies = ext.t3_copies
    if not copies or ext.tables.get("t3") is None:
        return []
    titles = ext.report_titles
    out: list[Finding] = []
    if titles >= 2:
        out.append(Finding("S-TWO-REPORTS", "warning",
                           f"这个文件里有 {titles} 份年度报告（标题出现了 {titles} 次），检查结果针对第一份；"
                           "请把每份报告另存为单独的文件分别检查。", [("text", None, None)]))
    checked_version = ext.table_versions.get("t3", ext.template or "2021")
    for number, result in enumerate(copies, start=2):
        out.extend(_compare(ext, result, number, checked_version, titles >= 2))
    return out


def _compare(ext: Extraction, result: TableCopy, number: int, checked_version: str, other_report: bool) -> list[Finding]:
    table = result.table
    assert table is not None
    which = f"第{number}份表三" if not other_report else f"第{number}份报告的表三"
    version = result.version or "2021"
    out: list[Finding] = []
    if version != checked_version:
        out.append(Finding("S-VERSION-MIX", "error",
                           f"表三印了两份，格式不同：检查的一份是{_VERSION_ZH.get(checked_version, checked_version)}，"
                           f"{which}是{_VERSION_ZH.get(version, version)}；同一份报告只能使用一种格式，请删去不用的一份。",
                           [("t3", None, None)]))
        return out
    primary = ext.tables["t3"]
    spec = template_for(version).t3
    differ: list[tuple[str, str, object, object]] = []
    for row in spec.rows:
        mine, theirs = primary.rows.get(row.key), table.rows.get(row.key)
        if mine is None or theirs is None:
            continue
        for col, a, b in zip(row.columns, mine, theirs):
            if a.value is not None and b.value is not None and a.value != b.value:
                differ.append((row.key, col.key, a.value, b.value))
    if not other_report:
        if differ:
            shown = "；".join(f"“{_row_label(spec, r)}/{_col_label(spec, r, c)}”{a} 与 {b}" for r, c, a, b in differ[:3])
            more = f"等 {len(differ)} 处" if len(differ) > 3 else ""
            out.append(Finding("S-COPY", "error",
                               f"表三印了两份，数值不同（{shown}{more}）；请核对哪一份正确，删去另一份。",
                               [("t3", r, c) for r, c, _, _ in differ]))
        else:
            out.append(Finding("S-COPY", "warning", f"表三印了两份（{which}与检查的一份数值相同）；请删去多余的一份。",
                               [("t3", None, None)]))
    out.extend(_copy_arithmetic(ext, result, which))
    return out


def _copy_arithmetic(ext: Extraction, result: TableCopy, which: str) -> list[Finding]:
    """The copy's own sums, checked as if it were the table read."""
    other = copy.copy(ext)
    other.tables = {**ext.tables, "t3": result.table}  # type: ignore[dict-item]
    other.table_versions = {**ext.table_versions, "t3": result.version or "2021"}
    checked = {(f.rule, f.message) for f in check_identities(ext)}
    out = []
    for f in check_identities(other):
        if f.severity != "error" or not f.rule.startswith("T3") or (f.rule, f.message) in checked:
            continue
        # The copy's cells are not the grid's: the finding points at the table as a whole.
        out.append(dataclasses.replace(f, message=f"{which}：{f.message}", cells=[("t3", None, None)],
                                       expected=None, actual=None, culprit=None, fix=None))
    return out


def _row_label(spec, key: str) -> str:  # type: ignore[no-untyped-def]
    return str(spec.row(key).label)


def _col_label(spec, row: str, col: str) -> str:  # type: ignore[no-untyped-def]
    return next((str(c.label) for c in spec.row(row).columns if c.key == col), col)
