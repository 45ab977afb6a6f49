"""What marks a workbook as this program's own output, shared by the writers (core/export)
and what reads files back (the XLSX reader, extraction, the batch's file collection):
re-checking an exported workbook must read the report's tables and prose, not the findings
and change log the export added beside them, and a batch summary is not a report."""

from __future__ import annotations

# Sheets holding this program's output (findings, change log), never report content.
APP_SHEETS = ("检查结果", "修改记录")
# The report's own prose, which a re-check reads like any report text.
PROSE_SHEET = "原文"
# Custom document property (docProps/custom.xml) the export sets. A user's own workbook
# may well have a sheet called 检查结果, so the sheet names alone are not enough.
EXPORT_MARK = ("年报校验导出", "1")
# Custom document property marking a workbook as this program's batch summary: a folder
# checked again must not take last time's summary for a report (core/batch/files.py skips it).
SUMMARY_MARK = ("年报校验汇总", "1")
