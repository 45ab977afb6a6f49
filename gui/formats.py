"""The input formats as the window names them, declared once: the label beside a report's
name and the sentence that says what can be opened. Every label is Chinese: a format key such
as "image" never reaches the screen (tests/test_gui_papercuts.py checks)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Formats", text)


def format_label(fmt: str | None, scanned: bool = False) -> str:
    """"Word 文档", "扫描图片" …; ``scanned``: the text was read by OCR (a PDF without a text
    layer). A format this list does not know yet is "其他格式"."""
    if scanned and fmt == "pdf":
        return _t("扫描版 PDF")
    labels = {
        "pdf": _t("PDF 文件"),
        "docx": _t("Word 文档"),
        "xlsx": _t("Excel 表格"),
        "html": _t("网页"),
        "txt": _t("文本文件"),
        "image": _t("扫描图片"),
        "doc": _t("旧版 Word/WPS 文字"),
        "xls": _t("旧版 Excel/WPS 表格"),
        "ofd": _t("OFD 版式文件"),
        "draft": _t("年报草稿"),  # 新建年度报告 (gui/new_report.py)
    }
    return labels.get(fmt or "", _t("其他格式"))


# Formats whose file is never written back (core/export writes .docx and .xlsx only).
NO_WRITE_BACK = ("doc", "xls", "ofd")


def no_write_back_note() -> str:
    """Said when such a report opens: what the clerk gets instead of a corrected original."""
    return _t("旧版 .doc/.wps/.xls/.et 和 OFD 文件不能直接改写：改好后请用“导出修正后的 Excel”，"
              "或“文件 → 导出表格 (Word)”得到官方格式的表二、表三、表四。")


def supported_formats() -> str:
    """What the window reads, for the drop zone and the batch view's "nothing found"."""
    return _t("PDF、OFD、Word 和 WPS 文字（.docx、.doc、.wps）、Excel 和 WPS 表格（.xlsx、.xls、.et）、网页（.html）、文本（.txt），"
              "以及扫描件和图片（.jpg、.png、.tif）")
