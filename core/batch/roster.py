"""报送台账: the list of units that must report, against the reports of a batch.

A supervisor keeps the list as a column of names in a workbook or a CSV file. Reports are
matched to units by the agency the report prints, with the agency matching the cross-year
pairing uses (``core.batch.crossyear.agency_key`` / ``same_agency``: "洪泽区人民政府" is
"淮安市洪泽区人民政府"). Each unit ends up 已报送, 未报送, 重复报送 (two reports of the year),
or 年度不符 (only reports of another year); reports no unit claims are 名单外.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.batch.crossyear import agency_key, same_agency
from core.model import Report

SUBMITTED = "已报送"
MISSING = "未报送"
TWICE = "重复报送"
WRONG_YEAR = "年度不符"
OUTSIDE = "名单外"

# Headers naming the column of units, most telling first.
_NAME_HEADERS = ("单位名称", "报送单位", "单位", "机关名称", "机关", "部门", "名称")


class RosterError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class UnitStatus:
    unit: str
    status: str
    reports: list[int] = field(default_factory=list)  # indexes into the batch's reports
    note: str = ""


@dataclass
class RosterResult:
    units: list[UnitStatus]
    outside: list[int]  # reports matching no unit
    by_report: dict[int, str]  # report index → the unit it was matched to

    def named(self, status: str) -> list[str]:
        return [u.unit for u in self.units if u.status == status]

    def count(self, status: str) -> int:
        return sum(1 for u in self.units if u.status == status)

    def summary(self) -> str:
        parts = [f"应报 {len(self.units)} 个单位", f"已报送 {self.count(SUBMITTED) + self.count(TWICE)}",
                 f"未报送 {self.count(MISSING)}"]
        if self.count(TWICE):
            parts.append(f"重复报送 {self.count(TWICE)}")
        if self.count(WRONG_YEAR):
            parts.append(f"年度不符 {self.count(WRONG_YEAR)}")
        if self.outside:
            parts.append(f"名单外 {len(self.outside)} 份")
        return "，".join(parts)


# ----------------------------------------------------------------------------- loading


def load_roster(path: str | os.PathLike[str]) -> list[str]:
    """The unit names of a roster file (.xlsx / .xlsm or .csv / .txt): the column headed
    单位/名称/机关…, else the first column holding text; blanks, repeats and a 序号 column
    are left out. Raises RosterError with a Chinese sentence."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            rows = _xlsx_rows(p)
        elif suffix in (".csv", ".txt"):
            rows = _csv_rows(p)
        else:
            raise RosterError(f"报送名单“{p.name}”不是 .xlsx 或 .csv 文件；请把名单另存为 Excel 工作簿或 CSV。")
    except FileNotFoundError:
        raise RosterError(f"报送名单“{p.name}”不存在；请重新选择。") from None
    except RosterError:
        raise
    except Exception as exc:  # noqa: BLE001 — a broken workbook is the clerk's file, said in Chinese
        raise RosterError(f"报送名单“{p.name}”无法读取（{exc.__class__.__name__}）；请用 Excel 或 WPS 打开后另存一份再试。") from None
    names = _names(rows)
    if not names:
        raise RosterError(f"报送名单“{p.name}”中没有找到单位名称；请把单位名称放在第一列（或标题为“单位名称”的列）。")
    return names


def _xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    # Excel on Chinese Windows saves CSV as GBK; others as UTF-8 (with or without BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(f"报送名单“{path.name}”的编码无法识别；请在 Excel 中另存为“CSV UTF-8”。")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _names(rows: list[list[str]]) -> list[str]:
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    column, start = None, 0
    for header in _NAME_HEADERS:
        for i, cell in enumerate(rows[0]):
            if header in cell.replace(" ", ""):
                column, start = i, 1
                break
        if column is not None:
            break
    if column is None:
        width = max(len(r) for r in rows)
        texty = [i for i in range(width)
                 if sum(1 for r in rows if i < len(r) and r[i] and not r[i].replace(".", "").isdigit()) >= len(rows) / 2]
        column = texty[0] if texty else 0
    out: list[str] = []
    seen: set[str] = set()
    for r in rows[start:]:
        name = r[column].strip() if column < len(r) else ""
        key = agency_key(name)
        if not name or key is None or key in seen:
            continue
        seen.add(key)
        out.append(name)
    return out


# ----------------------------------------------------------------------------- matching


def match_roster(units: Sequence[str], reports: Sequence[Report | None], year: int | None = None) -> RosterResult:
    """Which report belongs to which unit, and each unit's standing. ``year``: the report year
    being collected; None takes the year most reports print (none when two years tie)."""
    keys = [agency_key(u) for u in units]
    if year is None:
        years = [r.extraction.meta.year for r in reports
                 if r is not None and r.is_report and r.extraction and r.extraction.meta.year]
        counts = sorted(((years.count(y), y) for y in set(years)), reverse=True)
        # The year most reports print; a tie says nothing about which year is collected.
        year = counts[0][1] if counts and (len(counts) == 1 or counts[0][0] > counts[1][0]) else None
    by_unit: dict[int, list[int]] = {i: [] for i in range(len(units))}
    by_report: dict[int, str] = {}
    outside: list[int] = []
    for j, report in enumerate(reports):
        if report is None or not report.is_report:
            continue  # a notice or a cover letter is no unit's report
        key = agency_key(report.extraction.meta.agency) if report.extraction else None
        unit = _unit_of(key, keys)
        if unit is None:
            outside.append(j)
            continue
        by_unit[unit].append(j)
        by_report[j] = units[unit]
    statuses = []
    for i, unit in enumerate(units):
        mine = by_unit[i]
        right = [j for j in mine if year is None or _year(reports[j]) in (year, None)]
        if not mine:
            statuses.append(UnitStatus(unit, MISSING))
        elif len(right) >= 2:
            statuses.append(UnitStatus(unit, TWICE, mine, f"报送了 {len(right)} 份{year or ''}{'年度' if year else ''}报告"))
        elif right:
            statuses.append(UnitStatus(unit, SUBMITTED, mine))
        else:
            got = "、".join(str(_year(reports[j]) or "未识别") for j in mine)
            statuses.append(UnitStatus(unit, WRONG_YEAR, mine, f"应报 {year} 年度，收到的是 {got} 年度的报告"))
    return RosterResult(statuses, outside, by_report)


def _year(report: Report | None) -> int | None:
    return report.extraction.meta.year if report is not None and report.extraction else None


def _unit_of(key: str | None, keys: Sequence[str | None]) -> int | None:
    """The unit whose name is the report's agency: an exact key, else the one loose match
    (two loose matches — two counties' bureaus for a city-level name — match neither)."""
    if not key:
        return None
    exact = [i for i, k in enumerate(keys) if k == key]
    if exact:
        return exact[0]
    loose = [i for i, k in enumerate(keys) if same_agency(k, key)]
    return loose[0] if len(loose) == 1 else None
