"""What the checker writes back: each module is named for what it writes.

``content`` is the one model of what changed and why (the corrected cells, their reasons,
the prose); every writer takes its changes from it. ``files`` checks the target and writes
atomically for all of them.

- ``workbook`` (drawn by ``workbook_sheets``): the corrected Excel workbook of our own layout;
  ``marks`` names the sheets and the property that identify it.
- ``docx_writeback`` (XML edits in ``docx_revisions``): the clerk's own .docx with the
  corrections as Word tracked changes and comments.
- ``xlsx_writeback`` (comments by ``xlsx_comments``): the clerk's own .xlsx changed in place.
- ``word_tables``: tables 二/三/四 in the official layout as a new .docx (non-Word sources).
- ``review_letter``: the supervisor's 审核意见 per report, or a folder of them.
- ``summary`` (合计 per year from ``summary_totals``, drawn by ``summary_years``; 图表 by ``summary_charts``; printing set by ``summary_print``; 报送台账/整改情况 by ``summary_desk``): the batch
  summary workbook or CSV.
- ``docx_writer``: the small writer of new .docx files the letter and the tables use.
"""
