"""Extraction → findings. Pure functions of the extracted values, cheap enough to re-run on
every edit in the window."""

from __future__ import annotations

from core.model import Extraction, Finding, review_rank
from core.rules.damage import soften_absences
from core.rules.arithmetic import check_identities, check_values
from core.rules.copies import check_copies
from core.rules.organ import check_organ
from core.rules.prose import check_meta, check_text
from core.rules.reading import check_reading, drop_doubtful, soften_ocr
from core.rules.settled import open_notes
from core.rules.split_cells import check_split_cells
from core.rules.structure import check_structure

_TABLE_ORDER = {"t2": 0, "t3": 1, "t4": 2, "meta": 3, "text": 4}


def run_rules(ext: Extraction) -> list[Finding]:
    findings = open_notes(ext)  # less the notes a person settled in the window
    findings += check_copies(ext)  # right after the reading notes: the order a reviewer has always seen
    findings += check_structure(ext)
    findings += check_identities(ext)
    findings += check_split_cells(ext)
    findings += check_values(ext)
    findings += check_organ(ext)
    findings += check_meta(ext)
    findings += check_text(ext)
    findings = soften_absences(ext, findings)
    findings = drop_doubtful(findings, ext) + check_reading(ext)
    findings = soften_ocr(findings, ext)
    # As a reviewer reads them (core.model.review_rank), then table by table.
    findings.sort(key=lambda f: (review_rank(f), _TABLE_ORDER.get(f.cells[0][0] if f.cells else "text", 5)))
    return findings
