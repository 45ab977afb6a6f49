"""Colours that carry meaning (severity, missing, edited), in one place so the grid, the
findings panel and the source highlights agree."""

from __future__ import annotations

from PySide6.QtGui import QColor

SEVERITY_BACKGROUND = {
    "error": QColor("#f6c4c4"),
    "warning": QColor("#fbe3a6"),
    "info": QColor("#d3e4f6"),
}
# Cells a finding only involves (the other terms of a sum whose culprit is elsewhere).
SEVERITY_FAINT = {
    "error": QColor("#fbe5e5"),
    "warning": QColor("#fdf3d8"),
    "info": QColor("#eaf2fb"),
}
SEVERITY_STRONG = {
    "error": QColor("#c62828"),
    "warning": QColor("#b7791f"),
    "info": QColor("#1f5fa8"),
}
# A finding the clerk checked and dismissed ("已核实，无需修改"): still listed, greyed.
DISMISSED_TEXT = QColor("#6b7280")
DISMISSED_BACKGROUND = QColor("#e5e7eb")
CULPRIT_BACKGROUND = QColor("#ee8f8f")
HEADER_BACKGROUND = QColor("#eef1f5")
CAPTION_BACKGROUND = QColor("#e2e7ee")
LABEL_BACKGROUND = QColor("#fafbfc")
MISSING_HATCH = QColor(110, 110, 110, 120)
BLANK_TEXT = QColor("#9a9a9a")
TEXT_CELL = QColor("#8b1a1a")
EDITED_MARK = QColor("#1f6fd1")
# Cells read by OCR (scans, pictures): a faint blue-grey text; still in doubt: amber.
OCR_TEXT = QColor("#2f4b6e")
UNCERTAIN_BACKGROUND = QColor("#ffd27a")
SOURCE_HIGHLIGHT = QColor(255, 214, 0, 110)
SOURCE_HIGHLIGHT_BORDER = QColor("#e0a800")
# 新建年度报告: a value carried over from last year's report; an expected value not (yet) held.
CARRIED_MARK = QColor("#2e7d32")
EXPECTED_TEXT = QColor("#5b7083")
