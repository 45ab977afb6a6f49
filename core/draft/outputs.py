"""Every file a draft writes, each checked first and written atomically (core/export/files.py):
the draft itself, the report in the official layout (.docx), the clerk's copy of the official
template filled in place (.docx), and the tables as the corrected-Excel workbook (.xlsx)."""

from __future__ import annotations

import os
from pathlib import Path

from core.draft.compose import compose
from core.draft.fill_template import TemplateError, default_template, fill_template
from core.draft.live import draft_report
from core.draft_file import SUFFIX, Draft
from core.export.docx_writer import write_docx
from core.export.files import ExportError, check_target, write_atomically
from core.export.leftovers import write_bytes
from core.export.workbook import write_corrected_workbook
from core.model import CellRef


def save_draft(draft: Draft, target: str | os.PathLike[str]) -> Path:
    """Write the draft file (whole or not at all). Raises ExportError only."""
    path = check_target("", target, SUFFIX)
    data = draft.dumps().encode("utf-8")
    return write_atomically(path, lambda tmp: write_bytes(Path(tmp), data), "草稿文件")


def write_report_docx(draft: Draft, target: str | os.PathLike[str], source: str = "") -> list[CellRef]:
    """The report in the official layout with the drafted sentences highlighted. Returns the
    table cells left empty (not filled in the draft)."""
    path = check_target(source, target, ".docx")
    empty: list[CellRef] = []
    document = compose(draft, drafted=True, left_empty=empty)
    write_atomically(path, lambda tmp: write_docx(document, tmp), "Word 文件")
    return empty


def write_filled_template(draft: Draft, target: str | os.PathLike[str], template: str | os.PathLike[str] | None = None,
                          source: str = "") -> int:
    """The official template (the clerk's own copy, or the one shipped) filled in place.
    Returns the number of cells filled."""
    template_path = Path(template) if template is not None else default_template()
    path = check_target(str(template_path), target, ".docx")
    if source:
        check_target(source, target, ".docx")
    try:
        data = template_path.read_bytes()
    except OSError as exc:
        raise ExportError(f"找不到或无法读取模板文件“{template_path.name}”；请确认模板文件的位置。") from exc
    filled = 0

    def write(tmp: str) -> None:
        nonlocal filled
        try:
            filled = fill_template(draft, data, tmp)
        except TemplateError as exc:
            raise ExportError(exc.message) from exc

    write_atomically(path, write, "Word 文件")
    return filled


def write_tables_xlsx(draft: Draft, target: str | os.PathLike[str], source: str = "") -> Path:
    """The three tables in the corrected-Excel layout (the checker's own workbook), with the
    draft's findings listed beside them."""
    report = draft_report(draft, source)
    return write_corrected_workbook(report, target)

