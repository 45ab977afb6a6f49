"""What marks a workbook as this program's own export, shared by the writer and the XLSX
reader: re-checking an exported workbook must read the report's tables and prose, not the
findings and change log the export added beside them."""

from __future__ import annotations

# Sheets holding this program's output (findings, change log), never report content.
APP_SHEETS = ("检查结果", "修改记录")
# The report's own prose, which a re-check reads like any report text.
PROSE_SHEET = "原文"
# Custom document property (docProps/custom.xml) the export sets. A user's own workbook
# may well have a sheet called 检查结果, so the sheet names alone are not enough.
EXPORT_MARK = ("年报校验导出", "1")
