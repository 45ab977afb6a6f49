"""How a batch's files are counted, the same in the CLI's closing line, the window's status
line and the summary: every file is one of a report checked (with errors, with warnings only,
or clean), unreadable, not a report, or skipped on purpose — the parts add up to the files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.model import Report


@dataclass(frozen=True)
class Tally:
    files: int = 0
    errors: int = 0  # reports with an error-severity finding
    warnings: int = 0  # reports with warnings and no error
    clean: int = 0  # reports without errors or warnings
    unreadable: int = 0
    not_report: int = 0
    skipped: int = 0
    unchecked: int = 0  # not checked (the batch was cancelled)

    @property
    def reports(self) -> int:
        """Reports checked: what the counts, the letters and the 合计 are about."""
        return self.errors + self.warnings + self.clean


def verdict_key(report: Report | None) -> str:
    """"error" / "warning" / "ok" / "unreadable" / "not_report" / "skipped" / "unchecked"."""
    if report is None:
        return "unchecked"
    if report.status in ("unreadable", "not_report", "skipped"):
        return report.status
    counts = report.counts
    return "error" if counts["error"] else "warning" if counts["warning"] else "ok"


def tally(reports: Iterable[Report | None]) -> Tally:
    keys = [verdict_key(r) for r in reports]
    return Tally(files=len(keys), errors=keys.count("error"), warnings=keys.count("warning"), clean=keys.count("ok"),
                 unreadable=keys.count("unreadable"), not_report=keys.count("not_report"), skipped=keys.count("skipped"),
                 unchecked=keys.count("unchecked"))


def tally_line(t: Tally) -> str:
    """“共 30 个文件：检查了 25 份报告（3 份有错误，4 份有警告，18 份未发现问题），2 个无法读取，2 个不是年度报告，1 个已跳过”."""
    parts = [f"检查了 {t.reports} 份报告（{t.errors} 份有错误，{t.warnings} 份有警告，{t.clean} 份未发现问题）"]
    if t.unreadable:
        parts.append(f"{t.unreadable} 个无法读取")
    if t.not_report:
        parts.append(f"{t.not_report} 个不是年度报告")
    if t.skipped:
        parts.append(f"{t.skipped} 个已跳过")
    if t.unchecked:
        parts.append(f"{t.unchecked} 个未检查")
    return f"共 {t.files} 个文件：" + "，".join(parts)
