"""Start this year's draft from last year's report (any format the checker reads, a scan
included) or from nothing.

What is taken from last year: its tables mapped onto the 2021 rows (core/template.py
``ROWS_2019_TO_2021`` for a 2019-format report), of which the draft uses 结转下年度继续办理
(this year's 上年结转, marked carried) and 现行有效件数 (the base of this year's expected stock).
A cell last year's report did not print legibly is not carried: it is left empty and named.
"""

from __future__ import annotations

from core.draft_file import Draft, LastYear, Ref
from core.model import Report
from core.template import ROWS_2019_TO_2021, TEMPLATE_2021, cell_label, template_for


class StartError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_draft(year: int | None = None, agency: str | None = None, previous: Report | None = None) -> Draft:
    """A draft for ``year`` (default: the year after last year's report) of ``agency``
    (default: last year's). Raises StartError with a Chinese message when there is not
    enough to start from."""
    last = _last_year(previous) if previous is not None else None
    if year is None:
        if last is None or last.year is None:
            raise StartError("请指定报告年度（如 --year 2024）：上年报告中没有读出年度。" if last else "请指定报告年度（如 --year 2024）。")
        year = last.year + 1
    if not agency:
        agency = (last.agency if last else None) or ""
    if not agency.strip():
        raise StartError("请填写单位名称（如 --agency 淮安市洪泽区人民政府）：上年报告中没有读出单位。" if last
                         else "请填写单位名称（如 --agency 淮安市洪泽区人民政府）。")
    if year < 2021:
        raise StartError(f"{year} 年度的报告使用 2019 年试行格式；新建年度报告只支持 2021 年起的年度。")
    draft = Draft(year, agency.strip(), last=last)
    if last is not None:
        _carry(draft, last)
    return draft


def _last_year(previous: Report) -> LastYear:
    ext = previous.extraction
    if previous.status == "unreadable" or ext is None:
        raise StartError(f"上年报告无法读取：{previous.error or '文件无法读取'}；请另选上年报告，或从空白开始。")
    last = LastYear(previous.file, ext.meta.year, ext.meta.agency, ext.template)
    unreadable: list[str] = []
    for key in ("t2", "t3", "t4"):
        table = ext.tables.get(key)
        if table is None:
            last.unmapped.append(f"上年报告中没有读到{TEMPLATE_2021.table(key).name}")
            continue
        version = ext.table_versions.get(key, ext.template) or "2021"
        spec = template_for(version).table(key)
        pairs = ROWS_2019_TO_2021[key] if version == "2019" else tuple((r, r) for r in spec.row_keys)
        mapped_rows = set()
        for old_row, new_row in pairs:
            cells = table.rows.get(old_row)
            if cells is None or not spec.has_row(old_row):
                continue
            mapped_rows.add(new_row)
            old_cols = [c.key for c in spec.row(old_row).columns]
            for col in TEMPLATE_2021.table(key).row(new_row).columns:
                if col.key not in old_cols or old_cols.index(col.key) >= len(cells):
                    continue
                cell = cells[old_cols.index(col.key)]
                if cell.known:
                    last.values[(key, new_row, col.key)] = cell.number
                elif (key, new_row) in _USED:
                    unreadable.append(cell_label(template_for(version), key, old_row, col.key))
        if version == "2019":
            missing = [r for r in TEMPLATE_2021.table(key).rows if r.key not in mapped_rows]
            if missing:
                names = "、".join(f"“{r.label}”" for r in missing)
                last.unmapped.append(f"上年报告是 2019 年试行格式，{TEMPLATE_2021.table(key).name}的{names}"
                                     "在该格式中没有对应栏目，本年请直接填写")
    if unreadable:
        last.unmapped.append("上年报告中这些单元格未能可靠读出，没有沿用：" + "、".join(unreadable) + "；请对照上年报告手工填写")
    return last


# The rows of last year the draft builds on: what it carries, and the base of the stock.
_USED = {("t3", "carry_next"), ("t2", "regulations"), ("t2", "normative_docs")}


def _carry(draft: Draft, last: LastYear) -> None:
    """表三 二、上年结转 = last year's 四、结转下年度继续办理, column by column."""
    for col in TEMPLATE_2021.t3.row("carried").columns:
        value = last.value(("t3", "carry_next", col.key))
        if value is not None:
            draft.set(("t3", "carried", col.key), value, "carried")


def carried_refs() -> list[Ref]:
    return [("t3", "carried", c.key) for c in TEMPLATE_2021.t3.row("carried").columns]
