"""新建年度报告: this year's report started from last year's (or blank), filled in a draft of
our own format, checked live by the same rules, written out as the report the clerk publishes.

- ``start``: a draft from last year's report (any readable format) or blank;
- ``tables``: the draft as the checker's Extraction and back;
- ``live``: the draft's check, last year's figures for the cross-year rules, expected values;
- ``compose`` / ``fill_template`` / ``outputs``: the Word report, the filled official template,
  the Excel tables, the draft file.

The draft and its file format (``.nbdraft``) and the report's words in official order live
below, in ``core/draft_file.py``, because the draft reader (``core/readers/draft.py``) needs
them. This package sits above export (.importlinter): it uses the template, readers,
extraction, rules, the batch's cross-year rules and the exporters, never Qt.
"""
