"""The engine's front door, shared by the CLI, the window, the batch and the export:
file → reader → extraction → rules → Report."""

from __future__ import annotations

import logging
import os

from core.document import Document, ReadError
from core.extract import extract
from core.hidden_layer import settle_hidden_layer
from core.kind import not_report_kind, not_report_message
from core.model import Extraction, Finding, Report
from core.readers import Progress, read_document
from core.rules import run_rules
from core.trust import apply_trust

log = logging.getLogger(__name__)


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
    Chinese explanation in ``error``, a readable file that is no annual report "not_report". ``progress(done, total)`` is called between the pages
    of a PDF; it may raise ``core.readers.Cancelled`` to stop (the report is then unreadable
    with the message 已取消读取)."""
    name = os.fspath(path)
    try:
        document = read_document(name, progress)
    except ReadError as exc:
        return Report(name, None, "unreadable", exc.message)
    try:
        extraction = extract(document)
        # Scanned pages read from the scanner's hidden OCR text: read by ours where theirs
        # does not read as the report's tables (core/hidden_layer.py).
        document, extraction = settle_hidden_layer(name, document, extraction, progress)
        kind = not_report_kind(document, extraction)
        if kind is not None:
            # A notice, a cover letter, a 公文 (core/kind.py): its own status — no findings, no
            # letter, not in the counts or the 合计. A report missing its tables goes on.
            return Report(name, document.format, "not_report", not_report_message(kind), document=document)
        if document.ocr is not None:
            apply_trust(document, extraction)  # doubtful OCR cells re-read or marked uncertain
            extraction.ocr_pages = set(document.ocr.pages)
        return build_report(name, document, extraction)
    except ReadError as exc:  # cancelled while the scan's pages were read again
        return Report(name, document.format, "unreadable", exc.message)
    except Exception:  # noqa: BLE001 — a bug of ours must not cost the user the batch
        log.exception("extraction failed for %s", name)
        return Report(name, document.format, "unreadable",
                      "识别表格时出现内部错误，本文件未能检查；请把该文件发给维护人员，其他文件不受影响。", document=document)
