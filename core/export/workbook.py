"""The corrected Excel workbook: the clerk's deliverable (paste from it, print it for
sign-off, send it to the supervisor).

``write_corrected_workbook`` decides the content (``core.export.content``), draws it
(``core.export.workbook_sheets``) into a temporary file beside the target and moves it over the
target in one step (``core.export.files``), so an existing file is either replaced whole or
left as it was, and nothing half-written is ever left behind.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from collections.abc import Mapping, Sequence

from core.dismissals import Dismissal
from core.export.content import build_content
from core.export.leftovers import write_bytes
from core.export.files import ExportError, check_target, write_atomically
from core.export.workbook_sheets import write_workbook
from core.model import Extraction, Finding, Report

__all__ = ["ExportError", "write_corrected_workbook"]


def write_corrected_workbook(report: Report, target: str | os.PathLike[str], edited: Extraction | None = None,
                             extra_findings: Sequence[Finding] = (),
                             dismissals: Mapping[str, Dismissal] | None = None) -> Path:
    """Write the checked report, with the user's edits (``edited``; None = as printed), to
    ``target`` (.xlsx). ``extra_findings`` are findings the rules on the tables alone cannot
    make (the comparison with last year's report) to list in 检查结果 too. ``dismissals``
    (keyed by ``core.dismissals.finding_key``) are the findings the clerk checked and left as
    printed: 检查结果 lists them apart with the reason given. Returns the path written.
    Raises ``ExportError`` only."""
    if report.extraction is None:
        raise ExportError("该文件未能读取，没有可导出的表格；请先解决读取问题再导出。")
    path = check_target(report.file, target, ".xlsx")
    try:
        content = build_content(report, edited, extra_findings, dismissals)
    except Exception as exc:  # noqa: BLE001 — a bug of ours must surface as a sentence, not a traceback
        raise ExportError("整理导出内容时出现内部错误，未写入任何文件；请把原报告发给维护人员。") from exc
    return write_atomically(path, lambda tmp: _write_in_memory(content, tmp), "Excel 文件")


def _write_in_memory(content, tmp: str) -> None:  # type: ignore[no-untyped-def]
    # Drawn in memory, written in one go: a full disk is an OSError here, never an
    # "Exception ignored in ZipFile.__del__" from a half-written zip.
    buffer = io.BytesIO()
    write_workbook(content, buffer)
    write_bytes(Path(tmp), buffer.getvalue())
