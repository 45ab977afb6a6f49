"""Findings about what is absent, when the reader lost part of the document.

A page whose compressed content is damaged (core/readers/pdf.py) is read as empty: the
section headings, table rows and title that were printed on it are then "missing" — but
only the reader knows they were lost, not that the report lacks them. Doubt is not an
error: those findings become warnings that name the lost page. One root cause, one
finding would be better still, but which headings the page held cannot be known.
"""

from __future__ import annotations

import dataclasses
import re

from core.model import Extraction, Finding

# Findings that say something is not there.
_ABSENCE_RULES = {"S-SECTIONS", "S-ROWS", "S-TABLES", "S-EXTRA", "M-YEAR", "M-PERIOD", "M-AGENCY"}
# A PDF page whose content did not inflate (core/producers/pdf/lost.py), or a page image the
# OCR failed on (core/producers/ocr/contained.py): either way its content is lost.
_DAMAGED = re.compile(r"((?:第\d+页、?)+(?:已损坏|的图像识别出错))，未能读出")


def lost_pages(ext: Extraction) -> str | None:
    for note in ext.notes:
        m = _DAMAGED.search(note.message)
        if m:
            return m.group(1)
    return None


def soften_absences(ext: Extraction, findings: list[Finding]) -> list[Finding]:
    where = lost_pages(ext)
    if where is None:
        return findings
    out = []
    for f in findings:
        if f.rule in _ABSENCE_RULES and f.severity == "error":
            f = dataclasses.replace(f, severity="warning",
                                    message=f"{f.message.rstrip('。')}（{where}，未能读出，缺少的内容可能在该页，请对照原件核对）。")
        out.append(f)
    return out
