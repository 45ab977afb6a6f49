"""新建年度报告: this year's report started from last year's (or blank), filled in a draft of
our own format, checked live by the same rules, written out as the report the clerk publishes.

- ``model``: the draft and its file format (``.nbdraft``);
- ``start``: a draft from last year's report (any readable format) or blank;
- ``tables``: the draft as the checker's Extraction and back;
- ``live``: the draft's check, last year's figures for the cross-year rules, expected values;
- ``outline``: the report's words in official order (shared with ``core/readers/draft.py``);
- ``compose`` / ``fill_template`` / ``outputs``: the Word report, the filled official template,
  the Excel tables, the draft file.

Sits at the export layer: it uses the template, extraction, rules and exporters, never Qt.
"""
