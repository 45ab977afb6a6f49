"""Custom item data roles: what a cell is and what the checker thinks of it, kept beside
the value so highlighting never touches the data."""

from PySide6.QtCore import Qt

_BASE = int(Qt.ItemDataRole.UserRole)

KindRole = _BASE + 1  # "caption" / "header" / "label" / "value" / None (covered by a span)
CellRefRole = _BASE + 2  # (table, row_key, col_key) of a value cell
StateRole = _BASE + 3  # CellValue.state, "missing" when the reader has no cell
SeverityRole = _BASE + 4  # worst severity of the findings on the cell, or None
FindingsRole = _BASE + 5  # list[Finding] on the cell
CulpritRole = _BASE + 6  # True when some finding names this cell as the likely culprit
FixRole = _BASE + 7  # the suggested value for a culprit cell, or None
EditedRole = _BASE + 8  # True when the value differs from the printed one
PrintedRole = _BASE + 9  # the printed value (display text) of an edited cell
ColumnRole = _BASE + 10  # core.template.Column of a value cell (decimal / signed)
FindingRole = _BASE + 11  # findings model: the Finding of a row
SortRole = _BASE + 12  # findings model: sort key
DismissedRole = _BASE + 40  # findings model: the core.dismissals.Dismissal of a row, or None
MarkRole = _BASE + 13  # grid: "culprit" / "strong" (the finding points here) / "involved" (faintly) / None
# 新建年度报告 (gui/new_report.py): the value a draft cell is expected to hold (carried from
# last year, the stock, a total) as (value, why), and where the value came from
# ("carried" / "typed" / "suggested"); None outside a draft.
ExpectedRole = _BASE + 41
OriginRole = _BASE + 42
DoubtRole = _BASE + 14  # grid: True when the value is not yet settled by a person (OCR doubt, unread, a reading note)
