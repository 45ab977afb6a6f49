"""What the checker writes back: each module is named for what it writes.

``content`` is the one model of what changed and why (the corrected cells, their reasons,
the prose); ``workbook`` writes the corrected Excel file from it (drawn by
``workbook_sheets``); ``marks`` names the sheets and the property that identify our own
exports; ``summary`` writes the batch summary workbook or CSV.
"""
