"""The engine's front door, shared by the CLI, the window, the batch and the export:
file → reader → extraction → rules → Report."""

from __future__ import annotations

import logging
import os

from core.document import Document, ReadError
from core.extract import extract
from core.model import Extraction, Finding, Report
from core.readers import Progress, read_document
from core.rules import run_rules
from core.trust import apply_trust

log = logging.getLogger(__name__)


NOT_A_REPORT = "文件中没有找到政府信息公开工作年度报告的内容；请确认选对了文件。"
# Words any annual report prints in its title, its headings or its tables (template.md).
_REPORT_WORDS = ("政府信息公开", "信息公开", "主动公开", "依申请", "行政复议", "行政诉讼", "本年新收", "年度报告")


def looks_like_report(document: Document, extraction: Extraction) -> bool:
    """A readable text with no report title, no section heading, no table and none of the
    words every report prints is not a report (a note, a letter): refused before the grid
    shows it as "4 个错误"."""
    if document.format not in ("txt", "html"):
        return True  # a PDF, Word or Excel file was made as a document: let the rules judge it
    meta = extraction.meta
    if meta.title or meta.sections or meta.headings_by_words or extraction.tables:
        return True
    text = document.source_text or ""
    return any(word in text for word in _REPORT_WORDS)


def check_extraction(extraction: Extraction) -> list[Finding]:
    """Re-run every rule on (possibly edited) values."""
    return run_rules(extraction)


def build_report(path: str, document: Document, extraction: Extraction) -> Report:
    findings = check_extraction(extraction)
    # Info-level remarks alone do not make a report "have findings".
    status = "findings" if any(f.severity != "info" for f in findings) else "ok"
    return Report(path, document.format, status, None, extraction, findings, document, ocr=document.ocr is not None)


def check_file(path: str | os.PathLike[str], progress: Progress | None = None) -> Report:
    """Never raises for a bad file: an unreadable one gives status "unreadable" with a
    Chinese explanation in ``error``. ``progress(done, total)`` is called between the pages
    of a PDF; it may raise ``core.readers.Cancelled`` to stop (the report is then unreadable
    with the message 已取消读取)."""
    name = os.fspath(path)
    try:
        document = read_document(name, progress)
    except ReadError as exc:
        return Report(name, None, "unreadable", exc.message)
    try:
        extraction = extract(document)
        if not looks_like_report(document, extraction):
            return Report(name, document.format, "unreadable", NOT_A_REPORT)
        if document.ocr is not None:
            apply_trust(document, extraction)  # doubtful OCR cells re-read or marked uncertain
            extraction.ocr_pages = set(document.ocr.pages)
        return build_report(name, document, extraction)
    except Exception:  # noqa: BLE001 — a bug of ours must not cost the user the batch
        log.exception("extraction failed for %s", name)
        return Report(name, document.format, "unreadable",
                      "识别表格时出现内部错误，本文件未能检查；请把该文件发给维护人员，其他文件不受影响。", document=document)
