"""Drawing the corrected workbook with XlsxWriter: one sheet per table in the official layout
(workbook_grid.py), then 检查结果 and 修改记录 (workbook_lists.py) and 原文 (workbook_prose.py),
in the look of workbook_style.py.

XlsxWriter rather than openpyxl because it stores a formula together with its computed
value (``write_formula(..., value=...)``): Excel and WPS keep the totals live, and programs
that do not recalculate (pandas, our own reader, file previews) still see the numbers.

Sheet order matters to a re-check of the workbook: the title row comes first (agency and
year), the prose comes last (so section 六 ends where the report ends and the signature is
the last thing read), and the table sheets carry no section numerals of their own.
"""

from __future__ import annotations

from typing import IO

import xlsxwriter

from core.export.content import WorkbookContent
from core.export.workbook_grid import table_sheet
from core.export.workbook_lists import changes_sheet, findings_sheet
from core.export.workbook_prose import prose_sheet
from core.export.workbook_style import formats
from core.marks import EXPORT_MARK


def write_workbook(content: WorkbookContent, path: str | IO[bytes]) -> None:
    # in_memory: no part files in the system temp folder (a killed export left dozens).
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
                                    "in_memory": True})
    try:
        wb.set_properties({"title": content.title, "subject": "政府信息公开工作年度报告（校正后）", "author": "年报校验",
                           "comments": "由年报校验导出"})
        wb.set_custom_property(*EXPORT_MARK)
        fmt = formats(wb)
        positions = {key: table_sheet(wb, fmt, content, key) for key in ("t2", "t3", "t4")}
        findings_sheet(wb, fmt, content)
        changes_sheet(wb, fmt, content)
        prose_sheet(wb, fmt, content, positions)
    finally:
        wb.close()
