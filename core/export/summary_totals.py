"""What the 合计 and 图表 sheets of the batch summary say, decided before any sheet is drawn.

合计: every cell of tables 二/三/四 summed over the reports of the batch, one set of tables per
template version (a table is summed in the layout it was printed in, so a report mixing a
2021 table 二 with a 2019 table 三 adds to each version's table it printed). A table is added
only when every one of its cells was read with confidence: a report that could not be read,
lost a table, or has a cell missing, doubtful or not a number is listed with the reason and
left out of that table's sums — never silently added as 0. The reader of the sheet sees how
many reports each table's sums cover.

图表: reports by verdict, and the ten rules found most often (dismissed findings apart).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.dismissals import Dismissal, split_dismissed
from core.model import Number, Report
from core.template import template_for

TABLES = ("t2", "t3", "t4")
# Cell states whose value is what the report prints (inferred: the source lost the cell but
# the sums leave one value). Anything else — missing, text, and the readers' doubtful
# states such as "uncertain" — keeps the table out of the sums.
SUMMABLE = ("ok", "blank", "inferred")
TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}

Dismissals = Mapping[str, Mapping[str, Dismissal]]


@dataclass
class VersionTotals:
    version: str  # "2021" / "2019"
    sums: dict[tuple[str, str, str], Number] = field(default_factory=dict)
    counted: dict[str, list[Report]] = field(default_factory=dict)  # table → reports added

    def value(self, table: str, row: str, col: str) -> Number:
        return self.sums.get((table, row, col), 0)


@dataclass(frozen=True)
class LeftOut:
    report: Report
    tables: tuple[str, ...]  # the tables not added ("t2", …); all three for an unreadable file
    reason: str


@dataclass
class Totals:
    versions: list[VersionTotals]
    left_out: list[LeftOut]


def batch_totals(reports: Sequence[Report]) -> Totals:
    by_version: dict[str, VersionTotals] = {}
    left_out: list[LeftOut] = []
    for report in reports:
        if not report.is_report:
            continue  # a notice or a cover letter has no place in the 合计, not even as left out
        ext = report.extraction
        if report.status == "unreadable" or ext is None:
            left_out.append(LeftOut(report, TABLES, f"无法读取：{report.error or '文件无法打开'}"))
            continue
        skipped: list[str] = []
        reasons: list[str] = []
        for key in TABLES:
            why = _why_not_summed(report, key)
            if why is not None:
                skipped.append(key)
                reasons.append(why)
                continue
            version = ext.table_versions.get(key, ext.template) or "2021"
            totals = by_version.setdefault(version, VersionTotals(version))
            spec = template_for(version).table(key)
            table = ext.tables[key]
            for row in spec.rows:
                for index, col in enumerate(row.columns):
                    ref = (key, row.key, col.key)
                    totals.sums[ref] = totals.sums.get(ref, 0) + table.rows[row.key][index].number
            totals.counted.setdefault(key, []).append(report)
        if skipped:
            left_out.append(LeftOut(report, tuple(skipped), "；".join(reasons)))
    versions = [by_version[v] for v in sorted(by_version, reverse=True)]  # 2021 first
    return Totals(versions, left_out)


def _why_not_summed(report: Report, key: str) -> str | None:
    ext = report.extraction
    assert ext is not None
    name = TABLE_ZH[key]
    table = ext.tables.get(key)
    if table is None:
        return f"{name}未能读出" if key in ext.unparsed_tables else f"未找到{name}"
    spec = ext.spec(key)
    doubtful = 0
    for row in spec.rows:
        cells = table.rows.get(row.key)
        if cells is None or len(cells) < len(row.columns):
            doubtful += len(row.columns) - (len(cells) if cells else 0)
            continue
        doubtful += sum(1 for c in cells[: len(row.columns)] if c.state not in SUMMABLE or c.value is None and c.state != "blank")
    if doubtful:
        return f"{name}有 {doubtful} 个单元格未能确定读数"
    return None


# ----------------------------------------------------------------------------- charts

VERDICTS = ("有错误", "有警告", "未发现问题", "无法读取")


@dataclass(frozen=True)
class RuleCount:
    rule: str
    findings: int  # open findings of the rule over the batch
    reports: int  # reports with at least one
    dismissed: int  # findings of the rule the agencies checked and dismissed
    example: str  # the first message, to say what the rule is about


def verdict(report: Report) -> str:
    if report.status == "unreadable":
        return "无法读取"
    if report.status == "not_report":
        return "不是年度报告"
    if report.status == "skipped":
        return "已跳过"
    counts = report.counts
    if counts["error"]:
        return "有错误"
    if counts["warning"]:
        return "有警告"
    return "未发现问题"


def verdict_counts(reports: Sequence[Report]) -> list[tuple[str, int]]:
    counts = Counter(verdict(r) for r in reports)
    return [(v, counts.get(v, 0)) for v in VERDICTS]


def top_rules(reports: Sequence[Report], dismissals: Dismissals | None = None, n: int = 10) -> list[RuleCount]:
    findings: Counter[str] = Counter()
    dismissed: Counter[str] = Counter()
    per_report: Counter[str] = Counter()
    example: dict[str, str] = {}
    for report in reports:
        open_, gone = split_dismissed(report.findings, dict((dismissals or {}).get(report.file, {})))
        for f in open_:
            findings[f.rule] += 1
            example.setdefault(f.rule, f.message)
        for f, _ in gone:
            dismissed[f.rule] += 1
        for rule in {f.rule for f in open_}:
            per_report[rule] += 1
    ranked = sorted(findings, key=lambda rule: (-findings[rule], -per_report[rule], rule))[:n]
    return [RuleCount(rule, findings[rule], per_report[rule], dismissed[rule], example[rule]) for rule in ranked]


def report_name(report: Report) -> str:
    meta = report.extraction.meta if report.extraction else None
    agency = meta.agency if meta and meta.agency else ""
    year = f"{meta.year}年" if meta and meta.year else ""
    return f"{agency}{year}（{Path(report.file).name}）" if agency or year else Path(report.file).name
